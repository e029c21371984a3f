#include "exportrequest.h"

#include <QJsonArray>

namespace {

QString scopeName(ExportRequest::Scope scope)
{
    return scope == ExportRequest::Scope::Sellers ? QStringLiteral("sellers")
                                                  : QStringLiteral("history");
}

} // namespace

QJsonObject ExportRecord::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("scope"), scopeName(scope)},
        {QStringLiteral("format"), format},
        {QStringLiteral("seller_names"), QJsonArray::fromStringList(sellerNames)},
        {QStringLiteral("rows"), rows},
        {QStringLiteral("filter"), filter},
        {QStringLiteral("file_sha256"), sha256},
        {QStringLiteral("file_name"), fileName},
        {QStringLiteral("exported_at"), Timestamp::toIsoUtc(exportedAt)},
    };
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
    return r;
}
