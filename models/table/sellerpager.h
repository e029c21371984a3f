#pragma once

#include "historysource.h"

#include <QObject>
#include <QPointer>

#include <optional>

// Browses the sellers of a HistorySource one page at a time: holds the
// filter, page size and current page and turns navigation into page
// requests. Sellers are few (a hundred thousand, not millions) and every
// answer carries the exact total, so plain offsets serve. The latest request
// wins; the page on screen stays until its replacement arrives (or stays,
// with an error, if that fails). Knows nothing about widgets.
class SellerPager : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultPageSize = 100;

    explicit SellerPager(QObject *parent = nullptr);
    ~SellerPager() override;

    // Not owned. Setting a source drops every state and loads the first page.
    void setSource(HistorySource *source);
    HistorySource *source() const { return m_source; }

    const SellerFilter &filter() const { return m_filter; }
    // The filter of the page on screen: filter() runs ahead of it while the
    // next page loads.
    const SellerFilter &shownFilter() const { return m_shownFilter; }
    void setFilter(const SellerFilter &filter); // back to the first page
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size); // keeps the first row shown on the new page

    void first();
    void next();
    void previous();
    void last();
    void goToPage(qint64 page); // 1-based
    void refresh();             // the current page again (after a change)
    void retry();               // the request that failed last

    const QList<Seller> &sellers() const { return m_page.sellers; }
    qint64 offset() const { return m_loaded ? m_page.offset : -1; }
    qint64 total() const { return m_loaded ? m_page.total : -1; }
    bool canGoBack() const;
    bool canGoForward() const;
    qint64 currentPage() const; // 1-based; 0 when unknown
    qint64 pageCount() const;   // 0 when unknown
    bool isLoading() const { return m_pending != 0; }
    const std::optional<SourceError> &error() const { return m_error; }

signals:
    void pageChanged();
    void loadingChanged(bool loading);
    void errorChanged();

private:
    void request(qint64 offset);
    void onPageReady(HistorySource::RequestId id, const SellerPageResult &result);
    void onFailed(HistorySource::RequestId id, const SourceError &error);
    void cancelPending();
    void setError(std::optional<SourceError> error);
    qint64 lastPageOffset(qint64 total) const;

    QPointer<HistorySource> m_source;
    QList<QMetaObject::Connection> m_connections;
    SellerFilter m_filter;
    int m_pageSize = DefaultPageSize;
    SellerPageResult m_page;
    SellerFilter m_shownFilter;
    bool m_loaded = false;
    HistorySource::RequestId m_pending = 0;
    SellerPageRequest m_pendingRequest;
    std::optional<SourceError> m_error;
    SellerPageRequest m_failedRequest;
};
