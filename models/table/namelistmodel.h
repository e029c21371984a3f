#pragma once

#include <QAbstractListModel>
#include <QStringList>

// One row per name of a list an audit entry holds (hundreds of thousands for
// an export): it shares the entry's QStringList (no copy per name) and makes
// each name visible only when a view asks for it in data(), so setting a list
// costs the same at any size. Read-only; it never edits or sorts the names.
class NameListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    using QAbstractListModel::QAbstractListModel;

    void setNames(const QStringList &names); // one reset
    const QStringList &names() const { return m_names; }

    int rowCount(const QModelIndex &parent = {}) const override;
    // Display: the name with control characters made visible
    // (HistoryTableModel::visibleText); tool tip: the name as stored.
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QStringList m_names;
};
