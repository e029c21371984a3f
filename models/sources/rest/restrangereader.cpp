#include "restrangereader.h"

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
    // first, so its offset finds it, once.
    RestClient::Query q = RestWindowWalk::filterQuery(m_params.filter);
    RestWindowWalk::addRange(q, std::nullopt, m_upper);
    q.append({QStringLiteral("limit"), QStringLiteral("1")});
    m_probe = m_client->get(
        QStringLiteral("/sellers/audit-log"), q,
        [this, q](std::optional<QByteArray> body, const SourceError &error) {
            m_probe = 0;
            QString why;
            const auto page = body ? RestCodec::auditLog(*body, &why) : std::nullopt;
            if (!page) {
                fail(body ? SourceError{SourceError::Kind::BadData, why} : error);
                return;
            }
            if (page->total == 0) {
                begin(m_upper);
                return;
            }
            RestClient::Query last = q;
            last.append({QStringLiteral("offset"), QString::number(page->total - 1)});
            const qint64 total = page->total;
            m_probe = m_client->get(
                QStringLiteral("/sellers/audit-log"), last,
                [this, total](std::optional<QByteArray> body, const SourceError &error) {
                    m_probe = 0;
                    QString why;
                    const auto oldest = body ? RestCodec::auditLog(*body, &why) : std::nullopt;
                    if (!oldest) {
                        fail(body ? SourceError{SourceError::Kind::BadData, why} : error);
                        return;
                    }
                    if (oldest->entries.isEmpty()) {
                        begin(m_upper);
                        return;
                    }
                    // The rows and their span give the first windows' size.
                    const Timestamp::Micros lower = oldest->entries.first().createdAt;
                    const double density =
                        double(total) / double(std::max<Timestamp::Micros>(1, m_upper - lower));
                    m_window = std::clamp<Timestamp::Micros>(
                        Timestamp::Micros(TargetRows / density), 1, MaxWindow);
                    begin(lower);
                });
        });
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
    if (!m_finished && m_windows.isEmpty() && walkedOut()) {
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
    m_windows[index].call =
        m_client->get(QStringLiteral("/sellers/audit-log"), q,
                      [this, start](std::optional<QByteArray> body, const SourceError &error) {
                          if (body)
                              answered(start, *body);
                          else
                              fail(error);
                      });
}

qsizetype RestRangeReader::indexOf(Timestamp::Micros start) const
{
    for (qsizetype i = 0; i < m_windows.size(); ++i) {
        if (m_windows.at(i).start == start)
            return i;
    }
    return -1;
}

void RestRangeReader::answered(Timestamp::Micros start, const QByteArray &body)
{
    const qsizetype i = indexOf(start);
    if (i < 0 || m_finished)
        return;
    QString why;
    auto page = RestCodec::auditLog(body, &why);
    if (!page) {
        fail({SourceError::Kind::BadData, why});
        return;
    }
    Window &w = m_windows[i];
    w.call = 0;
    const Timestamp::Micros width = w.end - w.start;
    // Size the next windows from the density this one showed.
    if (page->total > 0) {
        const double density = double(page->total) / double(std::max<Timestamp::Micros>(1, width));
        m_window =
            std::clamp<Timestamp::Micros>(Timestamp::Micros(TargetRows / density), 1, MaxWindow);
    } else {
        m_window = std::min(MaxWindow, m_window * 4);
    }
    if (page->total > page->entries.size()) {
        // Capped: split in two and ask again for both, in walk order.
        if (width <= 1) {
            fail({SourceError::Kind::BadData,
                  tr("More than 1,000 entries share the instant %1; the API cannot list them all.")
                      .arg(Timestamp::toIsoUtc(w.start))});
            return;
        }
        const Timestamp::Micros mid = w.start + width / 2;
        const Window newer{mid, w.end, 0, false, {}};
        const Window older{w.start, mid, 0, false, {}};
        m_windows[i] = newestFirst() ? newer : older;
        m_windows.insert(i + 1, newestFirst() ? older : newer);
        ask(i);
        ask(i + 1);
        return;
    }
    w.rows = std::move(page->entries);
    const auto older = [](const AuditEntry &a, const AuditEntry &b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
    };
    if (newestFirst())
        std::sort(w.rows.begin(), w.rows.end(),
                  [&older](const AuditEntry &a, const AuditEntry &b) { return older(b, a); });
    else
        std::sort(w.rows.begin(), w.rows.end(), older);
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
