#include "restexporter.h"

#include "exportfile.h"
#include "restauditlog.h"
#include "restclient.h"
#include "restcodec.h"
#include "restrangereader.h"
#include "restsellers.h"
#include "restwindowwalk.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <algorithm>

namespace {

// The job below is a plain QObject: its own tr() would translate in the
// context "QObject".
QString message(const char *text)
{
    return QCoreApplication::translate("RestExporter", text);
}

// Progress is reported at most this often.
constexpr qint64 ProgressIntervalMs = 200;
// Windows of the history asked for at once, and the rows each should hold.
constexpr int WindowsInFlight = 4;
constexpr qint64 TargetWindowRows = 900;
// Sellers written between two turns of the event loop.
constexpr qsizetype SellerSlice = 5000;

} // namespace

// One export: its file, and the reads that feed it. Deleting it aborts the
// reads and leaves no file.
class RestExportJob : public QObject
{
public:
    RestExportJob(RestExporter *owner, quint64 id, const ExportRequest &request,
                  RestExporter::Stop stop, RestExporter::Progress progress, RestExporter::Done done)
        : m_owner(owner)
        , m_id(id)
        , m_request(request)
        , m_file(request)
        , m_stop(std::move(stop))
        , m_progress(std::move(progress))
        , m_done(std::move(done))
    {}

    ~RestExportJob() override
    {
        if (m_probe)
            m_owner->m_reads->abort(m_probe);
    }

    void start()
    {
        SourceError error;
        if (!m_file.open(&error)) {
            fail(error);
            return;
        }
        m_sinceProgress.start();
        if (m_request.scope == ExportRequest::Scope::Sellers)
            readSellers();
        else
            readHistory();
    }

private:
    bool selection() const { return !m_request.ids.isEmpty(); }
    bool stopped() const { return m_stop && m_stop->load(std::memory_order_relaxed); }

    void readHistory()
    {
        HistoryFilter filter = m_request.history;
        if (selection()) {
            filter.search.clear(); // the ids decide
            for (const QString &id : std::as_const(m_request.ids))
                m_wanted.insert(id.toLower());
        } else if (!filter.search.trimmed().isEmpty()) {
            fail({SourceError::Kind::BadRequest,
                  message("The REST API cannot search; export from a direct (Postgres) source "
                          "to export a search.")});
            return;
        }
        if (!filter.hasValidRange()) {
            fail({SourceError::Kind::BadRequest,
                  message("The end of the date range is before its start.")});
            return;
        }
        // The snapshot: the newest row of the filter now. Rows written while
        // the export runs stay out of it, whichever end it starts from.
        RestClient::Query query = RestWindowWalk::filterQuery(filter);
        RestWindowWalk::addRange(query, filter.from, filter.to);
        query.append({QStringLiteral("limit"), QStringLiteral("1")});
        m_probe = RestAuditLog::get(
            m_owner->m_reads, query,
            [this, filter](std::optional<RestCodec::AuditLogPage> page, const SourceError &error) {
                m_probe = 0;
                if (!page) {
                    fail(error);
                    return;
                }
                if (page->entries.isEmpty()) {
                    complete();
                    return;
                }
                readRange(filter, page->entries.first().createdAt + 1, page->total);
            });
    }

    void readRange(const HistoryFilter &filter, Timestamp::Micros upper, qint64 total)
    {
        RestRangeReader::Params params;
        params.filter = filter;
        params.upper = upper;
        params.inFlight = WindowsInFlight;
        params.total = total;
        if (filter.from && upper > *filter.from) {
            // The first windows sized from the density of the whole range
            // (without a start, the reader finds the oldest row and does so).
            params.initialWindow = std::clamp<Timestamp::Micros>(
                Timestamp::Micros(double(upper - *filter.from) * TargetWindowRows / double(total)),
                1, Timestamp::MicrosPerDay * 366);
        }
        m_reader = std::make_unique<RestRangeReader>(
            m_owner->m_reads, params, [this](QList<AuditEntry> rows) { return take(rows); },
            [this](std::optional<SourceError> error) { walked(error); });
        m_reader->start();
    }

    // One window's rows, in the filter's order; false stops the read.
    bool take(const QList<AuditEntry> &rows)
    {
        if (stopped())
            return false;
        if (selection()) {
            for (const AuditEntry &e : rows) {
                if (m_wanted.contains(e.id))
                    m_found.insert(e.id, e);
            }
            return m_found.size() < m_wanted.size();
        }
        for (const AuditEntry &e : rows) {
            if (!m_file.add(e, &m_writeError)) {
                m_writeFailed = true;
                return false;
            }
        }
        reportProgress();
        return true;
    }

    void walked(const std::optional<SourceError> &error)
    {
        if (error) {
            fail(*error);
            return;
        }
        if (m_writeFailed) {
            fail(m_writeError);
            return;
        }
        if (selection()) {
            SourceError writeError;
            for (const QString &id : std::as_const(m_request.ids)) {
                const auto it = m_found.constFind(id.toLower());
                if (it != m_found.constEnd() && !m_file.add(*it, &writeError)) {
                    fail(writeError);
                    return;
                }
            }
        }
        complete();
    }

    void readSellers()
    {
        QPointer<RestExportJob> self(this);
        m_owner->m_sellers->select(
            m_request.sellers, m_request.ids,
            [self](std::optional<QList<Seller>> sellers, const SourceError &error) {
                if (!self)
                    return; // cancelled meanwhile
                if (!sellers) {
                    self->fail(error);
                    return;
                }
                self->m_sellerList = std::move(*sellers);
                self->writeSellers(0);
            });
    }

    void writeSellers(qsizetype from)
    {
        if (stopped()) {
            drop();
            return;
        }
        const qsizetype end = std::min(m_sellerList.size(), from + SellerSlice);
        for (qsizetype i = from; i < end; ++i) {
            SourceError error;
            if (!m_file.add(m_sellerList.at(i), &error)) {
                fail(error);
                return;
            }
        }
        if (end == m_sellerList.size()) {
            m_sellerList.clear();
            complete();
            return;
        }
        reportProgress();
        QTimer::singleShot(0, this, [this, end] { writeSellers(end); });
    }

    void reportProgress()
    {
        if (m_sinceProgress.elapsed() < ProgressIntervalMs)
            return;
        m_progress(m_file.progress());
        m_sinceProgress.restart();
    }

    void complete()
    {
        if (stopped()) {
            drop();
            return;
        }
        SourceError error;
        if (!m_file.commit(&error)) {
            fail(error);
            return;
        }
        m_progress(m_file.progress());
        const RestExporter::Done done = std::move(m_done);
        const ExportResult result = m_file.result();
        m_owner->finished(m_id);
        done(result, {});
    }

    void fail(const SourceError &error)
    {
        m_file.cancel();
        if (stopped()) {
            drop();
            return;
        }
        const RestExporter::Done done = std::move(m_done);
        m_owner->finished(m_id);
        done(std::nullopt, error);
    }

    // Stopped by its caller: no file, nothing reported.
    void drop()
    {
        m_file.cancel();
        m_owner->finished(m_id);
    }

    RestExporter *m_owner;
    quint64 m_id;
    ExportRequest m_request;
    ExportFile m_file;
    RestExporter::Stop m_stop;
    RestExporter::Progress m_progress;
    RestExporter::Done m_done;
    QElapsedTimer m_sinceProgress;
    RestClient::CallId m_probe = 0;
    std::unique_ptr<RestRangeReader> m_reader;
    bool m_writeFailed = false;
    SourceError m_writeError;
    // A history selection: the ids asked for (lower case) and the rows found.
    QSet<QString> m_wanted;
    QHash<QString, AuditEntry> m_found;
    QList<Seller> m_sellerList;
};

RestExporter::RestExporter(RestClient *reads, RestClient *writes, RestSellers *sellers,
                           QObject *parent)
    : QObject(parent)
    , m_reads(reads)
    , m_writes(writes)
    , m_sellers(sellers)
{}

RestExporter::~RestExporter()
{
    qDeleteAll(m_jobs);
}

void RestExporter::exportFile(quint64 id, const ExportRequest &request, Stop stop,
                              Progress progress, Done done)
{
    auto *job =
        new RestExportJob(this, id, request, std::move(stop), std::move(progress), std::move(done));
    m_jobs.insert(id, job);
    job->start();
}

void RestExporter::cancel(quint64 id)
{
    delete m_jobs.take(id);
}

void RestExporter::finished(quint64 id)
{
    // Deleted later: the job is still on the stack that reports it.
    if (RestExportJob *job = m_jobs.take(id))
        job->deleteLater();
}

void RestExporter::record(const ExportRecord &record, Recorded done)
{
    // {"seller_names":[...],"export_format":"csv"}, the names written from
    // their UTF-8 (no QJsonArray of hundreds of thousands of strings).
    const QByteArray format =
        QJsonDocument(QJsonArray{record.format}).toJson(QJsonDocument::Compact); // ["csv"]
    static constexpr char Key[] = "{\"seller_names\":";
    static constexpr char FormatKey[] = ",\"export_format\":";
    QByteArray body(qsizetype(sizeof Key - 1) + record.sellerNames.jsonArrayTextSize() +
                        qsizetype(sizeof FormatKey - 1) + format.size() - 2 + 1,
                    Qt::Uninitialized);
    char *p = std::copy(Key, Key + sizeof Key - 1, body.data());
    p = record.sellerNames.writeJsonArrayText(p);
    p = std::copy(FormatKey, FormatKey + sizeof FormatKey - 1, p);
    p = std::copy(format.cbegin() + 1, format.cend() - 1, p);
    *p++ = '}';
    Q_ASSERT(p == body.constData() + body.size());
    RestClient *client = m_writes;
    client->post(QStringLiteral("/sellers/log-export"), body,
                 [client, done](std::optional<QByteArray> answer, const SourceError &error) {
                     if (answer) {
                         // A 2xx: the row is written, whatever the body says.
                         done(std::nullopt);
                         return;
                     }
                     SourceError failure = error;
                     const int status = client->status();
                     // No answer, or a gateway's that gave up waiting for the
                     // service: the service may have written the row.
                     if (status == 0 || status == 502 || status == 504)
                         failure.message =
                             tr("The export record got no answer from %1, so it may or may not "
                                "have been written; look for it in the history before recording "
                                "it again. (%2)")
                                 .arg(client->spec().baseUrl.host(), error.message);
                     done(failure);
                 });
}
