#include "sqlworker.h"

#include "queryinterrupter.h"
#include "sqlhistoryreader.h"

#include <QSqlDatabase>
#include <QThread>

SqlWorker::SqlWorker(SqlConnectionSpec spec, QString connectionName,
                     std::shared_ptr<CancelRegistry> cancels)
    : m_spec(std::move(spec))
    , m_connectionName(std::move(connectionName))
    , m_cancels(std::move(cancels))
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
    QSqlDatabase db = m_spec.open(m_connectionName, true, error);
    if (!db.isOpen())
        return false;
    {
        QMutexLocker lock(&m_runningMutex);
        m_interrupter = std::make_unique<QueryInterrupter>(db, &m_stop);
    }
    m_reader = std::make_unique<SqlHistoryReader>(db, SqlDialect(m_spec.kind), m_spec.orgId);
    return true;
}

void SqlWorker::closeConnection()
{
    m_reader.reset();
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

template<typename Request, typename Result>
void SqlWorker::run(quint64 id, const Request &request,
                    std::optional<Result> (SqlHistoryReader::*read)(const Request &, SourceError *),
                    void (SqlWorker::*ready)(quint64, const Result &))
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_cancels->finish(id))
        return;
    SourceError error;
    std::optional<Result> result;
    if (ensureOpen(&error)) {
        if (begin(id))
            result = (m_reader.get()->*read)(request, &error);
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
    run(id, request, &SqlHistoryReader::page, &SqlWorker::pageReady);
}

void SqlWorker::runCounts(quint64 id, const CountRequest &request)
{
    run(id, request, &SqlHistoryReader::counts, &SqlWorker::countsReady);
}
