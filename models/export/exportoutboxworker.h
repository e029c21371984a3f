#pragma once

#include "exportoutbox.h"

#include <QObject>

#include <functional>
#include <memory>

// What one outbox request came to, sent back to the ExportController.
struct ExportOutboxReply
{
    quint64 ticket = 0; // the request's, for the controller to match it
    bool ok = true;
    QString error;                      // why not, when !ok
    QList<ExportOutbox::Entry> entries; // readPending() only
    // The queued records of sourceKey just after the request, so that the
    // controller never has to ask on its own thread (0 when unreadable, as
    // ExportOutbox::pendingCount() says).
    QString sourceKey;
    int pending = 0;
};

// Runs the ExportController's outbox requests on its own thread with its own
// ExportOutbox (its own SQLite connection) on the controller's file, so that
// queuing or removing a record of tens of MB, or waiting for another
// process's lock, never stalls the GUI thread.
//
// Threading contract:
// - Constructed on the controller's thread, then moved to a QThread the
//   controller owns; every method below runs on that thread only (the
//   controller calls them through queued invocations; they assert it).
// - Requests run one at a time in the order they were queued; each but
//   open() and stop() answers with exactly one done() (queued back to the
//   controller).
// - The ExportOutbox is opened by open() and closed in the destructor, both
//   on the worker's thread (a QSqlDatabase connection stays on its thread).
// - Teardown: the controller queues stop() after its last request, so every
//   write already asked for is committed before the thread ends; the worker
//   is deleted on its thread when the thread finishes (deleteLater).
//
// It decides nothing: when to queue, send, retry or give up is the
// controller's; the file's format and durability are ExportOutbox's.
class ExportOutboxWorker : public QObject
{
    Q_OBJECT
public:
    explicit ExportOutboxWorker(QString path);
    ~ExportOutboxWorker() override;

    // shouldOpen false: the caller's outbox was not open, so neither is this
    // one, and every request fails as ExportOutbox's do when not open.
    void open(bool shouldOpen);
    void add(quint64 ticket, const ExportRecord &record, const QString &sourceKey);
    void remove(quint64 ticket, const QString &id, const QString &sourceKey);
    void markAttempt(quint64 ticket, const QString &id, const QString &error,
                     const QString &sourceKey);
    void readPending(quint64 ticket, const QString &sourceKey);
    void count(quint64 ticket, const QString &sourceKey);
    // Ends the thread once the requests queued before it are done.
    void stop();

signals:
    void done(const ExportOutboxReply &reply);

private:
    // Runs one request on this thread and answers it with the source's
    // pending count, or answers with the reason the file could not be opened.
    void answer(quint64 ticket, const QString &sourceKey,
                const std::function<void(ExportOutboxReply &)> &work);

    std::unique_ptr<ExportOutbox> m_outbox;
    QString m_openError;
};
