#pragma once

#include "historysource.h"
#include "restconnectionspec.h"

#include <QHash>
#include <QObject>

#include <atomic>
#include <memory>

class RestClient;
class RestExporter;
class RestHistoryReader;
class RestSellers;

// Lives on RestSource's worker thread: owns the RestClient and the reader,
// runs requests there and reports by signal. Every method must be called on
// that thread (RestSource uses queued invocations); the network objects are
// created there on first use. Exports read through a client of their own,
// so that browsing meanwhile is not queued behind their windows. Teardown:
// the exporter goes first (dropping unfinished files), then the readers,
// then the clients.
class RestWorker : public QObject
{
    Q_OBJECT
public:
    explicit RestWorker(RestConnectionSpec spec);
    ~RestWorker() override;

    void runPage(quint64 id, const PageRequest &request);
    void runCounts(quint64 id, const CountRequest &request);
    void runEntrySellers(quint64 id, const QString &entryId);
    void runSellerPage(quint64 id, const SellerPageRequest &request);
    void runSellerIds(quint64 id, const SellerFilter &filter);
    void runFlag(quint64 id, const FlagRequest &request);
    // `stop` is set by the source when the export is cancelled: it takes
    // effect before the queued cancel() arrives.
    void runExport(quint64 id, const ExportRequest &request,
                   std::shared_ptr<std::atomic<bool>> stop);
    void runRecordExport(quint64 id, const ExportRecord &record);
    void cancel(quint64 id);
    void setToken(const QByteArray &token);

signals:
    void pageReady(quint64 id, const PageResult &result);
    void countsReady(quint64 id, const CountResult &result);
    void entrySellersReady(quint64 id, const HistorySource::EntrySellers &sellers);
    void sellerPageReady(quint64 id, const SellerPageResult &result);
    void sellerIdsReady(quint64 id, const QStringList &ids);
    void flagDone(quint64 id, const FlagResult &result);
    void exportProgress(quint64 id, const ExportProgress &progress);
    void exportDone(quint64 id, const ExportResult &result);
    void exportRecorded(quint64 id);
    void failed(quint64 id, const SourceError &error);

private:
    RestHistoryReader *reader();
    RestSellers *sellers();
    RestExporter *exporter();
    // Emits `ready` with the result, or failed() with the error.
    template<typename Result>
    auto reporter(quint64 id, void (RestWorker::*ready)(quint64, const Result &));

    RestConnectionSpec m_spec;
    RestClient *m_client = nullptr;
    RestHistoryReader *m_reader = nullptr;
    RestSellers *m_sellers = nullptr;
    RestClient *m_exportClient = nullptr;
    RestExporter *m_exporter = nullptr;
    QHash<quint64, quint64> m_jobs; // request id -> reader job id
};
