// Exports through the REST source: the history of a filter read whole in
// date windows and written in the filter's order, hostile names intact; a
// selection; the sellers; a cancel or a failure leaves no file and a cancel
// reports nothing; the record is one POST /sellers/log-export, one export
// row upstream, never sent twice. Against the contract server (the API over
// Postgres) for what the data must be, and a scripted server for timing and
// failures.
#include "contractserver.h"
#include "entrydetails.h"
#include "faultserver.h"
#include "restclient.h"
#include "restcodec.h"
#include "restsource.h"
#include "sourcewait.h"
#include "testdatabase.h"
#include "upstreamjson.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

namespace {

const QString Main = QString::fromLatin1(TestDatabase::MainOrg);
const QString Other = QString::fromLatin1(TestDatabase::OtherOrg);
const QString Admin = TestDatabase::uuid(68001);

// Names a CSV writer or a spreadsheet could get wrong.
const QStringList HostileNames{
    QStringLiteral("Comma, Inc."),        QStringLiteral("\"Quoted\" Seller"),
    QStringLiteral("Line\nBreak"),        QStringLiteral("Carriage\rReturn"),
    QStringLiteral("CRLF\r\ninside"),     QStringLiteral("=HYPERLINK(\"http://evil.test\",\"x\")"),
    QStringLiteral("+1 555 0100"),        QStringLiteral("-2+3"),
    QStringLiteral("@SUM(A1)"),           QStringLiteral("\tTabbed"),
    QStringLiteral("semi; colon"),        QStringLiteral("back\\slash \\u0041"),
    QStringLiteral("  padded  "),         QString::fromUtf8("Ünïcödé 名前 🚀"),
    QStringLiteral("{\"json\": [1, 2]}"),
};

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z

Timestamp::Micros at(const char *iso)
{
    return *Timestamp::parseIso(QString::fromLatin1(iso));
}

// What the Spreadsheet profile makes of a text cell.
QString spreadsheetCell(const QString &text)
{
    static const QString risky = QStringLiteral("=+-@\t\r");
    return !text.isEmpty() && risky.contains(text.at(0)) ? u'\'' + text : text;
}

QByteArray entryJson(const QString &id, Timestamp::Micros createdAt)
{
    return QJsonDocument(
               QJsonObject{
                   {QStringLiteral("id"), id},
                   {QStringLiteral("action"), QStringLiteral("add")},
                   {QStringLiteral("seller_name"), QStringLiteral("Acme")},
                   {QStringLiteral("source"), QStringLiteral("manual")},
                   {QStringLiteral("source_run_id"), QJsonValue()},
                   {QStringLiteral("user_id"), QJsonValue()},
                   {QStringLiteral("created_at"), Timestamp::toIsoUtc(createdAt)},
                   {QStringLiteral("affected_count"), 1},
                   {QStringLiteral("seller_count_snapshot"), QJsonValue()},
                   {QStringLiteral("new_value"), QStringLiteral("{\"display_name\": \"Acme\"}")},
               })
        .toJson(QJsonDocument::Compact);
}

// A scripted GET /sellers/audit-log over `rows` rows, one a minute back from
// Base (row n at Base - n minutes, id uuid(n + 1)), with the API's ordering,
// range, limit, offset and cap; every answer `delayMs` late; from the
// `failFrom`-th request on (1-based, 0: never) a plain 500.
struct ScriptedLog
{
    static constexpr Timestamp::Micros Step = Timestamp::MicrosPerMinute;
    qint64 rows = 0;
    int delayMs = 0;
    int failFrom = 0;
    std::shared_ptr<int> served = std::make_shared<int>(0);

    static QString id(qint64 n) { return TestDatabase::uuid(quint64(n) + 1); }
    // Newest first, as an export newest first writes them.
    QStringList ids() const
    {
        QStringList out;
        for (qint64 n = 0; n < rows; ++n)
            out << id(n);
        return out;
    }

    void install(FaultServer &server) const
    {
        server.on("GET", QStringLiteral("/sellers/audit-log"),
                  [log = *this](const FaultServer::Request &r) { return log.answer(r); });
    }

    FaultServer::Reply answer(const FaultServer::Request &r) const
    {
        ++*served;
        if (failFrom > 0 && *served >= failFrom) {
            FaultServer::Reply failure;
            failure.status = 500;
            failure.body = "Internal Server Error";
            failure.headers = {{"Content-Type", "text/plain"}};
            failure.delayMs = delayMs;
            return failure;
        }
        const auto value = [&r](const char *key) {
            return r.query.queryItemValue(QString::fromLatin1(key), QUrl::FullyDecoded);
        };
        // Row n lies in [from, to] when Base - to <= n * Step <= Base - from.
        qint64 first = 0;
        qint64 last = rows - 1;
        if (const auto to = Timestamp::parseIso(value("date_to")))
            first = std::max<qint64>(first, (Base - *to + Step - 1) / Step);
        if (const auto from = Timestamp::parseIso(value("date_from"))) {
            const Timestamp::Micros span = Base - *from;
            last = span < 0 ? -1 : std::min(last, span / Step);
        }
        const qint64 total = std::max<qint64>(0, last - first + 1);
        const qint64 limit =
            std::min<qint64>(1000, value("limit").isEmpty() ? 50 : value("limit").toLongLong());
        const qint64 offset = value("offset").toLongLong();
        QByteArray body = "{\"entries\": [";
        for (qint64 n = first + offset, i = 0; n <= last && i < limit; ++n, ++i)
            body += (i ? "," : "") + entryJson(id(n), Base - n * Step);
        body += "], \"total\": " + QByteArray::number(total) + '}';
        FaultServer::Reply reply = FaultServer::Reply::json(200, body);
        reply.delayMs = delayMs;
        return reply;
    }
};

struct Outcome
{
    std::optional<ExportResult> result;
    SourceError error;
    QList<ExportProgress> progress;
    qint64 elapsedMs = 0;
};

Outcome runExport(RestSource &source, const ExportRequest &request)
{
    QSignalSpy progress(&source, &HistorySource::exportProgress);
    QElapsedTimer timer;
    timer.start();
    Outcome out;
    const auto id = source.requestExport(request);
    out.result = awaitAnswer<ExportResult>(source, id, &HistorySource::exportDone, &out.error);
    out.elapsedMs = timer.elapsed();
    for (const QList<QVariant> &signal : std::as_const(progress)) {
        if (signal.at(0).value<HistorySource::RequestId>() == id)
            out.progress << signal.at(1).value<ExportProgress>();
    }
    return out;
}

// The file as Python's csv module reads it: the header, then the rows.
QList<QStringList> readCsv(const QString &path, QString *error)
{
    QProcess python;
    python.start(ContractServer::pythonPath(),
                 {QStringLiteral("-c"),
                  QStringLiteral("import csv, json, sys\n"
                                 "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
                                 "    json.dump(list(csv.reader(f, strict=True)), sys.stdout)\n"),
                  path});
    if (!python.waitForFinished(60000) || python.exitCode() != 0) {
        *error = QString::fromUtf8(python.readAllStandardError());
        return {};
    }
    QList<QStringList> rows;
    for (const QJsonValue &row : QJsonDocument::fromJson(python.readAllStandardOutput()).array()) {
        QStringList cells;
        for (const QJsonValue &cell : row.toArray())
            cells << cell.toString();
        rows << cells;
    }
    return rows;
}

QStringList column(const QList<QStringList> &csv, const QString &name)
{
    QStringList out;
    const qsizetype c = csv.isEmpty() ? -1 : csv.first().indexOf(name);
    for (qsizetype i = 1; c >= 0 && i < csv.size(); ++i)
        out << csv.at(i).value(c);
    return out;
}

QString sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestRestExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    // Against the contract server.
    void shouldExportEveryRowOfTheFilterInItsOrder_data();
    void shouldExportEveryRowOfTheFilterInItsOrder();
    void shouldExportASelectionInTheOrderGiven();
    void shouldExportSellers_data();
    void shouldExportSellers();
    void shouldRecordAnExportAsOneExportRow();
    // Against the scripted server.
    void shouldReadManyWindowsInOrderWithRareProgress_data();
    void shouldReadManyWindowsInOrderWithRareProgress();
    void shouldLeaveNoFileAndSayNothingWhenCancelled();
    void shouldFailWithoutAFileWhenTheServerFailsMidWalk();
    void shouldRefuseWhatTheApiCannotExport_data();
    void shouldRefuseWhatTheApiCannotExport();
    void shouldSendTheRecordOnceAndSayWhenItMayBeWritten_data();
    void shouldSendTheRecordOnceAndSayWhenItMayBeWritten();

private:
    bool contractServerUp();
    std::unique_ptr<RestSource> apiSource() const;
    static std::unique_ptr<RestSource> scriptedSource(const FaultServer &server,
                                                      int timeoutMs = 5000);
    QStringList expectedHistory(const HistoryFilter &filter);
    std::optional<RestCodec::AuditLogPage> exportRows();

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ContractServer> m_server;
    QString m_unavailable;
    QHash<QString, QString> m_hostileCells; // history id -> its sellers cell
    QList<Seller> m_sellers;                // the main org's, newest first
};

void TestRestExport::initTestCase()
{
    qRegisterMetaType<HistoryFilter>();
    m_unavailable = TestDatabase::unavailableReason(TestDatabase::Backend::Postgres);
    if (m_unavailable.isEmpty())
        m_unavailable = ContractServer::unavailableReason();
    if (!m_unavailable.isEmpty()) {
        if (TestDatabase::postgresRequired())
            QFAIL(qPrintable(m_unavailable));
        return; // the scripted-server cases still run
    }
    m_db = TestDatabase::create(TestDatabase::Backend::Postgres);
    QVERIFY(m_db);
    QVERIFY(m_db->addProfile(Admin, QStringLiteral("export@example.com"), QString()));
    QVERIFY(
        m_db->exec(QStringLiteral("INSERT INTO memberships (user_id, org_id, role, status) VALUES "
                                  "('%1', '%2', 'admin', 'active')")
                       .arg(Admin, Main)));
    // 3,000 rows of the main org over ten days, a dense hour of 1,500 rows
    // (windows must split), ties every fifth row, 500 rows of the other org
    // interleaved.
    QVERIFY(m_db->exec(
        QStringLiteral(
            "INSERT INTO seller_audit_log (id, org_id, action, seller_name, source, created_at) "
            "SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g * 7919 % 100000), 12, "
            "'0'))::uuid, "
            "CASE WHEN g % 7 = 0 THEN '%2'::uuid ELSE '%1'::uuid END, "
            "(ARRAY['add','edit','remove','export','flag'])[1 + g % 5], 's' || g, 'manual', "
            "CASE WHEN g <= 1500 THEN timestamptz '2025-03-01 10:00Z' + (g / 5) * interval '7 "
            "seconds' "
            "ELSE timestamptz '2025-03-02Z' + ((g - 1500) / 5) * interval '20 minutes' END "
            "FROM generate_series(1, 3500) g")
            .arg(Main, Other)));
    // Hostile names, tied with the rows above, through the production insert:
    // one add per name and a bulk add of all of them.
    const Timestamp::Micros burst = at("2025-03-01T10:00:00Z");
    for (qsizetype i = 0; i < HostileNames.size(); ++i) {
        const AuditEntry e = TestDatabase::addRow(
            200000 + quint64(i), burst + i * 7 * Timestamp::MicrosPerSecond, HostileNames.at(i));
        QVERIFY(m_db->insert(e));
        m_hostileCells.insert(e.id, EntryDetails::from(e).sellers.join(QStringLiteral("; ")));
    }
    AuditEntry bulk = TestDatabase::addRow(200100, at("2025-03-05T08:00:00Z"), {});
    bulk.sellerName =
        HostileNames.first() + QStringLiteral(" (+%1 more)").arg(HostileNames.size() - 1);
    bulk.newValue = UpstreamJson::encodeColumn(
        {{QStringLiteral("names"), QJsonArray::fromStringList(HostileNames)}});
    bulk.affectedCount = int(HostileNames.size());
    QVERIFY(m_db->insert(bulk));
    m_hostileCells.insert(bulk.id, HostileNames.join(QStringLiteral("; ")));

    // Sellers: hostile and plain names, ties every third, a third flagged,
    // and a few of the other org.
    for (int i = 0; i < 45; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(300000 + quint64(i));
        s.displayName =
            i < HostileNames.size() ? HostileNames.at(i) : QStringLiteral("Seller %1").arg(i);
        s.platform = QStringLiteral("ebay");
        s.flagged = i % 3 == 0;
        s.timesSeen = 1 + i;
        s.createdAt = Base + (i / 3) * Timestamp::MicrosPerHour;
        const bool other = i >= 40;
        QVERIFY(m_db->addSeller(s, other ? Other : Main));
        if (!other)
            m_sellers << s;
    }
    std::sort(m_sellers.begin(), m_sellers.end(), [](const Seller &a, const Seller &b) {
        return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
    });
    QString error;
    m_server = ContractServer::start(m_db->source(), &error);
    QVERIFY2(m_server, qPrintable(error));
}

void TestRestExport::cleanupTestCase()
{
    m_server.reset();
    m_db.reset();
}

bool TestRestExport::contractServerUp()
{
    return m_server != nullptr;
}

std::unique_ptr<RestSource> TestRestExport::apiSource() const
{
    RestConnectionSpec spec;
    spec.baseUrl = m_server->url();
    spec.token = m_server->tokenFor(Admin);
    return std::make_unique<RestSource>(spec);
}

std::unique_ptr<RestSource> TestRestExport::scriptedSource(const FaultServer &server, int timeoutMs)
{
    RestConnectionSpec spec;
    spec.baseUrl = server.url();
    spec.token = "test-token";
    spec.timeoutMs = timeoutMs;
    return std::make_unique<RestSource>(spec);
}

QStringList TestRestExport::expectedHistory(const HistoryFilter &filter)
{
    QString sql =
        QStringLiteral("SELECT id::text FROM seller_audit_log WHERE org_id = '%1'").arg(Main);
    if (!filter.matchesAllActions())
        sql += QStringLiteral(" AND action IN ('%1')")
                   .arg(ActionInfo::toList(filter.actions).replace(u',', QStringLiteral("','")));
    if (filter.from)
        sql += QStringLiteral(" AND created_at >= '%1'").arg(Timestamp::toIsoUtc(*filter.from));
    if (filter.to)
        sql += QStringLiteral(" AND created_at < '%1'").arg(Timestamp::toIsoUtc(*filter.to));
    sql += filter.order == SortOrder::NewestFirst
               ? QStringLiteral(" ORDER BY created_at DESC, id DESC")
               : QStringLiteral(" ORDER BY created_at, id");
    QSqlQuery q(m_db->db());
    if (!q.exec(sql))
        return {QStringLiteral("<query failed>")};
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    return ids;
}

std::optional<RestCodec::AuditLogPage> TestRestExport::exportRows()
{
    RestConnectionSpec spec;
    spec.baseUrl = m_server->url();
    spec.token = m_server->tokenFor(Admin);
    RestClient client(spec);
    std::optional<QByteArray> body;
    bool done = false;
    client.get(QStringLiteral("/sellers/audit-log"),
               {{QStringLiteral("action_types"), QStringLiteral("export")},
                {QStringLiteral("limit"), QStringLiteral("1000")}},
               [&](std::optional<QByteArray> answer, const SourceError &) {
                   body = std::move(answer);
                   done = true;
               });
    QElapsedTimer timer;
    timer.start();
    while (!done && timer.elapsed() < 20000)
        QTest::qWait(5);
    QString why;
    return body ? RestCodec::auditLog(*body, &why) : std::nullopt;
}

void TestRestExport::shouldExportEveryRowOfTheFilterInItsOrder_data()
{
    QTest::addColumn<HistoryFilter>("filter");
    QTest::addColumn<CsvProfile>("profile");
    HistoryFilter all;
    HistoryFilter oldestFirst;
    oldestFirst.order = SortOrder::OldestFirst;
    HistoryFilter twoActions;
    twoActions.actions = Actions(Action::Flag) | Action::Edit;
    HistoryFilter day;
    day.from = at("2025-03-01T10:30:00Z");
    day.to = at("2025-03-02T10:30:00Z");
    HistoryFilter dayOldestFirst = day;
    dayOldestFirst.order = SortOrder::OldestFirst;
    HistoryFilter since;
    since.from = at("2025-03-03T00:00:00Z");
    since.order = SortOrder::OldestFirst;
    HistoryFilter until;
    until.to = at("2025-03-02T00:00:00Z");
    HistoryFilter nothing;
    nothing.from = at("2020-01-01T00:00:00Z");
    nothing.to = at("2020-02-01T00:00:00Z");
    QTest::newRow("everything, newest first") << all << CsvProfile::Standard;
    QTest::newRow("everything, oldest first") << oldestFirst << CsvProfile::Standard;
    QTest::newRow("everything, spreadsheet") << all << CsvProfile::Spreadsheet;
    QTest::newRow("two actions") << twoActions << CsvProfile::Standard;
    QTest::newRow("a day") << day << CsvProfile::Standard;
    QTest::newRow("a day, oldest first") << dayOldestFirst << CsvProfile::Standard;
    QTest::newRow("from a date on, oldest first") << since << CsvProfile::Standard;
    QTest::newRow("until a date") << until << CsvProfile::Standard;
    QTest::newRow("a range without rows") << nothing << CsvProfile::Standard;
}

void TestRestExport::shouldExportEveryRowOfTheFilterInItsOrder()
{
    if (!contractServerUp())
        QSKIP(qPrintable(m_unavailable));
    QFETCH(HistoryFilter, filter);
    QFETCH(CsvProfile, profile);
    QTemporaryDir dir;
    ExportRequest request;
    request.history = filter;
    request.profile = profile;
    request.path = dir.filePath(QStringLiteral("history.csv"));
    request.zoneId = QStringLiteral("Europe/Paris");
    auto source = apiSource();
    const Outcome out = runExport(*source, request);
    QVERIFY2(out.result, qPrintable(out.error.message));

    const QStringList want = expectedHistory(filter);
    QString why;
    const QList<QStringList> csv = readCsv(request.path, &why);
    QVERIFY2(!csv.isEmpty(), qPrintable(why));
    QCOMPARE(csv.first().first(), QStringLiteral("created_at"));
    const QStringList ids = column(csv, QStringLiteral("id"));
    QCOMPARE(ids.size(), want.size());
    QCOMPARE(ids, want);
    QCOMPARE(out.result->rows, qint64(want.size()));
    QCOMPARE(out.result->path, request.path);
    QCOMPARE(out.result->sha256, sha256Of(request.path));
    QCOMPARE(out.result->bytes, QFileInfo(request.path).size());

    const QStringList sellers = column(csv, QStringLiteral("sellers"));
    int hostile = 0;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const auto it = m_hostileCells.constFind(ids.at(i));
        if (it == m_hostileCells.constEnd())
            continue;
        ++hostile;
        QCOMPARE(sellers.at(i), profile == CsvProfile::Spreadsheet ? spreadsheetCell(*it) : *it);
    }
    if (filter.matchesAllActions() && !filter.from && !filter.to)
        QCOMPARE(hostile, m_hostileCells.size());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("history.csv")});
}

void TestRestExport::shouldExportASelectionInTheOrderGiven()
{
    if (!contractServerUp())
        QSKIP(qPrintable(m_unavailable));
    HistoryFilter filter;
    filter.actions = Actions(Action::Add) | Action::Remove;
    const QStringList rows = expectedHistory(filter);
    QVERIFY(rows.size() > 1000);
    // From near the top and from deep down, in an order of their own, one
    // in upper case, one that no longer exists, and one asked for twice.
    const QStringList picked{
        rows.at(900), rows.at(3), rows.last(), rows.at(450).toUpper(), TestDatabase::uuid(999999),
        rows.at(3)};
    ExportRequest request;
    request.history = filter;
    request.ids = picked;
    QTemporaryDir dir;
    request.path = dir.filePath(QStringLiteral("selection.csv"));
    auto source = apiSource();
    const Outcome out = runExport(*source, request);
    QVERIFY2(out.result, qPrintable(out.error.message));
    QString why;
    const QList<QStringList> csv = readCsv(request.path, &why);
    QVERIFY2(!csv.isEmpty(), qPrintable(why));
    const QStringList want{rows.at(900), rows.at(3), rows.last(), rows.at(450), rows.at(3)};
    QCOMPARE(column(csv, QStringLiteral("id")), want);
    QCOMPARE(out.result->rows, qint64(want.size()));
}

void TestRestExport::shouldExportSellers_data()
{
    QTest::addColumn<SellerFilter>("filter");
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<CsvProfile>("profile");
    SellerFilter flagged;
    flagged.state = SellerFilter::State::Flagged;
    SellerFilter unflagged;
    unflagged.state = SellerFilter::State::Unflagged;
    SellerFilter search;
    search.search = QStringLiteral(" SELLER ");
    SellerFilter flaggedSearch = flagged;
    flaggedSearch.search = QStringLiteral("seller");
    QTest::newRow("all") << SellerFilter() << QStringList() << CsvProfile::Standard;
    QTest::newRow("all, spreadsheet") << SellerFilter() << QStringList() << CsvProfile::Spreadsheet;
    QTest::newRow("flagged") << flagged << QStringList() << CsvProfile::Standard;
    QTest::newRow("unflagged") << unflagged << QStringList() << CsvProfile::Standard;
    QTest::newRow("search") << search << QStringList() << CsvProfile::Standard;
    QTest::newRow("flagged search") << flaggedSearch << QStringList() << CsvProfile::Standard;
    // Ids win over the filter; unknown and other orgs' ids are skipped.
    QTest::newRow("ids") << flagged
                         << QStringList{TestDatabase::uuid(300007),
                                        TestDatabase::uuid(300001).toUpper(),
                                        TestDatabase::uuid(300042), TestDatabase::uuid(399999),
                                        TestDatabase::uuid(300005)}
                         << CsvProfile::Standard;
}

void TestRestExport::shouldExportSellers()
{
    if (!contractServerUp())
        QSKIP(qPrintable(m_unavailable));
    QFETCH(SellerFilter, filter);
    QFETCH(QStringList, ids);
    QFETCH(CsvProfile, profile);
    QList<Seller> want;
    if (ids.isEmpty()) {
        const QString search = filter.search.trimmed();
        for (const Seller &s : std::as_const(m_sellers)) {
            if ((filter.state == SellerFilter::State::Flagged && !s.flagged) ||
                (filter.state == SellerFilter::State::Unflagged && s.flagged) ||
                !s.displayName.contains(search, Qt::CaseInsensitive))
                continue;
            want << s;
        }
    } else {
        for (const QString &id : std::as_const(ids)) {
            for (const Seller &s : std::as_const(m_sellers)) {
                if (s.id == id.toLower())
                    want << s;
            }
        }
    }
    QVERIFY(!want.isEmpty());
    ExportRequest request;
    request.scope = ExportRequest::Scope::Sellers;
    request.sellers = filter;
    request.ids = ids;
    request.profile = profile;
    QTemporaryDir dir;
    request.path = dir.filePath(QStringLiteral("sellers.csv"));
    auto source = apiSource();
    const Outcome out = runExport(*source, request);
    QVERIFY2(out.result, qPrintable(out.error.message));
    QString why;
    const QList<QStringList> csv = readCsv(request.path, &why);
    QVERIFY2(!csv.isEmpty(), qPrintable(why));
    QCOMPARE(csv.first().first(), QStringLiteral("display_name"));
    QStringList wantIds;
    QStringList wantNames;
    for (const Seller &s : std::as_const(want)) {
        wantIds << s.id;
        wantNames << (profile == CsvProfile::Spreadsheet ? spreadsheetCell(s.displayName)
                                                         : s.displayName);
    }
    QCOMPARE(column(csv, QStringLiteral("id")), wantIds);
    QCOMPARE(column(csv, QStringLiteral("display_name")), wantNames);
    QCOMPARE(out.result->rows, qint64(want.size()));
    QCOMPARE(out.result->sellerIds, wantIds);
    QCOMPARE(out.result->sha256, sha256Of(request.path));
}

void TestRestExport::shouldRecordAnExportAsOneExportRow()
{
    if (!contractServerUp())
        QSKIP(qPrintable(m_unavailable));
    const auto before = exportRows();
    QVERIFY(before);
    ExportRecord record;
    record.id = TestDatabase::uuid(400001);
    record.sellerNames = NameList::fromStringList(HostileNames);
    record.rows = 123;
    record.sha256 = QStringLiteral("ab").repeated(32);
    auto source = apiSource();
    SourceError error;
    QSignalSpy recorded(source.get(), &HistorySource::exportRecorded);
    const auto id = source->requestRecordExport(record);
    QTRY_VERIFY_WITH_TIMEOUT(!recorded.isEmpty(), 20000);
    QCOMPARE(recorded.first().at(0).value<HistorySource::RequestId>(), id);

    const auto after = exportRows();
    QVERIFY(after);
    QCOMPARE(after->total, before->total + 1);
    QList<AuditEntry> ours;
    for (const AuditEntry &e : std::as_const(after->entries)) {
        const EntryDetails details = EntryDetails::from(e);
        if (details.sellers == HostileNames)
            ours << e;
    }
    QCOMPARE(ours.size(), 1);
    const AuditEntry &row = ours.first();
    QCOMPARE(row.action, Action::Export);
    QCOMPARE(row.sellerName, QStringLiteral("Exported %1 sellers as csv").arg(HostileNames.size()));
    QCOMPARE(row.affectedCount, int(HostileNames.size()));
    QCOMPARE(EntryDetails::from(row).format, QStringLiteral("csv"));
    QCOMPARE(row.userId, Admin);
}

void TestRestExport::shouldReadManyWindowsInOrderWithRareProgress_data()
{
    QTest::addColumn<SortOrder>("order");
    QTest::newRow("newest first") << SortOrder::NewestFirst;
    QTest::newRow("oldest first") << SortOrder::OldestFirst;
}

void TestRestExport::shouldReadManyWindowsInOrderWithRareProgress()
{
    QFETCH(SortOrder, order);
    FaultServer server;
    ScriptedLog log;
    log.rows = 20000;
    log.delayMs = 150;
    log.install(server);
    auto source = scriptedSource(server);
    ExportRequest request;
    request.history.order = order;
    QTemporaryDir dir;
    request.path = dir.filePath(QStringLiteral("big.csv"));
    const Outcome out = runExport(*source, request);
    QVERIFY2(out.result, qPrintable(out.error.message));
    QString why;
    const QList<QStringList> csv = readCsv(request.path, &why);
    QVERIFY2(!csv.isEmpty(), qPrintable(why));
    QStringList want = log.ids();
    if (order == SortOrder::OldestFirst)
        std::reverse(want.begin(), want.end());
    QCOMPARE(column(csv, QStringLiteral("id")), want);
    // Windows, not offsets: only the one probe for the oldest row skips.
    int offsets = 0;
    for (const FaultServer::Request &r : server.requests())
        offsets += r.query.queryItemValue(QStringLiteral("offset")).toLongLong() > 0;
    QCOMPARE(offsets, 1);
    QVERIFY2(server.requests().size() < 60, qPrintable(QString::number(server.requests().size())));
    // Progress: some, rising, and at most one per 200 ms (plus the last).
    QVERIFY2(!out.progress.isEmpty(), "no progress");
    QVERIFY2(out.progress.size() <= out.elapsedMs / 200 + 1,
             qPrintable(QStringLiteral("%1 in %2 ms").arg(out.progress.size()).arg(out.elapsedMs)));
    for (qsizetype i = 1; i < out.progress.size(); ++i)
        QVERIFY(out.progress.at(i).rows >= out.progress.at(i - 1).rows);
    QCOMPARE(out.progress.last().rows, qint64(want.size()));
}

void TestRestExport::shouldLeaveNoFileAndSayNothingWhenCancelled()
{
    FaultServer server;
    ScriptedLog log;
    log.rows = 20000;
    log.delayMs = 300;
    log.install(server);
    auto source = scriptedSource(server);
    ExportRequest request;
    QTemporaryDir dir;
    request.path = dir.filePath(QStringLiteral("cancelled.csv"));
    QSignalSpy done(source.get(), &HistorySource::exportDone);
    QSignalSpy failed(source.get(), &HistorySource::failed);
    QSignalSpy progress(source.get(), &HistorySource::exportProgress);
    const auto id = source->requestExport(request);
    // Cancelled with windows in flight and some rows written.
    QTRY_VERIFY_WITH_TIMEOUT(server.requestCount(QStringLiteral("/sellers/audit-log")) >= 8, 10000);
    QVERIFY(done.isEmpty() && failed.isEmpty());
    source->cancel(id);
    const qsizetype progressAtCancel = progress.size();
    QTest::qWait(400);
    const int asked = server.requestCount(QStringLiteral("/sellers/audit-log"));
    QTest::qWait(1500);
    QCOMPARE(server.requestCount(QStringLiteral("/sellers/audit-log")), asked);
    QVERIFY(done.isEmpty());
    QVERIFY(failed.isEmpty());
    QCOMPARE(progress.size(), progressAtCancel);
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

void TestRestExport::shouldFailWithoutAFileWhenTheServerFailsMidWalk()
{
    FaultServer server;
    ScriptedLog log;
    log.rows = 20000;
    log.failFrom = 9; // the probes, then a few windows, then 500s
    log.install(server);
    auto source = scriptedSource(server);
    ExportRequest request;
    QTemporaryDir dir;
    request.path = dir.filePath(QStringLiteral("kept.csv"));
    {
        QFile old(request.path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("the previous export\n");
    }
    const Outcome out = runExport(*source, request);
    QVERIFY(!out.result);
    QCOMPARE(out.error.kind, SourceError::Kind::Failed);
    QVERIFY2(out.error.message.contains(QLatin1String("HTTP 500")), qPrintable(out.error.message));
    // The file there before is untouched and nothing else is left.
    QFile old(request.path);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("the previous export\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("kept.csv")});
}

void TestRestExport::shouldRefuseWhatTheApiCannotExport_data()
{
    QTest::addColumn<HistoryFilter>("filter");
    QTest::addColumn<bool>("badFolder");
    QTest::addColumn<SourceError::Kind>("kind");
    QTest::addColumn<QString>("says");
    HistoryFilter search;
    search.search = QStringLiteral("acme");
    HistoryFilter reversed;
    reversed.from = Base;
    reversed.to = Base - 1;
    QTest::newRow("a search") << search << false << SourceError::Kind::BadRequest
                              << QStringLiteral("cannot search");
    QTest::newRow("a reversed range")
        << reversed << false << SourceError::Kind::BadRequest << QStringLiteral("before its start");
    QTest::newRow("a folder that is not there")
        << HistoryFilter() << true << SourceError::Kind::Unreachable << QString();
}

void TestRestExport::shouldRefuseWhatTheApiCannotExport()
{
    QFETCH(HistoryFilter, filter);
    QFETCH(bool, badFolder);
    QFETCH(SourceError::Kind, kind);
    QFETCH(QString, says);
    FaultServer server;
    ScriptedLog log;
    log.rows = 10;
    log.install(server);
    auto source = scriptedSource(server);
    QTemporaryDir dir;
    ExportRequest request;
    request.history = filter;
    request.path = badFolder ? dir.filePath(QStringLiteral("missing/sub/out.csv"))
                             : dir.filePath(QStringLiteral("out.csv"));
    const Outcome out = runExport(*source, request);
    QVERIFY(!out.result);
    QVERIFY2(!out.error.message.isEmpty(), "no message");
    if (!badFolder)
        QCOMPARE(out.error.kind, kind);
    QVERIFY2(out.error.message.contains(says), qPrintable(out.error.message));
    QCOMPARE(server.requestCount(QStringLiteral("/sellers/audit-log")), 0);
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

void TestRestExport::shouldSendTheRecordOnceAndSayWhenItMayBeWritten_data()
{
    QTest::addColumn<FaultServer::Reply>("reply");
    QTest::addColumn<bool>("recorded");
    QTest::addColumn<bool>("mayBeWritten");
    QTest::addColumn<QString>("says");
    FaultServer::Reply dropped;
    dropped.closeWithoutReply = true;
    FaultServer::Reply hanging;
    hanging.hangForever = true;
    QTest::newRow("recorded") << FaultServer::Reply::json(201, R"({"status": "recorded"})") << true
                              << false << QString();
    QTest::newRow("recorded, odd answer")
        << FaultServer::Reply::json(201, "<html>ok</html>") << true << false << QString();
    QTest::newRow("server error") << FaultServer::Reply::json(500, "Internal Server Error") << false
                                  << false << QStringLiteral("HTTP 500");
    QTest::newRow("rejected")
        << FaultServer::Reply::json(
               422,
               R"({"detail": [{"loc": ["body", "export_format"], "msg": "bad", "type": "x"}]})")
        << false << false << QStringLiteral("body.export_format: bad");
    QTest::newRow("connection dropped after sending")
        << dropped << false << true << QStringLiteral("may or may not have been written");
    QTest::newRow("no answer in time")
        << hanging << false << true << QStringLiteral("may or may not have been written");
    QTest::newRow("gateway timeout") << FaultServer::Reply::json(504, "") << false << true
                                     << QStringLiteral("may or may not have been written");
}

void TestRestExport::shouldSendTheRecordOnceAndSayWhenItMayBeWritten()
{
    QFETCH(FaultServer::Reply, reply);
    QFETCH(bool, recorded);
    QFETCH(bool, mayBeWritten);
    QFETCH(QString, says);
    FaultServer server;
    server.respond("POST", QStringLiteral("/sellers/log-export"), reply);
    auto source = scriptedSource(server, 1000);
    ExportRecord record;
    record.id = TestDatabase::uuid(400002);
    record.sellerNames = NameList::fromStringList(HostileNames);
    record.rows = 7;
    record.filter = QJsonObject{{QStringLiteral("actions"), QStringLiteral("add")}};
    record.sha256 = QStringLiteral("cd").repeated(32);
    QSignalSpy done(source.get(), &HistorySource::exportRecorded);
    QSignalSpy failed(source.get(), &HistorySource::failed);
    const auto id = source->requestRecordExport(record);
    QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty() || !failed.isEmpty(), 15000);
    QTest::qWait(1500); // longer than any backoff: a resend would be here by now
    QCOMPARE(server.requestCount(QStringLiteral("/sellers/log-export")), 1);
    QCOMPARE(done.size() + failed.size(), 1);
    if (recorded) {
        QCOMPARE(done.first().at(0).value<HistorySource::RequestId>(), id);
    } else {
        QCOMPARE(failed.first().at(0).value<HistorySource::RequestId>(), id);
        const auto error = failed.first().at(1).value<SourceError>();
        QVERIFY2(error.message.contains(says), qPrintable(error.message));
        QCOMPARE(error.message.contains(QLatin1String("may or may not")), mayBeWritten);
    }
    // Exactly the body the API takes: the extra keys have no place in it.
    const FaultServer::Request sent = server.requests().first();
    const QJsonObject body = QJsonDocument::fromJson(sent.body).object();
    QCOMPARE(body.keys(),
             (QStringList{QStringLiteral("export_format"), QStringLiteral("seller_names")}));
    QCOMPARE(body.value(QStringLiteral("export_format")).toString(), QStringLiteral("csv"));
    QStringList names;
    for (const QJsonValue &v : body.value(QStringLiteral("seller_names")).toArray())
        names << v.toString();
    QCOMPARE(names, HostileNames);
}

QTEST_GUILESS_MAIN(TestRestExport)
#include "tst_restexport.moc"
