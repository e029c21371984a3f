#include "entryjson.h"

#include "upstreamjson.h"

#include <QJsonArray>

namespace EntryJson {
namespace {

QJsonValue textOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

QJsonValue numberOrNull(const std::optional<int> &n)
{
    return n ? QJsonValue(*n) : QJsonValue();
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
    return QJsonObject{
        {QStringLiteral("entries"), entries},
        {QStringLiteral("total"), total},
        {QStringLiteral("page"), offset >= 0 ? QJsonValue(offset / pageSize + 1) : QJsonValue()},
        {QStringLiteral("pages"), pageCountFor(total, pageSize)},
        {QStringLiteral("next_cursor"), page.atEnd || page.entries.isEmpty()
                                            ? QJsonValue()
                                            : QJsonValue(page.lastCursor().encode())},
        {QStringLiteral("prev_cursor"), page.atStart || page.entries.isEmpty()
                                            ? QJsonValue()
                                            : QJsonValue(page.firstCursor().encode())},
    };
}

QJsonObject sellerToJson(const Seller &s)
{
    return QJsonObject{
        {QStringLiteral("id"), s.id},
        {QStringLiteral("display_name"), s.displayName},
        {QStringLiteral("normalized_name"), s.normalizedName},
        {QStringLiteral("platform"), textOrNull(s.platform)},
        {QStringLiteral("platform_id"), textOrNull(s.platformId)},
        {QStringLiteral("flagged"), s.flagged},
        {QStringLiteral("times_seen"), s.timesSeen},
        {QStringLiteral("feedback_score"), numberOrNull(s.feedbackScore)},
        {QStringLiteral("item_count"), numberOrNull(s.itemCount)},
        {QStringLiteral("created_at"), Timestamp::toIsoUtc(s.createdAt)},
        {QStringLiteral("first_seen_run_id"), textOrNull(s.firstSeenRunId)},
        {QStringLiteral("last_seen_run_id"), textOrNull(s.lastSeenRunId)},
    };
}

QJsonObject sellerPageToJson(const SellerPageResult &page, int pageSize)
{
    QJsonArray sellers;
    for (const Seller &s : page.sellers)
        sellers.append(sellerToJson(s));
    return QJsonObject{
        {QStringLiteral("sellers"), sellers},
        {QStringLiteral("total"), page.total},
        {QStringLiteral("page"), page.offset / pageSize + 1},
        {QStringLiteral("pages"), pageCountFor(page.total, pageSize)},
    };
}

} // namespace EntryJson
