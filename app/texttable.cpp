#include "texttable.h"

namespace TextTable {

QString render(const QAbstractItemModel &model, const QList<int> &rightAligned, int maxCellWidth)
{
    const int columns = model.columnCount();
    QList<QStringList> cells;
    QStringList header;
    for (int c = 0; c < columns; ++c)
        header << model.headerData(c, Qt::Horizontal).toString();
    cells << header;
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < columns; ++c) {
            QString text = model.data(model.index(r, c)).toString();
            if (text.size() > maxCellWidth)
                text = text.left(maxCellWidth - 1) + QChar(0x2026);
            row << text;
        }
        cells << row;
    }
    QList<int> widths(columns, 0);
    for (const QStringList &row : std::as_const(cells)) {
        for (int c = 0; c < columns; ++c)
            widths[c] = std::max(widths[c], int(row.at(c).size()));
    }
    QString out;
    for (const QStringList &row : std::as_const(cells)) {
        QStringList padded;
        for (int c = 0; c < columns; ++c) {
            padded << (rightAligned.contains(c) ? row.at(c).rightJustified(widths[c])
                                                : row.at(c).leftJustified(widths[c]));
        }
        out += padded.join(QStringLiteral("  ")).trimmed() + u'\n';
    }
    return out;
}

} // namespace TextTable
