#include "sqlsource.h"

#include "cancelregistry.h"
#include "sqlworker.h"

#include <QCoreApplication>

SqlSource::SqlSource(SqlConnectionSpec spec, QObject *parent)
    : HistorySource(parent)
    , m_spec(std::move(spec))
    , m_cancels(std::make_shared<CancelRegistry>())
{
    qRegisterMetaType<PageResult>();
    qRegisterMetaType<CountResult>();
    qRegisterMetaType<SourceError>();
    const QString base = QStringLiteral("seller-history-%1").arg(quintptr(this), 0, 16);
    startLane(m_pages, base + QStringLiteral("-pages"));
    startLane(m_counts, base + QStringLiteral("-counts"));
}

SqlSource::~SqlSource()
{
    for (RequestId id : std::as_const(m_outstanding))
        m_cancels->cancel(id);
    // Whatever runs now is unwanted, cancelled requests included.
    m_pages.worker->interrupt(0);
    m_counts.worker->interrupt(0);
    stopLane(m_pages);
    stopLane(m_counts);
}

void SqlSource::startLane(Lane &lane, const QString &name)
{
    lane.thread.setObjectName(name);
    lane.worker = new SqlWorker(m_spec, name, m_cancels);
    lane.worker->moveToThread(&lane.thread);
    connect(&lane.thread, &QThread::finished, lane.worker, &QObject::deleteLater);
    connect(lane.worker, &SqlWorker::pageReady, this, [this](quint64 id, const PageResult &r) {
        if (takeOutstanding(id))
            emit pageReady(id, r);
    });
    connect(lane.worker, &SqlWorker::countsReady, this, [this](quint64 id, const CountResult &r) {
        if (takeOutstanding(id))
            emit countsReady(id, r);
    });
    connect(lane.worker, &SqlWorker::failed, this, [this](quint64 id, const SourceError &e) {
        if (takeOutstanding(id))
            emit failed(id, e);
    });
    lane.thread.start();
}

void SqlSource::stopLane(Lane &lane)
{
    lane.thread.quit();
    lane.thread.wait();
}

bool SqlSource::takeOutstanding(RequestId id)
{
    if (m_outstanding.remove(id))
        return true;
    m_cancels->finish(id); // cancelled after the worker reported it
    return false;
}

QString SqlSource::description() const
{
    return m_spec.description();
}

HistorySource::Capabilities SqlSource::capabilities() const
{
    return Capabilities{};
}

template<typename Request>
HistorySource::RequestId SqlSource::dispatch(Lane &lane, const Request &request,
                                             void (SqlWorker::*run)(quint64, const Request &))
{
    const RequestId id = m_nextId++;
    m_outstanding.insert(id);
    SqlWorker *worker = lane.worker;
    QMetaObject::invokeMethod(
        worker, [worker, id, request, run] { (worker->*run)(id, request); }, Qt::QueuedConnection);
    return id;
}

HistorySource::RequestId SqlSource::requestPage(const PageRequest &request)
{
    return dispatch(m_pages, request, &SqlWorker::runPage);
}

HistorySource::RequestId SqlSource::requestCounts(const CountRequest &request)
{
    return dispatch(m_counts, request, &SqlWorker::runCounts);
}

void SqlSource::cancel(RequestId id)
{
    if (!m_outstanding.remove(id))
        return;
    m_cancels->cancel(id);
    m_pages.worker->interrupt(id);
    m_counts.worker->interrupt(id);
}
