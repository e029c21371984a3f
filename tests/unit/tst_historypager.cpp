// HistoryPager: the request/answer choreography (scripted with FakeSource:
// out-of-order and failed answers) and a walk over a real SQLite source.
#include "fakesource.h"
#include "historypager.h"
#include "sqlsource.h"
#include "testdatabase.h"

#include <QSignalSpy>
#include <QTest>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z

AuditEntry entry(int n)
{
    return TestDatabase::addRow(quint64(n), Base + n * Timestamp::MicrosPerMinute,
                                QStringLiteral("seller %1").arg(n));
}

// A page of `count` rows starting at row `first` of a newest-first log.
PageResult pageOf(int first, int count, bool atStart, bool atEnd, qint64 offset = -1)
{
    PageResult p;
    for (int i = 0; i < count; ++i)
        p.entries << entry(100000 - first - i);
    p.atStart = atStart;
    p.atEnd = atEnd;
    p.offset = offset;
    p.snapshot = Base + 42;
    return p;
}

CountResult countsOf(qint64 addCount, qint64 flagCount)
{
    CountResult c;
    c.perAction[size_t(Action::Add)] = addCount;
    c.perAction[size_t(Action::Flag)] = flagCount;
    return c;
}

} // namespace

class TestHistoryPager : public QObject
{
    Q_OBJECT

private slots:
    void shouldLoadTheFirstPageThenAskForCounts();
    void shouldComputeOffsetsWhilePaging();
    void shouldDropStaleAnswers();
    void shouldKeepThePageWhenALoadFails();
    void shouldReportLoadingOnlyWhileAPageIsPending();
    void shouldPlaceAPageFoundByTime();
    void shouldKeepThePositionWhenThePageSizeChanges();
    void shouldStartOverWithANewSnapshotOnFilterChange();
    void shouldFollowAnEstimateWithTheExactCount();
    void shouldUseTheSelectedActionsForTheTotal_data();
    void shouldUseTheSelectedActionsForTheTotal();
    void shouldPageThroughARealSource();
};

void TestHistoryPager::shouldLoadTheFirstPageThenAskForCounts()
{
    FakeSource source;
    HistoryPager pager;
    QSignalSpy pageChanged(&pager, &HistoryPager::pageChanged);
    QSignalSpy countsChanged(&pager, &HistoryPager::countsChanged);
    pager.setPageSize(25);
    pager.setSource(&source);
    QCOMPARE(source.pages.size(), 1);
    const PageRequest &first = source.pages.first().request;
    QCOMPARE(first.anchor, PageAnchor::First);
    QCOMPARE(first.pageSize, 25);
    QVERIFY(!first.snapshot);         // a fresh look takes a new snapshot
    QVERIFY(source.counts.isEmpty()); // counts wait for the snapshot, pages do not wait for counts

    pageChanged.clear();
    source.replyPage(source.pages.first().id, pageOf(0, 25, true, false, 0));
    QCOMPARE(pageChanged.size(), 1);
    QCOMPARE(pager.entries().size(), 25);
    QCOMPARE(pager.offset(), 0);
    QCOMPARE(pager.currentPage(), 1);
    QCOMPARE(pager.pageCount(), 0); // total not known yet
    QCOMPARE(pager.totalAccuracy(), CountAccuracy::Unknown);
    QVERIFY(!pager.canGoBack());
    QVERIFY(pager.canGoForward());

    QCOMPARE(source.counts.size(), 1);
    QCOMPARE(source.counts.first().request.snapshot, std::optional<Timestamp::Micros>(Base + 42));
    QCOMPARE(source.counts.first().request.kind, CountKind::PerAction);
    source.replyCounts(source.counts.first().id, countsOf(90, 10));
    QCOMPARE(pager.total(), 100);
    QCOMPARE(pager.totalAccuracy(), CountAccuracy::Exact);
    QCOMPARE(pager.pageCount(), 4);
    QVERIFY(countsChanged.size() >= 1);
}

void TestHistoryPager::shouldComputeOffsetsWhilePaging()
{
    FakeSource source;
    HistoryPager pager;
    pager.setPageSize(25);
    pager.setSource(&source);
    source.replyPage(1, pageOf(0, 25, true, false, 0));

    pager.next();
    QCOMPARE(source.pages.last().request.anchor, PageAnchor::After);
    QCOMPARE(source.pages.last().request.cursor,
             PageCursor({entry(100000 - 24).createdAt, entry(100000 - 24).id}));
    QCOMPARE(source.pages.last().request.snapshot, std::optional<Timestamp::Micros>(Base + 42));
    source.replyPage(source.pages.last().id, pageOf(25, 25, false, false));
    QCOMPARE(pager.offset(), 25);
    QCOMPARE(pager.currentPage(), 2);

    pager.next();
    source.replyPage(source.pages.last().id, pageOf(50, 10, false, true));
    QCOMPARE(pager.offset(), 50);
    QVERIFY(!pager.canGoForward());
    const qsizetype sent = source.pages.size();
    pager.next(); // nothing beyond the end: no request
    QCOMPARE(source.pages.size(), sent);

    pager.previous();
    QCOMPARE(source.pages.last().request.anchor, PageAnchor::Before);
    source.replyPage(source.pages.last().id, pageOf(25, 25, false, false));
    QCOMPARE(pager.offset(), 25);

    pager.last();
    QCOMPARE(source.pages.last().request.anchor, PageAnchor::Last);
    source.replyPage(source.pages.last().id, pageOf(50, 10, false, true, 50));
    QCOMPARE(pager.offset(), 50);
    QCOMPARE(pager.currentPage(), 3);

    pager.goToPage(2);
    QCOMPARE(source.pages.last().request.anchor, PageAnchor::Offset);
    QCOMPARE(source.pages.last().request.offset, 25);
}

void TestHistoryPager::shouldDropStaleAnswers()
{
    FakeSource source;
    HistoryPager pager;
    pager.setPageSize(25);
    pager.setSource(&source);
    source.replyPage(1, pageOf(0, 25, true, false, 0));
    QSignalSpy pageChanged(&pager, &HistoryPager::pageChanged);

    pager.next();
    const auto superseded = source.pages.last().id;
    pager.last();
    const auto latest = source.pages.last().id;
    QVERIFY(source.cancelled.contains(superseded));

    // The answers arrive in the wrong order: the newer one first.
    source.replyPage(latest, pageOf(75, 25, false, true, 75));
    source.replyPage(superseded, pageOf(25, 25, false, false));
    QCOMPARE(pageChanged.size(), 1);
    QCOMPARE(pager.offset(), 75);
    QCOMPARE(pager.entries().first().id, entry(100000 - 75).id);

    // Another client's answers are not ours either.
    source.replyPage(9999, pageOf(0, 5, true, true, 0));
    QCOMPARE(pager.offset(), 75);
}

void TestHistoryPager::shouldKeepThePageWhenALoadFails()
{
    FakeSource source;
    HistoryPager pager;
    pager.setPageSize(25);
    pager.setSource(&source);
    source.replyPage(1, pageOf(0, 25, true, false, 0));
    QSignalSpy errorChanged(&pager, &HistoryPager::errorChanged);

    pager.next();
    const PageRequest failedRequest = source.pages.last().request;
    source.fail(source.pages.last().id,
                {SourceError::Kind::Unreachable, QStringLiteral("The server went away.")});
    QCOMPARE(errorChanged.size(), 1);
    QVERIFY(pager.error());
    QCOMPARE(pager.error()->message, QStringLiteral("The server went away."));
    QCOMPARE(pager.entries().size(), 25); // the previous page stays
    QCOMPARE(pager.offset(), 0);
    QVERIFY(!pager.isLoading());

    pager.retry();
    QCOMPARE(source.pages.last().request.anchor, failedRequest.anchor);
    QCOMPARE(source.pages.last().request.cursor, failedRequest.cursor);
    source.replyPage(source.pages.last().id, pageOf(25, 25, false, false));
    QVERIFY(!pager.error());
    QCOMPARE(errorChanged.size(), 2);
    QCOMPARE(pager.offset(), 25);
}

void TestHistoryPager::shouldReportLoadingOnlyWhileAPageIsPending()
{
    FakeSource source;
    HistoryPager pager;
    QSignalSpy loading(&pager, &HistoryPager::loadingChanged);
    pager.setSource(&source);
    QVERIFY(pager.isLoading());
    pager.first(); // superseding a pending load does not flicker
    source.replyPage(source.pages.last().id, pageOf(0, 10, true, true, 0));
    QVERIFY(!pager.isLoading());
    const QList<bool> states{loading.at(0).at(0).toBool(), loading.last().at(0).toBool()};
    QCOMPARE(states, (QList<bool>{true, false}));
    QCOMPARE(std::count_if(loading.cbegin(), loading.cend(),
                           [](const QList<QVariant> &a) { return a.at(0).toBool(); }),
             1);
}

void TestHistoryPager::shouldPlaceAPageFoundByTime()
{
    FakeSource source;
    HistoryPager pager;
    pager.setPageSize(25);
    pager.setSource(&source);
    source.replyPage(1, pageOf(0, 25, true, false, 0));
    source.replyCounts(source.counts.last().id, countsOf(1000, 0));

    pager.goToTime(Base + 500);
    QCOMPARE(source.pages.last().request.anchor, PageAnchor::AtTime);
    QCOMPARE(source.pages.last().request.time, Base + 500);
    source.replyPage(source.pages.last().id, pageOf(130, 25, false, false));
    QCOMPARE(pager.offset(), -1);
    QCOMPARE(pager.currentPage(), 0);
    const FakeSource::CountCall before = source.counts.last();
    QCOMPARE(before.request.kind, CountKind::RowsBefore);
    QCOMPARE(before.request.cursor.id, entry(100000 - 130).id);
    CountResult c;
    c.rowsBefore = 130;
    source.replyCounts(before.id, c);
    QCOMPARE(pager.offset(), 130);
    QCOMPARE(pager.currentPage(), 6);
}

void TestHistoryPager::shouldKeepThePositionWhenThePageSizeChanges()
{
    FakeSource source;
    HistoryPager pager;
    pager.setPageSize(25);
    pager.setSource(&source);
    source.replyPage(1, pageOf(0, 25, true, false, 0));
    pager.goToPage(5);
    source.replyPage(source.pages.last().id, pageOf(100, 25, false, false, 100));
    pager.setPageSize(50);
    QCOMPARE(source.pages.last().request.anchor, PageAnchor::Offset);
    QCOMPARE(source.pages.last().request.offset, 100);
    QCOMPARE(source.pages.last().request.pageSize, 50);
    pager.setPageSize(3); // clamped to the smallest size
    QCOMPARE(pager.pageSize(), HistoryPager::MinPageSize);
}

void TestHistoryPager::shouldStartOverWithANewSnapshotOnFilterChange()
{
    FakeSource source;
    HistoryPager pager;
    pager.setSource(&source);
    source.replyPage(1, pageOf(0, 25, true, false, 0));
    source.replyCounts(source.counts.last().id, countsOf(10, 10));
    QCOMPARE(pager.total(), 20);
    HistoryFilter f;
    f.actions = Action::Flag;
    pager.setFilter(f);
    QCOMPARE(source.pages.last().request.anchor, PageAnchor::First);
    QVERIFY(!source.pages.last().request.snapshot);
    QCOMPARE(source.pages.last().request.filter, f);
    QCOMPARE(pager.totalAccuracy(), CountAccuracy::Unknown);
    // Setting the same filter again sends nothing new.
    const qsizetype sent = source.pages.size();
    pager.setFilter(f);
    QCOMPARE(source.pages.size(), sent);
    // An inverted range is refused without asking the source.
    HistoryFilter inverted;
    inverted.from = Base + 10;
    inverted.to = Base;
    pager.setFilter(inverted);
    QCOMPARE(source.pages.size(), sent);
    QVERIFY(pager.error());
    QCOMPARE(pager.error()->kind, SourceError::Kind::BadRequest);
}

void TestHistoryPager::shouldFollowAnEstimateWithTheExactCount()
{
    FakeSource source;
    HistoryPager pager;
    pager.setPageSize(25);
    pager.setSource(&source);
    source.replyPage(1, pageOf(0, 25, true, false, 0));
    QVERIFY(source.counts.last().request.allowEstimate);
    CountResult estimate = countsOf(900000, 100000);
    estimate.accuracy = CountAccuracy::Estimated;
    source.replyCounts(source.counts.last().id, estimate);
    QCOMPARE(pager.totalAccuracy(), CountAccuracy::Estimated);
    QCOMPARE(pager.total(), 1000000);
    QCOMPARE(pager.pageCount(), 40000);

    // The exact count is asked for at once, and Last does not trust the estimate.
    QCOMPARE(source.counts.size(), 2);
    QVERIFY(!source.counts.last().request.allowEstimate);
    pager.last();
    QCOMPARE(source.pages.last().request.knownTotal, -1);
    source.replyCounts(source.counts.last().id, countsOf(912345, 100001));
    QCOMPARE(pager.totalAccuracy(), CountAccuracy::Exact);
    QCOMPARE(pager.total(), 1012346);
    QCOMPARE(source.counts.size(), 2); // nothing more to ask
}

void TestHistoryPager::shouldUseTheSelectedActionsForTheTotal_data()
{
    QTest::addColumn<Actions>("actions");
    QTest::addColumn<qint64>("total");
    QTest::newRow("all") << Actions() << qint64(30);
    QTest::newRow("add") << Actions(Action::Add) << qint64(20);
    QTest::newRow("flag") << Actions(Action::Flag) << qint64(10);
    QTest::newRow("edit") << Actions(Action::Edit) << qint64(0);
}

void TestHistoryPager::shouldUseTheSelectedActionsForTheTotal()
{
    QFETCH(Actions, actions);
    QFETCH(qint64, total);
    FakeSource source;
    HistoryPager pager;
    HistoryFilter f;
    f.actions = actions;
    pager.setFilter(f);
    pager.setSource(&source);
    source.replyPage(source.pages.last().id, pageOf(0, 25, true, false, 0));
    // Counts are asked for every action, whatever the selection (the chips show them all).
    QVERIFY(source.counts.last().request.filter.actions == actions);
    source.replyCounts(source.counts.last().id, countsOf(20, 10));
    QCOMPARE(pager.total(), total);
}

void TestHistoryPager::shouldPageThroughARealSource()
{
    auto db = TestDatabase::createSqlite();
    QVERIFY(db);
    for (int i = 0; i < 130; ++i)
        QVERIFY(db->insert(entry(i + 1)));
    SqlSource source(db->spec());
    HistoryPager pager;
    QSignalSpy pageChanged(&pager, &HistoryPager::pageChanged);
    QSignalSpy countsChanged(&pager, &HistoryPager::countsChanged);
    pager.setPageSize(50);
    pager.setSource(&source);
    QTRY_VERIFY(!pager.isLoading());
    QTRY_COMPARE(pager.totalAccuracy(), CountAccuracy::Exact);
    QCOMPARE(pager.total(), 130);
    QCOMPARE(pager.pageCount(), 3);
    QCOMPARE(pager.entries().first().id, TestDatabase::uuid(130));

    QStringList seen;
    for (const AuditEntry &e : pager.entries())
        seen << e.id;
    while (pager.canGoForward()) {
        pager.next();
        QTRY_VERIFY(!pager.isLoading());
        for (const AuditEntry &e : pager.entries())
            seen << e.id;
    }
    QCOMPARE(seen.size(), 130);
    QCOMPARE(QSet<QString>(seen.cbegin(), seen.cend()).size(), 130);
    QCOMPARE(pager.currentPage(), 3);
    QCOMPARE(pager.entries().size(), 30);

    pager.first();
    QTRY_COMPARE(pager.currentPage(), 1);
    pager.last();
    QTRY_VERIFY(!pager.isLoading());
    QCOMPARE(pager.offset(), 100);
    QCOMPARE(pager.entries().last().id, TestDatabase::uuid(1));
}

QTEST_GUILESS_MAIN(TestHistoryPager)
#include "tst_historypager.moc"
