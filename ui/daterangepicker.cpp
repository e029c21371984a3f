#include "daterangepicker.h"

#include "errorstyle.h"

#include <QCalendarWidget>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>

namespace {

// The earliest day the editors offer; shown as "Any" (an open end).
const QDate OpenEnd(2000, 1, 1);

QString describe(std::optional<Timestamp::Micros> t, const QTimeZone &zone)
{
    if (!t)
        return QStringLiteral("—");
    return QStringLiteral("%1 %2 = %3")
        .arg(Timestamp::formatLocal(*t, zone), QString::fromUtf8(zone.id()),
             Timestamp::toIsoUtc(*t));
}

} // namespace

DateRangePicker::DateRangePicker(QWidget *parent)
    : QWidget(parent)
{
    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("rangePreset"));
    m_preset->setAccessibleName(tr("Date range"));
    for (DateRangeSpec::Preset p : DateRangeSpec::presets())
        m_preset->addItem(DateRangeSpec::label(p), int(p));

    const auto makeEdit = [this](const QString &name, const QString &accessible) {
        auto *edit = new QDateEdit(this);
        edit->setObjectName(name);
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setMinimumDate(OpenEnd);
        edit->setSpecialValueText(tr("Any"));
        edit->setAccessibleName(accessible);
        edit->setKeyboardTracking(false);
        return edit;
    };
    m_from = makeEdit(QStringLiteral("rangeFrom"), tr("From day"));
    m_to = makeEdit(QStringLiteral("rangeTo"), tr("To day, inclusive"));
    m_from->setToolTip(tr("First day shown (Any: from the beginning)"));
    auto *fromLabel = new QLabel(tr("From"), this);
    auto *toLabel = new QLabel(tr("to"), this);
    fromLabel->setBuddy(m_from);
    toLabel->setBuddy(m_to);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("rangeError"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_preset);
    layout->addWidget(fromLabel);
    layout->addWidget(m_from);
    layout->addWidget(toLabel);
    layout->addWidget(m_to);
    layout->addWidget(m_error);
    setFocusProxy(m_preset);

    connect(m_preset, &QComboBox::activated, this, &DateRangePicker::onPresetActivated);
    connect(m_from, &QDateEdit::dateChanged, this, &DateRangePicker::onDateEdited);
    connect(m_to, &QDateEdit::dateChanged, this, &DateRangePicker::onDateEdited);
    for (QDateEdit *edit : {m_from, m_to}) {
        // The calendar first: creating it sends events to the editor.
        edit->calendarWidget()->installEventFilter(this);
        edit->installEventFilter(this);
    }
    showSpec();
}

bool DateRangePicker::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress && event->type() != QEvent::Show)
        return QWidget::eventFilter(watched, event);
    for (QDateEdit *edit : {m_from, m_to}) {
        if (edit->date() != OpenEnd)
            continue;
        if (watched == edit && event->type() == QEvent::KeyPress) {
            // "Any" ignores typed digits (QDateEdit cannot edit its special
            // value text), so the first digit puts today in, all selected, and
            // the typed day replaces it.
            const QString text = static_cast<QKeyEvent *>(event)->text();
            if (!text.isEmpty() && text.at(0).isDigit()) {
                m_showing = true;
                edit->setDate(today());
                m_showing = false;
                edit->selectAll();
            }
        } else if (watched == edit->calendarWidget() && event->type() == QEvent::Show) {
            // "Any" is the editors' earliest day; its calendar opens on this
            // month rather than on January 2000.
            edit->calendarWidget()->setCurrentPage(today().year(), today().month());
        }
    }
    return QWidget::eventFilter(watched, event);
}

QDate DateRangePicker::today() const
{
    return Timestamp::toDateTime(m_clock(), m_zone).date();
}

void DateRangePicker::setSpec(const DateRangeSpec &spec)
{
    m_spec = spec.isValid() ? spec : DateRangeSpec{};
    showSpec();
}

void DateRangePicker::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    showSpec();
}

void DateRangePicker::setClock(std::function<Timestamp::Micros()> clock)
{
    m_clock = std::move(clock);
    showSpec();
}

DateRangeSpec::Resolved DateRangePicker::resolved() const
{
    return m_spec.resolve(m_zone, m_clock());
}

QString DateRangePicker::errorText() const
{
    return m_error->isVisible() || !m_error->isHidden() ? m_error->text() : QString();
}

void DateRangePicker::onPresetActivated(int index)
{
    const auto preset = DateRangeSpec::Preset(m_preset->itemData(index).toInt());
    DateRangeSpec spec;
    spec.preset = preset;
    if (preset == DateRangeSpec::Preset::Custom) {
        // Start from the days the previous choice covered.
        const DateRangeSpec::Resolved r = resolved();
        spec.from = r.firstDay;
        spec.to = r.lastDay;
    }
    m_spec = spec;
    showSpec();
    emit rangeChanged(m_spec);
}

void DateRangePicker::onDateEdited()
{
    if (m_showing)
        return;
    DateRangeSpec spec;
    spec.preset = DateRangeSpec::Preset::Custom;
    spec.from = m_from->date() == OpenEnd ? QDate() : m_from->date();
    spec.to = m_to->date() == OpenEnd ? QDate() : m_to->date();
    if (!spec.isValid()) {
        // Refused in place: the last valid range stays in force.
        setError(tr("“To” is before “From”"));
        return;
    }
    setError({});
    // Enter or leaving an editor commits it even when nothing changed; the
    // days shown are then still the current range, and a relative preset
    // must not turn into fixed days.
    const DateRangeSpec::Resolved shown = resolved();
    if (spec.from == shown.firstDay && spec.to == shown.lastDay)
        return;
    m_spec = spec;
    {
        const QSignalBlocker blocker(m_preset);
        m_preset->setCurrentIndex(m_preset->findData(int(DateRangeSpec::Preset::Custom)));
    }
    updateTooltip();
    emit rangeChanged(m_spec);
}

void DateRangePicker::showSpec()
{
    m_showing = true;
    m_preset->setCurrentIndex(m_preset->findData(int(m_spec.preset)));
    const DateRangeSpec::Resolved r = resolved();
    m_from->setDate(r.firstDay.isValid() ? r.firstDay : OpenEnd);
    m_to->setDate(r.lastDay.isValid() ? r.lastDay : OpenEnd);
    setError({});
    m_showing = false;
    updateTooltip();
}

void DateRangePicker::setError(const QString &text)
{
    m_error->setText(text);
    m_error->setStyleSheet(ErrorStyle::label(palette()));
    m_error->setVisible(!text.isEmpty());
    m_to->setToolTip(text.isEmpty() ? tr("Last day shown, inclusive (Any: up to now)")
                                    : tr("The last day must not be before the first day"));
}

QString DateRangePicker::resolvedText() const
{
    const DateRangeSpec::Resolved r = resolved();
    return tr("From %1\nUntil (not including) %2")
        .arg(describe(r.from, m_zone), describe(r.to, m_zone));
}

void DateRangePicker::updateTooltip()
{
    const QString text = resolvedText();
    m_preset->setToolTip(tr("Date range (Ctrl+D)\n%1").arg(text));
    setToolTip(text);
}
