#include "paginationbar.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QToolButton>

PaginationBar::PaginationBar(QWidget *parent)
    : QWidget(parent)
{
    m_first = makeButton(QStringLiteral(":/icons/go-first.svg"), tr("First page (Ctrl+Home)"));
    m_previous =
        makeButton(QStringLiteral(":/icons/go-previous.svg"), tr("Previous page (Ctrl+Page Up)"));
    m_next = makeButton(QStringLiteral(":/icons/go-next.svg"), tr("Next page (Ctrl+Page Down)"));
    m_last = makeButton(QStringLiteral(":/icons/go-last.svg"), tr("Last page (Ctrl+End)"));
    m_first->setObjectName(QStringLiteral("firstPage"));
    m_previous->setObjectName(QStringLiteral("previousPage"));
    m_next->setObjectName(QStringLiteral("nextPage"));
    m_last->setObjectName(QStringLiteral("lastPage"));

    auto *pageLabel = new QLabel(tr("Page"), this);
    m_page = new QSpinBox(this);
    m_page->setObjectName(QStringLiteral("pageNumber"));
    m_page->setRange(1, 1);
    m_page->setKeyboardTracking(false);
    m_page->setAccelerated(true);
    m_page->setToolTip(tr("Type a page number and press Enter to jump to it"));
    m_page->setAccessibleName(tr("Page number"));
    pageLabel->setBuddy(m_page);
    m_pageOf = new QLabel(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("pageSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_emptyText = tr("No entries");
    auto *dateLabel = new QLabel(tr("&Go to"), this);
    m_dateLabel = dateLabel;
    m_date = new QDateEdit(QDate::currentDate(), this);
    m_date->setObjectName(QStringLiteral("goToDate"));
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_date->setToolTip(tr("Go to date: show the page where this day's entries begin"));
    m_date->setAccessibleName(tr("Go to date"));
    dateLabel->setBuddy(m_date);
    m_goToDate = makeButton(QStringLiteral(":/icons/calendar.svg"), tr("Go to the selected date"));
    m_goToDate->setObjectName(QStringLiteral("goToDateButton"));

    auto *sizeLabel = new QLabel(tr("&Rows"), this);
    m_pageSize = new QComboBox(this);
    m_pageSize->setObjectName(QStringLiteral("pageSize"));
    for (int size : pageSizes())
        m_pageSize->addItem(QLocale().toString(size), size);
    sizeLabel->setBuddy(m_pageSize);
    m_pageSize->setToolTip(tr("Rows per page"));
    m_pageSize->setAccessibleName(tr("Rows per page"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_first);
    layout->addWidget(m_previous);
    layout->addWidget(pageLabel);
    layout->addWidget(m_page);
    layout->addWidget(m_pageOf);
    layout->addWidget(m_next);
    layout->addWidget(m_last);
    layout->addSpacing(8);
    layout->addWidget(m_summary);
    layout->addStretch(1);
    layout->addWidget(dateLabel);
    layout->addWidget(m_date);
    layout->addWidget(m_goToDate);
    layout->addSpacing(8);
    layout->addWidget(sizeLabel);
    layout->addWidget(m_pageSize);
    // Tab follows the layout: the page box sits between Previous and Next,
    // but was created after them.
    setTabOrder(m_previous, m_page);
    setTabOrder(m_page, m_next);

    connect(m_first, &QToolButton::clicked, this, &PaginationBar::firstRequested);
    connect(m_previous, &QToolButton::clicked, this, &PaginationBar::previousRequested);
    connect(m_next, &QToolButton::clicked, this, &PaginationBar::nextRequested);
    connect(m_last, &QToolButton::clicked, this, &PaginationBar::lastRequested);
    connect(m_page, &QSpinBox::valueChanged, this, [this](int page) {
        if (page != m_state.page)
            emit pageRequested(page);
    });
    connect(m_goToDate, &QToolButton::clicked, this,
            [this] { emit dateRequested(m_date->date()); });
    connect(m_pageSize, &QComboBox::activated, this,
            [this](int index) { emit pageSizeChanged(m_pageSize->itemData(index).toInt()); });
    setState(m_state);
}

void PaginationBar::setDateNavigationVisible(bool visible)
{
    for (QWidget *w : {static_cast<QWidget *>(m_dateLabel), static_cast<QWidget *>(m_date),
                       static_cast<QWidget *>(m_goToDate)})
        w->setVisible(visible);
}

void PaginationBar::setEmptyText(const QString &text)
{
    m_emptyText = text;
    m_summary->setText(summaryText());
}

QList<int> PaginationBar::pageSizes()
{
    return {25, 50, 100, 250, 500, 1000};
}

QToolButton *PaginationBar::makeButton(const QString &icon, const QString &tip)
{
    auto *button = new QToolButton(this);
    button->setIcon(QIcon(icon));
    button->setToolTip(tip);
    button->setAccessibleName(tip);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::StrongFocus);
    return button;
}

void PaginationBar::setState(const State &state)
{
    m_state = state;
    m_first->setEnabled(state.canGoBack);
    m_previous->setEnabled(state.canGoBack);
    m_next->setEnabled(state.canGoForward);
    m_last->setEnabled(state.canGoForward);
    {
        const QSignalBlocker blocker(m_page);
        const qint64 maxPage = std::max<qint64>({1, state.pages, state.page});
        m_page->setRange(1, int(std::min<qint64>(maxPage, std::numeric_limits<int>::max())));
        m_page->setValue(int(std::max<qint64>(1, state.page)));
        m_page->setEnabled(state.pages > 1);
    }
    m_pageOf->setText(pageText());
    m_summary->setText(summaryText());
    const int sizeIndex = m_pageSize->findData(state.pageSize);
    if (sizeIndex >= 0)
        m_pageSize->setCurrentIndex(sizeIndex);
}

QString PaginationBar::pageText() const
{
    const QLocale locale;
    if (m_state.pages <= 0)
        return tr("of …");
    const QString pages = locale.toString(m_state.pages);
    return m_state.accuracy == CountAccuracy::Estimated ? tr("of ~%1").arg(pages)
                                                        : tr("of %1").arg(pages);
}

QString PaginationBar::summaryText() const
{
    const QLocale locale;
    if (m_state.rows == 0)
        return m_state.total == 0 || m_state.accuracy != CountAccuracy::Unknown ? m_emptyText
                                                                                : QString();
    const QString total = m_state.total < 0 ? QString()
                          : m_state.accuracy == CountAccuracy::Estimated
                              ? tr("~%1").arg(locale.toString(m_state.total))
                              : locale.toString(m_state.total);
    if (m_state.offset < 0) {
        return total.isEmpty() ? tr("Showing %Ln entries", nullptr, m_state.rows)
                               : tr("Showing %1 of %2").arg(locale.toString(m_state.rows), total);
    }
    const QString range = tr("%1–%2").arg(locale.toString(m_state.offset + 1),
                                          locale.toString(m_state.offset + m_state.rows));
    return total.isEmpty() ? tr("Showing %1 (counting…)").arg(range)
                           : tr("Showing %1 of %2").arg(range, total);
}
