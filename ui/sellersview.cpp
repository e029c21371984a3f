#include "sellersview.h"

#include "flagdialog.h"
#include "historytablemodel.h"
#include "listtable.h"
#include "messagebanner.h"
#include "paginationbar.h"
#include "sellerpager.h"
#include "sellertablemodel.h"
#include "sellerviewmodel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

// Typing pauses this long before a search is sent.
constexpr int SearchDebounceMs = 300;
// A search longer than this is cut in scope texts.
constexpr int SearchShownChars = 40;

QString sellerCount(qint64 n)
{
    return n == 1 ? SellersView::tr("1 seller")
                  : SellersView::tr("%1 sellers").arg(QLocale().toString(n));
}

// "Flag the sellers in the scope (Ctrl+Shift+F)", the keys as this
// platform writes them.
QString withShortcut(const QString &tip, const QAction *action)
{
    return SellersView::tr("%1 (%2)").arg(tip,
                                          action->shortcut().toString(QKeySequence::NativeText));
}

QString nothingToChange(const QString &scope, qint64 count, bool flagged)
{
    if (count == 0)
        return SellersView::tr("Nothing to change: no sellers match any more.");
    if (count == 1)
        return flagged ? SellersView::tr("Nothing to change: %1 is flagged already.").arg(scope)
                       : SellersView::tr("Nothing to change: %1 is not flagged.").arg(scope);
    return flagged ? SellersView::tr("Nothing to change: %1 are flagged already.").arg(scope)
                   : SellersView::tr("Nothing to change: %1 are not flagged.").arg(scope);
}

} // namespace

SellersView::SellersView(QWidget *parent)
    : QWidget(parent)
    , m_pager(new SellerPager(this))
    , m_model(new SellerTableModel(this))
    , m_flagger(new BulkFlagger(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);

    m_error = new MessageBanner(this);
    m_error->setObjectName(QStringLiteral("sellersErrorBanner"));
    m_error->setClosable(false);
    m_result = new MessageBanner(this);
    m_result->setObjectName(QStringLiteral("flagResultBanner"));
    layout->addWidget(m_error);
    layout->addWidget(m_result);

    m_flag = makeAction(tr("&Flag Selected Sellers…"), QStringLiteral(":/icons/action-flag.svg"),
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
                        tr("Flag the sellers in the scope"));
    m_unflag = makeAction(
        tr("&Unflag Selected Sellers…"), QStringLiteral(":/icons/action-unflag.svg"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U), tr("Unflag the sellers in the scope"));
    m_toggle = makeAction(tr("Flag or Unflag (&Toggle)…"), QString(), QKeySequence(Qt::Key_F),
                          tr("Flag all if any in the scope is unflagged, else unflag all"));
    m_selectAllMatching = makeAction(
        tr("Select &All Matching"), QString(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A),
        tr("Select every seller the search and filter match, on all pages"));
    m_flag->setIconText(tr("Flag…"));
    m_unflag->setIconText(tr("Unflag…"));
    connect(m_flag, &QAction::triggered, this, [this] { flagScope(true); });
    connect(m_unflag, &QAction::triggered, this, [this] { flagScope(false); });
    connect(m_toggle, &QAction::triggered, this, [this] { flagScope(std::nullopt); });
    connect(m_selectAllMatching, &QAction::triggered, this, &SellersView::selectAllMatching);

    // Search, filter, actions.
    auto *bar = new QHBoxLayout;
    bar->setSpacing(8);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("sellerSearch"));
    m_search->setPlaceholderText(tr("Search sellers by name…"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search sellers by name"));
    m_search->setToolTip(tr("Display names containing this text, in any case"));
    m_search->setMinimumWidth(220);
    auto *stateLabel = new QLabel(tr("S&how"), this);
    m_state = new QComboBox(this);
    m_state->setObjectName(QStringLiteral("sellerState"));
    m_state->addItem(tr("All sellers"), int(SellerFilter::State::All));
    m_state->addItem(tr("Flagged"), int(SellerFilter::State::Flagged));
    m_state->addItem(tr("Unflagged"), int(SellerFilter::State::Unflagged));
    m_state->setAccessibleName(tr("Show sellers"));
    m_state->setToolTip(tr("All sellers, only flagged ones, or only unflagged ones"));
    stateLabel->setBuddy(m_state);
    const auto button = [this](QAction *action, const QString &name) {
        auto *b = new QToolButton(this);
        b->setObjectName(name);
        b->setDefaultAction(action);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setFocusPolicy(Qt::StrongFocus);
        return b;
    };
    bar->addWidget(m_search, 1);
    bar->addWidget(stateLabel);
    bar->addWidget(m_state);
    bar->addStretch(1);
    bar->addWidget(button(m_flag, QStringLiteral("flagButton")));
    bar->addWidget(button(m_unflag, QStringLiteral("unflagButton")));
    layout->addLayout(bar);
    // Under the filters it narrows, until the user leaves it.
    m_onlyBanner = new MessageBanner(this);
    m_onlyBanner->setObjectName(QStringLiteral("sellersOnlyBanner"));
    m_onlyBanner->setClosable(false);
    layout->addWidget(m_onlyBanner);
    m_searchDebounce = new QTimer(this);
    m_searchDebounce->setSingleShot(true);
    m_searchDebounce->setInterval(SearchDebounceMs);

    // The scope, spelled out, with the way to widen or clear it.
    auto *scopeRow = new QHBoxLayout;
    scopeRow->setSpacing(6);
    m_scope = new QLabel(this);
    m_scope->setObjectName(QStringLiteral("scopeLabel"));
    m_scope->setTextFormat(Qt::PlainText);
    m_scopeButton = new QPushButton(this);
    m_scopeButton->setObjectName(QStringLiteral("scopeButton"));
    // It reads as a link in the sentence, and is a button for the keyboard.
    m_scopeButton->setFlat(true);
    m_scopeButton->setCursor(Qt::PointingHandCursor);
    QPalette link = m_scopeButton->palette();
    link.setColor(QPalette::ButtonText, link.color(QPalette::Link));
    m_scopeButton->setPalette(link);
    QFont underlined = m_scopeButton->font();
    underlined.setUnderline(true);
    m_scopeButton->setFont(underlined);
    scopeRow->addWidget(m_scope);
    scopeRow->addWidget(m_scopeButton);
    scopeRow->addStretch(1);
    layout->addLayout(scopeRow);

    auto *viewModel = new SellerViewModel(this);
    viewModel->setSourceModel(m_model);
    m_table = ListTable::create(viewModel, SellerTableModel::NameColumn, tr("Sellers"), this);
    m_table->setObjectName(QStringLiteral("sellersTable"));
    QHeaderView *header = m_table->horizontalHeader();
    header->resizeSection(SellerTableModel::FlaggedColumn, 80);
    header->resizeSection(SellerTableModel::TimesSeenColumn, 90);
    header->resizeSection(SellerTableModel::FeedbackColumn, 90);
    header->resizeSection(SellerTableModel::FirstSeenColumn, 150);
    header->resizeSection(SellerTableModel::PlatformColumn, 110);
    layout->addWidget(m_table, 1);
    m_pagination = new PaginationBar(this);
    m_pagination->setObjectName(QStringLiteral("sellersPagination"));
    m_pagination->setDateNavigationVisible(false);
    m_pagination->setEmptyText(tr("No sellers"));
    layout->addWidget(m_pagination);

    connect(m_search, &QLineEdit::textChanged, m_searchDebounce, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &SellersView::applyFilter);
    connect(m_searchDebounce, &QTimer::timeout, this, &SellersView::applyFilter);
    connect(m_state, &QComboBox::activated, this, &SellersView::applyFilter);
    connect(m_pager, &SellerPager::pageChanged, this, &SellersView::onPageChanged);
    connect(m_pager, &SellerPager::errorChanged, this, &SellersView::onPageError);
    connect(m_pager, &SellerPager::loadingChanged, this, &SellersView::updateScope);
    connect(m_error, &MessageBanner::actionTriggered, m_pager, &SellerPager::retry);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SellersView::onSelectionChanged);
    connect(m_pagination, &PaginationBar::firstRequested, m_pager, &SellerPager::first);
    connect(m_pagination, &PaginationBar::previousRequested, m_pager, &SellerPager::previous);
    connect(m_pagination, &PaginationBar::nextRequested, m_pager, &SellerPager::next);
    connect(m_pagination, &PaginationBar::lastRequested, m_pager, &SellerPager::last);
    connect(m_pagination, &PaginationBar::pageRequested, m_pager, &SellerPager::goToPage);
    connect(m_pagination, &PaginationBar::pageSizeChanged, m_pager, &SellerPager::setPageSize);
    connect(m_scopeButton, &QPushButton::clicked, this, [this] {
        if (m_allMatching)
            m_table->clearSelection(); // which also ends "all matching"
        else
            selectAllMatching();
    });
    connect(m_flagger, &BulkFlagger::prepared, this, &SellersView::confirm);
    connect(m_flagger, &BulkFlagger::finished, this, &SellersView::onFlagFinished);
    connect(m_flagger, &BulkFlagger::failed, this, &SellersView::onFlagFailed);
    connect(m_flagger, &BulkFlagger::busyChanged, this, &SellersView::updateScope);
    connect(m_result, &MessageBanner::actionTriggered, this, &SellersView::onResultAction);
    connect(m_onlyBanner, &MessageBanner::actionTriggered, this, &SellersView::showAll);

    setTabOrder(m_search, m_state);
    updateScope();
    onPageChanged();
}

SellersView::~SellersView()
{
    disconnect(m_flagger, nullptr, this, nullptr);
    m_flagger->setSource(nullptr);
    m_pager->setSource(nullptr);
}

QAction *SellersView::makeAction(const QString &text, const QString &icon, const QKeySequence &key,
                                 const QString &tip)
{
    auto *a = new QAction(icon.isEmpty() ? QIcon() : QIcon(icon), text, this);
    a->setShortcut(key);
    // Only while the Sellers tab has the focus: F is a letter elsewhere.
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    a->setToolTip(withShortcut(tip, a));
    addAction(a);
    return a;
}

void SellersView::setSource(HistorySource *source)
{
    m_source = source;
    m_result->hide();
    m_resultAction = ResultAction::None;
    clearAllMatching();
    m_flagger->setSource(source); // may report a write whose answer is now lost
    if (m_only) {
        // Another source has other sellers. The set leaves the pager's filter
        // before the new source is asked for anything.
        m_only.reset();
        updateOnlyBanner();
        m_pager->setSource(nullptr);
        m_pager->setFilter(currentFilter());
    }
    m_pager->setSource(source);
    updateScope();
}

void SellersView::setTimeZone(const QTimeZone &zone)
{
    m_model->setTimeZone(zone);
}

void SellersView::refresh()
{
    m_keepSelected = Keep{{}, m_pager->offset(), m_pager->filter()};
    for (const Seller &s : selectedSellers())
        m_keepSelected.ids << s.id;
    m_pager->refresh();
}

void SellersView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateScope();
}

void SellersView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateScope();
}

SellerFilter SellersView::currentFilter() const
{
    SellerFilter f;
    f.search = m_search->text().trimmed();
    f.state = SellerFilter::State(m_state->currentData().toInt());
    if (m_only)
        f.only = m_only->sellers;
    return f;
}

void SellersView::showOnly(const SellerSet &sellers, const QString &origin)
{
    m_only.emplace();
    m_only->sellers = sellers;
    m_only->origin = origin;
    m_searchDebounce->stop();
    {
        const QSignalBlocker blocker(m_search);
        m_search->clear();
    }
    m_state->setCurrentIndex(std::max(0, m_state->findData(int(SellerFilter::State::All))));
    // The last action's outcome was about other sellers.
    m_result->hide();
    m_resultAction = ResultAction::None;
    {
        const QSignalBlocker blocker(m_table->selectionModel());
        m_table->clearSelection();
    }
    clearAllMatching();
    m_keepSelected = {};
    if (m_flagger->isBusy() && !m_flagger->isWriting())
        m_flagger->cancel();
    const SellerFilter f = currentFilter();
    // The same set again (the button pressed twice) is counted again.
    if (f == m_pager->filter())
        m_pager->first();
    else
        m_pager->setFilter(f);
    updateOnlyBanner();
    updateScope();
}

void SellersView::showAll()
{
    if (!m_only)
        return;
    m_only.reset();
    updateOnlyBanner();
    applyFilter();
}

void SellersView::updateOnlyBanner()
{
    m_search->setPlaceholderText(m_only ? tr("Search these sellers by name…")
                                        : tr("Search sellers by name…"));
    if (!m_only) {
        m_onlyBanner->hide();
        return;
    }
    const QLocale locale;
    const qint64 asked = m_only->sellers.values.size();
    const qint64 found = m_only->found;
    const QString &origin = m_only->origin;
    QString text;
    if (found < 0 && m_pager->filter().search.isEmpty() &&
        m_pager->filter().state == SellerFilter::State::All) {
        text = tr("Looking for the %1 of %2…").arg(sellerCount(asked), origin);
    } else if (found < 0) { // narrowed before it was counted
        text = tr("Showing the sellers of %1 (%2 asked for).").arg(origin, sellerCount(asked));
    } else if (found == asked) {
        text = asked == 1 ? tr("Showing the seller of %1.").arg(origin)
                          : tr("Showing the %1 sellers of %2.").arg(locale.toString(asked), origin);
    } else if (asked == 1) {
        text = m_only->sellers.key == SellerSet::Key::Name
                   ? tr("The seller of %1 was not found: it no longer exists or was renamed.")
                         .arg(origin)
                   : tr("The seller of %1 was not found: it no longer exists.").arg(origin);
    } else {
        const qint64 missing = asked - found;
        const bool byName = m_only->sellers.key == SellerSet::Key::Name;
        QString why;
        if (missing == 1)
            why = byName ? tr("1 no longer exists or was renamed.") : tr("1 no longer exists.");
        else
            why = (byName ? tr("%1 no longer exist or were renamed.") : tr("%1 no longer exist."))
                      .arg(locale.toString(missing));
        text = tr("Showing the sellers of %1: %2 of %3 sellers found; %4")
                   .arg(origin, locale.toString(found), locale.toString(asked), why);
    }
    m_onlyBanner->showMessage(found >= 0 && found < asked ? MessageBanner::Kind::Warning
                                                          : MessageBanner::Kind::Info,
                              text, tr("Show &All Sellers"));
}

void SellersView::applyFilter()
{
    m_searchDebounce->stop();
    const SellerFilter f = currentFilter();
    if (f == m_pager->filter())
        return;
    clearAllMatching();
    // An action still being prepared was for the old scope.
    if (m_flagger->isBusy() && !m_flagger->isWriting())
        m_flagger->cancel();
    // The user narrowed the set before it was counted: what is selected is
    // theirs from now on, the count still comes with the unfiltered page.
    if (m_only)
        m_only->selectWhenCounted = false;
    m_pager->setFilter(f);
    updateOnlyBanner();
}

QList<Seller> SellersView::selectedSellers() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<Seller> out;
    for (const QModelIndex &i : std::as_const(rows)) {
        if (auto s = m_model->seller(i.row()))
            out << *s;
    }
    return out;
}

void SellersView::onPageChanged()
{
    const Keep kept = std::exchange(m_keepSelected, {});
    const QStringList keep =
        kept.offset == m_pager->offset() && kept.filter == m_pager->shownFilter() ? kept.ids
                                                                                  : QStringList();
    {
        // Rows selected here are the view following its state, not the user.
        const QSignalBlocker blocker(m_table->selectionModel());
        m_model->setSellers(m_pager->sellers());
        // The view shows the proxy: select its indexes.
        const QAbstractItemModel *shown = m_table->model();
        QItemSelection selection;
        for (int row = 0; row < shown->rowCount(); ++row) {
            const QString id = shown->index(row, 0).data(SellerTableModel::IdRole).toString();
            if (m_allMatching || keep.contains(id))
                selection.select(shown->index(row, 0),
                                 shown->index(row, SellerTableModel::ColumnCount - 1));
        }
        m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    }
    m_table->viewport()->update();
    // The set's own first page, unfiltered, counts how many of it exist.
    SellerFilter unfiltered;
    if (m_only)
        unfiltered.only = m_only->sellers;
    const bool counted = m_only && m_only->found < 0 && m_pager->total() >= 0 &&
                         m_pager->shownFilter() == unfiltered && m_pager->filter() == unfiltered;
    const bool select = counted && m_only->selectWhenCounted;
    if (counted) {
        m_only->selectWhenCounted = false;
        // One seller per name and id (display names are unique in an org
        // through normalized_name), so the total is how many were found; the
        // bound only guards against a source that breaks that.
        m_only->found = std::min<qint64>(m_pager->total(), m_only->sellers.values.size());
        updateOnlyBanner();
    }
    PaginationBar::State s;
    s.offset = m_pager->offset();
    s.rows = int(m_pager->sellers().size());
    s.total = m_pager->total();
    s.accuracy = s.total >= 0 ? CountAccuracy::Exact : CountAccuracy::Unknown;
    s.canGoBack = m_pager->canGoBack();
    s.canGoForward = m_pager->canGoForward();
    s.page = m_pager->currentPage();
    s.pages = m_pager->pageCount();
    s.pageSize = m_pager->pageSize();
    m_pagination->setState(s);
    updateScope();
    if (select)
        selectAllMatching(); // nothing when none was found
}

void SellersView::onPageError()
{
    const auto &error = m_pager->error();
    if (!error) {
        m_error->hide();
        return;
    }
    m_keepSelected = {}; // whatever page comes next, it is not that one
    m_error->showMessage(MessageBanner::Kind::Error,
                         m_pager->sellers().isEmpty()
                             ? error->message
                             : tr("%1 The page below is the last one loaded.").arg(error->message),
                         tr("&Retry"));
}

void SellersView::onSelectionChanged()
{
    // The user changed the selection by hand: the scope is what they see.
    clearAllMatching();
    updateScope();
}

bool SellersView::canSelectAllMatching() const
{
    // Only what is on screen can be selected: not while another filter's
    // page is on its way.
    return m_source && !m_flagger->isBusy() && !m_allMatching && m_pager->total() > 0 &&
           !m_pager->isLoading() && m_pager->filter() == m_pager->shownFilter();
}

void SellersView::selectAllMatching()
{
    if (!canSelectAllMatching())
        return;
    {
        const QSignalBlocker blocker(m_table->selectionModel());
        m_table->selectAll();
    }
    m_table->viewport()->update();
    m_allMatching = true;
    m_allMatchingFilter = m_pager->shownFilter();
    m_allMatchingCount = m_pager->total();
    updateScope();
}

void SellersView::clearAllMatching()
{
    m_allMatching = false;
    m_allMatchingCount = 0;
}

QString SellersView::scopePhrase(const SellerFilter &filter, qint64 count, bool allMatching)
{
    const QLocale locale;
    if (!allMatching)
        return count == 1 ? tr("the selected seller")
                          : tr("the %1 selected sellers").arg(locale.toString(count));
    QString phrase;
    switch (filter.state) {
    case SellerFilter::State::All:
        phrase = count == 1 ? tr("the 1 seller") : tr("all %1 sellers");
        break;
    case SellerFilter::State::Flagged:
        phrase = count == 1 ? tr("the 1 flagged seller") : tr("all %1 flagged sellers");
        break;
    case SellerFilter::State::Unflagged:
        phrase = count == 1 ? tr("the 1 unflagged seller") : tr("all %1 unflagged sellers");
        break;
    }
    if (count != 1)
        phrase = phrase.arg(locale.toString(count));
    if (filter.only)
        phrase = tr("%1 of the history entry").arg(phrase);
    if (!filter.search.isEmpty()) {
        QString search = HistoryTableModel::visibleText(filter.search);
        if (search.size() > SearchShownChars)
            search = search.left(SearchShownChars - 1) + QChar(0x2026);
        phrase = tr("%1 matching “%2”").arg(phrase, search);
    }
    return phrase;
}

QString SellersView::scopeText() const
{
    if (m_allMatching)
        return tr("Selected: %1.").arg(scopePhrase(m_allMatchingFilter, m_allMatchingCount, true));
    const qsizetype n = m_table->selectionModel()->selectedRows().size();
    if (n == 0)
        return tr("No sellers selected.");
    return n == 1 ? tr("1 seller selected on this page.")
                  : tr("%1 sellers selected on this page.").arg(QLocale().toString(n));
}

void SellersView::updateScope()
{
    const bool busy = m_flagger->isBusy();
    const qint64 total = m_pager->total();
    const qsizetype selected = m_table->selectionModel()->selectedRows().size();
    m_scope->setText(
        busy ? tr("Working on %1…")
                   .arg(scopePhrase(m_pendingAllMatching ? m_allMatchingFilter : m_pager->filter(),
                                    m_pendingScopeCount, m_pendingAllMatching))
             : scopeText());
    if (m_allMatching) {
        m_scopeButton->setText(tr("Clear Selection"));
        m_scopeButton->setToolTip(tr("Select nothing"));
        m_scopeButton->show();
    } else if (total > selected) {
        m_scopeButton->setText(tr("Select All %1 Matching").arg(QLocale().toString(total)));
        m_scopeButton->setToolTip(
            withShortcut(tr("Select every seller the search and filter match, on all pages"),
                         m_selectAllMatching));
        m_scopeButton->show();
    } else {
        m_scopeButton->hide();
    }
    m_scopeButton->setEnabled(m_allMatching ? !busy : canSelectAllMatching());
    // The actions sit in the window's Edit menu: they act on this tab only
    // while it is the one shown.
    // Rows still on screen from before the entry's sellers were asked for
    // are not the set: nothing acts on them until its first page is shown.
    const bool stale = m_only && m_pager->shownFilter().only != m_only->sellers;
    const bool canAct =
        m_source && !busy && !stale && isVisible() && (m_allMatching || selected > 0);
    for (QAction *a : {m_flag, m_unflag, m_toggle})
        a->setEnabled(canAct);
    m_selectAllMatching->setEnabled(isVisible() && canSelectAllMatching());
}

void SellersView::flagScope(std::optional<bool> flagged)
{
    if (!m_source || m_flagger->isBusy())
        return;
    m_result->hide();
    m_resultAction = ResultAction::None;
    if (m_allMatching) {
        m_pendingAllMatching = true;
        m_pendingScopeCount = m_allMatchingCount;
        m_flagger->prepareAllMatching(m_allMatchingFilter, m_allMatchingCount, flagged);
        updateScope();
        return;
    }
    const QList<Seller> selected = selectedSellers();
    if (selected.isEmpty())
        return;
    m_pendingAllMatching = false;
    m_pendingScopeCount = selected.size();
    confirm(BulkFlagger::prepareSelection(selected, flagged));
}

void SellersView::confirm(const PreparedFlag &prepared)
{
    const QString scope = scopePhrase(prepared.filter, prepared.scopeCount, prepared.allMatching);
    if (prepared.ids.isEmpty()) {
        showResult(MessageBanner::Kind::Info,
                   nothingToChange(scope, prepared.scopeCount, prepared.flagged));
        return;
    }
    const HistorySource::Capabilities caps = m_source->capabilities();
    FlagDialog::Request request;
    request.flagging = prepared.flagged;
    request.scope = scope;
    request.changes = prepared.ids.size();
    request.unchanged = prepared.unchanged();
    request.firstNames = prepared.firstNames;
    request.reasonSupported = caps.flagReason;
    request.reasonUnavailable = tr("The upstream API has no field for a reason.");
    if (prepared.allMatching && prepared.selectedCount >= 0 &&
        prepared.selectedCount != prepared.scopeCount) {
        const QLocale locale;
        request.scopeNote =
            tr("The matching sellers changed since you selected them: %1 then, "
               "%2 now. The counts here are the current ones.")
                .arg(locale.toString(prepared.selectedCount), locale.toString(prepared.scopeCount));
    }
    auto *dialog = new FlagDialog(request, this);
    dialog->setObjectName(QStringLiteral("flagDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, prepared] {
        m_pendingUnchanged = prepared.unchanged();
        m_flagger->commit(prepared, dialog->reason());
    });
    dialog->open();
}

void SellersView::undo()
{
    if (!m_source || !m_flagger->canUndo())
        return;
    const qsizetype n = m_flagger->undoCount();
    if (n <= FlagDialog::TypedConfirmationAbove) {
        m_flagger->undo();
        return;
    }
    // As many sellers as an action that asks for the count: the undo asks too.
    FlagDialog::Request request;
    request.flagging = m_flagger->undoRestoresFlagged();
    request.scope = tr("the sellers the last action changed");
    request.changes = n;
    request.reasonSupported = false;
    request.reasonUnavailable = tr("An undo names the entry it reverses as its reason.");
    request.undoable = false;
    auto *dialog = new FlagDialog(request, this);
    dialog->setObjectName(QStringLiteral("undoDialog"));
    dialog->setWindowTitle(m_flagger->undoText());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, m_flagger, &BulkFlagger::undo);
    dialog->open();
}

void SellersView::showResult(MessageBanner::Kind kind, const QString &text, const QString &action)
{
    m_result->showMessage(kind, text, action);
    emit resultMessage(text);
}

void SellersView::onResultAction()
{
    switch (std::exchange(m_resultAction, ResultAction::None)) {
    case ResultAction::Undo:
        undo();
        break;
    case ResultAction::Retry:
        m_result->hide();
        m_flagger->retry();
        break;
    case ResultAction::None:
        break;
    }
}

void SellersView::onFlagFinished(const FlagResult &result, bool flagged, bool undo)
{
    const QLocale locale;
    QString text;
    if (result.changed == 0) {
        text = tr("Nothing changed: the sellers were already in that state.");
    } else if (undo) {
        text = flagged ? tr("Undone: %1 flagged again.").arg(sellerCount(result.changed))
                       : tr("Undone: %1 unflagged again.").arg(sellerCount(result.changed));
    } else {
        text = flagged ? tr("Flagged %1.").arg(sellerCount(result.changed))
                       : tr("Unflagged %1.").arg(sellerCount(result.changed));
        // Counted when the action was prepared, not guessed from the scope.
        const qint64 unchanged = std::exchange(m_pendingUnchanged, 0);
        if (unchanged > 0)
            text += u' ' + (flagged ? tr("%1 in the scope were flagged already.")
                                    : tr("%1 in the scope were not flagged."))
                               .arg(locale.toString(unchanged));
    }
    MessageBanner::Kind kind = MessageBanner::Kind::Info;
    if (result.serverCount && *result.serverCount != result.changed) {
        kind = MessageBanner::Kind::Warning;
        text +=
            u' ' + tr("The server reports %1 updated, not %2; check the list.")
                       .arg(locale.toString(*result.serverCount), locale.toString(result.changed));
    }
    if (!result.warning.isEmpty()) {
        kind = MessageBanner::Kind::Warning;
        text += u' ' + result.warning;
    }
    const bool offerUndo = !undo && m_flagger->canUndo();
    m_resultAction = offerUndo ? ResultAction::Undo : ResultAction::None;
    showResult(kind, text, offerUndo ? tr("&Undo") : QString());
    m_model->updateFlagged(result.changedIds, flagged);
    if (!m_allMatching)
        refresh();
    else
        m_pager->refresh();
    clearAllMatching();
    updateScope();
    emit flagFinished(result, flagged, undo);
}

void SellersView::onFlagFailed(const SourceError &error, bool wrote)
{
    if (!wrote) {
        m_resultAction = ResultAction::None;
        showResult(MessageBanner::Kind::Error, error.message);
        updateScope();
        return;
    }
    // Some sellers may have changed: show them as they are now, and offer
    // the same action again (it writes only what is still to change).
    const bool canRetry = m_flagger->canRetry();
    m_resultAction = canRetry ? ResultAction::Retry : ResultAction::None;
    showResult(MessageBanner::Kind::Error,
               tr("%1 The list below has been reloaded.").arg(error.message),
               canRetry ? tr("&Retry") : QString());
    m_pendingUnchanged = 0;
    if (m_source)
        refresh();
    updateScope();
    emit flagFailed();
}

void SellersView::restoreSettings(const QSettings &settings)
{
    m_table->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("sellers/header")).toByteArray());
    m_pager->setPageSize(
        settings.value(QStringLiteral("sellers/pageSize"), SellerPager::DefaultPageSize).toInt());
    const int state = m_state->findData(settings.value(QStringLiteral("sellers/state"), 0).toInt());
    m_state->setCurrentIndex(std::max(0, state));
    {
        const QSignalBlocker blocker(m_search);
        m_search->setText(settings.value(QStringLiteral("sellers/search")).toString());
    }
    applyFilter();
}

void SellersView::saveSettings(QSettings &settings) const
{
    settings.setValue(QStringLiteral("sellers/header"), m_table->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("sellers/pageSize"), m_pager->pageSize());
    settings.setValue(QStringLiteral("sellers/state"), m_state->currentData().toInt());
    settings.setValue(QStringLiteral("sellers/search"), m_search->text());
}
