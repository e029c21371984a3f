// SellerPager: navigation turns into the right offsets, the latest request
// wins, a failure keeps the page on screen and Retry asks again, a page past
// the end falls back to the last one; and walking a real SQLite source page
// by page visits every seller of the filter exactly once.
#include "fakesource.h"
#include "sellerpager.h"
#include "sourcewait.h"
#include "sqlsource.h"
#include "testdatabase.h"

#include <QSignalSpy>
#include <QTest>

namespace {

SellerPageResult pageAt(qint64 offset, int rows, qint64 total)
{
    SellerPageResult r;
    r.offset = offset;
    r.total = total;
    for (int i = 0; i < rows; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(quint64(offset + i + 1));
        s.displayName = QStringLiteral("Seller %1").arg(offset + i);
        r.sellers << s;
    }
    return r;
}

} // namespace

class TestSellerPager : public QObject
{
    Q_OBJECT

private slots:
    void shouldTurnNavigationIntoOffsets_data();
    void shouldTurnNavigationIntoOffsets();
    void shouldLetTheLatestRequestWin();
    void shouldKeepThePageOnFailureAndRetry();
    void shouldFallBackToTheLastPageWhenPastTheEnd();
    void shouldKeepTheFirstRowWhenThePageSizeChanges();
    void shouldStartOverWhenTheFilterChanges();
    void shouldVisitEverySellerOnceOnARealSource_data();
    void shouldVisitEverySellerOnceOnARealSource();

private:
    // A pager on `fake` showing page `offset` of `total` sellers, 10 a page.
    static void showPage(SellerPager &pager, FakeSource &fake, qint64 offset, qint64 total);
};

void TestSellerPager::showPage(SellerPager &pager, FakeSource &fake, qint64 offset, qint64 total)
{
    pager.setPageSize(10);
    if (!pager.source())
        pager.setSource(&fake);
    pager.goToPage(offset / 10 + 1);
    const auto &call = fake.sellerPages.constLast();
    fake.replySellerPage(
        call.id,
        pageAt(call.request.offset, int(std::min<qint64>(10, total - call.request.offset)), total));
}

void TestSellerPager::shouldTurnNavigationIntoOffsets_data()
{
    QTest::addColumn<qint64>("startOffset");
    QTest::addColumn<QString>("step");
    QTest::addColumn<qint64>("expectedOffset"); // -1: no request at all

    QTest::newRow("next from the first page") << qint64(0) << "next" << qint64(10);
    QTest::newRow("previous on the first page") << qint64(0) << "previous" << qint64(-1);
    QTest::newRow("previous from the third page") << qint64(20) << "previous" << qint64(10);
    QTest::newRow("next on the last page") << qint64(40) << "next" << qint64(-1);
    QTest::newRow("last") << qint64(0) << "last" << qint64(40);
    QTest::newRow("first") << qint64(30) << "first" << qint64(0);
    QTest::newRow("page 3") << qint64(0) << "page3" << qint64(20);
    QTest::newRow("page past the count") << qint64(0) << "page99" << qint64(40);
    QTest::newRow("refresh") << qint64(30) << "refresh" << qint64(30);
}

void TestSellerPager::shouldTurnNavigationIntoOffsets()
{
    QFETCH(qint64, startOffset);
    QFETCH(QString, step);
    QFETCH(qint64, expectedOffset);

    FakeSource fake;
    SellerPager pager;
    showPage(pager, fake, startOffset, 45);
    QCOMPARE(pager.offset(), startOffset);
    QCOMPARE(pager.total(), qint64(45));
    QCOMPARE(pager.pageCount(), qint64(5));
    QCOMPARE(pager.currentPage(), startOffset / 10 + 1);

    const qsizetype before = fake.sellerPages.size();
    if (step == QLatin1String("next"))
        pager.next();
    else if (step == QLatin1String("previous"))
        pager.previous();
    else if (step == QLatin1String("last"))
        pager.last();
    else if (step == QLatin1String("first"))
        pager.first();
    else if (step == QLatin1String("refresh"))
        pager.refresh();
    else
        pager.goToPage(step.mid(4).toLongLong());

    if (expectedOffset < 0) {
        QCOMPARE(fake.sellerPages.size(), before);
        QVERIFY(!pager.isLoading());
    } else {
        QCOMPARE(fake.sellerPages.size(), before + 1);
        QCOMPARE(fake.sellerPages.constLast().request.offset, expectedOffset);
        QCOMPARE(fake.sellerPages.constLast().request.pageSize, 10);
        QVERIFY(pager.isLoading());
    }
}

void TestSellerPager::shouldLetTheLatestRequestWin()
{
    FakeSource fake;
    SellerPager pager;
    showPage(pager, fake, 0, 45);
    QSignalSpy changed(&pager, &SellerPager::pageChanged);
    QSignalSpy loading(&pager, &SellerPager::loadingChanged);

    pager.next();
    const auto older = fake.sellerPages.constLast();
    pager.last();
    const auto newer = fake.sellerPages.constLast();
    QVERIFY(fake.cancelled.contains(older.id));
    QCOMPARE(loading.size(), 1); // loading once, not twice

    // The superseded answer arriving anyway changes nothing.
    fake.replySellerPage(older.id, pageAt(10, 10, 45));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(pager.offset(), qint64(0));
    QVERIFY(pager.isLoading());

    fake.replySellerPage(newer.id, pageAt(40, 5, 45));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(pager.offset(), qint64(40));
    QCOMPARE(pager.sellers().size(), 5);
    QVERIFY(!pager.canGoForward());
    QVERIFY(pager.canGoBack());
    QCOMPARE(loading.size(), 2);
    QCOMPARE(loading.constLast().at(0).toBool(), false);
}

void TestSellerPager::shouldKeepThePageOnFailureAndRetry()
{
    FakeSource fake;
    SellerPager pager;
    showPage(pager, fake, 10, 45);
    const QList<Seller> shown = pager.sellers();
    QSignalSpy errors(&pager, &SellerPager::errorChanged);

    pager.next();
    fake.fail(fake.sellerPages.constLast().id,
              {SourceError::Kind::Unreachable, QStringLiteral("server down")});
    QCOMPARE(errors.size(), 1);
    QVERIFY(pager.error().has_value());
    QCOMPARE(pager.error()->kind, SourceError::Kind::Unreachable);
    QCOMPARE(pager.sellers(), shown);
    QCOMPARE(pager.offset(), qint64(10));
    QVERIFY(!pager.isLoading());

    pager.retry();
    QCOMPARE(fake.sellerPages.constLast().request.offset, qint64(20));
    fake.replySellerPage(fake.sellerPages.constLast().id, pageAt(20, 10, 45));
    QVERIFY(!pager.error().has_value());
    QCOMPARE(errors.size(), 2);
    QCOMPARE(pager.offset(), qint64(20));
}

void TestSellerPager::shouldFallBackToTheLastPageWhenPastTheEnd()
{
    FakeSource fake;
    SellerPager pager;
    showPage(pager, fake, 40, 45);
    QSignalSpy changed(&pager, &SellerPager::pageChanged);

    // The last five sellers left the filter (unflagged under "Flagged").
    pager.refresh();
    fake.replySellerPage(fake.sellerPages.constLast().id, pageAt(40, 0, 40));
    QCOMPARE(changed.size(), 0);
    QVERIFY(pager.isLoading());
    QCOMPARE(fake.sellerPages.constLast().request.offset, qint64(30));
    fake.replySellerPage(fake.sellerPages.constLast().id, pageAt(30, 10, 40));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(pager.currentPage(), qint64(4));
    QCOMPARE(pager.pageCount(), qint64(4));
}

void TestSellerPager::shouldKeepTheFirstRowWhenThePageSizeChanges()
{
    FakeSource fake;
    SellerPager pager;
    showPage(pager, fake, 30, 45);
    pager.setPageSize(25);
    QCOMPARE(fake.sellerPages.constLast().request.offset, qint64(25)); // row 30 is on page 2
    QCOMPARE(fake.sellerPages.constLast().request.pageSize, 25);
}

void TestSellerPager::shouldStartOverWhenTheFilterChanges()
{
    FakeSource fake;
    SellerPager pager;
    showPage(pager, fake, 30, 45);
    const qsizetype before = fake.sellerPages.size();
    pager.setFilter(pager.filter()); // the same filter: nothing to do
    QCOMPARE(fake.sellerPages.size(), before);

    SellerFilter filter;
    filter.search = QStringLiteral("acme");
    filter.state = SellerFilter::State::Flagged;
    pager.setFilter(filter);
    QCOMPARE(fake.sellerPages.size(), before + 1);
    QCOMPARE(fake.sellerPages.constLast().request.offset, qint64(0));
    QCOMPARE(fake.sellerPages.constLast().request.filter, filter);
}

void TestSellerPager::shouldVisitEverySellerOnceOnARealSource_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("all, 7 a page") << int(SellerFilter::State::All) << 7;
    QTest::newRow("flagged, 4 a page") << int(SellerFilter::State::Flagged) << 4;
    QTest::newRow("unflagged, 100 a page") << int(SellerFilter::State::Unflagged) << 100;
}

void TestSellerPager::shouldVisitEverySellerOnceOnARealSource()
{
    QFETCH(int, state);
    QFETCH(int, pageSize);

    auto db = TestDatabase::createSqlite();
    QVERIFY(db);
    QSet<QString> expected;
    for (int i = 0; i < 50; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(quint64(900 + i));
        s.displayName = QStringLiteral("Seller %1").arg(i);
        s.flagged = i % 3 == 0;
        s.createdAt = 1'700'000'000'000'000 + (i / 2) * 1'000'000; // pairs tie
        QVERIFY(db->addSeller(s));
        if (state == int(SellerFilter::State::All) ||
            s.flagged == (state == int(SellerFilter::State::Flagged)))
            expected.insert(s.id);
    }
    SqlSource source(db->spec(QString::fromLatin1(TestDatabase::MainOrg)));
    SellerPager pager;
    pager.setPageSize(pageSize);
    QSignalSpy changed(&pager, &SellerPager::pageChanged);
    pager.setSource(&source);
    SellerFilter filter;
    filter.state = SellerFilter::State(state);
    pager.setFilter(filter);

    QSet<QString> seen;
    for (;;) {
        QTRY_VERIFY(!pager.isLoading());
        QVERIFY(!pager.error());
        QCOMPARE(pager.total(), qint64(expected.size()));
        for (const Seller &s : pager.sellers()) {
            QVERIFY2(!seen.contains(s.id), qPrintable(s.id));
            seen.insert(s.id);
        }
        if (!pager.canGoForward())
            break;
        pager.next();
    }
    QCOMPARE(seen, expected);
    QCOMPARE(pager.currentPage(), pager.pageCount());
}

QTEST_MAIN(TestSellerPager)
#include "tst_sellerpager.moc"
