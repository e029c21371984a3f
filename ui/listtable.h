#pragma once

#include <QString>

class QAbstractItemModel;
class QTableView;
class QWidget;

// The look every paged list shares (history, sellers): whole rows selected,
// several at a time; one line per row of a fixed height; no row numbers;
// movable, resizable columns with one that takes the spare width.
namespace ListTable {

QTableView *create(QAbstractItemModel *model, int stretchColumn, const QString &accessibleName,
                   QWidget *parent);

} // namespace ListTable
