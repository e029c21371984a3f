#include "exportcontroller.h"

#include "exportoutbox.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QUuid>

#include <utility>

ExportController::ExportController(ExportOutbox *outbox, QObject *parent)
    : QObject(parent)
    , m_outbox(outbox)
{
    qRegisterMetaType<ExportOutcome>();
}

ExportController::~ExportController()
{
    if (m_step == Step::Writing)
        cancel();
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
    m_retryQueue.clear();
    setStep(Step::Idle);
    m_source = source;
    m_sourceKey = sourceKey.isEmpty() && source ? source->outboxKey() : sourceKey;
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
    emitPending();
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
            QString ignored;
            if (m_outbox)
                m_outbox->add(recordFor(m_cancelledExport, result), m_sourceKey, &ignored);
            emitPending();
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
    // Queued first, sent second: whatever happens next, it is not lost.
    QString queueError;
    const bool queued = m_outbox && m_outbox->add(m_record, m_sourceKey, &queueError);
    if (!queued && m_outbox)
        m_outcome.recordError = queueError;
    emitPending();
    setStep(Step::Recording);
    m_request = m_source->requestRecordExport(m_record);
}

void ExportController::onRecorded(HistorySource::RequestId id)
{
    if (id == 0 || id != m_request)
        return;
    QString error;
    if (m_step == Step::Retrying) {
        ++m_retryWritten;
        if (m_outbox && !m_outbox->remove(m_retryQueue.constFirst().id, &error))
            m_retryError = error;
        m_retryQueue.removeFirst();
        emitPending();
        retryNext();
        return;
    }
    if (m_step != Step::Recording)
        return;
    m_outcome.recorded = true;
    m_outcome.recordError.clear();
    if (m_outbox && !m_outbox->remove(m_record.id, &error)) {
        // Written upstream but still queued: a retry would only rewrite the
        // same row (direct) — say so rather than hide it.
        m_outcome.recordError = error;
    }
    emitPending();
    if (m_flagExported && !m_outcome.file.sellerIds.isEmpty()) {
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
        QString ignored;
        if (m_outbox)
            m_outbox->markAttempt(m_record.id, error.message, &ignored);
        m_outcome.recorded = false;
        if (m_outcome.recordError.isEmpty())
            m_outcome.recordError = error.message;
        emitPending();
        finish(); // the file stands; the record waits in the outbox
        return;
    }
    case Step::Flagging:
        m_outcome.flagError = error.message;
        finish();
        return;
    case Step::Retrying: {
        QString ignored;
        if (m_outbox)
            m_outbox->markAttempt(m_retryQueue.constFirst().id, error.message, &ignored);
        m_retryError = error.message;
        // The source is failing: the rest wait for the next retry.
        const int still = pendingCount();
        m_retryQueue.clear();
        m_request = 0;
        setStep(Step::Idle);
        emit outboxRetried(m_retryWritten, still, m_retryError);
        return;
    }
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
    if (!m_source || isBusy() || !m_outbox)
        return;
    m_retryQueue.clear();
    m_retryWritten = 0;
    m_retryError.clear();
    QString error;
    for (const ExportOutbox::Entry &e : m_outbox->pending(m_sourceKey, &error))
        m_retryQueue << e.record;
    if (!error.isEmpty())
        m_retryError = error;
    setStep(Step::Retrying);
    retryNext();
}

void ExportController::retryNext()
{
    if (m_retryQueue.isEmpty()) {
        m_request = 0;
        setStep(Step::Idle);
        emit outboxRetried(m_retryWritten, pendingCount(), m_retryError);
        return;
    }
    m_request = m_source->requestRecordExport(m_retryQueue.constFirst());
}

int ExportController::pendingCount() const
{
    return m_outbox && m_outbox->isOpen() ? m_outbox->pendingCount(m_sourceKey) : 0;
}

void ExportController::emitPending()
{
    emit pendingChanged(pendingCount());
}

void ExportController::setStep(Step step)
{
    const bool was = isBusy();
    m_step = step;
    if (was != isBusy())
        emit busyChanged(isBusy());
}
