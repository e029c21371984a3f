#pragma once

#include "historyquery.h"
#include "paging.h"
#include "sourceerror.h"

#include <QSqlDatabase>

class QSqlQuery;

// Answers page and count requests synchronously on one open connection: the
// paging algorithm (keyset in both directions, aligned Last, offset from the
// nearer end, split by time) lives here, free of threads, so tests and the
// worker share it. Must only be used on the connection's thread.
class SqlHistoryReader
{
public:
    // Above this many rows an estimate is good enough for a first answer.
    static constexpr qint64 DefaultEstimateAbove = 100'000;
    // The share of pages an estimate reads, in percent.
    static constexpr int EstimateSamplePercent = 1;

    SqlHistoryReader(QSqlDatabase db, SqlDialect dialect, QString orgId);

    std::optional<PageResult> page(const PageRequest &request, SourceError *error);
    std::optional<CountResult> counts(const CountRequest &request, SourceError *error);
    void setEstimateAbove(qint64 rows) { m_estimateAbove = rows; }

    // Turns a failed statement into a SourceError (connection, timeout,
    // permission, bad data, ...), naming what was being done.
    static SourceError classify(const QSqlQuery &query, const QString &doing);
    // The same from a native error code (SQLSTATE, or SQLite's result code).
    static SourceError classify(const QString &code, const QString &detail, bool connectionError,
                                const QString &doing);

private:
    using Scan = HistoryQuery::Scan;
    using Bound = HistoryQuery::Bound;

    bool run(QSqlQuery &query, const SqlStatement &statement, SourceError *error);
    bool fetch(const HistoryFilter &filter, Timestamp::Micros snapshot, Scan scan,
               const Bound &bound, qint64 limit, qint64 offset, QList<AuditEntry> &rows,
               SourceError *error);
    std::optional<qint64> count(const HistoryFilter &filter, Timestamp::Micros snapshot, Scan scan,
                                const Bound &bound, SourceError *error);
    std::optional<Timestamp::Micros> takeSnapshot(SourceError *error);
    bool countPerAction(const SqlStatement &statement, qint64 scale, CountResult *result,
                        SourceError *error);
    // The key of the row `offset` rows into the scan; nullopt with no error
    // when the scan is shorter than that.
    std::optional<PageCursor> keyAt(const HistoryFilter &filter, Timestamp::Micros snapshot,
                                    Scan scan, qint64 offset, SourceError *error, bool *failed);

    std::optional<PageResult> first(const PageRequest &r, Timestamp::Micros snapshot,
                                    SourceError *error);
    std::optional<PageResult> last(const PageRequest &r, Timestamp::Micros snapshot,
                                   SourceError *error);
    std::optional<PageResult> after(const PageRequest &r, Timestamp::Micros snapshot,
                                    SourceError *error);
    std::optional<PageResult> before(const PageRequest &r, Timestamp::Micros snapshot,
                                     SourceError *error);
    std::optional<PageResult> atOffset(const PageRequest &r, Timestamp::Micros snapshot,
                                       SourceError *error);
    std::optional<PageResult> atTime(const PageRequest &r, Timestamp::Micros snapshot,
                                     SourceError *error);

    // Whether skipping should merge per-action branches (Postgres without an
    // index leading with (org_id, created_at)); asked once per connection.
    bool mergePerAction();

    QSqlDatabase m_db;
    SqlDialect m_dialect;
    std::optional<bool> m_mergePerAction;
    qint64 m_estimateAbove = DefaultEstimateAbove;
    HistoryQuery m_query;
};
