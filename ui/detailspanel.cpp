#include "detailspanel.h"

#include "actionstyle.h"
#include "historytablemodel.h"
#include "namelistmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

QLabel *valueLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

QToolButton *copyButton(const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    b->setToolTip(tip);
    b->setAccessibleName(tip);
    b->setAutoRaise(true);
    return b;
}

} // namespace

DetailsPanel::DetailsPanel(QWidget *parent)
    : QWidget(parent)
{
    setMinimumWidth(250);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);

    auto *host = new QWidget(scroll);
    scroll->setWidget(host);
    auto *layout = new QVBoxLayout(host);

    m_empty = new QLabel(tr("Select an entry to see its details."), host);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    layout->addWidget(m_empty);

    m_content = new QWidget(host);
    auto *content = new QVBoxLayout(m_content);
    content->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_content, 1);

    auto *titleRow = new QHBoxLayout;
    m_icon = new QLabel(m_content);
    m_summary = valueLabel(QString(), m_content);
    m_summary->setObjectName(QStringLiteral("detailsSummary"));
    QFont bold = m_summary->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_summary->setFont(bold);
    titleRow->addWidget(m_icon, 0, Qt::AlignTop);
    titleRow->addWidget(m_summary, 1);
    content->addLayout(titleRow);

    m_warnings = valueLabel(QString(), m_content);
    m_warnings->setObjectName(QStringLiteral("detailsWarnings"));
    m_warnings->setStyleSheet(QStringLiteral("QLabel { color: #b36b00; }"));
    content->addWidget(m_warnings);

    m_formHost = new QWidget(m_content);
    m_form = new QFormLayout(m_formHost);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    content->addWidget(m_formHost);

    auto *showRow = new QHBoxLayout;
    m_showSellers = new QPushButton(m_content);
    m_showSellers->setObjectName(QStringLiteral("showSellersButton"));
    showRow->addWidget(m_showSellers);
    showRow->addStretch(1);
    content->addLayout(showRow);

    auto *listHeader = new QHBoxLayout;
    m_listTitle = new QLabel(m_content);
    m_listTitle->setObjectName(QStringLiteral("detailsListTitle"));
    QFont listFont = m_listTitle->font();
    listFont.setBold(true);
    m_listTitle->setFont(listFont);
    m_copyNames = copyButton(tr("Copy the names, one per line"), m_content);
    listHeader->addWidget(m_listTitle, 1);
    listHeader->addWidget(m_copyNames);
    content->addLayout(listHeader);
    m_names = new NameListModel(this);
    m_list = new QListView(m_content);
    m_list->setObjectName(QStringLiteral("detailsNames"));
    m_list->setModel(m_names);
    m_list->setUniformItemSizes(true);
    m_list->setLayoutMode(QListView::SinglePass);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setAccessibleName(tr("Seller names"));
    content->addWidget(m_list, 1);

    auto *rawRow = new QHBoxLayout;
    m_showRaw = new QPushButton(tr("Show &raw JSON"), m_content);
    m_showRaw->setObjectName(QStringLiteral("showRawButton"));
    m_showRaw->setCheckable(true);
    m_copyRaw = copyButton(tr("Copy the raw JSON"), m_content);
    rawRow->addWidget(m_showRaw);
    rawRow->addStretch(1);
    rawRow->addWidget(m_copyRaw);
    content->addLayout(rawRow);
    m_rawNote = new QLabel(m_content);
    m_rawNote->setObjectName(QStringLiteral("detailsRawNote"));
    m_rawNote->setWordWrap(true);
    m_rawNote->setVisible(false);
    content->addWidget(m_rawNote);
    m_raw = new QPlainTextEdit(m_content);
    m_raw->setObjectName(QStringLiteral("detailsRaw"));
    m_raw->setReadOnly(true);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setVisible(false);
    m_raw->setAccessibleName(tr("Raw JSON"));
    content->addWidget(m_raw, 1);
    // Takes the spare height when neither the list nor the raw view is shown
    // (single rows), so the labels above are not spread down the pane.
    content->addStretch();

    connect(m_showRaw, &QPushButton::toggled, this, [this](bool on) {
        m_showRaw->setText(on ? tr("Hide &raw JSON") : tr("Show &raw JSON"));
        fillRaw();
    });
    connect(m_copyNames, &QToolButton::clicked, this,
            [this] { copy(m_details.sellers.join(u'\n')); });
    connect(m_copyRaw, &QToolButton::clicked, this, [this] { copy(rawJson()); });
    connect(m_showSellers, &QPushButton::clicked, this, [this] {
        if (const auto sellers = sellersToShow())
            emit showSellersRequested(*sellers, entryLabel());
    });

    refresh();
}

void DetailsPanel::setEntry(const std::optional<AuditEntry> &entry)
{
    m_entry = entry;
    m_details = entry ? EntryDetails::from(*entry) : EntryDetails{};
    entryChanged();
    // A warning says the JSON is shown raw: show it, rather than make the
    // analyst look for it.
    if (!m_details.warnings.isEmpty())
        m_showRaw->setChecked(true);
}

void DetailsPanel::setSourceLists(const QString &entryId, const QStringList &added,
                                  const QStringList &removed)
{
    if (!m_entry || m_entry->id != entryId)
        return;
    m_details.addSourceLists(*m_entry, added, removed);
    entryChanged();
}

void DetailsPanel::entryChanged()
{
    const bool hasList = m_details.listKind != EntryDetails::ListKind::None &&
                         m_details.listKind != EntryDetails::ListKind::Seller;
    m_names->setNames(hasList ? m_details.sellers : QStringList());
    // Removed sellers are gone: looking them up would find (almost) none.
    m_sellerLookup = m_entry && m_entry->action != Action::Remove
                         ? m_details.sellerSet(*m_entry, MaxSellersShown)
                         : EntryDetails::SellerLookup{};
    refresh();
    fillRaw();
}

void DetailsPanel::fillRaw()
{
    const bool on = m_showRaw->isChecked() && m_entry;
    m_raw->setVisible(on);
    m_rawNote->setVisible(false);
    // Hidden, it holds nothing: a large entry's JSON is megabytes.
    if (!on) {
        m_raw->clear();
        return;
    }
    QString text = rawJson();
    const qsizetype total = text.size();
    if (total > RawShownChars) {
        const qsizetype lineEnd = text.lastIndexOf(u'\n', RawShownChars);
        text.truncate(lineEnd > 0 ? lineEnd : RawShownChars);
        const QLocale locale;
        m_rawNote->setText(tr("Showing the first %1 of %2 characters. The copy button copies "
                              "all of it.")
                               .arg(locale.toString(text.size()), locale.toString(total)));
        m_rawNote->setVisible(true);
    }
    m_raw->setPlainText(text);
}

void DetailsPanel::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    refresh();
}

void DetailsPanel::copy(const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
}

void DetailsPanel::addRow(const QString &label, const QString &value, const QString &tooltip)
{
    QLabel *v = valueLabel(value, m_formHost);
    v->setToolTip(tooltip);
    m_form->addRow(label, v);
}

void DetailsPanel::refresh()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_empty->setVisible(!m_entry);
    m_content->setVisible(m_entry.has_value());
    if (!m_entry)
        return;
    const AuditEntry &e = *m_entry;
    const EntryDetails &d = m_details;
    const QLocale locale;

    m_icon->setPixmap(ActionStyle::icon(e.action).pixmap(24, 24));
    m_summary->setText(d.summary);
    m_warnings->setText(d.warnings.join(u'\n'));
    m_warnings->setVisible(!d.warnings.isEmpty());

    addRow(tr("Time"),
           tr("%1 (%2)").arg(Timestamp::formatLocal(e.createdAt, m_zone),
                             QString::fromUtf8(m_zone.id())),
           Timestamp::formatRelative(e.createdAt, Timestamp::now()));
    addRow(tr("UTC"), Timestamp::toIsoUtc(e.createdAt));
    addRow(tr("When"), Timestamp::formatRelative(e.createdAt, Timestamp::now()));
    addRow(tr("Action"), ActionInfo::label(e.action));
    addRow(tr("Description"), HistoryTableModel::visibleText(e.sellerName), e.sellerName);
    if (e.action == Action::Edit && !d.oldName.isEmpty())
        addRow(tr("Renamed"), tr("%1 → %2").arg(HistoryTableModel::visibleText(d.oldName),
                                                HistoryTableModel::visibleText(d.newName)));
    if (!d.format.isEmpty())
        addRow(tr("Format"), d.format);
    if (d.flagged)
        addRow(tr("Flagged"), *d.flagged ? tr("Yes: flagged") : tr("No: unflagged"));
    if (!d.reason.isEmpty())
        addRow(tr("Reason"), d.reason);
    addRow(tr("User"), e.userId.isEmpty()     ? tr("(none recorded)")
                       : e.userName.isEmpty() ? e.userId
                                              : tr("%1\n%2").arg(e.userName, e.userId));
    addRow(tr("Source"),
           e.sourceRunId.isEmpty() ? e.source : tr("%1 (run %2)").arg(e.source, e.sourceRunId));
    addRow(tr("Sellers affected"), locale.toString(e.affectedCount));
    if (e.sellerCountSnapshot)
        addRow(tr("Sellers in org after"), locale.toString(*e.sellerCountSnapshot));
    for (auto it = d.extras.begin(); it != d.extras.end(); ++it) {
        const QJsonValue v = it.value();
        QString text;
        if (v.isString())
            text = v.toString();
        else if (v.isDouble())
            text = locale.toString(v.toDouble(), 'f', 0);
        else if (v.isBool())
            text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        else if (v.isObject())
            text = QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        else if (v.isArray())
            text = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
        addRow(it.key(), text);
    }
    addRow(tr("Entry id"), e.id);

    const bool hasList =
        d.listKind != EntryDetails::ListKind::None && d.listKind != EntryDetails::ListKind::Seller;
    m_listTitle->setText(d.listTitle());
    m_listTitle->setVisible(hasList);
    m_copyNames->setVisible(hasList);
    m_list->setVisible(hasList);
    updateShowSellers();
}

void DetailsPanel::updateShowSellers()
{
    const QLocale locale;
    const EntryDetails::SellerLookup &lookup = m_sellerLookup;
    m_showSellers->setVisible(lookup.sellers || lookup.tooMany);
    m_showSellers->setEnabled(!lookup.tooMany);
    QString tip;
    if (lookup.tooMany) {
        m_showSellers->setText(tr("Show &These Sellers"));
        tip = tr("This entry names %1 sellers; at most %2 can be shown in the Sellers tab at "
                 "once. Copy the names, or export the sellers, to work with all of them.")
                  .arg(locale.toString(m_details.sellers.size()), locale.toString(MaxSellersShown));
    } else if (lookup.sellers) {
        const qsizetype n = lookup.sellers->values.size();
        m_showSellers->setText(n == 1 ? tr("Show &This Seller") : tr("Show &These Sellers"));
        tip = n == 1 ? tr("List this seller in the Sellers tab, selected, to flag, "
                          "unflag or export it.")
                     : tr("List these %1 sellers in the Sellers tab, all selected, to "
                          "flag, unflag or export them at once.")
                           .arg(locale.toString(n));
        if (lookup.sellers->key == SellerSet::Key::Name)
            tip += u' ' + tr("They are found by name: sellers renamed or removed since are not.");
    }
    m_showSellers->setToolTip(tip);
    m_showSellers->setAccessibleDescription(tip);
}

QString DetailsPanel::summaryText() const
{
    return m_summary->isVisibleTo(this) ? m_summary->text() : QString();
}

QStringList DetailsPanel::listedNames() const
{
    return m_list->isVisibleTo(this) ? m_details.sellers : QStringList();
}

QString DetailsPanel::listTitle() const
{
    return m_listTitle->isVisibleTo(this) ? m_listTitle->text() : QString();
}

QStringList DetailsPanel::warnings() const
{
    return m_details.warnings;
}

QString DetailsPanel::rawJson() const
{
    QStringList parts;
    if (m_entry && !m_entry->oldValue.isEmpty())
        parts << QStringLiteral("old_value:\n") + EntryDetails::rawText(m_entry->oldValue);
    if (m_entry && !m_entry->newValue.isEmpty())
        parts << QStringLiteral("new_value:\n") + EntryDetails::rawText(m_entry->newValue);
    return parts.isEmpty() ? tr("(no JSON stored)") : parts.join(QStringLiteral("\n\n"));
}

std::optional<SellerSet> DetailsPanel::sellersToShow() const
{
    return m_sellerLookup.sellers;
}

QString DetailsPanel::entryLabel() const
{
    if (!m_entry)
        return {};
    // Long enough to recognise the entry, short enough for one banner line.
    constexpr int SummaryShownChars = 60;
    QString summary = HistoryTableModel::visibleText(m_details.summary);
    if (summary.size() > SummaryShownChars)
        summary = summary.left(SummaryShownChars - 1) + QChar(0x2026);
    return tr("the entry “%1” of %2")
        .arg(summary, Timestamp::formatLocal(m_entry->createdAt, m_zone));
}
