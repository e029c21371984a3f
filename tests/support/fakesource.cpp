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
