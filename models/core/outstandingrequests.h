#pragma once

#include <QHash>
#include <QList>

// The requests a source facade has handed out and not yet answered, with
// the HistorySource cancel contract in one place: a cancelled request is
// answered with nothing, except an export, whose result still comes when
// its file was committed before the cancel reached it (see HistorySource).
// Used on the facade's thread only.
class OutstandingRequests
{
public:
    using RequestId = quint64;

    void add(RequestId id, bool isExport = false)
    {
        m_requests.insert(id, isExport ? Export : Plain);
    }
    bool contains(RequestId id) const { return m_requests.contains(id); }
    QList<RequestId> ids() const { return m_requests.keys(); }

    // Whether the worker must be told. A cancelled export stays listed, so
    // that a late result passes take().
    bool cancel(RequestId id)
    {
        const auto it = m_requests.find(id);
        if (it == m_requests.end())
            return false;
        if (it.value() == Plain)
            m_requests.erase(it);
        else
            it.value() = CancelledExport;
        return true;
    }
    // A result arrived: deliver it? (Once; it is forgotten here.)
    bool take(RequestId id) { return m_requests.remove(id); }
    // A failure arrived: deliver it? A cancelled export's failure is its
    // cancel, which is not reported.
    bool takeFailure(RequestId id)
    {
        const auto it = m_requests.find(id);
        if (it == m_requests.end())
            return false;
        const bool report = it.value() != CancelledExport;
        m_requests.erase(it);
        return report;
    }
    // Progress, while an answer is still wanted.
    bool wantsProgress(RequestId id) const
    {
        const auto it = m_requests.constFind(id);
        return it != m_requests.cend() && it.value() != CancelledExport;
    }

private:
    enum State : quint8
    {
        Plain,
        Export,
        CancelledExport,
    };
    QHash<RequestId, State> m_requests;
};
