#pragma once

#include "action.h"
#include "timestamp.h"

#include <QHashFunctions>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

enum class SortOrder : quint8
{
    NewestFirst,
    OldestFirst
};

// What the analyst asked to see, as a typed value. Each source compiles it
// into bound parameters or a URL query; user text is never spliced into SQL.
//
// The range is half-open in UTC: [from, to). "From D1 To D2" in a display zone
// is resolved to instants by DateRange before it gets here.
struct HistoryFilter
{
    Actions actions;                       // empty = every action
    std::optional<Timestamp::Micros> from; // inclusive
    std::optional<Timestamp::Micros> to;   // exclusive
    QString search;                        // seller name, case-insensitive substring
    SortOrder order = SortOrder::NewestFirst;

    bool hasValidRange() const { return !from || !to || *from <= *to; }
    bool matchesAllActions() const { return actions.isEmpty() || actions == Actions::all(); }
    // The same filter without the action selection: what chip counts use.
    HistoryFilter withoutActions() const;
    // The parts counts depend on (order does not change a count).
    HistoryFilter countKey() const;

    // For the export record's `filter` key and for logs.
    QJsonObject toJson() const;

    friend bool operator==(const HistoryFilter &, const HistoryFilter &) = default;
};

size_t qHash(const HistoryFilter &filter, size_t seed = 0) noexcept;

Q_DECLARE_METATYPE(HistoryFilter)
