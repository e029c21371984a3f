#pragma once

#include "historysource.h"
#include "outstandingrequests.h"
#include "sqlconnectionspec.h"

#include <QThread>

#include <memory>

class CancelRegistry;
class SqlWorker;

// The direct source (embedded SQLite or Postgres) behind the HistorySource
// interface. It owns four worker threads, each with its own connection:
// pages, counts (and seller id lists), writes (flag transactions, export
// records) and exports, so a slow count or a long export never delays a
// page and browsing stays read-only.
//
// Teardown: the destructor cancels and interrupts what is running, then stops
// both threads and waits for them; each worker is deleted on its own thread
// when it finishes, closing its connection there.
class SqlSource : public HistorySource
{
    Q_OBJECT
public:
    explicit SqlSource(SqlConnectionSpec spec, QObject *parent = nullptr);
    ~SqlSource() override;

    QString description() const override;
    QString outboxKey() const override;
    QString actorId() const override { return m_spec.actorId; }
    Capabilities capabilities() const override;

    RequestId requestPage(const PageRequest &request) override;
    RequestId requestCounts(const CountRequest &request) override;
    RequestId requestSellerPage(const SellerPageRequest &request) override;
    RequestId requestSellerIds(const SellerFilter &filter) override;
    RequestId requestFlag(const FlagRequest &request) override;
    RequestId requestExport(const ExportRequest &request) override;
    RequestId requestRecordExport(const ExportRecord &record) override;
    void cancel(RequestId id) override;

private:
    struct Lane
    {
        QThread thread;
        SqlWorker *worker = nullptr;
    };
    void startLane(Lane &lane, const QString &name, bool writable, int timeoutMs = 0);
    // Forwards a worker's answer if its request is still wanted.
    template<typename Result>
    void relay(SqlWorker *worker, void (SqlWorker::*from)(quint64, const Result &),
               void (HistorySource::*to)(RequestId, const Result &));
    void stopLane(Lane &lane);
    // Queues a request on a lane's worker and hands out its id.
    template<typename Request>
    RequestId dispatch(Lane &lane, const Request &request,
                       void (SqlWorker::*run)(quint64, const Request &));
    // Delivers a worker's result if its request is still wanted.
    bool takeOutstanding(RequestId id);

    SqlConnectionSpec m_spec;
    std::shared_ptr<CancelRegistry> m_cancels;
    Lane m_pages;
    Lane m_counts;
    Lane m_writes;  // the one read-write connection: flag transactions, export records
    Lane m_exports; // long reads, so they never hold up browsing
    RequestId m_nextId = 1;
    OutstandingRequests m_outstanding;
};
