#include "sellerviewmodel.h"

#include "actionstyle.h"
#include "sellertablemodel.h"

QVariant SellerViewModel::data(const QModelIndex &index, int role) const
{
    if (role == Qt::DecorationRole && index.column() == SellerTableModel::FlaggedColumn &&
        QIdentityProxyModel::data(index, SellerTableModel::FlaggedRole).toBool())
        return ActionStyle::icon(Action::Flag);
    return QIdentityProxyModel::data(index, role);
}
