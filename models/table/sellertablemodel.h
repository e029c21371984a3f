#pragma once

#include "seller.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <QTimeZone>

#include <optional>

// One page of sellers for the Sellers view. It holds only the rows it is
// given and formats them in data(): first-seen times in the display zone,
// names with control characters made visible, counts grouped. It never loads
// or writes anything: flagging goes through the source, and updateFlagged()
// only mirrors a finished action until the reloaded page arrives.
// Decoration and colours belong to the UI layer (no QtGui here).
class SellerTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        FlaggedColumn,
        TimesSeenColumn,
        FeedbackColumn,
        FirstSeenColumn,
        PlatformColumn,
        ColumnCount
    };
    enum Role
    {
        SellerRole = Qt::UserRole + 1, // Seller
        IdRole,                        // QString
        FlaggedRole,                   // bool
        NameRole,                      // QString, the display name as stored
    };

    explicit SellerTableModel(QObject *parent = nullptr);

    // Replaces the rows in one reset (a page is small; views keep up).
    void setSellers(const QList<Seller> &sellers);
    const QList<Seller> &sellers() const { return m_sellers; }
    std::optional<Seller> seller(int row) const;
    int rowOf(const QString &id) const;

    // Sets the flag of the listed sellers shown on this page (ids elsewhere
    // are ignored, so a whole "all matching" scope can be passed). Signals
    // only the Flagged cells that change, one dataChanged per run of
    // adjacent rows, so selection and scroll position survive.
    void updateFlagged(const QStringList &ids, bool flagged);

    QTimeZone timeZone() const { return m_zone; }
    void setTimeZone(const QTimeZone &zone);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<Seller> m_sellers;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
};
