#pragma once

#include <QAbstractItemModel>
#include <QList>
#include <QString>

// A table model printed as aligned plain text for the terminal: the header,
// then every row, cells cut with "…" beyond a width, some columns
// right-aligned (numbers).
namespace TextTable {

QString render(const QAbstractItemModel &model, const QList<int> &rightAligned,
               int maxCellWidth = 48);

} // namespace TextTable
