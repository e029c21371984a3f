#pragma once

#include "connectionprofile.h"
#include "displayzone.h"
#include "exportrequest.h"
#include "historysource.h"

#include <QMainWindow>

#include <memory>

class DateRangePicker;
class DetailsPanel;
class ExportController;
class ExportOutbox;
class ExportProgressBar;
class FilterChipBar;
class HistoryPager;
class HistoryTableModel;
class HistoryViewModel;
class MessageBanner;
class PaginationBar;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QTabWidget;
class SellersView;
class QSplitter;
class QTableView;
class QTimer;
class QToolButton;
struct ExportOutcome;

// The window: a History tab (the paged table, its pagination bar, the
// details of the selected entry), a Sellers tab (SellersView), the menus
// that drive both, and a status bar with the source, counts and display
// time zone. It knows the abstract source only and never waits on it: every
// load goes through HistoryPager and arrives by signal.
//
// Exports run through an ExportController it owns, one at a time, in the
// background: a strip shows their progress (with Cancel), a banner their
// outcome; records that could not be written wait in the outbox, are counted
// in the status bar and retried at start-up, every few minutes and on demand.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Every few minutes while records wait in the outbox, they are sent again.
    static constexpr int OutboxRetryIntervalMs = 5 * 60 * 1000;

    explicit MainWindow(QWidget *parent = nullptr);
    // outbox: opened by the caller; null when it could not be (then a record
    // that cannot be written is reported as lost rather than queued).
    explicit MainWindow(std::unique_ptr<ExportOutbox> outbox, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Takes ownership; replaces (and deletes) the previous source.
    void setSource(std::unique_ptr<HistorySource> source, bool isDemo);
    // Shown while there is no source yet (the demo database is being made).
    void showPreparing(const QString &message, int percent);
    void showStartupError(const QString &message);
    // A lasting warning across the top (e.g. TLS checks turned off).
    void showWarning(const QString &message);
    // The saved connections, for File > Connect To and the status bar's
    // switcher; currentId marks the open one (empty when the source came
    // from the command line), currentName is what the switcher shows.
    void setConnections(const QList<ConnectionProfile> &profiles, const QString &currentId,
                        const QString &currentName);
    QToolButton *connectionButton() const { return m_connectionButton; }
    // Whether the sign-in prompt may offer to save a token in the keychain.
    void setKeychainAvailable(bool available) { m_keychainAvailable = available; }
    QMenu *connectMenu() const { return m_connectMenu; }
    MessageBanner *infoBanner() const { return m_infoBanner; }

    DisplayZone displayZone() const { return m_zone; }
    void setDisplayZone(const DisplayZone &zone);

    HistoryPager *pager() const { return m_pager; }
    QTableView *table() const { return m_table; }
    DetailsPanel *details() const { return m_details; }
    PaginationBar *paginationBar() const { return m_pagination; }
    FilterChipBar *filterChips() const { return m_chips; }
    DateRangePicker *dateRange() const { return m_range; }
    QLineEdit *searchField() const { return m_search; }
    SellersView *sellersView() const { return m_sellers; }
    QTabWidget *tabs() const { return m_tabs; }
    ExportController *exportController() const { return m_export; }
    ExportProgressBar *exportProgress() const { return m_exportProgress; }
    MessageBanner *exportBanner() const { return m_exportBanner; }
    QToolButton *unrecordedExportsButton() const { return m_unrecorded; }
    // Opens the export dialog for the History or the Sellers tab's rows.
    void exportRows(ExportRequest::Scope scope);
    // The filter the controls describe now (relative ranges resolved now).
    HistoryFilter currentFilter() const;
    QString statusText() const;

signals:
    // The user picked a saved connection, or asked to manage them; the
    // composition root opens it (the window never builds sources).
    void connectionChosen(const QString &profileId);
    void manageConnectionsRequested();
    // The user typed a new token after the server refused the old one
    // (remember: save it in the keychain).
    void credentialsReplaced(const QByteArray &secret, bool remember);
    // A direct source refused the login (e.g. a wrong or missing password):
    // the composition root asks for it and opens the source again.
    void passwordRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void applyFilter();
    void refresh();
    void setOrder(SortOrder order);
    void buildStatusBar();
    void onPageChanged();
    void onCountsChanged();
    void updateCountLabel();
    void onLoadingChanged(bool loading);
    void onErrorChanged();
    void onErrorAction();
    void onSelectionChanged();
    void onHeaderClicked(int section);
    void chooseOtherZone();
    void goToDate(QDate date);
    void showHeaderMenu(const QPoint &pos);
    void updateOrderIndicator();
    void restoreSettings();
    void saveSettings() const;
    void showShortcuts();
    bool sellersShown() const;
    void onFlagFinished(const FlagResult &result);
    void showAbout();
    void startExport(const ExportRequest &request, bool flagExported, qint64 estimate);
    void onExportFinished(const ExportOutcome &outcome);
    void onExportFailed(const SourceError &error);
    void onExportBannerAction();
    void onUnrecordedChanged(int count);
    void onOutboxRetried(int written, int stillPending, const QString &lastError);
    void retryUnrecorded();
    void updateExportActions();

    std::unique_ptr<HistorySource> m_source;
    std::unique_ptr<ExportOutbox> m_outbox;
    ExportController *m_export;
    QTabWidget *m_tabs;
    SellersView *m_sellers;
    HistoryPager *m_pager;
    HistoryTableModel *m_model;
    HistoryViewModel *m_viewModel;
    QTableView *m_table;
    DetailsPanel *m_details;
    PaginationBar *m_pagination;
    FilterChipBar *m_chips;
    DateRangePicker *m_range;
    QLineEdit *m_search;
    QTimer *m_searchDebounce;
    SortOrder m_order = SortOrder::NewestFirst;
    MessageBanner *m_errorBanner;
    MessageBanner *m_infoBanner;
    QSplitter *m_splitter;
    QLabel *m_sourceLabel;
    QToolButton *m_connectionButton = nullptr;
    QMenu *m_connectMenu;
    bool m_keychainAvailable = false;
    QLabel *m_countLabel;
    QProgressBar *m_busy;
    QToolButton *m_zoneButton;
    QTimer *m_busyDelay;
    DisplayZone m_zone;
    QString m_selectedId;
    QString m_detailsId; // the entry the details pane shows
    HistorySource::RequestId m_pendingLists = 0;
    QString m_pendingListsEntry;

    ExportProgressBar *m_exportProgress;
    MessageBanner *m_exportBanner;
    QToolButton *m_unrecorded;
    QTimer *m_outboxRetry;
    QMetaObject::Connection m_retryWhenCounted; // the start-up retry of a new source
    QAction *m_exportHistory = nullptr;
    QAction *m_exportSellers = nullptr;
    QAction *m_retryExports = nullptr;
    bool m_exporting = false; // an export of ours (not an outbox retry) runs
    // The last export started: for Retry after a failure, and its folder.
    struct LastExport
    {
        ExportRequest request;
        bool flag = false;
        qint64 estimate = -1;
    };
    LastExport m_lastExport;
    enum class ExportBannerAction : quint8
    {
        None,
        OpenFolder,
        Retry,
    };
    ExportBannerAction m_exportBannerAction = ExportBannerAction::None;
    QString m_outboxError;     // of the last retry, for the status bar's tooltip
    QString m_selectWhenShown; // an entry to select if the next page shows it
};
