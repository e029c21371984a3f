#include "sellerpager.h"

#include <algorithm>

SellerPager::SellerPager(QObject *parent)
    : QObject(parent)
{}

SellerPager::~SellerPager()
{
    cancelPending();
}

void SellerPager::setSource(HistorySource *source)
{
    cancelPending();
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_source = source;
    m_page = {};
    m_loaded = false;
    setError(std::nullopt);
    emit pageChanged();
    if (!m_source) {
        emit loadingChanged(false);
        return;
    }
    m_connections << connect(m_source, &HistorySource::sellerPageReady, this,
                             &SellerPager::onPageReady)
                  << connect(m_source, &HistorySource::failed, this, &SellerPager::onFailed);
    first();
}

void SellerPager::setFilter(const SellerFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    first();
}

void SellerPager::setPageSize(int size)
{
    size = std::max(1, size);
    if (size == m_pageSize)
        return;
    const qint64 firstRow = m_loaded ? m_page.offset : 0;
    m_pageSize = size;
    request(firstRow / size * size);
}

void SellerPager::first()
{
    request(0);
}

void SellerPager::next()
{
    if (canGoForward())
        request(m_page.offset + m_pageSize);
}

void SellerPager::previous()
{
    if (canGoBack())
        request(std::max<qint64>(0, m_page.offset - m_pageSize));
}

void SellerPager::last()
{
    if (m_loaded)
        request(lastPageOffset(m_page.total));
}

void SellerPager::goToPage(qint64 page)
{
    const qint64 pages = pageCount();
    if (pages > 0)
        page = std::min(page, pages);
    request((std::max<qint64>(1, page) - 1) * m_pageSize);
}

void SellerPager::refresh()
{
    request(m_loaded ? m_page.offset : 0);
}

void SellerPager::retry()
{
    if (m_error)
        request(m_failedRequest.offset);
}

bool SellerPager::canGoBack() const
{
    return m_loaded && m_page.offset > 0;
}

bool SellerPager::canGoForward() const
{
    return m_loaded && m_page.offset + m_page.sellers.size() < m_page.total;
}

qint64 SellerPager::currentPage() const
{
    return m_loaded ? m_page.offset / m_pageSize + 1 : 0;
}

qint64 SellerPager::pageCount() const
{
    if (!m_loaded)
        return 0;
    return pageCountFor(m_page.total, m_pageSize);
}

qint64 SellerPager::lastPageOffset(qint64 total) const
{
    return total > 0 ? (total - 1) / m_pageSize * m_pageSize : 0;
}

void SellerPager::request(qint64 offset)
{
    if (!m_source)
        return;
    const bool wasLoading = isLoading();
    cancelPending();
    m_pendingRequest = SellerPageRequest{m_filter, m_pageSize, std::max<qint64>(0, offset)};
    m_pending = m_source->requestSellerPage(m_pendingRequest);
    if (!wasLoading)
        emit loadingChanged(true);
}

void SellerPager::onPageReady(HistorySource::RequestId id, const SellerPageResult &result)
{
    if (id != m_pending)
        return;
    m_pending = 0;
    // The page asked for lies past the end now (sellers left the filter, or
    // a page typed too high): show the last page there is instead.
    if (result.sellers.isEmpty() && result.offset > 0 && result.total > 0) {
        m_pendingRequest.offset = lastPageOffset(result.total);
        m_pending = m_source->requestSellerPage(m_pendingRequest);
        return;
    }
    m_page = result;
    m_shownFilter = m_pendingRequest.filter;
    m_loaded = true;
    setError(std::nullopt);
    emit pageChanged();
    emit loadingChanged(false);
}

void SellerPager::onFailed(HistorySource::RequestId id, const SourceError &error)
{
    if (id != m_pending)
        return;
    m_pending = 0;
    m_failedRequest = m_pendingRequest;
    setError(error);
    emit loadingChanged(false);
}

void SellerPager::cancelPending()
{
    if (m_source && m_pending)
        m_source->cancel(m_pending);
    m_pending = 0;
}

void SellerPager::setError(std::optional<SourceError> error)
{
    if (!error && !m_error)
        return;
    m_error = std::move(error);
    emit errorChanged();
}
