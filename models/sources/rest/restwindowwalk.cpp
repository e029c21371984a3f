#include "restwindowwalk.h"

#include "restauditlog.h"
#include "restcodec.h"

#include <QCoreApplication>

#include <algorithm>

namespace {

// An answer is complete below the API's cap of 1,000 rows; aim well under it.
constexpr qint64 ApiRowCap = 1000;
constexpr qint64 MaxWindowRows = 900;
constexpr Timestamp::Micros MaxWindow = 100LL * 365 * Timestamp::MicrosPerDay;

bool keyLess(const AuditEntry &a, const AuditEntry &b)
{
    return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
}

} // namespace

RestWindowWalk::RestWindowWalk(RestClient *client, Params params, Done done, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_params(std::move(params))
    , m_done(std::move(done))
{}

RestWindowWalk::~RestWindowWalk()
{
    abort();
}

RestClient::Query RestWindowWalk::filterQuery(const HistoryFilter &filter)
{
    RestClient::Query query;
    if (!filter.matchesAllActions())
        query.append({QStringLiteral("action_types"), ActionInfo::toList(filter.actions)});
    return query;
}

void RestWindowWalk::addRange(RestClient::Query &query,
                              std::optional<Timestamp::Micros> fromInclusive,
                              std::optional<Timestamp::Micros> toExclusive)
{
    if (fromInclusive)
        query.append({QStringLiteral("date_from"), Timestamp::toIsoUtc(*fromInclusive)});
    if (toExclusive) // the API's date_to is inclusive
        query.append({QStringLiteral("date_to"), Timestamp::toIsoUtc(*toExclusive - 1)});
}

std::optional<Timestamp::Micros> RestWindowWalk::lowerLimit() const
{
    return m_params.filter.from;
}

std::optional<Timestamp::Micros> RestWindowWalk::upperLimit() const
{
    std::optional<Timestamp::Micros> upper = m_params.upper;
    if (m_params.filter.to && (!upper || *m_params.filter.to < *upper))
        upper = m_params.filter.to;
    return upper;
}

void RestWindowWalk::start()
{
    m_window = std::max<Timestamp::Micros>(1, m_params.initialWindow);
    if (m_params.direction == Direction::Older) {
        m_edge = m_params.includeFrom ? m_params.from + 1 : m_params.from;
        if (const auto upper = upperLimit(); upper && *upper < m_edge)
            m_edge = *upper;
    } else {
        m_edge = m_params.includeFrom ? m_params.from : m_params.from + 1;
        if (const auto lower = lowerLimit(); lower && *lower > m_edge)
            m_edge = *lower;
    }
    requestWindow();
}

void RestWindowWalk::requestWindow()
{
    const auto lower = lowerLimit();
    const auto upper = upperLimit();
    if (m_params.direction == Direction::Older) {
        if (lower && m_edge <= *lower) {
            finish(true);
            return;
        }
        m_windowEnd = m_edge;
        m_windowStart = m_edge - m_window;
        if (lower && m_windowStart < *lower)
            m_windowStart = *lower;
    } else {
        if (upper && m_edge >= *upper) {
            finish(true);
            return;
        }
        m_windowStart = m_edge;
        m_windowEnd = m_edge + m_window;
        if (upper && m_windowEnd > *upper)
            m_windowEnd = *upper;
    }
    RestClient::Query query = filterQuery(m_params.filter);
    addRange(query, m_windowStart, m_windowEnd);
    query.append({QStringLiteral("limit"), QString::number(ApiRowCap)});
    m_call = RestAuditLog::get(
        m_client, query,
        [this](std::optional<RestCodec::AuditLogPage> page, const SourceError &error) {
            m_call = 0;
            if (page)
                onWindow(std::move(*page));
            else
                fail(error);
        });
}

void RestWindowWalk::onWindow(RestCodec::AuditLogPage page)
{
    const Timestamp::Micros width = m_windowEnd - m_windowStart;
    if (page.total > page.entries.size()) {
        // Capped: the window was too wide to come back whole. Narrow it to
        // what fits and ask again; a single microsecond holding more than
        // the cap cannot be listed exactly through this API.
        if (width <= 1) {
            fail({SourceError::Kind::BadData,
                  tr("More than %1 entries share the instant %2; the API cannot list them all.")
                      .arg(ApiRowCap)
                      .arg(Timestamp::toIsoUtc(m_windowStart))});
            return;
        }
        m_window =
            std::max<Timestamp::Micros>(1, width * MaxWindowRows / (page.total + 1) * 9 / 10);
        requestWindow();
        return;
    }
    for (const AuditEntry &e : std::as_const(page.entries)) {
        if (e.createdAt < m_windowStart || e.createdAt >= m_windowEnd) {
            fail({SourceError::Kind::BadData,
                  tr("The server answered with entry %1 from outside the dates asked for.")
                      .arg(e.id)});
            return;
        }
    }
    QList<AuditEntry> rows = page.entries;
    if (m_params.direction == Direction::Older)
        std::sort(rows.begin(), rows.end(),
                  [](const AuditEntry &a, const AuditEntry &b) { return keyLess(b, a); });
    else
        std::sort(rows.begin(), rows.end(), keyLess);
    for (AuditEntry &e : rows) {
        if (!m_params.keep || m_params.keep(e))
            m_rows.append(std::move(e));
    }
    m_edge = m_params.direction == Direction::Older ? m_windowStart : m_windowEnd;
    if (m_rows.size() >= m_params.need) {
        finish(false);
        return;
    }
    if (page.total > 0) {
        // Aim the next window at what is still needed, from the density seen.
        const qint64 wanted =
            std::clamp<qint64>((m_params.need - m_rows.size()) * 5 / 4 + 16, 32, MaxWindowRows);
        const double density = double(page.total) / double(std::max<Timestamp::Micros>(1, width));
        m_window = std::clamp<Timestamp::Micros>(Timestamp::Micros(double(wanted) / density), 1,
                                                 MaxWindow);
        requestWindow();
    } else if (m_params.direction == Direction::Older) {
        probeOlder();
    } else {
        m_window = std::min(MaxWindow, m_window * 8);
        requestWindow();
    }
}

void RestWindowWalk::probeOlder()
{
    // Nothing in this window: ask for the newest row below it, then go on
    // from there, so an empty year costs one request, not a hundred.
    RestClient::Query query = filterQuery(m_params.filter);
    addRange(query, lowerLimit(), m_edge);
    query.append({QStringLiteral("limit"), QStringLiteral("1")});
    m_call = RestAuditLog::get(
        m_client, query,
        [this](std::optional<RestCodec::AuditLogPage> page, const SourceError &error) {
            m_call = 0;
            if (!page) {
                fail(error);
                return;
            }
            if (page->entries.isEmpty()) {
                finish(true);
                return;
            }
            const Timestamp::Micros newest = page->entries.first().createdAt;
            if (newest >= m_edge) {
                fail({SourceError::Kind::BadData,
                      tr("The server answered with entry %1 from outside the "
                         "dates asked for.")
                          .arg(page->entries.first().id)});
                return;
            }
            m_edge = newest + 1;
            requestWindow();
        });
}

void RestWindowWalk::finish(bool exhausted)
{
    Result result;
    result.rows = std::move(m_rows);
    result.exhausted = exhausted;
    result.window = m_window;
    const Done done = std::move(m_done);
    m_done = nullptr;
    if (done)
        done(std::move(result), {});
}

void RestWindowWalk::fail(const SourceError &error)
{
    const Done done = std::move(m_done);
    m_done = nullptr;
    if (done)
        done(std::nullopt, error);
}

void RestWindowWalk::abort()
{
    m_done = nullptr;
    if (m_call)
        m_client->abort(m_call);
    m_call = 0;
}
