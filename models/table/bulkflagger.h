#pragma once

#include "historysource.h"

#include <QObject>
#include <QPointer>

#include <optional>

// A bulk flag or unflag, resolved to seller ids before the user confirms it,
// so that what the confirmation names is exactly what runs.
struct PreparedFlag
{
    bool flagged = true;      // the target state
    bool allMatching = false; // the scope: every seller the filter matches
    SellerFilter filter;      // that filter, when allMatching
    qint64 scopeCount = 0;    // sellers in the scope
    QStringList ids;          // those not yet in the target state: what changes
    QStringList firstNames;   // the first few of them, for the confirmation
};

// Runs bulk flag actions against a HistorySource, one at a time, and keeps
// the last one for undo. A scope is either rows the user selected (whose
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
    // Asynchronous: prepared() or failed() follows.
    void prepareAllMatching(const SellerFilter &filter, qint64 scopeCount,
                            std::optional<bool> flagged = std::nullopt);
    // Writes the prepared action (nothing when it changes nothing):
    // finished() or failed() follows.
    void commit(const PreparedFlag &prepared, const QString &reason = {});

    bool canUndo() const { return m_undo.has_value() && !isBusy(); }
    // "Undo flagging 12 sellers", for the menu.
    QString undoText() const;
    void undo();
    void cancel();

signals:
    void prepared(const PreparedFlag &prepared);
    // undo: the action that ran was an undo.
    void finished(const FlagResult &result, bool flagged, bool undo);
    void failed(const SourceError &error);
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

    void setStep(Step step);
    void resolve();
    void finishResolving();
    void write(const FlagRequest &request, bool undo);
    void onSellerPage(HistorySource::RequestId id, const SellerPageResult &result);
    void onIds(HistorySource::RequestId id, const QStringList &ids);
    void onFlagDone(HistorySource::RequestId id, const FlagResult &result);
    void onFailed(HistorySource::RequestId id, const SourceError &error);

    QPointer<HistorySource> m_source;
    QList<QMetaObject::Connection> m_connections;
    Step m_step = Step::Idle;
    PreparedFlag m_preparing;
    HistorySource::RequestId m_probe = 0;
    HistorySource::RequestId m_ids = 0;
    HistorySource::RequestId m_names = 0;
    bool m_idsArrived = false;
    bool m_namesArrived = false;
    HistorySource::RequestId m_write = 0;
    bool m_writingUndo = false;
    bool m_writingFlagged = true;
    std::optional<Undo> m_undo;
};

Q_DECLARE_METATYPE(PreparedFlag)
