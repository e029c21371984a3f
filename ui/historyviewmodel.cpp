#include "historyviewmodel.h"

#include "actionstyle.h"
#include "historytablemodel.h"

QVariant HistoryViewModel::data(const QModelIndex &index, int role) const
{
    if (index.column() == HistoryTableModel::ActionColumn &&
        (role == Qt::DecorationRole || role == Qt::ForegroundRole)) {
        const auto action =
            Action(QIdentityProxyModel::data(index, HistoryTableModel::ActionRole).toInt());
        if (role == Qt::DecorationRole)
            return ActionStyle::icon(action);
        return ActionStyle::color(action);
    }
    return QIdentityProxyModel::data(index, role);
}
