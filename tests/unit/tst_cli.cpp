// The command line, run as a real process: `history --json` must equal what
// the database itself returns for the same page, cursors must walk the whole
// log, errors must exit with the documented codes and print nothing half,
// and `demo-db` must be deterministic.
#include "contractserver.h"
#include "historyaccess.h"
#include "profilestore.h"
#include "testdatabase.h"
#include "upstreamjson.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z
const QString Main = QString::fromLatin1(TestDatabase::MainOrg);

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Parses a column the way a reader independent of the app would: one JSON
// value, and when it is a string, the JSON text inside it.
QJsonValue independentDetails(const QByteArray &column)
{
    if (column.isEmpty())
        return QJsonValue();
    const QJsonValue outer = QJsonDocument::fromJson('[' + column + ']').array().first();
    if (!outer.isString())
        return outer;
    const QJsonDocument inner = QJsonDocument::fromJson('[' + outer.toString().toUtf8() + ']');
    return inner.isNull() ? QJsonValue(outer.toString()) : inner.array().first();
}

QJsonValue textOrNull(const QVariant &v)
{
    return v.isNull() ? QJsonValue() : QJsonValue(v.toString());
}

// A CSV file as Python's csv module reads it (tests/unit/csv_parse_back.py,
// strict mode): a reader independent of the app.
struct ParsedCsv
{
    QString problem; // empty when the file parsed
    bool bom = false;
    QList<QStringList> rows; // the header first
    QList<QList<bool>> quoted;
    int bareBreaks = -1;
    bool endsCrlf = false;
};

ParsedCsv parseBack(const QString &path)
{
    ParsedCsv p;
    // <source>/tests/fixtures/upstream-schema.sql -> <source>/tests/unit/csv_parse_back.py
    const QString script =
        QDir::cleanPath(QFileInfo(TestDatabase::upstreamSchemaPath())
                            .dir()
                            .absoluteFilePath(QStringLiteral("../unit/csv_parse_back.py")));
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {script, path});
    if (!python.waitForFinished(60000) || python.exitStatus() != QProcess::NormalExit ||
        python.exitCode() != 0) {
        p.problem = QStringLiteral("Python's csv module cannot read %1: %2")
                        .arg(path, QString::fromUtf8(python.readAllStandardError()));
        return p;
    }
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(python.readAllStandardOutput(), &error).object();
    if (error.error != QJsonParseError::NoError) {
        p.problem = error.errorString();
        return p;
    }
    p.bom = o.value(QStringLiteral("bom")).toBool();
    for (const QJsonValue &row : o.value(QStringLiteral("rows")).toArray()) {
        QStringList cells;
        for (const QJsonValue &cell : row.toArray())
            cells << cell.toString();
        p.rows << cells;
    }
    for (const QJsonValue &row : o.value(QStringLiteral("quoted")).toArray()) {
        QList<bool> flags;
        for (const QJsonValue &flag : row.toArray())
            flags << flag.toBool();
        p.quoted << flags;
    }
    p.bareBreaks = o.value(QStringLiteral("bare_breaks")).toInt(-1);
    p.endsCrlf = o.value(QStringLiteral("ends_crlf")).toBool();
    return p;
}

// RFC 4180 quotes these; the Standard profile also keeps edge blanks intact.
bool needsQuotes(const QString &cell)
{
    const auto blank = [](QChar c) { return c == u' ' || c == u'\t'; };
    return cell.contains(u',') || cell.contains(u'"') || cell.contains(u'\r') ||
           cell.contains(u'\n') || (!cell.isEmpty() && (blank(cell.front()) || blank(cell.back())));
}

// Where a field's quoting is not the profile's: every field quoted with
// --excel, else only those that need it. Empty when all are right.
QString wrongQuoting(const ParsedCsv &csv, bool excel)
{
    for (qsizetype i = 0; i < csv.rows.size(); ++i) {
        const QStringList &row = csv.rows.at(i);
        for (qsizetype c = 0; c < row.size(); ++c) {
            const bool quoted = csv.quoted.at(i).value(c);
            if (quoted != (excel || needsQuotes(row.at(c))))
                return QStringLiteral("row %1, field %2 (%3): quoted %4")
                    .arg(i)
                    .arg(c)
                    .arg(row.at(c), quoted ? QStringLiteral("yes") : QStringLiteral("no"));
        }
    }
    return {};
}

// The value a cell stands for: the Spreadsheet profile's ' before a formula
// character taken off.
QString cellValue(const QString &cell, bool excel)
{
    static const QString formula = QStringLiteral("=+-@\t\r");
    if (excel && cell.size() > 1 && cell.front() == u'\'' && formula.contains(cell.at(1)))
        return cell.mid(1);
    return cell;
}

// The seller names an export's record must list: the distinct names of the
// column, in first-seen order (the history's column joins them with "; ").
QStringList distinctNames(const ParsedCsv &csv, int column, bool excel, bool joined)
{
    QStringList names;
    for (qsizetype i = 1; i < csv.rows.size(); ++i) {
        const QString cell = cellValue(csv.rows.at(i).value(column), excel);
        const QStringList parts =
            joined ? cell.split(QStringLiteral("; "), Qt::SkipEmptyParts) : QStringList{cell};
        for (const QString &name : parts) {
            if (!name.isEmpty() && !names.contains(name))
                names << name;
        }
    }
    return names;
}

QString exportedLine(qsizetype rows, const QString &path)
{
    return rows == 1 ? QStringLiteral("Exported 1 row to %1.\n").arg(path)
                     : QStringLiteral("Exported %1 rows to %2.\n").arg(rows).arg(path);
}

QByteArray fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result().toHex();
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void shouldPrintJsonEqualToTheDatabase_data();
    void shouldPrintJsonEqualToTheDatabase();
    void shouldWalkTheWholeLogWithCursors();
    void shouldExitWithTheDocumentedCodes_data();
    void shouldExitWithTheDocumentedCodes();
    void shouldPrintAReadableTableInTheDisplayZone();
    void shouldExitWithCode3OnBadData();
    void shouldExitWith2WhenTheApiRefusesTheToken_data();
    void shouldExitWith2WhenTheApiRefusesTheToken();
    void shouldRefuseWhatTheApiCannotDo();
    void shouldPrintSellersEqualToTheDatabase_data();
    void shouldPrintSellersEqualToTheDatabase();
    void shouldFlagByIdsInOneEntryAndUnflagFromAFile();
    void shouldWriteADeterministicDemoDatabase();
    void shouldOpenASavedConnectionByName();
    void shouldPrintHelpAndVersionWithoutOpeningTheWindow_data();
    void shouldPrintHelpAndVersionWithoutOpeningTheWindow();
    void shouldCreateTheDefaultDemoDatabaseOnFirstUse();
    // Exports (run last: each adds an export row to the history).
    void shouldExportTheHistoryTheDatabaseReturnsAndRecordItOnce_data();
    void shouldExportTheHistoryTheDatabaseReturnsAndRecordItOnce();
    void shouldExportTheSellersTheDatabaseReturnsAndRecordItOnce_data();
    void shouldExportTheSellersTheDatabaseReturnsAndRecordItOnce();
    void shouldRefuseBadExportOptionsWithoutAFile_data();
    void shouldRefuseBadExportOptionsWithoutAFile();
    void shouldLeaveNoFileAndNoRecordWhenTheFileCannotBeWritten();
    void shouldQueueTheRecordAndWriteItOnceOnRetry_data();
    void shouldQueueTheRecordAndWriteItOnceOnRetry();
    void cleanupTestCase();

private:
    Run run(const QStringList &args,
            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    QJsonArray expectedEntries(const QString &where, const QString &order, int limit, int offset);
    QString source() const { return rest() ? m_server->url().toString() : m_db->source(); }
    bool rest() const { return HistoryAccess::kindFromEnvironment() == HistoryAccess::Kind::Rest; }
    bool postgres() const { return m_db->backend() == TestDatabase::Backend::Postgres; }
    QString uuidColumn(const QString &column) const
    {
        return postgres() ? column + QStringLiteral("::text") : column;
    }
    QList<Seller> expectedSellers(int state, const QString &search);
    QStringList exportRowIds();
    QString outboxFile() const;
    QStringList outboxIds();
    void checkOutboxIsEmpty(const QString &src);
    void checkRecord(const QString &rowId, const QString &scope, const QString &file,
                     qsizetype rows, const QStringList &sellerNames);
    QString breakRecording();
    bool restoreRecording();

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ContractServer> m_server; // REST runs: the API over m_db
    QByteArray m_token;
    QList<Seller> m_sellers; // the main org's
    QTemporaryDir m_home;
    int m_total = 0;
    QString m_recordlessRole; // Postgres: a login that may read but not write the history
};

void TestCli::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(SELLER_HISTORY_BINARY)));
    SH_REQUIRE_HISTORY_ACCESS();
    m_db = TestDatabase::create(HistoryAccess::backendFromEnvironment());
    QVERIFY(m_db);
    QVERIFY(m_db->addProfile(TestDatabase::uuid(9001), QStringLiteral("ana@example.com"),
                             QStringLiteral("Ana")));
    // 137 rows in the main org (every shape, ties every fifth row), 20 in the other.
    Timestamp::Micros t = Base;
    for (int i = 0; i < 157; ++i) {
        if (i % 5 != 4)
            t += 3 * Timestamp::MicrosPerHour + 17;
        const QString name = QStringLiteral("Seller, \"%1\" ünïcode\n=x").arg(i);
        AuditEntry e = TestDatabase::addRow(quint64(1 + (i * 7919) % 3000), t, name);
        e.userId = i % 2 ? TestDatabase::uuid(9001) : QString();
        e.sellerCountSnapshot = i % 3 ? std::optional<int>(100 + i) : std::nullopt;
        switch (i % 6) {
        case 1:
            e.action = Action::Edit;
            e.oldValue = UpstreamJson::encodeColumn(
                {{QStringLiteral("display_name"), QStringLiteral("old")}});
            break;
        case 2:
            e.action = Action::Remove;
            e.oldValue = UpstreamJson::jsonbText(
                QJsonObject{{QStringLiteral("names"), QJsonArray{name, QStringLiteral("b")}}});
            e.newValue.clear();
            e.affectedCount = 2;
            break;
        case 3:
            e.action = Action::Export;
            e.newValue =
                UpstreamJson::encodeColumn({{QStringLiteral("format"), QStringLiteral("csv")},
                                            {QStringLiteral("sellers"), QJsonArray{name}}});
            break;
        case 4:
            e.action = Action::Flag;
            e.newValue = UpstreamJson::jsonbStringText("{\"flagged\": tru"); // invalid inside
            break;
        default:
            break;
        }
        const bool other = i >= 137;
        QVERIFY(m_db->insert(e, other ? QString::fromLatin1(TestDatabase::OtherOrg) : Main));
        if (!other)
            ++m_total;
    }
    // 45 sellers in the main org ("Acme" in every third, every fourth
    // flagged, ties every fifth), 5 in the other.
    for (int i = 0; i < 50; ++i) {
        Seller seller;
        seller.id = TestDatabase::uuid(quint64(60000 + (i * 37) % 50));
        seller.displayName =
            (i % 3 ? QStringLiteral("Shop \"%1\"") : QStringLiteral("ACME, %1")).arg(i);
        seller.flagged = i % 4 == 0;
        seller.timesSeen = 1 + i;
        seller.feedbackScore = i % 2 ? std::optional<int>(i) : std::nullopt;
        seller.createdAt = Base + (i - i % 5 + (i % 5 ? 1 : 0)) * Timestamp::MicrosPerMinute;
        const bool other = i >= 45;
        QVERIFY(
            m_db->addSeller(seller, other ? QString::fromLatin1(TestDatabase::OtherOrg) : Main));
        if (!other)
            m_sellers << seller;
    }
    QVERIFY(m_home.isValid());
    if (rest()) {
        const QString admin = TestDatabase::uuid(8001);
        QVERIFY(m_db->addProfile(admin, QStringLiteral("admin@example.com"), QString()));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO memberships (user_id, org_id, role, status) "
                                          "VALUES ('%1', '%2', 'admin', 'active')")
                               .arg(admin, Main)));
        QString error;
        m_server = ContractServer::start(m_db->source(), &error);
        QVERIFY2(m_server, qPrintable(error));
        m_token = m_server->tokenFor(admin);
    }
}

// --profile reads the connection the window saved (QSettings under this
// run's XDG_CONFIG_HOME); what the command line gives alongside wins.
void TestCli::shouldOpenASavedConnectionByName()
{
    {
        QSettings settings(
            m_home.filePath(QStringLiteral("config/seller-history/seller-history.conf")),
            QSettings::IniFormat);
        ProfileStore store(&settings);
        ConnectionProfile saved = ConnectionProfile::create(QStringLiteral("Warehouse"), source());
        saved.orgId = Main;
        QString error;
        QVERIFY2(store.save({saved}, &error), qPrintable(error));
    }
    const QStringList page{QStringLiteral("history"), QStringLiteral("--json"),
                           QStringLiteral("--page-size"), QStringLiteral("7")};
    const Run direct = run(
        page + QStringList{QStringLiteral("--source"), source(), QStringLiteral("--org"), Main});
    QCOMPARE(direct.exitCode, 0);
    const Run byName =
        run(page + QStringList{QStringLiteral("--profile"), QStringLiteral("warehouse")});
    QVERIFY2(byName.exitCode == 0, byName.err.constData());
    QCOMPARE(byName.out, direct.out);

    const Run otherOrg = run(
        page + QStringList{QStringLiteral("--profile"), QStringLiteral("Warehouse"),
                           QStringLiteral("--org"), QString::fromLatin1(TestDatabase::OtherOrg)});
    if (!rest()) { // the API shows the token's org whatever is asked
        QCOMPARE(otherOrg.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(otherOrg.out)[QStringLiteral("total")].toInt(), 20);
        QVERIFY(otherOrg.out != direct.out);
    }

    if (rest()) {
        // A command cannot ask for the token: with none in the keychain (no
        // keychain here at all) it says so in one sentence and exits 2.
        QProcessEnvironment noKeychain = QProcessEnvironment::systemEnvironment();
        noKeychain.insert(QStringLiteral("SELLER_HISTORY_TOKEN"), QString());
        noKeychain.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                          QStringLiteral("unix:path=/nonexistent/seller-history-no-bus"));
        const Run noToken =
            run(page + QStringList{QStringLiteral("--profile"), QStringLiteral("Warehouse")},
                noKeychain);
        QCOMPARE(noToken.exitCode, 2);
        QVERIFY2(noToken.err.contains("has no access token here (no keychain service is "
                                      "running); pass --token-file PATH"),
                 noToken.err.constData());
        QCOMPARE(noToken.err.count('\n'), 1);
        QVERIFY(noToken.out.isEmpty());
    }

    const Run unknown =
        run(page + QStringList{QStringLiteral("--profile"), QStringLiteral("Nope")});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains("no saved connection named \"Nope\""), unknown.err.constData());
    QVERIFY(unknown.out.isEmpty());
}

void TestCli::shouldPrintHelpAndVersionWithoutOpeningTheWindow_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")}
                            << QByteArray("--profile NAME");
    QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << QByteArray("Commands:");
    QTest::newRow("--help-all") << QStringList{QStringLiteral("--help-all")}
                                << QByteArray("Commands:");
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")}
                               << QByteArray("seller-history " SELLER_HISTORY_VERSION);
    QTest::newRow("history --help")
        << QStringList{QStringLiteral("history"), QStringLiteral("--help")}
        << QByteArray("--profile <NAME>");
}

// run() has no display: a window opening instead would fail or hang.
void TestCli::shouldPrintHelpAndVersionWithoutOpeningTheWindow()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, expected);
    const Run r = run(args);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(expected), r.out.constData());
    QVERIFY(r.err.isEmpty());
}

Run TestCli::run(const QStringList &args, const QProcessEnvironment &env)
{
    QProcess p;
    QProcessEnvironment e = env;
    if (!e.contains(QStringLiteral("XDG_DATA_HOME")))
        e.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    e.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    e.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    e.remove(QStringLiteral("DISPLAY"));
    if (m_server && !e.contains(QStringLiteral("SELLER_HISTORY_TOKEN")))
        e.insert(QStringLiteral("SELLER_HISTORY_TOKEN"), QString::fromLatin1(m_token));
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(SELLER_HISTORY_BINARY), args);
    if (!p.waitForFinished(60000))
        qWarning("the command line did not finish: %s", qPrintable(args.join(u' ')));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QJsonArray TestCli::expectedEntries(const QString &where, const QString &order, int limit,
                                    int offset)
{
    QSqlQuery q(m_db->db());
    // The database's own answer, in each backend's own terms.
    const QString columns =
        postgres()
            ? QStringLiteral(
                  "id::text, to_char(created_at AT TIME ZONE 'UTC', "
                  "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), action, seller_name, source, "
                  "source_run_id::text, user_id::text, affected_count, seller_count_snapshot, "
                  "new_value::text, old_value::text")
            : QStringLiteral("id, created_at, action, seller_name, source, source_run_id, "
                             "user_id, affected_count, seller_count_snapshot, new_value, "
                             "old_value");
    const QString sql =
        QStringLiteral("SELECT %1 FROM seller_audit_log WHERE org_id = %2 %3 "
                       "ORDER BY created_at %4, id %4 LIMIT %5 OFFSET %6")
            .arg(columns, postgres() ? QStringLiteral("CAST(? AS uuid)") : QStringLiteral("?"),
                 where, order)
            .arg(limit)
            .arg(offset);
    if (!q.prepare(sql))
        qWarning("bad reference query");
    q.addBindValue(Main);
    q.exec();
    QJsonArray out;
    while (q.next()) {
        const QByteArray newValue = q.value(9).toByteArray();
        out.append(QJsonObject{
            {QStringLiteral("id"), q.value(0).toString()},
            {QStringLiteral("created_at"), q.value(1).toString()},
            {QStringLiteral("action"), q.value(2).toString()},
            {QStringLiteral("seller_name"), q.value(3).toString()},
            {QStringLiteral("source"), q.value(4).toString()},
            {QStringLiteral("source_run_id"), textOrNull(q.value(5))},
            {QStringLiteral("user_id"), textOrNull(q.value(6))},
            {QStringLiteral("affected_count"), q.value(7).toInt()},
            {QStringLiteral("seller_count_snapshot"),
             q.value(8).isNull() ? QJsonValue() : QJsonValue(q.value(8).toInt())},
            {QStringLiteral("details"),
             // The API returns no old_value: a remove's details are null there.
             independentDetails(!newValue.isEmpty() ? newValue
                                : rest()            ? QByteArray()
                                                    : q.value(10).toByteArray())},
        });
    }
    return out;
}

void TestCli::shouldPrintJsonEqualToTheDatabase_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("order");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<int>("page");
    QTest::newRow("first page") << QStringList() << QString() << QStringLiteral("DESC") << 50 << 1;
    QTest::newRow("page 3 of 10 rows") << QStringList{QStringLiteral("--page"), QStringLiteral("3")}
                                       << QString() << QStringLiteral("DESC") << 10 << 3;
    QTest::newRow("last page") << QStringList{QStringLiteral("--page"), QStringLiteral("last")}
                               << QString() << QStringLiteral("DESC") << 25 << 6;
    QTest::newRow("oldest first, page 2")
        << QStringList{QStringLiteral("--oldest-first"), QStringLiteral("--page"),
                       QStringLiteral("2")}
        << QString() << QStringLiteral("ASC") << 20 << 2;
    QTest::newRow("flags and removes")
        << QStringList{QStringLiteral("--actions"), QStringLiteral("flag,remove")}
        << QStringLiteral("AND action IN ('flag', 'remove')") << QStringLiteral("DESC") << 7 << 1;
    QTest::newRow("one day, inclusive")
        << QStringList{QStringLiteral("--from"), QStringLiteral("2025-01-03"),
                       QStringLiteral("--to"),   QStringLiteral("2025-01-03"),
                       QStringLiteral("--tz"),   QStringLiteral("UTC")}
        << QStringLiteral("AND created_at >= '2025-01-03T00:00:00.000000Z' AND created_at < "
                          "'2025-01-04T00:00:00.000000Z'")
        << QStringLiteral("DESC") << 50 << 1;
    QTest::newRow("one day in Berlin")
        << QStringList{QStringLiteral("--from"), QStringLiteral("2025-01-03"),
                       QStringLiteral("--to"),   QStringLiteral("2025-01-03"),
                       QStringLiteral("--tz"),   QStringLiteral("Europe/Berlin")}
        << QStringLiteral("AND created_at >= '2025-01-02T23:00:00.000000Z' AND created_at < "
                          "'2025-01-03T23:00:00.000000Z'")
        << QStringLiteral("DESC") << 50 << 1;
    QTest::newRow("search inside bulk names")
        << QStringList{QStringLiteral("--search"), QStringLiteral("\"12\" ÜNÏCODE")}
        << QStringLiteral("AND seller_name LIKE '%\"12\" ünïcode%'") << QStringLiteral("DESC") << 50
        << 1;
}

void TestCli::shouldPrintJsonEqualToTheDatabase()
{
    QFETCH(QStringList, args);
    QFETCH(QString, where);
    QFETCH(QString, order);
    QFETCH(int, pageSize);
    QFETCH(int, page);
    if (rest() && args.contains(QStringLiteral("--search")))
        QSKIP("the REST API cannot search (see shouldRefuseWhatTheApiCannotDo)");
    const Run r = run(QStringList{QStringLiteral("history"), QStringLiteral("--source"), source(),
                                  QStringLiteral("--json"), QStringLiteral("--page-size"),
                                  QString::number(pageSize)} +
                      args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(r.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);

    QSqlQuery count(m_db->db());
    count.prepare(QStringLiteral("SELECT COUNT(*) FROM seller_audit_log WHERE org_id = ") +
                  (postgres() ? QStringLiteral("CAST(? AS uuid) ") : QStringLiteral("? ")) + where);
    count.addBindValue(Main);
    QVERIFY(count.exec() && count.next());
    const int total = count.value(0).toInt();
    QVERIFY(total > 0);
    QCOMPARE(json.value(QStringLiteral("total")).toInt(), total);
    QCOMPARE(json.value(QStringLiteral("pages")).toInt(), (total + pageSize - 1) / pageSize);
    QCOMPARE(json.value(QStringLiteral("page")).toInt(), page);
    const QJsonArray expected = expectedEntries(where, order, pageSize, (page - 1) * pageSize);
    const QJsonArray actual = json.value(QStringLiteral("entries")).toArray();
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QCOMPARE(actual.at(i).toObject(), expected.at(i).toObject());
    QCOMPARE(json.value(QStringLiteral("prev_cursor")).isNull(), page == 1);
    QCOMPARE(json.value(QStringLiteral("next_cursor")).isNull(), page * pageSize >= total);
}

void TestCli::shouldWalkTheWholeLogWithCursors()
{
    const QJsonArray all = expectedEntries(QString(), QStringLiteral("DESC"), 100000, 0);
    QCOMPARE(all.size(), m_total);
    QStringList walked;
    QStringList args{
        QStringLiteral("history"), QStringLiteral("--source"),    source(),
        QStringLiteral("--json"),  QStringLiteral("--page-size"), QStringLiteral("30")};
    QJsonObject page;
    for (int guard = 0; guard < 20; ++guard) {
        const Run r = run(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        page = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(page.value(QStringLiteral("page")).toInt(), guard + 1);
        for (const QJsonValue &e : page.value(QStringLiteral("entries")).toArray())
            walked << e.toObject().value(QStringLiteral("id")).toString();
        const QJsonValue next = page.value(QStringLiteral("next_cursor"));
        if (next.isNull())
            break;
        args = QStringList{QStringLiteral("history"),
                           QStringLiteral("--source"),
                           source(),
                           QStringLiteral("--json"),
                           QStringLiteral("--page-size"),
                           QStringLiteral("30"),
                           QStringLiteral("--after"),
                           next.toString()};
    }
    QStringList expected;
    for (const QJsonValue &e : all)
        expected << e.toObject().value(QStringLiteral("id")).toString();
    QCOMPARE(walked, expected);

    // And one step back from the last page.
    const Run back =
        run({QStringLiteral("history"), QStringLiteral("--source"), source(),
             QStringLiteral("--json"), QStringLiteral("--page-size"), QStringLiteral("30"),
             QStringLiteral("--before"), page.value(QStringLiteral("prev_cursor")).toString()});
    QVERIFY2(back.exitCode == 0, back.err.constData());
    const QJsonObject previous = QJsonDocument::fromJson(back.out).object();
    QCOMPARE(previous.value(QStringLiteral("page")).toInt(), 4);
    QCOMPARE(previous.value(QStringLiteral("entries"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("id"))
                 .toString(),
             expected.at(90));
}

void TestCli::shouldExitWithTheDocumentedCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString h = QStringLiteral("history");
    QTest::newRow("unknown option")
        << QStringList{h, QStringLiteral("--bogus")} << 1 << QStringLiteral("bogus");
    QTest::newRow("inverted range")
        << QStringList{h, QStringLiteral("--from"), QStringLiteral("2025-02-01"),
                       QStringLiteral("--to"), QStringLiteral("2025-01-01")}
        << 1 << QStringLiteral("before the --from");
    QTest::newRow("unreadable date")
        << QStringList{h, QStringLiteral("--from"), QStringLiteral("yesterday")} << 1
        << QStringLiteral("yesterday");
    QTest::newRow("unknown action")
        << QStringList{h, QStringLiteral("--actions"), QStringLiteral("add,purge")} << 1
        << QStringLiteral("purge");
    QTest::newRow("bad cursor") << QStringList{h, QStringLiteral("--after"),
                                               QStringLiteral("c1.???")}
                                << 1 << QStringLiteral("cursor");
    QTest::newRow("page zero") << QStringList{h, QStringLiteral("--page"), QStringLiteral("0")} << 1
                               << QStringLiteral("--page");
    QTest::newRow("two positions") << QStringList{h, QStringLiteral("--page"), QStringLiteral("2"),
                                                  QStringLiteral("--after"), QStringLiteral("x")}
                                   << 1 << QStringLiteral("only one");
    QTest::newRow("page size too big")
        << QStringList{h, QStringLiteral("--page-size"), QStringLiteral("5000")} << 1
        << QStringLiteral("1000");
    QTest::newRow("unknown zone") << QStringList{h, QStringLiteral("--tz"),
                                                 QStringLiteral("Mars/Olympus")}
                                  << 1 << QStringLiteral("Mars/Olympus");
    const QString f = QStringLiteral("flag");
    QTest::newRow("flag without ids") << QStringList{f} << 1 << QStringLiteral("--ids");
    QTest::newRow("flag with both")
        << QStringList{f, QStringLiteral("--ids"), TestDatabase::uuid(1),
                       QStringLiteral("--ids-file"), QStringLiteral("x")}
        << 1 << QStringLiteral("either");
    QTest::newRow("flag a bad id")
        << QStringList{f, QStringLiteral("--ids"), TestDatabase::uuid(1) + QStringLiteral(",oops")}
        << 1 << QStringLiteral("\"oops\" is not a seller id");
    QTest::newRow("flag a missing file")
        << QStringList{f, QStringLiteral("--ids-file"), QStringLiteral("/nonexistent/ids")} << 1
        << QStringLiteral("/nonexistent/ids");
    QTest::newRow("flag nothing") << QStringList{f, QStringLiteral("--ids"), QStringLiteral(" , ")}
                                  << 1 << QStringLiteral("No seller ids");
    QTest::newRow("sellers both states")
        << QStringList{QStringLiteral("sellers"), QStringLiteral("--flagged"),
                       QStringLiteral("--unflagged")}
        << 1 << QStringLiteral("only one");
    QTest::newRow("sellers page zero")
        << QStringList{QStringLiteral("sellers"), QStringLiteral("--page"), QStringLiteral("0")}
        << 1 << QStringLiteral("--page");
    QTest::newRow("unknown command")
        << QStringList{QStringLiteral("frobnicate")} << 1 << QStringLiteral("frobnicate");
    QTest::newRow("bad org") << QStringList{h, QStringLiteral("--org"), QStringLiteral("acme")} << 1
                             << QStringLiteral("UUID");
    QTest::newRow("missing database") << QStringList{h, QStringLiteral("--source"),
                                                     QStringLiteral("sqlite:/nonexistent/x.sqlite")}
                                      << 2 << QStringLiteral("does not exist");
    QTest::newRow("postgres refused")
        << QStringList{h, QStringLiteral("--source"),
                       QStringLiteral("postgresql://nobody:secret@127.0.0.1:1/db")}
        << 2 << QStringLiteral("Cannot connect");
}

void TestCli::shouldExitWithTheDocumentedCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    if (!args.contains(QStringLiteral("--source")) &&
        QStringList{QStringLiteral("history"), QStringLiteral("sellers"), QStringLiteral("flag")}
            .contains(args.first()))
        args << QStringLiteral("--source") << source();
    const Run r = run(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY(r.out.isEmpty()); // nothing printed half
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY2(!err.contains(QLatin1String("secret")), "a password reached the message");
    QCOMPARE(err.trimmed().count(u'\n'), 0); // one sentence, one line
}

void TestCli::shouldPrintAReadableTableInTheDisplayZone()
{
    const Run utc = run({QStringLiteral("history"), QStringLiteral("--source"), source(),
                         QStringLiteral("--page-size"), QStringLiteral("3"), QStringLiteral("--tz"),
                         QStringLiteral("UTC")});
    QVERIFY2(utc.exitCode == 0, utc.err.constData());
    const QString text = QString::fromUtf8(utc.out);
    QVERIFY2(text.startsWith(QLatin1String("Time")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Page 1 of 46 · rows 1–3 of 137 · times in UTC")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("⏎=x")),
             qPrintable(text)); // the newline is shown, not printed
    QVERIFY2(text.contains(QLatin1String("Next page: --after c1.")), qPrintable(text));

    const QJsonArray newest = expectedEntries(QString(), QStringLiteral("DESC"), 1, 0);
    const auto t = *Timestamp::parseIso(
        newest.first().toObject().value(QStringLiteral("created_at")).toString());
    const Run tokyo = run({QStringLiteral("history"), QStringLiteral("--source"), source(),
                           QStringLiteral("--page-size"), QStringLiteral("1"),
                           QStringLiteral("--tz"), QStringLiteral("Asia/Tokyo")});
    QVERIFY2(tokyo.exitCode == 0, tokyo.err.constData());
    const QString expectedTime = Timestamp::formatLocal(t, QTimeZone("Asia/Tokyo"));
    QVERIFY2(QString::fromUtf8(tokyo.out).contains(expectedTime),
             qPrintable(QString::fromUtf8(tokyo.out)));
    QVERIFY(QString::fromUtf8(tokyo.out).contains(QLatin1String("Asia/Tokyo")));
}

void TestCli::shouldExitWith2WhenTheApiRefusesTheToken_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<qint64>("expiresIn");
    QTest::addColumn<bool>("forged");
    QTest::addColumn<QString>("says");
    QTest::newRow("expired") << TestDatabase::uuid(8001) << qint64(-60) << false
                             << QStringLiteral("Token expired");
    QTest::newRow("forged") << TestDatabase::uuid(8001) << qint64(3600) << true
                            << QStringLiteral("Invalid token");
    QTest::newRow("no membership")
        << TestDatabase::uuid(8999) << qint64(3600) << false
        << QStringLiteral("No membership found. Please complete account setup.");
}

void TestCli::shouldExitWith2WhenTheApiRefusesTheToken()
{
    if (!rest())
        QSKIP("REST only");
    QFETCH(QString, user);
    QFETCH(qint64, expiresIn);
    QFETCH(bool, forged);
    QFETCH(QString, says);
    const QByteArray token =
        forged ? ContractServer::token(user, expiresIn, QStringLiteral("not-the-secret"))
               : ContractServer::token(user, expiresIn, m_server->secret(), m_server->issuer());
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("token")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(token + '\n');
    file.close();
    const Run r = run({QStringLiteral("history"), QStringLiteral("--source"), source(),
                       QStringLiteral("--token-file"), file.fileName(), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(QString::fromUtf8(r.err).contains(says), r.err.constData());
    QVERIFY2(!r.err.contains(token), "the token reached the message");
}

void TestCli::shouldRefuseWhatTheApiCannotDo()
{
    if (!rest())
        QSKIP("REST only");
    const Run search = run({QStringLiteral("history"), QStringLiteral("--source"), source(),
                            QStringLiteral("--search"), QStringLiteral("acme")});
    QCOMPARE(search.exitCode, 1);
    QVERIFY2(search.err.contains("cannot search"), search.err.constData());
    QProcessEnvironment noToken = QProcessEnvironment::systemEnvironment();
    noToken.insert(QStringLiteral("SELLER_HISTORY_TOKEN"), QString());
    const Run missing =
        run({QStringLiteral("history"), QStringLiteral("--source"), source()}, noToken);
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("needs a token"), missing.err.constData());
}

void TestCli::shouldExitWithCode3OnBadData()
{
    if (postgres())
        QSKIP("Postgres cannot store an unreadable time; covered by the sqlite run");
    auto db = TestDatabase::createSqlite();
    QVERIFY(db);
    QVERIFY(db->insert(TestDatabase::addRow(1, Base, QStringLiteral("broken"))));
    QVERIFY(db->exec(QStringLiteral("UPDATE seller_audit_log SET created_at = '2025-01-01 noon'")));
    const Run r = run({QStringLiteral("history"), QStringLiteral("--source"), db->source(),
                       QStringLiteral("--snapshot-free")});
    QCOMPARE(r.exitCode, 1); // an unknown option is a usage error first
    const Run bad = run({QStringLiteral("history"), QStringLiteral("--source"), db->source(),
                         QStringLiteral("--json")});
    QCOMPARE(bad.exitCode, 3);
    QVERIFY(bad.out.isEmpty());
    QVERIFY2(bad.err.contains("noon"), bad.err.constData());
}

void TestCli::shouldPrintSellersEqualToTheDatabase_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("state"); // SellerFilter::State
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<int>("page");
    using State = SellerFilter::State;
    QTest::newRow("all") << QStringList() << int(State::All) << QString() << 50 << 1;
    QTest::newRow("flagged") << QStringList{QStringLiteral("--flagged")} << int(State::Flagged)
                             << QString() << 50 << 1;
    QTest::newRow("unflagged, page 3 of 7")
        << QStringList{QStringLiteral("--unflagged"), QStringLiteral("--page"), QStringLiteral("3")}
        << int(State::Unflagged) << QString() << 7 << 3;
    QTest::newRow("search, any case")
        << QStringList{QStringLiteral("--search"), QStringLiteral("acme")} << int(State::All)
        << QStringLiteral("acme") << 50 << 1;
}

void TestCli::shouldPrintSellersEqualToTheDatabase()
{
    QFETCH(QStringList, args);
    QFETCH(int, state);
    QFETCH(QString, search);
    QFETCH(int, pageSize);
    QFETCH(int, page);
    const QList<Seller> expected = expectedSellers(state, search);

    const Run r = run(QStringList{QStringLiteral("sellers"), QStringLiteral("--source"), source(),
                                  QStringLiteral("--json"), QStringLiteral("--page-size"),
                                  QString::number(pageSize)} +
                      args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(json.value(QStringLiteral("total")).toInt(), expected.size());
    QCOMPARE(json.value(QStringLiteral("page")).toInt(), page);
    QCOMPARE(json.value(QStringLiteral("pages")).toInt(),
             std::max<int>(1, int((expected.size() + pageSize - 1) / pageSize)));
    const QJsonArray sellers = json.value(QStringLiteral("sellers")).toArray();
    const QList<Seller> slice = expected.mid((page - 1) * pageSize, pageSize);
    QCOMPARE(sellers.size(), slice.size());
    for (qsizetype i = 0; i < slice.size(); ++i) {
        const QJsonObject o = sellers.at(i).toObject();
        QCOMPARE(o.value(QStringLiteral("id")).toString(), slice.at(i).id);
        QCOMPARE(o.value(QStringLiteral("display_name")).toString(), slice.at(i).displayName);
        QCOMPARE(o.value(QStringLiteral("flagged")).toBool(), slice.at(i).flagged);
        QCOMPARE(o.value(QStringLiteral("times_seen")).toInt(), slice.at(i).timesSeen);
        QCOMPARE(o.value(QStringLiteral("created_at")).toString(),
                 Timestamp::toIsoUtc(slice.at(i).createdAt));
    }

    // The table says the same in words.
    const Run table = run(QStringList{QStringLiteral("sellers"), QStringLiteral("--source"),
                                      source(), QStringLiteral("--tz"), QStringLiteral("UTC"),
                                      QStringLiteral("--page-size"), QString::number(pageSize)} +
                          args);
    QVERIFY2(table.exitCode == 0, table.err.constData());
    const QString text = QString::fromUtf8(table.out);
    QVERIFY2(text.startsWith(QLatin1String("Name")), qPrintable(text));
    if (!slice.isEmpty())
        QVERIFY2(text.contains(QStringLiteral("of %1 · times in UTC").arg(expected.size())),
                 qPrintable(text));
}

void TestCli::shouldFlagByIdsInOneEntryAndUnflagFromAFile()
{
    const auto flagRows = [this] {
        QSqlQuery q(m_db->db());
        q.exec(QStringLiteral("SELECT COUNT(*) FROM seller_audit_log WHERE action = 'flag'"));
        q.next();
        return q.value(0).toInt();
    };
    const auto isFlagged = [this](const QString &id) {
        QSqlQuery q(m_db->db());
        q.exec(QStringLiteral("SELECT flagged FROM sellers WHERE id = '%1'").arg(id));
        q.next();
        return q.value(0).toBool();
    };
    // Two unflagged sellers, one flagged, an id of no seller.
    const QString a = m_sellers.at(1).id, b = m_sellers.at(2).id, flagged = m_sellers.at(4).id;
    QVERIFY(!isFlagged(a) && !isFlagged(b) && isFlagged(flagged));
    const QString unknown = TestDatabase::uuid(99999);
    const int rowsBefore = flagRows();

    QStringList args{QStringLiteral("flag"), QStringLiteral("--source"), source(),
                     QStringLiteral("--ids"),
                     QStringList{a, b.toUpper(), flagged, unknown, a}.join(u',')};
    if (rest()) {
        // The API has nowhere to keep a reason: refused, not dropped.
        const Run refused =
            run(args + QStringList{QStringLiteral("--reason"), QStringLiteral("x")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("cannot store a reason"), refused.err.constData());
        QCOMPARE(flagRows(), rowsBefore);
    } else {
        args << QStringLiteral("--reason") << QStringLiteral("chargebacks")
             << QStringLiteral("--actor") << TestDatabase::uuid(9001);
    }
    const Run r = run(args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.startsWith(QLatin1String("Flagged 2 of 4 sellers. The other 2 were flagged "
                                          "already or are not in this org.")),
             qPrintable(out));
    QVERIFY(isFlagged(a) && isFlagged(b) && isFlagged(flagged));
    QCOMPARE(flagRows(), rowsBefore + 1);
    const QString entry = out.section(QStringLiteral("History entry: "), 1).trimmed();
    QVERIFY2(!entry.isEmpty(), qPrintable(out));

    QSqlQuery row(m_db->db());
    QVERIFY(row.exec(
        QStringLiteral("SELECT seller_name, affected_count, %1, %2 FROM seller_audit_log "
                       "WHERE id = '%3'")
            .arg(postgres() ? QStringLiteral("jsonb_typeof(new_value)") : QStringLiteral("''"),
                 postgres() ? QStringLiteral("user_id::text") : QStringLiteral("user_id"), entry)));
    QVERIFY(row.next());
    QCOMPARE(row.value(0).toString(), QStringLiteral("Flagged 2 sellers"));
    QCOMPARE(row.value(1).toInt(), 2);
    if (postgres())
        QCOMPARE(row.value(2).toString(), QStringLiteral("string"));
    if (!rest())
        QCOMPARE(row.value(3).toString(), TestDatabase::uuid(9001));
    row.finish();

    // Unflag from a file (comments, blank lines, repeats), then nothing left to do.
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("ids.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("# review 42\n%1\n\n%2  # the second\n%1\n").arg(a, b).toUtf8());
    file.close();
    const QStringList unflag{
        QStringLiteral("flag"), QStringLiteral("--source"), source(), QStringLiteral("--ids-file"),
        file.fileName(),        QStringLiteral("--unflag")};
    const Run u = run(unflag);
    QVERIFY2(u.exitCode == 0, u.err.constData());
    QVERIFY2(u.out.startsWith("Unflagged 2 of 2 sellers."), u.out.constData());
    QVERIFY(!isFlagged(a) && !isFlagged(b) && isFlagged(flagged));
    QCOMPARE(flagRows(), rowsBefore + 2);
    const Run again = run(unflag);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY2(again.out.startsWith("Nothing to change"), again.out.constData());
    QCOMPARE(flagRows(), rowsBefore + 2);
}

void TestCli::shouldWriteADeterministicDemoDatabase()
{
    if (postgres())
        QSKIP("demo databases are SQLite; covered by the sqlite run");
    QTemporaryDir dir;
    const auto write = [&](const QString &name, const QString &seed) {
        const QString path = dir.filePath(name);
        const Run r =
            run({QStringLiteral("demo-db"), path, QStringLiteral("--events"), QStringLiteral("800"),
                 QStringLiteral("--sellers"), QStringLiteral("120"), QStringLiteral("--seed"), seed,
                 QStringLiteral("--end"), QStringLiteral("2026-01-01T00:00:00Z")});
        if (r.exitCode != 0)
            qWarning("demo-db failed: %s", r.err.constData());
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    };
    const QByteArray a = write(QStringLiteral("a.sqlite"), QStringLiteral("7"));
    const QByteArray b = write(QStringLiteral("b.sqlite"), QStringLiteral("7"));
    const QByteArray c = write(QStringLiteral("c.sqlite"), QStringLiteral("8"));
    QCOMPARE(a.size(), 32);
    QCOMPARE(a, b);
    QVERIFY(a != c);
    const Run json =
        run({QStringLiteral("history"), QStringLiteral("--source"),
             QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("a.sqlite")),
             QStringLiteral("--json"), QStringLiteral("--page-size"), QStringLiteral("1")});
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const int total =
        QJsonDocument::fromJson(json.out).object().value(QStringLiteral("total")).toInt();
    QVERIFY2(total > 600 && total < 800,
             qPrintable(QString::number(total))); // most events are the main org's

    const Run bad = run({QStringLiteral("demo-db"), dir.filePath(QStringLiteral("x.sqlite")),
                         QStringLiteral("--events"), QStringLiteral("lots")});
    QCOMPARE(bad.exitCode, 1);
}

void TestCli::shouldCreateTheDefaultDemoDatabaseOnFirstUse()
{
    if (postgres())
        QSKIP("demo databases are SQLite; covered by the sqlite run");
    QTemporaryDir data;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
    const Run r = run({QStringLiteral("history"), QStringLiteral("--json"),
                       QStringLiteral("--page-size"), QStringLiteral("5")},
                      env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(QFile::exists(data.filePath(QStringLiteral("seller-history/demo.sqlite"))));
    const QJsonObject page = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(page.value(QStringLiteral("entries")).toArray().size(), 5);
    QVERIFY(page.value(QStringLiteral("total")).toInt() >
            80000); // the default demo: 100,000 events, ~90% main org
}

// ---------------------------------------------------------------- exports

QList<Seller> TestCli::expectedSellers(int state, const QString &search)
{
    // The database's own state (an earlier case may have flagged some).
    QSqlQuery q(m_db->db());
    q.exec(QStringLiteral("SELECT %1, flagged FROM sellers WHERE org_id = '%2'")
               .arg(uuidColumn(QStringLiteral("id")), Main));
    QHash<QString, bool> flagged;
    while (q.next())
        flagged.insert(q.value(0).toString(), q.value(1).toBool());
    QList<Seller> expected;
    for (Seller s : std::as_const(m_sellers)) {
        s.flagged = flagged.value(s.id);
        if ((state == int(SellerFilter::State::Flagged) && !s.flagged) ||
            (state == int(SellerFilter::State::Unflagged) && s.flagged) ||
            (!search.isEmpty() && !s.displayName.contains(search, Qt::CaseInsensitive)))
            continue;
        expected << s;
    }
    std::sort(expected.begin(), expected.end(), [](const Seller &a, const Seller &b) {
        return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
    });
    return expected;
}

// Every export row of every org, sorted.
QStringList TestCli::exportRowIds()
{
    QSqlQuery q(m_db->db());
    if (!q.exec(QStringLiteral("SELECT %1 FROM seller_audit_log WHERE action = 'export'")
                    .arg(uuidColumn(QStringLiteral("id")))))
        qWarning("cannot read the export rows: %s", qPrintable(q.lastError().text()));
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    ids.sort();
    return ids;
}

// The outbox the command line uses with this run's XDG_DATA_HOME: the data
// folder's seller-history/outbox.sqlite, or AppDataLocation's (one
// seller-history/ deeper) as earlier builds placed it.
QString TestCli::outboxFile() const
{
    const QString beside = m_home.filePath(QStringLiteral("data/seller-history/outbox.sqlite"));
    const QString appData =
        m_home.filePath(QStringLiteral("data/seller-history/seller-history/outbox.sqlite"));
    return !QFile::exists(beside) && QFile::exists(appData) ? appData : beside;
}

// The ids of the records queued in the outbox, read from its file.
QStringList TestCli::outboxIds()
{
    const QString file = outboxFile();
    if (!QFile::exists(file))
        return {};
    QStringList ids;
    const QString name = QStringLiteral("tst_cli-outbox");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        if (db.open()) {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("SELECT id FROM outbox ORDER BY queued_at")))
                ids << QStringLiteral("<unreadable: %1>").arg(q.lastError().text());
            while (q.next())
                ids << q.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ids;
}

void TestCli::checkOutboxIsEmpty(const QString &src)
{
    const Run r = run({QStringLiteral("outbox"), QStringLiteral("--source"), src});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QString::fromUtf8(r.out), QStringLiteral("No exports are waiting to be recorded.\n"));
    QCOMPARE(outboxIds(), QStringList());
}

// The export row rowId: the upstream shape (REST: only that), and for direct
// sources this app's keys describing the file.
void TestCli::checkRecord(const QString &rowId, const QString &scope, const QString &file,
                          qsizetype rows, const QStringList &sellerNames)
{
    QSqlQuery q(m_db->db());
    QVERIFY(q.prepare(
        QStringLiteral("SELECT seller_name, affected_count, source, %1, seller_id, %2, %3, %4, "
                       "seller_count_snapshot, old_value FROM seller_audit_log WHERE id = %5")
            .arg(uuidColumn(QStringLiteral("user_id")),
                 postgres() ? QStringLiteral("new_value::text") : QStringLiteral("new_value"),
                 postgres() ? QStringLiteral("jsonb_typeof(new_value)")
                            : QStringLiteral("'string'"),
                 uuidColumn(QStringLiteral("org_id")),
                 postgres() ? QStringLiteral("CAST(? AS uuid)") : QStringLiteral("?"))));
    q.addBindValue(rowId);
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(),
             QStringLiteral("Exported %1 sellers as csv").arg(sellerNames.size()));
    QCOMPARE(q.value(1).toInt(), int(sellerNames.size()));
    QCOMPARE(q.value(2).toString(), QStringLiteral("manual"));
    QCOMPARE(q.value(3).toString(), rest() ? TestDatabase::uuid(8001) : TestDatabase::uuid(9001));
    QVERIFY(q.value(4).isNull());
    QCOMPARE(q.value(6).toString(), QStringLiteral("string")); // double-encoded
    QCOMPARE(q.value(7).toString(), Main);
    QCOMPARE(q.value(8).toInt(), 45); // the main org's sellers
    QVERIFY(q.value(9).isNull());
    const QJsonObject details = independentDetails(q.value(5).toByteArray()).toObject();
    q.finish();
    QCOMPARE(details.value(QStringLiteral("format")).toString(), QStringLiteral("csv"));
    QStringList recorded;
    for (const QJsonValue &name : details.value(QStringLiteral("sellers")).toArray())
        recorded << name.toString();
    QCOMPARE(recorded, sellerNames);
    if (rest()) {
        // What the API writes, and nothing else.
        QCOMPARE(details.keys(),
                 (QStringList{QStringLiteral("format"), QStringLiteral("sellers")}));
        return;
    }
    QCOMPARE(details.value(QStringLiteral("file_sha256")).toString().toLatin1(), fileSha256(file));
    QCOMPARE(details.value(QStringLiteral("rows")).toInteger(), qint64(rows));
    QCOMPARE(details.value(QStringLiteral("scope")).toString(), scope);
    QVERIFY(details.value(QStringLiteral("filter")).isObject());
}

// Makes writing export rows fail until restoreRecording(); returns the
// source to run the command line with (empty on failure).
QString TestCli::breakRecording()
{
    if (rest()) {
        // The API's own insert fails, so POST /sellers/log-export answers 500.
        if (!m_db->exec(QStringLiteral(
                "CREATE OR REPLACE FUNCTION sh_cli_refuse_export() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN IF NEW.action = 'export' THEN RAISE EXCEPTION "
                "'export rows are refused for this test'; END IF; RETURN NEW; END $$")) ||
            !m_db->exec(QStringLiteral(
                "CREATE TRIGGER sh_cli_refuse_export BEFORE INSERT ON seller_audit_log "
                "FOR EACH ROW EXECUTE FUNCTION sh_cli_refuse_export()")))
            return {};
        return source();
    }
    if (postgres()) {
        // A login that may read everything but not add to the history.
        if (m_recordlessRole.isEmpty()) {
            // Roles are cluster-wide: a unique name, dropped in cleanupTestCase.
            const QString role =
                QStringLiteral("sh_cli_recordless_%1_%2")
                    .arg(QCoreApplication::applicationPid())
                    .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
            if (!m_db->exec(QStringLiteral("CREATE ROLE %1 LOGIN BYPASSRLS").arg(role)))
                return {};
            m_recordlessRole = role;
            if (!m_db->exec(
                    QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1").arg(role)))
                return {};
        }
        if (!m_db->exec(
                QStringLiteral("REVOKE INSERT ON seller_audit_log FROM %1").arg(m_recordlessRole)))
            return {};
        QUrl url(m_db->source());
        url.setUserName(m_recordlessRole);
        url.setPassword(QString());
        return url.toString();
    }
    if (!m_db->exec(
            QStringLiteral("CREATE TRIGGER sh_cli_refuse_export BEFORE INSERT ON seller_audit_log "
                           "WHEN NEW.action = 'export' BEGIN "
                           "SELECT RAISE(ABORT, 'export rows are refused for this test'); END")))
        return {};
    return source();
}

bool TestCli::restoreRecording()
{
    if (postgres() && !rest())
        return m_recordlessRole.isEmpty() ||
               m_db->exec(
                   QStringLiteral("GRANT INSERT ON seller_audit_log TO %1").arg(m_recordlessRole));
    return m_db->exec(postgres() ? QStringLiteral("DROP TRIGGER IF EXISTS sh_cli_refuse_export ON "
                                                  "seller_audit_log")
                                 : QStringLiteral("DROP TRIGGER IF EXISTS sh_cli_refuse_export"));
}

void TestCli::cleanupTestCase()
{
    if (!m_db)
        return;
    restoreRecording();
    if (!m_recordlessRole.isEmpty()) {
        m_db->exec(QStringLiteral("DROP OWNED BY %1").arg(m_recordlessRole));
        m_db->exec(QStringLiteral("DROP ROLE %1").arg(m_recordlessRole));
    }
}

void TestCli::shouldExportTheHistoryTheDatabaseReturnsAndRecordItOnce_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("where");
    QTest::addColumn<bool>("excel");
    const QStringList week{QStringLiteral("--actions"), QStringLiteral("flag,remove"),
                           QStringLiteral("--from"),    QStringLiteral("2025-01-03"),
                           QStringLiteral("--to"),      QStringLiteral("2025-01-09"),
                           QStringLiteral("--tz"),      QStringLiteral("UTC")};
    const QString weekWhere = QStringLiteral("AND action IN ('flag', 'remove') AND created_at >= "
                                             "'2025-01-03T00:00:00.000000Z' AND created_at < "
                                             "'2025-01-10T00:00:00.000000Z'");
    QTest::newRow("flags and removes of a week") << week << weekWhere << false;
    QTest::newRow("flags and removes of a week, spreadsheet") << week << weekWhere << true;
    // Exports left out: their names (inside the row) would match the search too.
    QTest::newRow("search, spreadsheet")
        << QStringList{QStringLiteral("--actions"), QStringLiteral("add,edit,remove"),
                       QStringLiteral("--search"), QStringLiteral("\"1")}
        << QStringLiteral("AND action IN ('add', 'edit', 'remove') AND seller_name LIKE '%\"1%'")
        << true;
    QTest::newRow("everything") << QStringList() << QString() << false;
}

void TestCli::shouldExportTheHistoryTheDatabaseReturnsAndRecordItOnce()
{
    QFETCH(QStringList, args);
    QFETCH(QString, where);
    QFETCH(bool, excel);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history, exported.csv"));
    args << QStringLiteral("--output") << path;
    if (excel)
        args << QStringLiteral("--excel");
    if (!rest())
        args << QStringLiteral("--actor") << TestDatabase::uuid(9001);
    const QStringList before = exportRowIds();
    // Read before the export: its own row comes after the file.
    const QJsonArray expected = expectedEntries(where, QStringLiteral("DESC"), 100000, 0);
    QVERIFY(!expected.isEmpty());

    const Run r =
        run(QStringList{QStringLiteral("export"), QStringLiteral("--source"), source()} + args);
    if (rest() && args.contains(QStringLiteral("--search"))) {
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cannot search"), r.err.constData());
        QVERIFY(!QFile::exists(path));
        QCOMPARE(exportRowIds(), before);
        return;
    }
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QString::fromUtf8(r.out), exportedLine(expected.size(), path));
    QVERIFY2(r.err.isEmpty(), r.err.constData());

    const ParsedCsv csv = parseBack(path);
    QVERIFY2(csv.problem.isEmpty(), qPrintable(csv.problem));
    QCOMPARE(csv.bom, excel);
    QCOMPARE(csv.bareBreaks, 0);
    QVERIFY(csv.endsCrlf);
    QCOMPARE(csv.rows.value(0),
             (QStringList{QStringLiteral("created_at"), QStringLiteral("local_time"),
                          QStringLiteral("action"), QStringLiteral("description"),
                          QStringLiteral("affected_count"), QStringLiteral("sellers"),
                          QStringLiteral("flagged"), QStringLiteral("format"),
                          QStringLiteral("source"), QStringLiteral("user"), QStringLiteral("id")}));
    QCOMPARE(csv.rows.size(), expected.size() + 1);
    QCOMPARE(csv.quoted.size(), csv.rows.size());
    if (const QString wrong = wrongQuoting(csv, excel); !wrong.isEmpty())
        QFAIL(qPrintable(wrong));
    for (qsizetype i = 0; i < csv.rows.size(); ++i) {
        const QStringList &row = csv.rows.at(i);
        QCOMPARE(row.size(), 11);
        if (i == 0)
            continue;
        const QJsonObject e = expected.at(i - 1).toObject();
        QCOMPARE(row.at(10), e.value(QStringLiteral("id")).toString());
        QCOMPARE(row.at(2), e.value(QStringLiteral("action")).toString());
        QCOMPARE(cellValue(row.at(3), excel), e.value(QStringLiteral("seller_name")).toString());
        QCOMPARE(Timestamp::parseIso(row.at(0)),
                 Timestamp::parseIso(e.value(QStringLiteral("created_at")).toString()));
    }

    // Exactly one new export row, and it describes this file.
    const QStringList after = exportRowIds();
    QCOMPARE(after.size(), before.size() + 1);
    QString rowId;
    for (const QString &id : after) {
        if (!before.contains(id))
            rowId = id;
    }
    checkRecord(rowId, QStringLiteral("history"), path, expected.size(),
                distinctNames(csv, 5, excel, true));
    if (QTest::currentTestFailed())
        return;
    checkOutboxIsEmpty(source());
}

void TestCli::shouldExportTheSellersTheDatabaseReturnsAndRecordItOnce_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("state"); // SellerFilter::State
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("ids"); // the ids file's lines; empty: no file
    QTest::addColumn<bool>("excel");
    using State = SellerFilter::State;
    QTest::newRow("flagged") << QStringList{QStringLiteral("--flagged")} << int(State::Flagged)
                             << QString() << QStringList() << false;
    QTest::newRow("unflagged acme, spreadsheet")
        << QStringList{QStringLiteral("--unflagged"), QStringLiteral("--search"),
                       QStringLiteral("acme")}
        << int(State::Unflagged) << QStringLiteral("acme") << QStringList() << true;
    QTest::newRow("search shop") << QStringList{QStringLiteral("--search"), QStringLiteral("SHOP")}
                                 << int(State::All) << QStringLiteral("shop") << QStringList()
                                 << false;
    // In the file's order, once each; ids of no seller of this org left out.
    QTest::newRow("ids file") << QStringList() << int(State::All) << QString()
                              << QStringList{QStringLiteral("# picked by hand"),
                                             m_sellers.at(7).id.toUpper(),
                                             TestDatabase::uuid(99998),
                                             m_sellers.at(2).id + QStringLiteral("  # two"),
                                             TestDatabase::uuid(60000 +
                                                                (47 * 37) % 50), // the other org's
                                             QString(),
                                             m_sellers.at(7).id,
                                             m_sellers.at(30).id}
                              << false;
    QTest::newRow("one id, spreadsheet") << QStringList() << int(State::All) << QString()
                                         << QStringList{m_sellers.at(11).id} << true;
}

void TestCli::shouldExportTheSellersTheDatabaseReturnsAndRecordItOnce()
{
    QFETCH(QStringList, args);
    QFETCH(int, state);
    QFETCH(QString, search);
    QFETCH(QStringList, ids);
    QFETCH(bool, excel);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sellers.csv"));
    QList<Seller> expected;
    if (ids.isEmpty()) {
        expected = expectedSellers(state, search);
    } else {
        const QList<Seller> all = expectedSellers(int(SellerFilter::State::All), QString());
        QFile file(dir.filePath(QStringLiteral("ids.txt")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(ids.join(u'\n').toUtf8() + '\n');
        file.close();
        args << QStringLiteral("--ids-file") << file.fileName();
        static const QRegularExpression uuid(QStringLiteral("[0-9a-fA-F-]{36}"));
        QStringList listed;
        for (const QString &line : std::as_const(ids)) {
            const QString id = line.startsWith(u'#') ? QString() : uuid.match(line).captured();
            if (!id.isEmpty() && !listed.contains(id.toLower()))
                listed << id.toLower();
        }
        for (const QString &id : std::as_const(listed)) {
            for (const Seller &s : all) {
                if (s.id == id)
                    expected << s;
            }
        }
    }
    QVERIFY(!expected.isEmpty());
    args << QStringLiteral("--output") << path;
    if (excel)
        args << QStringLiteral("--excel");
    if (!rest())
        args << QStringLiteral("--actor") << TestDatabase::uuid(9001);
    const QStringList before = exportRowIds();

    const Run r = run(
        QStringList{QStringLiteral("export-sellers"), QStringLiteral("--source"), source()} + args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QString::fromUtf8(r.out), exportedLine(expected.size(), path));
    QVERIFY2(r.err.isEmpty(), r.err.constData());

    const ParsedCsv csv = parseBack(path);
    QVERIFY2(csv.problem.isEmpty(), qPrintable(csv.problem));
    QCOMPARE(csv.bom, excel);
    QCOMPARE(csv.bareBreaks, 0);
    QVERIFY(csv.endsCrlf);
    QCOMPARE(csv.rows.value(0),
             (QStringList{QStringLiteral("display_name"), QStringLiteral("flagged"),
                          QStringLiteral("platform"), QStringLiteral("times_seen"),
                          QStringLiteral("feedback_score"), QStringLiteral("created_at"),
                          QStringLiteral("id")}));
    QCOMPARE(csv.rows.size(), expected.size() + 1);
    QCOMPARE(csv.quoted.size(), csv.rows.size());
    if (const QString wrong = wrongQuoting(csv, excel); !wrong.isEmpty())
        QFAIL(qPrintable(wrong));
    for (qsizetype i = 0; i < csv.rows.size(); ++i) {
        const QStringList &row = csv.rows.at(i);
        QCOMPARE(row.size(), 7);
        if (i == 0)
            continue;
        const Seller &s = expected.at(i - 1);
        QCOMPARE(row.at(6), s.id);
        QCOMPARE(cellValue(row.at(0), excel), s.displayName);
        QCOMPARE(row.at(1), s.flagged ? QStringLiteral("true") : QStringLiteral("false"));
        QCOMPARE(row.at(2), QStringLiteral("ebay"));
        QCOMPARE(row.at(3), QString::number(s.timesSeen));
        // The API does not return feedback scores.
        QCOMPARE(row.at(4),
                 s.feedbackScore && !rest() ? QString::number(*s.feedbackScore) : QString());
        QCOMPARE(Timestamp::parseIso(row.at(5)), std::optional(s.createdAt));
    }

    const QStringList after = exportRowIds();
    QCOMPARE(after.size(), before.size() + 1);
    QString rowId;
    for (const QString &id : after) {
        if (!before.contains(id))
            rowId = id;
    }
    QStringList names;
    for (const Seller &s : std::as_const(expected))
        names << s.displayName;
    checkRecord(rowId, QStringLiteral("sellers"), path, expected.size(), names);
    if (QTest::currentTestFailed())
        return;
    checkOutboxIsEmpty(source());
}

void TestCli::shouldRefuseBadExportOptionsWithoutAFile_data()
{
    QTest::addColumn<QStringList>("args"); // OUT, BAD and EMPTY stand for files of the case
    QTest::addColumn<QString>("message");
    const QString h = QStringLiteral("export"), s = QStringLiteral("export-sellers");
    const QString out = QStringLiteral("--output"), file = QStringLiteral("OUT");
    QTest::newRow("export without --output")
        << QStringList{h, QStringLiteral("--actions"), QStringLiteral("add")}
        << QStringLiteral("--output");
    QTest::newRow("sellers without --output")
        << QStringList{s, QStringLiteral("--flagged")} << QStringLiteral("--output");
    QTest::newRow("flagged and unflagged")
        << QStringList{s, QStringLiteral("--flagged"), QStringLiteral("--unflagged"), out, file}
        << QStringLiteral("only one of --flagged and --unflagged");
    QTest::newRow("missing ids file") << QStringList{s, QStringLiteral("--ids-file"),
                                                     QStringLiteral("/nonexistent/ids"), out, file}
                                      << QStringLiteral("/nonexistent/ids");
    QTest::newRow("a bad id in the ids file")
        << QStringList{s, QStringLiteral("--ids-file"), QStringLiteral("BAD"), out, file}
        << QStringLiteral("\"oops\" is not a seller id");
    QTest::newRow("an ids file of comments")
        << QStringList{s, QStringLiteral("--ids-file"), QStringLiteral("EMPTY"), out, file}
        << QStringLiteral("lists no sellers");
    QTest::newRow("export an unknown action")
        << QStringList{h, QStringLiteral("--actions"), QStringLiteral("purge"), out, file}
        << QStringLiteral("purge");
    QTest::newRow("export an inverted range") << QStringList{h,
                                                             QStringLiteral("--from"),
                                                             QStringLiteral("2025-02-01"),
                                                             QStringLiteral("--to"),
                                                             QStringLiteral("2025-01-01"),
                                                             out,
                                                             file}
                                              << QStringLiteral("before the --from");
}

void TestCli::shouldRefuseBadExportOptionsWithoutAFile()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    const QString bad = dir.filePath(QStringLiteral("bad.txt"));
    const QString empty = dir.filePath(QStringLiteral("empty.txt"));
    for (const auto &[name, text] :
         {std::pair{bad, QByteArrayLiteral("# two\n00000000-0000-4000-8000-000000060001\noops\n")},
          std::pair{empty, QByteArrayLiteral("# nothing yet\n\n")}}) {
        QFile f(name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    args.replaceInStrings(QRegularExpression(QStringLiteral("^OUT$")), path);
    args.replaceInStrings(QRegularExpression(QStringLiteral("^BAD$")), bad);
    args.replaceInStrings(QRegularExpression(QStringLiteral("^EMPTY$")), empty);
    args << QStringLiteral("--source") << source();
    const QStringList before = exportRowIds();

    const Run r = run(args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(message), qPrintable(err));
    QCOMPARE(err.trimmed().count(u'\n'), 0);
    QVERIFY(!QFile::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot),
             (QStringList{QStringLiteral("bad.txt"), QStringLiteral("empty.txt")}));
    QCOMPARE(exportRowIds(), before);
    checkOutboxIsEmpty(source());
}

void TestCli::shouldLeaveNoFileAndNoRecordWhenTheFileCannotBeWritten()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("no such folder/out.csv"));
    const QStringList before = exportRowIds();
    for (const QString &command : {QStringLiteral("export"), QStringLiteral("export-sellers")}) {
        QStringList args{command, QStringLiteral("--source"), source(), QStringLiteral("--output"),
                         path};
        if (!rest())
            args << QStringLiteral("--actor") << TestDatabase::uuid(9001);
        const Run r = run(args);
        QVERIFY2(r.exitCode != 0 && r.exitCode != 4, qPrintable(QString::number(r.exitCode)));
        QVERIFY(r.out.isEmpty());
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(path), qPrintable(err));
        QCOMPARE(err.trimmed().count(u'\n'), 0);
        QVERIFY(!QFile::exists(path));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
        QCOMPARE(exportRowIds(), before);
        checkOutboxIsEmpty(source());
    }
}

void TestCli::shouldQueueTheRecordAndWriteItOnceOnRetry_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<bool>("excel");
    QTest::newRow("history") << QStringList{QStringLiteral("export"), QStringLiteral("--actions"),
                                            QStringLiteral("add,edit")}
                             << QStringLiteral("history") << false;
    QTest::newRow("sellers, spreadsheet")
        << QStringList{QStringLiteral("export-sellers"), QStringLiteral("--unflagged"),
                       QStringLiteral("--excel")}
        << QStringLiteral("sellers") << true;
}

void TestCli::shouldQueueTheRecordAndWriteItOnceOnRetry()
{
    QFETCH(QStringList, args);
    QFETCH(QString, scope);
    QFETCH(bool, excel);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("queued.csv"));
    const QStringList before = exportRowIds();
    QCOMPARE(outboxIds(), QStringList());

    const QString src = breakRecording();
    QVERIFY(!src.isEmpty());
    auto restore = qScopeGuard([this] { restoreRecording(); });
    // A failed case leaves no queued record behind to fail the next ones.
    const auto forget = qScopeGuard([this] {
        if (QTest::currentTestFailed()) {
            for (const QString &suffix :
                 {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
                QFile::remove(outboxFile() + suffix);
        }
    });
    // The same login and actor throughout: the outbox keeps records per source.
    QStringList common{QStringLiteral("--source"), src};
    if (!rest())
        common << QStringLiteral("--actor") << TestDatabase::uuid(9001);
    const QStringList retry =
        QStringList{QStringLiteral("outbox"), QStringLiteral("--retry")} + common;

    // The file is complete; its record waits.
    const Run r = run(args + common + QStringList{QStringLiteral("--output"), path});
    QCOMPARE(r.exitCode, 4);
    const QString err = QString::fromUtf8(r.err);
    QCOMPARE(err.trimmed().count(u'\n'), 0);
    QVERIFY2(err.contains(QLatin1String("kept in the outbox")) &&
                 err.contains(QLatin1String("outbox --retry")),
             qPrintable(err));
    QCOMPARE(exportRowIds(), before);
    const ParsedCsv csv = parseBack(path);
    QVERIFY2(csv.problem.isEmpty(), qPrintable(csv.problem));
    QCOMPARE(csv.bom, excel);
    QVERIFY(csv.endsCrlf);
    QCOMPARE(csv.bareBreaks, 0);
    const qsizetype rows = csv.rows.size() - 1;
    QVERIFY(rows > 1);
    QCOMPARE(QString::fromUtf8(r.out), exportedLine(rows, path));
    const QStringList names = scope == QLatin1String("history")
                                  ? distinctNames(csv, 5, excel, true)
                                  : distinctNames(csv, 0, excel, false);
    if (rest())
        QTRY_VERIFY2_WITH_TIMEOUT(
            m_server->log().contains(QLatin1String("500 on POST /sellers/log-export")),
            qPrintable(m_server->log()), 5000);

    const QStringList queued = outboxIds();
    QCOMPARE(queued.size(), 1);
    const Run list = run({QStringLiteral("outbox"), QStringLiteral("--source"), src});
    QVERIFY2(list.exitCode == 0, list.err.constData());
    QVERIFY2(list.out.startsWith("1 export is waiting to be recorded:\n") &&
                 list.out.contains("queued.csv"),
             list.out.constData());

    // Still failing: still queued, still no row.
    const Run failing = run(retry);
    QCOMPARE(failing.exitCode, 4);
    QVERIFY2(failing.err.contains("Still failing"), failing.err.constData());
    QCOMPARE(exportRowIds(), before);
    QCOMPARE(outboxIds(), queued);

    // The cause removed: written once.
    QVERIFY(restoreRecording());
    restore.dismiss();
    QFile outbox(outboxFile());
    QVERIFY2(!QFile::exists(outbox.fileName() + QStringLiteral("-wal")),
             "the outbox was left with a write-ahead log");
    QVERIFY(outbox.open(QIODevice::ReadOnly));
    const QByteArray unacknowledged = outbox.readAll();
    outbox.close();
    const Run written = run(retry);
    QVERIFY2(written.exitCode == 0, written.err.constData());
    QCOMPARE(QString::fromUtf8(written.out),
             QStringLiteral("Recorded 1 of the queued exports; 0 still queued.\n"));
    const QStringList after = exportRowIds();
    QCOMPARE(after.size(), before.size() + 1);
    QString rowId;
    for (const QString &id : after) {
        if (!before.contains(id))
            rowId = id;
    }
    if (!rest())
        QCOMPARE(rowId, queued.first()); // the client's id
    checkRecord(rowId, scope, path, rows, names);
    if (QTest::currentTestFailed())
        return;
    const Run again = run(retry);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(exportRowIds(), after);
    checkOutboxIsEmpty(src);
    if (QTest::currentTestFailed() || rest())
        return; // the API takes no id: a lost acknowledgement cannot be told apart there

    // The acknowledgement lost: the record is still queued though its row
    // was written. Retrying it writes nothing more.
    QFile::remove(outbox.fileName() + QStringLiteral("-wal"));
    QFile::remove(outbox.fileName() + QStringLiteral("-shm"));
    QVERIFY(outbox.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(outbox.write(unacknowledged), unacknowledged.size());
    outbox.close();
    QCOMPARE(outboxIds(), queued);
    const Run lost = run(retry);
    QVERIFY2(lost.exitCode == 0, lost.err.constData());
    QCOMPARE(exportRowIds(), after);
    checkRecord(rowId, scope, path, rows, names);
    checkOutboxIsEmpty(src);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
