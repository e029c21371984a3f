#include "mainwindow.h"

#include "dateexpression.h"
#include "detailspanel.h"
#include "historypager.h"
#include "historytablemodel.h"
#include "historyviewmodel.h"
#include "messagebanner.h"
#include "paginationbar.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

// A load shorter than this shows no busy indicator at all.
constexpr int BusyIndicatorDelayMs = 150;

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
    : QMainWindow(parent)
    , m_pager(new HistoryPager(this))
    , m_model(new HistoryTableModel(this))
    , m_viewModel(new HistoryViewModel(this))
{
    setWindowTitle(tr("Seller History"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/seller-history.svg")));
    m_viewModel->setSourceModel(m_model);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);

    m_infoBanner = new MessageBanner(central);
    m_infoBanner->setObjectName(QStringLiteral("infoBanner"));
    m_errorBanner = new MessageBanner(central);
    m_errorBanner->setObjectName(QStringLiteral("errorBanner"));
    m_errorBanner->setClosable(false);
    layout->addWidget(m_infoBanner);
    layout->addWidget(m_errorBanner);

    m_splitter = new QSplitter(Qt::Horizontal, central);
    m_splitter->setChildrenCollapsible(false);
    auto *tableHost = new QWidget(m_splitter);
    auto *tableLayout = new QVBoxLayout(tableHost);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(2);
    m_table = new QTableView(tableHost);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_viewModel);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setCornerButtonEnabled(false);
    m_table->setAccessibleName(tr("Seller history"));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(HistoryTableModel::DescriptionColumn, QHeaderView::Stretch);
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
    setCentralWidget(central);

    m_busyDelay = new QTimer(this);
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(BusyIndicatorDelayMs);

    buildMenus();
    buildStatusBar();

    connect(m_pager, &HistoryPager::pageChanged, this, &MainWindow::onPageChanged);
    connect(m_pager, &HistoryPager::countsChanged, this, &MainWindow::onCountsChanged);
    connect(m_pager, &HistoryPager::loadingChanged, this, &MainWindow::onLoadingChanged);
    connect(m_pager, &HistoryPager::errorChanged, this, &MainWindow::onErrorChanged);
    connect(m_errorBanner, &MessageBanner::actionTriggered, m_pager, &HistoryPager::retry);
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

    resize(1280, 760);
    restoreSettings();
    onPageChanged();
}

MainWindow::~MainWindow()
{
    m_pager->setSource(nullptr);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    const auto add = [&](const QString &text, const QString &icon, const QKeySequence &key,
                         auto slot) {
        QAction *a = go->addAction(QIcon(icon), text);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, m_pager, slot);
        addAction(a);
        return a;
    };
    add(tr("&First Page"), QStringLiteral(":/icons/go-first.svg"),
        QKeySequence(Qt::CTRL | Qt::Key_Home), &HistoryPager::first);
    add(tr("&Previous Page"), QStringLiteral(":/icons/go-previous.svg"),
        QKeySequence(Qt::CTRL | Qt::Key_PageUp), &HistoryPager::previous);
    add(tr("&Next Page"), QStringLiteral(":/icons/go-next.svg"),
        QKeySequence(Qt::CTRL | Qt::Key_PageDown), &HistoryPager::next);
    add(tr("&Last Page"), QStringLiteral(":/icons/go-last.svg"),
        QKeySequence(Qt::CTRL | Qt::Key_End), &HistoryPager::last);
    go->addSeparator();
    add(tr("&Refresh"), QStringLiteral(":/icons/refresh.svg"), QKeySequence::Refresh,
        &HistoryPager::refresh);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QMenu *order = view->addMenu(tr("&Order"));
    auto *orderGroup = new QActionGroup(this);
    QAction *newest = order->addAction(tr("&Newest First"));
    QAction *oldest = order->addAction(tr("&Oldest First"));
    for (QAction *a : {newest, oldest}) {
        a->setCheckable(true);
        orderGroup->addAction(a);
    }
    newest->setChecked(true);
    connect(newest, &QAction::triggered, this, [this] {
        HistoryFilter f = m_pager->filter();
        f.order = SortOrder::NewestFirst;
        m_pager->setFilter(f);
        updateOrderIndicator();
    });
    connect(oldest, &QAction::triggered, this, [this] {
        HistoryFilter f = m_pager->filter();
        f.order = SortOrder::OldestFirst;
        m_pager->setFilter(f);
        updateOrderIndicator();
    });
    connect(m_pager, &HistoryPager::pageChanged, this, [this, newest, oldest] {
        const bool newestFirst = m_pager->filter().order == SortOrder::NewestFirst;
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

    statusBar()->addWidget(m_sourceLabel, 1);
    statusBar()->addPermanentWidget(m_busy);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_zoneButton);
    setDisplayZone(m_zone);
}

void MainWindow::setSource(std::unique_ptr<HistorySource> source, bool isDemo)
{
    m_pager->setSource(nullptr);
    m_source = std::move(source);
    m_sourceLabel->setText(m_source ? m_source->description() : QString());
    m_sourceLabel->setToolTip(tr("The source being shown"));
    if (isDemo) {
        m_infoBanner->showMessage(
            MessageBanner::Kind::Info,
            tr("You are looking at generated demo data. To open your own, start Seller History "
               "with --source postgresql://user@host/db (see the README)."));
    } else {
        m_infoBanner->hide();
    }
    m_pager->setSource(m_source.get());
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
    m_details->setTimeZone(zone.zone());
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
    // Keep the selected entry when it is still on the page, else select the top row.
    const int row = previous.isEmpty() ? -1 : m_model->rowOf(previous);
    if (m_model->rowCount() > 0)
        m_table->selectRow(row >= 0 ? row : 0);
    else
        m_details->setEntry(std::nullopt);
}

void MainWindow::onCountsChanged()
{
    const QLocale locale;
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
    m_errorBanner->showMessage(
        MessageBanner::Kind::Error,
        kept ? tr("%1 The page below is the last one loaded.").arg(error->message) : error->message,
        tr("&Retry"));
}

void MainWindow::onSelectionChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const auto entry = current.isValid() ? m_model->entry(current.row()) : std::nullopt;
    m_selectedId = entry ? entry->id : QString();
    m_details->setEntry(entry);
}

void MainWindow::onHeaderClicked(int section)
{
    if (section != HistoryTableModel::TimeColumn) {
        updateOrderIndicator();
        return;
    }
    HistoryFilter f = m_pager->filter();
    f.order = f.order == SortOrder::NewestFirst ? SortOrder::OldestFirst : SortOrder::NewestFirst;
    m_pager->setFilter(f);
    updateOrderIndicator();
}

void MainWindow::updateOrderIndicator()
{
    QHeaderView *header = m_table->horizontalHeader();
    const QSignalBlocker blocker(header);
    header->setSortIndicator(HistoryTableModel::TimeColumn,
                             m_pager->filter().order == SortOrder::NewestFirst
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
    const bool newestFirst = m_pager->filter().order == SortOrder::NewestFirst;
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
    m_pager->setPageSize(
        settings.value(QStringLiteral("history/pageSize"), HistoryPager::DefaultPageSize).toInt());
    HistoryFilter f = m_pager->filter();
    f.order = settings.value(QStringLiteral("history/order")).toString() == QLatin1String("oldest")
                  ? SortOrder::OldestFirst
                  : SortOrder::NewestFirst;
    m_pager->setFilter(f);
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
    settings.setValue(QStringLiteral("history/pageSize"), m_pager->pageSize());
    settings.setValue(QStringLiteral("history/order"),
                      m_pager->filter().order == SortOrder::OldestFirst ? QStringLiteral("oldest")
                                                                        : QStringLiteral("newest"));
    settings.setValue(QStringLiteral("display/zone"), m_zone.name());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

void MainWindow::showShortcuts()
{
    QMessageBox::information(this, tr("Keyboard Shortcuts"),
                             tr("<table>"
                                "<tr><td><b>Ctrl+Home</b></td><td>First page</td></tr>"
                                "<tr><td><b>Ctrl+Page Up</b></td><td>Previous page</td></tr>"
                                "<tr><td><b>Ctrl+Page Down</b></td><td>Next page</td></tr>"
                                "<tr><td><b>Ctrl+End</b></td><td>Last page</td></tr>"
                                "<tr><td><b>F5</b></td><td>Refresh (show new entries)</td></tr>"
                                "<tr><td><b>Alt+G</b></td><td>Go to date</td></tr>"
                                "<tr><td><b>Alt+R</b></td><td>Rows per page</td></tr>"
                                "<tr><td><b>Ctrl+Q</b></td><td>Quit</td></tr>"
                                "</table>"));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Seller History"),
                       tr("<h3>Seller History %1</h3>"
                          "<p>Who added, edited, removed, exported or flagged which sellers, and "
                          "when.</p>")
                           .arg(QApplication::applicationVersion()));
}
