#pragma once

#include "paging.h"

#include <QDate>
#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QSpinBox;
class QToolButton;

// First / Previous / Next / Last, "Page X of Y" with a page to jump to,
// "Showing 51–100 of 1,000", go to date, and the page size. It shows the
// state it is given and asks for changes by signal; it never loads anything.
class PaginationBar : public QWidget
{
    Q_OBJECT
public:
    struct State
    {
        qint64 offset = -1; // row index of the first row shown; -1 unknown
        int rows = 0;
        qint64 total = -1;
        CountAccuracy accuracy = CountAccuracy::Unknown;
        bool canGoBack = false;
        bool canGoForward = false;
        qint64 page = 0;  // 0 unknown
        qint64 pages = 0; // 0 unknown
        int pageSize = 100;
    };

    explicit PaginationBar(QWidget *parent = nullptr);

    void setState(const State &state);
    // Lists without dates to go to (sellers) hide "Go to date".
    void setDateNavigationVisible(bool visible);
    // What an empty list is called: "No entries" by default.
    void setEmptyText(const QString &text);
    QString summaryText() const; // the "Showing ..." text, for tests and the status bar
    QString pageText() const;    // "of 12" after the page box

    static QList<int> pageSizes();

signals:
    void firstRequested();
    void previousRequested();
    void nextRequested();
    void lastRequested();
    void pageRequested(qint64 page);
    void pageSizeChanged(int size);
    void dateRequested(QDate date);

private:
    QToolButton *makeButton(const QString &icon, const QString &tip);

    QToolButton *m_first;
    QToolButton *m_previous;
    QToolButton *m_next;
    QToolButton *m_last;
    QSpinBox *m_page;
    QLabel *m_pageOf;
    QLabel *m_summary;
    QLabel *m_dateLabel;
    QDateEdit *m_date;
    QToolButton *m_goToDate;
    QComboBox *m_pageSize;
    State m_state;
    QString m_emptyText;
};
