#include "exportoutboxworker.h"

#include <QThread>

ExportOutboxWorker::ExportOutboxWorker(QString path)
    : m_outbox(std::make_unique<ExportOutbox>(std::move(path)))
{}

ExportOutboxWorker::~ExportOutboxWorker() = default;

void ExportOutboxWorker::open(bool shouldOpen)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (shouldOpen)
        m_outbox->open(&m_openError);
}

void ExportOutboxWorker::answer(quint64 ticket, const QString &sourceKey,
                                const std::function<void(ExportOutboxReply &)> &work)
{
    Q_ASSERT(QThread::currentThread() == thread());
    ExportOutboxReply r;
    r.ticket = ticket;
    r.sourceKey = sourceKey;
    if (!m_openError.isEmpty()) {
        // ExportOutbox's own "not open" sentence would hide why.
        r.ok = false;
        r.error = m_openError;
        emit done(r);
        return;
    }
    work(r);
    QString ignored;
    r.pending = m_outbox->pendingCount(r.sourceKey, &ignored);
    emit done(r);
}

void ExportOutboxWorker::add(quint64 ticket, const ExportRecord &record, const QString &sourceKey)
{
    answer(ticket, sourceKey,
           [&](ExportOutboxReply &r) { r.ok = m_outbox->add(record, sourceKey, &r.error); });
}

void ExportOutboxWorker::remove(quint64 ticket, const QString &id, const QString &sourceKey)
{
    answer(ticket, sourceKey, [&](ExportOutboxReply &r) { r.ok = m_outbox->remove(id, &r.error); });
}

void ExportOutboxWorker::markAttempt(quint64 ticket, const QString &id, const QString &error,
                                     const QString &sourceKey)
{
    answer(ticket, sourceKey,
           [&](ExportOutboxReply &r) { r.ok = m_outbox->markAttempt(id, error, &r.error); });
}

void ExportOutboxWorker::readPending(quint64 ticket, const QString &sourceKey)
{
    answer(ticket, sourceKey, [&](ExportOutboxReply &r) {
        r.entries = m_outbox->pending(sourceKey, &r.error);
        r.ok = r.error.isEmpty();
    });
}

void ExportOutboxWorker::count(quint64 ticket, const QString &sourceKey)
{
    answer(ticket, sourceKey, [](ExportOutboxReply &) {});
}

void ExportOutboxWorker::stop()
{
    Q_ASSERT(QThread::currentThread() == thread());
    thread()->quit();
}
