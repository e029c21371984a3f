// Postgres paging benchmark at a million rows: generates the data
// reproducibly (the demo generator, copied into the upstream schema), then
// times every way of reaching a page through SqlHistoryReader, the code the
// app runs, with upstream's indexes only and with the optional index from
// packaging/sql/. Prints p50 / p95 / max in milliseconds as Markdown.
//
//   sh-bench-postgres --pg postgresql://postgres@127.0.0.1:PORT/postgres
//                     [--events N] [--sellers N] [--seed N] [--reps N]
//                     [--cache DIR] [--reload]
#include "benchreport.h"
#include "demodatagenerator.h"
#include "postgresloader.h"
#include "sqlhistoryreader.h"
#include "sqliteschema.h"
#include "sqlscript.h"
#include "testdatabase.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <functional>
#include <random>

namespace {

constexpr auto EndOfData = "2026-11-01T00:00:00Z"; // fixed, so the data is reproducible
const QString MainOrg = QString::fromLatin1(SqliteSchema::DefaultOrgId);
const QString SecondOrg = QString::fromLatin1(DemoDataGenerator::SecondOrgId);

using namespace BenchReport;

class Bench
{
public:
    Bench(int reps, qint64 total, quint64 seed)
        : m_reps(reps)
        , m_total(total)
        , m_random(seed)
    {}

    // Runs `step` (which must return true) reps times after two warm-ups.
    Stats measure(const std::function<bool(int)> &step)
    {
        QList<double> ms;
        for (int i = -2; i < m_reps; ++i) {
            QElapsedTimer t;
            t.start();
            if (!step(i)) {
                say(QStringLiteral("a benchmark step failed"));
                std::exit(2);
            }
            if (i >= 0)
                ms << double(t.nsecsElapsed()) / 1e6;
        }
        return summarise(ms);
    }

    qint64 randomOffset() { return qint64(m_random() % quint64(m_total)); }
    std::mt19937_64 &random() { return m_random; }
    qint64 total() const { return m_total; }
    int reps() const { return m_reps; }

private:
    int m_reps;
    qint64 m_total;
    std::mt19937_64 m_random;
};

bool exec(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        say(QStringLiteral("failed: %1: %2").arg(sql.left(120), q.lastError().text()));
        return false;
    }
    return true;
}

QString readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

// The scenarios, each as analysts meet them.
void runScenarios(const QString &title, SqlHistoryReader &reader, SqlHistoryReader &secondOrg,
                  Bench &bench, int pageSize)
{
    out() << "\n### " << title
          << "\n\n| scenario | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|\n";
    const Timestamp::Micros end = *Timestamp::parseIso(QString::fromLatin1(EndOfData));
    SourceError error;
    const auto page = [&](const PageRequest &r) {
        auto p = reader.page(r, &error);
        if (!p)
            say(error.message);
        return p.has_value() && !p->entries.isEmpty();
    };

    // First page after a filter change: a new snapshot each time, no count.
    QList<HistoryFilter> filters;
    filters << HistoryFilter{};
    HistoryFilter f;
    f.actions = Action::Flag;
    filters << f;
    f.actions = Actions(Action::Edit) | Action::Export;
    filters << f;
    f.actions = Actions(Action::Add) | Action::Remove | Action::Flag;
    filters << f;
    f = {};
    f.from = end - 30 * Timestamp::MicrosPerDay;
    filters << f;
    f.from = end - 7 * Timestamp::MicrosPerDay;
    f.actions = Action::Add;
    filters << f;
    f = {};
    f.order = SortOrder::OldestFirst;
    filters << f;
    out() << row(QStringLiteral("first page after a filter change (7 filters, rotating)"),
                 bench.measure([&](int i) {
                     PageRequest r;
                     r.filter = filters.at(qsizetype(std::abs(i)) % filters.size());
                     r.pageSize = pageSize;
                     return page(r);
                 }))
          << "\n";

    PageRequest snapshotProbe;
    snapshotProbe.pageSize = 1;
    const Timestamp::Micros snapshot = reader.page(snapshotProbe, &error)->snapshot;

    QList<PageCursor> cursors;
    for (int i = 0; i < bench.reps() + 2; ++i) {
        // Untimed set-up: the key of a random row, found by the reader itself.
        PageRequest r;
        r.pageSize = 1;
        r.snapshot = snapshot;
        r.anchor = PageAnchor::Offset;
        r.offset = bench.randomOffset();
        r.knownTotal = bench.total();
        cursors << reader.page(r, &error)->firstCursor();
    }
    out() << row(QStringLiteral("first page, the second (smaller) org"), bench.measure([&](int) {
        PageRequest r;
        r.pageSize = pageSize;
        return secondOrg.page(r, &error).has_value();
    })) << "\n";
    out() << row(QStringLiteral("next page at a random depth"), bench.measure([&](int i) {
        PageRequest r;
        r.pageSize = pageSize;
        r.snapshot = snapshot;
        r.anchor = PageAnchor::After;
        r.cursor = cursors.at(i + 2);
        return page(r);
    })) << "\n";
    out() << row(QStringLiteral("previous page at a random depth"), bench.measure([&](int i) {
        PageRequest r;
        r.pageSize = pageSize;
        r.snapshot = snapshot;
        r.anchor = PageAnchor::Before;
        r.cursor = cursors.at(i + 2);
        return page(r);
    })) << "\n";
    out() << row(QStringLiteral("last page (total known)"), bench.measure([&](int) {
        PageRequest r;
        r.pageSize = pageSize;
        r.snapshot = snapshot;
        r.anchor = PageAnchor::Last;
        r.knownTotal = bench.total();
        return page(r);
    })) << "\n";
    out() << row(QStringLiteral("last page, filtered to flag rows (total counted)"),
                 bench.measure([&](int) {
                     PageRequest r;
                     r.pageSize = pageSize;
                     r.snapshot = snapshot;
                     r.anchor = PageAnchor::Last;
                     r.filter.actions = Action::Flag;
                     return page(r);
                 }))
          << "\n";
    out() << row(QStringLiteral("go to date (random day)"), bench.measure([&](int) {
        PageRequest r;
        r.pageSize = pageSize;
        r.snapshot = snapshot;
        r.anchor = PageAnchor::AtTime;
        r.time = end - qint64(bench.random()() % 400) * Timestamp::MicrosPerDay;
        return page(r);
    })) << "\n";
    const qint64 page10k = 9999LL * pageSize;
    out() << row(QStringLiteral("jump to page 10,000 (offset %L1)").arg(page10k),
                 bench.measure([&](int) {
                     PageRequest r;
                     r.pageSize = pageSize;
                     r.snapshot = snapshot;
                     r.anchor = PageAnchor::Offset;
                     r.offset = page10k;
                     r.knownTotal = bench.total();
                     return page(r);
                 }))
          << "\n";
    out() << row(QStringLiteral("jump to a random page"), bench.measure([&](int) {
        PageRequest r;
        r.pageSize = pageSize;
        r.snapshot = snapshot;
        r.anchor = PageAnchor::Offset;
        r.offset = (bench.randomOffset() / pageSize) * pageSize;
        r.knownTotal = bench.total();
        return page(r);
    })) << "\n";
    out() << row(QStringLiteral("counts per action, whole org"), bench.measure([&](int) {
        CountRequest c;
        c.snapshot = snapshot;
        return reader.counts(c, &error).has_value();
    })) << "\n";
    CountResult lastEstimate;
    out() << row(QStringLiteral("counts per action, whole org, estimate first"),
                 bench.measure([&](int) {
                     CountRequest c;
                     c.snapshot = snapshot;
                     c.allowEstimate = true;
                     auto result = reader.counts(c, &error);
                     if (result)
                         lastEstimate = *result;
                     return result.has_value();
                 }))
          << "\n";
    out() << row(QStringLiteral("counts per action, last 30 days"), bench.measure([&](int) {
        CountRequest c;
        c.snapshot = snapshot;
        c.filter.from = end - 30 * Timestamp::MicrosPerDay;
        return reader.counts(c, &error).has_value();
    })) << "\n";
    CountRequest exactRequest;
    exactRequest.snapshot = snapshot;
    const auto exact = reader.counts(exactRequest, &error);
    out() << "\nThe estimate said " << lastEstimate.totalFor({}) << " rows ("
          << (lastEstimate.accuracy == CountAccuracy::Estimated ? "estimated" : "exact")
          << "); the exact count is " << (exact ? exact->totalFor({}) : -1) << ".\n";
    out().flush();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("pg"), QStringLiteral("Server URL (a superuser, e.g. postgres)."),
         QStringLiteral("URL")},
        {QStringLiteral("events"), QStringLiteral("Audit rows (default 1000000)."),
         QStringLiteral("N"), QStringLiteral("1000000")},
        {QStringLiteral("sellers"), QStringLiteral("Sellers (default 100000)."),
         QStringLiteral("N"), QStringLiteral("100000")},
        {QStringLiteral("seed"), QStringLiteral("Generator seed (default 1)."), QStringLiteral("N"),
         QStringLiteral("1")},
        {QStringLiteral("reps"), QStringLiteral("Samples per scenario (default 40)."),
         QStringLiteral("N"), QStringLiteral("40")},
        {QStringLiteral("page-size"), QStringLiteral("Rows per page (default 50)."),
         QStringLiteral("N"), QStringLiteral("50")},
        {QStringLiteral("cache"), QStringLiteral("Where the generated SQLite file is kept."),
         QStringLiteral("DIR"), QDir::tempPath() + QStringLiteral("/seller-history-bench")},
        {QStringLiteral("reload"),
         QStringLiteral("Rebuild the Postgres database even if it exists.")},
        {QStringLiteral("load-only"), QStringLiteral("Build the database, measure nothing.")},
    });
    parser.process(app);
    const int events = parser.value(QStringLiteral("events")).toInt();
    const int sellers = parser.value(QStringLiteral("sellers")).toInt();
    const quint64 seed = parser.value(QStringLiteral("seed")).toULongLong();
    const int reps = parser.value(QStringLiteral("reps")).toInt();
    const int pageSize = parser.value(QStringLiteral("page-size")).toInt();
    QString error;
    auto server = SqlConnectionSpec::parse(parser.value(QStringLiteral("pg")), &error);
    if (!server) {
        say(QStringLiteral("--pg: ") + error);
        return 1;
    }
    server->statementTimeoutMs = 0;

    // 1. The data, generated once and cached.
    QDir().mkpath(parser.value(QStringLiteral("cache")));
    const QString sqlite =
        QDir(parser.value(QStringLiteral("cache")))
            .filePath(QStringLiteral("bench-%1-%2-%3.sqlite").arg(events).arg(sellers).arg(seed));
    if (!QFile::exists(sqlite)) {
        say(QStringLiteral("generating %1 events, %2 sellers (seed %3)…")
                .arg(events)
                .arg(sellers)
                .arg(seed));
        DemoDataOptions o;
        o.events = events;
        o.sellers = sellers;
        o.seed = seed;
        o.end = *Timestamp::parseIso(QString::fromLatin1(EndOfData));
        if (!DemoDataGenerator::write(sqlite, o, &error)) {
            say(error);
            return 2;
        }
    }

    // 2. The Postgres database, loaded once.
    const QString dbName = QStringLiteral("sh_bench_%1_%2_%3").arg(events).arg(sellers).arg(seed);
    SourceError sourceError;
    {
        QSqlDatabase admin = server->open(QStringLiteral("admin"), false, &sourceError);
        if (!admin.isOpen()) {
            say(sourceError.message);
            return 2;
        }
        QSqlQuery q(admin);
        q.prepare(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"));
        q.addBindValue(dbName);
        const bool exists = q.exec() && q.next();
        if (!exists || parser.isSet(QStringLiteral("reload"))) {
            exec(admin, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(dbName));
            if (!exec(admin, QStringLiteral("CREATE DATABASE %1").arg(dbName)))
                return 2;
            SqlConnectionSpec own = *server;
            own.database = dbName;
            QSqlDatabase load = own.open(QStringLiteral("load"), false, &sourceError);
            if (!SqlScript::run(load, readFile(TestDatabase::upstreamSchemaPath()), &error)) {
                say(error);
                return 2;
            }
            QElapsedTimer t;
            t.start();
            if (!PostgresLoader::copyFromSqlite(sqlite, load, &error, say)) {
                say(error);
                return 2;
            }
            // A long-lived upstream table is vacuumed and analysed by
            // autovacuum; a freshly loaded one is not, and until its pages are
            // marked all-visible Postgres plans bitmap heap scans instead of
            // index-only ones. Freeze it so every run measures the steady state.
            exec(load, QStringLiteral("VACUUM (FREEZE, ANALYZE)"));
            say(QStringLiteral("loaded and vacuumed in %1 s").arg(t.elapsed() / 1000.0, 0, 'f', 1));
            load.close();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("admin"));
    QSqlDatabase::removeDatabase(QStringLiteral("load"));
    if (parser.isSet(QStringLiteral("load-only")))
        return 0;

    SqlConnectionSpec spec = *server;
    spec.database = dbName;
    spec.orgId = MainOrg;
    spec.statementTimeoutMs = 0;
    QSqlDatabase maintenance = spec.open(QStringLiteral("maintenance"), false, &sourceError);
    QSqlDatabase browse = spec.open(QStringLiteral("browse"), true, &sourceError);
    if (!browse.isOpen()) {
        say(sourceError.message);
        return 2;
    }
    QSqlQuery count(maintenance);
    count.exec(QStringLiteral("SELECT (SELECT count(*) FROM seller_audit_log), (SELECT count(*) "
                              "FROM seller_audit_log "
                              "WHERE org_id = '%1'), (SELECT count(*) FROM sellers), version()")
                   .arg(MainOrg));
    count.next();
    const qint64 total = count.value(1).toLongLong();
    QSqlQuery visible(maintenance);
    visible.exec(QStringLiteral(
        "SELECT relallvisible, relpages FROM pg_class WHERE relname = 'seller_audit_log'"));
    visible.next();
    say(QStringLiteral("seller_audit_log: %1 of %2 pages all-visible")
            .arg(visible.value(0).toLongLong())
            .arg(visible.value(1).toLongLong()));

    out() << "## Postgres paging benchmark\n\n"
          << "- date: " << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << "\n"
          << "- machine: " << machine() << "\n"
          << "- server: " << count.value(3).toString().section(u',', 0, 0) << "\n"
          << "- data: " << count.value(0).toLongLong() << " audit rows (" << total
          << " in the org browsed), " << count.value(2).toLongLong() << " sellers, seed " << seed
          << ", page size " << pageSize << ", " << reps << " samples per scenario\n";

    Bench bench(reps, total, seed);
    const QString indexName = QStringLiteral("seller_audit_log_org_created_id_idx");
    exec(maintenance, QStringLiteral("DROP INDEX IF EXISTS %1").arg(indexName));
    // A reader per configuration: it looks at the indexes once, like the app
    // does once per connection.
    SqlHistoryReader reader(browse, SqlDialect(spec.kind), MainOrg);
    SqlHistoryReader secondOrg(browse, SqlDialect(spec.kind), SecondOrg);
    runScenarios(QStringLiteral("Upstream's indexes only"), reader, secondOrg, bench, pageSize);

    // The upstream API's own query for the same page, for comparison.
    out() << "\n### The upstream API's offset query (for comparison)\n\n| scenario | p50 ms | p95 "
             "ms | max ms |\n|---|---:|---:|---:|\n";
    out() << row(QStringLiteral("page 10,000: ORDER BY created_at DESC LIMIT 50 OFFSET 499,950"),
                 bench.measure([&](int) {
                     QSqlQuery q(browse);
                     q.setForwardOnly(true);
                     q.prepare(QStringLiteral(
                         "SELECT * FROM seller_audit_log WHERE org_id = CAST(? AS uuid) "
                         "ORDER BY created_at DESC LIMIT ? OFFSET ?"));
                     q.addBindValue(MainOrg);
                     q.addBindValue(pageSize);
                     q.addBindValue(9999LL * pageSize);
                     if (!q.exec())
                         return false;
                     while (q.next()) {
                     }
                     return true;
                 }))
          << "\n";

    if (!exec(maintenance, readFile(QStringLiteral(SELLER_HISTORY_SOURCE_DIR
                                                   "/packaging/sql/optional-index.sql"))) ||
        !exec(maintenance, QStringLiteral("VACUUM (ANALYZE) seller_audit_log")))
        return 2;
    SqlHistoryReader indexedReader(browse, SqlDialect(spec.kind), MainOrg);
    SqlHistoryReader indexedSecondOrg(browse, SqlDialect(spec.kind), SecondOrg);
    runScenarios(QStringLiteral("With the optional index (packaging/sql/optional-index.sql)"),
                 indexedReader, indexedSecondOrg, bench, pageSize);
    exec(maintenance, QStringLiteral("DROP INDEX IF EXISTS %1").arg(indexName));

    // The embedded source on the very same rows (the generated file the
    // Postgres database was loaded from), through the same reader.
    SqlConnectionSpec embedded;
    embedded.kind = SqlConnectionSpec::Kind::Sqlite;
    embedded.path = sqlite;
    embedded.orgId = MainOrg;
    QSqlDatabase sqliteDb = embedded.open(QStringLiteral("sqlite"), true, &sourceError);
    if (!sqliteDb.isOpen()) {
        say(sourceError.message);
        return 2;
    }
    SqlHistoryReader sqliteReader(sqliteDb, SqlDialect(embedded.kind), MainOrg);
    SqlHistoryReader sqliteSecondOrg(sqliteDb, SqlDialect(embedded.kind), SecondOrg);
    runScenarios(QStringLiteral("Embedded SQLite, the same rows (its own indexes)"), sqliteReader,
                 sqliteSecondOrg, bench, pageSize);
    return 0;
}
