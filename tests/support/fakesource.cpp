#include "fakesource.h"

HistorySource::RequestId FakeSource::requestPage(const PageRequest &request)
{
    pages.append({m_next, request});
    return m_next++;
}

HistorySource::RequestId FakeSource::requestCounts(const CountRequest &request)
{
    counts.append({m_next, request});
    return m_next++;
}

HistorySource::RequestId FakeSource::requestSellerPage(const SellerPageRequest &request)
{
    sellerPages.append({m_next, request});
    return m_next++;
}

HistorySource::RequestId FakeSource::requestSellerIds(const SellerFilter &filter)
{
    sellerIds.append({m_next, filter});
    return m_next++;
}

HistorySource::RequestId FakeSource::requestFlag(const FlagRequest &request)
{
    flags.append({m_next, request});
    return m_next++;
}

HistorySource::RequestId FakeSource::requestExport(const ExportRequest &request)
{
    exports.append({m_next, request});
    return m_next++;
}

HistorySource::RequestId FakeSource::requestRecordExport(const ExportRecord &record)
{
    records.append({m_next, record});
    return m_next++;
}
