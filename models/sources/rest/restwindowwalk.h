#pragma once

#include "auditentry.h"
#include "historyfilter.h"
#include "restclient.h"
#include "restcodec.h"

#include <QObject>

#include <functional>
#include <optional>

// Collects the rows on one side of an instant through GET /sellers/audit-log
// in date windows narrow enough that every answer is complete (the API caps
// answers at 1,000 rows and orders them by created_at alone, ties in any
// order): each window is a whole half-open slice of time, so ties are never
// split between requests and rows are ordered locally by (created_at, id).
// The window size adapts to the density the answers report, so a request
// costs about the same at any depth; an empty stretch is crossed with one
// probe for the next row (older) or by widening (newer).
//
// Runs on its RestClient's thread; finishes by calling `done` exactly once,
// unless aborted first.
class RestWindowWalk : public QObject
{
    Q_OBJECT
public:
    enum class Direction : quint8
    {
        Older,
        Newer
    };

    struct Params
    {
        HistoryFilter filter; // actions and range (search is not offered)
        Direction direction = Direction::Older;
        Timestamp::Micros from = 0; // walk away from this instant
        bool includeFrom = false;   // rows created exactly at `from` count
        std::optional<Timestamp::Micros>
            upper;    // exclusive: rows must be older (snapshot, range end)
        int need = 0; // stop once this many rows are kept
        std::function<bool(const AuditEntry &)> keep; // rows to keep (all when empty)
        Timestamp::Micros initialWindow = Timestamp::MicrosPerDay;
    };

    struct Result
    {
        QList<AuditEntry> rows;       // kept rows in walk order: (created_at, id) away from `from`
        bool exhausted = false;       // no row beyond the last one kept
        Timestamp::Micros window = 0; // the window size it ended with (a hint for the next walk)
    };

    using Done = std::function<void(std::optional<Result>, const SourceError &)>;

    RestWindowWalk(RestClient *client, Params params, Done done, QObject *parent = nullptr);
    ~RestWindowWalk() override;

    void start();
    void abort();

    // The query every audit-log request of a filter shares (action_types).
    static RestClient::Query filterQuery(const HistoryFilter &filter);
    // The time window's bounds as the API takes them: date_to is inclusive.
    static void addRange(RestClient::Query &query, std::optional<Timestamp::Micros> fromInclusive,
                         std::optional<Timestamp::Micros> toExclusive);

private:
    void requestWindow();
    void onWindow(RestCodec::AuditLogPage page);
    void probeOlder();
    void finish(bool exhausted);
    void fail(const SourceError &error);
    std::optional<Timestamp::Micros> lowerLimit() const;
    std::optional<Timestamp::Micros> upperLimit() const;

    RestClient *m_client;
    Params m_params;
    Done m_done;
    RestClient::CallId m_call = 0;
    Timestamp::Micros m_edge = 0;   // the window's near edge: exclusive when walking older
    Timestamp::Micros m_window = 0; // its width
    Timestamp::Micros m_windowStart = 0;
    Timestamp::Micros m_windowEnd = 0;
    QList<AuditEntry> m_rows;
};
