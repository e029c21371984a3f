#!/usr/bin/env bash
# check-deb.sh CPACK BUILD_DIR VERSION APP_ID
# Packs the build with `cpack -G DEB` into a temporary directory (the build
# directory's own package output is left alone), extracts the .deb and checks
# its contents, the manual page with check-manpage.sh.
set -euo pipefail

cpack="$1" build="$2" version="$3" id="$4"

fail() { echo "FAIL: $*" >&2; exit 1; }

missing=()
for tool in dpkg-deb dpkg-shlibdeps file desktop-file-validate appstreamcli groff; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
((${#missing[@]} == 0)) || fail "missing tools: ${missing[*]} (install dpkg-dev file desktop-file-utils appstream groff-base, or run packaging/dev/bootstrap test)"

work="$(mktemp -d "${TMPDIR:-/tmp}/seller-history-deb.XXXXXX")"
trap 'rm -rf "$work"' EXIT

"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log" >&2; fail "cpack -G DEB failed"; }

deb="$work/out/seller-history_${version}_amd64.deb"
[[ -f "$deb" ]] || { ls -l "$work/out" >&2; fail "no package named $(basename "$deb")"; }

echo "== control"
dpkg-deb -f "$deb" Package Version Architecture Maintainer Section Depends
depends="$(dpkg-deb -f "$deb" Depends)"
for dep in libqt6sql6-sqlite libqt6sql6-psql libqt6svg6 libqt6core6 libqt6widgets6 libpq5 libsqlite3-0 libc6; do
    [[ ", $depends," == *", $dep"[\ ,]* ]] || fail "Depends lacks $dep: $depends"
done
[[ "$(dpkg-deb -f "$deb" Version)" == "$version" ]] || fail "package version is not $version"

root="$work/root"
dpkg-deb -x "$deb" "$root"

echo "== files"
expected=(
    usr/bin/seller-history
    "usr/share/applications/$id.desktop"
    "usr/share/metainfo/$id.metainfo.xml"
    "usr/share/icons/hicolor/scalable/apps/$id.svg"
    "usr/share/icons/hicolor/48x48/apps/$id.png"
    "usr/share/icons/hicolor/128x128/apps/$id.png"
    "usr/share/icons/hicolor/256x256/apps/$id.png"
    usr/share/man/man1/seller-history.1.gz
)
for f in "${expected[@]}"; do
    [[ -s "$root/$f" ]] || fail "package lacks /$f"
    echo "/$f"
done
[[ -x "$root/usr/bin/seller-history" ]] || fail "/usr/bin/seller-history is not executable"

echo "== seller-history --version"
out="$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/seller-history" --version 2>&1)" \
    || fail "seller-history --version exited non-zero: $out"
echo "$out"
[[ "$out" == *"$version"* ]] || fail "--version does not print $version"

echo "== desktop-file-validate"
desktop-file-validate "$root/usr/share/applications/$id.desktop" || fail "desktop-file-validate"
grep -qx "Icon=$id" "$root/usr/share/applications/$id.desktop" || fail "desktop file Icon is not $id"

echo "== appstreamcli validate --no-net"
appstreamcli validate --no-net "$root/usr/share/metainfo/$id.metainfo.xml" \
    || fail "appstreamcli validate"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" \
    "$root/usr/share/metainfo/$id.metainfo.xml" || fail "metainfo launchable is not $id.desktop"
grep -q "<release version=\"$version\"" "$root/usr/share/metainfo/$id.metainfo.xml" \
    || fail "metainfo has no release $version"

echo "== manual page"
man="$root/usr/share/man/man1/seller-history.1.gz"
gzip -t "$man" || fail "/usr/share/man/man1/seller-history.1.gz is not valid gzip"
# gzip -9n: no file name (flags 00), no time stamp (00000000), best
# compression (extra flags 02); what Debian policy and lintian ask.
header="$(od -An -tx1 -N9 "$man" | tr -d ' \n')"
[[ "$header" == "1f8b08000000000002" ]] \
    || fail "the manual page is not compressed with gzip -9n (header $header)"
bash "$(dirname "${BASH_SOURCE[0]}")/check-manpage.sh" "$root/usr/bin/seller-history" "$man" \
    || fail "the installed manual page does not match the installed program"

echo "PASS"
