// REST benchmark: the client's own cost for a 1000-row page, the cost per
// page of walking the log by cursor (flat from start to end), and reading a
// large range through the windowed walk against plain offset paging of the
// same API. Runs against the contract server over the Postgres database
// sh-bench-postgres built (1M rows), and a canned local server for the
// client-only figures. Prints Markdown.
//
//   sh-bench-rest --pg postgresql://postgres@127.0.0.1:PORT/postgres
//                 [--database sh_bench_1000000_100000_1] [--rows N] [--reps N]
//                 [--only client,walk,cursor,range,file,offset] [--in-flight 1,4] [--rounds N]
//                 [--workers N] [--api URL --jwt-secret SECRET]
//
// --api uses a contract server started elsewhere (e.g. with --workers) on
// the same database instead of starting one; --rounds repeats the range
// comparison, alternating the methods, so that both see the same load.
#include "benchreport.h"
#include "contractserver.h"
#include "faultserver.h"
#include "restclient.h"
#include "restcodec.h"
#include "restrangereader.h"
#include "restsource.h"
#include "sqliteschema.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>

namespace {

const QString MainOrg = QString::fromLatin1(SqliteSchema::DefaultOrgId);
const QString Admin = QStringLiteral("00000000-0000-4000-8000-00000000be00");

using namespace BenchReport;

// Waits for one answer of a HistorySource request (a benchmark may block).
template<typename Result, typename Signal>
std::optional<Result> await(HistorySource &source, HistorySource::RequestId id, Signal ready)
{
    std::optional<Result> result;
    QEventLoop loop;
    QObject::connect(&source, ready, &loop, [&](HistorySource::RequestId got, const Result &r) {
        if (got == id) {
            result = r;
            loop.quit();
        }
    });
    QObject::connect(&source, &HistorySource::failed, &loop,
                     [&](HistorySource::RequestId got, const SourceError &e) {
                         if (got == id) {
                             say(e.message);
                             loop.quit();
                         }
                     });
    loop.exec();
    return result;
}

QByteArray get(QNetworkAccessManager &network, const QUrl &url, const QByteArray &token)
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply = network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("pg"), QStringLiteral("Postgres server URL (a superuser)."),
         QStringLiteral("URL")},
        {QStringLiteral("database"),
         QStringLiteral("The benchmark database (from sh-bench-postgres)."), QStringLiteral("NAME"),
         QStringLiteral("sh_bench_1000000_100000_1")},
        {QStringLiteral("rows"),
         QStringLiteral("Rows to read in the range comparison (default: all)."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("reps"), QStringLiteral("Samples for the client-only figures."),
         QStringLiteral("N"), QStringLiteral("50")},
        {QStringLiteral("only"),
         QStringLiteral("Parts to run, of client, walk, cursor, range (the export reader), file "
                        "(the app's CSV export), offset."),
         QStringLiteral("LIST"), QStringLiteral("client,walk,cursor,range,file,offset")},
        {QStringLiteral("in-flight"), QStringLiteral("Windows in flight for the export reader."),
         QStringLiteral("LIST"), QStringLiteral("1,4")},
        {QStringLiteral("rounds"),
         QStringLiteral("Times the range comparison runs, methods alternating."),
         QStringLiteral("N"), QStringLiteral("1")},
        {QStringLiteral("workers"),
         QStringLiteral("Worker processes of the contract server it starts (default 1)."),
         QStringLiteral("N"), QStringLiteral("1")},
        {QStringLiteral("api"),
         QStringLiteral("A running contract server on the same database (default: start one)."),
         QStringLiteral("URL")},
        {QStringLiteral("jwt-secret"), QStringLiteral("The --api server's JWT secret."),
         QStringLiteral("SECRET")},
    });
    parser.process(app);
    QString error;
    auto server = SqlConnectionSpec::parse(parser.value(QStringLiteral("pg")), &error);
    if (!server) {
        say(error);
        return 1;
    }
    SqlConnectionSpec db = *server;
    db.database = parser.value(QStringLiteral("database"));
    db.statementTimeoutMs = 0;
    SourceError sourceError;
    {
        QSqlDatabase conn = db.open(QStringLiteral("setup"), false, &sourceError);
        if (!conn.isOpen()) {
            say(sourceError.message + QStringLiteral(" (run sh-bench-postgres first)"));
            return 2;
        }
        QSqlQuery q(conn);
        // An admin of the browsed org for the API to act as.
        q.exec(QStringLiteral("INSERT INTO auth.users (id) VALUES ('%1') ON CONFLICT DO NOTHING")
                   .arg(Admin));
        q.exec(QStringLiteral(
                   "INSERT INTO memberships (user_id, org_id, role, status) VALUES ('%1', '%2', "
                   "'admin', 'active') ON CONFLICT DO NOTHING")
                   .arg(Admin, MainOrg));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("setup"));
    QUrl dbUrl;
    dbUrl.setScheme(QStringLiteral("postgresql"));
    dbUrl.setUserName(db.user);
    dbUrl.setHost(db.host);
    dbUrl.setPort(db.port);
    dbUrl.setPath(u'/' + db.database);
    const auto list = [&parser](const char *name) {
        return parser.value(QString::fromLatin1(name)).split(u',', Qt::SkipEmptyParts);
    };
    const QStringList only = list("only");
    const auto runs = [&only](const char *part) { return only.contains(QLatin1String(part)); };
    std::unique_ptr<ContractServer> started;
    QUrl apiUrl;
    QByteArray token;
    if (parser.isSet(QStringLiteral("api"))) {
        apiUrl = QUrl(parser.value(QStringLiteral("api")));
        token = ContractServer::token(Admin, 24 * 3600, parser.value(QStringLiteral("jwt-secret")));
    } else {
        // ContractServer passes its environment on to the server.
        qputenv("UPSTREAM_API_WORKERS", parser.value(QStringLiteral("workers")).toLatin1());
        started = ContractServer::start(dbUrl.toString(), &error);
        if (!started) {
            say(error);
            return 2;
        }
        apiUrl = started->url();
        token = started->tokenFor(Admin, 24 * 3600);
    }
    const int reps = parser.value(QStringLiteral("reps")).toInt();

    out() << "## REST benchmark\n\n- date: "
          << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << "\n- machine: " << machine()
          << "\n- server: the contract server (Python 3, FastAPI, uvicorn) at " << apiUrl.toString()
          << " over Postgres database " << db.database << ", on the same machine";
    if (started)
        out() << ", " << parser.value(QStringLiteral("workers")) << " worker process(es)";
    out() << "\n";

    // 1. The client's own cost for a 1000-row page: a canned answer from a
    // local server that does no work, so nearly all the time is the client's.
    QNetworkAccessManager network;
    QUrl pageUrl = apiUrl;
    pageUrl.setPath(QStringLiteral("/sellers/audit-log"));
    pageUrl.setQuery(QStringLiteral("limit=1000"));
    if (runs("client")) {
        const QByteArray body = get(network, pageUrl, token);
        FaultServer canned;
        canned.respond("GET", QStringLiteral("/"), FaultServer::Reply::json(200, body));
        QList<double> parse, total, raw;
        for (int i = -2; i < reps; ++i) {
            QElapsedTimer t;
            t.start();
            QString why;
            const auto page = RestCodec::auditLog(body, &why);
            if (!page || page->entries.size() != 1000) {
                say(QStringLiteral("the page did not parse: ") + why);
                return 2;
            }
            if (i >= 0)
                parse << t.nsecsElapsed() / 1e6;
        }
        RestConnectionSpec spec;
        spec.baseUrl = canned.url();
        spec.token = token;
        RestClient client(spec);
        for (int i = -2; i < reps; ++i) {
            QElapsedTimer t;
            t.start();
            QEventLoop loop;
            std::optional<QByteArray> got;
            client.get(QStringLiteral("/sellers/audit-log"),
                       {{QStringLiteral("limit"), QStringLiteral("1000")}},
                       [&](std::optional<QByteArray> b, const SourceError &) {
                           got = b;
                           QString why;
                           RestCodec::auditLog(*got, &why);
                           loop.quit();
                       });
            loop.exec();
            if (i >= 0)
                total << t.nsecsElapsed() / 1e6;
            QElapsedTimer r;
            r.start();
            get(network, canned.url(), token);
            if (i >= 0)
                raw << r.nsecsElapsed() / 1e6;
        }
        out() << "\n### A 1000-row page: the client's time (" << body.size() / 1024
              << " KiB of JSON)\n\n"
              << "| measure | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|\n"
              << row(QStringLiteral("parse and check 1000 entries (RestCodec)"), summarise(parse),
                     2)
              << "\n"
              << row(QStringLiteral("request + parse through RestClient, canned local server"),
                     summarise(total), 2)
              << "\n"
              << row(QStringLiteral("the same request, raw QNetworkAccessManager, no parsing"),
                     summarise(raw), 2)
              << "\n";
    }

    // 2. Walking the log by cursor, 1000-row pages, through the real API.
    RestConnectionSpec spec;
    spec.baseUrl = apiUrl;
    spec.token = token;
    spec.timeoutMs = 120'000;
    RestSource source(spec);
    PageRequest request;
    request.pageSize = 1000;
    auto first = await<PageResult>(source, source.requestPage(request), &HistorySource::pageReady);
    if (!first)
        return 2;
    request.snapshot = first->snapshot;
    const auto mean = [](const QList<double> &v) {
        double s = 0;
        for (double x : v)
            s += x;
        return s / std::max<qsizetype>(1, v.size());
    };
    if (runs("walk")) {
        QList<double> pageMs;
        qint64 walked = first->entries.size();
        PageResult page = *first;
        for (int i = 0; i < 20 && !page.atEnd; ++i) {
            request.anchor = PageAnchor::After;
            request.cursor = page.lastCursor();
            QElapsedTimer t;
            t.start();
            auto next =
                await<PageResult>(source, source.requestPage(request), &HistorySource::pageReady);
            if (!next)
                return 2;
            pageMs << t.nsecsElapsed() / 1e6;
            walked += next->entries.size();
            page = *next;
        }
        out() << "\n### Walking " << walked << " rows by cursor (1000-row pages)\n\n"
              << "| pages | mean ms per page |\n|---|---:|\n"
              << "| pages 2–6 | " << QString::number(mean(pageMs.mid(0, 5)), 'f', 1) << " |\n"
              << "| pages 17–21 | " << QString::number(mean(pageMs.mid(15, 5)), 'f', 1) << " |\n";
    }

    // 3. A large range: the windowed walk against plain offset paging.
    CountRequest countRequest;
    countRequest.snapshot = request.snapshot;
    auto counts =
        await<CountResult>(source, source.requestCounts(countRequest), &HistorySource::countsReady);
    const qint64 all = counts ? counts->totalFor({}) : 0;
    qint64 target = parser.value(QStringLiteral("rows")).toLongLong();
    if (target <= 0 || target > all)
        target = all;

    struct Run
    {
        QString method;
        qint64 rows;
        double seconds;
    };
    QList<Run> results;
    const auto cursorRun = [&]() -> std::optional<Run> {
        say(QStringLiteral("reading %1 rows by pages…").arg(target));
        QElapsedTimer timer;
        timer.start();
        PageRequest walk = request;
        walk.anchor = PageAnchor::First;
        walk.cursor = {};
        qint64 read = 0;
        std::optional<PageResult> current =
            await<PageResult>(source, source.requestPage(walk), &HistorySource::pageReady);
        while (current) {
            read += current->entries.size();
            if (read >= target || current->atEnd)
                break;
            walk.anchor = PageAnchor::After;
            walk.cursor = current->lastCursor();
            current =
                await<PageResult>(source, source.requestPage(walk), &HistorySource::pageReady);
        }
        return Run{QStringLiteral("page by page by cursor (the window's paging)"), read,
                   timer.nsecsElapsed() / 1e9};
    };
    // The export reader: the same windows, one or several in flight.
    const auto rangeRun = [&](int inFlight) -> std::optional<Run> {
        say(QStringLiteral("reading %1 rows with %2 windows in flight…").arg(target).arg(inFlight));
        qint64 read = 0;
        QElapsedTimer timer;
        timer.start();
        RestClient client(spec);
        RestRangeReader::Params params;
        params.upper = *request.snapshot + 1;
        params.inFlight = inFlight;
        params.initialWindow = Timestamp::MicrosPerHour * 6;
        QEventLoop loop;
        bool ok = true;
        RestRangeReader reader(
            &client, params,
            [&](QList<AuditEntry> rows) {
                read += rows.size();
                return read < target;
            },
            [&](std::optional<SourceError> e) {
                if (e) {
                    say(e->message);
                    ok = false;
                }
                loop.quit();
            });
        reader.start();
        loop.exec();
        if (!ok)
            return std::nullopt;
        return Run{QStringLiteral("export reader, %1 window(s) in flight").arg(inFlight), read,
                   timer.nsecsElapsed() / 1e9};
    };
    // The app's own export: RestSource's exporter (the export reader, four
    // windows in flight) writing the CSV file.
    QTemporaryDir exportDir;
    const auto fileRun = [&]() -> std::optional<Run> {
        say(QStringLiteral("exporting %1 rows to a CSV file…").arg(all));
        ExportRequest exportRequest;
        exportRequest.scope = ExportRequest::Scope::History;
        exportRequest.path = exportDir.filePath(QStringLiteral("history.csv"));
        exportRequest.zoneId = QStringLiteral("UTC");
        QElapsedTimer timer;
        timer.start();
        const auto result = await<ExportResult>(source, source.requestExport(exportRequest),
                                                &HistorySource::exportDone);
        if (!result)
            return std::nullopt;
        const double seconds = timer.nsecsElapsed() / 1e9;
        QFile::remove(result->path);
        return Run{QStringLiteral("CSV export through RestSource (reader + file)"), result->rows,
                   seconds};
    };
    const auto offsetRun = [&]() -> std::optional<Run> {
        say(QStringLiteral("reading %1 rows by offset…").arg(target));
        QElapsedTimer timer;
        timer.start();
        qint64 read = 0;
        for (qint64 offset = 0; offset < target; offset += 1000) {
            QUrl url = apiUrl;
            url.setPath(QStringLiteral("/sellers/audit-log"));
            url.setQuery(QStringLiteral("limit=1000&offset=%1").arg(offset));
            QString why;
            const auto p = RestCodec::auditLog(get(network, url, token), &why);
            if (!p) {
                say(why);
                return std::nullopt;
            }
            read += p->entries.size();
        }
        return Run{QStringLiteral("plain offset paging of the same API, limit 1000"), read,
                   timer.nsecsElapsed() / 1e9};
    };

    QList<std::function<std::optional<Run>()>> methods;
    if (runs("cursor"))
        methods.append(cursorRun);
    if (runs("range")) {
        for (const QString &n : list("in-flight"))
            methods.append([&rangeRun, n] { return rangeRun(n.toInt()); });
    }
    if (runs("file"))
        methods.append(fileRun);
    const bool offsetToo = runs("offset");
    const int rounds = std::max(1, parser.value(QStringLiteral("rounds")).toInt());
    for (int round = 0; round < rounds && (offsetToo || !methods.isEmpty()); ++round) {
        // The offset run first in every other round: neither method always
        // runs on a machine warmed (or loaded) by the other.
        QList<std::function<std::optional<Run>()>> order = methods;
        if (offsetToo) {
            if (round % 2)
                order.prepend(offsetRun);
            else
                order.append(offsetRun);
        }
        for (const auto &method : std::as_const(order)) {
            const auto run = method();
            if (!run)
                return 2;
            say(QStringLiteral("  %1: %2 s").arg(run->method).arg(run->seconds, 0, 'f', 1));
            results.append(*run);
        }
    }
    if (results.isEmpty()) {
        out().flush();
        return 0;
    }
    out() << "\n### Reading " << target << " rows: windows against offset paging (" << rounds
          << " round(s))\n\n"
          << "| method | rows | seconds | rows/s |\n|---|---:|---:|---:|\n";
    for (const Run &run : std::as_const(results))
        out() << "| " << run.method << " | " << run.rows << " | "
              << QString::number(run.seconds, 'f', 1) << " | " << qint64(run.rows / run.seconds)
              << " |\n";
    // Speed-ups within each round (both methods under the same load), the
    // round's offset paging time over each method's.
    const QString offsetMethod = QStringLiteral("plain offset paging of the same API, limit 1000");
    for (int round = 0; round < rounds; ++round) {
        const qsizetype per = results.size() / rounds;
        const QList<Run> these = results.mid(round * per, per);
        double offsetSeconds = 0;
        for (const Run &run : these) {
            if (run.method == offsetMethod)
                offsetSeconds = run.seconds;
        }
        if (offsetSeconds <= 0)
            continue;
        out() << "\nRound " << round + 1 << ", speed-up over offset paging:";
        bool first = true;
        for (const Run &run : these) {
            if (run.method == offsetMethod)
                continue;
            out() << (first ? " " : "; ") << run.method << " "
                  << QString::number(offsetSeconds / run.seconds, 'f', 1) << "×";
            first = false;
        }
        out() << "\n";
    }
    out().flush();
    return 0;
}
