#include "sqlhistoryreader.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SqlHistoryReader", text);
}

HistoryQuery::Scan displayScan(const HistoryFilter &f)
{
    return f.order == SortOrder::NewestFirst ? HistoryQuery::Scan::Descending
                                             : HistoryQuery::Scan::Ascending;
}

HistoryQuery::Scan reverseOf(HistoryQuery::Scan s)
{
    return s == HistoryQuery::Scan::Descending ? HistoryQuery::Scan::Ascending
                                               : HistoryQuery::Scan::Descending;
}

} // namespace

SqlHistoryReader::SqlHistoryReader(QSqlDatabase db, SqlDialect dialect, QString orgId)
    : m_db(std::move(db))
    , m_dialect(dialect)
    , m_query(dialect, std::move(orgId))
{}

SourceError SqlHistoryReader::classify(const QSqlQuery &query, const QString &doing)
{
    const QSqlError e = query.lastError();
    return classify(e.nativeErrorCode(),
                    (e.databaseText().isEmpty() ? e.text() : e.databaseText()).trimmed(),
                    e.type() == QSqlError::ConnectionError, doing);
}

SourceError SqlHistoryReader::classify(const QString &code, const QString &detail,
                                       bool connectionError, const QString &doing)
{
    const QString message = tr("%1 failed: %2").arg(doing, detail);
    using Kind = SourceError::Kind;
    if (connectionError || code.startsWith(QLatin1String("08")))
        return {Kind::Unreachable, message};
    if (code == QLatin1String("57014"))
        return {Kind::Timeout, tr("%1 took too long and was stopped.").arg(doing)};
    if (code.startsWith(QLatin1String("28")))
        return {Kind::Unauthenticated, message};
    if (code == QLatin1String("42501"))
        return {Kind::Forbidden, message};
    if (code.startsWith(QLatin1String("42")) || code == QLatin1String("26") ||
        code == QLatin1String("11") || detail.contains(QLatin1String("no such table")))
        return {Kind::BadData, tr("%1 failed: the database does not have the expected tables (%2).")
                                   .arg(doing, detail)};
    if (code == QLatin1String("5") || code == QLatin1String("6"))
        return {Kind::Timeout,
                tr("%1 failed: the database is locked by another program.").arg(doing)};
    return {Kind::Failed, message};
}

bool SqlHistoryReader::run(QSqlQuery &query, const SqlStatement &statement, SourceError *error)
{
    query.setForwardOnly(true);
    bool ok = query.prepare(statement.sql);
    if (ok) {
        for (const QVariant &value : statement.binds)
            query.addBindValue(value);
        ok = query.exec();
    }
    if (!ok && error)
        *error = classify(query, tr("Reading the history"));
    return ok;
}

bool SqlHistoryReader::fetch(const HistoryFilter &filter, Timestamp::Micros snapshot, Scan scan,
                             const Bound &bound, qint64 limit, qint64 offset,
                             QList<AuditEntry> &rows, SourceError *error)
{
    rows.clear();
    if (limit <= 0)
        return true;
    QSqlQuery q(m_db);
    if (!run(q, m_query.select(filter, snapshot, scan, bound, limit, offset), error))
        return false;
    rows.reserve(limit);
    while (q.next()) {
        QString why;
        auto entry = HistoryQuery::readEntry(q, &why);
        if (!entry) {
            if (error)
                *error = {SourceError::Kind::BadData, why};
            return false;
        }
        rows.append(std::move(*entry));
    }
    if (q.lastError().isValid()) {
        if (error)
            *error = classify(q, tr("Reading the history"));
        return false;
    }
    return true;
}

std::optional<qint64> SqlHistoryReader::count(const HistoryFilter &filter,
                                              Timestamp::Micros snapshot, Scan scan,
                                              const Bound &bound, SourceError *error)
{
    QSqlQuery q(m_db);
    if (!run(q, m_query.count(filter, snapshot, scan, bound), error))
        return std::nullopt;
    if (!q.next()) {
        if (error)
            *error = classify(q, tr("Counting the history"));
        return std::nullopt;
    }
    return q.value(0).toLongLong();
}

std::optional<Timestamp::Micros> SqlHistoryReader::takeSnapshot(SourceError *error)
{
    QSqlQuery q(m_db);
    if (!run(q, m_query.snapshotNow(), error))
        return std::nullopt;
    Timestamp::Micros snapshot = Timestamp::now();
    if (q.next() && !q.value(0).isNull()) {
        const auto newest = Timestamp::parseIso(q.value(0).toString());
        if (!newest) {
            if (error)
                *error = {SourceError::Kind::BadData,
                          tr("The database returned an unreadable time (\"%1\").")
                              .arg(q.value(0).toString())};
            return std::nullopt;
        }
        // Postgres answers with its own clock; SQLite with its newest row.
        snapshot = m_dialect.isPostgres() ? *newest : std::max(snapshot, *newest);
    }
    return snapshot;
}

std::optional<PageResult> SqlHistoryReader::page(const PageRequest &request, SourceError *error)
{
    if (!request.filter.hasValidRange()) {
        if (error)
            *error = {SourceError::Kind::BadRequest,
                      tr("The end of the date range is before its start.")};
        return std::nullopt;
    }
    std::optional<Timestamp::Micros> snapshot = request.snapshot;
    if (!snapshot)
        snapshot = takeSnapshot(error);
    if (!snapshot)
        return std::nullopt;
    PageRequest r = request;
    r.pageSize = std::max(1, r.pageSize);
    switch (r.anchor) {
    case PageAnchor::First:
        return first(r, *snapshot, error);
    case PageAnchor::Last:
        return last(r, *snapshot, error);
    case PageAnchor::After:
        return after(r, *snapshot, error);
    case PageAnchor::Before:
        return before(r, *snapshot, error);
    case PageAnchor::Offset:
        return atOffset(r, *snapshot, error);
    case PageAnchor::AtTime:
        return atTime(r, *snapshot, error);
    }
    return std::nullopt;
}

std::optional<PageResult> SqlHistoryReader::first(const PageRequest &r, Timestamp::Micros snapshot,
                                                  SourceError *error)
{
    PageResult p;
    p.snapshot = snapshot;
    if (!fetch(r.filter, snapshot, displayScan(r.filter), Bound::none(), r.pageSize + 1, 0,
               p.entries, error))
        return std::nullopt;
    p.atEnd = p.entries.size() <= r.pageSize;
    p.entries.resize(std::min<qsizetype>(p.entries.size(), r.pageSize));
    p.atStart = true;
    p.offset = 0;
    if (p.atEnd)
        p.total = p.entries.size();
    return p;
}

std::optional<PageResult> SqlHistoryReader::last(const PageRequest &r, Timestamp::Micros snapshot,
                                                 SourceError *error)
{
    qint64 total = r.knownTotal;
    if (total < 0) {
        const auto counted = count(r.filter, snapshot, Scan::Descending, Bound::none(), error);
        if (!counted)
            return std::nullopt;
        total = *counted;
    }
    PageResult p;
    p.snapshot = snapshot;
    p.total = total;
    const qint64 onLastPage =
        total == 0 ? 0 : (total % r.pageSize == 0 ? r.pageSize : total % r.pageSize);
    if (!fetch(r.filter, snapshot, reverseOf(displayScan(r.filter)), Bound::none(), onLastPage, 0,
               p.entries, error))
        return std::nullopt;
    std::reverse(p.entries.begin(), p.entries.end());
    p.offset = total - p.entries.size();
    p.atEnd = true;
    p.atStart = p.offset <= 0;
    return p;
}

std::optional<PageResult> SqlHistoryReader::after(const PageRequest &r, Timestamp::Micros snapshot,
                                                  SourceError *error)
{
    PageResult p;
    p.snapshot = snapshot;
    if (!fetch(r.filter, snapshot, displayScan(r.filter), Bound::keyset(r.cursor), r.pageSize + 1,
               0, p.entries, error))
        return std::nullopt;
    p.atEnd = p.entries.size() <= r.pageSize;
    p.entries.resize(std::min<qsizetype>(p.entries.size(), r.pageSize));
    p.atStart = false;
    return p;
}

std::optional<PageResult> SqlHistoryReader::before(const PageRequest &r, Timestamp::Micros snapshot,
                                                   SourceError *error)
{
    PageResult p;
    p.snapshot = snapshot;
    if (!fetch(r.filter, snapshot, reverseOf(displayScan(r.filter)), Bound::keyset(r.cursor),
               r.pageSize + 1, 0, p.entries, error))
        return std::nullopt;
    if (p.entries.size() < r.pageSize)
        return first(r, snapshot, error); // not a full page before: realign on the start
    p.atStart = p.entries.size() == r.pageSize;
    p.entries.resize(r.pageSize);
    std::reverse(p.entries.begin(), p.entries.end());
    p.atEnd = false;
    if (p.atStart)
        p.offset = 0;
    return p;
}

std::optional<PageCursor> SqlHistoryReader::keyAt(const HistoryFilter &filter,
                                                  Timestamp::Micros snapshot, Scan scan,
                                                  qint64 offset, SourceError *error, bool *failed)
{
    *failed = false;
    const auto fail = [&](const QString &value) {
        *failed = true;
        if (error)
            *error = {SourceError::Kind::BadData,
                      tr("The database returned an unreadable time (\"%1\").").arg(value)};
        return std::nullopt;
    };
    // Read the created_at of the rows just before the target too: if the
    // run of rows sharing the target's instant starts inside that window, the
    // window says how many of them precede the target. A longer run (more
    // ties than the window) widens the window and tries again.
    for (qint64 window = 64;; window *= 8) {
        const qint64 from = std::max<qint64>(0, offset - window);
        QSqlQuery q(m_db);
        if (!run(q,
                 m_query.timesAt(filter, snapshot, scan, from, offset - from + 1, mergePerAction()),
                 error)) {
            *failed = true;
            return std::nullopt;
        }
        QList<Timestamp::Micros> times;
        while (q.next()) {
            const auto t = Timestamp::parseIso(q.value(0).toString());
            if (!t)
                return fail(q.value(0).toString());
            times << *t;
        }
        if (times.size() < offset - from + 1)
            return std::nullopt; // the scan is shorter than the offset
        const Timestamp::Micros target = times.last();
        if (from > 0 && times.first() == target)
            continue;
        const qint64 tiesBefore = std::count(times.cbegin(), times.cend() - 1, target);
        QSqlQuery tie(m_db);
        if (!run(tie, m_query.keyAmongTies(filter, snapshot, scan, target, tiesBefore), error)) {
            *failed = true;
            return std::nullopt;
        }
        if (!tie.next())
            return std::nullopt;
        return PageCursor{target, tie.value(1).toString()};
    }
}

bool SqlHistoryReader::mergePerAction()
{
    if (!m_mergePerAction) {
        m_mergePerAction = false;
        if (m_dialect.isPostgres()) {
            // pg_indexes holds the definition; the optional index of
            // packaging/sql/ (or any like it) leads with org_id, created_at.
            QSqlQuery q(m_db);
            q.exec(QStringLiteral("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND "
                                  "tablename = 'seller_audit_log' AND "
                                  "indexdef ~ '\\(org_id, created_at'"));
            m_mergePerAction = q.next() && q.value(0).toInt() == 0;
        }
    }
    return *m_mergePerAction;
}

std::optional<PageResult> SqlHistoryReader::atOffset(const PageRequest &r,
                                                     Timestamp::Micros snapshot, SourceError *error)
{
    // A deep page is found in two steps: skip to its first key reading only
    // created_at, then read the page from that key like any keyset page.
    // Skipping whole rows would convert and join every row skipped.
    const qint64 n = std::max<qint64>(0, r.offset);
    if (n == 0)
        return first(r, snapshot, error);
    const qint64 total = r.knownTotal;
    if (total >= 0 && n >= total)
        return last(r, snapshot, error);
    PageResult p;
    p.snapshot = snapshot;
    p.offset = n;
    p.atStart = false;
    bool failed = false;
    if (total >= 0 && n > total * 3 / 5) {
        // Nearer the end: skip from there, so the cost is the distance to the
        // nearer end rather than the depth. (A backward index scan costs about
        // a fifth more per row, hence three fifths rather than half way.)
        const qint64 skipFromEnd = total - n - r.pageSize;
        const qint64 limit = skipFromEnd < 0 ? r.pageSize + skipFromEnd : r.pageSize;
        const Scan scan = reverseOf(displayScan(r.filter));
        const auto key =
            keyAt(r.filter, snapshot, scan, std::max<qint64>(0, skipFromEnd), error, &failed);
        if (failed)
            return std::nullopt;
        if (!key)
            return last(r, snapshot, error); // rows went away since the count
        if (!fetch(r.filter, snapshot, scan, Bound::from(*key), limit, 0, p.entries, error))
            return std::nullopt;
        std::reverse(p.entries.begin(), p.entries.end());
        p.atEnd = n + p.entries.size() >= total;
        p.total = total;
        return p;
    }
    const Scan scan = displayScan(r.filter);
    const auto key = keyAt(r.filter, snapshot, scan, n, error, &failed);
    if (failed)
        return std::nullopt;
    if (!key) {
        PageRequest lastRequest = r;
        lastRequest.knownTotal = -1;
        return last(lastRequest, snapshot, error); // past the end: show the last page
    }
    if (!fetch(r.filter, snapshot, scan, Bound::from(*key), r.pageSize + 1, 0, p.entries, error))
        return std::nullopt;
    p.atEnd = p.entries.size() <= r.pageSize;
    p.entries.resize(std::min<qsizetype>(p.entries.size(), r.pageSize));
    return p;
}

std::optional<PageResult> SqlHistoryReader::atTime(const PageRequest &r, Timestamp::Micros snapshot,
                                                   SourceError *error)
{
    PageResult p;
    p.snapshot = snapshot;
    const Scan scan = displayScan(r.filter);
    if (!fetch(r.filter, snapshot, scan, Bound::split(r.time), r.pageSize + 1, 0, p.entries, error))
        return std::nullopt;
    if (p.entries.isEmpty()) {
        PageRequest lastRequest = r;
        lastRequest.knownTotal = -1;
        return last(lastRequest, snapshot, error); // nothing past the split: the far end
    }
    p.atEnd = p.entries.size() <= r.pageSize;
    p.entries.resize(std::min<qsizetype>(p.entries.size(), r.pageSize));
    QList<AuditEntry> probe;
    if (!fetch(r.filter, snapshot, reverseOf(scan), Bound::split(r.time), 1, 0, probe, error))
        return std::nullopt;
    p.atStart = probe.isEmpty();
    if (p.atStart)
        p.offset = 0;
    return p;
}

bool SqlHistoryReader::countPerAction(const SqlStatement &statement, qint64 scale,
                                      CountResult *result, SourceError *error)
{
    QSqlQuery q(m_db);
    if (!run(q, statement, error))
        return false;
    while (q.next()) {
        const auto action = ActionInfo::fromDbValue(q.value(0).toString());
        if (!action) {
            if (error)
                *error = {
                    SourceError::Kind::BadData,
                    tr("The history holds an unknown action \"%1\".").arg(q.value(0).toString())};
            return false;
        }
        result->perAction[size_t(*action)] = q.value(1).toLongLong() * scale;
    }
    if (q.lastError().isValid()) {
        if (error)
            *error = classify(q, tr("Counting the history"));
        return false;
    }
    return true;
}

std::optional<CountResult> SqlHistoryReader::counts(const CountRequest &request, SourceError *error)
{
    std::optional<Timestamp::Micros> snapshot = request.snapshot;
    if (!snapshot)
        snapshot = takeSnapshot(error);
    if (!snapshot)
        return std::nullopt;
    CountResult result;
    if (request.kind == CountKind::RowsBefore) {
        const auto n = count(request.filter, *snapshot, reverseOf(displayScan(request.filter)),
                             Bound::keyset(request.cursor), error);
        if (!n)
            return std::nullopt;
        result.rowsBefore = *n;
        return result;
    }
    // On Postgres a first answer may be an estimate from a sample of the
    // table's pages: counting a million rows exactly takes a tenth of a
    // second or more, and the figure only needs to be right in magnitude
    // until the exact one (asked for next) arrives.
    if (request.allowEstimate && m_dialect.isPostgres()) {
        CountResult estimate;
        const qint64 scale = 100 / EstimateSamplePercent;
        if (!countPerAction(m_query.countByAction(request.filter, *snapshot, EstimateSamplePercent),
                            scale, &estimate, error))
            return std::nullopt;
        if (estimate.totalFor({}) > m_estimateAbove) {
            estimate.accuracy = CountAccuracy::Estimated;
            return estimate;
        }
    }
    if (!countPerAction(m_query.countByAction(request.filter, *snapshot), 1, &result, error))
        return std::nullopt;
    result.accuracy = CountAccuracy::Exact;
    return result;
}
