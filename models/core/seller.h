#pragma once

#include "timestamp.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// One row of `sellers`, as the Sellers view shows it.
struct Seller
{
    QString id;
    QString displayName;
    QString normalizedName;
    QString platform;
    QString platformId;
    bool flagged = false;
    int timesSeen = 1;
    std::optional<int> feedbackScore;
    std::optional<int> itemCount;
    Timestamp::Micros createdAt = 0; // "first seen"
    QString firstSeenRunId;
    QString lastSeenRunId;

    friend bool operator==(const Seller &, const Seller &) = default;
};

// A fixed set of sellers, e.g. those an audit entry names: by id where the
// entry has one (single-seller rows), else by exact display name (the lists
// inside bulk, export and flag rows hold names only). Sellers removed or
// renamed since simply do not match. Values are compared exactly; an empty
// set matches no seller.
struct SellerSet
{
    enum class Key : quint8
    {
        Id,
        Name
    };
    SellerSet() = default;
    SellerSet(Key key, QStringList values, QString entryId = {})
        : key(key)
        , values(std::move(values))
        , entryId(std::move(entryId))
    {}

    Key key = Key::Name;
    QStringList values; // distinct
    QString entryId;    // the audit entry they come from, when they do

    friend bool operator==(const SellerSet &, const SellerSet &) = default;
};

// Which sellers the view lists: a name search and the flag state, optionally
// within a fixed set, newest first (by created_at, then id).
struct SellerFilter
{
    enum class State : quint8
    {
        All,
        Flagged,
        Unflagged
    };
    QString search; // case-insensitive substring of the display name
    State state = State::All;
    std::optional<SellerSet> only; // none: every seller of the org

    friend bool operator==(const SellerFilter &, const SellerFilter &) = default;
};

struct SellerPageRequest
{
    SellerFilter filter;
    int pageSize = 100;
    qint64 offset = 0;
};

struct SellerPageResult
{
    QList<Seller> sellers;
    qint64 offset = 0;
    qint64 total = 0; // exact, for the filter
};

// A bulk flag or unflag, resolved to seller ids before it runs.
struct FlagRequest
{
    QStringList sellerIds;
    bool flagged = true;
    QString reason; // stored in the audit row's JSON where the source can
};

struct FlagResult
{
    int requested = 0;      // ids asked for
    int changed = 0;        // sellers whose state actually changed
    QStringList changedIds; // for undo: they all had the other state before
    QStringList changedNames;
    QString auditEntryId;           // the one audit row written (empty if none)
    std::optional<int> serverCount; // REST: what the server said it updated
    // Something the user should know although the write went through, e.g.
    // that the server's answer could not be read. Empty when none.
    QString warning;
};

Q_DECLARE_METATYPE(Seller)
Q_DECLARE_METATYPE(SellerSet)
Q_DECLARE_METATYPE(SellerPageRequest)
Q_DECLARE_METATYPE(SellerPageResult)
Q_DECLARE_METATYPE(FlagRequest)
Q_DECLARE_METATYPE(FlagResult)
