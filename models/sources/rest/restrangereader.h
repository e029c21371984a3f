#pragma once

#include "auditentry.h"
#include "historyfilter.h"
#include "restclient.h"
#include "restcodec.h"

#include <QList>
#include <QObject>

#include <functional>
#include <optional>

// Reads every row of a filter in a time range through the upstream API, in
// (created_at, id) order, newest or oldest first as the filter's order says,
// for exports: like RestWindowWalk it asks for date windows narrow enough to
// come back whole, but keeps several in flight at once, sized from the
// density seen so far. A window that comes back capped is not thrown away:
// its rows newer than the answer's oldest instant are complete (the API
// orders by created_at), and only the rest of the window is asked for again,
// so a window sized too wide costs one more request, not its rows twice.
// Rows are handed over window by window in order; memory holds only the
// windows in flight.
//
// Runs on its RestClient's thread; ends in exactly one call of `done`,
// unless aborted first.
class RestRangeReader : public QObject
{
    Q_OBJECT
public:
    struct Params
    {
        HistoryFilter filter;        // actions and range; no search
        Timestamp::Micros upper = 0; // exclusive: the snapshot + 1 µs
        int inFlight = 4;            // windows asked for at once
        // The first windows' width. Without a start the oldest row is looked
        // up (newest first: while the first windows are read) and, oldest
        // first, the width follows from the rows' density instead.
        Timestamp::Micros initialWindow = Timestamp::MicrosPerDay;
        // The filter's rows below `upper`, when the caller has counted them:
        // without a start, saves counting them again to find the oldest row.
        std::optional<qint64> total;
    };
    // Rows of the next window, in the filter's order; return false to stop early.
    using Rows = std::function<bool(QList<AuditEntry> rows)>;
    using Done = std::function<void(std::optional<SourceError> error)>;

    RestRangeReader(RestClient *client, Params params, Rows rows, Done done,
                    QObject *parent = nullptr);
    ~RestRangeReader() override;

    void start();
    void abort();

private:
    bool newestFirst() const { return m_params.filter.order == SortOrder::NewestFirst; }
    bool walkedOut() const { return newestFirst() ? m_edge <= m_lower : m_edge >= m_upper; }

    struct Window
    {
        Timestamp::Micros start = 0; // inclusive
        Timestamp::Micros end = 0;   // exclusive
        RestClient::CallId call = 0;
        bool complete = false;
        QList<AuditEntry> rows;
    };

    void findOldest(qint64 total);
    void found(Timestamp::Micros lower); // the oldest row (or upper: none)
    void begin(Timestamp::Micros lower);
    void fill();
    void ask(qsizetype index);
    void answered(Timestamp::Micros start, RestCodec::AuditLogPage page);
    void deliver();
    void fail(const SourceError &error);
    qsizetype indexOf(Timestamp::Micros start) const;
    void sortRows(QList<AuditEntry> &rows) const; // into walk order

    RestClient *m_client;
    Params m_params;
    Rows m_rows;
    Done m_done;
    RestClient::CallId m_probe = 0;
    QList<Window> m_windows;        // in flight or waiting to be handed over, in walk order
    Timestamp::Micros m_lower = 0;  // inclusive: the range's start or the oldest row
    Timestamp::Micros m_upper = 0;  // exclusive: the range's end or the snapshot
    Timestamp::Micros m_edge = 0;   // where the next window ends (newest first) or starts
    Timestamp::Micros m_window = 0; // the next window's width
    bool m_lowerKnown = true;       // false while the oldest row is looked for
    bool m_answered = false;        // a window has answered
    bool m_finished = false;
};
