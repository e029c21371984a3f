#pragma once

#include "auditentry.h"
#include "historyfilter.h"
#include "pagecursor.h"
#include "sqldialect.h"
#include "sqlrow.h"

#include <QString>
#include <QVariantList>

#include <optional>

class QSqlQuery;

struct SqlStatement
{
    QString sql;
    QVariantList binds; // positional, in order of the '?' markers
};

// Compiles a HistoryFilter into the statements the SQL worker runs: pages in
// either scan direction beyond a keyset or time bound, counts per action, and
// the count of rows beyond a bound. Every value is bound; every statement is
// scoped to the org.
class HistoryQuery
{
public:
    enum class Scan : quint8
    {
        Descending,
        Ascending
    };

    // Which rows lie "beyond" a point in the scan direction:
    // Keyset: (created_at, id) < cursor when descending, > when ascending.
    // From:   the same, the cursor's own row included (<= / >=).
    // Split:  created_at < time when descending, >= time when ascending.
    struct Bound
    {
        enum class Kind : quint8
        {
            None,
            Keyset,
            From,
            Split
        };
        Kind kind = Kind::None;
        PageCursor cursor;
        Timestamp::Micros time = 0;

        static Bound none() { return {}; }
        static Bound keyset(const PageCursor &c) { return {Kind::Keyset, c, 0}; }
        static Bound from(const PageCursor &c) { return {Kind::From, c, 0}; }
        static Bound split(Timestamp::Micros t) { return {Kind::Split, {}, t}; }
    };

    HistoryQuery(SqlDialect dialect, QString orgId);

    SqlStatement select(const HistoryFilter &filter, std::optional<Timestamp::Micros> snapshot,
                        Scan scan, const Bound &bound, qint64 limit, qint64 offset = 0) const;
    // Every row the filter matches, in its order, without a limit: what an
    // export reads in one pass.
    SqlStatement selectAll(const HistoryFilter &filter) const;
    // The org's rows with these ids (in no particular order).
    SqlStatement selectIds(const QStringList &ids) const;
    // How a jump to a deep page finds where to start, in two small steps
    // that read no more than an index on created_at holds:
    // timesAt: the created_at of `count` rows from `offset` rows into the
    // scan, ordered by created_at alone (the values there are the same as in
    // the (created_at, id) order, and no tie-breaking sort is needed);
    // keyAmongTies: the key of the `index`-th row created at `time`, in the
    // scan's id order.
    // With mergePerAction, timesAt reads one branch per action and merges
    // them, so Postgres can answer from upstream's (org_id, action,
    // created_at) index alone when no index leads with (org_id, created_at).
    SqlStatement timesAt(const HistoryFilter &filter, std::optional<Timestamp::Micros> snapshot,
                         Scan scan, qint64 offset, qint64 count, bool mergePerAction) const;
    SqlStatement keyAmongTies(const HistoryFilter &filter,
                              std::optional<Timestamp::Micros> snapshot, Scan scan,
                              Timestamp::Micros time, qint64 index) const;
    // With samplePercent > 0 (Postgres), counts a repeatable sample of that
    // share of the table's pages instead: an estimate to scale up.
    SqlStatement countByAction(const HistoryFilter &filter,
                               std::optional<Timestamp::Micros> snapshot,
                               int samplePercent = 0) const;
    SqlStatement count(const HistoryFilter &filter, std::optional<Timestamp::Micros> snapshot,
                       Scan scan = Scan::Descending, const Bound &bound = Bound::none()) const;
    // The upper bound for a new browsing snapshot: the database's clock, or
    // the newest row if that is later (the embedded database has no clock of
    // its own and rows may come from a machine whose clock runs ahead).
    SqlStatement snapshotNow() const;

    // Reads the current row of a select(); nullopt and *error if the row
    // cannot be trusted (an unknown action, an unreadable time).
    static std::optional<AuditEntry> readEntry(const QSqlQuery &query, QString *error);
    static std::optional<AuditEntry> readEntry(const SqlRow &row, QString *error);

private:
    QString selectColumns() const;
    // The WHERE clause: the org, the filter, the snapshot, and the rows
    // beyond `bound` in the scan's direction.
    void appendWhere(QString &sql, QVariantList &binds, const HistoryFilter &filter,
                     std::optional<Timestamp::Micros> snapshot, bool withActions,
                     Scan scan = Scan::Descending, const Bound &bound = Bound::none()) const;

    SqlDialect m_dialect;
    void appendSearch(QString &sql, QVariantList &binds, const QString &term) const;

    QString m_orgId;
};
