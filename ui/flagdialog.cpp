#include "flagdialog.h"

#include "historytablemodel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace {

QLabel *textLabel(const QString &text, QWidget *parent)
{
    // Plain text: names and search terms come from the data and must not be
    // read as markup.
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

QString withoutSpaces(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        if (!c.isSpace())
            out += c;
    }
    return out;
}

} // namespace

FlagDialog::FlagDialog(const Request &request, QWidget *parent)
    : QDialog(parent)
    , m_count(request.changes)
{
    const bool flagging = request.flagging;
    const qint64 count = request.changes;
    const QStringList &firstNames = request.firstNames;
    const bool reasonSupported = request.reasonSupported;
    const QString &reasonUnavailable = request.reasonUnavailable;
    setWindowTitle(flagging ? tr("Flag Sellers") : tr("Unflag Sellers"));

    auto *top = new QHBoxLayout;
    auto *icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/action-flag.svg")).pixmap(iconSize, iconSize));
    top->addWidget(icon, 0, Qt::AlignTop);

    auto *body = new QVBoxLayout;
    top->addLayout(body, 1);

    // The heading counts what changes, the number the user confirms; the
    // scope it comes from follows.
    const QString n = QLocale().toString(count);
    QString headingText;
    if (flagging)
        headingText = count == 1 ? tr("Flag 1 seller?") : tr("Flag %1 sellers?").arg(n);
    else
        headingText = count == 1 ? tr("Unflag 1 seller?") : tr("Unflag %1 sellers?").arg(n);
    auto *heading = textLabel(headingText, this);
    heading->setObjectName(QStringLiteral("flagDialogHeading"));
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.15);
    heading->setFont(headingFont);
    body->addWidget(heading);

    QString scopeText = tr("From %1.").arg(HistoryTableModel::visibleText(request.scope));
    if (request.unchanged > 0) {
        const QString u = QLocale().toString(request.unchanged);
        scopeText += u' ';
        if (flagging)
            scopeText += request.unchanged == 1
                             ? tr("1 of them is flagged already and stays so.")
                             : tr("%1 of them are flagged already and stay so.").arg(u);
        else
            scopeText += request.unchanged == 1
                             ? tr("1 of them is not flagged and stays so.")
                             : tr("%1 of them are not flagged and stay so.").arg(u);
    }
    auto *scope = textLabel(scopeText, this);
    scope->setObjectName(QStringLiteral("flagDialogScope"));
    body->addWidget(scope);

    if (!request.scopeNote.isEmpty()) {
        auto *note = textLabel(request.scopeNote, this);
        note->setObjectName(QStringLiteral("flagDialogScopeNote"));
        QFont bold = note->font();
        bold.setBold(true);
        note->setFont(bold);
        body->addWidget(note);
    }

    auto *explanation = textLabel(
        request.undoable ? tr("The change is recorded as one history entry, and can be undone.")
                         : tr("The change is recorded as one history entry."),
        this);
    explanation->setObjectName(QStringLiteral("flagDialogExplanation"));
    body->addWidget(explanation);

    const QStringList shown = firstNames.mid(0, MaxNamesShown);
    auto *names = new QListWidget(this);
    names->setObjectName(QStringLiteral("flagDialogNames"));
    names->setAccessibleName(tr("Sellers that change"));
    // A list rather than a paragraph: a long name is cut at the edge (the
    // tooltip has it in full) instead of widening the dialog.
    // Focusable, so a screen reader can walk the names.
    names->setSelectionMode(QAbstractItemView::SingleSelection);
    names->setUniformItemSizes(true);
    names->setTextElideMode(Qt::ElideRight);
    names->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    names->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    for (const QString &name : shown) {
        auto *item = new QListWidgetItem(HistoryTableModel::visibleText(name), names);
        item->setToolTip(name);
    }
    if (!shown.isEmpty()) {
        const int height = names->sizeHintForRow(0) * int(shown.size()) + 2 * names->frameWidth();
        names->setFixedHeight(height);
    }
    names->setVisible(!shown.isEmpty());
    body->addWidget(names);

    const qint64 more = count - shown.size();
    auto *moreLabel = textLabel(tr("and %1 more").arg(QLocale().toString(more)), this);
    moreLabel->setObjectName(QStringLiteral("flagDialogMore"));
    moreLabel->setVisible(!shown.isEmpty() && more > 0);
    body->addWidget(moreLabel);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("flagDialogReason"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setClearButtonEnabled(true);
    auto *reasonLabel = new QLabel(tr("&Reason (optional):"), this);
    reasonLabel->setBuddy(m_reason);
    if (reasonSupported) {
        m_reason->setPlaceholderText(tr("Stored with the history entry"));
    } else {
        m_reason->setEnabled(false);
        m_reason->setToolTip(reasonUnavailable);
        reasonLabel->setEnabled(false);
        reasonLabel->setToolTip(reasonUnavailable);
    }
    form->addRow(reasonLabel, m_reason);
    if (!reasonSupported && !reasonUnavailable.isEmpty()) {
        // Said under the field as well: a tooltip alone is easy to miss, and
        // the sentence does not fit the field as a placeholder.
        auto *note = textLabel(reasonUnavailable, this);
        note->setObjectName(QStringLiteral("flagDialogReasonUnavailable"));
        note->setEnabled(false);
        form->addRow(QString(), note);
    }

    if (needsTypedCount()) {
        // The digits without grouping: one unambiguous thing to type.
        const QString digits = QString::number(count);
        m_typedCount = new QLineEdit(this);
        m_typedCount->setObjectName(QStringLiteral("flagDialogTypedCount"));
        m_typedCount->setAccessibleName(tr("Type %1 to confirm").arg(digits));
        m_typedCount->setInputMethodHints(Qt::ImhDigitsOnly);
        auto *label = new QLabel(tr("Type %1 to confirm:").arg(digits), this);
        label->setBuddy(m_typedCount);
        form->addRow(label, m_typedCount);
    }
    body->addSpacing(style()->pixelMetric(QStyle::PM_LayoutVerticalSpacing, nullptr, this));
    body->addLayout(form);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(flagging ? tr("Flag") : tr("Unflag"));
    m_ok->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addStretch(1);
    layout->addSpacing(style()->pixelMetric(QStyle::PM_LayoutVerticalSpacing, nullptr, this));
    layout->addWidget(buttons);

    if (m_typedCount) {
        connect(m_typedCount, &QLineEdit::textChanged, this,
                [this] { m_ok->setEnabled(isConfirmed()); });
        m_ok->setEnabled(false);
        m_typedCount->setFocus();
    } else if (reasonSupported) {
        m_reason->setFocus();
    } else {
        m_ok->setFocus();
    }

    setMinimumWidth(460);
    resize(sizeHint().expandedTo(QSize(480, 0)));
}

void FlagDialog::accept()
{
    if (isConfirmed())
        QDialog::accept();
}

QString FlagDialog::reason() const
{
    return m_reason->isEnabled() ? m_reason->text().trimmed() : QString();
}

bool FlagDialog::isConfirmed() const
{
    return !m_typedCount || matchesCount(m_typedCount->text(), m_count);
}

bool FlagDialog::matchesCount(const QString &typed, qint64 count)
{
    const QString text = withoutSpaces(typed);
    if (text.isEmpty())
        return false;
    // Spaces are dropped on both sides, so "48 213" and a locale's
    // non-breaking-space grouping compare alike.
    return text == QString::number(count) || text == withoutSpaces(QLocale().toString(count)) ||
           text == QLocale(QLocale::English).toString(count);
}
