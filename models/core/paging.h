#pragma once

#include "auditentry.h"
#include "historyfilter.h"
#include "pagecursor.h"

#include <QList>
#include <QMetaType>

#include <array>
#include <optional>

// Requests and results of the history browsing API (see HistorySource).

// Where a page starts. Pages are aligned from the start of the filtered
// order (page k holds rows [(k-1)*size, k*size)), so First/Next/Previous/Last
// and Offset all land on page boundaries; AtTime may land between them.
enum class PageAnchor : quint8
{
    First,  // the first rows in display order
    Last,   // the last page, aligned (holds total % size rows, or size)
    After,  // the rows following `cursor` in display order
    Before, // the rows preceding `cursor` (falls back to First at the start)
    Offset, // the rows from row index `offset` (0-based)
    AtTime, // the first rows on the far side of the split instant `time`
};

struct PageRequest
{
    HistoryFilter filter;
    int pageSize = 50;
    PageAnchor anchor = PageAnchor::First;
    PageCursor cursor;                         // After, Before
    qint64 offset = 0;                         // Offset
    Timestamp::Micros time = 0;                // AtTime: newest-first shows rows created
                                               // before `time`; oldest-first from `time` on
    qint64 knownTotal = -1;                    // Last, Offset: lets the source skip a count
    std::optional<Timestamp::Micros> snapshot; // rows created after it are not shown;
                                               // unset: the source takes one now
};

struct PageResult
{
    QList<AuditEntry> entries;      // in display order
    qint64 offset = -1;             // row index of entries.first(); -1 when unknown
    bool atStart = true;            // nothing precedes the first entry
    bool atEnd = true;              // nothing follows the last entry
    Timestamp::Micros snapshot = 0; // the bound used; pass it on for stable paging
    qint64 total = -1;              // exact total when the source had to compute it anyway

    PageCursor firstCursor() const;
    PageCursor lastCursor() const;
};

enum class CountAccuracy : quint8
{
    Unknown,
    Estimated,
    Exact
};

// Counts for a filter. PerAction: one count per action over the filter's
// range and search, whatever actions it selects (the chips show them; the
// total is their sum over the selected actions). RowsBefore: how many rows
// precede `cursor` in display order, to place a page found by time.
enum class CountKind : quint8
{
    PerAction,
    RowsBefore
};

struct CountRequest
{
    HistoryFilter filter;
    CountKind kind = CountKind::PerAction;
    std::optional<Timestamp::Micros> snapshot;
    PageCursor cursor; // RowsBefore
    // PerAction: a source may answer with an estimate (marked Estimated)
    // when the exact count would be large and slow; ask again without it for
    // the exact figure.
    bool allowEstimate = false;
};

struct CountResult
{
    std::array<qint64, ActionCount> perAction{};
    CountAccuracy accuracy = CountAccuracy::Exact;
    qint64 rowsBefore = -1;

    // The count of the filter's own actions (all of them when none selected).
    qint64 totalFor(Actions actions) const;
};

// Pages of `pageSize` rows that `total` rows fill; an empty result is one
// (empty) page.
constexpr qint64 pageCountFor(qint64 total, qint64 pageSize)
{
    return pageSize > 0 && total > 0 ? (total + pageSize - 1) / pageSize : 1;
}

Q_DECLARE_METATYPE(PageRequest)
Q_DECLARE_METATYPE(PageResult)
Q_DECLARE_METATYPE(CountRequest)
Q_DECLARE_METATYPE(CountResult)
