#include "sqlworker.h"

#include "queryinterrupter.h"
#include "sqlexporter.h"
#include "sqlflagwriter.h"
#include "sqlhistoryreader.h"
#include "sqlsellerreader.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

SqlWorker::SqlWorker(SqlConnectionSpec spec, QString connectionName,
                     std::shared_ptr<CancelRegistry> cancels, bool writable)
    : m_spec(std::move(spec))
    , m_connectionName(std::move(connectionName))
    , m_cancels(std::move(cancels))
    , m_writable(writable)
{}

SqlWorker::~SqlWorker()
{
    closeConnection();
}

bool SqlWorker::ensureOpen(SourceError *error)
{
    if (m_reader && QSqlDatabase::database(m_connectionName, false).isOpen())
        return true;
    closeConnection();
    QSqlDatabase db = m_spec.open(m_connectionName, !m_writable, error);
    if (!db.isOpen())
        return false;
    if (m_statementTimeoutMs > 0 && m_spec.kind == SqlConnectionSpec::Kind::Postgres)
        QSqlQuery(db).exec(QStringLiteral("SET statement_timeout = %1").arg(m_statementTimeoutMs));
    {
        QMutexLocker lock(&m_runningMutex);
        m_interrupter = std::make_unique<QueryInterrupter>(db, &m_stop);
    }
    m_reader = std::make_unique<SqlHistoryReader>(db, SqlDialect(m_spec.kind), m_spec.orgId);
    m_sellers = std::make_unique<SqlSellerReader>(db, SqlDialect(m_spec.kind), m_spec.orgId);
    if (m_writable)
        m_flags = std::make_unique<SqlFlagWriter>(db, SqlDialect(m_spec.kind), m_spec.orgId,
                                                  m_spec.actorId);
    m_exporter =
        std::make_unique<SqlExporter>(db, SqlDialect(m_spec.kind), m_spec.orgId, m_spec.actorId);
    return true;
}

void SqlWorker::closeConnection()
{
    m_reader.reset();
    m_sellers.reset();
    m_flags.reset();
    m_exporter.reset();
    {
        QMutexLocker lock(&m_runningMutex);
        m_interrupter.reset();
    }
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase::database(m_connectionName, false).close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool SqlWorker::begin(quint64 id)
{
    // The facade marks a request cancelled before it calls interrupt(), so
    // either we see the mark here or interrupt() sees us running.
    QMutexLocker lock(&m_runningMutex);
    m_running = id;
    m_stop = m_cancels->isCancelled(id);
    return !m_stop;
}

void SqlWorker::end()
{
    QMutexLocker lock(&m_runningMutex);
    m_running = 0;
    m_stop = false;
}

void SqlWorker::interrupt(quint64 id)
{
    QMutexLocker lock(&m_runningMutex);
    if (m_running == 0 || (id != 0 && m_running != id))
        return;
    m_stop = true;
    if (m_interrupter)
        m_interrupter->interrupt();
}

template<typename Result, typename Work>
void SqlWorker::run(quint64 id, Work work, void (SqlWorker::*ready)(quint64, const Result &))
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_cancels->finish(id))
        return;
    SourceError error;
    std::optional<Result> result;
    if (ensureOpen(&error)) {
        if (begin(id))
            result = work(&error);
        end();
    }
    if (m_cancels->finish(id))
        return; // cancelled while it ran: its caller no longer wants it
    if (!result && error.kind == SourceError::Kind::Unreachable)
        closeConnection(); // reconnect on the next request
    if (result)
        emit(this->*ready)(id, *result);
    else
        emit failed(id, error);
}

void SqlWorker::runPage(quint64 id, const PageRequest &request)
{
    run<PageResult>(
        id, [&](SourceError *e) { return m_reader->page(request, e); }, &SqlWorker::pageReady);
}

void SqlWorker::runCounts(quint64 id, const CountRequest &request)
{
    run<CountResult>(
        id, [&](SourceError *e) { return m_reader->counts(request, e); }, &SqlWorker::countsReady);
}

void SqlWorker::runSellerPage(quint64 id, const SellerPageRequest &request)
{
    run<SellerPageResult>(
        id, [&](SourceError *e) { return m_sellers->page(request, e); },
        &SqlWorker::sellerPageReady);
}

void SqlWorker::runSellerIds(quint64 id, const SellerFilter &filter)
{
    run<QStringList>(
        id, [&](SourceError *e) { return m_sellers->ids(filter, e); }, &SqlWorker::sellerIdsReady);
}

void SqlWorker::runFlag(quint64 id, const FlagRequest &request)
{
    Q_ASSERT(m_writable);
    run<FlagResult>(
        id, [&](SourceError *e) { return m_flags->flag(request, e); }, &SqlWorker::flagDone);
}

void SqlWorker::runExport(quint64 id, const ExportRequest &request)
{
    // Not run(): a file committed before a cancel reached it exists, so its
    // result is reported even then (the facade passes it on to be recorded).
    Q_ASSERT(QThread::currentThread() == thread());
    SourceError error{SourceError::Kind::Failed, tr("The export was cancelled.")};
    std::optional<ExportResult> result;
    if (!m_cancels->isCancelled(id) && ensureOpen(&error)) {
        if (begin(id))
            result = m_exporter->exportFile(
                request, m_stop,
                [this, id](const ExportProgress &p) { emit exportProgress(id, p); }, &error);
        end();
    }
    m_cancels->finish(id);
    if (!result && error.kind == SourceError::Kind::Unreachable)
        closeConnection();
    if (result)
        emit exportDone(id, *result);
    else
        emit failed(id, error);
}

void SqlWorker::runRecordExport(quint64 id, const ExportRecord &record)
{
    Q_ASSERT(m_writable);
    run<QString>(
        id,
        [&](SourceError *e) {
            return m_exporter->record(record, e) ? std::optional<QString>(record.id) : std::nullopt;
        },
        &SqlWorker::exportRecorded);
}
