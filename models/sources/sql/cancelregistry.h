#pragma once

#include <QMutex>
#include <QSet>

// Ids of requests cancelled before their results were delivered, shared by a
// source facade (GUI thread) and its workers. A worker checks it before it
// starts a request and again before it reports one.
class CancelRegistry
{
public:
    void cancel(quint64 id)
    {
        QMutexLocker lock(&m_mutex);
        m_cancelled.insert(id);
    }
    bool isCancelled(quint64 id) const
    {
        QMutexLocker lock(&m_mutex);
        return m_cancelled.contains(id);
    }
    // Forgets the id once nothing more will be done for it.
    bool finish(quint64 id)
    {
        QMutexLocker lock(&m_mutex);
        return m_cancelled.remove(id);
    }

private:
    mutable QMutex m_mutex;
    QSet<quint64> m_cancelled;
};
