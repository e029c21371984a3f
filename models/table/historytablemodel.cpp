#include "historytablemodel.h"

#include "upstreamjson.h"

#include <QJsonObject>
#include <QLocale>

HistoryTableModel::HistoryTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void HistoryTableModel::setEntries(const QList<AuditEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    m_unflags.clear();
    m_unflags.reserve(entries.size());
    for (const AuditEntry &e : entries) {
        bool unflag = false;
        if (e.action == Action::Flag) {
            const UpstreamJson::Decoded d = UpstreamJson::decodeColumn(e.newValue);
            unflag =
                d.ok() && d.value.toObject().value(QStringLiteral("flagged")) == QJsonValue(false);
        }
        m_unflags << unflag;
    }
    endResetModel();
}

std::optional<AuditEntry> HistoryTableModel::entry(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return std::nullopt;
    return m_entries.at(row);
}

int HistoryTableModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).id == id)
            return i;
    }
    return -1;
}

void HistoryTableModel::setTimeZone(const QTimeZone &zone)
{
    if (zone == m_zone)
        return;
    m_zone = zone;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn));
    emit headerDataChanged(Qt::Horizontal, TimeColumn, TimeColumn);
}

int HistoryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HistoryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryTableModel::visibleText(const QString &text)
{
    // Symbols that common UI fonts carry (the Control Pictures block is often
    // missing and would show as boxes).
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\n' || u == 0x2028 || u == 0x2029)
            out += QChar(0x23CE); // ⏎
        else if (u == u'\r')
            out += QChar(0x21B2); // ↲
        else if (u == u'\t')
            out += QChar(0x21E5); // ⇥
        else if (u < 0x20 || u == 0x7F)
            out += QChar(QChar::ReplacementCharacter);
        else
            out += c;
    }
    return out;
}

QVariant HistoryTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return Timestamp::formatLocal(e.createdAt, m_zone);
        case ActionColumn:
            return m_unflags.at(index.row()) ? tr("Unflagged") : ActionInfo::label(e.action);
        case DescriptionColumn:
            return visibleText(e.sellerName);
        case SellersColumn:
            return QLocale().toString(e.affectedCount);
        case SourceColumn:
            return e.source;
        case UserColumn:
            return e.userLabel();
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return tr("%1 UTC\n%2")
                .arg(Timestamp::toIsoUtc(e.createdAt),
                     Timestamp::formatRelative(e.createdAt, Timestamp::now()));
        case DescriptionColumn:
            return e.sellerName;
        case UserColumn:
            return e.userName.isEmpty() ? e.userId : tr("%1\n%2").arg(e.userName, e.userId);
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == SellersColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case EntryRole:
        return QVariant::fromValue(e);
    case IdRole:
        return e.id;
    case ActionRole:
        return int(e.action);
    case CreatedAtRole:
        return e.createdAt;
    }
    return {};
}

QVariant HistoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case TimeColumn:
            return tr("Time");
        case ActionColumn:
            return tr("Action");
        case DescriptionColumn:
            return tr("Description");
        case SellersColumn:
            return tr("Sellers");
        case SourceColumn:
            return tr("Source");
        case UserColumn:
            return tr("User");
        }
    } else if (role == Qt::ToolTipRole && section == TimeColumn) {
        return tr("Times in %1").arg(QString::fromUtf8(m_zone.id()));
    }
    return {};
}
