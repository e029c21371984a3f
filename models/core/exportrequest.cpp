#include "exportrequest.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

QString scopeName(ExportRequest::Scope scope)
{
    return scope == ExportRequest::Scope::Sellers ? QStringLiteral("sellers")
                                                  : QStringLiteral("history");
}

// The UTF-8 size of a UTF-16 unit at s[i] (a valid surrogate pair counts 4
// on its first unit and 0 on its second); a lone surrogate becomes U+FFFD.
// Quote, backslash and control characters are escaped as JSON wants.
qsizetype jsonStringSize(QStringView s)
{
    qsizetype size = 2;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        if (c < 0x80)
            size += c == u'"' || c == u'\\' ? 2 : c < 0x20 ? 6 : 1;
        else if (c < 0x800)
            size += 2;
        else if (QChar::isHighSurrogate(c) && i + 1 < s.size() &&
                 QChar::isLowSurrogate(s[i + 1].unicode())) {
            size += 4;
            ++i;
        } else
            size += 3;
    }
    return size;
}

char *writeJsonString(char *p, QStringView s)
{
    constexpr char Hex[] = "0123456789abcdef";
    *p++ = '"';
    for (qsizetype i = 0; i < s.size(); ++i) {
        char32_t c = s[i].unicode();
        if (c < 0x80) {
            if (c == u'"' || c == u'\\') {
                *p++ = '\\';
                *p++ = char(c);
            } else if (c < 0x20) {
                *p++ = '\\';
                *p++ = 'u';
                *p++ = '0';
                *p++ = '0';
                *p++ = Hex[c >> 4];
                *p++ = Hex[c & 0xF];
            } else {
                *p++ = char(c);
            }
            continue;
        }
        if (c < 0x800) {
            *p++ = char(0xC0 | (c >> 6));
            *p++ = char(0x80 | (c & 0x3F));
            continue;
        }
        if (QChar::isSurrogate(c)) {
            if (QChar::isHighSurrogate(c) && i + 1 < s.size() &&
                QChar::isLowSurrogate(s[i + 1].unicode())) {
                c = QChar::surrogateToUcs4(char16_t(c), s[++i].unicode());
                *p++ = char(0xF0 | (c >> 18));
                *p++ = char(0x80 | ((c >> 12) & 0x3F));
                *p++ = char(0x80 | ((c >> 6) & 0x3F));
                *p++ = char(0x80 | (c & 0x3F));
                continue;
            }
            c = QChar::ReplacementCharacter;
        }
        *p++ = char(0xE0 | (c >> 12));
        *p++ = char(0x80 | ((c >> 6) & 0x3F));
        *p++ = char(0x80 | (c & 0x3F));
    }
    *p++ = '"';
    return p;
}

// toJson() but for seller_names.
QJsonObject withoutNames(const ExportRecord &r)
{
    return QJsonObject{
        {QStringLiteral("id"), r.id},
        {QStringLiteral("scope"), scopeName(r.scope)},
        {QStringLiteral("format"), r.format},
        {QStringLiteral("rows"), r.rows},
        {QStringLiteral("filter"), r.filter},
        {QStringLiteral("file_sha256"), r.sha256},
        {QStringLiteral("file_name"), r.fileName},
        {QStringLiteral("exported_at"), Timestamp::toIsoUtc(r.exportedAt)},
        {QStringLiteral("actor_id"), r.actorId},
    };
}

} // namespace

QByteArray ExportRecord::toJsonText() const
{
    // Everything but the names through QJsonDocument (small), the names
    // spliced in front: {"seller_names":[...],<the rest>}.
    const QByteArray restText = QJsonDocument(withoutNames(*this)).toJson(QJsonDocument::Compact);
    static constexpr char Key[] = "{\"seller_names\":[";
    qsizetype size = qsizetype(sizeof Key - 1) + 1 + restText.size() - 1; // ] and the rest but {
    for (const QString &name : sellerNames)
        size += jsonStringSize(name);
    if (sellerNames.size() > 1)
        size += sellerNames.size() - 1;
    if (restText.size() > 2)
        ++size; // the , before the rest
    QByteArray out(size, Qt::Uninitialized);
    char *p = std::copy(Key, Key + sizeof Key - 1, out.data());
    bool first = true;
    for (const QString &name : sellerNames) {
        if (!first)
            *p++ = ',';
        first = false;
        p = writeJsonString(p, name);
    }
    *p++ = ']';
    if (restText.size() > 2)
        *p++ = ',';
    p = std::copy(restText.cbegin() + 1, restText.cend(), p); // without its {
    Q_ASSERT(p == out.constData() + out.size());
    return out;
}

std::optional<ExportRecord> ExportRecord::fromJsonText(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !json.isObject())
        return std::nullopt;
    return fromJson(json.object());
}

QJsonObject ExportRecord::toJson() const
{
    QJsonObject json = withoutNames(*this);
    json.insert(QStringLiteral("seller_names"), QJsonArray::fromStringList(sellerNames));
    return json;
}

ExportRecord ExportRecord::fromJson(const QJsonObject &json)
{
    ExportRecord r;
    r.id = json.value(QStringLiteral("id")).toString();
    r.scope = json.value(QStringLiteral("scope")).toString() == QLatin1String("sellers")
                  ? ExportRequest::Scope::Sellers
                  : ExportRequest::Scope::History;
    r.format = json.value(QStringLiteral("format")).toString(QStringLiteral("csv"));
    for (const QJsonValue &v : json.value(QStringLiteral("seller_names")).toArray())
        r.sellerNames << v.toString();
    r.rows = json.value(QStringLiteral("rows")).toInteger();
    r.filter = json.value(QStringLiteral("filter")).toObject();
    r.sha256 = json.value(QStringLiteral("file_sha256")).toString();
    r.fileName = json.value(QStringLiteral("file_name")).toString();
    r.exportedAt =
        Timestamp::parseIso(json.value(QStringLiteral("exported_at")).toString()).value_or(0);
    r.actorId = json.value(QStringLiteral("actor_id")).toString();
    return r;
}
