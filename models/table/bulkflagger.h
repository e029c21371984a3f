#pragma once

#include "historysource.h"

#include <QObject>
#include <QPointer>

#include <algorithm>
#include <optional>

// A bulk flag or unflag, resolved to seller ids before the user confirms it,
// so that what the confirmation names is exactly what runs.
struct PreparedFlag
{
    bool flagged = true;      // the target state
    bool allMatching = false; // the scope: every seller the filter matches
    SellerFilter filter;      // that filter, when allMatching
    qint64 scopeCount = 0;    // sellers in the scope, counted when it was resolved
    // All matching: how many matched when the user selected them (the
    // matching set may have grown or shrunk since); -1 when not known.
    qint64 selectedCount = -1;
    QStringList ids;        // those not yet in the target state: what changes
    QStringList firstNames; // the first few of them, for the confirmation

    // Sellers in the scope that are in the target state already.
    qint64 unchanged() const { return std::max<qint64>(0, scopeCount - ids.size()); }
};

// Runs bulk flag actions against a HistorySource, one at a time, and keeps
// the last one for undo, and a failed one for retry (safe: only sellers not
// yet in the target state are written). A scope is either rows the user selected (whose
// states are known) or "all matching" a filter, which is resolved through
// the source without loading its pages: the ids that would change, and the
// names of the first of them. Knows nothing about widgets.
class BulkFlagger : public QObject
{
    Q_OBJECT
public:
    static constexpr int NamesShown = 5;

    explicit BulkFlagger(QObject *parent = nullptr);
    ~BulkFlagger() override;

    void setSource(HistorySource *source); // not owned; forgets the undo
    bool isBusy() const { return m_step != Step::Idle; }

    // The target when none is given: flag if any seller in the scope is
    // unflagged, else unflag (the F key).
    static PreparedFlag prepareSelection(const QList<Seller> &selected,
                                         std::optional<bool> flagged = std::nullopt);
    // Asynchronous: prepared() or failed() follows. selectedCount is how
    // many matched when the user selected them; the scope is counted again.
    void prepareAllMatching(const SellerFilter &filter, qint64 selectedCount,
                            std::optional<bool> flagged = std::nullopt);
    // Writes the prepared action (nothing when it changes nothing):
    // finished() or failed() follows.
    void commit(const PreparedFlag &prepared, const QString &reason = {});

    bool canUndo() const { return m_undo.has_value() && !isBusy(); }
    // "Undo flagging 12 sellers", for the menu.
    QString undoText() const;
    qsizetype undoCount() const; // sellers the undo would change
    bool undoRestoresFlagged() const { return m_undo && m_undo->flagged; }
    void undo();
    // The write that failed last, again. A failed write may have changed
    // some sellers; the retry changes only those still to change.
    bool canRetry() const { return m_retry.has_value() && !isBusy(); }
    void retry();
    void cancel();
    // A write sent and not answered yet (whose outcome would be lost).
    bool isWriting() const { return m_step == Step::Writing; }

signals:
    void prepared(const PreparedFlag &prepared);
    // undo: the action that ran was an undo.
    void finished(const FlagResult &result, bool flagged, bool undo);
    // wrote: a write was sent, so some sellers may have changed.
    void failed(const SourceError &error, bool wrote);
    void busyChanged(bool busy);
    void undoChanged();

private:
    enum class Step : quint8
    {
        Idle,
        Probing,   // is any seller in the scope unflagged?
        Resolving, // ids and first names of those that change
        Writing,
    };
    struct Undo
    {
        QStringList ids;
        bool flagged; // the state to restore
        QString entryId;
    };
    struct Write
    {
        FlagRequest request;
        bool undo = false;
    };

    void setStep(Step step);
    void resolve();
    void finishResolving();
    void write(const Write &write);
    void onSellerPage(HistorySource::RequestId id, const SellerPageResult &result);
    void onIds(HistorySource::RequestId id, const QStringList &ids);
    void onFlagDone(HistorySource::RequestId id, const FlagResult &result);
    void onFailed(HistorySource::RequestId id, const SourceError &error);

    QPointer<HistorySource> m_source;
    QList<QMetaObject::Connection> m_connections;
    Step m_step = Step::Idle;
    PreparedFlag m_preparing;
    HistorySource::RequestId m_probe = 0;
    HistorySource::RequestId m_scope = 0; // counts the scope again
    HistorySource::RequestId m_ids = 0;
    HistorySource::RequestId m_names = 0;
    HistorySource::RequestId m_write = 0;
    Write m_writing;
    std::optional<Undo> m_undo;
    std::optional<Write> m_retry;
};

Q_DECLARE_METATYPE(PreparedFlag)
