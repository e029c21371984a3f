#include "sqlsource.h"

#include "cancelregistry.h"
#include "sqlworker.h"

#include <QCoreApplication>

namespace {

// An export's statement may run this long (browsing statements: 30 s).
constexpr int ExportTimeoutMs = 30 * 60 * 1000;

} // namespace

SqlSource::SqlSource(SqlConnectionSpec spec, QObject *parent)
    : HistorySource(parent)
    , m_spec(std::move(spec))
    , m_cancels(std::make_shared<CancelRegistry>())
{
    qRegisterMetaType<PageResult>();
    qRegisterMetaType<CountResult>();
    qRegisterMetaType<SourceError>();
    qRegisterMetaType<SellerPageResult>();
    qRegisterMetaType<FlagResult>();
    qRegisterMetaType<ExportProgress>();
    qRegisterMetaType<ExportResult>();
    qRegisterMetaType<ExportRequest>();
    qRegisterMetaType<ExportRecord>();
    const QString base = QStringLiteral("seller-history-%1").arg(quintptr(this), 0, 16);
    startLane(m_pages, base + QStringLiteral("-pages"), false);
    startLane(m_counts, base + QStringLiteral("-counts"), false);
    startLane(m_writes, base + QStringLiteral("-writes"), true);
    // An export may take minutes on a large log; the user can cancel it.
    startLane(m_exports, base + QStringLiteral("-exports"), false, ExportTimeoutMs);
}

SqlSource::~SqlSource()
{
    for (RequestId id : m_outstanding.ids())
        m_cancels->cancel(id);
    // Whatever reads now is unwanted; a flag transaction is left to finish,
    // since interrupting it would only roll it back.
    m_pages.worker->interrupt(0);
    m_counts.worker->interrupt(0);
    m_exports.worker->interrupt(0);
    stopLane(m_pages);
    stopLane(m_counts);
    stopLane(m_writes);
    stopLane(m_exports);
}

template<typename Result>
void SqlSource::relay(SqlWorker *worker, void (SqlWorker::*from)(quint64, const Result &),
                      void (HistorySource::*to)(RequestId, const Result &))
{
    connect(worker, from, this, [this, to](quint64 id, const Result &result) {
        if (takeOutstanding(id))
            emit(this->*to)(id, result);
    });
}

void SqlSource::startLane(Lane &lane, const QString &name, bool writable, int timeoutMs)
{
    lane.thread.setObjectName(name);
    lane.worker = new SqlWorker(m_spec, name, m_cancels, writable);
    lane.worker->setStatementTimeoutMs(timeoutMs);
    lane.worker->moveToThread(&lane.thread);
    connect(&lane.thread, &QThread::finished, lane.worker, &QObject::deleteLater);
    relay(lane.worker, &SqlWorker::pageReady, &HistorySource::pageReady);
    relay(lane.worker, &SqlWorker::countsReady, &HistorySource::countsReady);
    relay(lane.worker, &SqlWorker::sellerPageReady, &HistorySource::sellerPageReady);
    relay(lane.worker, &SqlWorker::sellerIdsReady, &HistorySource::sellerIdsReady);
    relay(lane.worker, &SqlWorker::flagDone, &HistorySource::flagDone);
    relay(lane.worker, &SqlWorker::exportDone, &HistorySource::exportDone);
    connect(lane.worker, &SqlWorker::failed, this, [this](quint64 id, const SourceError &error) {
        const bool wanted = m_outstanding.takeFailure(id);
        m_cancels->finish(id);
        if (wanted)
            emit failed(id, error);
    });
    connect(lane.worker, &SqlWorker::exportRecorded, this, [this](quint64 id) {
        if (takeOutstanding(id))
            emit exportRecorded(id);
    });
    connect(lane.worker, &SqlWorker::exportProgress, this,
            [this](quint64 id, const ExportProgress &progress) {
                if (m_outstanding.wantsProgress(id))
                    emit exportProgress(id, progress);
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
    if (m_outstanding.take(id))
        return true;
    m_cancels->finish(id); // cancelled after the worker reported it
    return false;
}

QString SqlSource::description() const
{
    return m_spec.description();
}

QString SqlSource::outboxKey() const
{
    return m_spec.description() + u'#' + m_spec.orgId;
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
    m_outstanding.add(id, &lane == &m_exports);
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

HistorySource::RequestId SqlSource::requestSellerPage(const SellerPageRequest &request)
{
    return dispatch(m_pages, request, &SqlWorker::runSellerPage);
}

HistorySource::RequestId SqlSource::requestSellerIds(const SellerFilter &filter)
{
    return dispatch(m_counts, filter, &SqlWorker::runSellerIds);
}

HistorySource::RequestId SqlSource::requestFlag(const FlagRequest &request)
{
    return dispatch(m_writes, request, &SqlWorker::runFlag);
}

HistorySource::RequestId SqlSource::requestExport(const ExportRequest &request)
{
    return dispatch(m_exports, request, &SqlWorker::runExport);
}

HistorySource::RequestId SqlSource::requestRecordExport(const ExportRecord &record)
{
    return dispatch(m_writes, record, &SqlWorker::runRecordExport);
}

void SqlSource::cancel(RequestId id)
{
    if (!m_outstanding.cancel(id))
        return;
    m_cancels->cancel(id);
    m_pages.worker->interrupt(id);
    m_counts.worker->interrupt(id);
    m_exports.worker->interrupt(id);
}
