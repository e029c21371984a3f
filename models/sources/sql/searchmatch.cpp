#include "searchmatch.h"

#include "sqldialect.h"
#include "upstreamjson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace SearchMatch {
namespace {

constexpr char Hex[] = "0123456789abcdef";

QString unicodeEscape(char16_t c)
{
    QString out = QStringLiteral("\\u");
    for (int shift : {12, 8, 4, 0})
        out += QLatin1Char(Hex[(c >> shift) & 0xF]);
    return out;
}

// A letter outside ASCII whose upper and lower case differ: Python writes
// it as \uXXXX, so its other case is another escape, not a case of this one.
bool caseVariant(QChar c)
{
    return c.unicode() > 0x7E && c.toLower() != c.toUpper();
}

// The term as it appears inside a JSON string: Python's ensure_ascii form
// escapes non-ASCII as \uXXXX; Postgres keeps UTF-8. `piece` receives each
// character's text; for letters whose case Python hides in an escape, the
// caller gets both escapes.
template<typename Piece>
void jsonEscape(const QString &term, bool asciiOnly, Piece piece)
{
    for (QChar qc : term) {
        const char16_t c = qc.unicode();
        switch (c) {
        case u'"':
            piece(QStringLiteral("\\\""), QString());
            continue;
        case u'\\':
            piece(QStringLiteral("\\\\"), QString());
            continue;
        case u'\n':
            piece(QStringLiteral("\\n"), QString());
            continue;
        case u'\r':
            piece(QStringLiteral("\\r"), QString());
            continue;
        case u'\t':
            piece(QStringLiteral("\\t"), QString());
            continue;
        default:
            break;
        }
        if (c < 0x20 || (asciiOnly && c > 0x7E)) {
            const bool variant = asciiOnly && caseVariant(qc);
            const QChar lower = qc.toLower(), upper = qc.toUpper();
            piece(unicodeEscape(variant ? lower.unicode() : c),
                  variant ? unicodeEscape(upper.unicode()) : QString());
        } else {
            piece(QString(qc), QString());
        }
    }
}

// Every character that is not a letter or digit is escaped: in an ARE, a
// backslash before a non-alphanumeric character always means that character.
QString regexEscaped(const QString &text)
{
    QString out;
    for (QChar c : text) {
        if (!c.isLetterOrNumber())
            out += u'\\';
        out += c;
    }
    return out;
}

QString valueRegex(const QString &term, bool asciiOnly)
{
    QString escaped;
    jsonEscape(term, asciiOnly, [&](const QString &one, const QString &otherCase) {
        escaped +=
            otherCase.isEmpty()
                ? regexEscaped(one)
                : QStringLiteral("(?:%1|%2)").arg(regexEscaped(one), regexEscaped(otherCase));
    });
    // A string (its characters or escapes) holding the term, closed by a
    // quote that a comma, bracket or brace follows: a value, not a key.
    const QString inString = QStringLiteral("(?:[^\"\\\\]|\\\\.)*");
    return u'"' + inString + escaped + inString + QStringLiteral("\"(?=\\s*[,\\]}])");
}

// A pre-filter for the regex: the escaped term, with any letter whose case
// hides in an escape left as a wildcard.
QString likeFilter(const QString &term, bool asciiOnly)
{
    QString pattern = QStringLiteral("%");
    jsonEscape(term, asciiOnly, [&](const QString &one, const QString &otherCase) {
        pattern += otherCase.isEmpty() ? SqlDialect::escapeLike(one) : QStringLiteral("%");
    });
    return pattern + u'%';
}

bool anyValueContains(const QJsonValue &v, const QString &term)
{
    switch (v.type()) {
    case QJsonValue::String:
        return containsCaseInsensitive(v.toString(), term);
    case QJsonValue::Array:
        for (const QJsonValue &item : v.toArray()) {
            if (anyValueContains(item, term))
                return true;
        }
        return false;
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (anyValueContains(it.value(), term))
                return true;
        }
        return false;
    }
    default:
        return false;
    }
}

// ASCII letters, digits and punctuation other than quote and backslash
// appear verbatim in any stored form of a string holding them, so a column
// that lacks them (ignoring ASCII case) cannot match: a cheap pre-filter.
bool plainAscii(const QString &term)
{
    for (QChar c : term) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7E || c == u'"' || c == u'\\')
            return false;
    }
    return true;
}

QString textArgument(sqlite3_value *value)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(value));
    return text ? QString::fromUtf8(text, sqlite3_value_bytes(value)) : QString();
}

void sqliteContains(sqlite3_context *context, int, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_int(context, 0);
        return;
    }
    sqlite3_result_int(context,
                       containsCaseInsensitive(textArgument(argv[0]), textArgument(argv[1])));
}

void sqliteJsonContains(sqlite3_context *context, int, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_int(context, 0);
        return;
    }
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const QByteArray column(text, sqlite3_value_bytes(argv[0]));
    sqlite3_result_int(context, jsonValuesContain(column, textArgument(argv[1])));
}

} // namespace

QString pythonJsonLike(const QString &term)
{
    return likeFilter(term, true);
}

QString pythonJsonRegex(const QString &term)
{
    return valueRegex(term, true);
}

QString jsonbTextLike(const QString &term)
{
    return likeFilter(term, false);
}

QString jsonbTextRegex(const QString &term)
{
    return valueRegex(term, false);
}

bool containsCaseInsensitive(const QString &text, const QString &term)
{
    return text.contains(term, Qt::CaseInsensitive);
}

bool jsonValuesContain(const QByteArray &columnText, const QString &term)
{
    if (columnText.isEmpty() || term.isEmpty())
        return false;
    if (plainAscii(term)) {
        const QByteArray needle = term.toLatin1().toLower();
        if (!columnText.toLower().contains(needle))
            return false;
    }
    // A column that is not JSON has no values to search; its row is found
    // by its seller name only, as on Postgres.
    const UpstreamJson::Decoded d = UpstreamJson::decodeColumn(columnText);
    return d.ok() && anyValueContains(d.value, term);
}

bool installSqliteFunctions(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return false;
    sqlite3 *sqlite = *static_cast<sqlite3 *const *>(handle.data());
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    return sqlite3_create_function_v2(sqlite, "sh_contains", 2, flags, nullptr, &sqliteContains,
                                      nullptr, nullptr, nullptr) == SQLITE_OK &&
           sqlite3_create_function_v2(sqlite, "sh_json_contains", 2, flags, nullptr,
                                      &sqliteJsonContains, nullptr, nullptr, nullptr) == SQLITE_OK;
}

} // namespace SearchMatch
