#pragma once

#include "paging.h"
#include "restclient.h"
#include "restcodec.h"

#include <QHash>
#include <QObject>

#include <functional>

// Answers the history browsing requests (pages at every anchor, counts)
// from the upstream REST API, exactly: rows come in (created_at, id) order
// with no row skipped or repeated, although the API orders by created_at
// alone and caps answers at 1,000 rows. Pages are read by RestWindowWalk
// from the page's key outwards, so a page deep in the log costs what the
// first one does; only a jump to page N and finding the oldest row use the
// API's own offset, once.
//
// Runs on its RestClient's thread. Every job ends in exactly one callback,
// unless cancelled first.
class RestHistoryReader : public QObject
{
    Q_OBJECT
public:
    using JobId = quint64;
    using PageDone = std::function<void(std::optional<PageResult>, const SourceError &)>;
    using CountsDone = std::function<void(std::optional<CountResult>, const SourceError &)>;
    using SellersDone =
        std::function<void(std::optional<RestCodec::EntrySellers>, const SourceError &)>;

    explicit RestHistoryReader(RestClient *client, QObject *parent = nullptr);
    ~RestHistoryReader() override;

    JobId page(const PageRequest &request, PageDone done);
    JobId counts(const CountRequest &request, CountsDone done);
    JobId entrySellers(const QString &entryId, SellersDone done);
    void cancel(JobId id);

    RestClient *client() const { return m_client; }
    // The last window size that worked: where the next walk starts.
    Timestamp::Micros windowHint() const { return m_windowHint; }
    void setWindowHint(Timestamp::Micros window) { m_windowHint = window; }

private:
    JobId add(QObject *job);
    void finished(JobId id);

    RestClient *m_client;
    QHash<JobId, QObject *> m_jobs;
    JobId m_next = 1;
    Timestamp::Micros m_windowHint = Timestamp::MicrosPerDay;

    friend class RestPageJob;
    friend class RestCountJob;
};
