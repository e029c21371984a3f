// ExportController's choreography with a scripted source (fault injection)
// and a real outbox file: the record is queued before it is sent and
// removed once written; a record that fails stays queued and is retried
// with the same id (so a direct source cannot duplicate it); a failed or
// cancelled file records nothing; a cancel that comes after the file was
// complete still records it; "flag exported sellers" is one flag request.
// The outbox is written off the controller's thread: a locked file does not
// stall it, a record is sent only once it is committed, and what was asked
// to be written is written before the controller is gone.
#include "exportcontroller.h"
#include "exportoutbox.h"
#include "fakesource.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

namespace {

// Notes, at the moment each record is sent, whether another connection to
// the outbox file (the test's) already sees it committed.
class CheckingSource : public FakeSource
{
public:
    RequestId requestRecordExport(const ExportRecord &record) override
    {
        bool queued = false;
        QString error;
        for (const ExportOutbox::Entry &e : outbox->pending({}, &error))
            queued = queued || e.record.id == record.id;
        queuedWhenSent << queued;
        return FakeSource::requestRecordExport(record);
    }

    ExportOutbox *outbox = nullptr;
    QList<bool> queuedWhenSent;
};

// A second connection to the outbox file, standing for another process.
class OtherConnection
{
public:
    explicit OtherConnection(const QString &path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), Name);
        db.setDatabaseName(path);
        db.open();
    }
    ~OtherConnection()
    {
        QSqlDatabase::database(Name, false).close();
        QSqlDatabase::removeDatabase(Name);
    }
    bool exec(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(Name, false));
        return q.exec(sql);
    }

private:
    static inline const QString Name = QStringLiteral("tst_exportcontroller-other");
};

ExportResult fileResult(qint64 rows)
{
    ExportResult r;
    r.rows = rows;
    r.bytes = rows * 100;
    r.sha256 = QStringLiteral("cd").repeated(32);
    r.sellerNames =
        NameList::fromStringList({QStringLiteral("Acme"), QStringLiteral("Bolt & Nut")});
    r.sellerIds = {QStringLiteral("00000000-0000-4000-8000-000000000001"),
                   QStringLiteral("00000000-0000-4000-8000-000000000002")};
    r.path = QStringLiteral("/tmp/h.csv");
    return r;
}

} // namespace

class TestExportController : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void shouldQueueThenSendThenForgetTheRecord();
    void shouldKeepAFailedRecordAndRetryItWithTheSameId();
    void shouldStopRetryingAtTheFirstFailure();
    void shouldRecordNothingWhenTheFileFails();
    void shouldRecordNothingWhenCancelledInTime();
    void shouldRecordAFileCompletedBeforeTheCancel();
    void shouldFlagTheExportedSellersInOneRequest_data();
    void shouldFlagTheExportedSellersInOneRequest();
    void shouldKeepEachSourcesRecordsApart();
    void shouldNotWaitForALockedOutboxOnItsThread();
    void shouldSendARecordOnlyOnceItIsQueued();
    void shouldStillSendARecordItCannotQueueAndSaySo();
    void shouldQueueWhatItWasGivenBeforeItIsDestroyed();
    void shouldDescribeTheChoiceInTheRecordsFilter_data();
    void shouldDescribeTheChoiceInTheRecordsFilter();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ExportOutbox> m_outbox;
    std::unique_ptr<CheckingSource> m_source;
    std::unique_ptr<ExportController> m_controller;
};

void TestExportController::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_outbox = std::make_unique<ExportOutbox>(m_dir->filePath(QStringLiteral("outbox.sqlite")));
    QString error;
    QVERIFY2(m_outbox->open(&error), qPrintable(error));
    m_source = std::make_unique<CheckingSource>();
    m_source->outbox = m_outbox.get();
    m_controller = std::make_unique<ExportController>(m_outbox.get());
    m_controller->setSource(m_source.get());
    QCOMPARE(m_controller->sourceKey(), QStringLiteral("fake:"));
}

void TestExportController::cleanup()
{
    m_controller.reset();
    m_source.reset();
    m_outbox.reset();
    m_dir.reset();
}

void TestExportController::shouldQueueThenSendThenForgetTheRecord()
{
    QSignalSpy finished(m_controller.get(), &ExportController::finished);
    QSignalSpy busy(m_controller.get(), &ExportController::busyChanged);
    QSignalSpy progress(m_controller.get(), &ExportController::progress);
    ExportRequest request;
    request.history.search = QStringLiteral("acme");
    QVERIFY(m_controller->start(request));
    QVERIFY(m_controller->isBusy());
    QVERIFY(!m_controller->start(request)); // one at a time
    QCOMPARE(m_source->exports.size(), 1);
    m_source->replyExportProgress(m_source->exports.constLast().id, {500, 50000});
    QCOMPARE(progress.size(), 1);

    m_source->replyExport(m_source->exports.constLast().id, fileResult(1234));
    // Sent, and queued while it is in flight.
    QTRY_COMPARE(m_source->records.size(), 1);
    const ExportRecord record = m_source->records.constLast().record;
    QCOMPARE(m_outbox->pendingCount(), 1);
    QCOMPARE(m_outbox->pending().constFirst().record, record);
    QCOMPARE(record.rows, 1234);
    QCOMPARE(record.sellerNames, fileResult(1).sellerNames);
    QCOMPARE(record.sha256, fileResult(1).sha256);
    QCOMPARE(record.fileName, QStringLiteral("h.csv"));
    QCOMPARE(record.filter.value(QStringLiteral("search")).toString(), QStringLiteral("acme"));
    QVERIFY(!QUuid::fromString(record.id).isNull());

    m_source->replyRecorded(m_source->records.constLast().id);
    QTRY_COMPARE(finished.size(), 1);
    const auto outcome = finished.constFirst().at(0).value<ExportOutcome>();
    QVERIFY(outcome.recorded);
    QCOMPARE(outcome.recordId, record.id);
    QCOMPARE(outcome.file.rows, 1234);
    QCOMPARE(m_outbox->pendingCount(), 0);
    QVERIFY(!m_controller->isBusy());
    QCOMPARE(busy.size(), 2);
}

void TestExportController::shouldKeepAFailedRecordAndRetryItWithTheSameId()
{
    QSignalSpy finished(m_controller.get(), &ExportController::finished);
    QSignalSpy pending(m_controller.get(), &ExportController::pendingChanged);
    QSignalSpy retried(m_controller.get(), &ExportController::outboxRetried);
    QVERIFY(m_controller->start(ExportRequest{}));
    m_source->replyExport(m_source->exports.constLast().id, fileResult(10));
    QTRY_COMPARE(m_source->records.size(), 1);
    const ExportRecord record = m_source->records.constLast().record;
    m_source->fail(m_source->records.constLast().id,
                   {SourceError::Kind::Unreachable, QStringLiteral("server down")});
    QTRY_COMPARE(finished.size(), 1);
    const auto outcome = finished.constFirst().at(0).value<ExportOutcome>();
    QVERIFY(!outcome.recorded);
    QCOMPARE(outcome.recordError, QStringLiteral("server down"));
    QCOMPARE(m_controller->pendingCount(), 1);
    QCOMPARE(pending.constLast().at(0).toInt(), 1);
    const auto entry = m_outbox->pending().constFirst();
    QCOMPARE(entry.attempts, 1);
    QCOMPARE(entry.lastError, QStringLiteral("server down"));

    // A new controller (the next start of the app) retries it, same id.
    ExportController later(m_outbox.get());
    later.setSource(m_source.get());
    QSignalSpy laterRetried(&later, &ExportController::outboxRetried);
    QTRY_COMPARE(later.pendingCount(), 1);
    later.retryOutbox();
    QTRY_COMPARE(m_source->records.size(), 2);
    QCOMPARE(m_source->records.constLast().record, record);
    m_source->replyRecorded(m_source->records.constLast().id);
    QTRY_COMPARE(laterRetried.size(), 1);
    QCOMPARE(laterRetried.constFirst().at(0).toInt(), 1); // written
    QCOMPARE(laterRetried.constFirst().at(1).toInt(), 0); // still pending
    QCOMPARE(m_outbox->pendingCount(), 0);
    QCOMPARE(retried.size(), 0);
}

void TestExportController::shouldStopRetryingAtTheFirstFailure()
{
    for (int i = 0; i < 3; ++i) {
        ExportRecord r;
        r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        r.rows = i;
        QString error;
        QVERIFY(m_outbox->add(r, QStringLiteral("fake:"), &error));
        QTest::qWait(2); // distinct queue times
    }
    QSignalSpy retried(m_controller.get(), &ExportController::outboxRetried);
    m_controller->retryOutbox();
    QTRY_COMPARE(m_source->records.size(), 1);
    QCOMPARE(m_source->records.constLast().record.rows, 0); // oldest first
    m_source->replyRecorded(m_source->records.constLast().id);
    QTRY_COMPARE(m_source->records.size(), 2);
    QCOMPARE(m_source->records.constLast().record.rows, 1);
    m_source->fail(m_source->records.constLast().id,
                   {SourceError::Kind::Timeout, QStringLiteral("slow")});
    QTRY_COMPARE(retried.size(), 1);
    // The third is not tried against a failing source.
    QCOMPARE(m_source->records.size(), 2);
    QCOMPARE(retried.constFirst().at(0).toInt(), 1);
    QCOMPARE(retried.constFirst().at(1).toInt(), 2);
    QCOMPARE(retried.constFirst().at(2).toString(), QStringLiteral("slow"));
    QVERIFY(!m_controller->isBusy());
}

void TestExportController::shouldRecordNothingWhenTheFileFails()
{
    QSignalSpy failed(m_controller.get(), &ExportController::failed);
    QSignalSpy finished(m_controller.get(), &ExportController::finished);
    QVERIFY(m_controller->start(ExportRequest{}));
    m_source->fail(m_source->exports.constLast().id,
                   {SourceError::Kind::Failed, QStringLiteral("Cannot write h.csv: disk full.")});
    QCOMPARE(failed.size(), 1);
    QCOMPARE(finished.size(), 0);
    QVERIFY(m_source->records.isEmpty());
    QCOMPARE(m_outbox->pendingCount(), 0);
    QVERIFY(!m_controller->isBusy());
}

void TestExportController::shouldRecordNothingWhenCancelledInTime()
{
    QSignalSpy cancelled(m_controller.get(), &ExportController::cancelled);
    QSignalSpy finished(m_controller.get(), &ExportController::finished);
    QVERIFY(m_controller->start(ExportRequest{}));
    const auto id = m_source->exports.constLast().id;
    m_controller->cancel();
    QCOMPARE(cancelled.size(), 1);
    QVERIFY(m_source->cancelled.contains(id));
    QVERIFY(!m_controller->isBusy());
    // The source reports the cancel as its failure, or nothing: no record.
    m_source->fail(id, {SourceError::Kind::Failed, QStringLiteral("The export was cancelled.")});
    QVERIFY(m_source->records.isEmpty());
    QCOMPARE(finished.size(), 0);
    QCOMPARE(m_outbox->pendingCount(), 0);
}

void TestExportController::shouldRecordAFileCompletedBeforeTheCancel()
{
    QSignalSpy finished(m_controller.get(), &ExportController::finished);
    QVERIFY(m_controller->start(ExportRequest{}));
    const auto id = m_source->exports.constLast().id;
    m_controller->cancel();
    // Too late: the file was committed before the cancel reached the source.
    m_source->replyExport(id, fileResult(3));
    QTRY_COMPARE(m_source->records.size(), 1);
    m_source->replyRecorded(m_source->records.constLast().id);
    QTRY_COMPARE(finished.size(), 1);
    const auto outcome = finished.constFirst().at(0).value<ExportOutcome>();
    QVERIFY(outcome.cancelTooLate);
    QVERIFY(outcome.recorded);
    QCOMPARE(m_outbox->pendingCount(), 0);
}

void TestExportController::shouldFlagTheExportedSellersInOneRequest_data()
{
    QTest::addColumn<int>("scope");
    QTest::addColumn<bool>("flags");
    QTest::newRow("sellers") << int(ExportRequest::Scope::Sellers) << true;
    QTest::newRow("history: no ids to flag") << int(ExportRequest::Scope::History) << false;
}

void TestExportController::shouldFlagTheExportedSellersInOneRequest()
{
    QFETCH(int, scope);
    QFETCH(bool, flags);
    QSignalSpy finished(m_controller.get(), &ExportController::finished);
    ExportRequest request;
    request.scope = ExportRequest::Scope(scope);
    QVERIFY(m_controller->start(request, true));
    m_source->replyExport(m_source->exports.constLast().id, fileResult(2));
    QTRY_COMPARE(m_source->records.size(), 1);
    m_source->replyRecorded(m_source->records.constLast().id);
    QTRY_COMPARE(m_source->flags.size() + finished.size(), 1);
    QCOMPARE(m_source->flags.size(), flags ? 1 : 0);
    if (flags) {
        QCOMPARE(finished.size(), 0); // not before the flag is done
        QCOMPARE(m_source->flags.constLast().request.sellerIds, fileResult(2).sellerIds);
        QVERIFY(m_source->flags.constLast().request.flagged);
        m_source->replyFlag(m_source->flags.constLast().id, FlagResult{});
    }
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.constFirst().at(0).value<ExportOutcome>().flagged, flags);
}

void TestExportController::shouldKeepEachSourcesRecordsApart()
{
    ExportRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString error;
    QVERIFY(m_outbox->add(r, QStringLiteral("sqlite:/elsewhere#org"), &error));
    QCOMPARE(m_controller->pendingCount(), 0);
    QSignalSpy retried(m_controller.get(), &ExportController::outboxRetried);
    m_controller->retryOutbox();
    QTRY_COMPARE(retried.size(), 1);
    QVERIFY(m_source->records.isEmpty());
    QCOMPARE(m_outbox->pendingCount(), 1);
    QCOMPARE(m_controller->pendingCount(), 0);
}

// Another process holds the outbox's write lock (for up to the busy timeout,
// 5 s): the controller's thread goes on, and the record waits to be queued
// before it is sent.
void TestExportController::shouldNotWaitForALockedOutboxOnItsThread()
{
    OtherConnection other(m_outbox->path());
    QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE")));
    QSignalSpy finished(m_controller.get(), &ExportController::finished);
    QVERIFY(m_controller->start(ExportRequest{}));
    QElapsedTimer t;
    t.start();
    m_source->replyExport(m_source->exports.constLast().id, fileResult(7));
    QCOMPARE(m_controller->pendingCount(), 0);
    QVERIFY2(t.elapsed() < 1000, qPrintable(QStringLiteral("blocked %1 ms").arg(t.elapsed())));
    QTest::qWait(300); // the controller's thread runs its events meanwhile
    QVERIFY2(t.elapsed() < 2000, qPrintable(QStringLiteral("blocked %1 ms").arg(t.elapsed())));
    QVERIFY(m_source->records.isEmpty()); // not sent: not queued yet
    QVERIFY(m_controller->isBusy());

    QVERIFY(other.exec(QStringLiteral("ROLLBACK")));
    QTRY_COMPARE(m_source->records.size(), 1);
    QCOMPARE(m_source->queuedWhenSent, QList<bool>{true});
    QCOMPARE(m_controller->pendingCount(), 1);
    m_source->replyRecorded(m_source->records.constLast().id);
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(finished.constFirst().at(0).value<ExportOutcome>().recorded);
    QCOMPARE(m_outbox->pendingCount(), 0);
}

// Durable first: when the source is asked to write a record, the outbox file
// already holds it (committed, seen by another connection), for a new export
// and for a retry alike; it leaves the file only after the confirmation.
void TestExportController::shouldSendARecordOnlyOnceItIsQueued()
{
    QSignalSpy finished(m_controller.get(), &ExportController::finished);
    QVERIFY(m_controller->start(ExportRequest{}));
    m_source->replyExport(m_source->exports.constLast().id, fileResult(4));
    QTRY_COMPARE(m_source->records.size(), 1);
    m_source->fail(m_source->records.constLast().id,
                   {SourceError::Kind::Unreachable, QStringLiteral("server down")});
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(m_outbox->pending().constFirst().attempts, 1); // counted before finished()

    m_controller->retryOutbox();
    QTRY_COMPARE(m_source->records.size(), 2);
    QCOMPARE(m_source->queuedWhenSent, (QList<bool>{true, true}));
    QSignalSpy retried(m_controller.get(), &ExportController::outboxRetried);
    m_source->replyRecorded(m_source->records.constLast().id);
    QTRY_COMPARE(retried.size(), 1);
    QCOMPARE(m_outbox->pendingCount(), 0); // removed before outboxRetried()
    QCOMPARE(retried.constFirst().at(1).toInt(), 0);
}

// A record that cannot be queued is sent all the same (it is then the only
// copy), and when the source fails too the outcome says why it was not kept.
void TestExportController::shouldStillSendARecordItCannotQueueAndSaySo()
{
    // Once the controller's own connection has opened the file: it has
    // answered init()'s count and this one.
    QSignalSpy counted(m_controller.get(), &ExportController::pendingChanged);
    m_controller->setSource(m_source.get());
    QTRY_COMPARE(counted.size(), 2);
    OtherConnection other(m_outbox->path());
    QVERIFY(other.exec(QStringLiteral("DROP TABLE outbox")));
    QSignalSpy finished(m_controller.get(), &ExportController::finished);
    QVERIFY(m_controller->start(ExportRequest{}));
    m_source->replyExport(m_source->exports.constLast().id, fileResult(4));
    QTRY_COMPARE(m_source->records.size(), 1);
    QCOMPARE(m_source->queuedWhenSent, QList<bool>{false});
    m_source->fail(m_source->records.constLast().id,
                   {SourceError::Kind::Unreachable, QStringLiteral("server down")});
    QTRY_COMPARE(finished.size(), 1);
    const auto outcome = finished.constFirst().at(0).value<ExportOutcome>();
    QVERIFY(!outcome.recorded);
    QVERIFY2(outcome.recordError.startsWith(QLatin1String("Cannot add the export record ")),
             qPrintable(outcome.recordError));
    QCOMPARE(m_controller->pendingCount(), 0);
}

// Quitting right after the file is complete: the record is in the file
// before the controller is gone, and was not sent (the next start does).
void TestExportController::shouldQueueWhatItWasGivenBeforeItIsDestroyed()
{
    QVERIFY(m_controller->start(ExportRequest{}));
    m_source->replyExport(m_source->exports.constLast().id, fileResult(9));
    m_controller.reset();
    QCOMPARE(m_outbox->pendingCount(), 1);
    QCOMPARE(m_outbox->pending().constFirst().record.rows, 9);
    QVERIFY(m_source->records.isEmpty());
}

QTEST_GUILESS_MAIN(TestExportController)
// The record's `filter` key says what the user chose, so the history tells
// a whole-log export from a search, a selection or one entry's sellers.
void TestExportController::shouldDescribeTheChoiceInTheRecordsFilter_data()
{
    QTest::addColumn<ExportRequest>("request");
    QTest::addColumn<QByteArray>("json");
    ExportRequest sellers;
    sellers.scope = ExportRequest::Scope::Sellers;
    QTest::newRow("all sellers") << sellers << QByteArray(R"({"search":"","state":"all"})");
    ExportRequest search = sellers;
    search.sellers.search = QStringLiteral("acme");
    search.sellers.state = SellerFilter::State::Flagged;
    QTest::newRow("search") << search << QByteArray(R"({"search":"acme","state":"flagged"})");
    ExportRequest selected = sellers;
    selected.ids = {QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("selection") << selected
                               << QByteArray(R"({"search":"","selected":2,"state":"all"})");
    ExportRequest byName = sellers;
    byName.sellers.only = SellerSet{
        SellerSet::Key::Name, {QStringLiteral("x"), QStringLiteral("y")}, QStringLiteral("e-1")};
    QTest::newRow("an entry's sellers, by name")
        << byName
        << QByteArray(
               R"({"only":{"by":"name","count":2,"entry":"e-1"},"search":"","state":"all"})");
    ExportRequest byId = sellers;
    byId.sellers.only = SellerSet{SellerSet::Key::Id, {QStringLiteral("1")}, QStringLiteral("e-2")};
    byId.sellers.state = SellerFilter::State::Unflagged;
    QTest::newRow("an entry's seller, by id")
        << byId
        << QByteArray(
               R"({"only":{"by":"id","count":1,"entry":"e-2"},"search":"","state":"unflagged"})");
}

void TestExportController::shouldDescribeTheChoiceInTheRecordsFilter()
{
    QFETCH(ExportRequest, request);
    QFETCH(QByteArray, json);
    QCOMPARE(QJsonDocument(ExportController::filterJson(request)).toJson(QJsonDocument::Compact),
             json);
}

#include "tst_exportcontroller.moc"
