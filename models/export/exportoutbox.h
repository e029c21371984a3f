#pragma once

#include "exportrequest.h"
#include "timestamp.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <memory>

// The durable local queue of export records that could not be written to
// their source yet (product.md §4: "a record is never dropped silently").
// Owns one SQLite file (given by the caller) and one named QSqlDatabase
// connection on it, closed in the destructor. The file is shared: the GUI and
// a CLI process may hold an ExportOutbox on the same file at once, so every
// statement waits for the other's write lock (busy timeout) instead of
// failing, and every add() is committed durably (WAL, synchronous=FULL)
// before it returns.
//
// It must not write records upstream, decide when to retry, or delete data it
// does not recognise: a file that is not an outbox makes open() fail.
// Not thread-safe: use an instance on the thread that called open() only.
// Each call is one local transaction, but one that writes or reads a record
// of tens of MB, or waits for another process's lock, takes longer than a
// GUI frame: ExportController keeps its own instance on a worker thread
// (ExportOutboxWorker) and only passes this one's path to it.
class ExportOutbox
{
public:
    struct Entry
    {
        ExportRecord record;
        QString sourceKey; // which source the record belongs to
        Timestamp::Micros queuedAt = 0;
        int attempts = 0;                    // failed retries so far, as counted by markAttempt()
        QString lastError;                   // of the last failed retry; empty before any
        Timestamp::Micros lastAttemptAt = 0; // 0: never retried
    };

    explicit ExportOutbox(QString path);
    ~ExportOutbox();
    ExportOutbox(const ExportOutbox &) = delete;
    ExportOutbox &operator=(const ExportOutbox &) = delete;

    // The data folder's seller-history/outbox.sqlite (beside the demo
    // database); creates the folder.
    static QString defaultPath();
    // The outbox at defaultPath(), opened; nullptr and *error when it cannot be.
    static std::unique_ptr<ExportOutbox> openDefault(QString *error);

    QString path() const { return m_path; }
    bool isOpen() const { return m_open; }

    // Creates the file (and its folder) and the schema when missing. False,
    // with one sentence naming the file, when it cannot be written or is not
    // an outbox; such a file is left as it is.
    bool open(QString *error);

    // Queues the record for sourceKey (an identifier of the source, never a
    // secret). Adding a record whose id is already queued keeps the first
    // entry as it is, so a caller may add again without duplicating.
    bool add(const ExportRecord &record, const QString &sourceKey, QString *error);

    // Oldest first; all sources when sourceKey is empty. When the file cannot
    // be read, or holds a record that cannot be parsed, the result is empty
    // (0) and *error says why: an entry is never left out silently.
    QList<Entry> pending(const QString &sourceKey = {}, QString *error = nullptr) const;
    int pendingCount(const QString &sourceKey = {}, QString *error = nullptr) const;

    // Counts one failed retry and keeps its error. An id no longer queued
    // (another process wrote and removed it meanwhile) is not an error.
    bool markAttempt(const QString &id, const QString &error, QString *errorOut);

    // After the record is known written. Removing an id not queued succeeds.
    bool remove(const QString &id, QString *error);

private:
    void close();

    QString m_path;
    QString m_connectionName; // unique per instance
    bool m_open = false;
};

Q_DECLARE_METATYPE(ExportOutbox::Entry)
