// The behavioural suite of paging, for every way the app reads the history
// (SQLite, Postgres, and the REST API through the contract server): every
// anchor against a reference computed in C++ from the fixture rows (the
// ORDER BY created_at, id of the org), with ties, two orgs, filters and rows
// arriving mid-walk.
#include "historyaccess.h"
#include "sqlhistoryreader.h"
#include "testdatabase.h"
#include "upstreamjson.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z
const QString Main = QString::fromLatin1(TestDatabase::MainOrg);
const QString Other = QString::fromLatin1(TestDatabase::OtherOrg);

struct Row
{
    AuditEntry entry;
    QString org;
};

QString nameFor(int i)
{
    static const QStringList names{
        QStringLiteral("Acme Trading"),     QStringLiteral("vintage finds"),
        QStringLiteral("100%_real deals"),  QStringLiteral("Bolt & Nut"),
        QStringLiteral("acme outlet"),      QStringLiteral("Quiet Shop"),
        QStringLiteral("O'Brien \"Best\""), QStringLiteral("=SUM(A1)"),
    };
    return names.at(i % names.size()) + QStringLiteral(" #%1").arg(i);
}

} // namespace

class TestPagingSuite : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void shouldWalkForwardWithoutGapsOrRepeats_data();
    void shouldWalkForwardWithoutGapsOrRepeats();
    void shouldWalkBackwardFromTheLastPage_data();
    void shouldWalkBackwardFromTheLastPage();
    void shouldAlignTheLastPage_data();
    void shouldAlignTheLastPage();
    void shouldJumpToAnyOffset_data();
    void shouldJumpToAnyOffset();
    void shouldSplitByTime_data();
    void shouldSplitByTime();
    void shouldCountPerActionAndRowsBefore_data();
    void shouldCountPerActionAndRowsBefore();
    void shouldJumpIntoALongRunOfTies_data();
    void shouldJumpIntoALongRunOfTies();
    void shouldAnswerSmallCountsExactlyEvenWhenAnEstimateWouldDo();
    void shouldEstimateLargeCountsOnPostgres();
    void shouldKeepAWalkStableWhileRowsArrive();
    void shouldNeverShowAnotherOrgsRows();
    void shouldNameActorsFromProfiles();
    void shouldReportUnreadableRowsAsBadData();
    void shouldSayWhenTheTablesAreMissing();
    void shouldRefuseAnInvertedRange();

private:
    QList<AuditEntry> reference(const HistoryFilter &filter, const QString &org = Main) const;
    HistoryAccess &access(const QString &org = Main);
    bool rest() const { return HistoryAccess::kindFromEnvironment() == HistoryAccess::Kind::Rest; }
    std::optional<PageResult> page(HistoryAccess &r, PageRequest request);
    static QStringList ids(const QList<AuditEntry> &entries);

    std::unique_ptr<TestDatabase> m_db;
    std::map<QString, std::unique_ptr<HistoryAccess>> m_access;
    QList<Row> m_rows;
    std::unique_ptr<TestDatabase> m_ties;
    std::unique_ptr<HistoryAccess> m_tiesAccess;
    QStringList m_tiesExpected;
};

void TestPagingSuite::initTestCase()
{
    SH_REQUIRE_HISTORY_ACCESS();
    m_db = TestDatabase::create(HistoryAccess::backendFromEnvironment());
    QVERIFY(m_db);
    QVERIFY(m_db->addProfile(TestDatabase::uuid(9001), QStringLiteral("ana@example.com"),
                             QStringLiteral("Ana Analyst")));
    QVERIFY(
        m_db->addProfile(TestDatabase::uuid(9002), QStringLiteral("bo@example.com"), QString()));
    // 240 rows in the main org, 60 in the other; every fourth row shares the
    // previous row's instant, so ties are broken by id in both directions.
    Timestamp::Micros t = Base;
    for (int i = 0; i < 300; ++i) {
        if (i % 4 != 3)
            t += 37 * Timestamp::MicrosPerMinute + i;
        AuditEntry e = TestDatabase::addRow(quint64(1000 + (i * 7919) % 5000), t, nameFor(i));
        e.action = Action(i % ActionCount);
        e.userId = i % 3 == 0   ? TestDatabase::uuid(9001)
                   : i % 3 == 1 ? TestDatabase::uuid(9002)
                                : QString();
        if (e.action == Action::Flag) {
            e.newValue = UpstreamJson::encodeColumn(
                {{QStringLiteral("flagged"), true},
                 {QStringLiteral("sellers"),
                  QJsonArray{nameFor(i), QStringLiteral("Zeta Store")}}});
            e.sellerName = QStringLiteral("Flagged 2 sellers");
            e.affectedCount = 2;
        }
        const QString org = i % 5 == 4 && i % 2 == 0 ? Other : Main;
        QVERIFY(m_db->insert(e, org));
        m_rows.append({e, org});
    }

    // 10 rows, then 700 sharing one instant (more than the first skipping
    // window of 64 and its first widening to 512), then 10 rows.
    m_ties = TestDatabase::create(m_db->backend());
    QVERIFY(m_ties);
    QList<AuditEntry> ties;
    for (int i = 0; i < 720; ++i) {
        const Timestamp::Micros at = i < 10    ? Base + (100 - i) * Timestamp::MicrosPerHour
                                     : i < 710 ? Base
                                               : Base - (i - 700) * Timestamp::MicrosPerHour;
        ties << TestDatabase::addRow(quint64(1 + (i * 7919) % 5000), at,
                                     QStringLiteral("r%1").arg(i));
    }
    for (const AuditEntry &e : std::as_const(ties))
        QVERIFY(m_ties->insert(e));
    std::sort(ties.begin(), ties.end(), [](const AuditEntry &a, const AuditEntry &b) {
        return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
    });
    m_tiesExpected = ids(ties);
}

void TestPagingSuite::cleanupTestCase()
{
    m_access.clear();
    m_tiesAccess.reset();
    m_db.reset();
    m_ties.reset();
}

QList<AuditEntry> TestPagingSuite::reference(const HistoryFilter &f, const QString &org) const
{
    QList<AuditEntry> out;
    for (const Row &r : m_rows) {
        const AuditEntry &e = r.entry;
        if (r.org != org)
            continue;
        if (!f.matchesAllActions() && !f.actions.contains(e.action))
            continue;
        if ((f.from && e.createdAt < *f.from) || (f.to && e.createdAt >= *f.to))
            continue;
        if (!f.search.isEmpty() && !e.sellerName.contains(f.search, Qt::CaseInsensitive) &&
            !QString::fromUtf8(e.newValue).contains(f.search, Qt::CaseInsensitive))
            continue;
        out.append(e);
    }
    const auto keyLess = [](const AuditEntry &a, const AuditEntry &b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
    };
    std::sort(out.begin(), out.end(), [&](const AuditEntry &a, const AuditEntry &b) {
        return f.order == SortOrder::OldestFirst ? keyLess(a, b) : keyLess(b, a);
    });
    return out;
}

HistoryAccess &TestPagingSuite::access(const QString &org)
{
    auto &slot = m_access[org];
    if (!slot)
        slot = HistoryAccess::open(*m_db, org, HistoryAccess::kindFromEnvironment());
    if (!slot)
        qFatal("cannot open the history of the test database");
    return *slot;
}

std::optional<PageResult> TestPagingSuite::page(HistoryAccess &r, PageRequest request)
{
    SourceError error;
    auto result = r.page(request, &error);
    if (!result)
        qWarning("page failed: %s", qPrintable(error.message));
    return result;
}

QStringList TestPagingSuite::ids(const QList<AuditEntry> &entries)
{
    QStringList out;
    for (const AuditEntry &e : entries)
        out << e.id;
    return out;
}

static void addFilters()
{
    QTest::addColumn<HistoryFilter>("filter");
    QTest::addColumn<int>("pageSize");
    HistoryFilter all;
    HistoryFilter oldest;
    oldest.order = SortOrder::OldestFirst;
    HistoryFilter flags;
    flags.actions = Actions(Action::Flag) | Action::Add;
    HistoryFilter range;
    range.from = Base + 2 * Timestamp::MicrosPerDay;
    range.to = Base + 4 * Timestamp::MicrosPerDay;
    HistoryFilter search;
    search.search = QStringLiteral("ACME");
    HistoryFilter literal;
    literal.search = QStringLiteral("100%_r");
    literal.order = SortOrder::OldestFirst;
    QTest::newRow("all, 1 per page") << all << 1;
    QTest::newRow("all, 7 per page") << all << 7;
    QTest::newRow("all, 25 per page") << all << 25;
    QTest::newRow("all, one page holds all") << all << 1000;
    QTest::newRow("oldest first, 9") << oldest << 9;
    QTest::newRow("add+flag, 10") << flags << 10;
    QTest::newRow("two days, 6") << range << 6;
    QTest::newRow("search acme, 5") << search << 5;
    QTest::newRow("search with LIKE metacharacters") << literal << 3;
}

void TestPagingSuite::shouldWalkForwardWithoutGapsOrRepeats_data()
{
    addFilters();
}

void TestPagingSuite::shouldWalkForwardWithoutGapsOrRepeats()
{
    QFETCH(HistoryFilter, filter);
    if (rest() && !filter.search.isEmpty())
        QSKIP("the REST API cannot search");
    QFETCH(int, pageSize);
    const QStringList expected = ids(reference(filter));
    QVERIFY(!expected.isEmpty());
    HistoryAccess &r = access();
    PageRequest req;
    req.filter = filter;
    req.pageSize = pageSize;
    auto p = page(r, req);
    QVERIFY(p);
    QCOMPARE(p->offset, 0);
    QVERIFY(p->atStart);
    QStringList walked = ids(p->entries);
    int pages = 1;
    while (!p->atEnd) {
        QCOMPARE(p->entries.size(), pageSize);
        req.anchor = PageAnchor::After;
        req.cursor = p->lastCursor();
        req.snapshot = p->snapshot;
        p = page(r, req);
        QVERIFY(p);
        QVERIFY(!p->atStart);
        walked << ids(p->entries);
        QVERIFY(++pages <= expected.size() + 1);
    }
    QCOMPARE(walked, expected);
}

void TestPagingSuite::shouldWalkBackwardFromTheLastPage_data()
{
    addFilters();
}

void TestPagingSuite::shouldWalkBackwardFromTheLastPage()
{
    QFETCH(HistoryFilter, filter);
    if (rest() && !filter.search.isEmpty())
        QSKIP("the REST API cannot search");
    QFETCH(int, pageSize);
    const QStringList expected = ids(reference(filter));
    HistoryAccess &r = access();
    PageRequest req;
    req.filter = filter;
    req.pageSize = pageSize;
    req.anchor = PageAnchor::Last;
    auto p = page(r, req);
    QVERIFY(p);
    QVERIFY(p->atEnd);
    QCOMPARE(p->total, expected.size());
    QStringList walked = ids(p->entries);
    qint64 offset = p->offset;
    while (!p->atStart) {
        req.anchor = PageAnchor::Before;
        req.cursor = p->firstCursor();
        req.snapshot = p->snapshot;
        p = page(r, req);
        QVERIFY(p);
        QVERIFY(!p->atEnd);
        QCOMPARE(p->entries.size(), pageSize);
        walked = ids(p->entries) + walked;
        offset -= pageSize;
    }
    QCOMPARE(offset, 0);
    QCOMPARE(p->offset, 0);
    QCOMPARE(walked, expected);
}

void TestPagingSuite::shouldAlignTheLastPage_data()
{
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<bool>("totalKnown");
    for (int size : {1, 7, 10, 25, 500}) {
        QTest::addRow("%d per page, total known", size) << size << true;
        QTest::addRow("%d per page, total counted", size) << size << false;
    }
}

void TestPagingSuite::shouldAlignTheLastPage()
{
    QFETCH(int, pageSize);
    QFETCH(bool, totalKnown);
    const QStringList expected = ids(reference({}));
    const qint64 total = expected.size();
    HistoryAccess &r = access();
    PageRequest req;
    req.pageSize = pageSize;
    req.anchor = PageAnchor::Last;
    req.knownTotal = totalKnown ? total : -1;
    auto p = page(r, req);
    QVERIFY(p);
    const qint64 onLast = total % pageSize == 0 ? pageSize : total % pageSize;
    QCOMPARE(p->entries.size(), std::min<qint64>(onLast, total));
    QCOMPARE(p->offset, total - p->entries.size());
    QCOMPARE(p->offset % pageSize, 0);
    QCOMPARE(ids(p->entries), expected.mid(p->offset));
    QCOMPARE(p->atStart, total <= pageSize);
}

void TestPagingSuite::shouldJumpToAnyOffset_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<bool>("totalKnown");
    QTest::addColumn<bool>("oldestFirst");
    for (bool known : {true, false}) {
        for (bool oldest : {false, true}) {
            const char *k = known ? "known" : "unknown";
            const char *o = oldest ? "oldest" : "newest";
            QTest::addRow("start, total %s, %s", k, o) << qint64(0) << known << oldest;
            QTest::addRow("second page, %s, %s", k, o) << qint64(10) << known << oldest;
            QTest::addRow("middle, %s, %s", k, o) << qint64(100) << known << oldest;
            QTest::addRow("near the end, %s, %s", k, o) << qint64(200) << known << oldest;
            QTest::addRow("last partial page, %s, %s", k, o) << qint64(230) << known << oldest;
            QTest::addRow("past the end, %s, %s", k, o) << qint64(5000) << known << oldest;
        }
    }
}

void TestPagingSuite::shouldJumpToAnyOffset()
{
    QFETCH(qint64, offset);
    QFETCH(bool, totalKnown);
    QFETCH(bool, oldestFirst);
    HistoryFilter filter;
    filter.order = oldestFirst ? SortOrder::OldestFirst : SortOrder::NewestFirst;
    const QStringList expected = ids(reference(filter));
    const qint64 total = expected.size();
    constexpr int Size = 10;
    HistoryAccess &r = access();
    PageRequest req;
    req.filter = filter;
    req.pageSize = Size;
    req.anchor = PageAnchor::Offset;
    req.offset = offset;
    req.knownTotal = totalKnown ? total : -1;
    auto p = page(r, req);
    QVERIFY(p);
    // Past the end lands on the aligned last page.
    const qint64 lastStart = ((total - 1) / Size) * Size;
    const qint64 start = offset >= total ? lastStart : offset;
    QCOMPARE(p->offset, start);
    QCOMPARE(ids(p->entries), expected.mid(start, Size));
    QCOMPARE(p->atStart, start == 0);
    QCOMPARE(p->atEnd, start + Size >= total);
}

void TestPagingSuite::shouldSplitByTime_data()
{
    QTest::addColumn<int>(
        "splitRow"); // split at the created_at of this reference row; -1 before all, -2 after all
    QTest::addColumn<bool>("oldestFirst");
    for (bool oldest : {false, true}) {
        const char *o = oldest ? "oldest" : "newest";
        QTest::addRow("a plain row, %s", o) << 50 << oldest;
        QTest::addRow("a tied instant, %s", o) << 3 << oldest;
        QTest::addRow("before everything, %s", o) << -1 << oldest;
        QTest::addRow("after everything, %s", o) << -2 << oldest;
    }
}

void TestPagingSuite::shouldSplitByTime()
{
    QFETCH(int, splitRow);
    QFETCH(bool, oldestFirst);
    HistoryFilter filter;
    filter.order = oldestFirst ? SortOrder::OldestFirst : SortOrder::NewestFirst;
    const QList<AuditEntry> expected = reference(filter);
    QList<AuditEntry> ascending = reference({});
    std::reverse(ascending.begin(), ascending.end());
    const Timestamp::Micros split = splitRow == -1   ? Base - 1
                                    : splitRow == -2 ? ascending.last().createdAt + 1
                                                     : ascending.at(splitRow).createdAt;
    constexpr int Size = 8;
    HistoryAccess &r = access();
    PageRequest req;
    req.filter = filter;
    req.pageSize = Size;
    req.anchor = PageAnchor::AtTime;
    req.time = split;
    auto p = page(r, req);
    QVERIFY(p);
    // Newest first shows rows created before the split; oldest first from it
    // on. With nothing on that side, the far end (the last page) is shown.
    qsizetype first = -1;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const bool past =
            oldestFirst ? expected.at(i).createdAt >= split : expected.at(i).createdAt < split;
        if (past) {
            first = i;
            break;
        }
    }
    if (first < 0) {
        const qsizetype total = expected.size();
        first = ((total - 1) / Size) * Size;
        QCOMPARE(p->offset, first);
    }
    QCOMPARE(ids(p->entries), ids(expected.mid(first, Size)));
    QCOMPARE(p->atStart, first == 0);
    if (first == 0)
        QCOMPARE(p->offset, 0);
}

void TestPagingSuite::shouldCountPerActionAndRowsBefore_data()
{
    addFilters();
}

void TestPagingSuite::shouldCountPerActionAndRowsBefore()
{
    QFETCH(HistoryFilter, filter);
    if (rest() && !filter.search.isEmpty())
        QSKIP("the REST API cannot search");
    QFETCH(int, pageSize);
    Q_UNUSED(pageSize)
    HistoryAccess &r = access();
    CountRequest c;
    c.filter = filter;
    SourceError error;
    auto counts = r.counts(c, &error);
    QVERIFY2(counts, qPrintable(error.message));
    QCOMPARE(counts->accuracy, CountAccuracy::Exact);
    for (Action a : ActionInfo::list()) {
        HistoryFilter one = filter;
        one.actions = a;
        QCOMPARE(counts->perAction[size_t(a)], reference(one).size());
    }
    const QList<AuditEntry> expected = reference(filter);
    QCOMPARE(counts->totalFor(filter.actions), expected.size());
    for (qsizetype index : {qsizetype(0), expected.size() / 2, expected.size() - 1}) {
        c.kind = CountKind::RowsBefore;
        c.cursor = {expected.at(index).createdAt, expected.at(index).id};
        auto before = r.counts(c, &error);
        QVERIFY2(before, qPrintable(error.message));
        QCOMPARE(before->rowsBefore, index);
    }
}

void TestPagingSuite::shouldJumpIntoALongRunOfTies_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<bool>("totalKnown");
    for (bool known : {false, true}) {
        const char *k = known ? "total known" : "total unknown";
        QTest::addRow("into the run, %s", k) << qint64(40) << known;
        QTest::addRow("deep in the run, %s", k) << qint64(600) << known;
        QTest::addRow("at the run's first row, %s", k) << qint64(10) << known;
        QTest::addRow("after the run, %s", k) << qint64(712) << known;
    }
}

void TestPagingSuite::shouldJumpIntoALongRunOfTies()
{
    QFETCH(qint64, offset);
    QFETCH(bool, totalKnown);
    const QStringList &expected = m_tiesExpected;
    if (!m_tiesAccess)
        m_tiesAccess = HistoryAccess::open(*m_ties, Main, HistoryAccess::kindFromEnvironment());
    QVERIFY(m_tiesAccess);
    PageRequest req;
    req.pageSize = 8;
    req.anchor = PageAnchor::Offset;
    req.offset = offset;
    req.knownTotal = totalKnown ? expected.size() : -1;
    SourceError error;
    auto p = m_tiesAccess->page(req, &error);
    QVERIFY2(p, qPrintable(error.message));
    QCOMPARE(p->offset, offset);
    QCOMPARE(ids(p->entries), expected.mid(offset, 8));
}

void TestPagingSuite::shouldAnswerSmallCountsExactlyEvenWhenAnEstimateWouldDo()
{
    // Estimates are for counts far above what tests hold (see the benchmark
    // for a million rows); below the threshold the answer must be exact.
    HistoryAccess &r = access();
    CountRequest c;
    c.allowEstimate = true;
    SourceError error;
    auto counts = r.counts(c, &error);
    QVERIFY2(counts, qPrintable(error.message));
    QCOMPARE(counts->accuracy, CountAccuracy::Exact);
    QCOMPARE(counts->totalFor({}), reference({}).size());
}

void TestPagingSuite::shouldEstimateLargeCountsOnPostgres()
{
    if (rest())
        QSKIP("estimates are the direct Postgres reader's");
    if (m_db->backend() != TestDatabase::Backend::Postgres)
        QSKIP("SQLite always counts exactly");
    auto db = TestDatabase::create(m_db->backend());
    QVERIFY(db);
    // 60,000 rows, two in three of them adds, generated by the server.
    QVERIFY(db->exec(
        QStringLiteral(
            "INSERT INTO seller_audit_log (org_id, action, seller_name, source, created_at) "
            "SELECT '%1', CASE WHEN g % 3 = 0 THEN 'flag' ELSE 'add' END, 's' || g, 'manual', "
            "timestamptz '2025-01-01' + g * interval '1 minute' FROM generate_series(1, 60000) g")
            .arg(Main)));
    QVERIFY(db->exec(QStringLiteral("ANALYZE seller_audit_log")));
    SourceError error;
    QSqlDatabase conn = db->spec().open(QStringLiteral("estimates"), true, &error);
    {
        SqlHistoryReader r(conn, SqlDialect(db->spec().kind), Main);
        r.setEstimateAbove(10'000);
        CountRequest c;
        c.allowEstimate = true;
        auto estimate = r.counts(c, &error);
        QVERIFY2(estimate, qPrintable(error.message));
        QCOMPARE(estimate->accuracy, CountAccuracy::Estimated);
        const qint64 total = estimate->totalFor({});
        QVERIFY2(total > 40'000 && total < 80'000, qPrintable(QString::number(total)));
        QVERIFY(estimate->perAction[size_t(Action::Add)] >
                estimate->perAction[size_t(Action::Flag)]);

        c.allowEstimate = false;
        auto exact = r.counts(c, &error);
        QVERIFY2(exact, qPrintable(error.message));
        QCOMPARE(exact->accuracy, CountAccuracy::Exact);
        QCOMPARE(exact->perAction[size_t(Action::Add)], 40'000);
        QCOMPARE(exact->perAction[size_t(Action::Flag)], 20'000);
    }
    conn = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("estimates"));
}

void TestPagingSuite::shouldKeepAWalkStableWhileRowsArrive()
{
    auto db = TestDatabase::create(m_db->backend());
    QVERIFY(db);
    for (int i = 0; i < 40; ++i)
        QVERIFY(db->insert(TestDatabase::addRow(i + 1, Base + i * Timestamp::MicrosPerHour,
                                                QStringLiteral("seller %1").arg(i))));
    auto r = HistoryAccess::open(*db, Main, HistoryAccess::kindFromEnvironment());
    QVERIFY(r);
    SourceError error;
    PageRequest req;
    req.pageSize = 6;
    auto p = r->page(req, &error);
    QVERIFY2(p, qPrintable(error.message));
    const Timestamp::Micros snapshot = p->snapshot;
    QStringList walked = ids(p->entries);
    int inserted = 0;
    while (!p->atEnd) {
        // New events arrive between pages, newer than the snapshot.
        QVERIFY(db->insert(TestDatabase::addRow(500 + inserted, snapshot + 1000 + inserted,
                                                QStringLiteral("newer"))));
        ++inserted;
        req.anchor = PageAnchor::After;
        req.cursor = p->lastCursor();
        req.snapshot = snapshot;
        p = r->page(req, &error);
        QVERIFY2(p, qPrintable(error.message));
        walked << ids(p->entries);
    }
    QStringList expected;
    for (int i = 39; i >= 0; --i)
        expected << TestDatabase::uuid(i + 1);
    QCOMPARE(walked, expected);
    QVERIFY(inserted > 3);

    // The same snapshot counts the same rows; a new snapshot sees the new ones.
    CountRequest c;
    c.snapshot = snapshot;
    QCOMPARE(r->counts(c, &error)->totalFor({}), 40);
    c.snapshot.reset();
    QCOMPARE(r->counts(c, &error)->totalFor({}), 40 + inserted);
}

void TestPagingSuite::shouldNeverShowAnotherOrgsRows()
{
    for (const QString &org : {Main, Other}) {
        HistoryAccess &r = access(org);
        PageRequest req;
        req.pageSize = 1000;
        auto p = page(r, req);
        QVERIFY(p);
        QCOMPARE(ids(p->entries), ids(reference({}, org)));
        QSet<QString> theirs;
        for (const Row &row : std::as_const(m_rows)) {
            if (row.org != org)
                theirs.insert(row.entry.id);
        }
        for (const AuditEntry &e : std::as_const(p->entries))
            QVERIFY(!theirs.contains(e.id));
    }
}

void TestPagingSuite::shouldNameActorsFromProfiles()
{
    if (rest())
        QSKIP("the API returns user ids only");
    // A display name when the profile has one, else its email, else nothing
    // (the table then shows the id).
    HistoryAccess &r = access();
    PageRequest req;
    req.pageSize = 1000;
    auto p = page(r, req);
    QVERIFY(p);
    QSet<QString> seen;
    for (const AuditEntry &e : std::as_const(p->entries)) {
        const QString expected =
            e.userId == TestDatabase::uuid(9001)   ? QStringLiteral("Ana Analyst")
            : e.userId == TestDatabase::uuid(9002) ? QStringLiteral("bo@example.com")
                                                   : QString();
        QCOMPARE(e.userName, expected);
        seen.insert(e.userName);
    }
    QCOMPARE(seen.size(), 3);
}

void TestPagingSuite::shouldReportUnreadableRowsAsBadData()
{
    if (m_db->backend() == TestDatabase::Backend::Postgres)
        QSKIP("Postgres cannot store an unreadable time");
    auto db = TestDatabase::createSqlite();
    QVERIFY(db);
    QVERIFY(db->insert(
        TestDatabase::addRow(1, Base + Timestamp::MicrosPerDay, QStringLiteral("fine"))));
    QVERIFY(db->insert(TestDatabase::addRow(2, Base, QStringLiteral("broken"))));
    QVERIFY(db->exec(QStringLiteral("UPDATE seller_audit_log SET created_at = '2025-01-01 noon' "
                                    "WHERE seller_name = 'broken'")));
    SourceError error;
    QSqlDatabase conn = db->spec().open(QStringLiteral("bad-data"), true, &error);
    {
        SqlHistoryReader r(conn, SqlDialect(SqlConnectionSpec::Kind::Sqlite), Main);
        QVERIFY(!r.page(PageRequest{}, &error));
        QCOMPARE(error.kind, SourceError::Kind::BadData);
        QVERIFY2(error.message.contains(QLatin1String("noon")), qPrintable(error.message));
    }
    conn = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("bad-data"));
}

void TestPagingSuite::shouldSayWhenTheTablesAreMissing()
{
    if (rest())
        QSKIP("the API reports a broken database as a server failure");
    auto db = TestDatabase::create(m_db->backend());
    QVERIFY(db);
    QVERIFY(db->exec(QStringLiteral("DROP TABLE seller_audit_log")));
    SourceError error;
    QSqlDatabase conn = db->spec().open(QStringLiteral("no-tables"), true, &error);
    QVERIFY(conn.isOpen());
    {
        SqlHistoryReader r(conn, SqlDialect(db->spec().kind), Main);
        PageRequest request;
        request.snapshot = Base;
        QVERIFY(!r.page(request, &error));
        QCOMPARE(error.kind, SourceError::Kind::BadData);
        QVERIFY2(error.message.contains(QLatin1String("expected tables")),
                 qPrintable(error.message));
    }
    conn = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("no-tables"));
}

void TestPagingSuite::shouldRefuseAnInvertedRange()
{
    HistoryAccess &r = access();
    PageRequest req;
    req.filter.from = Base + 10;
    req.filter.to = Base;
    SourceError error;
    QVERIFY(!r.page(req, &error));
    QCOMPARE(error.kind, SourceError::Kind::BadRequest);
}

QTEST_GUILESS_MAIN(TestPagingSuite)
#include "tst_pagingsuite.moc"
