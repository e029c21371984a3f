#pragma once

#include "historysource.h"

#include <QObject>
#include <QPointer>

#include <optional>

// Browses a HistorySource one page at a time for the window: holds the
// filter, page size, snapshot and current page, and turns navigation into
// page requests. The latest request wins: a newer one cancels the pending
// one and stale answers are dropped by id. The page on screen stays until
// its replacement arrives (or stays, with an error, if that fails).
//
// Counts are a separate state (unknown, estimated, exact), requested after
// the first page of a snapshot has arrived, so a page never waits for them;
// a source may answer with an estimate first, and the exact count follows.
// Must not know anything about widgets.
class HistoryPager : public QObject
{
    Q_OBJECT
public:
    static constexpr int MinPageSize = 25;
    static constexpr int MaxPageSize = 1000;
    static constexpr int DefaultPageSize = 100;

    explicit HistoryPager(QObject *parent = nullptr);
    ~HistoryPager() override;

    // Not owned. Setting a source drops every state and loads the first page.
    void setSource(HistorySource *source);
    HistorySource *source() const { return m_source; }

    const HistoryFilter &filter() const { return m_filter; }
    void setFilter(const HistoryFilter &filter);
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size);

    void first();
    void next();
    void previous();
    void last();
    void goToPage(qint64 page);             // 1-based
    void goToTime(Timestamp::Micros split); // see PageAnchor::AtTime
    // Takes a new snapshot (shows rows that arrived since) and reloads the
    // current position and the counts.
    void refresh();
    // Takes a new snapshot and shows the page with the newest rows (the
    // first page newest first, the last page oldest first): where a row just
    // written appears.
    void showLatest();
    // Sends again the request that failed last.
    void retry();

    const QList<AuditEntry> &entries() const { return m_page.entries; }
    qint64 offset() const { return m_offset; } // -1 when not known yet
    bool canGoBack() const;
    bool canGoForward() const;
    qint64 currentPage() const;              // 1-based; 0 when unknown
    qint64 pageCount() const;                // 0 when unknown
    qint64 total() const { return m_total; } // -1 when unknown
    CountAccuracy totalAccuracy() const { return m_totalAccuracy; }
    const std::optional<CountResult> &counts() const { return m_counts; }
    std::optional<Timestamp::Micros> snapshot() const { return m_snapshot; }
    bool isLoading() const { return m_pendingPage != 0; }
    const std::optional<SourceError> &error() const { return m_error; }

signals:
    void pageChanged();
    void countsChanged();
    void loadingChanged(bool loading);
    void errorChanged();

private:
    void request(PageRequest request, qint64 expectedOffset);
    PageRequest baseRequest(PageAnchor anchor) const;
    void requestCounts(bool allowEstimate = true);
    void requestRowsBefore();
    void onPageReady(HistorySource::RequestId id, const PageResult &result);
    void onCountsReady(HistorySource::RequestId id, const CountResult &result);
    void onFailed(HistorySource::RequestId id, const SourceError &error);
    void cancelAll();
    void setError(std::optional<SourceError> error);
    void resetCounts();
    void reloadAt(qint64 offset);

    QPointer<HistorySource> m_source;
    QList<QMetaObject::Connection> m_connections;
    HistoryFilter m_filter;
    int m_pageSize = DefaultPageSize;

    PageResult m_page;
    qint64 m_offset = -1;
    std::optional<Timestamp::Micros> m_snapshot;

    HistorySource::RequestId m_pendingPage = 0;
    PageRequest m_pendingRequest;
    qint64 m_pendingOffset = -1; // where the pending page will start, if known
    bool m_pendingFreshSnapshot = false;

    HistorySource::RequestId m_pendingCounts = 0;
    HistorySource::RequestId m_pendingRowsBefore = 0;
    std::optional<CountResult> m_counts;
    qint64 m_total = -1;
    CountAccuracy m_totalAccuracy = CountAccuracy::Unknown;

    std::optional<SourceError> m_error;
    PageRequest m_failedRequest;
    qint64 m_failedOffset = -1;
};
