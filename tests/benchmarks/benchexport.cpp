// History and sellers CSV export benchmark on the database sh-bench-postgres
// built: the org's 900,000 history rows through SqlSource (the app's own
// path: request, export lane, COPY, the derived columns, the file through
// QSaveFile) against `psql \copy` of the same SELECT to CSV, alternating;
// then the export's record (one row listing every distinct name of the
// file), and the 100,000 sellers. Each record written is deleted again so
// every sample reads the same rows. Checks each export counted every row
// (and its file has at least as many lines). First, the longest main-thread
// stall while ExportController runs an export with a large record through a
// real outbox file (product.md §6: ≤ 50 ms on the GUI thread): with a
// scripted source and a synthetic record of --names distinct names (no
// server needed), and with --pg the whole export through SqlSource too.
// Prints Markdown, each stall marked met or over the budget.
//
//   sh-bench-export [--pg postgresql://postgres@127.0.0.1:PORT/postgres]
//                   [--database sh_bench_1000000_100000_1] [--reps N]
//                   [--names N]
#include "benchreport.h"
#include "exportcontroller.h"
#include "exportoutbox.h"
#include "fakesource.h"
#include "sourcewait.h"
#include "sqliteschema.h"
#include "sqlsource.h"
#include "stallmeter.h"

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
#include <QTimer>
#include <QUuid>

#include <sys/resource.h>
#include <time.h>

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

constexpr double StallBudgetMs = 50;
// Answers at once with a file whose sellers column held `names` distinct
// names, and confirms each record a little later, as a server would: the
// only main-thread work left is the controller's own.
class ScriptedSource : public FakeSource
{
public:
    explicit ScriptedSource(qsizetype names)
    {
        m_result.rows = names;
        m_result.sha256 = QStringLiteral("ab").repeated(32);
        m_result.path = QStringLiteral("/tmp/bench.csv");
        m_result.sellerNames.reserve(names, names * 24);
        for (qsizetype i = 0; i < names; ++i)
            m_result.sellerNames.append(QStringLiteral("Händler %1 & Söhne").arg(i));
    }
    QString description() const override { return QStringLiteral("bench:"); }
    RequestId requestExport(const ExportRequest &request) override
    {
        const RequestId id = FakeSource::requestExport(request);
        QTimer::singleShot(0, this, [this, id] { replyExport(id, m_result); });
        return id;
    }
    RequestId requestRecordExport(const ExportRecord &record) override
    {
        const RequestId id = FakeSource::requestRecordExport(record);
        records.clear(); // each names list is tens of MB
        QTimer::singleShot(20, this, [this, id] { replyRecorded(id); });
        return id;
    }

private:
    ExportResult m_result;
};

struct StallRun
{
    QList<double> stallMs;
    QList<double> cpuMs; // the main thread's
    QList<double> wallMs;
    qint64 names = 0;
    QStringList recordIds; // written upstream, for the caller to delete
    QString error;
};

// start() to finished(): the file, its record queued in the outbox, sent,
// confirmed and removed from the outbox again.
StallRun measureStalls(HistorySource &source, const ExportRequest &request, int reps)
{
    StallRun run;
    QTemporaryDir dir;
    ExportOutbox outbox(dir.filePath(QStringLiteral("outbox.sqlite")));
    if (!outbox.open(&run.error))
        return run;
    ExportController controller(&outbox);
    controller.setSource(&source);
    StallMeter meter;
    for (int i = 0; i < reps; ++i) {
        QSignalSpy finished(&controller, &ExportController::finished);
        QSignalSpy failed(&controller, &ExportController::failed);
        QElapsedTimer t;
        t.start();
        meter.start();
        if (!controller.start(request)) {
            run.error = QStringLiteral("the controller refused to start");
            return run;
        }
        while (finished.isEmpty() && failed.isEmpty() && t.elapsed() < 600000)
            finished.wait(StallMeter::TickMs);
        run.stallMs << meter.stopMs();
        run.cpuMs << meter.cpuMs();
        run.wallMs << double(t.nsecsElapsed()) / 1e6;
        if (finished.isEmpty()) {
            run.error = failed.isEmpty() ? QStringLiteral("no answer in time")
                                         : failed.constFirst().at(0).value<SourceError>().message;
            return run;
        }
        const auto outcome = finished.constFirst().at(0).value<ExportOutcome>();
        run.names = outcome.file.sellerNames.size();
        if (!outcome.recorded) {
            run.error = QStringLiteral("the record was not written: ") + outcome.recordError;
            return run;
        }
        run.recordIds << outcome.recordId;
    }
    if (outbox.pendingCount() != 0)
        run.error = QStringLiteral("records were left in the outbox");
    return run;
}

QString stallHeader()
{
    return QStringLiteral("| main thread, start() to finished() (5 ms timer) | p50 longest gap ms "
                          "| max ms | p50 main-thread CPU ms | p50 wall ms | ≤ %1 ms |\n"
                          "|---|---:|---:|---:|---:|---|\n")
        .arg(StallBudgetMs);
}

QString stallRow(const QString &name, const StallRun &run)
{
    const Stats s = summarise(run.stallMs);
    return QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |")
        .arg(name, QString::number(s.p50, 'f', 1), QString::number(s.max, 'f', 1),
             QString::number(summarise(run.cpuMs).p50, 'f', 1),
             QString::number(summarise(run.wallMs).p50, 'f', 0),
             s.max <= StallBudgetMs ? QStringLiteral("met") : QStringLiteral("**over**"));
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
        {QStringLiteral("names"),
         QStringLiteral("Distinct names in the scripted export's record (default 672467)."),
         QStringLiteral("N"), QStringLiteral("672467")},
    });
    parser.process(app);
    const int reps = parser.value(QStringLiteral("reps")).toInt();
    const QLocale english(QLocale::English);

    say(QStringLiteral("main-thread stall, scripted source"));
    ScriptedSource scripted(parser.value(QStringLiteral("names")).toLongLong());
    const StallRun scriptedRun = measureStalls(scripted, ExportRequest{}, reps);
    if (!scriptedRun.error.isEmpty()) {
        say(QStringLiteral("stall measure failed: ") + scriptedRun.error);
        return 2;
    }
    out() << "Machine: " << machine() << ". " << reps << " samples each.\n\n"
          << stallHeader()
          << stallRow(QStringLiteral("ExportController, scripted source, a record of %1 names "
                                     "through the outbox")
                          .arg(english.toString(scriptedRun.names)),
                      scriptedRun)
          << '\n';
    out().flush();
    if (!parser.isSet(QStringLiteral("pg")))
        return 0;

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
    say(QStringLiteral("main-thread stall, SqlSource"));
    ExportRequest whole;
    whole.path = dir.filePath(QStringLiteral("controller.csv"));
    whole.zoneId = QStringLiteral("Europe/Berlin");
    const StallRun sqlRun = measureStalls(source, whole, reps);
    for (const QString &id : sqlRun.recordIds)
        QSqlQuery(db).exec(QStringLiteral("DELETE FROM seller_audit_log WHERE id = '%1'").arg(id));
    if (!sqlRun.error.isEmpty()) {
        say(QStringLiteral("stall measure failed: ") + sqlRun.error);
        return 2;
    }
    QSqlQuery(db).exec(QStringLiteral("VACUUM seller_audit_log"));

    const Stats psql = summarise(psqlMs);
    const Stats file = summarise(exportMs);
    out() << '\n'
          << stallHeader()
          << stallRow(QStringLiteral("ExportController, SqlSource, the whole export (%1 names)")
                          .arg(english.toString(sqlRun.names)),
                      sqlRun)
          << "\n\n"
          << reps << " samples each, alternating.\n\n"
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
