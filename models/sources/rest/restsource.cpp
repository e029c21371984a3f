#include "restsource.h"

#include "restworker.h"

#include <QCoreApplication>

RestSource::RestSource(RestConnectionSpec spec, QObject *parent)
    : HistorySource(parent)
    , m_spec(std::move(spec))
{
    qRegisterMetaType<PageResult>();
    qRegisterMetaType<CountResult>();
    qRegisterMetaType<SourceError>();
    qRegisterMetaType<HistorySource::EntrySellers>();
    qRegisterMetaType<SellerPageResult>();
    qRegisterMetaType<FlagResult>();
    qRegisterMetaType<ExportProgress>();
    qRegisterMetaType<ExportResult>();
    qRegisterMetaType<ExportRequest>();
    qRegisterMetaType<ExportRecord>();
    m_thread.setObjectName(QStringLiteral("seller-history-rest"));
    m_worker = new RestWorker(m_spec);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    relay(&RestWorker::pageReady, &HistorySource::pageReady);
    relay(&RestWorker::countsReady, &HistorySource::countsReady);
    relay(&RestWorker::entrySellersReady, &HistorySource::entrySellersReady);
    relay(&RestWorker::sellerPageReady, &HistorySource::sellerPageReady);
    relay(&RestWorker::sellerIdsReady, &HistorySource::sellerIdsReady);
    relay(&RestWorker::flagDone, &HistorySource::flagDone);
    relay(&RestWorker::exportDone, &HistorySource::exportDone);
    connect(m_worker, &RestWorker::failed, this, [this](quint64 id, const SourceError &error) {
        m_exportStops.remove(id);
        if (m_outstanding.takeFailure(id))
            emit failed(id, error);
    });
    connect(m_worker, &RestWorker::exportRecorded, this, [this](quint64 id) {
        if (takeOutstanding(id))
            emit exportRecorded(id);
    });
    connect(m_worker, &RestWorker::exportProgress, this,
            [this](quint64 id, const ExportProgress &progress) {
                if (m_outstanding.wantsProgress(id))
                    emit exportProgress(id, progress);
            });
    m_thread.start();
}

RestSource::~RestSource()
{
    m_thread.quit();
    m_thread.wait();
}

template<typename Result>
void RestSource::relay(void (RestWorker::*from)(quint64, const Result &),
                       void (HistorySource::*to)(RequestId, const Result &))
{
    connect(m_worker, from, this, [this, to](quint64 id, const Result &result) {
        if (takeOutstanding(id))
            emit(this->*to)(id, result);
    });
}

template<typename Run>
HistorySource::RequestId RestSource::dispatch(Run run, bool isExport)
{
    const RequestId id = m_nextId++;
    m_outstanding.add(id, isExport);
    RestWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id, run] { run(worker, id); }, Qt::QueuedConnection);
    return id;
}

bool RestSource::takeOutstanding(RequestId id)
{
    m_exportStops.remove(id);
    return m_outstanding.take(id);
}

QString RestSource::description() const
{
    return m_spec.description();
}

HistorySource::Capabilities RestSource::capabilities() const
{
    Capabilities c;
    c.search = false;
    c.userNames = false;
    c.entrySellers = true;
    c.flagReason = false; // flag-batch takes ids and a state, nothing more
    c.searchUnavailable =
        QCoreApplication::translate("RestSource", "The REST API has no search. Connect to the "
                                                  "database directly (postgresql://) to search.");
    return c;
}

void RestSource::setCredentials(const QByteArray &secret)
{
    m_spec.token = secret;
    RestWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, secret] { worker->setToken(secret); }, Qt::QueuedConnection);
}

HistorySource::RequestId RestSource::requestPage(const PageRequest &request)
{
    return dispatch([request](RestWorker *w, quint64 id) { w->runPage(id, request); });
}

HistorySource::RequestId RestSource::requestCounts(const CountRequest &request)
{
    return dispatch([request](RestWorker *w, quint64 id) { w->runCounts(id, request); });
}

HistorySource::RequestId RestSource::requestEntrySellers(const QString &entryId)
{
    return dispatch([entryId](RestWorker *w, quint64 id) { w->runEntrySellers(id, entryId); });
}

HistorySource::RequestId RestSource::requestSellerPage(const SellerPageRequest &request)
{
    return dispatch([request](RestWorker *w, quint64 id) { w->runSellerPage(id, request); });
}

HistorySource::RequestId RestSource::requestSellerIds(const SellerFilter &filter)
{
    return dispatch([filter](RestWorker *w, quint64 id) { w->runSellerIds(id, filter); });
}

HistorySource::RequestId RestSource::requestFlag(const FlagRequest &request)
{
    return dispatch([request](RestWorker *w, quint64 id) { w->runFlag(id, request); });
}

HistorySource::RequestId RestSource::requestExport(const ExportRequest &request)
{
    auto stop = std::make_shared<std::atomic<bool>>(false);
    const RequestId requestId = dispatch(
        [request, stop](RestWorker *w, quint64 id) { w->runExport(id, request, stop); }, true);
    m_exportStops.insert(requestId, stop);
    return requestId;
}

HistorySource::RequestId RestSource::requestRecordExport(const ExportRecord &record)
{
    return dispatch([record](RestWorker *w, quint64 id) { w->runRecordExport(id, record); });
}

void RestSource::cancel(RequestId id)
{
    if (const auto stop = m_exportStops.take(id))
        stop->store(true); // at once: the worker may be about to commit
    if (!m_outstanding.cancel(id))
        return;
    RestWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id] { worker->cancel(id); }, Qt::QueuedConnection);
}
