#include "resthistoryreader.h"

#include "restauditlog.h"
#include "restwindowwalk.h"

#include <QCoreApplication>

#include <algorithm>
#include <memory>

namespace {

using Walk = RestWindowWalk;
using Micros = Timestamp::Micros;

// The jobs below are plain QObjects: their own message() would translate in the
// context "QObject".
QString message(const char *text)
{
    return QCoreApplication::translate("RestHistoryReader", text);
}

bool keyLess(const AuditEntry &a, const PageCursor &c)
{
    return a.createdAt != c.createdAt ? a.createdAt < c.createdAt : a.id < c.id;
}

bool keyGreater(const AuditEntry &a, const PageCursor &c)
{
    return a.createdAt != c.createdAt ? a.createdAt > c.createdAt : a.id > c.id;
}

SourceError noSearch()
{
    return {SourceError::Kind::BadRequest,
            message("The REST API cannot search; search a direct (Postgres) source instead.")};
}

} // namespace

// A chain of API calls and window walks for one request. Owns whatever is
// in flight and drops it when destroyed (cancelled or finished).
class RestJob : public QObject
{
public:
    RestJob(RestHistoryReader *reader, RestHistoryReader::JobId id)
        : m_reader(reader)
        , m_id(id)
    {}
    ~RestJob() override
    {
        if (m_call)
            m_reader->client()->abort(m_call);
        for (RestClient::CallId call : std::as_const(m_parallel))
            m_reader->client()->abort(call);
    }

protected:
    using LogNext = std::function<void(const RestCodec::AuditLogPage &)>;

    // One GET /sellers/audit-log, parsed; a failure ends the job.
    void getLog(RestClient::Query query, LogNext next)
    {
        m_call = RestAuditLog::get(
            m_reader->client(), query,
            [this, next = std::move(next)](std::optional<RestCodec::AuditLogPage> page,
                                           const SourceError &error) {
                m_call = 0;
                if (page)
                    next(*page);
                else
                    fail(error);
            });
    }

    // How many rows of the filter lie in [from, to): the API's exact total.
    void countRange(const HistoryFilter &filter, std::optional<Micros> from,
                    std::optional<Micros> to, std::function<void(qint64)> next)
    {
        RestClient::Query q = Walk::filterQuery(filter);
        Walk::addRange(q, from, to);
        q.append({QStringLiteral("limit"), QStringLiteral("1")});
        getLog(q, [next = std::move(next)](const RestCodec::AuditLogPage &p) { next(p.total); });
    }

    // Every row of the filter created exactly at `t`, in (created_at, id) order.
    void tiesAt(const HistoryFilter &filter, Micros t, std::function<void(QList<AuditEntry>)> next)
    {
        RestClient::Query q = Walk::filterQuery(filter);
        Walk::addRange(q, t, t + 1);
        q.append({QStringLiteral("limit"), QStringLiteral("1000")});
        getLog(q, [this, next = std::move(next)](const RestCodec::AuditLogPage &p) {
            if (p.total > p.entries.size()) {
                fail({SourceError::Kind::BadData,
                      message("More than 1,000 entries share one instant; the API cannot list them "
                              "all.")});
                return;
            }
            QList<AuditEntry> ties = p.entries;
            std::sort(ties.begin(), ties.end(),
                      [](const AuditEntry &a, const AuditEntry &b) { return a.id < b.id; });
            next(ties);
        });
    }

    void walk(Walk::Params params, std::function<void(Walk::Result)> next)
    {
        params.initialWindow = m_reader->windowHint();
        // A walk may start the next one from its own callback: the finished
        // walk goes when control has left it.
        if (m_walk)
            m_walk.release()->deleteLater();
        m_walk = std::make_unique<Walk>(
            m_reader->client(), std::move(params),
            [this, next = std::move(next)](std::optional<Walk::Result> result,
                                           const SourceError &error) {
                if (!result) {
                    fail(error);
                    return;
                }
                m_reader->setWindowHint(result->window);
                next(std::move(*result));
            });
        m_walk->start();
    }

    virtual void fail(const SourceError &error) = 0;

    RestHistoryReader *m_reader;
    RestHistoryReader::JobId m_id;
    RestClient::CallId m_call = 0;
    QList<RestClient::CallId> m_parallel;
    std::unique_ptr<Walk> m_walk;
};

class RestPageJob : public RestJob
{
public:
    RestPageJob(RestHistoryReader *reader, RestHistoryReader::JobId id, PageRequest request,
                RestHistoryReader::PageDone done)
        : RestJob(reader, id)
        , m_r(std::move(request))
        , m_done(std::move(done))
    {
        m_r.pageSize = std::max(1, m_r.pageSize);
    }

    void start()
    {
        if (!m_r.filter.search.trimmed().isEmpty()) {
            fail(noSearch());
            return;
        }
        if (!m_r.filter.hasValidRange()) {
            fail({SourceError::Kind::BadRequest,
                  message("The end of the date range is before its start.")});
            return;
        }
        if (m_r.snapshot) {
            dispatch(*m_r.snapshot);
            return;
        }
        // The newest entry's time is the snapshot: what arrives later stays
        // out of this browse until a refresh (the server's clock, not ours).
        getLog({{QStringLiteral("limit"), QStringLiteral("1")}},
               [this](const RestCodec::AuditLogPage &p) {
                   dispatch(p.entries.isEmpty() ? Timestamp::now() : p.entries.first().createdAt);
               });
    }

private:
    bool newestFirst() const { return m_r.filter.order == SortOrder::NewestFirst; }
    Walk::Direction forward() const
    {
        return newestFirst() ? Walk::Direction::Older : Walk::Direction::Newer;
    }
    Walk::Direction backward() const
    {
        return newestFirst() ? Walk::Direction::Newer : Walk::Direction::Older;
    }
    // Rows beyond / before a key in display order.
    std::function<bool(const AuditEntry &)> beyond(const PageCursor &c,
                                                   bool inclusive = false) const
    {
        const bool desc = newestFirst();
        return [c, desc, inclusive](const AuditEntry &e) {
            const bool same = e.createdAt == c.createdAt && e.id == c.id;
            return (inclusive && same) || (desc ? keyLess(e, c) : keyGreater(e, c));
        };
    }
    std::function<bool(const AuditEntry &)> before(const PageCursor &c) const
    {
        const bool desc = newestFirst();
        return [c, desc](const AuditEntry &e) { return desc ? keyGreater(e, c) : keyLess(e, c); };
    }

    Walk::Params params(Walk::Direction direction, Micros from, bool includeFrom, int need) const
    {
        Walk::Params p;
        p.filter = m_r.filter;
        p.direction = direction;
        p.from = from;
        p.includeFrom = includeFrom;
        p.upper = m_upper;
        p.need = need;
        return p;
    }

    void dispatch(Micros snapshot)
    {
        m_result.snapshot = snapshot;
        m_upper = snapshot + 1;
        switch (m_r.anchor) {
        case PageAnchor::First:
            first();
            break;
        case PageAnchor::Last:
            last();
            break;
        case PageAnchor::After:
            after();
            break;
        case PageAnchor::Before:
            before();
            break;
        case PageAnchor::Offset:
            atOffset();
            break;
        case PageAnchor::AtTime:
            atTime();
            break;
        }
    }

    std::optional<Micros> rangeEnd() const
    {
        return m_r.filter.to && *m_r.filter.to < m_upper ? m_r.filter.to
                                                         : std::optional<Micros>(m_upper);
    }

    // The oldest row's instant (nullopt: no rows at all). The API lists
    // newest first only, so this is its offset query, once.
    void oldestInstant(std::function<void(std::optional<Micros>)> next)
    {
        if (m_r.filter.from) {
            next(m_r.filter.from);
            return;
        }
        countRange(m_r.filter, std::nullopt, rangeEnd(), [this, next](qint64 total) {
            if (total == 0) {
                next(std::nullopt);
                return;
            }
            RestClient::Query q = Walk::filterQuery(m_r.filter);
            Walk::addRange(q, std::nullopt, rangeEnd());
            q.append({QStringLiteral("limit"), QStringLiteral("1")});
            q.append({QStringLiteral("offset"), QString::number(total - 1)});
            getLog(q, [next](const RestCodec::AuditLogPage &p) {
                next(p.entries.isEmpty() ? std::nullopt
                                         : std::optional<Micros>(p.entries.first().createdAt));
            });
        });
    }

    void first()
    {
        const auto take = [this](Walk::Result r) {
            m_result.atEnd = r.rows.size() <= m_r.pageSize;
            r.rows.resize(std::min<qsizetype>(r.rows.size(), m_r.pageSize));
            m_result.entries = std::move(r.rows);
            m_result.atStart = true;
            m_result.offset = 0;
            if (m_result.atEnd)
                m_result.total = m_result.entries.size();
            succeed();
        };
        if (newestFirst()) {
            walk(params(Walk::Direction::Older, m_upper, false, m_r.pageSize + 1), take);
            return;
        }
        oldestInstant([this, take](std::optional<Micros> oldest) {
            if (!oldest) {
                take({});
                return;
            }
            walk(params(Walk::Direction::Newer, *oldest, true, m_r.pageSize + 1), take);
        });
    }

    void after()
    {
        Walk::Params p = params(forward(), m_r.cursor.createdAt, true, m_r.pageSize + 1);
        p.keep = beyond(m_r.cursor);
        walk(p, [this](Walk::Result r) {
            m_result.atEnd = r.rows.size() <= m_r.pageSize;
            r.rows.resize(std::min<qsizetype>(r.rows.size(), m_r.pageSize));
            m_result.entries = std::move(r.rows);
            m_result.atStart = false;
            succeed();
        });
    }

    void before()
    {
        Walk::Params p = params(backward(), m_r.cursor.createdAt, true, m_r.pageSize + 1);
        p.keep = before(m_r.cursor);
        walk(p, [this](Walk::Result r) {
            if (r.rows.size() < m_r.pageSize) {
                first(); // not a full page before: realign on the start
                return;
            }
            m_result.atStart = r.rows.size() == m_r.pageSize;
            r.rows.resize(m_r.pageSize);
            std::reverse(r.rows.begin(), r.rows.end());
            m_result.entries = std::move(r.rows);
            m_result.atEnd = false;
            if (m_result.atStart)
                m_result.offset = 0;
            succeed();
        });
    }

    void withTotal(std::function<void(qint64)> next)
    {
        if (m_r.knownTotal >= 0) {
            next(m_r.knownTotal);
            return;
        }
        countRange(m_r.filter, m_r.filter.from, rangeEnd(), std::move(next));
    }

    void last()
    {
        withTotal([this](qint64 total) {
            m_result.total = total;
            const int onLast =
                total == 0 ? 0
                           : int(total % m_r.pageSize == 0 ? m_r.pageSize : total % m_r.pageSize);
            const auto take = [this, total](Walk::Result r) {
                std::reverse(r.rows.begin(), r.rows.end());
                m_result.entries = std::move(r.rows);
                m_result.offset = total - m_result.entries.size();
                m_result.atEnd = true;
                m_result.atStart = m_result.offset <= 0;
                succeed();
            };
            if (onLast == 0) {
                take({});
                return;
            }
            if (!newestFirst()) {
                walk(params(Walk::Direction::Older, m_upper, false, onLast),
                     [take, onLast](Walk::Result r) {
                         r.rows.resize(std::min<qsizetype>(r.rows.size(), onLast));
                         take(std::move(r));
                     });
                return;
            }
            oldestInstant([this, take, onLast](std::optional<Micros> oldest) {
                if (!oldest) {
                    take({});
                    return;
                }
                walk(params(Walk::Direction::Newer, *oldest, true, onLast),
                     [take, onLast](Walk::Result r) {
                         r.rows.resize(std::min<qsizetype>(r.rows.size(), onLast));
                         take(std::move(r));
                     });
            });
        });
    }

    void atTime()
    {
        const Micros split = m_r.time;
        const bool desc = newestFirst();
        // Newest first shows rows created before the split; oldest first from it on.
        walk(params(forward(), split, !desc, m_r.pageSize + 1),
             [this, split, desc](Walk::Result r) {
                 if (r.rows.isEmpty()) {
                     m_r.knownTotal = -1;
                     last(); // nothing past the split: the far end
                     return;
                 }
                 m_result.atEnd = r.rows.size() <= m_r.pageSize;
                 r.rows.resize(std::min<qsizetype>(r.rows.size(), m_r.pageSize));
                 m_result.entries = std::move(r.rows);
                 // Anything on the other side of the split?
                 const auto other = desc ? std::pair{std::optional<Micros>(split), rangeEnd()}
                                         : std::pair{m_r.filter.from, std::optional<Micros>(split)};
                 countRange(m_r.filter, other.first, other.second, [this](qint64 n) {
                     m_result.atStart = n == 0;
                     if (m_result.atStart)
                         m_result.offset = 0;
                     succeed();
                 });
             });
    }

    void atOffset()
    {
        const qint64 n = std::max<qint64>(0, m_r.offset);
        if (n == 0) {
            first();
            return;
        }
        withTotal([this, n](qint64 total) {
            if (n >= total) {
                m_r.knownTotal = total;
                last();
                return;
            }
            // The API's offset counts in its own (created_at DESC) order.
            const qint64 descPosition = newestFirst() ? n : total - 1 - n;
            keyAt(descPosition, [this, n, total](std::optional<PageCursor> key) {
                if (!key) {
                    m_r.knownTotal = -1;
                    last();
                    return;
                }
                Walk::Params p = params(forward(), key->createdAt, true, m_r.pageSize + 1);
                p.keep = beyond(*key, true);
                walk(p, [this, n, total](Walk::Result r) {
                    m_result.atEnd = r.rows.size() <= m_r.pageSize;
                    r.rows.resize(std::min<qsizetype>(r.rows.size(), m_r.pageSize));
                    m_result.entries = std::move(r.rows);
                    m_result.offset = n;
                    m_result.atStart = false;
                    m_result.total = total;
                    succeed();
                });
            });
        });
    }

    // The key of the row at `position` in (created_at DESC, id DESC) order:
    // the API tells the instant there (its own order agrees on instants),
    // how many rows are newer, and every row at that instant.
    void keyAt(qint64 position, std::function<void(std::optional<PageCursor>)> next)
    {
        RestClient::Query q = Walk::filterQuery(m_r.filter);
        Walk::addRange(q, m_r.filter.from, rangeEnd());
        q.append({QStringLiteral("limit"), QStringLiteral("1")});
        q.append({QStringLiteral("offset"), QString::number(position)});
        getLog(q, [this, position, next](const RestCodec::AuditLogPage &p) {
            if (p.entries.isEmpty()) {
                next(std::nullopt);
                return;
            }
            const Micros u = p.entries.first().createdAt;
            countRange(m_r.filter, u + 1, rangeEnd(), [this, u, position, next](qint64 newer) {
                tiesAt(m_r.filter, u, [this, u, position, newer, next](QList<AuditEntry> ties) {
                    std::reverse(ties.begin(), ties.end()); // id DESC
                    const qint64 k = position - newer;
                    if (k < 0 || k >= ties.size()) {
                        fail({SourceError::Kind::BadData,
                              message("The log changed while this page was being found; refresh "
                                      "and try again.")});
                        return;
                    }
                    next(PageCursor{u, ties.at(k).id});
                });
            });
        });
    }

    void succeed()
    {
        const auto done = std::move(m_done);
        m_done = nullptr;
        const auto result = m_result;
        RestHistoryReader *reader = m_reader;
        const auto id = m_id;
        reader->finished(id); // deletes this job (later)
        if (done)
            done(result, {});
    }

    void fail(const SourceError &error) override
    {
        const auto done = std::move(m_done);
        m_done = nullptr;
        RestHistoryReader *reader = m_reader;
        reader->finished(m_id);
        if (done)
            done(std::nullopt, error);
    }

    PageRequest m_r;
    RestHistoryReader::PageDone m_done;
    PageResult m_result;
    Micros m_upper = 0;
};

class RestCountJob : public RestJob
{
public:
    RestCountJob(RestHistoryReader *reader, RestHistoryReader::JobId id, CountRequest request,
                 RestHistoryReader::CountsDone done)
        : RestJob(reader, id)
        , m_r(std::move(request))
        , m_done(std::move(done))
    {}

    void start()
    {
        if (!m_r.filter.search.trimmed().isEmpty()) {
            fail(noSearch());
            return;
        }
        const std::optional<Micros> to =
            m_r.snapshot && (!m_r.filter.to || *m_r.snapshot + 1 < *m_r.filter.to)
                ? std::optional<Micros>(*m_r.snapshot + 1)
                : m_r.filter.to;
        if (m_r.kind == CountKind::RowsBefore) {
            rowsBefore(to);
            return;
        }
        // One exact count per action, all at once.
        m_pending = ActionCount;
        for (Action a : ActionInfo::list()) {
            HistoryFilter one = m_r.filter;
            one.actions = a;
            RestClient::Query q = RestWindowWalk::filterQuery(one);
            RestWindowWalk::addRange(q, m_r.filter.from, to);
            q.append({QStringLiteral("limit"), QStringLiteral("1")});
            m_parallel << RestAuditLog::get(
                m_reader->client(), q,
                [this, a](std::optional<RestCodec::AuditLogPage> page, const SourceError &error) {
                    if (!page) {
                        fail(error);
                        return;
                    }
                    m_result.perAction[size_t(a)] = page->total;
                    if (--m_pending == 0)
                        succeed();
                });
        }
    }

private:
    void rowsBefore(std::optional<Micros> to)
    {
        const PageCursor c = m_r.cursor;
        const bool desc = m_r.filter.order == SortOrder::NewestFirst;
        const std::optional<Micros> from =
            desc ? std::optional<Micros>(c.createdAt + 1) : m_r.filter.from;
        const std::optional<Micros> until = desc ? to : std::optional<Micros>(c.createdAt);
        countRange(m_r.filter, from, until, [this, c, desc](qint64 strictly) {
            tiesAt(m_r.filter, c.createdAt, [this, c, desc, strictly](QList<AuditEntry> ties) {
                qint64 n = strictly;
                for (const AuditEntry &e : std::as_const(ties))
                    n += desc ? (e.id > c.id) : (e.id < c.id);
                m_result.rowsBefore = n;
                succeed();
            });
        });
    }

    void succeed()
    {
        const auto done = std::move(m_done);
        m_done = nullptr;
        m_parallel.clear();
        const auto result = m_result;
        m_reader->finished(m_id);
        if (done)
            done(result, {});
    }

    void fail(const SourceError &error) override
    {
        const auto done = std::move(m_done);
        m_done = nullptr;
        m_reader->finished(m_id); // aborts the other counts still running
        if (done)
            done(std::nullopt, error);
    }

    CountRequest m_r;
    RestHistoryReader::CountsDone m_done;
    CountResult m_result;
    int m_pending = 0;
};

RestHistoryReader::RestHistoryReader(RestClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

RestHistoryReader::~RestHistoryReader()
{
    qDeleteAll(m_jobs);
}

RestHistoryReader::JobId RestHistoryReader::add(QObject *job)
{
    const JobId id = m_next++;
    m_jobs.insert(id, job);
    return id;
}

void RestHistoryReader::finished(JobId id)
{
    // Deleted later: the job is still on the stack that reports it.
    if (QObject *job = m_jobs.take(id))
        job->deleteLater();
}

void RestHistoryReader::cancel(JobId id)
{
    delete m_jobs.take(id);
}

RestHistoryReader::JobId RestHistoryReader::page(const PageRequest &request, PageDone done)
{
    const JobId id = m_next;
    auto *job = new RestPageJob(this, id, request, std::move(done));
    add(job);
    job->start();
    return id;
}

RestHistoryReader::JobId RestHistoryReader::counts(const CountRequest &request, CountsDone done)
{
    const JobId id = m_next;
    auto *job = new RestCountJob(this, id, request, std::move(done));
    add(job);
    job->start();
    return id;
}

RestHistoryReader::JobId RestHistoryReader::entrySellers(const QString &entryId, SellersDone done)
{
    const JobId id = m_next++;
    m_client->get(
        QStringLiteral("/sellers/audit-log/%1/sellers").arg(entryId), {},
        [done = std::move(done)](std::optional<QByteArray> body, const SourceError &error) {
            if (!body) {
                done(std::nullopt, error);
                return;
            }
            QString why;
            auto sellers = RestCodec::entrySellers(*body, &why);
            if (!sellers)
                done(std::nullopt, {SourceError::Kind::BadData, why});
            else
                done(sellers, {});
        });
    return id;
}
