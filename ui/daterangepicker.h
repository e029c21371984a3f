#pragma once

#include "daterangespec.h"

#include <QTimeZone>
#include <QWidget>

#include <functional>

class QComboBox;
class QDateEdit;
class QLabel;

// The date range: a preset (Today, Yesterday, Last 24 hours, Last 7 days,
// Last 30 days, This month, Last month, All time) or Custom From/To days
// with calendar pop-ups and typed ISO dates. Days are inclusive; the
// tooltip shows the half-open UTC instants they resolve to in the display
// zone. A To before From is refused in place and nothing is emitted.
class DateRangePicker : public QWidget
{
    Q_OBJECT
public:
    explicit DateRangePicker(QWidget *parent = nullptr);

    DateRangeSpec spec() const { return m_spec; }
    void setSpec(const DateRangeSpec &spec); // no signal
    void setTimeZone(const QTimeZone &zone);
    // The clock presets are resolved against (tests pin it).
    void setClock(std::function<Timestamp::Micros()> clock);

    DateRangeSpec::Resolved resolved() const;
    QString errorText() const;    // empty when the range is valid
    QString resolvedText() const; // what the tooltip says

signals:
    void rangeChanged(const DateRangeSpec &spec);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onPresetActivated(int index);
    void onDateEdited();
    void showSpec();
    void updateTooltip();
    QDate today() const;
    void setError(const QString &text); // empty: no error

    QComboBox *m_preset;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QLabel *m_error;
    DateRangeSpec m_spec;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    std::function<Timestamp::Micros()> m_clock = &Timestamp::now;
    bool m_showing = false;
};
