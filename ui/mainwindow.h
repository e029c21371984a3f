#pragma once

#include "displayzone.h"
#include "historysource.h"

#include <QMainWindow>

#include <memory>

class DateRangePicker;
class DetailsPanel;
class FilterChipBar;
class HistoryPager;
class HistoryTableModel;
class HistoryViewModel;
class MessageBanner;
class PaginationBar;
class QLabel;
class QLineEdit;
class QProgressBar;
class QTabWidget;
class SellersView;
class QSplitter;
class QTableView;
class QTimer;
class QToolButton;

// The window: a History tab (the paged table, its pagination bar, the
// details of the selected entry), a Sellers tab (SellersView), the menus
// that drive both, and a status bar with the source, counts and display
// time zone. It knows the abstract source only and never waits on it: every
// load goes through HistoryPager and arrives by signal.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Takes ownership; replaces (and deletes) the previous source.
    void setSource(std::unique_ptr<HistorySource> source, bool isDemo);
    // Shown while there is no source yet (the demo database is being made).
    void showPreparing(const QString &message, int percent);
    void showStartupError(const QString &message);
    // A lasting warning across the top (e.g. TLS checks turned off).
    void showWarning(const QString &message);

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
    // The filter the controls describe now (relative ranges resolved now).
    HistoryFilter currentFilter() const;
    QString statusText() const;

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

    std::unique_ptr<HistorySource> m_source;
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
    QLabel *m_countLabel;
    QProgressBar *m_busy;
    QToolButton *m_zoneButton;
    QTimer *m_busyDelay;
    DisplayZone m_zone;
    QString m_selectedId;
    HistorySource::RequestId m_pendingLists = 0;
    QString m_pendingListsEntry;
};
