#pragma once

#include "historysource.h"
#include "outstandingrequests.h"
#include "restconnectionspec.h"

#include <QHash>
#include <QThread>

#include <atomic>
#include <memory>

class RestWorker;

// The upstream REST API behind the HistorySource interface. Requests run on
// a worker thread that owns the network access and parses every answer, so
// the GUI thread never parses a megabyte of JSON.
//
// Teardown: the destructor stops the worker thread and waits for it; the
// worker aborts what is in flight when it is deleted there.
class RestSource : public HistorySource
{
    Q_OBJECT
public:
    explicit RestSource(RestConnectionSpec spec, QObject *parent = nullptr);
    ~RestSource() override;

    QString description() const override;
    Capabilities capabilities() const override;
    bool canReauthenticate() const override { return true; }
    void setCredentials(const QByteArray &secret) override;

    RequestId requestPage(const PageRequest &request) override;
    RequestId requestCounts(const CountRequest &request) override;
    RequestId requestEntrySellers(const QString &entryId) override;
    RequestId requestSellerPage(const SellerPageRequest &request) override;
    RequestId requestSellerIds(const SellerFilter &filter) override;
    RequestId requestFlag(const FlagRequest &request) override;
    RequestId requestExport(const ExportRequest &request) override;
    RequestId requestRecordExport(const ExportRecord &record) override;
    void cancel(RequestId id) override;

private:
    bool takeOutstanding(RequestId id);
    template<typename Result>
    void relay(void (RestWorker::*from)(quint64, const Result &),
               void (HistorySource::*to)(RequestId, const Result &));
    // Queues `run` on the worker thread under a fresh id.
    template<typename Run>
    RequestId dispatch(Run run, bool isExport = false);

    RestConnectionSpec m_spec;
    QThread m_thread;
    RestWorker *m_worker = nullptr;
    RequestId m_nextId = 1;
    OutstandingRequests m_outstanding;
    // Running exports' stop flags: a cancel sets it at once, so the worker
    // stops before it commits even while the queued cancel waits.
    QHash<RequestId, std::shared_ptr<std::atomic<bool>>> m_exportStops;
};
