#include "mainwindow.h"

#include "dateexpression.h"
#include "daterangepicker.h"
#include "detailspanel.h"
#include "exportcontroller.h"
#include "exportdialog.h"
#include "exportoutbox.h"
#include "exportprogressbar.h"
#include "filterchipbar.h"
#include "historypager.h"
#include "historytablemodel.h"
#include "historyviewmodel.h"
#include "listtable.h"
#include "messagebanner.h"
#include "paginationbar.h"
#include "secretprompt.h"
#include "sellerpager.h"
#include "sellersview.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace {

// A load shorter than this shows no busy indicator at all.
constexpr int BusyIndicatorDelayMs = 150;
// Typing pauses this long before a search is sent.
constexpr int SearchDebounceMs = 300;
// How long the outcome of an action stays in the status bar.
constexpr int ResultShownMs = 15000;

QString unrecordedText(int count)
{
    return count == 1
               ? MainWindow::tr("1 export not yet recorded")
               : MainWindow::tr("%1 exports not yet recorded").arg(QLocale().toString(count));
}

const QStringList &commonZones()
{
    static const QStringList zones{
        QStringLiteral("America/Los_Angeles"), QStringLiteral("America/New_York"),
        QStringLiteral("Europe/London"),       QStringLiteral("Europe/Berlin"),
        QStringLiteral("Asia/Kolkata"),        QStringLiteral("Asia/Tokyo"),
        QStringLiteral("Australia/Sydney")};
    return zones;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(std::unique_ptr<ExportOutbox>(), parent)
{}

MainWindow::MainWindow(std::unique_ptr<ExportOutbox> outbox, QWidget *parent)
    : QMainWindow(parent)
    , m_outbox(std::move(outbox))
    , m_export(new ExportController(m_outbox.get(), this))
    , m_pager(new HistoryPager(this))
    , m_model(new HistoryTableModel(this))
    , m_viewModel(new HistoryViewModel(this))
{
    setWindowTitle(tr("Seller History"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/seller-history.svg")));
    m_viewModel->setSourceModel(m_model);

    // Above the tabs: what concerns the whole window (demo data, warnings).
    auto *window = new QWidget(this);
    auto *windowLayout = new QVBoxLayout(window);
    windowLayout->setContentsMargins(0, 6, 0, 0);
    windowLayout->setSpacing(4);
    m_infoBanner = new MessageBanner(window);
    m_infoBanner->setObjectName(QStringLiteral("infoBanner"));
    auto *bannerRow = new QHBoxLayout;
    bannerRow->setContentsMargins(6, 0, 6, 0);
    bannerRow->addWidget(m_infoBanner);
    windowLayout->addLayout(bannerRow);
    // Exports: the one running, then the outcome of the last one.
    m_exportProgress = new ExportProgressBar(window);
    m_exportBanner = new MessageBanner(window);
    m_exportBanner->setObjectName(QStringLiteral("exportBanner"));
    auto *exportRow = new QVBoxLayout;
    exportRow->setContentsMargins(6, 0, 6, 0);
    exportRow->setSpacing(4);
    exportRow->addWidget(m_exportProgress);
    exportRow->addWidget(m_exportBanner);
    windowLayout->addLayout(exportRow);
    m_tabs = new QTabWidget(window);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setDocumentMode(true);
    windowLayout->addWidget(m_tabs, 1);

    auto *central = new QWidget(m_tabs);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    m_errorBanner = new MessageBanner(central);
    m_errorBanner->setObjectName(QStringLiteral("errorBanner"));
    m_errorBanner->setClosable(false);
    layout->addWidget(m_errorBanner);

    // The filters: action chips, the date range, search.
    auto *filters = new QHBoxLayout;
    filters->setSpacing(12);
    m_chips = new FilterChipBar(central);
    m_chips->setObjectName(QStringLiteral("filterChips"));
    m_range = new DateRangePicker(central);
    m_range->setObjectName(QStringLiteral("dateRange"));
    m_search = new QLineEdit(central);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search seller names…"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search seller names"));
    m_search->setToolTip(tr("Seller names, also inside bulk, export and flag entries (Ctrl+F)"));
    m_search->setMinimumWidth(150);
    filters->addWidget(m_chips);
    filters->addStretch(1);
    filters->addWidget(m_range);
    filters->addWidget(m_search);
    layout->addLayout(filters);
    m_searchDebounce = new QTimer(this);
    m_searchDebounce->setSingleShot(true);
    m_searchDebounce->setInterval(SearchDebounceMs);

    m_splitter = new QSplitter(Qt::Horizontal, central);
    m_splitter->setChildrenCollapsible(false);
    auto *tableHost = new QWidget(m_splitter);
    auto *tableLayout = new QVBoxLayout(tableHost);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(2);
    m_table = ListTable::create(m_viewModel, HistoryTableModel::DescriptionColumn,
                                tr("Seller history"), tableHost);
    m_table->setObjectName(QStringLiteral("historyTable"));
    QHeaderView *header = m_table->horizontalHeader();
    header->setSortIndicatorShown(true);
    header->setSectionsClickable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    header->resizeSection(HistoryTableModel::TimeColumn, 160);
    header->resizeSection(HistoryTableModel::ActionColumn, 110);
    header->resizeSection(HistoryTableModel::SellersColumn, 70);
    header->resizeSection(HistoryTableModel::SourceColumn, 90);
    header->resizeSection(HistoryTableModel::UserColumn, 170);
    m_pagination = new PaginationBar(tableHost);
    tableLayout->addWidget(m_table, 1);
    tableLayout->addWidget(m_pagination);
    m_details = new DetailsPanel(m_splitter);
    m_details->setObjectName(QStringLiteral("detailsPanel"));
    m_splitter->addWidget(tableHost);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({820, 380});
    layout->addWidget(m_splitter, 1);
    m_tabs->addTab(central, tr("History"));
    m_sellers = new SellersView(m_tabs);
    m_sellers->setObjectName(QStringLiteral("sellersView"));
    m_tabs->addTab(m_sellers, tr("Sellers"));
    m_tabs->setTabToolTip(0, tr("Who did what to which sellers, and when (Alt+1)"));
    m_tabs->setTabToolTip(1, tr("The sellers, to search and to flag or unflag (Alt+2)"));
    setCentralWidget(window);

    m_busyDelay = new QTimer(this);
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(BusyIndicatorDelayMs);
    m_outboxRetry = new QTimer(this);
    m_outboxRetry->setInterval(OutboxRetryIntervalMs);

    m_connectMenu = new QMenu(tr("Connect &To"), this);
    m_connectMenu->setObjectName(QStringLiteral("connectMenu"));
    setConnections({}, QString(), QString());
    buildMenus();
    buildStatusBar();
    connect(m_infoBanner, &MessageBanner::actionTriggered, this,
            &MainWindow::manageConnectionsRequested);

    connect(m_pager, &HistoryPager::pageChanged, this, &MainWindow::onPageChanged);
    connect(m_pager, &HistoryPager::countsChanged, this, &MainWindow::onCountsChanged);
    connect(m_pager, &HistoryPager::loadingChanged, this, &MainWindow::onLoadingChanged);
    connect(m_pager, &HistoryPager::errorChanged, this, &MainWindow::onErrorChanged);
    connect(m_errorBanner, &MessageBanner::actionTriggered, this, &MainWindow::onErrorAction);
    connect(m_busyDelay, &QTimer::timeout, this, [this] {
        if (m_pager->isLoading())
            m_busy->show();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onSelectionChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onSelectionChanged);
    connect(header, &QHeaderView::sectionClicked, this, &MainWindow::onHeaderClicked);
    connect(header, &QHeaderView::customContextMenuRequested, this, &MainWindow::showHeaderMenu);

    connect(m_pagination, &PaginationBar::firstRequested, m_pager, &HistoryPager::first);
    connect(m_pagination, &PaginationBar::previousRequested, m_pager, &HistoryPager::previous);
    connect(m_pagination, &PaginationBar::nextRequested, m_pager, &HistoryPager::next);
    connect(m_pagination, &PaginationBar::lastRequested, m_pager, &HistoryPager::last);
    connect(m_pagination, &PaginationBar::pageRequested, m_pager, &HistoryPager::goToPage);
    connect(m_pagination, &PaginationBar::pageSizeChanged, m_pager, &HistoryPager::setPageSize);
    connect(m_pagination, &PaginationBar::dateRequested, this, &MainWindow::goToDate);
    connect(m_chips, &FilterChipBar::actionsChanged, this, &MainWindow::applyFilter);
    connect(m_range, &DateRangePicker::rangeChanged, this, &MainWindow::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchDebounce, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &MainWindow::applyFilter);
    connect(m_searchDebounce, &QTimer::timeout, this, &MainWindow::applyFilter);
    connect(m_sellers, &SellersView::flagFinished, this, &MainWindow::onFlagFinished);
    // A failed write may have written part of its row: the history is stale.
    connect(m_sellers, &SellersView::flagFailed, m_pager, &HistoryPager::refresh);
    connect(m_sellers, &SellersView::resultMessage, this, [this](const QString &text) {
        // Undo from the History tab must not happen unseen.
        if (!sellersShown())
            statusBar()->showMessage(text, ResultShownMs);
    });
    connect(m_sellers->pager(), &SellerPager::pageChanged, this, &MainWindow::updateCountLabel);
    connect(m_details, &DetailsPanel::showSellersRequested, this,
            [this](const SellerSet &sellers, const QString &entryLabel) {
                m_tabs->setCurrentWidget(m_sellers);
                m_sellers->showOnly(sellers, entryLabel);
                m_sellers->table()->setFocus(Qt::OtherFocusReason);
            });
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateCountLabel);

    connect(m_export, &ExportController::busyChanged, this, [this](bool busy) {
        if (!busy) {
            m_exporting = false;
            m_exportProgress->stop();
        }
        updateExportActions();
    });
    connect(m_export, &ExportController::progress, m_exportProgress,
            [this](const ExportProgress &p) { m_exportProgress->setRows(p.rows); });
    connect(m_export, &ExportController::finished, this, &MainWindow::onExportFinished);
    connect(m_export, &ExportController::failed, this, &MainWindow::onExportFailed);
    connect(m_export, &ExportController::cancelled, this, [this] {
        statusBar()->showMessage(tr("Export cancelled: no file was written."), ResultShownMs);
    });
    connect(m_export, &ExportController::pendingChanged, this, &MainWindow::onUnrecordedChanged);
    connect(m_export, &ExportController::outboxRetried, this, &MainWindow::onOutboxRetried);
    connect(m_exportProgress, &ExportProgressBar::cancelRequested, m_export,
            &ExportController::cancel);
    connect(m_exportBanner, &MessageBanner::actionTriggered, this,
            &MainWindow::onExportBannerAction);
    connect(m_unrecorded, &QToolButton::clicked, this, &MainWindow::retryUnrecorded);
    connect(m_outboxRetry, &QTimer::timeout, this, &MainWindow::retryUnrecorded);
    updateExportActions();

    resize(1280, 760);
    restoreSettings();
    applyFilter();
    onPageChanged();
}

MainWindow::~MainWindow()
{
    // The tabs go with the widgets after this: nothing of ours may hear of it.
    disconnect(m_tabs, nullptr, this, nullptr);
    disconnect(m_sellers->pager(), nullptr, this, nullptr);
    // The controller goes before the outbox it uses (children outlive members).
    disconnect(m_export, nullptr, this, nullptr);
    m_export->setSource(nullptr, QString());
    delete m_export;
    m_sellers->setSource(nullptr);
    m_pager->setSource(nullptr);
}

bool MainWindow::sellersShown() const
{
    return m_tabs->currentWidget() == m_sellers;
}

void MainWindow::buildMenus()
{
    // Every shortcut lives on a menu action, so the menus list them.
    const auto add = [this](QMenu *menu, const QString &text, const QString &icon,
                            const QKeySequence &key, auto receiver, auto slot) {
        QAction *a = menu->addAction(icon.isEmpty() ? QIcon() : QIcon(icon), text);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, receiver, slot);
        addAction(a);
        return a;
    };
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *connections = add(file, tr("&Connections…"), QStringLiteral(":/icons/connection.svg"),
                               QKeySequence::Open, this, &MainWindow::manageConnectionsRequested);
    connections->setObjectName(QStringLiteral("manageConnections"));
    connections->setToolTip(tr("Add, change, test and open saved connections"));
    file->addMenu(m_connectMenu);
    file->addSeparator();
    m_exportHistory = add(file, tr("&Export History…"), QStringLiteral(":/icons/action-export.svg"),
                          QKeySequence(Qt::CTRL | Qt::Key_E), this,
                          [this] { exportRows(ExportRequest::Scope::History); });
    m_exportHistory->setObjectName(QStringLiteral("exportHistory"));
    m_exportHistory->setToolTip(tr("Write the history rows matching the filters, or the selected "
                                   "ones, to a CSV file; the export is recorded in the history"));
    m_exportSellers =
        add(file, tr("Export &Sellers…"), QString(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
            this, [this] { exportRows(ExportRequest::Scope::Sellers); });
    m_exportSellers->setObjectName(QStringLiteral("exportSellers"));
    m_exportSellers->setToolTip(tr("Write the sellers matching the Sellers tab's filter, or the "
                                   "selected ones, to a CSV file; the export is recorded"));
    file->addSeparator();
    m_retryExports =
        file->addAction(tr("&Retry Unrecorded Exports"), this, &MainWindow::retryUnrecorded);
    m_retryExports->setObjectName(QStringLiteral("retryExports"));
    m_retryExports->setToolTip(tr("Write the records of exports that could not be recorded"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    BulkFlagger *flagger = m_sellers->flagger();
    QAction *undo =
        add(edit, tr("Undo"), QString(), QKeySequence::Undo, m_sellers, &SellersView::undo);
    undo->setObjectName(QStringLiteral("undoFlag"));
    const auto updateUndo = [undo, flagger] {
        undo->setText(flagger->undoText());
        undo->setEnabled(flagger->canUndo());
    };
    connect(flagger, &BulkFlagger::undoChanged, undo, updateUndo);
    connect(flagger, &BulkFlagger::busyChanged, undo, updateUndo);
    updateUndo();
    edit->addSeparator();
    // The Sellers tab's own actions: their shortcuts work while it has the focus.
    edit->addAction(m_sellers->flagAction());
    edit->addAction(m_sellers->unflagAction());
    edit->addAction(m_sellers->toggleAction());
    edit->addSeparator();
    edit->addAction(m_sellers->selectAllMatchingAction());

    // Navigation acts on the list in front.
    const auto onList = [this](void (HistoryPager::*history)(), void (SellerPager::*sellers)()) {
        return [this, history, sellers] {
            if (sellersShown())
                (m_sellers->pager()->*sellers)();
            else
                (m_pager->*history)();
        };
    };
    QMenu *go = menuBar()->addMenu(tr("&Go"));
    add(go, tr("&First Page"), QStringLiteral(":/icons/go-first.svg"),
        QKeySequence(Qt::CTRL | Qt::Key_Home), this,
        onList(&HistoryPager::first, &SellerPager::first));
    add(go, tr("&Previous Page"), QStringLiteral(":/icons/go-previous.svg"),
        QKeySequence(Qt::CTRL | Qt::Key_PageUp), this,
        onList(&HistoryPager::previous, &SellerPager::previous));
    add(go, tr("&Next Page"), QStringLiteral(":/icons/go-next.svg"),
        QKeySequence(Qt::CTRL | Qt::Key_PageDown), this,
        onList(&HistoryPager::next, &SellerPager::next));
    add(go, tr("&Last Page"), QStringLiteral(":/icons/go-last.svg"),
        QKeySequence(Qt::CTRL | Qt::Key_End), this,
        onList(&HistoryPager::last, &SellerPager::last));
    go->addSeparator();
    add(go, tr("&Refresh"), QStringLiteral(":/icons/refresh.svg"), QKeySequence::Refresh, this,
        &MainWindow::refresh);

    QMenu *filter = menuBar()->addMenu(tr("F&ilter"));
    add(filter, tr("&Search Seller Names"), QString(), QKeySequence::Find, this, [this] {
        QLineEdit *search = sellersShown() ? m_sellers->searchField() : m_search;
        search->setFocus(Qt::ShortcutFocusReason);
        search->selectAll();
    });
    add(filter, tr("&Date Range"), QStringLiteral(":/icons/calendar.svg"),
        QKeySequence(Qt::CTRL | Qt::Key_D), this,
        [this] { m_range->setFocus(Qt::ShortcutFocusReason); });
    filter->addSeparator();
    add(filter, tr("&All Actions"), QString(), QKeySequence(Qt::CTRL | Qt::Key_0), m_chips,
        &FilterChipBar::selectAll);
    int key = Qt::Key_1;
    for (Action a : ActionInfo::list()) {
        add(filter, tr("Toggle %1").arg(ActionInfo::label(a)), QString(),
            QKeySequence(Qt::CTRL | Qt::Key(key++)), m_chips, [this, a] { m_chips->toggle(a); });
    }

    QMenu *view = menuBar()->addMenu(tr("&View"));
    add(view, tr("&History"), QString(), QKeySequence(Qt::ALT | Qt::Key_1), this, [this] {
        m_tabs->setCurrentIndex(0);
        m_table->setFocus(Qt::ShortcutFocusReason);
    });
    add(view, tr("&Sellers"), QString(), QKeySequence(Qt::ALT | Qt::Key_2), this, [this] {
        m_tabs->setCurrentWidget(m_sellers);
        m_sellers->table()->setFocus(Qt::ShortcutFocusReason);
    });
    view->addSeparator();
    QMenu *order = view->addMenu(tr("&Order"));
    auto *orderGroup = new QActionGroup(this);
    QAction *newest = order->addAction(tr("&Newest First"));
    QAction *oldest = order->addAction(tr("&Oldest First"));
    for (QAction *a : {newest, oldest}) {
        a->setCheckable(true);
        orderGroup->addAction(a);
    }
    newest->setChecked(true);
    connect(newest, &QAction::triggered, this, [this] { setOrder(SortOrder::NewestFirst); });
    connect(oldest, &QAction::triggered, this, [this] { setOrder(SortOrder::OldestFirst); });
    connect(m_pager, &HistoryPager::pageChanged, this, [this, newest, oldest] {
        const bool newestFirst = m_order == SortOrder::NewestFirst;
        newest->setChecked(newestFirst);
        oldest->setChecked(!newestFirst);
    });
    QMenu *columns = view->addMenu(tr("&Columns"));
    connect(columns, &QMenu::aboutToShow, this, [this, columns] {
        columns->clear();
        QHeaderView *header = m_table->horizontalHeader();
        for (int c = 0; c < m_model->columnCount(); ++c) {
            QAction *a = columns->addAction(m_model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!header->isSectionHidden(c));
            a->setEnabled(c != HistoryTableModel::TimeColumn);
            connect(a, &QAction::toggled, header,
                    [header, c](bool on) { header->setSectionHidden(c, !on); });
        }
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts)
        ->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About Seller History"), this, &MainWindow::showAbout);
}

void MainWindow::buildStatusBar()
{
    m_sourceLabel = new QLabel(this);
    m_sourceLabel->setObjectName(QStringLiteral("sourceLabel"));
    m_connectionButton = new QToolButton(this);
    m_connectionButton->setObjectName(QStringLiteral("connectionButton"));
    m_connectionButton->setIcon(QIcon(QStringLiteral(":/icons/connection.svg")));
    m_connectionButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_connectionButton->setAutoRaise(true);
    m_connectionButton->setPopupMode(QToolButton::InstantPopup);
    m_connectionButton->setMenu(m_connectMenu);
    m_connectionButton->setToolTip(tr("The connection shown; click to switch to another"));
    m_connectionButton->setAccessibleName(tr("Connection"));
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setMaximumHeight(14);
    m_busy->setTextVisible(false);
    m_busy->setToolTip(tr("Loading…"));
    m_busy->hide();
    m_zoneButton = new QToolButton(this);
    m_zoneButton->setObjectName(QStringLiteral("zoneButton"));
    m_zoneButton->setPopupMode(QToolButton::InstantPopup);
    m_zoneButton->setAutoRaise(true);
    m_zoneButton->setToolTip(tr("Times are shown in this zone; click to change it"));
    auto *menu = new QMenu(m_zoneButton);
    menu->addAction(tr("Local time"), this, [this] { setDisplayZone(DisplayZone()); });
    menu->addAction(QStringLiteral("UTC"), this, [this] { setDisplayZone(DisplayZone::utc()); });
    menu->addSeparator();
    for (const QString &name : commonZones()) {
        menu->addAction(name, this, [this, name] {
            if (auto zone = DisplayZone::parse(name, nullptr))
                setDisplayZone(*zone);
        });
    }
    menu->addSeparator();
    menu->addAction(tr("Other Time Zone…"), this, &MainWindow::chooseOtherZone);
    m_zoneButton->setMenu(menu);

    m_unrecorded = new QToolButton(this);
    m_unrecorded->setObjectName(QStringLiteral("unrecordedExports"));
    m_unrecorded->setIcon(QIcon(QStringLiteral(":/icons/warning.svg")));
    m_unrecorded->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_unrecorded->setAutoRaise(true);
    m_unrecorded->hide();

    statusBar()->addWidget(m_connectionButton);
    statusBar()->addWidget(m_sourceLabel, 1);
    statusBar()->addPermanentWidget(m_unrecorded);
    statusBar()->addPermanentWidget(m_busy);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_zoneButton);
    setDisplayZone(m_zone);
}

void MainWindow::setSource(std::unique_ptr<HistorySource> source, bool isDemo)
{
    m_export->setSource(nullptr, QString());
    m_sellers->setSource(nullptr);
    m_pager->setSource(nullptr);
    m_source = std::move(source);
    m_pendingLists = 0;
    m_detailsId.clear(); // another source's entry of the same id is another entry
    if (m_source) {
        connect(m_source.get(), &HistorySource::entrySellersReady, this,
                [this](HistorySource::RequestId id, const HistorySource::EntrySellers &lists) {
                    if (id != m_pendingLists)
                        return;
                    m_pendingLists = 0;
                    m_details->setSourceLists(m_pendingListsEntry, lists.added, lists.removed);
                });
    }
    m_sourceLabel->setText(m_source ? m_source->description() : QString());
    m_sourceLabel->setToolTip(tr("The source being shown"));
    if (isDemo) {
        m_infoBanner->showMessage(
            MessageBanner::Kind::Info,
            tr("You are looking at generated demo data: nothing here is real, and flags and "
               "exports change only this demo database. Connect to your team's API or "
               "database to see your own."),
            tr("&Connect…"));
    } else {
        m_infoBanner->hide();
    }
    // Where the source cannot search, say so in place rather than fake it.
    const HistorySource::Capabilities caps =
        m_source ? m_source->capabilities() : HistorySource::Capabilities{};
    m_search->setEnabled(caps.search);
    m_search->setPlaceholderText(caps.search ? tr("Search seller names…")
                                             : tr("Search unavailable"));
    m_search->setToolTip(
        caps.search ? tr("Seller names, also inside bulk, export and flag entries (Ctrl+F)")
                    : caps.searchUnavailable);
    m_pager->setFilter(currentFilter());
    m_pager->setSource(m_source.get());
    m_sellers->setSource(m_source.get());
    // Its own outbox key (source and org, no secrets): the command line's
    // `outbox --retry` finds what the window queued, and the other way round.
    m_export->setSource(m_source.get());
    updateExportActions();
    // Records left from earlier sessions: sent as soon as the controller has
    // counted them (off the GUI thread, so not yet).
    disconnect(m_retryWhenCounted);
    m_retryWhenCounted = connect(
        m_export, &ExportController::pendingChanged, this, [this] { retryUnrecorded(); },
        Qt::SingleShotConnection);
}

void MainWindow::showPreparing(const QString &message, int percent)
{
    m_infoBanner->showMessage(MessageBanner::Kind::Info,
                              percent >= 0 ? tr("%1 %2%").arg(message).arg(percent) : message);
    m_busy->show();
}

void MainWindow::showStartupError(const QString &message)
{
    m_busy->hide();
    m_infoBanner->hide();
    m_errorBanner->showMessage(MessageBanner::Kind::Error, message);
}

void MainWindow::setDisplayZone(const DisplayZone &zone)
{
    m_zone = zone;
    m_model->setTimeZone(zone.zone());
    m_sellers->setTimeZone(zone.zone());
    m_details->setTimeZone(zone.zone());
    m_range->setTimeZone(zone.zone());
    applyFilter(); // days are days in the display zone
    m_zoneButton->setText(zone.label());
    m_zoneButton->setAccessibleName(tr("Display time zone: %1").arg(zone.label()));
}

QString MainWindow::statusText() const
{
    return m_sourceLabel->text() + u'|' + m_countLabel->text() + u'|' + m_zoneButton->text();
}

void MainWindow::onPageChanged()
{
    const QString previous = m_selectedId;
    m_model->setEntries(m_pager->entries());
    PaginationBar::State s;
    s.offset = m_pager->offset();
    s.rows = int(m_pager->entries().size());
    s.total = m_pager->total();
    s.accuracy = m_pager->totalAccuracy();
    s.canGoBack = m_pager->canGoBack();
    s.canGoForward = m_pager->canGoForward();
    s.page = m_pager->currentPage();
    s.pages = m_pager->pageCount();
    s.pageSize = m_pager->pageSize();
    m_pagination->setState(s);
    updateOrderIndicator();
    // An export's record just written is selected when it lands on this page;
    // else the selected entry is kept when it is still here, else the top row.
    const QString written = std::exchange(m_selectWhenShown, QString());
    int row = written.isEmpty() ? -1 : m_model->rowOf(written);
    if (row < 0)
        row = previous.isEmpty() ? -1 : m_model->rowOf(previous);
    if (m_model->rowCount() > 0) {
        m_table->selectRow(row >= 0 ? row : 0);
    } else {
        m_detailsId.clear();
        m_details->setEntry(std::nullopt);
    }
}

void MainWindow::onCountsChanged()
{
    m_chips->setCounts(m_pager->counts());
    updateCountLabel();
}

void MainWindow::updateCountLabel()
{
    const QLocale locale;
    if (sellersShown()) {
        const qint64 sellers = m_sellers->pager()->total();
        m_countLabel->setText(sellers < 0    ? QString()
                              : sellers == 1 ? tr("1 seller")
                                             : tr("%1 sellers").arg(locale.toString(sellers)));
        return;
    }
    const qint64 total = m_pager->total();
    switch (m_pager->totalAccuracy()) {
    case CountAccuracy::Unknown:
        m_countLabel->setText(m_pager->snapshot() ? tr("Counting…") : QString());
        break;
    case CountAccuracy::Estimated:
        m_countLabel->setText(tr("about %1 entries").arg(locale.toString(total)));
        break;
    case CountAccuracy::Exact:
        m_countLabel->setText(total == 1 ? tr("1 entry")
                                         : tr("%1 entries").arg(locale.toString(total)));
        break;
    }
}

void MainWindow::onLoadingChanged(bool loading)
{
    if (loading) {
        m_busyDelay->start();
    } else {
        m_busyDelay->stop();
        m_busy->hide();
    }
}

void MainWindow::onErrorChanged()
{
    const auto &error = m_pager->error();
    if (!error) {
        m_errorBanner->hide();
        return;
    }
    const bool kept = !m_pager->entries().isEmpty();
    const bool refused = error->kind == SourceError::Kind::Unauthenticated && m_source;
    const bool reauthenticate = refused && m_source->canReauthenticate();
    m_errorBanner->showMessage(
        MessageBanner::Kind::Error,
        kept ? tr("%1 The page below is the last one loaded.").arg(error->message) : error->message,
        reauthenticate ? tr("&Sign In Again…")
        : refused      ? tr("Enter &Password…")
                       : tr("&Retry"));
}

void MainWindow::onErrorAction()
{
    const auto &error = m_pager->error();
    if (error && error->kind == SourceError::Kind::Unauthenticated && m_source &&
        !m_source->canReauthenticate()) {
        emit passwordRequested();
        return;
    }
    if (error && error->kind == SourceError::Kind::Unauthenticated && m_source &&
        m_source->canReauthenticate()) {
        // A new token, then the same request again: the view stays as it was.
        auto *prompt = new SecretPrompt(SecretPrompt::Kind::Token, m_source->description(),
                                        tr("The server no longer accepts the token."),
                                        m_keychainAvailable, this);
        prompt->setAttribute(Qt::WA_DeleteOnClose);
        // The token is for the server that refused it: not for a source
        // opened while the prompt was up.
        const QPointer<HistorySource> refusing = m_source.get();
        connect(prompt, &QDialog::accepted, this, [this, prompt, refusing] {
            if (!m_source || m_source.get() != refusing)
                return;
            m_source->setCredentials(prompt->secret());
            emit credentialsReplaced(prompt->secret(), prompt->remember());
            m_pager->retry();
        });
        prompt->open();
        return;
    }
    m_pager->retry();
}

void MainWindow::setConnections(const QList<ConnectionProfile> &profiles, const QString &currentId,
                                const QString &currentName)
{
    m_connectMenu->clear();
    auto *group = new QActionGroup(m_connectMenu);
    for (const ConnectionProfile &profile : profiles) {
        QAction *a = m_connectMenu->addAction(profile.name);
        a->setCheckable(true);
        a->setChecked(profile.id == currentId);
        a->setActionGroup(group);
        a->setData(profile.id);
        const QString id = profile.id;
        connect(a, &QAction::triggered, this, [this, id] { emit connectionChosen(id); });
    }
    if (!profiles.isEmpty())
        m_connectMenu->addSeparator();
    m_connectMenu->addAction(QIcon(QStringLiteral(":/icons/connection.svg")),
                             tr("&Manage Connections…"), this,
                             &MainWindow::manageConnectionsRequested);
    if (m_connectionButton)
        m_connectionButton->setText(currentName.isEmpty() ? tr("Not connected") : currentName);
}

void MainWindow::showWarning(const QString &message)
{
    m_infoBanner->showMessage(MessageBanner::Kind::Warning, message);
}

void MainWindow::onSelectionChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const auto entry = current.isValid() ? m_model->entry(current.row()) : std::nullopt;
    // The selection and current-row signals, and a reload of the same page,
    // all land here: an entry already shown is not built again (its lists
    // may hold hundreds of thousands of names).
    const QString id = entry ? entry->id : QString();
    if (!id.isEmpty() && id == m_detailsId)
        return;
    m_detailsId = id;
    m_selectedId = id;
    m_details->setEntry(entry);
    // Sources whose rows lack old_value report an entry's lists separately.
    if (entry && m_source && m_source->capabilities().entrySellers &&
        (entry->action == Action::Remove || entry->action == Action::Edit ||
         entry->action == Action::Add)) {
        if (m_pendingLists)
            m_source->cancel(m_pendingLists);
        m_pendingLists = m_source->requestEntrySellers(entry->id);
        m_pendingListsEntry = entry->id;
    }
}

HistoryFilter MainWindow::currentFilter() const
{
    HistoryFilter f;
    f.actions = m_chips->actions();
    const DateRangeSpec::Resolved range = m_range->resolved();
    f.from = range.from;
    f.to = range.to;
    f.search = m_search->isEnabled() ? m_search->text().trimmed() : QString();
    f.order = m_order;
    return f;
}

void MainWindow::applyFilter()
{
    m_searchDebounce->stop();
    m_pager->setFilter(currentFilter());
    updateOrderIndicator();
}

void MainWindow::refresh()
{
    // Relative ranges ("Today", "Last 24 hours") move with the clock; the
    // picker shows the days they cover now.
    m_range->setSpec(m_range->spec());
    const HistoryFilter f = currentFilter();
    if (f == m_pager->filter())
        m_pager->refresh();
    else
        m_pager->setFilter(f);
    m_sellers->refresh();
}

void MainWindow::onFlagFinished(const FlagResult &result)
{
    if (result.changed == 0)
        return; // nothing was written
    // Show the new entry where it lands, selected, with its details (when
    // its id is unknown, the newest row is selected: most likely it).
    m_selectedId = result.auditEntryId;
    m_pager->showLatest();
}

void MainWindow::setOrder(SortOrder order)
{
    m_order = order;
    applyFilter();
}

void MainWindow::onHeaderClicked(int section)
{
    if (section != HistoryTableModel::TimeColumn) {
        updateOrderIndicator();
        return;
    }
    setOrder(m_order == SortOrder::NewestFirst ? SortOrder::OldestFirst : SortOrder::NewestFirst);
}

void MainWindow::updateOrderIndicator()
{
    QHeaderView *header = m_table->horizontalHeader();
    const QSignalBlocker blocker(header);
    header->setSortIndicator(HistoryTableModel::TimeColumn, m_order == SortOrder::NewestFirst
                                                                ? Qt::DescendingOrder
                                                                : Qt::AscendingOrder);
}

void MainWindow::chooseOtherZone()
{
    QStringList ids;
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        ids << QString::fromUtf8(id);
    bool ok = false;
    const QString current = m_zone.name() == QLatin1String("local")
                                ? QString::fromUtf8(QTimeZone::systemTimeZoneId())
                                : m_zone.name();
    const QString chosen =
        QInputDialog::getItem(this, tr("Display Time Zone"), tr("Show times in:"), ids,
                              std::max<qsizetype>(0, ids.indexOf(current)), true, &ok);
    if (!ok)
        return;
    QString error;
    if (auto zone = DisplayZone::parse(chosen, &error))
        setDisplayZone(*zone);
    else
        m_errorBanner->showMessage(MessageBanner::Kind::Warning, error);
}

void MainWindow::goToDate(QDate date)
{
    // Newest first: the page starts with the last entry of that day; oldest
    // first: with its first entry.
    const bool newestFirst = m_order == SortOrder::NewestFirst;
    m_pager->goToTime(
        DateExpression::startOfDay(newestFirst ? date.addDays(1) : date, m_zone.zone()));
}

void MainWindow::showHeaderMenu(const QPoint &pos)
{
    QMenu menu(this);
    QHeaderView *header = m_table->horizontalHeader();
    for (int c = 0; c < m_model->columnCount(); ++c) {
        QAction *a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!header->isSectionHidden(c));
        a->setEnabled(c != HistoryTableModel::TimeColumn);
        connect(a, &QAction::toggled, header,
                [header, c](bool on) { header->setSectionHidden(c, !on); });
    }
    menu.exec(header->viewport()->mapToGlobal(pos));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_table->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("history/header")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("history/splitter")).toByteArray());
    m_sellers->restoreSettings(settings);
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
    m_pager->setPageSize(
        settings.value(QStringLiteral("history/pageSize"), HistoryPager::DefaultPageSize).toInt());
    m_order = settings.value(QStringLiteral("history/order")).toString() == QLatin1String("oldest")
                  ? SortOrder::OldestFirst
                  : SortOrder::NewestFirst;
    m_chips->setActions(
        Actions::fromBits(settings.value(QStringLiteral("filter/actions"), 0).toUInt()));
    m_range->setSpec(
        DateRangeSpec::fromSetting(settings.value(QStringLiteral("filter/range")).toString()));
    {
        const QSignalBlocker blocker(m_search);
        m_search->setText(settings.value(QStringLiteral("filter/search")).toString());
    }
    if (auto zone =
            DisplayZone::parse(settings.value(QStringLiteral("display/zone")).toString(), nullptr))
        setDisplayZone(*zone);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("history/header"), m_table->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("history/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    m_sellers->saveSettings(settings);
    settings.setValue(QStringLiteral("history/pageSize"), m_pager->pageSize());
    settings.setValue(QStringLiteral("history/order"), m_order == SortOrder::OldestFirst
                                                           ? QStringLiteral("oldest")
                                                           : QStringLiteral("newest"));
    settings.setValue(QStringLiteral("filter/actions"), m_chips->actions().bits());
    settings.setValue(QStringLiteral("filter/range"), m_range->spec().toSetting());
    settings.setValue(QStringLiteral("filter/search"), m_search->text());
    settings.setValue(QStringLiteral("display/zone"), m_zone.name());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_sellers->flagger()->isWriting()) {
        // Closing now would lose the answer, not the change: say which.
        QMessageBox ask(QMessageBox::Warning, tr("Change in Progress"),
                        tr("A flag change is still waiting for the server's answer. If you quit "
                           "now, it may or may not be applied, and you will not be told which."),
                        QMessageBox::NoButton, this);
        ask.setObjectName(QStringLiteral("quitWhileWritingDialog"));
        QPushButton *wait = ask.addButton(tr("&Wait"), QMessageBox::RejectRole);
        ask.addButton(tr("&Quit Anyway"), QMessageBox::DestructiveRole);
        ask.setDefaultButton(wait);
        ask.exec();
        if (ask.clickedButton() == wait) {
            event->ignore();
            return;
        }
    }
    if (m_exporting) {
        QMessageBox ask(QMessageBox::Warning, tr("Export in Progress"),
                        tr("An export is still running. If you quit now, it stops and its file "
                           "is not written."),
                        QMessageBox::NoButton, this);
        ask.setObjectName(QStringLiteral("quitWhileExportingDialog"));
        QPushButton *wait = ask.addButton(tr("&Wait"), QMessageBox::RejectRole);
        ask.addButton(tr("&Stop and Quit"), QMessageBox::DestructiveRole);
        ask.setDefaultButton(wait);
        ask.exec();
        if (ask.clickedButton() == wait) {
            event->ignore();
            return;
        }
        m_export->cancel();
    }
    saveSettings();
    event->accept();
}

void MainWindow::showShortcuts()
{
    // Built from the window's own actions, so the list cannot go stale.
    QString rows;
    const auto row = [&rows](const QString &keys, const QString &what) {
        rows += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                    .arg(keys.toHtmlEscaped(), what.toHtmlEscaped());
    };
    for (QAction *a : actions() + m_sellers->actions()) {
        if (!a->shortcut().isEmpty())
            row(a->shortcut().toString(QKeySequence::NativeText), a->text().remove(u'&'));
    }
    row(tr("Left, Right, Space"), tr("Move between the action chips, toggle one"));
    row(tr("Alt+G"), tr("Go to date"));
    row(tr("Alt+R"), tr("Rows per page"));
    row(QKeySequence(QKeySequence::Quit).toString(QKeySequence::NativeText), tr("Quit"));
    QMessageBox::information(this, tr("Keyboard Shortcuts"),
                             QStringLiteral("<table>%1</table>").arg(rows));
}

void MainWindow::showAbout()
{
    const QString shown = m_source ? m_source->description().toHtmlEscaped() : tr("no source open");
    QMessageBox::about(
        this, tr("About Seller History"),
        tr("<h3>Seller History %1</h3>"
           "<p>Who added, edited, removed, exported or flagged which sellers, and when.</p>"
           "<p>Showing: %2</p>"
           "<p>Settings and saved connections: %3<br>"
           "Passwords and tokens: the desktop keychain, never a file.</p>"
           "<p>The same program works from a terminal:<br><tt>seller-history --help</tt>"
           "<br><tt>man seller-history</tt></p>"
           "<p><small>Qt %4 (built with %5)</small></p>")
            .arg(QApplication::applicationVersion(), shown, QSettings().fileName().toHtmlEscaped(),
                 QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)));
}

void MainWindow::exportRows(ExportRequest::Scope scope)
{
    if (!m_source || m_export->isBusy())
        return;
    if (auto *open = findChild<ExportDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    ExportDialog::Context context;
    context.scope = scope;
    context.zoneId = m_zone.name();
    if (scope == ExportRequest::Scope::History) {
        // A search still being typed counts; the rest is what the table shows.
        if (m_searchDebounce->isActive())
            applyFilter();
        context.history = m_pager->filter();
        context.knownTotal = m_pager->total();
        context.knownAccuracy = m_pager->totalAccuracy();
        QModelIndexList rows = m_table->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end(),
                  [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        for (const QModelIndex &i : std::as_const(rows)) {
            if (auto entry = m_model->entry(m_viewModel->mapToSource(i).row()))
                context.selectedEntries << *entry;
        }
    } else {
        context.allMatchingSelected = m_sellers->isAllMatchingSelected();
        context.sellers = context.allMatchingSelected ? m_sellers->allMatchingFilter()
                                                      : m_sellers->currentFilter();
        if (!context.allMatchingSelected)
            context.selectedSellers = m_sellers->selectedSellers();
    }
    auto *dialog = new ExportDialog(context, m_source.get(), this);
    dialog->setObjectName(QStringLiteral("exportDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        startExport(dialog->request(), dialog->flagExported(), dialog->estimatedRows());
    });
    dialog->open();
}

void MainWindow::startExport(const ExportRequest &request, bool flagExported, qint64 estimate)
{
    m_exportBanner->hide();
    m_exportBannerAction = ExportBannerAction::None;
    m_lastExport = LastExport{request, flagExported, estimate};
    if (!m_export->start(request, flagExported)) {
        m_exportBanner->showMessage(MessageBanner::Kind::Warning,
                                    tr("Another export is running: try again once it is done."));
        return;
    }
    m_exporting = true;
    m_exportProgress->start(QFileInfo(request.path).fileName(), estimate);
    updateExportActions();
}

void MainWindow::onExportFinished(const ExportOutcome &outcome)
{
    const QLocale locale;
    const bool sellers = m_lastExport.request.scope == ExportRequest::Scope::Sellers;
    const qint64 n = outcome.file.rows;
    const QString rows = sellers
                             ? (n == 1 ? tr("1 seller") : tr("%1 sellers").arg(locale.toString(n)))
                             : (n == 1 ? tr("1 row") : tr("%1 rows").arg(locale.toString(n)));
    const QString file = QFileInfo(outcome.file.path).fileName();
    QString text;
    MessageBanner::Kind kind = MessageBanner::Kind::Info;
    const int pending = m_export->pendingCount();
    if (outcome.recorded) {
        text = tr("Exported %1 to %2.").arg(rows, file);
    } else if (pending > 0) {
        kind = MessageBanner::Kind::Warning;
        text = tr("Exported %1 to %2; the record could not be written and is queued (%3).")
                   .arg(rows, file, unrecordedText(pending));
    } else {
        // No outbox to keep it: said loudly, with the reason, never dropped silently.
        kind = MessageBanner::Kind::Error;
        text = tr("Exported %1 to %2, but the record could not be written or queued: %3")
                   .arg(rows, file, outcome.recordError);
    }
    if (m_lastExport.flag && !outcome.recorded) {
        text += u' ' + tr("The sellers were not flagged, because the export is not recorded yet.");
    } else if (m_lastExport.flag) {
        if (outcome.flagged) {
            text += u' ' + tr("The exported sellers are flagged (one history entry).");
        } else if (!outcome.flagError.isEmpty()) {
            kind = std::max(kind, MessageBanner::Kind::Warning);
            text += u' ' + tr("Flagging them failed: %1").arg(outcome.flagError);
        }
    }
    m_exportBanner->setToolTip(outcome.recorded ? QString() : outcome.recordError);
    m_exportBannerAction = ExportBannerAction::OpenFolder;
    m_exportBanner->showMessage(kind, text, tr("&Open Folder"));
    if (outcome.recorded) {
        // Its own row: shown (and selected) where the user is, if it is there.
        m_selectWhenShown = outcome.recordId;
        m_pager->refresh();
    }
    if (outcome.flagged)
        m_sellers->refresh();
}

void MainWindow::onExportFailed(const SourceError &error)
{
    m_exportBanner->setToolTip(QString());
    m_exportBannerAction = ExportBannerAction::Retry;
    m_exportBanner->showMessage(MessageBanner::Kind::Error,
                                tr("%1 No file was written.").arg(error.message), tr("&Retry"));
}

void MainWindow::onExportBannerAction()
{
    switch (m_exportBannerAction) {
    case ExportBannerAction::OpenFolder:
        QDesktopServices::openUrl(
            QUrl::fromLocalFile(QFileInfo(m_lastExport.request.path).absolutePath()));
        break;
    case ExportBannerAction::Retry:
        startExport(m_lastExport.request, m_lastExport.flag, m_lastExport.estimate);
        break;
    case ExportBannerAction::None:
        break;
    }
}

void MainWindow::retryUnrecorded()
{
    if (m_source && !m_export->isBusy() && m_export->pendingCount() > 0)
        m_export->retryOutbox();
}

void MainWindow::onUnrecordedChanged(int count)
{
    m_unrecorded->setText(unrecordedText(count));
    QString tip = tr("The file is written, but its record could not be written to the source "
                     "yet. It is kept and sent again every few minutes. Click to send it now.");
    if (!m_outboxError.isEmpty())
        tip += u'\n' + tr("Last attempt: %1").arg(m_outboxError);
    m_unrecorded->setToolTip(tip);
    m_unrecorded->setAccessibleName(unrecordedText(count));
    m_unrecorded->setVisible(count > 0);
    if (count > 0 && !m_outboxRetry->isActive())
        m_outboxRetry->start();
    else if (count == 0)
        m_outboxRetry->stop();
    updateExportActions();
}

void MainWindow::onOutboxRetried(int written, int stillPending, const QString &lastError)
{
    m_outboxError = stillPending > 0 ? lastError : QString();
    onUnrecordedChanged(stillPending);
    if (written > 0)
        m_pager->refresh(); // the records are history rows now
    if (stillPending > 0 && !lastError.isEmpty())
        statusBar()->showMessage(tr("%1: %2").arg(unrecordedText(stillPending), lastError),
                                 ResultShownMs);
    else if (written > 0)
        statusBar()->showMessage(
            written == 1 ? tr("Recorded 1 earlier export.")
                         : tr("Recorded %1 earlier exports.").arg(QLocale().toString(written)),
            ResultShownMs);
}

void MainWindow::updateExportActions()
{
    const bool idle = m_source && !m_export->isBusy();
    if (m_exportHistory) {
        m_exportHistory->setEnabled(idle);
        m_exportSellers->setEnabled(idle);
        m_retryExports->setEnabled(idle && m_export->pendingCount() > 0);
    }
    m_unrecorded->setEnabled(idle);
}
