#pragma once

#include <QElapsedTimer>
#include <QFrame>
#include <QList>

class QLabel;
class QProgressBar;
class QPushButton;

// A strip across the window while an export runs, so the window stays usable:
// "Exporting… 120,000 rows · 45,000 rows/s · about 20 s left", a progress bar
// (filled against the estimate when there is one) and Cancel. The speed is
// measured over the last few seconds; the time left comes from the estimate.
// It only shows: cancelling is the owner's business (cancelRequested()).
class ExportProgressBar : public QFrame
{
    Q_OBJECT
public:
    explicit ExportProgressBar(QWidget *parent = nullptr);

    // Shows the strip for a new export to fileName of about `estimate` rows
    // (-1: unknown).
    void start(const QString &fileName, qint64 estimate);
    // Rows written so far, now.
    void setRows(qint64 rows);
    // The same at a given time since start() (for tests and replays).
    void setRowsAt(qint64 rows, qint64 elapsedMs);
    void stop(); // hides the strip

    QString text() const;
    QPushButton *cancelButton() const { return m_cancel; }

    // "Exporting… 120,000 rows · 45,000 rows/s · about 20 s left"; the
    // speed and the time left are left out while unknown.
    static QString describe(qint64 rows, double rowsPerSecond, qint64 estimate);

signals:
    void cancelRequested();

private:
    struct Sample
    {
        qint64 ms;
        qint64 rows;
    };
    double rate() const;

    QLabel *m_text;
    QProgressBar *m_bar;
    QPushButton *m_cancel;
    QElapsedTimer m_clock;
    QList<Sample> m_samples; // the last few seconds
    qint64 m_estimate = -1;
};
