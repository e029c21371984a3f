// REST benchmark: the client's own cost for a 1000-row page, the cost per
// page of walking the log by cursor (flat from start to end), and reading a
// large range through the windowed walk against plain offset paging of the
// same API. Runs against the contract server over the Postgres database
// sh-bench-postgres built (1M rows), and a canned local server for the
// client-only figures. Prints Markdown.
//
//   sh-bench-rest --pg postgresql://postgres@127.0.0.1:PORT/postgres
//                 [--database sh_bench_1000000_100000_1] [--rows N] [--reps N]
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
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>

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
    auto api = ContractServer::start(dbUrl.toString(), &error);
    if (!api) {
        say(error);
        return 2;
    }
    const QByteArray token = api->tokenFor(Admin, 24 * 3600);
    const int reps = parser.value(QStringLiteral("reps")).toInt();

    out() << "## REST benchmark\n\n- date: "
          << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << "\n- machine: " << machine()
          << "\n- server: the contract server (Python 3, FastAPI, uvicorn) over "
          << "Postgres database " << db.database << ", on the same machine\n";

    // 1. The client's own cost for a 1000-row page: a canned answer from a
    // local server that does no work, so nearly all the time is the client's.
    QNetworkAccessManager network;
    QUrl pageUrl = api->url();
    pageUrl.setPath(QStringLiteral("/sellers/audit-log"));
    pageUrl.setQuery(QStringLiteral("limit=1000"));
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
    {
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
    }
    out() << "\n### A 1000-row page: the client's time (" << body.size() / 1024
          << " KiB of JSON)\n\n"
          << "| measure | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|\n"
          << row(QStringLiteral("parse and check 1000 entries (RestCodec)"), summarise(parse), 2)
          << "\n"
          << row(QStringLiteral("request + parse through RestClient, canned local server"),
                 summarise(total), 2)
          << "\n"
          << row(QStringLiteral("the same request, raw QNetworkAccessManager, no parsing"),
                 summarise(raw), 2)
          << "\n";

    // 2. Walking the log by cursor, 1000-row pages, through the real API.
    RestConnectionSpec spec;
    spec.baseUrl = api->url();
    spec.token = token;
    spec.timeoutMs = 120'000;
    RestSource source(spec);
    PageRequest request;
    request.pageSize = 1000;
    auto first = await<PageResult>(source, source.requestPage(request), &HistorySource::pageReady);
    if (!first)
        return 2;
    request.snapshot = first->snapshot;
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
    const auto mean = [](const QList<double> &v) {
        double s = 0;
        for (double x : v)
            s += x;
        return s / std::max<qsizetype>(1, v.size());
    };
    out() << "\n### Walking " << walked << " rows by cursor (1000-row pages)\n\n"
          << "| pages | mean ms per page |\n|---|---:|\n"
          << "| pages 2–6 | " << QString::number(mean(pageMs.mid(0, 5)), 'f', 1) << " |\n"
          << "| pages 17–21 | " << QString::number(mean(pageMs.mid(15, 5)), 'f', 1) << " |\n";

    // 3. A large range: the windowed walk against plain offset paging.
    CountRequest countRequest;
    countRequest.snapshot = request.snapshot;
    auto counts =
        await<CountResult>(source, source.requestCounts(countRequest), &HistorySource::countsReady);
    const qint64 all = counts ? counts->totalFor({}) : 0;
    qint64 target = parser.value(QStringLiteral("rows")).toLongLong();
    if (target <= 0 || target > all)
        target = all;
    say(QStringLiteral("reading %1 rows by pages…").arg(target));
    QElapsedTimer windowed;
    windowed.start();
    request.anchor = PageAnchor::First;
    qint64 read = 0;
    std::optional<PageResult> current =
        await<PageResult>(source, source.requestPage(request), &HistorySource::pageReady);
    while (current) {
        read += current->entries.size();
        if (read >= target || current->atEnd)
            break;
        request.anchor = PageAnchor::After;
        request.cursor = current->lastCursor();
        current = await<PageResult>(source, source.requestPage(request), &HistorySource::pageReady);
    }
    const double windowedSeconds = windowed.nsecsElapsed() / 1e9;

    // The export reader: the same windows, one or several in flight.
    struct RangeRun
    {
        int inFlight;
        qint64 rows;
        double seconds;
    };
    QList<RangeRun> rangeRuns;
    for (int inFlight : {1, 4}) {
        say(QStringLiteral("reading %1 rows with %2 windows in flight…").arg(target).arg(inFlight));
        qint64 rangeRead = 0;
        QElapsedTimer rangeTimer;
        rangeTimer.start();
        RestClient client(spec);
        RestRangeReader::Params params;
        params.upper = *request.snapshot + 1;
        params.inFlight = inFlight;
        params.initialWindow = Timestamp::MicrosPerHour * 6;
        QEventLoop loop;
        RestRangeReader reader(
            &client, params,
            [&](QList<AuditEntry> rows) {
                rangeRead += rows.size();
                return rangeRead < target;
            },
            [&](std::optional<SourceError> e) {
                if (e)
                    say(e->message);
                loop.quit();
            });
        reader.start();
        loop.exec();
        rangeRuns.append({inFlight, rangeRead, rangeTimer.nsecsElapsed() / 1e9});
    }
    say(QStringLiteral("reading %1 rows by offset…").arg(target));
    QElapsedTimer offsetTimer;
    offsetTimer.start();
    qint64 offsetRead = 0;
    for (qint64 offset = 0; offset < target; offset += 1000) {
        QUrl url = api->url();
        url.setPath(QStringLiteral("/sellers/audit-log"));
        url.setQuery(QStringLiteral("limit=1000&offset=%1").arg(offset));
        QString why;
        const auto p = RestCodec::auditLog(get(network, url, token), &why);
        if (!p) {
            say(why);
            return 2;
        }
        offsetRead += p->entries.size();
    }
    const double offsetSeconds = offsetTimer.nsecsElapsed() / 1e9;
    out() << "\n### Reading " << target << " rows: windows against offset paging\n\n"
          << "| method | rows | seconds | rows/s |\n|---|---:|---:|---:|\n"
          << "| page by page by cursor (the window's paging) | " << read << " | "
          << QString::number(windowedSeconds, 'f', 1) << " | " << qint64(read / windowedSeconds)
          << " |\n"
          << "| plain offset paging, limit 1000 | " << offsetRead << " | "
          << QString::number(offsetSeconds, 'f', 1) << " | " << qint64(offsetRead / offsetSeconds)
          << " |\n";
    for (const RangeRun &run : std::as_const(rangeRuns)) {
        out() << "| export reader, " << run.inFlight << " window(s) in flight | " << run.rows
              << " | " << QString::number(run.seconds, 'f', 1) << " | "
              << qint64(run.rows / run.seconds) << " |\n";
    }
    out() << "\nSpeed-up over offset paging: "
          << QString::number(offsetSeconds / windowedSeconds, 'f', 1) << "× page by page";
    for (const RangeRun &run : std::as_const(rangeRuns))
        out() << ", " << QString::number(offsetSeconds / run.seconds, 'f', 1) << "× with "
              << run.inFlight << " in flight";
    out() << "\n";
    out().flush();
    return 0;
}
