#pragma once

#include "exportrequest.h"
#include "historysource.h"

#include <QObject>
#include <QPointer>

#include <functional>

class ExportOutbox;
class ExportOutboxWorker;
class QThread;
struct ExportOutboxReply;

// The outcome of an export whose file was written.
struct ExportOutcome
{
    ExportResult file;
    QString recordId;
    bool recorded = false; // false: the record waits in the outbox
    QString recordError;   // why it could not be written (when not recorded)
    bool flagged = false;  // the exported sellers were flagged as asked
    QString flagError;     // why not, when asked and it failed
    // The user cancelled, but the file was already complete: it stands and
    // is recorded like any other.
    bool cancelTooLate = false;
};

// Runs exports through a HistorySource, one at a time: the file (with
// progress, cancellable until it is committed), then exactly one record of
// it. The record is queued in the outbox *before* it is sent and removed
// once the source confirms it, so a failure, a crash or a quit in between
// leaves it queued, never lost; direct sources ignore a record written
// twice, so retrying after a lost acknowledgement does not duplicate it.
// Also retries the queued records of its source on demand. Knows nothing
// about widgets; the window and the command line both drive it.
//
// Threading contract:
// - Lives on the thread that creates it (the GUI thread in the window); all
//   its methods and signals are on that thread.
// - It never touches the outbox file on that thread: writing a record of
//   tens of MB takes longer than a frame, and another process may hold the
//   file's lock for seconds. An ExportOutboxWorker on a QThread it owns has
//   its own ExportOutbox on the same file and runs every add, remove,
//   markAttempt, pending and count in the order asked; the controller talks
//   to it only by queued invocations and hears back by queued signal.
// - So the steps that depend on the file wait for the worker's answer, never
//   for the worker itself: a record is sent only after the worker says it is
//   committed (or why it could not be), and the next step after a
//   confirmation or a failure only after its removal or counted attempt.
// - pendingCount() is the count the worker reported with its latest answer
//   for this source; pendingChanged() follows each such answer.
// - Teardown (destructor): a running file is cancelled, then a stop is
//   queued behind the worker's requests and the thread is joined: every
//   write already asked for is committed before the controller is gone,
//   which may take as long as those writes (plus the busy timeout when
//   another process holds the file). Answers still on their way are dropped
//   with the controller, so a record queued but not yet sent stays queued
//   for the next retry. The caller's outbox may go before or after the
//   controller: only its path and whether it was open are read, here.
class ExportController : public QObject
{
    Q_OBJECT
public:
    // outbox: not owned, opened by the caller; may be null (then a record
    // that fails is reported as lost, loudly: the caller had no outbox).
    // Only its file is used, through the controller's own connection.
    explicit ExportController(ExportOutbox *outbox, QObject *parent = nullptr);
    ~ExportController() override;

    // Not owned. sourceKey names the source in the outbox (no secrets);
    // empty: the source's own outboxKey(), which is what to use.
    void setSource(HistorySource *source, const QString &sourceKey = {});
    QString sourceKey() const { return m_sourceKey; }

    bool isBusy() const { return m_step != Step::Idle; }
    // The record that describes what the user chose (for the record's
    // `filter` key): the history filter or the sellers filter, with the
    // selection's size when it was a selection.
    static QJsonObject filterJson(const ExportRequest &request);

    // Starts an export; refused (returns false) while one runs. With
    // flagExported (sellers exports only), the exported sellers are then
    // flagged in one flag row.
    bool start(const ExportRequest &request, bool flagExported = false);
    // Stops the file while it is being written: no file, no record. Once
    // the file is committed, the record is written regardless.
    void cancel();

    // Sends the queued records of this source, oldest first, one at a time.
    void retryOutbox();
    // Queued records of this source, as last counted off this thread: 0
    // until the first count after setSource() arrives (pendingChanged()).
    int pendingCount() const { return m_pendingCount; }

signals:
    void busyChanged(bool busy);
    void progress(const ExportProgress &progress);
    void finished(const ExportOutcome &outcome);
    void failed(const SourceError &error); // no file was written, nothing recorded
    void cancelled();                      // idem
    void pendingChanged(int count);
    // After retryOutbox(): how many were written and how many are still queued.
    void outboxRetried(int written, int stillPending, const QString &lastError);

private:
    enum class Step : quint8
    {
        Idle,
        Writing,   // the file
        Recording, // its record
        Flagging,  // the exported sellers, when asked
        Retrying,  // queued records
    };
    using Then = std::function<void(const ExportOutboxReply &)>;

    void setStep(Step step);
    void onExportDone(HistorySource::RequestId id, const ExportResult &result);
    ExportRecord recordFor(const ExportRequest &request, const ExportResult &result) const;
    void sendRecord();
    void onRecorded(HistorySource::RequestId id);
    void afterRecordRemoved();
    void onFlagDone(HistorySource::RequestId id, const FlagResult &result);
    void onFailed(HistorySource::RequestId id, const SourceError &error);
    void finish();
    void retryNext();
    void endRetry();
    static QString sourceGone();

    // Queues work(worker, ticket) on the worker's thread; then, if given,
    // runs when its answer arrives and the controller still waits for it.
    template<typename Work>
    void ask(Work work, Then then = {});
    void onOutboxDone(const ExportOutboxReply &reply);

    QThread *m_outboxThread = nullptr;      // owned (a child)
    ExportOutboxWorker *m_worker = nullptr; // null without an outbox; deleted on its thread
    quint64 m_lastTicket = 0;
    quint64 m_awaited = 0; // the ticket whose answer the current step waits for
    Then m_then;
    int m_pendingCount = 0;

    QPointer<HistorySource> m_source;
    QString m_sourceKey;
    QList<QMetaObject::Connection> m_connections;
    Step m_step = Step::Idle;
    HistorySource::RequestId m_request = 0;
    ExportRequest m_exporting;
    // An export cancelled while it ran: its file may have been complete
    // already, and is then recorded all the same.
    HistorySource::RequestId m_cancelledRequest = 0;
    ExportRequest m_cancelledExport;
    bool m_flagExported = false;
    ExportOutcome m_outcome;
    ExportRecord m_record;
    // Retrying: the records still to send, and the tally.
    QList<ExportRecord> m_retryQueue;
    int m_retryWritten = 0;
    QString m_retryError;
};

Q_DECLARE_METATYPE(ExportOutcome)
