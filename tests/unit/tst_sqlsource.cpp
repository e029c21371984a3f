// SqlSource's asynchronous contract: answers arrive later by signal with the
// id that was handed out, cancelled requests stay silent, pages and counts
// run on separate connections, and shutdown interrupts a running statement.
#include "sqlsource.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z

// Turns `profiles` into a view that takes a minute to read while the knob
// says so, so every page (which joins it) is slow while counts (which do
// not) stay fast.
bool makePagesSlow(TestDatabase &db)
{
    if (!db.exec(QStringLiteral("DROP TABLE profiles")) ||
        !db.exec(QStringLiteral("CREATE TABLE knob (slow INTEGER NOT NULL)")) ||
        !db.exec(QStringLiteral("INSERT INTO knob VALUES (1)")))
        return false;
    if (db.backend() == TestDatabase::Backend::Postgres) {
        return db.exec(
            QStringLiteral("CREATE VIEW profiles AS SELECT u.id AS user_id, NULL::text AS email, "
                           "NULL::text AS display_name FROM auth.users u, pg_sleep((SELECT 60 * "
                           "slow FROM knob))"));
    }
    return db.exec(QStringLiteral(
        "CREATE VIEW profiles AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
        "FROM c LIMIT (SELECT 1 + 200000000 * slow FROM knob)) SELECT printf('u%d', x) AS user_id, "
        "NULL AS email, NULL AS display_name FROM c"));
}

// One row with an actor, so a page must read `profiles` to name them.
AuditEntry actedRow()
{
    AuditEntry e = TestDatabase::addRow(1, Base, QStringLiteral("only"));
    e.userId = TestDatabase::uuid(77);
    return e;
}

bool setPagesSlow(TestDatabase &db, bool slow)
{
    return db.exec(QStringLiteral("UPDATE knob SET slow = %1").arg(slow ? 1 : 0));
}

} // namespace

class TestSqlSource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void shouldAnswerLaterWithTheIdItHandedOut();
    void shouldHandOutIncreasingIds();
    void shouldStaySilentForACancelledRequest();
    void shouldReportAMissingDatabaseAsUnreachable();
    void shouldNotMakeCountsWaitForASlowPage();
    void shouldFreeTheLaneWhenARunningPageIsCancelled();
    void shouldInterruptARunningStatementOnShutdown();

private:
    std::unique_ptr<TestDatabase> m_db;
};

void TestSqlSource::initTestCase()
{
    SH_REQUIRE_BACKEND(TestDatabase::backendFromEnvironment());
    m_db = TestDatabase::create(TestDatabase::backendFromEnvironment());
    QVERIFY(m_db);
    for (int i = 0; i < 30; ++i)
        QVERIFY(m_db->insert(TestDatabase::addRow(i + 1, Base + i, QStringLiteral("s%1").arg(i))));
}

void TestSqlSource::shouldAnswerLaterWithTheIdItHandedOut()
{
    SqlSource source(m_db->spec());
    QSignalSpy pages(&source, &HistorySource::pageReady);
    QSignalSpy counts(&source, &HistorySource::countsReady);
    QSignalSpy failures(&source, &HistorySource::failed);
    PageRequest request;
    request.pageSize = 10;
    const auto pageId = source.requestPage(request);
    const auto countId = source.requestCounts(CountRequest{});
    QCOMPARE(pages.size(), 0); // never synchronously
    QVERIFY(pages.wait());
    QTRY_COMPARE(counts.size(), 1);
    QCOMPARE(failures.size(), 0);
    QCOMPARE(pages.first().at(0).value<HistorySource::RequestId>(), pageId);
    QCOMPARE(pages.first().at(1).value<PageResult>().entries.size(), 10);
    QCOMPARE(counts.first().at(0).value<HistorySource::RequestId>(), countId);
    QCOMPARE(counts.first().at(1).value<CountResult>().totalFor({}), 30);
}

void TestSqlSource::shouldHandOutIncreasingIds()
{
    SqlSource source(m_db->spec());
    QSignalSpy pages(&source, &HistorySource::pageReady);
    QList<HistorySource::RequestId> ids;
    for (int i = 0; i < 5; ++i)
        ids << (i % 2 ? source.requestCounts(CountRequest{}) : source.requestPage(PageRequest{}));
    QVERIFY(std::is_sorted(ids.cbegin(), ids.cend()));
    QCOMPARE(QSet<HistorySource::RequestId>(ids.cbegin(), ids.cend()).size(), 5);
    QTRY_COMPARE(pages.size(), 3);
}

void TestSqlSource::shouldStaySilentForACancelledRequest()
{
    SqlSource source(m_db->spec());
    QSignalSpy pages(&source, &HistorySource::pageReady);
    QSignalSpy failures(&source, &HistorySource::failed);
    const auto cancelled = source.requestPage(PageRequest{});
    source.cancel(cancelled);
    source.cancel(123456); // unknown ids are fine
    const auto kept = source.requestPage(PageRequest{});
    QVERIFY(pages.wait());
    QTest::qWait(100);
    QCOMPARE(pages.size(), 1);
    QCOMPARE(pages.first().at(0).value<HistorySource::RequestId>(), kept);
    QCOMPARE(failures.size(), 0);
}

void TestSqlSource::shouldReportAMissingDatabaseAsUnreachable()
{
    SqlConnectionSpec spec = m_db->spec();
    spec.path += QStringLiteral(".missing");
    spec.database += QStringLiteral("_missing");
    SqlSource source(spec);
    QSignalSpy failures(&source, &HistorySource::failed);
    const auto id = source.requestPage(PageRequest{});
    QVERIFY(failures.wait());
    QCOMPARE(failures.first().at(0).value<HistorySource::RequestId>(), id);
    const auto error = failures.first().at(1).value<SourceError>();
    QCOMPARE(error.kind, SourceError::Kind::Unreachable);
    QVERIFY2(error.message.contains(QLatin1String("does not exist")), qPrintable(error.message));
    QVERIFY2(error.message.contains(
                 m_db->backend() == TestDatabase::Backend::Postgres ? spec.database : spec.path),
             qPrintable(error.message));
}

void TestSqlSource::shouldNotMakeCountsWaitForASlowPage()
{
    auto db = TestDatabase::create(m_db->backend());
    QVERIFY(db);
    QVERIFY(db->insert(actedRow()));
    QVERIFY(makePagesSlow(*db));
    SqlSource source(db->spec());
    QSignalSpy pages(&source, &HistorySource::pageReady);
    QSignalSpy counts(&source, &HistorySource::countsReady);
    const auto page = source.requestPage(PageRequest{});
    QElapsedTimer timer;
    timer.start();
    source.requestCounts(CountRequest{});
    QVERIFY(counts.wait(5000));
    QCOMPARE(pages.size(), 0); // the page is still being built
    source.cancel(page);
    qInfo("counts answered in %lld ms beside a running page", timer.elapsed());
}

void TestSqlSource::shouldFreeTheLaneWhenARunningPageIsCancelled()
{
    auto db = TestDatabase::create(m_db->backend());
    QVERIFY(db);
    QVERIFY(db->insert(actedRow()));
    QVERIFY(makePagesSlow(*db));
    SqlSource source(db->spec());
    QSignalSpy pages(&source, &HistorySource::pageReady);
    QSignalSpy failures(&source, &HistorySource::failed);
    const auto slow = source.requestPage(PageRequest{});
    QTest::qWait(1000); // the slow statement is running now
    source.cancel(slow);
    QVERIFY(setPagesSlow(*db, false));
    QElapsedTimer timer;
    timer.start();
    const auto fast = source.requestPage(PageRequest{});
    QVERIFY(pages.wait(10000));
    qInfo("the next page came %lld ms after the cancel", timer.elapsed());
    QVERIFY2(timer.elapsed() < 5000, "the cancelled statement kept the lane busy");
    QCOMPARE(pages.size(), 1);
    QCOMPARE(pages.first().at(0).value<HistorySource::RequestId>(), fast);
    QCOMPARE(failures.size(), 0); // the cancelled request says nothing
}

void TestSqlSource::shouldInterruptARunningStatementOnShutdown()
{
    auto db = TestDatabase::create(m_db->backend());
    QVERIFY(db);
    QVERIFY(db->insert(actedRow()));
    QVERIFY(makePagesSlow(*db));
    QElapsedTimer timer;
    {
        SqlSource source(db->spec());
        QSignalSpy pages(&source, &HistorySource::pageReady);
        source.requestPage(PageRequest{});
        QTest::qWait(1000); // let the statement start
        timer.start();
    } // the destructor interrupts the statement instead of waiting a minute for it
    qInfo("shutdown took %lld ms", timer.elapsed());
    QVERIFY2(timer.elapsed() < 3000, "the running statement was not interrupted");
}

QTEST_GUILESS_MAIN(TestSqlSource)
#include "tst_sqlsource.moc"
