#pragma once

#include <QIdentityProxyModel>

// Adds what only the UI layer may know to HistoryTableModel: the action's
// icon and colour.
class HistoryViewModel : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};
