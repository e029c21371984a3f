#pragma once

#include "historysource.h"
#include "sqlconnectionspec.h"

#include <QSet>
#include <QThread>

#include <memory>

class CancelRegistry;
class SqlWorker;

// The direct source (embedded SQLite or Postgres) behind the HistorySource
// interface. It owns two worker threads, each with its own connection: one
// for pages and one for counts, so a slow count never delays a page.
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
    Capabilities capabilities() const override;

    RequestId requestPage(const PageRequest &request) override;
    RequestId requestCounts(const CountRequest &request) override;
    void cancel(RequestId id) override;

private:
    struct Lane
    {
        QThread thread;
        SqlWorker *worker = nullptr;
    };
    void startLane(Lane &lane, const QString &name);
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
    RequestId m_nextId = 1;
    QSet<RequestId> m_outstanding;
};
