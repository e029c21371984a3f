#pragma once

#include "auditentry.h"

#include <QAbstractTableModel>
#include <QTimeZone>

// One page of history rows for a table view. It holds only the rows it is
// given (see HistoryPager) and formats them in data(): times in the display
// zone, names with control characters made visible, counts grouped.
// Decoration and colours belong to the UI layer (no QtGui here).
class HistoryTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        ActionColumn,
        DescriptionColumn,
        SellersColumn,
        SourceColumn,
        UserColumn,
        ColumnCount
    };
    enum Role
    {
        EntryRole = Qt::UserRole + 1, // AuditEntry
        IdRole,                       // QString
        ActionRole,                   // int(Action)
        CreatedAtRole,                // qint64 microseconds, UTC
    };

    explicit HistoryTableModel(QObject *parent = nullptr);

    // Replaces the rows in one reset (a page is small; views keep up).
    void setEntries(const QList<AuditEntry> &entries);
    const QList<AuditEntry> &entries() const { return m_entries; }
    std::optional<AuditEntry> entry(int row) const;
    int rowOf(const QString &id) const;

    QTimeZone timeZone() const { return m_zone; }
    void setTimeZone(const QTimeZone &zone);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Shows control characters in a one-line cell: a newline as ⏎, a carriage
    // return as ↲, a tab as ⇥, others as �.
    static QString visibleText(const QString &text);

private:
    QList<AuditEntry> m_entries;
    // Per row: a flag row that unflags (read once per page from its JSON, so
    // the Action column can say "Unflagged" without parsing while painting).
    QList<bool> m_unflags;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
};
