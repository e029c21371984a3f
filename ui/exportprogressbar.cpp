#include "exportprogressbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>

#include <cmath>

namespace {

// The speed is measured over this much of the recent past: long enough to be
// steady, short enough to follow a change (a slow network, a fast disk).
constexpr qint64 RateWindowMs = 3000;
// Below this much measured time the speed is not shown: it would jump about.
constexpr qint64 RateMinimumMs = 400;
constexpr int BarSteps = 1000;

QString timeLeft(double seconds)
{
    if (seconds < 1.5)
        return ExportProgressBar::tr("about 1 s left");
    if (seconds < 60)
        return ExportProgressBar::tr("about %1 s left").arg(qRound(seconds));
    const int minutes = qRound(seconds / 60);
    if (minutes < 60)
        return minutes == 1 ? ExportProgressBar::tr("about 1 min left")
                            : ExportProgressBar::tr("about %1 min left").arg(minutes);
    return ExportProgressBar::tr("about %1 h %2 min left").arg(minutes / 60).arg(minutes % 60);
}

} // namespace

ExportProgressBar::ExportProgressBar(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("exportProgress"));
    setFrameShape(QFrame::StyledPanel);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("exportProgressText"));
    m_text->setTextFormat(Qt::PlainText);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("exportProgressBar"));
    m_bar->setTextVisible(false);
    m_bar->setMaximumWidth(220);
    m_bar->setMaximumHeight(14);
    m_bar->setAccessibleName(tr("Export progress"));
    m_cancel = new QPushButton(tr("&Cancel Export"), this);
    m_cancel->setObjectName(QStringLiteral("exportCancel"));
    m_cancel->setToolTip(tr("Stop the export: no file is written and nothing is recorded"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 3, 4, 3);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, &ExportProgressBar::cancelRequested);
    hide();
}

void ExportProgressBar::start(const QString &fileName, qint64 estimate)
{
    m_estimate = estimate;
    m_samples.clear();
    m_clock.start();
    m_text->setText(tr("Exporting to %1…").arg(fileName));
    setToolTip(tr("Exporting to %1").arg(fileName));
    m_bar->setRange(0, estimate > 0 ? BarSteps : 0);
    m_bar->setValue(0);
    m_cancel->setEnabled(true);
    show();
}

void ExportProgressBar::setRows(qint64 rows)
{
    setRowsAt(rows, m_clock.isValid() ? m_clock.elapsed() : 0);
}

void ExportProgressBar::setRowsAt(qint64 rows, qint64 elapsedMs)
{
    m_samples << Sample{elapsedMs, rows};
    while (m_samples.size() > 2 && elapsedMs - m_samples.at(1).ms >= RateWindowMs)
        m_samples.removeFirst();
    if (m_samples.size() == 1)
        m_samples.prepend(Sample{0, 0}); // the start: nothing written
    m_text->setText(describe(rows, rate(), m_estimate));
    if (m_estimate > 0)
        m_bar->setValue(int(std::min<qint64>(BarSteps, rows * BarSteps / m_estimate)));
}

void ExportProgressBar::stop()
{
    m_samples.clear();
    hide();
}

QString ExportProgressBar::text() const
{
    return m_text->text();
}

double ExportProgressBar::rate() const
{
    if (m_samples.size() < 2)
        return 0;
    const Sample &first = m_samples.constFirst();
    const Sample &last = m_samples.constLast();
    const qint64 ms = last.ms - first.ms;
    return ms >= RateMinimumMs ? double(last.rows - first.rows) * 1000.0 / double(ms) : 0;
}

QString ExportProgressBar::describe(qint64 rows, double rowsPerSecond, qint64 estimate)
{
    const QLocale locale;
    QStringList parts;
    parts << (rows == 1 ? tr("Exporting… 1 row")
                        : tr("Exporting… %1 rows").arg(locale.toString(rows)));
    if (rowsPerSecond >= 1) {
        parts << tr("%1 rows/s").arg(locale.toString(qint64(std::llround(rowsPerSecond))));
        if (estimate > rows)
            parts << timeLeft(double(estimate - rows) / rowsPerSecond);
        else if (estimate >= 0)
            parts << tr("almost done");
    }
    return parts.join(QStringLiteral(" · "));
}
