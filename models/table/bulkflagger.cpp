#include "bulkflagger.h"

#include <QLocale>

#include <algorithm>

namespace {

SellerFilter withState(SellerFilter filter, bool flagged)
{
    filter.state = flagged ? SellerFilter::State::Flagged : SellerFilter::State::Unflagged;
    return filter;
}

} // namespace

BulkFlagger::BulkFlagger(QObject *parent)
    : QObject(parent)
{}

BulkFlagger::~BulkFlagger()
{
    cancel();
}

void BulkFlagger::setSource(HistorySource *source)
{
    cancel();
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_source = source;
    if (m_undo) {
        m_undo.reset();
        emit undoChanged();
    }
    if (!m_source)
        return;
    m_connections << connect(m_source, &HistorySource::sellerPageReady, this,
                             &BulkFlagger::onSellerPage)
                  << connect(m_source, &HistorySource::sellerIdsReady, this, &BulkFlagger::onIds)
                  << connect(m_source, &HistorySource::flagDone, this, &BulkFlagger::onFlagDone)
                  << connect(m_source, &HistorySource::failed, this, &BulkFlagger::onFailed);
}

PreparedFlag BulkFlagger::prepareSelection(const QList<Seller> &selected,
                                           std::optional<bool> flagged)
{
    PreparedFlag p;
    p.flagged = flagged.value_or(std::any_of(selected.cbegin(), selected.cend(),
                                             [](const Seller &s) { return !s.flagged; }));
    p.scopeCount = selected.size();
    for (const Seller &s : selected) {
        if (s.flagged == p.flagged)
            continue;
        p.ids << s.id;
        if (p.firstNames.size() < NamesShown)
            p.firstNames << s.displayName;
    }
    return p;
}

void BulkFlagger::prepareAllMatching(const SellerFilter &filter, qint64 scopeCount,
                                     std::optional<bool> flagged)
{
    if (!m_source || isBusy())
        return;
    m_preparing = PreparedFlag{};
    m_preparing.allMatching = true;
    m_preparing.filter = filter;
    m_preparing.scopeCount = scopeCount;
    if (!flagged && filter.state != SellerFilter::State::All)
        flagged = filter.state == SellerFilter::State::Unflagged;
    if (flagged) {
        m_preparing.flagged = *flagged;
        resolve();
        return;
    }
    // Flag if any matching seller is unflagged: one row of them tells.
    setStep(Step::Probing);
    m_probe = m_source->requestSellerPage(SellerPageRequest{withState(filter, false), 1, 0});
}

void BulkFlagger::resolve()
{
    const SellerFilter &filter = m_preparing.filter;
    const auto alreadyThere =
        m_preparing.flagged ? SellerFilter::State::Flagged : SellerFilter::State::Unflagged;
    if (filter.state == alreadyThere) {
        // Every seller in the scope is in the target state already.
        setStep(Step::Idle);
        emit prepared(m_preparing);
        return;
    }
    setStep(Step::Resolving);
    const SellerFilter changing = withState(filter, !m_preparing.flagged);
    m_idsArrived = m_namesArrived = false;
    m_ids = m_source->requestSellerIds(changing);
    m_names = m_source->requestSellerPage(SellerPageRequest{changing, NamesShown, 0});
}

void BulkFlagger::finishResolving()
{
    if (!m_idsArrived || !m_namesArrived)
        return;
    m_ids = m_names = 0;
    setStep(Step::Idle);
    emit prepared(m_preparing);
}

void BulkFlagger::commit(const PreparedFlag &prepared, const QString &reason)
{
    if (!m_source || isBusy())
        return;
    if (prepared.ids.isEmpty()) {
        // Nothing changes, so nothing is written; the answer says so.
        emit finished(FlagResult{}, prepared.flagged, false);
        return;
    }
    write(FlagRequest{prepared.ids, prepared.flagged, reason}, false);
}

QString BulkFlagger::undoText() const
{
    if (!m_undo)
        return tr("Undo");
    const qsizetype n = m_undo->ids.size();
    const QString count = QLocale().toString(n);
    // m_undo->flagged is the state the undo restores.
    if (m_undo->flagged)
        return n == 1 ? tr("Undo unflagging 1 seller")
                      : tr("Undo unflagging %1 sellers").arg(count);
    return n == 1 ? tr("Undo flagging 1 seller") : tr("Undo flagging %1 sellers").arg(count);
}

void BulkFlagger::undo()
{
    if (!canUndo() || !m_source)
        return;
    const Undo undo = *m_undo;
    // The reason names the entry this one reverses; it is data, so it stays
    // in English like the rest of the audit log.
    write(FlagRequest{undo.ids, undo.flagged,
                      undo.entryId.isEmpty() ? QStringLiteral("Undo")
                                             : QStringLiteral("Undo of %1").arg(undo.entryId)},
          true);
}

void BulkFlagger::write(const FlagRequest &request, bool undo)
{
    setStep(Step::Writing);
    m_writingUndo = undo;
    m_writingFlagged = request.flagged;
    m_write = m_source->requestFlag(request);
    emit undoChanged();
}

void BulkFlagger::cancel()
{
    // A write already sent is not cancelled: its outcome must be known. Only
    // the preparation steps, which change nothing, are dropped.
    if (m_source) {
        for (HistorySource::RequestId id : {m_probe, m_ids, m_names}) {
            if (id)
                m_source->cancel(id);
        }
    }
    m_probe = m_ids = m_names = 0;
    if (m_step != Step::Writing)
        setStep(Step::Idle);
}

void BulkFlagger::setStep(Step step)
{
    const bool was = isBusy();
    m_step = step;
    if (was != isBusy())
        emit busyChanged(isBusy());
}

void BulkFlagger::onSellerPage(HistorySource::RequestId id, const SellerPageResult &result)
{
    if (id == 0)
        return;
    if (id == m_probe) {
        m_probe = 0;
        m_preparing.flagged = result.total > 0;
        resolve();
    } else if (id == m_names) {
        for (const Seller &s : result.sellers)
            m_preparing.firstNames << s.displayName;
        m_namesArrived = true;
        finishResolving();
    }
}

void BulkFlagger::onIds(HistorySource::RequestId id, const QStringList &ids)
{
    if (id == 0 || id != m_ids)
        return;
    m_preparing.ids = ids;
    m_idsArrived = true;
    finishResolving();
}

void BulkFlagger::onFlagDone(HistorySource::RequestId id, const FlagResult &result)
{
    if (id == 0 || id != m_write)
        return;
    m_write = 0;
    if (m_writingUndo || result.changedIds.isEmpty())
        m_undo.reset();
    else
        m_undo = Undo{result.changedIds, !m_writingFlagged, result.auditEntryId};
    setStep(Step::Idle);
    emit undoChanged();
    emit finished(result, m_writingFlagged, m_writingUndo);
}

void BulkFlagger::onFailed(HistorySource::RequestId id, const SourceError &error)
{
    if (id == 0 || (id != m_probe && id != m_ids && id != m_names && id != m_write))
        return;
    if (id == m_write)
        m_write = 0;
    cancel(); // the other half of a resolution is useless now
    setStep(Step::Idle);
    emit undoChanged();
    emit failed(error);
}
