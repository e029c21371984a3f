// History and sellers CSV export benchmark on the database sh-bench-postgres
// built: the org's 900,000 history rows through SqlSource (the app's own
// path: request, export lane, COPY, the derived columns, the file through
// QSaveFile) against `psql \copy` of the same SELECT to CSV, alternating;
// then the export's record (one row listing every distinct name of the
// file), and the 100,000 sellers. Each record written is deleted again so
// every sample reads the same rows. Checks each export counted every row
// (and its file has at least as many lines). Prints
// Markdown.
//
//   sh-bench-export --pg postgresql://postgres@127.0.0.1:PORT/postgres
//                   [--database sh_bench_1000000_100000_1] [--reps N]
#include "benchreport.h"
#include "sourcewait.h"
#include "sqliteschema.h"
#include "sqlsource.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLocale>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

#include <sys/resource.h>

using namespace BenchReport;

namespace {

const QString MainOrg = QString::fromLatin1(SqliteSchema::DefaultOrgId);

qint64 lines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    qint64 n = 0;
    QByteArray block;
    while (!(block = f.read(1 << 20)).isEmpty())
        n += block.count('\n');
    return n;
}

qint64 peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
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
        {QStringLiteral("reps"), QStringLiteral("Samples per measure (default 5)."),
         QStringLiteral("N"), QStringLiteral("5")},
    });
    parser.process(app);
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
    SourceError sourceError;
    QSqlDatabase db = spec.open(QStringLiteral("bench"), false, &sourceError);
    if (!db.isOpen()) {
        say(sourceError.message);
        return 2;
    }
    QSqlQuery count(db);
    count.exec(
        QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE org_id = '%1'").arg(MainOrg));
    count.next();
    const qint64 rows = count.value(0).toLongLong();

    // psql \copy of exactly what the export reads (HistoryQuery::selectAll).
    const QString select =
        QStringLiteral(
            "SELECT l.id::text, l.created_at::text, l.action, l.seller_id::text, l.seller_name, "
            "l.old_value::text, l.new_value::text, l.source, l.source_run_id::text, "
            "l.user_id::text, COALESCE(NULLIF(p.display_name, ''), p.email), l.affected_count, "
            "l.seller_count_snapshot FROM seller_audit_log l LEFT JOIN profiles p ON p.user_id = "
            "l.user_id WHERE l.org_id = '%1' ORDER BY l.created_at DESC, l.id DESC")
            .arg(MainOrg);
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(spec.user);
    url.setHost(spec.host);
    url.setPort(spec.port);
    url.setPath(u'/' + spec.database);

    QTemporaryDir dir;
    SqlSource source(spec);
    QList<double> psqlMs, exportMs, recordMs, sellersMs;
    qint64 names = 0;
    for (int i = 0; i < reps; ++i) {
        say(QStringLiteral("sample %1 of %2").arg(i + 1).arg(reps));
        const QString psqlFile = dir.filePath(QStringLiteral("psql.csv"));
        QElapsedTimer t;
        t.start();
        const int code =
            QProcess::execute(QStringLiteral("psql"),
                              {QStringLiteral("-qAt"), url.toString(), QStringLiteral("-c"),
                               QStringLiteral("\\copy (%1) TO '%2' CSV").arg(select, psqlFile)});
        psqlMs << double(t.nsecsElapsed()) / 1e6;
        if (code != 0 || lines(psqlFile) < rows) {
            say(QStringLiteral("psql failed"));
            return 2;
        }

        ExportRequest request;
        request.path = dir.filePath(QStringLiteral("app.csv"));
        request.zoneId = QStringLiteral("Europe/Berlin");
        t.restart();
        const auto result =
            awaitAnswer<ExportResult>(source, source.requestExport(request),
                                      &HistorySource::exportDone, &sourceError, 600000);
        exportMs << double(t.nsecsElapsed()) / 1e6;
        if (!result || result->rows != rows || lines(request.path) < rows + 1) {
            say(QStringLiteral("export failed: ") + sourceError.message);
            return 2;
        }
        names = result->sellerNames.size();

        ExportRecord record;
        record.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        record.sellerNames = result->sellerNames;
        record.rows = result->rows;
        record.sha256 = result->sha256;
        QSignalSpy recorded(&source, &HistorySource::exportRecorded);
        QSignalSpy failed(&source, &HistorySource::failed);
        t.restart();
        source.requestRecordExport(record);
        while (recorded.isEmpty() && failed.isEmpty())
            recorded.wait(5);
        recordMs << double(t.nsecsElapsed()) / 1e6;
        if (recorded.isEmpty()) {
            say(QStringLiteral("record failed"));
            return 2;
        }
        QSqlQuery(db).exec(
            QStringLiteral("DELETE FROM seller_audit_log WHERE id = '%1'").arg(record.id));

        ExportRequest sellers;
        sellers.scope = ExportRequest::Scope::Sellers;
        sellers.path = dir.filePath(QStringLiteral("sellers.csv"));
        t.restart();
        const auto sellersResult = awaitAnswer<ExportResult>(
            source, source.requestExport(sellers), &HistorySource::exportDone, &sourceError);
        sellersMs << double(t.nsecsElapsed()) / 1e6;
        if (!sellersResult) {
            say(QStringLiteral("sellers export failed: ") + sourceError.message);
            return 2;
        }
    }
    QSqlQuery(db).exec(QStringLiteral("VACUUM seller_audit_log"));

    const QLocale english(QLocale::English);
    const Stats psql = summarise(psqlMs);
    const Stats file = summarise(exportMs);
    out() << "Machine: " << machine() << ". " << reps << " samples each, alternating.\n\n"
          << "| what (" << english.toString(rows) << " rows) | p50 ms | p95 ms | max ms |\n"
          << "|---|---:|---:|---:|\n"
          << row(QStringLiteral("psql \\copy of the same SELECT to CSV"), psql, 0) << '\n'
          << row(QStringLiteral("export to CSV through SqlSource (file committed)"), file, 0)
          << '\n'
          << row(QStringLiteral("its record: one row listing %1 distinct names")
                     .arg(english.toString(names)),
                 summarise(recordMs), 0)
          << '\n'
          << row(QStringLiteral("sellers export, all of the org"), summarise(sellersMs), 0)
          << "\n\n"
          << "Throughput of the export against psql (p50): "
          << QString::number(psql.p50 / file.p50, 'f', 2) << "×; with its record: "
          << QString::number(psql.p50 / (file.p50 + summarise(recordMs).p50), 'f', 2)
          << "×. Peak RSS of this process: " << peakRssMb() << " MB.\n";
    return 0;
}
