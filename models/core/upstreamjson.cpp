#include "upstreamjson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace UpstreamJson {
namespace {

constexpr char HexDigits[] = "0123456789abcdef";

void appendUnicodeEscape(QByteArray &out, char16_t unit)
{
    out += "\\u";
    out += HexDigits[(unit >> 12) & 0xF];
    out += HexDigits[(unit >> 8) & 0xF];
    out += HexDigits[(unit >> 4) & 0xF];
    out += HexDigits[unit & 0xF];
}

// Python's json.dumps(ensure_ascii=True) string encoding.
void appendPythonString(QByteArray &out, const QString &s)
{
    out += '"';
    for (QChar qc : s) {
        const char16_t c = qc.unicode();
        switch (c) {
        case u'"':
            out += "\\\"";
            break;
        case u'\\':
            out += "\\\\";
            break;
        case u'\n':
            out += "\\n";
            break;
        case u'\r':
            out += "\\r";
            break;
        case u'\t':
            out += "\\t";
            break;
        case u'\b':
            out += "\\b";
            break;
        case u'\f':
            out += "\\f";
            break;
        default:
            if (c < 0x20 || c > 0x7E)
                appendUnicodeEscape(out, c); // surrogates stay pairs, as Python writes them
            else
                out += char(c);
        }
    }
    out += '"';
}

// Postgres's escape_json: only quote, backslash and control characters.
void appendPostgresString(QByteArray &out, const QByteArray &utf8)
{
    out += '"';
    for (char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (c < 0x20)
                appendUnicodeEscape(out, c);
            else
                out += ch;
        }
    }
    out += '"';
}

QByteArray numberText(double d)
{
    // Integers up to 2^53 are exact in a double and are what upstream writes
    // (counts); anything else gets the shortest text that reads back as the
    // same double, as Python's float repr does ('g' 17 turns 0.1 into
    // 0.10000000000000001).
    if (std::trunc(d) == d && std::abs(d) <= 9007199254740992.0)
        return QByteArray::number(qint64(d));
    return QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
}

enum class Style
{
    Python,
    Postgres
};

void appendValue(QByteArray &out, const QJsonValue &v, Style style);

void appendString(QByteArray &out, const QString &s, Style style)
{
    if (style == Style::Python)
        appendPythonString(out, s);
    else
        appendPostgresString(out, s.toUtf8());
}

void appendMembers(QByteArray &out, const Members &members, Style style)
{
    out += '{';
    bool first = true;
    for (const Member &m : members) {
        if (!first)
            out += ", ";
        first = false;
        appendString(out, m.first, style);
        out += ": ";
        appendValue(out, m.second, style);
    }
    out += '}';
}

Members objectMembers(const QJsonObject &o, Style style)
{
    Members members;
    members.reserve(o.size());
    for (auto it = o.begin(); it != o.end(); ++it)
        members.append({it.key(), it.value()});
    if (style == Style::Postgres) {
        // JSONB keeps object keys shortest first, then by bytes.
        std::stable_sort(members.begin(), members.end(), [](const Member &a, const Member &b) {
            const QByteArray ka = a.first.toUtf8(), kb = b.first.toUtf8();
            return ka.size() != kb.size() ? ka.size() < kb.size() : ka < kb;
        });
    }
    return members;
}

void appendValue(QByteArray &out, const QJsonValue &v, Style style)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    case QJsonValue::Bool:
        out += v.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double:
        out += numberText(v.toDouble());
        break;
    case QJsonValue::String:
        appendString(out, v.toString(), style);
        break;
    case QJsonValue::Array: {
        out += '[';
        bool first = true;
        for (const QJsonValue &item : v.toArray()) {
            if (!first)
                out += ", ";
            first = false;
            appendValue(out, item, style);
        }
        out += ']';
        break;
    }
    case QJsonValue::Object:
        appendMembers(out, objectMembers(v.toObject(), style), style);
        break;
    }
}

QString tr(const char *text)
{
    return QCoreApplication::translate("UpstreamJson", text);
}

} // namespace

QByteArray pythonDumps(const QJsonValue &value)
{
    QByteArray out;
    appendValue(out, value, Style::Python);
    return out;
}

QByteArray pythonDumps(const Members &members)
{
    QByteArray out;
    appendMembers(out, members, Style::Python);
    return out;
}

QByteArray jsonbStringText(const QByteArray &text)
{
    QByteArray out;
    out.reserve(text.size() + text.size() / 4 + 2);
    appendPostgresString(out, text);
    return out;
}

QByteArray jsonbText(const QJsonValue &value)
{
    QByteArray out;
    appendValue(out, value, Style::Postgres);
    return out;
}

QByteArray encodeColumn(const Members &members)
{
    return jsonbStringText(pythonDumps(members));
}

namespace {

// Writes a UTF-16 unit of a string as Python's dumps (ensure_ascii) and then
// Postgres's escape_json write it: dumps's own backslashes are doubled by
// the second pass (\" → \\\", \n → \\n, \uXXXX → \\uXXXX).
inline char *writeDoubleEscaped(char *p, char16_t c)
{
    if (c >= 0x20 && c <= 0x7E) {
        if (c == u'"' || c == u'\\') {
            *p++ = '\\';
            *p++ = '\\';
            *p++ = '\\';
        }
        *p++ = char(c);
        return p;
    }
    char letter = 0;
    switch (c) {
    case u'\n':
        letter = 'n';
        break;
    case u'\r':
        letter = 'r';
        break;
    case u'\t':
        letter = 't';
        break;
    case u'\b':
        letter = 'b';
        break;
    case u'\f':
        letter = 'f';
        break;
    default:
        break;
    }
    *p++ = '\\';
    *p++ = '\\';
    if (letter) {
        *p++ = letter;
        return p;
    }
    // Surrogates stay pairs, each unit escaped, as Python writes them.
    *p++ = 'u';
    *p++ = HexDigits[(c >> 12) & 0xF];
    *p++ = HexDigits[(c >> 8) & 0xF];
    *p++ = HexDigits[(c >> 4) & 0xF];
    *p++ = HexDigits[c & 0xF];
    return p;
}

// Postgres's escaping of dumps text, without the enclosing quotes.
QByteArray postgresInner(const QByteArray &pythonText)
{
    QByteArray out;
    appendPostgresString(out, pythonText);
    return out.sliced(1, out.size() - 2);
}

// Writes a valid UTF-8 name as writeDoubleEscaped writes its UTF-16 units:
// each code point decoded, those beyond the BMP as their surrogate pair.
// At most 7 bytes out per byte in.
inline char *writeDoubleEscapedUtf8(char *p, QByteArrayView utf8)
{
    const auto *s = reinterpret_cast<const unsigned char *>(utf8.data());
    const auto *const end = s + utf8.size();
    while (s != end) {
        const unsigned char b = *s;
        if (b < 0x80) {
            if (b >= 0x20 && b <= 0x7E && b != '"' && b != '\\')
                *p++ = char(b);
            else
                p = writeDoubleEscaped(p, b);
            ++s;
            continue;
        }
        char32_t c;
        if (b < 0xE0) {
            c = char32_t(b & 0x1F) << 6 | (s[1] & 0x3F);
            s += 2;
        } else if (b < 0xF0) {
            c = char32_t(b & 0x0F) << 12 | char32_t(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
            s += 3;
        } else {
            c = char32_t(b & 0x07) << 18 | char32_t(s[1] & 0x3F) << 12 |
                char32_t(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
            s += 4;
        }
        if (QChar::requiresSurrogates(c)) {
            p = writeDoubleEscaped(p, QChar::highSurrogate(c));
            p = writeDoubleEscaped(p, QChar::lowSurrogate(c));
        } else {
            p = writeDoubleEscaped(p, char16_t(c));
        }
    }
    return p;
}

inline char *writeDoubleEscapedUtf16(char *p, QStringView s)
{
    for (const QChar qc : s) {
        const char16_t c = qc.unicode();
        if (c >= 0x20 && c <= 0x7E && c != u'"' && c != u'\\')
            *p++ = char(c);
        else
            p = writeDoubleEscaped(p, c);
    }
    return p;
}

// encodeColumn(members, listKey, names) for any list: forEachName(write)
// calls write(worstSize, writeName) for each name, where writeName(p)
// writes the name's double-escaped text at p (at most worstSize bytes) and
// returns its end; estimate is about the size of all the names' text.
template<typename ForEachName>
QByteArray encodeColumnStreamed(const Members &members, QStringView listKey, qsizetype estimate,
                                ForEachName forEachName)
{
    // The dumps text before and after the list, escaped for Postgres (small).
    QByteArray head = "{";
    QByteArray tail;
    bool found = false;
    bool first = true;
    for (const Member &m : members) {
        QByteArray &out = found ? tail : head;
        if (!first)
            out += ", ";
        first = false;
        appendPythonString(out, m.first);
        out += ": ";
        if (!found && m.first == listKey)
            found = true;
        else
            appendValue(out, m.second, Style::Python);
    }
    if (!found) // no such member: nothing to stream
        return encodeColumn(members);
    tail += '}';
    head = postgresInner(head);
    tail = postgresInner(tail);

    // The list: [\"a\", \"b\"] once both escapings are applied. One pass over
    // the names, each of them a cache miss or two away: the buffer is sized
    // from their lengths (held in the list itself) and grows, by realloc,
    // when escapes need more; the slack is given back at the end.
    estimate += head.size() + tail.size() + 4;
    estimate += estimate / 8;
    QByteArray out(estimate, Qt::Uninitialized);
    char *p = out.data();
    const auto reserve = [&](qsizetype need) {
        const qsizetype used = p - out.data();
        if (out.size() - used < need) {
            out.resize(std::max(out.size() + out.size() / 2, used + need));
            p = out.data() + used;
        }
    };
    reserve(head.size() + 2);
    *p++ = '"';
    p = std::copy(head.cbegin(), head.cend(), p);
    *p++ = '[';
    bool firstString = true;
    forEachName([&](qsizetype worstSize, auto &&writeName) {
        reserve(worstSize + 6);
        if (!firstString) {
            *p++ = ',';
            *p++ = ' ';
        }
        firstString = false;
        *p++ = '\\';
        *p++ = '"';
        p = writeName(p);
        *p++ = '\\';
        *p++ = '"';
    });
    reserve(tail.size() + 2);
    *p++ = ']';
    p = std::copy(tail.cbegin(), tail.cend(), p);
    *p++ = '"';
    out.resize(p - out.data());
    out.squeeze();
    return out;
}

} // namespace

QByteArray encodeColumn(const Members &members, QStringView listKey, const QStringList &strings)
{
    qsizetype estimate = 0;
    for (const QString &s : strings)
        estimate += s.size() + 6;
    return encodeColumnStreamed(members, listKey, estimate, [&](auto &&write) {
        for (const QString &s : strings) {
            // every unit as \\uXXXX at worst
            write(7 * s.size(), [&s](char *p) { return writeDoubleEscapedUtf16(p, s); });
        }
    });
}

QByteArray encodeColumn(const Members &members, QStringView listKey, const NameList &names)
{
    const qsizetype estimate = names.utf8Size() + 6 * names.size();
    return encodeColumnStreamed(members, listKey, estimate, [&](auto &&write) {
        names.forEachUtf8([&](QByteArrayView utf8) {
            // every byte as \\u00XX, or a sequence of them as a \\uXXXX, at worst
            write(7 * utf8.size(), [utf8](char *p) { return writeDoubleEscapedUtf8(p, utf8); });
        });
    });
}

std::optional<QJsonValue> parse(const QByteArray &text, QString *error)
{
    // QJsonDocument only takes objects and arrays at the top level; wrapping
    // the text in an array accepts scalars too without a second parser.
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson('[' + text + ']', &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1) {
        if (error) {
            if (pe.error != QJsonParseError::NoError)
                *error = tr("invalid JSON at character %1: %2")
                             .arg(std::max(0, pe.offset - 1))
                             .arg(pe.errorString());
            else if (doc.array().isEmpty()) // empty or blank text, e.g. a JSONB ""
                *error = tr("invalid JSON: no value");
            else
                *error = tr("invalid JSON: more than one value");
        }
        return std::nullopt;
    }
    return doc.array().first();
}

Decoded decodeValue(const QJsonValue &value)
{
    Decoded d;
    if (value.isNull() || value.isUndefined())
        return d;
    if (!value.isString()) {
        d.shape = Decoded::Shape::Value;
        d.value = value;
        return d;
    }
    const QString inner = value.toString();
    QString error;
    if (auto parsed = parse(inner.toUtf8(), &error)) {
        d.shape = Decoded::Shape::StringOfJson;
        d.value = *parsed;
    } else {
        d.shape = Decoded::Shape::StringNotJson;
        d.text = inner;
        d.error = tr("the value is a string that does not hold valid JSON (%1)").arg(error);
    }
    return d;
}

Decoded decodeColumn(const QByteArray &columnText)
{
    if (columnText.isEmpty())
        return {};
    QString error;
    auto outer = parse(columnText, &error);
    if (!outer) {
        Decoded d;
        d.shape = Decoded::Shape::Invalid;
        d.text = QString::fromUtf8(columnText);
        d.error = tr("the column does not hold valid JSON (%1)").arg(error);
        return d;
    }
    return decodeValue(*outer);
}

} // namespace UpstreamJson
