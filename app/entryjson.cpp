#include "entryjson.h"

#include "upstreamjson.h"

#include <QJsonArray>

namespace EntryJson {
namespace {

QJsonValue textOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

QJsonValue details(const AuditEntry &e)
{
    const QByteArray &column = e.newValue.isEmpty() ? e.oldValue : e.newValue;
    const UpstreamJson::Decoded d = UpstreamJson::decodeColumn(column);
    switch (d.shape) {
    case UpstreamJson::Decoded::Shape::Null:
        return QJsonValue();
    case UpstreamJson::Decoded::Shape::StringOfJson:
    case UpstreamJson::Decoded::Shape::Value:
        return d.value;
    case UpstreamJson::Decoded::Shape::StringNotJson:
    case UpstreamJson::Decoded::Shape::Invalid:
        return d.text;
    }
    return QJsonValue();
}

} // namespace

QJsonObject toJson(const AuditEntry &e)
{
    return QJsonObject{
        {QStringLiteral("id"), e.id},
        {QStringLiteral("created_at"), Timestamp::toIsoUtc(e.createdAt)},
        {QStringLiteral("action"), ActionInfo::dbValue(e.action)},
        {QStringLiteral("seller_name"), e.sellerName},
        {QStringLiteral("source"), e.source},
        {QStringLiteral("source_run_id"), textOrNull(e.sourceRunId)},
        {QStringLiteral("user_id"), textOrNull(e.userId)},
        {QStringLiteral("affected_count"), e.affectedCount},
        {QStringLiteral("seller_count_snapshot"),
         e.sellerCountSnapshot ? QJsonValue(*e.sellerCountSnapshot) : QJsonValue()},
        {QStringLiteral("details"), details(e)},
    };
}

QJsonObject pageToJson(const PageResult &page, qint64 offset, qint64 total, int pageSize)
{
    QJsonArray entries;
    for (const AuditEntry &e : page.entries)
        entries.append(toJson(e));
    const qint64 pages = std::max<qint64>(1, (total + pageSize - 1) / pageSize);
    return QJsonObject{
        {QStringLiteral("entries"), entries},
        {QStringLiteral("total"), total},
        {QStringLiteral("page"), offset >= 0 ? QJsonValue(offset / pageSize + 1) : QJsonValue()},
        {QStringLiteral("pages"), pages},
        {QStringLiteral("next_cursor"), page.atEnd || page.entries.isEmpty()
                                            ? QJsonValue()
                                            : QJsonValue(page.lastCursor().encode())},
        {QStringLiteral("prev_cursor"), page.atStart || page.entries.isEmpty()
                                            ? QJsonValue()
                                            : QJsonValue(page.firstCursor().encode())},
    };
}

} // namespace EntryJson
