#pragma once

#include "historysource.h"
#include "restconnectionspec.h"

#include <QHash>
#include <QObject>

class RestClient;
class RestHistoryReader;

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
    void cancel(quint64 id);
    void setToken(const QByteArray &token);

signals:
    void pageReady(quint64 id, const PageResult &result);
    void countsReady(quint64 id, const CountResult &result);
    void entrySellersReady(quint64 id, const HistorySource::EntrySellers &sellers);
    void failed(quint64 id, const SourceError &error);

private:
    RestHistoryReader *reader();

    RestConnectionSpec m_spec;
    RestClient *m_client = nullptr;
    RestHistoryReader *m_reader = nullptr;
    QHash<quint64, quint64> m_jobs; // request id -> reader job id
};
