#include "historyquery.h"

#include "searchmatch.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

namespace {

enum Column
{
    ColId,
    ColCreatedAt,
    ColAction,
    ColSellerId,
    ColSellerName,
    ColOldValue,
    ColNewValue,
    ColSource,
    ColSourceRunId,
    ColUserId,
    ColUserName,
    ColAffectedCount,
    ColSnapshot,
};

QString tr(const char *text)
{
    return QCoreApplication::translate("HistoryQuery", text);
}

} // namespace

HistoryQuery::HistoryQuery(SqlDialect dialect, QString orgId)
    : m_dialect(dialect)
    , m_orgId(std::move(orgId))
{}

void HistoryQuery::appendWhere(QString &sql, QVariantList &binds, const HistoryFilter &filter,
                               std::optional<Timestamp::Micros> snapshot, bool withActions,
                               Scan scan, const Bound &bound) const
{
    sql += QStringLiteral(" WHERE l.org_id = ") + m_dialect.uuidParam();
    binds << m_orgId;
    if (withActions && !filter.matchesAllActions()) {
        QStringList marks;
        for (Action a : ActionInfo::list()) {
            if (filter.actions.contains(a)) {
                marks << QStringLiteral("?");
                binds << ActionInfo::dbValue(a);
            }
        }
        sql += QStringLiteral(" AND l.action IN (") + marks.join(u',') + u')';
    }

    // Every limit on created_at, as one half-open range [lower, upper): the
    // filter's range, the snapshot, and a split or keyset bound. Only the
    // tightest limit on each side is written, and none that the keyset
    // comparison already implies: SQLite walks an index range by one bound
    // per side and checks the others row by row, which on a backward scan
    // below the snapshot meant walking from the snapshot down to the cursor.
    const bool desc = scan == Scan::Descending;
    std::optional<Timestamp::Micros> lower = filter.from;
    std::optional<Timestamp::Micros> upper = filter.to;
    const auto tighten = [](std::optional<Timestamp::Micros> &limit, Timestamp::Micros value,
                            bool isUpper) {
        if (!limit || (isUpper ? value < *limit : value > *limit))
            limit = value;
    };
    if (snapshot)
        tighten(upper, *snapshot + 1, true);
    const bool keyset = bound.kind == Bound::Kind::Keyset || bound.kind == Bound::Kind::From;
    if (bound.kind == Bound::Kind::Split)
        tighten(desc ? upper : lower, bound.time, desc);
    if (keyset) {
        // (created_at, id) < (c, id) implies created_at < c + 1; > implies >= c.
        const Timestamp::Micros c = bound.cursor.createdAt;
        if (desc && upper && c + 1 <= *upper)
            upper.reset();
        if (!desc && lower && c >= *lower)
            lower.reset();
    }
    if (lower) {
        sql += QStringLiteral(" AND l.created_at >= ") + m_dialect.timestampParam();
        binds << Timestamp::toIsoUtc(*lower);
    }
    if (upper) {
        sql += QStringLiteral(" AND l.created_at < ") + m_dialect.timestampParam();
        binds << Timestamp::toIsoUtc(*upper);
    }
    if (keyset) {
        const bool inclusive = bound.kind == Bound::Kind::From;
        const QString op = desc ? (inclusive ? QStringLiteral("<=") : QStringLiteral("<"))
                                : (inclusive ? QStringLiteral(">=") : QStringLiteral(">"));
        sql += QStringLiteral(" AND (l.created_at, l.id) ") + op + QStringLiteral(" (") +
               m_dialect.timestampParam() + QStringLiteral(", ") + m_dialect.uuidParam() + u')';
        binds << Timestamp::toIsoUtc(bound.cursor.createdAt) << bound.cursor.id;
    }

    const QString search = filter.search.trimmed();
    if (!search.isEmpty())
        appendSearch(sql, binds, search);
}

void HistoryQuery::appendSearch(QString &sql, QVariantList &binds, const QString &term) const
{
    // See SearchMatch for what a search matches and why Postgres gets
    // patterns while SQLite gets functions.
    if (!m_dialect.isPostgres()) {
        sql +=
            QStringLiteral(" AND (sh_contains(l.seller_name, ?) OR sh_json_contains(l.new_value, ?)"
                           " OR sh_json_contains(l.old_value, ?))");
        binds << term << term << term;
        return;
    }
    sql += QStringLiteral(" AND (l.seller_name ILIKE ? ESCAPE '\\'");
    binds << u'%' + SqlDialect::escapeLike(term) + u'%';
    for (const char *column : {"l.new_value", "l.old_value"}) {
        const QString c = QLatin1String(column);
        const QString inner = u'(' + c + QStringLiteral(" #>> '{}')");
        const QString printed = c + QStringLiteral("::text");
        sql += QStringLiteral(
                   " OR (jsonb_typeof(%1) = 'string' AND %2 ILIKE ? ESCAPE '\\' AND %2 ~* ?)"
                   " OR (jsonb_typeof(%1) IN ('object', 'array') AND %3 ILIKE ? ESCAPE '\\'"
                   " AND %3 ~* ?)")
                   .arg(c, inner, printed);
        binds << SearchMatch::pythonJsonLike(term) << SearchMatch::pythonJsonRegex(term)
              << SearchMatch::jsonbTextLike(term) << SearchMatch::jsonbTextRegex(term);
    }
    sql += u')';
}

QString HistoryQuery::selectColumns() const
{
    const auto t = [this](const char *column) { return m_dialect.asText(QLatin1String(column)); };
    return QStringLiteral("SELECT ") + t("l.id") + u',' + t("l.created_at") +
           QStringLiteral(", l.action, ") + t("l.seller_id") + QStringLiteral(", l.seller_name, ") +
           t("l.old_value") + u',' + t("l.new_value") + QStringLiteral(", l.source, ") +
           t("l.source_run_id") + u',' + t("l.user_id") +
           QStringLiteral(", COALESCE(NULLIF(p.display_name, ''), p.email), l.affected_count, "
                          "l.seller_count_snapshot"
                          " FROM seller_audit_log l LEFT JOIN profiles p ON p.user_id = l.user_id");
}

SqlStatement HistoryQuery::select(const HistoryFilter &filter,
                                  std::optional<Timestamp::Micros> snapshot, Scan scan,
                                  const Bound &bound, qint64 limit, qint64 offset) const
{
    SqlStatement s;
    s.sql = selectColumns();
    appendWhere(s.sql, s.binds, filter, snapshot, true, scan, bound);
    s.sql += scan == Scan::Descending ? QStringLiteral(" ORDER BY l.created_at DESC, l.id DESC")
                                      : QStringLiteral(" ORDER BY l.created_at ASC, l.id ASC");
    s.sql += QStringLiteral(" LIMIT ?");
    s.binds << limit;
    if (offset > 0) {
        s.sql += QStringLiteral(" OFFSET ?");
        s.binds << offset;
    }
    return s;
}

SqlStatement HistoryQuery::selectAll(const HistoryFilter &filter) const
{
    SqlStatement s;
    s.sql = selectColumns();
    const Scan scan = filter.order == SortOrder::OldestFirst ? Scan::Ascending : Scan::Descending;
    appendWhere(s.sql, s.binds, filter, std::nullopt, true, scan);
    s.sql += scan == Scan::Descending ? QStringLiteral(" ORDER BY l.created_at DESC, l.id DESC")
                                      : QStringLiteral(" ORDER BY l.created_at ASC, l.id ASC");
    return s;
}

SqlStatement HistoryQuery::selectIds(const QStringList &ids) const
{
    // One bound value for the whole list, as the flag writer does.
    SqlStatement s;
    s.sql = selectColumns() + QStringLiteral(" WHERE l.org_id = ") + m_dialect.uuidParam();
    s.binds << m_orgId;
    if (m_dialect.isPostgres()) {
        s.sql += QStringLiteral(" AND l.id = ANY(CAST(? AS uuid[]))");
        s.binds << u'{' + ids.join(u',') + u'}';
    } else {
        s.sql += QStringLiteral(" AND l.id IN (SELECT value FROM json_each(?))");
        s.binds << QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
    }
    return s;
}

SqlStatement HistoryQuery::timesAt(const HistoryFilter &filter,
                                   std::optional<Timestamp::Micros> snapshot, Scan scan,
                                   qint64 offset, qint64 count, bool mergePerAction) const
{
    // The text conversion sits outside the skipping subquery so it runs for
    // the rows returned, not for every row skipped.
    const QString order =
        scan == Scan::Descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    SqlStatement s;
    s.sql = QStringLiteral("SELECT ") + m_dialect.asText(QStringLiteral("k.created_at")) +
            QStringLiteral(" FROM (");
    if (mergePerAction && filter.search.trimmed().isEmpty()) {
        QStringList branches;
        for (Action a : ActionInfo::list()) {
            if (!filter.matchesAllActions() && !filter.actions.contains(a))
                continue;
            HistoryFilter one = filter;
            one.actions = a;
            QString branch = QStringLiteral("(SELECT l.created_at FROM seller_audit_log l");
            appendWhere(branch, s.binds, one, snapshot, true);
            branch += QStringLiteral(" ORDER BY l.created_at") + order + u')';
            branches << branch;
        }
        s.sql += QStringLiteral("SELECT u.created_at FROM (") +
                 branches.join(QStringLiteral(" UNION ALL ")) +
                 QStringLiteral(") u ORDER BY u.created_at") + order;
    } else {
        s.sql += QStringLiteral("SELECT l.created_at FROM seller_audit_log l");
        appendWhere(s.sql, s.binds, filter, snapshot, true);
        s.sql += QStringLiteral(" ORDER BY l.created_at") + order;
    }
    s.sql += QStringLiteral(" LIMIT ? OFFSET ?) k");
    s.binds << count << offset;
    return s;
}

SqlStatement HistoryQuery::keyAmongTies(const HistoryFilter &filter,
                                        std::optional<Timestamp::Micros> snapshot, Scan scan,
                                        Timestamp::Micros time, qint64 index) const
{
    SqlStatement s;
    s.sql = QStringLiteral("SELECT ") + m_dialect.asText(QStringLiteral("l.created_at")) +
            QStringLiteral(", ") + m_dialect.asText(QStringLiteral("l.id")) +
            QStringLiteral(" FROM seller_audit_log l");
    appendWhere(s.sql, s.binds, filter, snapshot, true);
    s.sql += QStringLiteral(" AND l.created_at = ") + m_dialect.timestampParam();
    s.binds << Timestamp::toIsoUtc(time);
    s.sql += scan == Scan::Descending ? QStringLiteral(" ORDER BY l.id DESC")
                                      : QStringLiteral(" ORDER BY l.id ASC");
    s.sql += QStringLiteral(" LIMIT 1 OFFSET ?");
    s.binds << index;
    return s;
}

SqlStatement HistoryQuery::countByAction(const HistoryFilter &filter,
                                         std::optional<Timestamp::Micros> snapshot,
                                         int samplePercent) const
{
    SqlStatement s;
    s.sql = QStringLiteral("SELECT l.action, COUNT(*) FROM seller_audit_log l");
    if (samplePercent > 0 && m_dialect.isPostgres())
        s.sql += QStringLiteral(" TABLESAMPLE SYSTEM (%1) REPEATABLE (0)").arg(samplePercent);
    appendWhere(s.sql, s.binds, filter, snapshot, false);
    s.sql += QStringLiteral(" GROUP BY l.action");
    return s;
}

SqlStatement HistoryQuery::count(const HistoryFilter &filter,
                                 std::optional<Timestamp::Micros> snapshot, Scan scan,
                                 const Bound &bound) const
{
    SqlStatement s;
    s.sql = QStringLiteral("SELECT COUNT(*) FROM seller_audit_log l");
    appendWhere(s.sql, s.binds, filter, snapshot, true, scan, bound);
    return s;
}

SqlStatement HistoryQuery::snapshotNow() const
{
    SqlStatement s;
    if (m_dialect.isPostgres()) {
        s.sql = QStringLiteral("SELECT now()::text");
        return s;
    }
    s.sql = QStringLiteral("SELECT MAX(created_at) FROM seller_audit_log WHERE org_id = ?");
    s.binds << m_orgId;
    return s;
}

std::optional<AuditEntry> HistoryQuery::readEntry(const QSqlQuery &q, QString *error)
{
    return readEntry(QueryRow(q), error);
}

std::optional<AuditEntry> HistoryQuery::readEntry(const SqlRow &q, QString *error)
{
    AuditEntry e;
    e.id = q.text(ColId);
    const QString created = q.text(ColCreatedAt);
    const auto createdAt = Timestamp::parseIso(created);
    if (!createdAt) {
        if (error)
            *error = tr("The row %1 has an unreadable created_at (\"%2\").").arg(e.id, created);
        return std::nullopt;
    }
    e.createdAt = *createdAt;
    const QString action = q.text(ColAction);
    const auto parsedAction = ActionInfo::fromDbValue(action);
    if (!parsedAction) {
        if (error)
            *error = tr("The row %1 has an unknown action \"%2\".").arg(e.id, action);
        return std::nullopt;
    }
    e.action = *parsedAction;
    e.sellerId = q.text(ColSellerId);
    e.sellerName = q.text(ColSellerName);
    e.oldValue = q.bytes(ColOldValue);
    e.newValue = q.bytes(ColNewValue);
    e.source = q.text(ColSource);
    e.sourceRunId = q.text(ColSourceRunId);
    e.userId = q.text(ColUserId);
    e.userName = q.text(ColUserName);
    e.affectedCount = q.integer(ColAffectedCount);
    if (!q.isNull(ColSnapshot))
        e.sellerCountSnapshot = q.integer(ColSnapshot);
    return e;
}
