#include "restworker.h"

#include "restclient.h"
#include "restexporter.h"
#include "resthistoryreader.h"
#include "restsellers.h"

#include <QThread>

RestWorker::RestWorker(RestConnectionSpec spec)
    : m_spec(std::move(spec))
{}

RestWorker::~RestWorker()
{
    delete m_exporter;
    delete m_sellers;
    delete m_reader;
    delete m_exportClient;
    delete m_client;
}

RestHistoryReader *RestWorker::reader()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_reader) {
        m_client = new RestClient(m_spec);
        m_reader = new RestHistoryReader(m_client);
    }
    return m_reader;
}

void RestWorker::runPage(quint64 id, const PageRequest &request)
{
    m_jobs.insert(id, reader()->page(request, [this, id](std::optional<PageResult> result,
                                                         const SourceError &error) {
        m_jobs.remove(id);
        if (result)
            emit pageReady(id, *result);
        else
            emit failed(id, error);
    }));
}

void RestWorker::runCounts(quint64 id, const CountRequest &request)
{
    m_jobs.insert(id, reader()->counts(request, [this, id](std::optional<CountResult> result,
                                                           const SourceError &error) {
        m_jobs.remove(id);
        if (result)
            emit countsReady(id, *result);
        else
            emit failed(id, error);
    }));
}

void RestWorker::runEntrySellers(quint64 id, const QString &entryId)
{
    reader()->entrySellers(entryId, [this, id](std::optional<RestCodec::EntrySellers> sellers,
                                               const SourceError &error) {
        if (sellers)
            emit entrySellersReady(id,
                                   HistorySource::EntrySellers{sellers->added, sellers->removed});
        else
            emit failed(id, error);
    });
}

RestSellers *RestWorker::sellers()
{
    if (!m_sellers)
        m_sellers = new RestSellers(reader()->client());
    return m_sellers;
}

template<typename Result>
auto RestWorker::reporter(quint64 id, void (RestWorker::*ready)(quint64, const Result &))
{
    return [this, id, ready](std::optional<Result> result, const SourceError &error) {
        if (result)
            emit(this->*ready)(id, *result);
        else
            emit failed(id, error);
    };
}

void RestWorker::runSellerPage(quint64 id, const SellerPageRequest &request)
{
    sellers()->page(request, reporter(id, &RestWorker::sellerPageReady));
}

void RestWorker::runSellerIds(quint64 id, const SellerFilter &filter)
{
    sellers()->ids(filter, reporter(id, &RestWorker::sellerIdsReady));
}

void RestWorker::runFlag(quint64 id, const FlagRequest &request)
{
    sellers()->flag(request, reporter(id, &RestWorker::flagDone));
}

RestExporter *RestWorker::exporter()
{
    if (!m_exporter) {
        m_exportClient = new RestClient(m_spec);
        m_exporter = new RestExporter(m_exportClient, reader()->client(), sellers());
    }
    return m_exporter;
}

void RestWorker::runExport(quint64 id, const ExportRequest &request,
                           std::shared_ptr<std::atomic<bool>> stop)
{
    Q_ASSERT(QThread::currentThread() == thread());
    exporter()->exportFile(
        id, request, std::move(stop),
        [this, id](const ExportProgress &progress) { emit exportProgress(id, progress); },
        reporter(id, &RestWorker::exportDone));
}

void RestWorker::runRecordExport(quint64 id, const ExportRecord &record)
{
    Q_ASSERT(QThread::currentThread() == thread());
    // Not cancellable: once sent, aborting it would not unsend it.
    exporter()->record(record, [this, id](std::optional<SourceError> error) {
        if (error)
            emit failed(id, *error);
        else
            emit exportRecorded(id);
    });
}

void RestWorker::cancel(quint64 id)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (const auto job = m_jobs.take(id); job && m_reader)
        m_reader->cancel(job);
    if (m_exporter)
        m_exporter->cancel(id);
}

void RestWorker::setToken(const QByteArray &token)
{
    m_spec.token = token;
    if (m_client)
        m_client->setToken(token);
    if (m_exportClient)
        m_exportClient->setToken(token);
}
