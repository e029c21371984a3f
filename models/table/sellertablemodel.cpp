#include "sellertablemodel.h"

#include "historytablemodel.h"

#include <QLocale>
#include <QSet>

SellerTableModel::SellerTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void SellerTableModel::setSellers(const QList<Seller> &sellers)
{
    beginResetModel();
    m_sellers = sellers;
    endResetModel();
}

std::optional<Seller> SellerTableModel::seller(int row) const
{
    if (row < 0 || row >= m_sellers.size())
        return std::nullopt;
    return m_sellers.at(row);
}

int SellerTableModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_sellers.size(); ++i) {
        if (m_sellers.at(i).id == id)
            return i;
    }
    return -1;
}

void SellerTableModel::updateFlagged(const QStringList &ids, bool flagged)
{
    if (ids.isEmpty() || m_sellers.isEmpty())
        return;
    // A scope can hold tens of thousands of ids against a page of a hundred
    // rows: one pass over each, not one over the ids per row.
    const QSet<QString> wanted(ids.cbegin(), ids.cend());
    const QList<int> roles{Qt::DisplayRole, FlaggedRole, SellerRole};
    int runStart = -1;
    const auto closeRun = [&](int end) {
        if (runStart < 0)
            return;
        emit dataChanged(index(runStart, FlaggedColumn), index(end - 1, FlaggedColumn), roles);
        runStart = -1;
    };
    for (int row = 0; row < m_sellers.size(); ++row) {
        Seller &s = m_sellers[row];
        if (s.flagged != flagged && wanted.contains(s.id)) {
            s.flagged = flagged;
            if (runStart < 0)
                runStart = row;
        } else {
            closeRun(row);
        }
    }
    closeRun(int(m_sellers.size()));
}

void SellerTableModel::setTimeZone(const QTimeZone &zone)
{
    if (zone == m_zone)
        return;
    m_zone = zone;
    if (!m_sellers.isEmpty())
        emit dataChanged(index(0, FirstSeenColumn), index(rowCount() - 1, FirstSeenColumn));
    emit headerDataChanged(Qt::Horizontal, FirstSeenColumn, FirstSeenColumn);
}

int SellerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sellers.size());
}

int SellerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SellerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Seller &s = m_sellers.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return HistoryTableModel::visibleText(s.displayName);
        case FlaggedColumn:
            return s.flagged ? tr("Flagged") : QString();
        case TimesSeenColumn:
            return QLocale().toString(s.timesSeen);
        case FeedbackColumn:
            return s.feedbackScore ? QLocale().toString(*s.feedbackScore) : QString();
        case FirstSeenColumn:
            // Minutes are enough to tell sellers apart by eye; the tooltip
            // has the exact instant.
            return Timestamp::toDateTime(s.createdAt, m_zone)
                .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        case PlatformColumn:
            return HistoryTableModel::visibleText(s.platform);
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case NameColumn:
            return s.displayName;
        case FeedbackColumn:
            return s.feedbackScore ? QVariant() : tr("No feedback score recorded");
        case FirstSeenColumn:
            return tr("%1 UTC\n%2")
                .arg(Timestamp::toIsoUtc(s.createdAt),
                     Timestamp::formatRelative(s.createdAt, Timestamp::now()));
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == TimesSeenColumn || index.column() == FeedbackColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SellerRole:
        return QVariant::fromValue(s);
    case IdRole:
        return s.id;
    case FlaggedRole:
        return s.flagged;
    case NameRole:
        return s.displayName;
    }
    return {};
}

QVariant SellerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Name");
        case FlaggedColumn:
            return tr("Flagged");
        case TimesSeenColumn:
            return tr("Times seen");
        case FeedbackColumn:
            return tr("Feedback");
        case FirstSeenColumn:
            return tr("First seen");
        case PlatformColumn:
            return tr("Platform");
        }
    } else if (role == Qt::ToolTipRole && section == FirstSeenColumn) {
        return tr("Times in %1").arg(QString::fromUtf8(m_zone.id()));
    } else if (role == Qt::TextAlignmentRole &&
               (section == TimesSeenColumn || section == FeedbackColumn)) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}
