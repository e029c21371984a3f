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
    const bool wasWriting = isWriting();
    m_source = source;
    m_write = 0;
    m_retry.reset();
    setStep(Step::Idle);
    if (m_undo) {
        m_undo.reset();
        emit undoChanged();
    }
    if (wasWriting) {
        // Its answer will never be heard: say so rather than let it vanish.
        emit failed({SourceError::Kind::Failed,
                     tr("The connection changed before the change was confirmed, so it may or "
                        "may not have been applied. Check the sellers list.")},
                    true);
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

void BulkFlagger::prepareAllMatching(const SellerFilter &filter, qint64 selectedCount,
                                     std::optional<bool> flagged)
{
    if (!m_source || isBusy())
        return;
    m_preparing = PreparedFlag{};
    m_preparing.allMatching = true;
    m_preparing.filter = filter;
    m_preparing.selectedCount = selectedCount;
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
    setStep(Step::Resolving);
    const SellerFilter &filter = m_preparing.filter;
    // The scope is counted now, not taken from when it was selected: what
    // the confirmation says must be what runs.
    m_scope = m_source->requestSellerPage(SellerPageRequest{filter, 1, 0});
    const auto alreadyThere =
        m_preparing.flagged ? SellerFilter::State::Flagged : SellerFilter::State::Unflagged;
    if (filter.state == alreadyThere)
        return; // every seller in the scope is in the target state already
    const SellerFilter changing = withState(filter, !m_preparing.flagged);
    m_ids = m_source->requestSellerIds(changing);
    m_names = m_source->requestSellerPage(SellerPageRequest{changing, NamesShown, 0});
}

void BulkFlagger::finishResolving()
{
    if (m_scope || m_ids || m_names)
        return;
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
    write(Write{FlagRequest{prepared.ids, prepared.flagged, reason}, false});
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

qsizetype BulkFlagger::undoCount() const
{
    return m_undo ? m_undo->ids.size() : 0;
}

void BulkFlagger::undo()
{
    if (!canUndo() || !m_source)
        return;
    const Undo undo = *m_undo;
    // The reason names the entry this one reverses; it is data, so it stays
    // in English like the rest of the audit log.
    write(
        Write{FlagRequest{undo.ids, undo.flagged,
                          undo.entryId.isEmpty() ? QStringLiteral("Undo")
                                                 : QStringLiteral("Undo of %1").arg(undo.entryId)},
              true});
}

void BulkFlagger::retry()
{
    if (!canRetry() || !m_source)
        return;
    write(*std::exchange(m_retry, std::nullopt));
}

void BulkFlagger::write(const Write &write)
{
    setStep(Step::Writing);
    m_retry.reset();
    m_writing = write;
    m_write = m_source->requestFlag(write.request);
    emit undoChanged();
}

void BulkFlagger::cancel()
{
    // A write already sent is not cancelled: its outcome must be known. Only
    // the preparation steps, which change nothing, are dropped.
    if (m_source) {
        for (HistorySource::RequestId id : {m_probe, m_scope, m_ids, m_names}) {
            if (id)
                m_source->cancel(id);
        }
    }
    m_probe = m_scope = m_ids = m_names = 0;
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
    } else if (id == m_scope) {
        m_scope = 0;
        m_preparing.scopeCount = result.total;
        finishResolving();
    } else if (id == m_names) {
        m_names = 0;
        for (const Seller &s : result.sellers)
            m_preparing.firstNames << s.displayName;
        finishResolving();
    }
}

void BulkFlagger::onIds(HistorySource::RequestId id, const QStringList &ids)
{
    if (id == 0 || id != m_ids)
        return;
    m_ids = 0;
    m_preparing.ids = ids;
    finishResolving();
}

void BulkFlagger::onFlagDone(HistorySource::RequestId id, const FlagResult &result)
{
    if (id == 0 || id != m_write)
        return;
    m_write = 0;
    if (m_writing.undo || result.changedIds.isEmpty())
        m_undo.reset();
    else
        m_undo = Undo{result.changedIds, !m_writing.request.flagged, result.auditEntryId};
    setStep(Step::Idle);
    emit undoChanged();
    emit finished(result, m_writing.request.flagged, m_writing.undo);
}

void BulkFlagger::onFailed(HistorySource::RequestId id, const SourceError &error)
{
    if (id == 0 ||
        (id != m_probe && id != m_scope && id != m_ids && id != m_names && id != m_write))
        return;
    const bool wrote = id == m_write;
    if (wrote) {
        m_write = 0;
        // Some sellers may have changed: an older undo could now undo part
        // of this one, so it goes; a failed undo keeps itself to try again.
        if (!m_writing.undo)
            m_undo.reset();
        m_retry = m_writing;
    }
    cancel(); // the rest of a resolution is useless now
    setStep(Step::Idle);
    emit undoChanged();
    emit failed(error, wrote);
}
