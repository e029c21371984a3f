#include "historypager.h"

#include <algorithm>

HistoryPager::HistoryPager(QObject *parent)
    : QObject(parent)
{}

HistoryPager::~HistoryPager()
{
    cancelAll();
}

void HistoryPager::setSource(HistorySource *source)
{
    cancelAll();
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_source = source;
    m_page = {};
    m_offset = -1;
    m_snapshot.reset();
    resetCounts();
    setError(std::nullopt);
    if (!m_source) {
        emit pageChanged();
        emit loadingChanged(false);
        return;
    }
    m_connections << connect(m_source, &HistorySource::pageReady, this, &HistoryPager::onPageReady)
                  << connect(m_source, &HistorySource::countsReady, this,
                             &HistoryPager::onCountsReady)
                  << connect(m_source, &HistorySource::failed, this, &HistoryPager::onFailed);
    emit pageChanged();
    first();
}

void HistoryPager::setFilter(const HistoryFilter &filter)
{
    if (filter == m_filter && m_source && (m_pendingPage || !m_page.entries.isEmpty() || m_error))
        return;
    m_filter = filter;
    m_snapshot.reset();
    resetCounts();
    first();
}

void HistoryPager::setPageSize(int size)
{
    size = std::clamp(size, MinPageSize, MaxPageSize);
    if (size == m_pageSize)
        return;
    m_pageSize = size;
    // Stay on the page that holds the row now at the top.
    reloadAt(m_offset >= 0 ? (m_offset / size) * size : 0);
}

PageRequest HistoryPager::baseRequest(PageAnchor anchor) const
{
    PageRequest r;
    r.filter = m_filter;
    r.pageSize = m_pageSize;
    r.anchor = anchor;
    r.snapshot = m_snapshot;
    r.knownTotal = m_totalAccuracy == CountAccuracy::Exact ? m_total : -1;
    return r;
}

void HistoryPager::first()
{
    request(baseRequest(PageAnchor::First), 0);
}

void HistoryPager::next()
{
    if (!canGoForward())
        return;
    PageRequest r = baseRequest(PageAnchor::After);
    r.cursor = m_page.lastCursor();
    request(r, m_offset >= 0 ? m_offset + m_page.entries.size() : -1);
}

void HistoryPager::previous()
{
    if (!canGoBack())
        return;
    PageRequest r = baseRequest(PageAnchor::Before);
    r.cursor = m_page.firstCursor();
    request(r, m_offset >= 0 ? std::max<qint64>(0, m_offset - m_pageSize) : -1);
}

void HistoryPager::last()
{
    request(baseRequest(PageAnchor::Last), -1);
}

void HistoryPager::goToPage(qint64 page)
{
    const qint64 pages = pageCount();
    if (pages > 0)
        page = std::min(page, pages);
    page = std::max<qint64>(1, page);
    if (page == 1) {
        first();
        return;
    }
    PageRequest r = baseRequest(PageAnchor::Offset);
    r.offset = (page - 1) * m_pageSize;
    request(r, r.offset);
}

void HistoryPager::goToTime(Timestamp::Micros split)
{
    PageRequest r = baseRequest(PageAnchor::AtTime);
    r.time = split;
    request(r, -1);
}

void HistoryPager::showLatest()
{
    m_snapshot.reset();
    resetCounts();
    if (m_filter.order == SortOrder::NewestFirst)
        first();
    else
        last();
}

void HistoryPager::refresh()
{
    m_snapshot.reset();
    resetCounts();
    reloadAt(m_offset >= 0 ? (m_offset / m_pageSize) * m_pageSize : 0);
}

void HistoryPager::reloadAt(qint64 offset)
{
    if (offset <= 0) {
        first();
        return;
    }
    PageRequest r = baseRequest(PageAnchor::Offset);
    r.offset = offset;
    request(r, offset);
}

void HistoryPager::retry()
{
    if (!m_error || !m_source)
        return;
    if (m_failedRequest.anchor == PageAnchor::First && !m_snapshot)
        resetCounts();
    request(m_failedRequest, m_failedOffset);
    if (m_snapshot && !m_counts && !m_pendingCounts)
        requestCounts();
}

void HistoryPager::request(PageRequest r, qint64 expectedOffset)
{
    if (!m_source)
        return;
    if (!r.filter.hasValidRange()) {
        setError(SourceError{SourceError::Kind::BadRequest,
                             tr("The end of the date range is before its start.")});
        return;
    }
    const bool wasLoading = isLoading();
    if (m_pendingPage)
        m_source->cancel(m_pendingPage);
    m_pendingRequest = r;
    m_pendingOffset = expectedOffset;
    m_pendingFreshSnapshot = !r.snapshot.has_value();
    m_pendingPage = m_source->requestPage(r);
    if (!wasLoading)
        emit loadingChanged(true);
}

void HistoryPager::requestCounts(bool allowEstimate)
{
    if (!m_source || !m_snapshot)
        return;
    if (m_pendingCounts)
        m_source->cancel(m_pendingCounts);
    CountRequest c;
    c.filter = m_filter.countKey();
    c.kind = CountKind::PerAction;
    c.snapshot = m_snapshot;
    c.allowEstimate = allowEstimate;
    m_pendingCounts = m_source->requestCounts(c);
}

void HistoryPager::requestRowsBefore()
{
    if (!m_source || m_page.entries.isEmpty())
        return;
    if (m_pendingRowsBefore)
        m_source->cancel(m_pendingRowsBefore);
    CountRequest c;
    c.filter = m_filter;
    c.kind = CountKind::RowsBefore;
    c.snapshot = m_snapshot;
    c.cursor = m_page.firstCursor();
    m_pendingRowsBefore = m_source->requestCounts(c);
}

void HistoryPager::onPageReady(HistorySource::RequestId id, const PageResult &result)
{
    if (id != m_pendingPage)
        return;
    m_pendingPage = 0;
    const bool freshSnapshot = m_pendingFreshSnapshot;
    m_page = result;
    m_snapshot = result.snapshot;
    m_offset = result.offset >= 0 ? result.offset : m_pendingOffset;
    if (m_pendingRowsBefore) {
        m_source->cancel(m_pendingRowsBefore);
        m_pendingRowsBefore = 0;
    }
    if (result.total >= 0 && m_totalAccuracy != CountAccuracy::Exact) {
        m_total = result.total;
        m_totalAccuracy = CountAccuracy::Exact;
        emit countsChanged();
    }
    setError(std::nullopt);
    emit pageChanged();
    emit loadingChanged(false);
    if (freshSnapshot || (!m_counts && !m_pendingCounts))
        requestCounts();
    if (m_offset < 0)
        requestRowsBefore();
}

void HistoryPager::onCountsReady(HistorySource::RequestId id, const CountResult &result)
{
    if (id == m_pendingCounts) {
        m_pendingCounts = 0;
        m_counts = result;
        m_total = result.totalFor(m_filter.actions);
        m_totalAccuracy = result.accuracy;
        emit countsChanged();
        emit pageChanged(); // page X of Y and the forward/back state may change
        if (result.accuracy == CountAccuracy::Estimated)
            requestCounts(false); // now the exact figure, in the background
    } else if (id == m_pendingRowsBefore) {
        m_pendingRowsBefore = 0;
        if (result.rowsBefore >= 0) {
            m_offset = result.rowsBefore;
            emit pageChanged();
        }
    }
}

void HistoryPager::onFailed(HistorySource::RequestId id, const SourceError &error)
{
    if (id == m_pendingPage) {
        m_pendingPage = 0;
        m_failedRequest = m_pendingRequest;
        m_failedOffset = m_pendingOffset;
        setError(error);
        emit loadingChanged(false);
    } else if (id == m_pendingCounts) {
        m_pendingCounts = 0;
        m_totalAccuracy = CountAccuracy::Unknown;
        emit countsChanged();
    } else if (id == m_pendingRowsBefore) {
        m_pendingRowsBefore = 0; // the position stays unknown; paging still works
    }
}

void HistoryPager::cancelAll()
{
    if (!m_source)
        return;
    for (HistorySource::RequestId *id : {&m_pendingPage, &m_pendingCounts, &m_pendingRowsBefore}) {
        if (*id)
            m_source->cancel(*id);
        *id = 0;
    }
}

void HistoryPager::setError(std::optional<SourceError> error)
{
    if (!error && !m_error)
        return;
    m_error = std::move(error);
    emit errorChanged();
}

void HistoryPager::resetCounts()
{
    if (m_source && m_pendingCounts)
        m_source->cancel(m_pendingCounts);
    m_pendingCounts = 0;
    m_counts.reset();
    m_total = -1;
    m_totalAccuracy = CountAccuracy::Unknown;
    emit countsChanged();
}

bool HistoryPager::canGoBack() const
{
    return !m_page.atStart && !m_page.entries.isEmpty();
}

bool HistoryPager::canGoForward() const
{
    return !m_page.atEnd && !m_page.entries.isEmpty();
}

qint64 HistoryPager::currentPage() const
{
    if (m_offset < 0)
        return 0;
    return m_offset / m_pageSize + 1;
}

qint64 HistoryPager::pageCount() const
{
    if (m_total < 0)
        return 0;
    return pageCountFor(m_total, m_pageSize);
}
