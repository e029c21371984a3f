#include "restrangereader.h"

#include "restauditlog.h"
#include "restcodec.h"
#include "restwindowwalk.h"

#include <QCoreApplication>

#include <algorithm>

namespace {

constexpr qint64 TargetRows = 900; // under the API's cap of 1,000
constexpr Timestamp::Micros MaxWindow = 100LL * 365 * Timestamp::MicrosPerDay;

} // namespace

RestRangeReader::RestRangeReader(RestClient *client, Params params, Rows rows, Done done,
                                 QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_params(std::move(params))
    , m_rows(std::move(rows))
    , m_done(std::move(done))
{}

RestRangeReader::~RestRangeReader()
{
    abort();
}

void RestRangeReader::start()
{
    m_window = std::max<Timestamp::Micros>(1, m_params.initialWindow);
    m_upper = m_params.filter.to ? std::min(*m_params.filter.to, m_params.upper) : m_params.upper;
    if (m_params.filter.from) {
        begin(*m_params.filter.from);
        return;
    }
    // Without a start, the oldest row is the start: the API lists newest
    // first, so its offset finds it, once. Newest first, the windows do not
    // wait for it: they walk down from the top meanwhile (not below the
    // epoch until it is known), and the walk ends there once it is.
    if (newestFirst()) {
        m_lowerKnown = false;
        begin(0);
    }
    if (m_params.total) {
        findOldest(*m_params.total);
        return;
    }
    RestClient::Query q = RestWindowWalk::filterQuery(m_params.filter);
    RestWindowWalk::addRange(q, std::nullopt, m_upper);
    q.append({QStringLiteral("limit"), QStringLiteral("1")});
    m_probe = RestAuditLog::get(
        m_client, q, [this](std::optional<RestCodec::AuditLogPage> page, const SourceError &error) {
            m_probe = 0;
            if (page)
                findOldest(page->total);
            else
                fail(error);
        });
}

void RestRangeReader::findOldest(qint64 total)
{
    if (total <= 0) {
        found(m_upper);
        return;
    }
    RestClient::Query q = RestWindowWalk::filterQuery(m_params.filter);
    RestWindowWalk::addRange(q, std::nullopt, m_upper);
    q.append({QStringLiteral("limit"), QStringLiteral("1")});
    q.append({QStringLiteral("offset"), QString::number(total - 1)});
    m_probe = RestAuditLog::get(
        m_client, q,
        [this, total](std::optional<RestCodec::AuditLogPage> oldest, const SourceError &error) {
            m_probe = 0;
            if (!oldest) {
                fail(error);
                return;
            }
            if (oldest->entries.isEmpty()) {
                // Rows went away since they were counted: again with the
                // count this answer brings (none left: nothing to read).
                if (oldest->total > 0 && oldest->total < total)
                    findOldest(oldest->total);
                else
                    found(m_upper);
                return;
            }
            // The rows and their span give the first windows' size, unless
            // windows already answered.
            const Timestamp::Micros lower = oldest->entries.first().createdAt;
            if (!m_answered) {
                const double density =
                    double(total) / double(std::max<Timestamp::Micros>(1, m_upper - lower));
                m_window = std::clamp<Timestamp::Micros>(Timestamp::Micros(TargetRows / density), 1,
                                                         MaxWindow);
            }
            found(lower);
        });
}

void RestRangeReader::found(Timestamp::Micros lower)
{
    if (m_finished)
        return;
    if (m_lowerKnown) { // oldest first: the walk starts there
        begin(lower);
        return;
    }
    m_lower = std::min(lower, m_upper);
    m_lowerKnown = true;
    fill();
}

void RestRangeReader::begin(Timestamp::Micros lower)
{
    m_lower = std::min(lower, m_upper);
    m_edge = newestFirst() ? m_upper : m_lower;
    fill();
}

void RestRangeReader::fill()
{
    while (!m_finished && m_windows.size() < m_params.inFlight && !walkedOut()) {
        Window w;
        if (newestFirst()) {
            w.end = m_edge;
            w.start = std::max(m_lower, m_edge - m_window);
            m_edge = w.start;
        } else {
            w.start = m_edge;
            w.end = m_upper - m_edge > m_window ? m_edge + m_window : m_upper;
            m_edge = w.end;
        }
        m_windows.append(w);
        ask(m_windows.size() - 1);
    }
    if (!m_finished && m_windows.isEmpty() && walkedOut() && m_lowerKnown) {
        m_finished = true;
        const Done done = std::move(m_done);
        m_done = nullptr;
        if (done)
            done(std::nullopt);
    }
}

void RestRangeReader::ask(qsizetype index)
{
    const Window &w = m_windows.at(index);
    RestClient::Query q = RestWindowWalk::filterQuery(m_params.filter);
    RestWindowWalk::addRange(q, w.start, w.end);
    q.append({QStringLiteral("limit"), QStringLiteral("1000")});
    const Timestamp::Micros start = w.start;
    m_windows[index].call = RestAuditLog::get(
        m_client, q,
        [this, start](std::optional<RestCodec::AuditLogPage> page, const SourceError &error) {
            if (page)
                answered(start, std::move(*page));
            else
                fail(error);
        });
}

void RestRangeReader::sortRows(QList<AuditEntry> &rows) const
{
    const auto older = [](const AuditEntry &a, const AuditEntry &b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
    };
    if (newestFirst())
        std::sort(rows.begin(), rows.end(),
                  [&older](const AuditEntry &a, const AuditEntry &b) { return older(b, a); });
    else
        std::sort(rows.begin(), rows.end(), older);
}

qsizetype RestRangeReader::indexOf(Timestamp::Micros start) const
{
    for (qsizetype i = 0; i < m_windows.size(); ++i) {
        if (m_windows.at(i).start == start)
            return i;
    }
    return -1;
}

void RestRangeReader::answered(Timestamp::Micros start, RestCodec::AuditLogPage page)
{
    const qsizetype i = indexOf(start);
    if (i < 0 || m_finished)
        return;
    Window &w = m_windows[i];
    w.call = 0;
    m_answered = true;
    const Timestamp::Micros width = w.end - w.start;
    // Size the next windows from the density this one showed.
    if (page.total > 0) {
        const double density = double(page.total) / double(std::max<Timestamp::Micros>(1, width));
        m_window =
            std::clamp<Timestamp::Micros>(Timestamp::Micros(TargetRows / density), 1, MaxWindow);
    } else {
        m_window = std::min(MaxWindow, m_window * 4);
    }
    if (page.total > page.entries.size()) {
        // Capped: the answer holds the window's newest rows by created_at
        // (ties in any order), so every row newer than its oldest instant is
        // there. Those make a complete window; only the rest, up to and
        // including that instant, is asked for again (no row is fetched
        // twice but the few at that instant).
        Timestamp::Micros oldest = w.end;
        for (const AuditEntry &e : std::as_const(page.entries))
            oldest = std::min(oldest, e.createdAt);
        QList<AuditEntry> newer;
        newer.reserve(page.entries.size());
        for (AuditEntry &e : page.entries) {
            if (e.createdAt > oldest && e.createdAt < w.end)
                newer.append(std::move(e));
        }
        if (!newer.isEmpty() && oldest >= w.start) {
            sortRows(newer);
            const Window whole{oldest + 1, w.end, 0, true, std::move(newer)};
            const Window rest{w.start, oldest + 1, 0, false, {}};
            m_windows[i] = newestFirst() ? whole : rest;
            m_windows.insert(i + 1, newestFirst() ? rest : whole);
            ask(newestFirst() ? i + 1 : i);
            deliver();
            return;
        }
        // Every row at one instant: split in two and ask again for both.
        if (width <= 1) {
            fail({SourceError::Kind::BadData,
                  tr("More than 1,000 entries share the instant %1; the API cannot list them all.")
                      .arg(Timestamp::toIsoUtc(w.start))});
            return;
        }
        const Timestamp::Micros mid = w.start + width / 2;
        const Window newerHalf{mid, w.end, 0, false, {}};
        const Window olderHalf{w.start, mid, 0, false, {}};
        m_windows[i] = newestFirst() ? newerHalf : olderHalf;
        m_windows.insert(i + 1, newestFirst() ? olderHalf : newerHalf);
        ask(i);
        ask(i + 1);
        return;
    }
    w.rows = std::move(page.entries);
    sortRows(w.rows);
    w.complete = true;
    deliver();
}

void RestRangeReader::deliver()
{
    while (!m_windows.isEmpty() && m_windows.first().complete) {
        QList<AuditEntry> rows = std::move(m_windows.first().rows);
        m_windows.removeFirst();
        if (!rows.isEmpty() && !m_rows(std::move(rows))) {
            // The consumer has all it wants.
            if (m_probe)
                m_client->abort(m_probe);
            m_probe = 0;
            m_lowerKnown = true;
            m_edge = newestFirst() ? m_lower : m_upper;
            for (const Window &w : std::as_const(m_windows))
                m_client->abort(w.call);
            m_windows.clear();
            break;
        }
    }
    fill();
}

void RestRangeReader::fail(const SourceError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_probe)
        m_client->abort(m_probe);
    m_probe = 0;
    for (const Window &w : std::as_const(m_windows)) {
        if (w.call)
            m_client->abort(w.call);
    }
    m_windows.clear();
    const Done done = std::move(m_done);
    m_done = nullptr;
    if (done)
        done(error);
}

void RestRangeReader::abort()
{
    m_finished = true;
    m_done = nullptr;
    if (m_probe)
        m_client->abort(m_probe);
    for (const Window &w : std::as_const(m_windows)) {
        if (w.call)
            m_client->abort(w.call);
    }
    m_windows.clear();
}
