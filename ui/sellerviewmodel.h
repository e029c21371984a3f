#pragma once

#include <QIdentityProxyModel>

// Adds what only the UI layer may know to SellerTableModel: the flag icon
// beside "Flagged".
class SellerViewModel : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};
