#pragma once

#include "bulkflagger.h"
#include "historysource.h"
#include "messagebanner.h"

#include <QTimeZone>
#include <QWidget>

class PaginationBar;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QTableView;
class QTimer;
class SellerPager;
class SellerTableModel;

// The Sellers tab: search, a Flagged / Unflagged / All filter, the paged
// table, and bulk flagging of an explicit scope: the rows selected on the
// page, or every seller the filter matches (resolved to ids through the
// source, never to row numbers). The scope is always spelled out above the
// table. The list can also be narrowed to a fixed set of sellers (an audit
// entry's, see showOnly()): search and state then filter within that set,
// and a banner says so, how many of the set were found, and how to leave it. Every action is
// confirmed, runs as one audit entry, and can be undone (see BulkFlagger). Knows the abstract
// source only.
class SellersView : public QWidget
{
    Q_OBJECT
public:
    explicit SellersView(QWidget *parent = nullptr);
    ~SellersView() override;

    void setSource(HistorySource *source); // not owned
    void setTimeZone(const QTimeZone &zone);
    void refresh();
    // Lists only these sellers (origin names where they come from: "the
    // entry “…” of …"), with the search and state filter cleared, and
    // selects all of them once they are counted, as "Select All Matching"
    // does. Stays until showAll() or another source.
    void showOnly(const SellerSet &sellers, const QString &origin);
    void showAll();
    bool isShowingOnly() const { return m_only.has_value(); }
    MessageBanner *onlyBanner() const { return m_onlyBanner; }

    SellerPager *pager() const { return m_pager; }
    BulkFlagger *flagger() const { return m_flagger; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }
    QComboBox *stateFilter() const { return m_state; }
    PaginationBar *paginationBar() const { return m_pagination; }
    MessageBanner *resultBanner() const { return m_result; }
    MessageBanner *errorBanner() const { return m_error; }
    QAction *flagAction() const { return m_flag; }
    QAction *unflagAction() const { return m_unflag; }
    QAction *toggleAction() const { return m_toggle; }
    QAction *selectAllMatchingAction() const { return m_selectAllMatching; }

    SellerFilter currentFilter() const;
    bool isAllMatchingSelected() const { return m_allMatching; }
    // The filter whose matches are selected, while isAllMatchingSelected().
    const SellerFilter &allMatchingFilter() const { return m_allMatchingFilter; }
    QList<Seller> selectedSellers() const;
    // Above the table: "3 selected on this page", "All 12,345 sellers
    // matching “acme” are selected", "No sellers selected".
    QString scopeText() const;
    // In the confirmation: "the 3 selected sellers", "all 12,345 flagged
    // sellers matching “acme”".
    static QString scopePhrase(const SellerFilter &filter, qint64 count, bool allMatching);

    // Flag (true), unflag (false) or F (flag if any in the scope is
    // unflagged, else unflag) the current scope, after confirmation.
    void flagScope(std::optional<bool> flagged);
    void selectAllMatching();
    // Undoes the last action, after confirmation when it is large.
    void undo();

    void restoreSettings(const QSettings &settings);
    void saveSettings(QSettings &settings) const;

signals:
    void flagFinished(const FlagResult &result, bool flagged, bool undo);
    // A write failed after it was sent: sellers may have changed, and the
    // lists showing them are stale.
    void flagFailed();
    // The outcome of an action, in words, for a window that shows it
    // elsewhere too (its status bar, when this tab is hidden).
    void resultMessage(const QString &text);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QAction *makeAction(const QString &text, const QString &icon, const QKeySequence &key,
                        const QString &tip);
    void applyFilter();
    void onPageChanged();
    void onPageError();
    void onSelectionChanged();
    void updateScope();
    void confirm(const PreparedFlag &prepared);
    void onFlagFinished(const FlagResult &result, bool flagged, bool undo);
    void onFlagFailed(const SourceError &error, bool wrote);
    void onResultAction();
    void showResult(MessageBanner::Kind kind, const QString &text, const QString &action = {});
    void clearAllMatching();
    bool canSelectAllMatching() const;
    void updateOnlyBanner();

    SellerPager *m_pager;
    SellerTableModel *m_model;
    BulkFlagger *m_flagger;
    HistorySource *m_source = nullptr;
    MessageBanner *m_error;
    MessageBanner *m_result;
    MessageBanner *m_onlyBanner;
    QLineEdit *m_search;
    QTimer *m_searchDebounce;
    QComboBox *m_state;
    QLabel *m_scope;
    QPushButton *m_scopeButton;
    QTableView *m_table;
    PaginationBar *m_pagination;
    QAction *m_flag;
    QAction *m_unflag;
    QAction *m_toggle;
    QAction *m_selectAllMatching;
    bool m_allMatching = false;
    qint64 m_allMatchingCount = 0;
    SellerFilter m_allMatchingFilter;
    // Ids to select again when the reloaded page arrives, if it is that
    // page (same offset and filter) and not another the user went to.
    struct Keep
    {
        QStringList ids;
        qint64 offset = -1;
        SellerFilter filter;
    };
    Keep m_keepSelected;
    // The fixed set the list is narrowed to (showOnly()).
    struct Only
    {
        SellerSet sellers;
        QString origin;
        // Of the set, how many exist now; -1 until its unfiltered first page
        // has counted them.
        qint64 found = -1;
        bool selectWhenCounted = true;
    };
    std::optional<Only> m_only;
    qint64 m_pendingScopeCount = 0;
    bool m_pendingAllMatching = false;
    qint64 m_pendingUnchanged = 0; // in the scope and already in the target state
    enum class ResultAction : quint8
    {
        None,
        Undo,
        Retry,
    };
    ResultAction m_resultAction = ResultAction::None;
};
