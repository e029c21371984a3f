#pragma once

#include "cancelregistry.h"
#include "exportrequest.h"
#include "paging.h"
#include "seller.h"
#include "sourceerror.h"
#include "sqlconnectionspec.h"

#include <QMutex>
#include <QObject>

#include <atomic>
#include <memory>

class QueryInterrupter;
class SqlExporter;
class SqlFlagWriter;
class SqlHistoryReader;
class SqlSellerReader;

// Runs SQL requests on its own thread with its own connection.
//
// Threading contract:
// - Constructed on the facade's thread, then moved to a dedicated QThread.
// - run*() must be called on that thread only (the facade uses queued
//   invocations); they assert it. Results leave by signal.
// - A writable worker opens a read-write connection and takes the flag
//   transactions; the others are read-only.
// - interrupt() may be called from any thread.
// - Opens its connection lazily on the first request and reopens it after a
//   connection error. Destroyed on its own thread (deleteLater when the
//   thread finishes), where it closes and removes the connection.
class SqlWorker : public QObject
{
    Q_OBJECT
public:
    SqlWorker(SqlConnectionSpec spec, QString connectionName,
              std::shared_ptr<CancelRegistry> cancels, bool writable = false);
    ~SqlWorker() override;

    void runPage(quint64 id, const PageRequest &request);
    void runCounts(quint64 id, const CountRequest &request);
    void runSellerPage(quint64 id, const SellerPageRequest &request);
    void runSellerIds(quint64 id, const SellerFilter &filter);
    void runFlag(quint64 id, const FlagRequest &request);
    void runExport(quint64 id, const ExportRequest &request);
    void runRecordExport(quint64 id, const ExportRecord &record);

    // Before the first request: a statement timeout other than the
    // browsing one (exports run long on purpose).
    void setStatementTimeoutMs(int ms) { m_statementTimeoutMs = ms; }

    // Stops request `id` if it is the one running now; 0 stops whatever runs.
    void interrupt(quint64 id);

signals:
    void pageReady(quint64 id, const PageResult &result);
    void countsReady(quint64 id, const CountResult &result);
    void sellerPageReady(quint64 id, const SellerPageResult &result);
    void sellerIdsReady(quint64 id, const QStringList &ids);
    void flagDone(quint64 id, const FlagResult &result);
    void exportProgress(quint64 id, const ExportProgress &progress);
    void exportDone(quint64 id, const ExportResult &result);
    void exportRecorded(quint64 id, const QString &recordId);
    void failed(quint64 id, const SourceError &error);

private:
    bool ensureOpen(SourceError *error);
    void closeConnection();
    // Marks `id` as running; false when it was cancelled meanwhile.
    bool begin(quint64 id);
    void end();
    // Runs one request on the open connection and reports its outcome,
    // unless it was cancelled before it started or while it ran.
    template<typename Result, typename Work>
    void run(quint64 id, Work work, void (SqlWorker::*ready)(quint64, const Result &));

    SqlConnectionSpec m_spec;
    QString m_connectionName;
    std::shared_ptr<CancelRegistry> m_cancels;
    bool m_writable = false;
    std::unique_ptr<SqlHistoryReader> m_reader;
    std::unique_ptr<SqlSellerReader> m_sellers;
    std::unique_ptr<SqlFlagWriter> m_flags;
    std::unique_ptr<SqlExporter> m_exporter;
    int m_statementTimeoutMs = 0;
    QMutex m_runningMutex; // guards m_running and m_interrupter against interrupt()
    quint64 m_running = 0;
    std::atomic<bool> m_stop = false; // the running request is cancelled
    std::unique_ptr<QueryInterrupter> m_interrupter;
};
