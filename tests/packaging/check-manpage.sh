#!/usr/bin/env bash
# check-manpage.sh BINARY PAGE
# Checks the manual page PAGE (roff, plain or gzip-compressed) against the
# program BINARY, so the page cannot drift from the code:
#   - groff renders it without a single warning (groff -man -Tutf8 -ww -z);
#   - every command that `BINARY --help` lists has a .SS section under
#     COMMANDS, and every .SS section there is such a command;
#   - every option that `BINARY --help` lists as common is an item (.TP tag)
#     of COMMON OPTIONS;
#   - every other --option that `BINARY COMMAND --help` prints is an item of
#     that command's section.
# The page may describe more than the program prints (an option on its way).
set -euo pipefail

bin="$1" page="$2"

fail() { echo "FAIL: $*" >&2; exit 1; }

command -v groff >/dev/null || fail "groff is missing (install groff-base)"
[[ -x "$bin" ]] || fail "no program $bin"
[[ -s "$page" ]] || fail "no manual page $page"

work="$(mktemp -d "${TMPDIR:-/tmp}/seller-history-man.XXXXXX")"
trap 'rm -rf "$work"' EXIT

zcat -f "$page" >"$work/page.1" || fail "cannot read $page"

echo "== groff -man -Tutf8 -ww -z"
warnings="$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$work/page.1" 2>&1)" || true
[[ -z "$warnings" ]] || { echo "$warnings" >&2; fail "groff warns about $page"; }

# The program, kept away from the user's own data and settings.
run() {
    HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" \
        QT_QPA_PLATFORM=offscreen "$bin" "$@"
}

# The items of the page: "SECTION<TAB>TAG" for every .TP tag, where SECTION is
# "COMMANDS/<name>" inside a command's .SS and the .SH title elsewhere, and
# "SS<TAB>COMMANDS/<name>" for every command section. Roff escapes are
# reduced to the text they print (\- to -, font changes dropped).
awk '
function plain(s) {
    gsub(/\\-/, "-", s)
    gsub(/\\f\[[^]]*\]/, "", s); gsub(/\\f\(../, "", s); gsub(/\\f./, "", s)
    gsub(/\\[&%|^]/, "", s); gsub(/\\~/, " ", s)
    if (s ~ /^\./) { sub(/^\.[A-Za-z]+[ \t]*/, "", s); gsub(/"/, "", s) }
    return s
}
/^\.\\"/ { next }
/^\.SH/ { sh = plain($0); ss = ""; tag = 0; next }
/^\.SS/ { ss = plain($0); if (sh == "COMMANDS") print "SS\tCOMMANDS/" ss; tag = 0; next }
/^\.TP/ { tag = 1; next }
tag { print (ss != "" && sh == "COMMANDS" ? "COMMANDS/" ss : sh) "\t" plain($0); tag = 0 }
' "$work/page.1" >"$work/items"

# The long options in the first column of Qt-style help lines ("  -h, --help").
options_in() {
    grep -E '^ +-' | sed -E 's/^ +//; s/ {2,}.*//' | grep -oE -- '--[A-Za-z0-9][A-Za-z0-9-]*' | sort -u
}

# Whether SECTION has an item whose tag names OPTION.
has_item() {
    local section="$1" option="$2"
    awk -F '\t' -v s="$section" '$1 == s { print $2 }' "$work/items" \
        | grep -qE -- "(^|[^A-Za-z0-9-])$option([^A-Za-z0-9-]|\$)"
}

run --help >"$work/help" 2>&1 || fail "seller-history --help exited non-zero: $(cat "$work/help")"

# The command list and the common options of the top-level usage text.
commands=($(sed -n '/^Commands:/,/^$/p' "$work/help" | grep -oE '^  [a-z][a-z0-9-]*' || true))
((${#commands[@]} > 0)) || fail "found no commands in seller-history --help"
common=($(sed -n '/^Options common to all commands:/,/^$/p' "$work/help" | options_in))
((${#common[@]} > 0)) || fail "found no common options in seller-history --help"
# QCommandLineParser::addHelpOption() gives every command --help-all too.
common+=(--help-all)

problems=()
echo "== common options: ${common[*]}"
for option in "${common[@]}"; do
    has_item "COMMON OPTIONS" "$option" \
        || problems+=("seller-history --help lists the common option $option, but COMMON OPTIONS has no item for it")
done

for command in "${commands[@]}"; do
    grep -qx "SS	COMMANDS/$command" "$work/items" \
        || { problems+=("seller-history --help lists the command $command, but COMMANDS has no .SS $command"); continue; }
    run "$command" --help >"$work/help-$command" 2>&1 \
        || { problems+=("seller-history $command --help exited non-zero: $(cat "$work/help-$command")"); continue; }
    options=($(options_in <"$work/help-$command"))
    ((${#options[@]} > 0)) || { problems+=("found no options in seller-history $command --help"); continue; }
    echo "== $command: ${options[*]}"
    for option in "${options[@]}"; do
        if [[ " ${common[*]} " == *" $option "* ]]; then
            has_item "COMMON OPTIONS" "$option" || problems+=("seller-history $command --help prints $option, but COMMON OPTIONS has no item for it")
        else
            has_item "COMMANDS/$command" "$option" || problems+=("seller-history $command --help prints $option, but the $command section has no item for it")
        fi
    done
done

# And no section for a command the program no longer has.
while IFS=$'\t' read -r _ section; do
    name="${section#COMMANDS/}"
    [[ " ${commands[*]} " == *" $name "* ]] \
        || problems+=("the page has a section for the command $name, which seller-history --help does not list")
done < <(grep -E '^SS	' "$work/items")

if ((${#problems[@]})); then
    printf 'FAIL: %s\n' "${problems[@]}" >&2
    exit 1
fi
echo "PASS: the manual page matches the program"
