// Bulk flag benchmark: flags and unflags N sellers (default 10,000) of the
// database sh-bench-postgres built, through SqlSource (the app's own path:
// request, worker thread, one transaction, one audit row, answer), and the
// same transaction as Postgres alone runs it: one statement that updates
// the sellers and inserts the audit row, with no client work at all. Checks
// every sample changed exactly N sellers and wrote one row. Prints Markdown.
//
//   sh-bench-flag --pg postgresql://postgres@127.0.0.1:PORT/postgres
//                 [--database sh_bench_1000000_100000_1] [--count N] [--reps N]
#include "benchreport.h"
#include "sourcewait.h"
#include "sqliteschema.h"
#include "sqlsource.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

using namespace BenchReport;

namespace {

const QString MainOrg = QString::fromLatin1(SqliteSchema::DefaultOrgId);

// What the app's transaction does, as a single statement: the update of
// only the sellers that change, the org's seller count, and the one audit row
// in upstream's shape (new_value a JSONB string holding the JSON).
// Bound by position, in this order: flagged, org, ids, actor.
const QString PostgresAlone = QStringLiteral(R"(
WITH input AS (SELECT CAST(? AS boolean) AS flagged, CAST(? AS uuid) AS org,
                      CAST(? AS uuid[]) AS ids, CAST(NULLIF(?, '') AS uuid) AS actor),
changed AS (
    UPDATE sellers s SET flagged = i.flagged, updated_at = now() FROM input i
    WHERE s.org_id = i.org AND s.flagged <> i.flagged AND s.id = ANY(i.ids)
    RETURNING s.id, s.display_name),
summary AS (SELECT count(*) AS n, jsonb_agg(display_name) AS names FROM changed)
INSERT INTO seller_audit_log (org_id, action, seller_name, new_value, source, user_id,
                              affected_count, seller_count_snapshot)
SELECT i.org, 'flag',
       CASE WHEN i.flagged THEN 'Flagged ' ELSE 'Unflagged ' END || n || ' sellers',
       to_jsonb(jsonb_build_object('flagged', i.flagged, 'sellers', names)::text), 'manual',
       i.actor, n, (SELECT count(*) FROM sellers WHERE org_id = i.org)
FROM summary, input i WHERE n > 0)");

bool exec(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        say(QStringLiteral("failed: %1: %2").arg(sql.left(100), q.lastError().text()));
        return false;
    }
    return true;
}

qint64 scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        say(QStringLiteral("failed: %1: %2").arg(sql.left(100), q.lastError().text()));
        std::exit(2);
    }
    return q.value(0).toLongLong();
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
        {QStringLiteral("database"), QStringLiteral("The database sh-bench-postgres built."),
         QStringLiteral("NAME"), QStringLiteral("sh_bench_1000000_100000_1")},
        {QStringLiteral("count"), QStringLiteral("Sellers per action (default 10000)."),
         QStringLiteral("N"), QStringLiteral("10000")},
        {QStringLiteral("reps"), QStringLiteral("Samples per measure (default 15)."),
         QStringLiteral("N"), QStringLiteral("15")},
    });
    parser.process(app);
    const int count = parser.value(QStringLiteral("count")).toInt();
    const int reps = parser.value(QStringLiteral("reps")).toInt();
    QString error;
    auto server = SqlConnectionSpec::parse(parser.value(QStringLiteral("pg")), &error);
    if (!server) {
        say(QStringLiteral("--pg: ") + error);
        return 1;
    }
    SqlConnectionSpec spec = *server;
    spec.database = parser.value(QStringLiteral("database"));
    spec.orgId = MainOrg;
    spec.statementTimeoutMs = 0;
    SourceError sourceError;
    QSqlDatabase db = spec.open(QStringLiteral("bench"), false, &sourceError);
    if (!db.isOpen()) {
        say(sourceError.message);
        return 2;
    }

    // The sellers: the first N unflagged ones of the org by id, and an actor
    // (a real user, as the audit row's foreign key wants).
    QSqlQuery pick(db);
    pick.exec(QStringLiteral("SELECT id::text FROM sellers WHERE org_id = '%1' AND NOT flagged "
                             "ORDER BY id LIMIT %2")
                  .arg(MainOrg)
                  .arg(count));
    QStringList ids;
    while (pick.next())
        ids << pick.value(0).toString();
    if (ids.size() != count) {
        say(QStringLiteral("only %1 unflagged sellers; run sh-bench-postgres first")
                .arg(ids.size()));
        return 2;
    }
    QSqlQuery actorQuery(db);
    actorQuery.exec(QStringLiteral("SELECT id::text FROM auth.users ORDER BY id LIMIT 1"));
    spec.actorId = actorQuery.next() ? actorQuery.value(0).toString() : QString();
    actorQuery.finish();

    QSqlQuery clock(db);
    clock.exec(QStringLiteral("SELECT now()::text"));
    clock.next();
    const QString started = clock.value(0).toString();
    clock.finish();
    SqlSource source(spec);
    const QString flagRows =
        QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE org_id = '%1' AND action = "
                       "'flag'")
            .arg(MainOrg);
    const QString flaggedOfThem =
        QStringLiteral("SELECT count(*) FROM sellers WHERE flagged AND id = ANY('{%1}'::uuid[])")
            .arg(ids.join(u','));
    // Every sample must change exactly the N sellers and write one row.
    const auto check = [&](bool flagged, qint64 rowsBefore) {
        if (scalar(db, flaggedOfThem) != (flagged ? count : 0) ||
            scalar(db, flagRows) != rowsBefore + 1) {
            say(QStringLiteral("a sample did not change exactly the sellers it was given"));
            std::exit(3);
        }
    };
    const auto viaApp = [&](bool flagged) {
        const qint64 rowsBefore = scalar(db, flagRows);
        QElapsedTimer t;
        t.start();
        SourceError e;
        const auto result =
            awaitAnswer<FlagResult>(source, source.requestFlag({ids, flagged, QString()}),
                                    &HistorySource::flagDone, &e, 600000);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        if (!result || result->changed != count) {
            say(QStringLiteral("the app's flag failed: %1").arg(e.message));
            std::exit(3);
        }
        check(flagged, rowsBefore);
        return ms;
    };
    const QString idArray = u'{' + ids.join(u',') + u'}';
    const auto alone = [&](bool flagged) {
        const qint64 rowsBefore = scalar(db, flagRows);
        QSqlQuery q(db);
        if (!q.prepare(PostgresAlone)) {
            say(q.lastError().text());
            std::exit(3);
        }
        q.addBindValue(flagged);
        q.addBindValue(MainOrg);
        q.addBindValue(idArray);
        q.addBindValue(spec.actorId);
        QElapsedTimer t;
        t.start();
        if (!q.exec()) {
            say(q.lastError().text());
            std::exit(3);
        }
        const double ms = double(t.nsecsElapsed()) / 1e6;
        check(flagged, rowsBefore);
        return ms;
    };

    QList<double> appFlag, appUnflag, pgFlag, pgUnflag;
    for (int i = -2; i < reps; ++i) {
        // Interleaved, each after a vacuum, so neither meets the other's dead rows.
        exec(db, QStringLiteral("VACUUM sellers"));
        const double af = viaApp(true);
        const double au = viaApp(false);
        exec(db, QStringLiteral("VACUUM sellers"));
        const double pf = alone(true);
        const double pu = alone(false);
        if (i < 0)
            continue; // warm-ups
        appFlag << af;
        appUnflag << au;
        pgFlag << pf;
        pgUnflag << pu;
    }
    // The benchmark's own rows go again: the data stays as generated.
    exec(db, QStringLiteral("DELETE FROM seller_audit_log WHERE action = 'flag' AND created_at >= "
                            "'%1'")
                 .arg(started));

    QSqlQuery version(db);
    version.exec(QStringLiteral("SELECT version()"));
    version.next();
    const Stats af = summarise(appFlag), au = summarise(appUnflag), pf = summarise(pgFlag),
                pu = summarise(pgUnflag);
    const QString n = QLocale(QLocale::English).toString(count);
    out() << "## Bulk flag benchmark\n\n"
          << "- date: " << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << "\n"
          << "- machine: " << machine() << "\n"
          << "- server: " << version.value(0).toString().section(u',', 0, 0) << "\n"
          << "- data: database " << spec.database << ", " << n << " sellers per action, " << reps
          << " samples per measure after two warm-ups\n\n"
          << "| " << n << " sellers, one transaction, one audit row | p50 ms | p95 ms | max ms |\n"
          << "|---|---:|---:|---:|\n"
          << row(QStringLiteral("the app: flag (SqlSource, request to answer)"), af) << "\n"
          << row(QStringLiteral("the app: unflag"), au) << "\n"
          << row(QStringLiteral("Postgres alone, one statement: flag"), pf) << "\n"
          << row(QStringLiteral("Postgres alone, one statement: unflag"), pu) << "\n\n"
          << "The app's p95 over Postgres alone's p95: flag "
          << QString::number(af.p95 / pf.p95, 'f', 2) << "x, unflag "
          << QString::number(au.p95 / pu.p95, 'f', 2) << "x.\n";
    out().flush();
    return 0;
}
