#pragma once

#include "historysource.h"
#include "restconnectionspec.h"

#include <QHash>
#include <QObject>

class RestClient;
class RestHistoryReader;
class RestSellers;

// Lives on RestSource's worker thread: owns the RestClient and the reader,
// runs requests there and reports by signal. Every method must be called on
// that thread (RestSource uses queued invocations); the network objects are
// created there on first use.
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
    void cancel(quint64 id);
    void setToken(const QByteArray &token);

signals:
    void pageReady(quint64 id, const PageResult &result);
    void countsReady(quint64 id, const CountResult &result);
    void entrySellersReady(quint64 id, const HistorySource::EntrySellers &sellers);
    void sellerPageReady(quint64 id, const SellerPageResult &result);
    void sellerIdsReady(quint64 id, const QStringList &ids);
    void flagDone(quint64 id, const FlagResult &result);
    void failed(quint64 id, const SourceError &error);

private:
    RestHistoryReader *reader();
    RestSellers *sellers();
    // Emits `ready` with the result, or failed() with the error.
    template<typename Result>
    auto reporter(quint64 id, void (RestWorker::*ready)(quint64, const Result &));

    RestConnectionSpec m_spec;
    RestClient *m_client = nullptr;
    RestHistoryReader *m_reader = nullptr;
    RestSellers *m_sellers = nullptr;
    QHash<quint64, quint64> m_jobs; // request id -> reader job id
};
