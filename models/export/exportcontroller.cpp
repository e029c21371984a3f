#include "exportcontroller.h"

#include "exportoutbox.h"
#include "exportoutboxworker.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QThread>
#include <QUuid>

#include <utility>

template<typename Work>
void ExportController::ask(Work work, Then then)
{
    Q_ASSERT(m_worker);
    const quint64 ticket = ++m_lastTicket;
    if (then) {
        m_awaited = ticket;
        m_then = std::move(then);
    }
    ExportOutboxWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, ticket, work = std::move(work)] { work(*worker, ticket); },
        Qt::QueuedConnection);
}

ExportController::ExportController(ExportOutbox *outbox, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ExportOutcome>();
    if (!outbox)
        return;
    m_outboxThread = new QThread(this);
    m_outboxThread->setObjectName(QStringLiteral("export-outbox"));
    m_worker = new ExportOutboxWorker(outbox->path());
    m_worker->moveToThread(m_outboxThread);
    connect(m_outboxThread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ExportOutboxWorker::done, this, &ExportController::onOutboxDone);
    m_outboxThread->start();
    ask([open = outbox->isOpen()](ExportOutboxWorker &w, quint64) { w.open(open); });
}

ExportController::~ExportController()
{
    if (m_step == Step::Writing)
        cancel();
    if (!m_worker)
        return;
    // Behind every request already queued: what was asked to be written is.
    ask([](ExportOutboxWorker &w, quint64) { w.stop(); });
    m_outboxThread->wait();
}

QString ExportController::sourceGone()
{
    return tr("The source was closed before the record could be sent.");
}

void ExportController::onOutboxDone(const ExportOutboxReply &reply)
{
    if (reply.sourceKey == m_sourceKey) {
        m_pendingCount = reply.pending;
        emit pendingChanged(m_pendingCount);
    }
    if (!m_then || reply.ticket != m_awaited)
        return;
    m_awaited = 0;
    std::exchange(m_then, {})(reply);
}

void ExportController::setSource(HistorySource *source, const QString &sourceKey)
{
    // A record in flight keeps its outbox entry: it is retried later.
    if (m_step == Step::Writing && m_source)
        m_source->cancel(m_request);
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_request = 0;
    // An outbox request in flight still runs; what came after it is moot.
    m_awaited = 0;
    m_then = {};
    m_retryQueue.clear();
    setStep(Step::Idle);
    m_source = source;
    const QString key = sourceKey.isEmpty() && source ? source->outboxKey() : sourceKey;
    if (key != m_sourceKey)
        m_pendingCount = 0; // another source's count; this one's is on its way
    m_sourceKey = key;
    if (m_source) {
        m_connections
            << connect(m_source, &HistorySource::exportProgress, this,
                       [this](HistorySource::RequestId id, const ExportProgress &p) {
                           if (id == m_request && m_step == Step::Writing)
                               emit progress(p);
                       })
            << connect(m_source, &HistorySource::exportDone, this, &ExportController::onExportDone)
            << connect(m_source, &HistorySource::exportRecorded, this,
                       &ExportController::onRecorded)
            << connect(m_source, &HistorySource::flagDone, this, &ExportController::onFlagDone)
            << connect(m_source, &HistorySource::failed, this, &ExportController::onFailed);
    }
    if (m_worker)
        ask([key](ExportOutboxWorker &w, quint64 ticket) { w.count(ticket, key); });
    else
        emit pendingChanged(m_pendingCount);
}

QJsonObject ExportController::filterJson(const ExportRequest &request)
{
    QJsonObject filter;
    if (request.scope == ExportRequest::Scope::History) {
        filter = request.history.toJson();
    } else {
        filter.insert(QStringLiteral("search"), request.sellers.search);
        filter.insert(
            QStringLiteral("state"),
            request.sellers.state == SellerFilter::State::Flagged     ? QStringLiteral("flagged")
            : request.sellers.state == SellerFilter::State::Unflagged ? QStringLiteral("unflagged")
                                                                      : QStringLiteral("all"));
        // The sellers of one history entry: how they were matched and how
        // many were asked for (the names themselves are the record's list).
        if (const auto &only = request.sellers.only) {
            filter.insert(QStringLiteral("only"),
                          QJsonObject{{QStringLiteral("by"), only->key == SellerSet::Key::Id
                                                                 ? QStringLiteral("id")
                                                                 : QStringLiteral("name")},
                                      {QStringLiteral("count"), qint64(only->values.size())},
                                      {QStringLiteral("entry"), only->entryId}});
        }
    }
    if (!request.ids.isEmpty())
        filter.insert(QStringLiteral("selected"), qint64(request.ids.size()));
    return filter;
}

bool ExportController::start(const ExportRequest &request, bool flagExported)
{
    if (!m_source || isBusy())
        return false;
    m_exporting = request;
    m_flagExported = flagExported && request.scope == ExportRequest::Scope::Sellers;
    m_outcome = {};
    setStep(Step::Writing);
    m_request = m_source->requestExport(request);
    return true;
}

void ExportController::cancel()
{
    if (m_step != Step::Writing || !m_source)
        return;
    m_source->cancel(m_request);
    m_cancelledRequest = m_request;
    m_cancelledExport = m_exporting;
    m_request = 0;
    setStep(Step::Idle);
    emit cancelled();
}

ExportRecord ExportController::recordFor(const ExportRequest &request,
                                         const ExportResult &result) const
{
    ExportRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.scope = request.scope;
    r.sellerNames = result.sellerNames;
    r.rows = result.rows;
    r.filter = filterJson(request);
    r.sha256 = result.sha256;
    r.fileName = QFileInfo(result.path).fileName();
    r.exportedAt = Timestamp::now();
    r.actorId = m_source ? m_source->actorId() : QString();
    return r;
}

void ExportController::onExportDone(HistorySource::RequestId id, const ExportResult &result)
{
    if (id == 0)
        return;
    const bool late = id == m_cancelledRequest;
    if (late) {
        m_cancelledRequest = 0;
        if (isBusy()) {
            // Another export runs: this record waits for the next retry.
            if (m_worker)
                ask([record = recordFor(m_cancelledExport, result), key = m_sourceKey](
                        ExportOutboxWorker &w, quint64 ticket) { w.add(ticket, record, key); });
            return;
        }
        m_exporting = m_cancelledExport;
        m_flagExported = false; // the user said stop: nothing more than the record
        m_outcome = {};
        m_outcome.cancelTooLate = true;
        setStep(Step::Writing);
    } else if (id != m_request || m_step != Step::Writing) {
        return;
    }
    m_outcome.file = result;
    m_record = recordFor(m_exporting, result);
    m_outcome.recordId = m_record.id;
    m_request = 0;
    setStep(Step::Recording);
    if (!m_worker) {
        sendRecord();
        return;
    }
    // Queued first, sent second: whatever happens next, it is not lost. Sent
    // also when it could not be queued (said in the outcome): it is then the
    // only copy left.
    ask([record = m_record, key = m_sourceKey](ExportOutboxWorker &w,
                                               quint64 ticket) { w.add(ticket, record, key); },
        [this](const ExportOutboxReply &reply) {
            if (!reply.ok)
                m_outcome.recordError = reply.error;
            sendRecord();
        });
}

void ExportController::sendRecord()
{
    if (!m_source) {
        // Destroyed (not replaced) while the record was being queued.
        m_outcome.recorded = false;
        if (m_outcome.recordError.isEmpty())
            m_outcome.recordError = sourceGone();
        finish();
        return;
    }
    m_request = m_source->requestRecordExport(m_record);
}

void ExportController::onRecorded(HistorySource::RequestId id)
{
    if (id == 0 || id != m_request)
        return;
    m_request = 0;
    if (m_step == Step::Retrying) {
        ++m_retryWritten;
        ask([id = m_retryQueue.constFirst().id, key = m_sourceKey](
                ExportOutboxWorker &w, quint64 ticket) { w.remove(ticket, id, key); },
            [this](const ExportOutboxReply &reply) {
                if (!reply.ok)
                    m_retryError = reply.error;
                m_retryQueue.removeFirst();
                retryNext();
            });
        return;
    }
    if (m_step != Step::Recording)
        return;
    m_outcome.recorded = true;
    m_outcome.recordError.clear();
    if (!m_worker) {
        afterRecordRemoved();
        return;
    }
    ask([id = m_record.id, key = m_sourceKey](ExportOutboxWorker &w,
                                              quint64 ticket) { w.remove(ticket, id, key); },
        [this](const ExportOutboxReply &reply) {
            // Written upstream but still queued: a retry would only rewrite
            // the same row (direct) — say so rather than hide it.
            if (!reply.ok)
                m_outcome.recordError = reply.error;
            afterRecordRemoved();
        });
}

void ExportController::afterRecordRemoved()
{
    if (m_flagExported && !m_outcome.file.sellerIds.isEmpty()) {
        if (!m_source) {
            m_outcome.flagError = sourceGone();
            finish();
            return;
        }
        setStep(Step::Flagging);
        m_request = m_source->requestFlag(FlagRequest{m_outcome.file.sellerIds, true, {}});
        return;
    }
    finish();
}

void ExportController::onFlagDone(HistorySource::RequestId id, const FlagResult &result)
{
    Q_UNUSED(result)
    if (id == 0 || id != m_request || m_step != Step::Flagging)
        return;
    m_outcome.flagged = true;
    finish();
}

void ExportController::onFailed(HistorySource::RequestId id, const SourceError &error)
{
    if (id != 0 && id == m_cancelledRequest) {
        m_cancelledRequest = 0; // the cancel won: no file
        return;
    }
    if (id == 0 || id != m_request)
        return;
    switch (m_step) {
    case Step::Idle:
        return;
    case Step::Writing:
        m_request = 0;
        setStep(Step::Idle);
        emit failed(error); // no file: nothing to record
        return;
    case Step::Recording: {
        m_request = 0;
        m_outcome.recorded = false;
        if (m_outcome.recordError.isEmpty())
            m_outcome.recordError = error.message;
        // The file stands; the record waits in the outbox.
        if (!m_worker) {
            finish();
            return;
        }
        ask([id = m_record.id, message = error.message, key = m_sourceKey](
                ExportOutboxWorker &w, quint64 ticket) { w.markAttempt(ticket, id, message, key); },
            [this](const ExportOutboxReply &) { finish(); });
        return;
    }
    case Step::Flagging:
        m_outcome.flagError = error.message;
        finish();
        return;
    case Step::Retrying:
        m_request = 0;
        m_retryError = error.message;
        ask([id = m_retryQueue.constFirst().id, message = error.message, key = m_sourceKey](
                ExportOutboxWorker &w, quint64 ticket) { w.markAttempt(ticket, id, message, key); },
            [this](const ExportOutboxReply &) { endRetry(); });
        // The source is failing: the rest wait for the next retry.
        m_retryQueue.clear();
        return;
    }
}

void ExportController::finish()
{
    m_request = 0;
    setStep(Step::Idle);
    // Nothing here is needed once reported: the names of a large export
    // (tens of MB) are not kept until the next one.
    const ExportOutcome outcome = std::exchange(m_outcome, {});
    m_record = {};
    emit finished(outcome);
}

void ExportController::retryOutbox()
{
    if (!m_source || isBusy() || !m_worker)
        return;
    m_retryQueue.clear();
    m_retryWritten = 0;
    m_retryError.clear();
    setStep(Step::Retrying);
    ask([key = m_sourceKey](ExportOutboxWorker &w, quint64 ticket) { w.readPending(ticket, key); },
        [this](const ExportOutboxReply &reply) {
            for (const ExportOutbox::Entry &e : reply.entries)
                m_retryQueue << e.record;
            if (!reply.ok)
                m_retryError = reply.error;
            retryNext();
        });
}

void ExportController::retryNext()
{
    if (m_retryQueue.isEmpty()) {
        endRetry();
        return;
    }
    if (!m_source) {
        m_retryQueue.clear();
        m_retryError = sourceGone();
        endRetry();
        return;
    }
    m_request = m_source->requestRecordExport(m_retryQueue.constFirst());
}

void ExportController::endRetry()
{
    m_request = 0;
    setStep(Step::Idle);
    // The count came with the answer that ended the retry.
    emit outboxRetried(m_retryWritten, m_pendingCount, m_retryError);
}

void ExportController::setStep(Step step)
{
    const bool was = isBusy();
    m_step = step;
    if (was != isBusy())
        emit busyChanged(isBusy());
}
