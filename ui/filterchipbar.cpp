#include "filterchipbar.h"

#include "actionstyle.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionFocusRect>

namespace {

QColor mix(const QColor &base, const QColor &tint, qreal amount)
{
    return QColor::fromRgbF(base.redF() * (1 - amount) + tint.redF() * amount,
                            base.greenF() * (1 - amount) + tint.greenF() * amount,
                            base.blueF() * (1 - amount) + tint.blueF() * amount);
}

constexpr int HorizontalPadding = 10;
constexpr int Gap = 6;

} // namespace

FilterChip::FilterChip(const QString &label, const QColor &accent, QWidget *parent)
    : QAbstractButton(parent)
    , m_label(label)
    , m_accent(accent)
{
    setCheckable(true);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    setText(label);
    setAccessibleName(label);
}

void FilterChip::setAccent(const QColor &accent)
{
    m_accent = accent;
    update();
}

void FilterChip::setCountText(const QString &text)
{
    if (text == m_count)
        return;
    m_count = text;
    setAccessibleName(m_count.isEmpty() ? m_label : tr("%1, %2 entries").arg(m_label, m_count));
    updateGeometry();
    update();
}

QSize FilterChip::sizeHint() const
{
    // Measured in bold, as drawn when checked, so toggling neither clips the
    // label into the count nor makes the bar jump.
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics fm(font());
    int width = QFontMetrics(bold).horizontalAdvance(m_label) + 2 * HorizontalPadding;
    if (!m_count.isEmpty())
        width += Gap + fm.horizontalAdvance(m_count);
    return {width, fm.height() + 8}; // no taller than the line and date editors beside it
}

void FilterChip::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QRectF box = QRectF(rect()).adjusted(1, 1, -1, -1);
    const qreal radius = box.height() / 2;
    const QColor base = pal.color(QPalette::Button);
    QColor fill = base;
    QColor border = mix(pal.color(QPalette::Mid), base, 0.2);
    if (isChecked()) {
        fill = mix(base, m_accent, 0.28);
        border = m_accent;
    } else if (underMouse()) {
        fill = mix(base, m_accent, 0.10);
    }
    if (!isEnabled())
        fill = mix(fill, pal.color(QPalette::Window), 0.5);
    QPainterPath path;
    path.addRoundedRect(box, radius, radius);
    p.fillPath(path, fill);
    p.setPen(QPen(border, isChecked() ? 1.6 : 1.0));
    p.drawPath(path);
    if (hasFocus()) {
        // Inside the border, so a focused chip keeps the border that says
        // whether it is selected (and a blue chip's border is not read as focus).
        QPainterPath focus;
        const QRectF ring = box.adjusted(2.5, 2.5, -2.5, -2.5);
        focus.addRoundedRect(ring, ring.height() / 2, ring.height() / 2);
        p.setPen(QPen(pal.color(QPalette::Highlight), 1.5));
        p.drawPath(focus);
    }

    const QFontMetrics fm(font());
    QFont labelFont = font();
    labelFont.setBold(isChecked());
    p.setFont(labelFont);
    const QColor text =
        pal.color(isEnabled() ? QPalette::Active : QPalette::Disabled, QPalette::ButtonText);
    p.setPen(text);
    QRectF textRect = box.adjusted(HorizontalPadding, 0, -HorizontalPadding, 0);
    p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, m_label);
    if (!m_count.isEmpty()) {
        p.setFont(font());
        // Dimmed to rank below the label, but not below 4.5:1 on any fill.
        p.setPen(mix(text, fill, 0.2));
        p.drawText(textRect, Qt::AlignRight | Qt::AlignVCenter, m_count);
    }
}

FilterChipBar::FilterChipBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    m_all = new FilterChip(tr("All"), palette().color(QPalette::Highlight), this);
    m_all->setObjectName(QStringLiteral("chipAll"));
    m_all->setToolTip(tr("Show every action (Ctrl+0)"));
    layout->addWidget(m_all);
    connect(m_all, &QAbstractButton::clicked, this, [this] { apply({}); });
    m_all->installEventFilter(this);
    int shortcut = 1;
    for (Action a : ActionInfo::list()) {
        auto *chip = new FilterChip(ActionInfo::label(a), ActionStyle::color(a), this);
        chip->setObjectName(QStringLiteral("chip") + ActionInfo::label(a));
        chip->setToolTip(tr("Show %1 entries; select several to combine them (Ctrl+%2)")
                             .arg(ActionInfo::label(a).toLower())
                             .arg(shortcut++));
        connect(chip, &QAbstractButton::clicked, this, [this, a] { toggle(a); });
        chip->installEventFilter(this);
        layout->addWidget(chip);
        m_chips << chip;
    }
    makeTabStop(m_all);
    syncChecks();
}

FilterChip *FilterChipBar::chip(std::optional<Action> action) const
{
    return action ? m_chips.at(int(*action)) : m_all;
}

void FilterChipBar::setActions(Actions actions)
{
    m_actions = actions == Actions::all() ? Actions() : actions;
    syncChecks();
}

void FilterChipBar::toggle(Action action)
{
    apply(m_actions.contains(action) ? m_actions.without(action) : m_actions | action);
}

void FilterChipBar::selectAll()
{
    apply({});
}

void FilterChipBar::apply(Actions actions)
{
    // Every action selected is the same as All: show it as All.
    if (actions == Actions::all())
        actions = {};
    const bool changed = actions != m_actions;
    m_actions = actions;
    syncChecks(); // a click toggled a chip's own check state; put it right either way
    if (changed)
        emit actionsChanged(m_actions);
}

void FilterChipBar::syncChecks()
{
    m_all->setChecked(m_actions.isEmpty());
    for (Action a : ActionInfo::list())
        m_chips.at(int(a))->setChecked(m_actions.contains(a));
}

void FilterChipBar::setCounts(const std::optional<CountResult> &counts)
{
    if (!counts) {
        m_all->setCountText({});
        for (FilterChip *c : std::as_const(m_chips))
            c->setCountText({});
        return;
    }
    m_all->setCountText(formatCount(counts->totalFor({}), counts->accuracy));
    for (Action a : ActionInfo::list())
        m_chips.at(int(a))->setCountText(
            formatCount(counts->perAction[size_t(a)], counts->accuracy));
}

QString FilterChipBar::formatCount(qint64 count, CountAccuracy accuracy)
{
    const QLocale locale;
    if (accuracy != CountAccuracy::Estimated)
        return locale.toString(count);
    // An estimate is shown rounded, so it does not pretend to a precision it lacks.
    const qint64 thousands = (count + 500) / 1000;
    if (thousands >= 1000) // 999,600 reads "~1.0M", not "~1,000k"
        return tr("~%1M").arg(locale.toString(double(count) / 1e6, 'f', 1));
    if (count >= 10'000)
        return tr("~%1k").arg(locale.toString(thousands));
    return tr("~%1").arg(locale.toString(count));
}

void FilterChipBar::makeTabStop(FilterChip *chip)
{
    m_all->setFocusPolicy(chip == m_all ? Qt::StrongFocus : Qt::ClickFocus);
    for (FilterChip *c : std::as_const(m_chips))
        c->setFocusPolicy(c == chip ? Qt::StrongFocus : Qt::ClickFocus);
    setFocusProxy(chip);
}

void FilterChipBar::changeEvent(QEvent *event)
{
    // All has no action colour of its own: it follows the palette's highlight.
    if (event->type() == QEvent::PaletteChange)
        m_all->setAccent(palette().color(QPalette::Highlight));
    QWidget::changeEvent(event);
}

bool FilterChipBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FocusIn) {
        if (auto *chip = qobject_cast<FilterChip *>(watched))
            makeTabStop(chip);
    }
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        QList<FilterChip *> order{m_all};
        order += m_chips;
        const int index = int(order.indexOf(static_cast<FilterChip *>(watched)));
        if (index >= 0 && (key->key() == Qt::Key_Left || key->key() == Qt::Key_Right)) {
            const int next = (index + (key->key() == Qt::Key_Right ? 1 : -1) + int(order.size())) %
                             int(order.size());
            makeTabStop(order.at(next));
            order.at(next)->setFocus(Qt::TabFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
