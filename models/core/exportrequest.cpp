#include "exportrequest.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

QString scopeName(ExportRequest::Scope scope)
{
    return scope == ExportRequest::Scope::Sellers ? QStringLiteral("sellers")
                                                  : QStringLiteral("history");
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
    static constexpr char Key[] = "{\"seller_names\":";
    qsizetype size = qsizetype(sizeof Key - 1) + sellerNames.jsonArrayTextSize() + restText.size() -
                     1; // the rest but its {
    if (restText.size() > 2)
        ++size; // the , before the rest
    QByteArray out(size, Qt::Uninitialized);
    char *p = std::copy(Key, Key + sizeof Key - 1, out.data());
    p = sellerNames.writeJsonArrayText(p);
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
    json.insert(QStringLiteral("seller_names"),
                QJsonArray::fromStringList(sellerNames.toStringList()));
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
    const QJsonArray names = json.value(QStringLiteral("seller_names")).toArray();
    r.sellerNames.reserve(names.size());
    for (const QJsonValue &v : names)
        r.sellerNames.append(v.toString());
    r.rows = json.value(QStringLiteral("rows")).toInteger();
    r.filter = json.value(QStringLiteral("filter")).toObject();
    r.sha256 = json.value(QStringLiteral("file_sha256")).toString();
    r.fileName = json.value(QStringLiteral("file_name")).toString();
    r.exportedAt =
        Timestamp::parseIso(json.value(QStringLiteral("exported_at")).toString()).value_or(0);
    r.actorId = json.value(QStringLiteral("actor_id")).toString();
    return r;
}
