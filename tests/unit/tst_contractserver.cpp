// The contract server (tests/support/contract-server) against upstream.md:
// a fresh upstream database with five orgs, each with an admin, and the
// server on it; every request goes over loopback through
// QNetworkAccessManager, and what the writes leave behind is checked in SQL.
//
// Orgs: the main org holds seven hand-made rows of every action (and the
// non-admin users); the cap org 1500 add rows and 1200 sellers; the quirk org
// rows whose new_value is a real object or array; the write org the sellers
// that flagging and export recording write about; the other org one row that
// must never show.
#include "contractserver.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <utility>

namespace {

const QString Main = QString::fromLatin1(TestDatabase::MainOrg);
const QString Other = QString::fromLatin1(TestDatabase::OtherOrg);
const QString CapOrg = QStringLiteral("c0000000-0000-0000-0000-000000000003");
const QString QuirkOrg = QStringLiteral("d0000000-0000-0000-0000-000000000004");
const QString WriteOrg = QStringLiteral("e0000000-0000-0000-0000-000000000005");

const QString Admin = TestDatabase::uuid(9001);      // admin of the main org
const QString Va = TestDatabase::uuid(9002);         // active, but a va
const QString Suspended = TestDatabase::uuid(9003);  // a suspended admin
const QString Stranger = TestDatabase::uuid(9004);   // a user without a membership
const QString OtherAdmin = TestDatabase::uuid(9005); // admin of the other org
const QString CapAdmin = TestDatabase::uuid(9006);
const QString QuirkAdmin = TestDatabase::uuid(9007);
const QString Writer = TestDatabase::uuid(9008);

// The main org's rows, oldest first.
const QString R1Add = TestDatabase::uuid(101);
const QString R2BulkAdd = TestDatabase::uuid(102);
const QString R3Edit = TestDatabase::uuid(103);
const QString R4Remove = TestDatabase::uuid(104);
const QString R5Flag = TestDatabase::uuid(105);
const QString R6Export = TestDatabase::uuid(106);
const QString R7BulkRemove = TestDatabase::uuid(107);
const QString OtherRow = TestDatabase::uuid(201);

constexpr int CapRows = 1500;
constexpr int CapSellers = 1200;
constexpr int WriteSellers = 400;
constexpr int AlreadyFlagged = 50; // W001..W050 start flagged

using Query = QList<std::pair<QString, QString>>;

struct Response
{
    int status = 0; // 0: no HTTP answer
    QByteArray body;
    QJsonDocument json;
    QString error;

    QJsonObject object() const { return json.object(); }
    QString detail() const { return json.object().value(QStringLiteral("detail")).toString(); }
};

// SQL literals for fixture rows: the upstream string shape, a real JSON
// value, or NULL. Fixture text never holds a quote.
QString jsonString(const QString &text)
{
    return QStringLiteral("to_jsonb('%1'::text)").arg(text);
}
QString jsonValue(const QString &text)
{
    return QStringLiteral("'%1'::jsonb").arg(text);
}
const QString Null = QStringLiteral("NULL");

QString sellerId(int n) // the write org's seller Wnnn
{
    return TestDatabase::uuid(quint64(5000 + n));
}
QString sellerName(int n)
{
    return QStringLiteral("W%1").arg(n, 3, 10, QLatin1Char('0'));
}

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &v : array)
        out << v.toString();
    return out;
}

QStringList entryIds(const Response &r)
{
    QStringList out;
    const QJsonArray entries = r.object().value(QStringLiteral("entries")).toArray();
    for (const QJsonValue &e : entries)
        out << e.toObject().value(QStringLiteral("id")).toString();
    return out;
}

int entryCount(const Response &r)
{
    return int(r.object().value(QStringLiteral("entries")).toArray().size());
}

int total(const Response &r)
{
    return r.object().value(QStringLiteral("total")).toInt(-1);
}

QJsonObject entryById(const Response &r, const QString &id)
{
    const QJsonArray entries = r.object().value(QStringLiteral("entries")).toArray();
    for (const QJsonValue &e : entries) {
        if (e.toObject().value(QStringLiteral("id")).toString() == id)
            return e.toObject();
    }
    return {};
}

// What Python's json.dumps writes for a list of plain ASCII names.
QString pythonList(const QStringList &names)
{
    QStringList quoted;
    for (const QString &n : names)
        quoted << u'"' + n + u'"';
    return u'[' + quoted.join(QStringLiteral(", ")) + u']';
}

} // namespace

class TestContractServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void shouldRefuseBadCredentials_data();
    void shouldRefuseBadCredentials();
    void shouldListTheOrgsRowsNewestFirst();
    void shouldMatchUntrimmedActionTypes_data();
    void shouldMatchUntrimmedActionTypes();
    void shouldFilterDatesInclusivelyAndVerbatim_data();
    void shouldFilterDatesInclusivelyAndVerbatim();
    void shouldFailOnAnUnparsableDate();
    void shouldRejectBadQueryTypes_data();
    void shouldRejectBadQueryTypes();
    void shouldCapEveryPageAtAThousandRows();
    void shouldWriteTimestampsInTheChosenStyle();
    void shouldFailOnlyPagesHoldingARealJsonValue();
    void shouldDescribeAnEntrysSellers_data();
    void shouldDescribeAnEntrysSellers();
    void shouldReplayOnlyAThousandRows();
    void shouldNotFindOtherOrgsOrUnknownEntries();
    void shouldListSellersBeyondTheRowCap();

    void shouldRecordOneExportRowOfTheUpstreamShape();
    void shouldRefuseAnUnknownExportFormat();
    void shouldFlagInBatchesAndLogOneRow();
    void shouldToggleOneSellerWithoutAnAuditRow();
    void shouldSayWhyItCannotStart();

private:
    static QUrl endpoint(const QUrl &base, const QString &path, const Query &query = {});
    Response send(const QUrl &url, const QByteArray &verb, const QByteArray &token,
                  const QByteArray &body = {});
    Response get(const QString &path, const Query &query, const QString &userId)
    {
        return send(endpoint(m_server->url(), path, query), "GET", m_server->tokenFor(userId));
    }
    Response post(const QString &path, const QJsonObject &body, const QString &userId)
    {
        return send(endpoint(m_server->url(), path), "POST", m_server->tokenFor(userId),
                    QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    QString scalar(const QString &sql);
    QStringList row(const QString &sql, int columns);
    bool insertRow(const QString &id, const QString &org, const QString &action,
                   const QString &sellerName, const QString &oldValue, const QString &newValue,
                   const QString &createdAt, int affectedCount = 1);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ContractServer> m_server; // timestamps ending in Z
    QNetworkAccessManager m_network;
};

void TestContractServer::initTestCase()
{
    SH_REQUIRE_BACKEND(TestDatabase::Backend::Postgres);
    SH_REQUIRE_CONTRACT_SERVER();
    QElapsedTimer timer;
    timer.start();
    // Loopback only: an http_proxy from the environment must not get in the way.
    m_network.setProxy(QNetworkProxy::NoProxy);

    m_db = TestDatabase::create(TestDatabase::Backend::Postgres);
    QVERIFY(m_db);
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO orgs (id, name) VALUES ('%1', 'Cap org'), "
                                      "('%2', 'Quirk org'), ('%3', 'Write org')")
                           .arg(CapOrg, QuirkOrg, WriteOrg)));
    for (const QString &user :
         {Admin, Va, Suspended, Stranger, OtherAdmin, CapAdmin, QuirkAdmin, Writer})
        QVERIFY(m_db->addProfile(user, user.right(4) + QStringLiteral("@example.com"), QString()));
    QVERIFY(m_db->exec(
        QStringLiteral("INSERT INTO memberships (user_id, org_id, role, status) VALUES "
                       "('%1', '%9', 'admin', 'active'), ('%2', '%9', 'va', 'active'), "
                       "('%3', '%9', 'admin', 'suspended'), ('%4', '%10', 'admin', 'active'), "
                       "('%5', '%11', 'admin', 'active'), ('%6', '%12', 'admin', 'active'), "
                       "('%7', '%13', 'admin', 'active'), "
                       // An outsider's suspended membership of the main org does not count.
                       "('%8', '%9', 'admin', 'suspended')")
            .arg(Admin, Va, Suspended, OtherAdmin, CapAdmin, QuirkAdmin, Writer, OtherAdmin, Main)
            .arg(Other, CapOrg, QuirkOrg, WriteOrg)));

    // The main org: one row of every kind, on distinct instants, some with a
    // zero fraction; r7's old_value is the bulk delete's real object.
    QVERIFY(insertRow(R1Add, Main, QStringLiteral("add"), QStringLiteral("Alpha"), Null,
                      jsonString(QStringLiteral(R"({"display_name": "Alpha"})")),
                      QStringLiteral("2025-03-01T10:00:00Z")));
    QVERIFY(insertRow(R2BulkAdd, Main, QStringLiteral("add"), QStringLiteral("Beta (+1 more)"),
                      Null, jsonString(QStringLiteral(R"({"names": ["Beta", "Gamma"]})")),
                      QStringLiteral("2025-03-02T10:00:00.123456Z"), 2));
    QVERIFY(insertRow(R3Edit, Main, QStringLiteral("edit"), QStringLiteral("Gamma2"),
                      jsonString(QStringLiteral(R"({"display_name": "Gamma"})")),
                      jsonString(QStringLiteral(R"({"display_name": "Gamma2"})")),
                      QStringLiteral("2025-03-03T00:00:00Z")));
    QVERIFY(insertRow(R4Remove, Main, QStringLiteral("remove"), QStringLiteral("Alpha"),
                      jsonString(QStringLiteral(R"({"display_name": "Alpha"})")), Null,
                      QStringLiteral("2025-03-04T12:00:00.5Z")));
    QVERIFY(insertRow(R5Flag, Main, QStringLiteral("flag"), QStringLiteral("Flagged 1 sellers"),
                      Null, jsonString(QStringLiteral(R"({"flagged": true, "sellers": ["Beta"]})")),
                      QStringLiteral("2025-03-05T00:00:00Z")));
    QVERIFY(insertRow(
        R6Export, Main, QStringLiteral("export"), QStringLiteral("Exported 2 sellers as csv"), Null,
        jsonString(QStringLiteral(R"({"format": "csv", "sellers": ["Beta", "Gamma2"]})")),
        QStringLiteral("2025-03-06T08:30:00.000001Z"), 2));
    QVERIFY(insertRow(R7BulkRemove, Main, QStringLiteral("remove"),
                      QStringLiteral("Removed 1 sellers"),
                      jsonValue(QStringLiteral(R"({"names": ["Beta"]})")), Null,
                      QStringLiteral("2025-03-07T00:00:00Z")));
    QVERIFY(insertRow(OtherRow, Other, QStringLiteral("add"), QStringLiteral("Outsider"), Null,
                      jsonString(QStringLiteral(R"({"display_name": "Outsider"})")),
                      QStringLiteral("2025-03-03T12:00:00Z")));

    // The cap org: 1500 add rows a minute apart from 2024-01-01T00:01Z, and
    // 1200 sellers a second apart.
    QVERIFY(m_db->exec(
        QStringLiteral(
            "INSERT INTO seller_audit_log (org_id, action, seller_name, new_value, source, "
            "created_at) SELECT '%1', 'add', 'cap seller ' || i, "
            "to_jsonb(format('{\"display_name\": \"cap seller %s\"}', i)), 'manual', "
            "timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute' "
            "FROM generate_series(1, %2) AS i; "
            "INSERT INTO sellers (org_id, display_name, normalized_name, platform, created_at) "
            "SELECT '%1', 'Cap ' || i, 'cap ' || i, 'ebay', "
            "timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second' "
            "FROM generate_series(1, %3) AS i")
            .arg(CapOrg)
            .arg(CapRows)
            .arg(CapSellers)));

    // The quirk org: 20 rows a minute apart; number 5 (16th newest) holds a
    // real object and number 2 (19th newest) a real array.
    QVERIFY(m_db->exec(
        QStringLiteral(
            "INSERT INTO seller_audit_log (org_id, action, seller_name, new_value, source, "
            "created_at) SELECT '%1', 'add', 'q' || i, CASE i "
            "WHEN 5 THEN '{\"display_name\": \"q5\"}'::jsonb WHEN 2 THEN '[\"q2\"]'::jsonb "
            "ELSE to_jsonb(format('{\"display_name\": \"q%s\"}', i)) END, 'manual', "
            "timestamptz '2024-02-01 00:00:00+00' + i * interval '1 minute' "
            "FROM generate_series(1, 20) AS i")
            .arg(QuirkOrg)));

    // The write org: W001..W400, the first 50 already flagged; three sellers
    // of the other org.
    QVERIFY(m_db->exec(
        QStringLiteral(
            "INSERT INTO sellers (id, org_id, display_name, normalized_name, platform, flagged, "
            "created_at) SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(5000 + i), 12, "
            "'0'))::uuid, '%1', 'W' || lpad(i::text, 3, '0'), 'w' || lpad(i::text, 3, '0'), "
            "'ebay', i <= %3, timestamptz '2024-03-01 00:00:00+00' + i * interval '1 second' "
            "FROM generate_series(1, %2) AS i; "
            "INSERT INTO sellers (id, org_id, display_name, normalized_name, platform) VALUES "
            "('%5', '%4', 'O1', 'o1', 'ebay'), ('%6', '%4', 'O2', 'o2', 'ebay'), "
            "('%7', '%4', 'O3', 'o3', 'ebay')")
            .arg(WriteOrg)
            .arg(WriteSellers)
            .arg(AlreadyFlagged)
            .arg(Other, TestDatabase::uuid(6001), TestDatabase::uuid(6002),
                 TestDatabase::uuid(6003))));
    QCOMPARE(sellerId(1), scalar(QStringLiteral("SELECT id FROM sellers WHERE display_name = "
                                                "'W001'")));

    QString why;
    m_server = ContractServer::start(m_db->source(), &why);
    QVERIFY2(m_server, qPrintable(why));
    qInfo("set up in %lld ms", timer.elapsed());
}

// After a failure, what the server said (one line per 500 it answered).
void TestContractServer::cleanup()
{
    if (m_server && QTest::currentTestFailed())
        qInfo("contract server log:\n%s", qPrintable(m_server->log()));
}

void TestContractServer::cleanupTestCase()
{
    m_server.reset();
    m_db.reset();
}

QUrl TestContractServer::endpoint(const QUrl &base, const QString &path, const Query &query)
{
    QUrl url = base;
    url.setPath(path);
    // Every value fully percent-encoded: a '+' must not arrive as a space.
    QStringList pairs;
    for (const auto &[key, value] : query)
        pairs << key + u'=' + QString::fromLatin1(QUrl::toPercentEncoding(value));
    if (!pairs.isEmpty())
        url.setQuery(pairs.join(u'&'), QUrl::StrictMode);
    return url;
}

Response TestContractServer::send(const QUrl &url, const QByteArray &verb, const QByteArray &token,
                                  const QByteArray &body)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Response r;
    if (!reply->isFinished() && !finished.wait(15000)) {
        r.error = QStringLiteral("no answer");
        reply->abort();
    }
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.json = QJsonDocument::fromJson(r.body);
    if (r.error.isEmpty() && r.status == 0)
        r.error = reply->errorString();
    reply->deleteLater();
    return r;
}

QString TestContractServer::scalar(const QString &sql)
{
    const QStringList values = row(sql, 1);
    return values.value(0);
}

// One row's columns as text ("<null>" for NULL); {"<error>: ..."} on failure.
QStringList TestContractServer::row(const QString &sql, int columns)
{
    QSqlQuery q(m_db->db());
    if (!q.exec(sql))
        return {QStringLiteral("<error>: ") + q.lastError().text()};
    if (!q.next())
        return {QStringLiteral("<no row>")};
    QStringList out;
    for (int i = 0; i < columns; ++i)
        out << (q.value(i).isNull() ? QStringLiteral("<null>") : q.value(i).toString());
    return out;
}

bool TestContractServer::insertRow(const QString &id, const QString &org, const QString &action,
                                   const QString &sellerName, const QString &oldValue,
                                   const QString &newValue, const QString &createdAt,
                                   int affectedCount)
{
    return m_db->exec(
        QStringLiteral("INSERT INTO seller_audit_log (id, org_id, action, seller_name, old_value, "
                       "new_value, source, user_id, created_at, affected_count, "
                       "seller_count_snapshot) VALUES ('%1', '%2', '%3', '%4', %5, %6, 'manual', "
                       "'%7', '%8', %9, 3)")
            .arg(id, org, action, sellerName, oldValue, newValue, org == Main ? Admin : OtherAdmin,
                 createdAt)
            .arg(affectedCount));
}

void TestContractServer::shouldRefuseBadCredentials_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<bool>("prefixOnly"); // PyJWT words the reason

    const QString secret = m_server ? m_server->secret() : QString();
    const QString issuer = m_server ? m_server->issuer() : QString();
    QTest::newRow("no header") << QByteArray() << 401 << QStringLiteral("Not authenticated")
                               << false;
    QTest::newRow("expired") << ContractServer::token(Admin, -60, secret, issuer) << 401
                             << QStringLiteral("Token expired") << false;
    QTest::newRow("bad signature")
        << ContractServer::token(Admin, 600, secret + QStringLiteral("x"), issuer) << 401
        << QStringLiteral("Invalid token: ") << true;
    QTest::newRow("other audience")
        << ContractServer::token(Admin, 600, secret, issuer, QStringLiteral("anon")) << 401
        << QStringLiteral("Invalid token: ") << true;
    QTest::newRow("other issuer") << ContractServer::token(
                                         Admin, 600, secret,
                                         QStringLiteral("http://other.test/auth/v1"))
                                  << 401 << QStringLiteral("Invalid token: ") << true;
    QTest::newRow("garbage") << QByteArray("not.a.jwt") << 401 << QStringLiteral("Invalid token: ")
                             << true;
    QTest::newRow("no membership")
        << ContractServer::token(Stranger, 600, secret, issuer) << 403
        << QStringLiteral("No membership found. Please complete account setup.") << false;
    QTest::newRow("suspended") << ContractServer::token(Suspended, 600, secret, issuer) << 403
                               << QStringLiteral("Membership suspended") << false;
    QTest::newRow("not admin") << ContractServer::token(Va, 600, secret, issuer) << 403
                               << QStringLiteral("Permission denied: admin.automation required")
                               << false;
}

void TestContractServer::shouldRefuseBadCredentials()
{
    QFETCH(QByteArray, token);
    QFETCH(int, status);
    QFETCH(QString, detail);
    QFETCH(bool, prefixOnly);

    for (const QString &path : {QStringLiteral("/sellers/audit-log"), QStringLiteral("/sellers")}) {
        const Response r = send(endpoint(m_server->url(), path), "GET", token);
        QCOMPARE(r.status, status);
        if (prefixOnly) {
            QVERIFY2(r.detail().startsWith(detail) && r.detail().size() > detail.size(),
                     r.body.constData());
        } else {
            QCOMPARE(r.detail(), detail);
        }
    }
    // The writes refuse the same way, and write nothing.
    const QString before = scalar(QStringLiteral("SELECT count(*) FROM seller_audit_log"));
    const QByteArray body = R"({"seller_names": ["x"], "export_format": "csv"})";
    const Response r =
        send(endpoint(m_server->url(), QStringLiteral("/sellers/log-export")), "POST", token, body);
    QCOMPARE(r.status, status);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM seller_audit_log")), before);
}

void TestContractServer::shouldListTheOrgsRowsNewestFirst()
{
    const Response r = get(QStringLiteral("/sellers/audit-log"), {}, Admin);
    QCOMPARE(r.status, 200);
    QCOMPARE(total(r), 7);
    QCOMPARE(entryIds(r),
             QStringList({R7BulkRemove, R6Export, R5Flag, R4Remove, R3Edit, R2BulkAdd, R1Add}));

    // Exactly the upstream fields: no old_value, seller_id or source_criteria.
    const QJsonObject add = entryById(r, R1Add);
    QStringList keys = add.keys();
    keys.sort();
    QCOMPARE(keys,
             QStringList({QStringLiteral("action"), QStringLiteral("affected_count"),
                          QStringLiteral("created_at"), QStringLiteral("id"),
                          QStringLiteral("new_value"), QStringLiteral("seller_count_snapshot"),
                          QStringLiteral("seller_name"), QStringLiteral("source"),
                          QStringLiteral("source_run_id"), QStringLiteral("user_id")}));
    QCOMPARE(add.value(QStringLiteral("action")).toString(), QStringLiteral("add"));
    QCOMPARE(add.value(QStringLiteral("seller_name")).toString(), QStringLiteral("Alpha"));
    QCOMPARE(add.value(QStringLiteral("source")).toString(), QStringLiteral("manual"));
    QVERIFY(add.value(QStringLiteral("source_run_id")).isNull());
    QCOMPARE(add.value(QStringLiteral("user_id")).toString(), Admin);
    QCOMPARE(add.value(QStringLiteral("affected_count")).toInt(), 1);
    QCOMPARE(add.value(QStringLiteral("seller_count_snapshot")).toInt(), 3);

    // new_value is a JSON string holding JSON text (clients parse twice);
    // the rows without one (r7's old_value is a real object) give null.
    QVERIFY(add.value(QStringLiteral("new_value")).isString());
    QCOMPARE(add.value(QStringLiteral("new_value")).toString(),
             QStringLiteral(R"({"display_name": "Alpha"})"));
    QCOMPARE(entryById(r, R2BulkAdd).value(QStringLiteral("new_value")).toString(),
             QStringLiteral(R"({"names": ["Beta", "Gamma"]})"));
    QVERIFY(entryById(r, R4Remove).value(QStringLiteral("new_value")).isNull());
    QVERIFY(entryById(r, R7BulkRemove).value(QStringLiteral("new_value")).isNull());

    // limit and offset.
    const Response page = get(QStringLiteral("/sellers/audit-log"),
                              {{QStringLiteral("limit"), QStringLiteral("2")},
                               {QStringLiteral("offset"), QStringLiteral("5")}},
                              Admin);
    QCOMPARE(page.status, 200);
    QCOMPARE(total(page), 7);
    QCOMPARE(entryIds(page), QStringList({R2BulkAdd, R1Add}));

    // Another org's admin sees only that org.
    const Response other = get(QStringLiteral("/sellers/audit-log"), {}, OtherAdmin);
    QCOMPARE(other.status, 200);
    QCOMPARE(entryIds(other), QStringList({OtherRow}));
}

void TestContractServer::shouldMatchUntrimmedActionTypes_data()
{
    QTest::addColumn<QString>("actionTypes");
    QTest::addColumn<QStringList>("ids");

    QTest::newRow("a space is part of the value")
        << QStringLiteral("add, flag") << QStringList({R2BulkAdd, R1Add});
    QTest::newRow("no space") << QStringLiteral("add,flag")
                              << QStringList({R5Flag, R2BulkAdd, R1Add});
    QTest::newRow("unknown values match nothing")
        << QStringLiteral("flag,bogus,") << QStringList({R5Flag});
    QTest::newRow("only unknown") << QStringLiteral("bogus") << QStringList();
    QTest::newRow("empty means all")
        << QString()
        << QStringList({R7BulkRemove, R6Export, R5Flag, R4Remove, R3Edit, R2BulkAdd, R1Add});
}

void TestContractServer::shouldMatchUntrimmedActionTypes()
{
    QFETCH(QString, actionTypes);
    QFETCH(QStringList, ids);

    const Response r = get(QStringLiteral("/sellers/audit-log"),
                           {{QStringLiteral("action_types"), actionTypes}}, Admin);
    QCOMPARE(r.status, 200);
    QCOMPARE(entryIds(r), ids);
    QCOMPARE(total(r), ids.size());
}

void TestContractServer::shouldFilterDatesInclusivelyAndVerbatim_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QStringList>("ids");

    QTest::newRow("date_to is inclusive") << QString() << QStringLiteral("2025-03-03T00:00:00Z")
                                          << QStringList({R3Edit, R2BulkAdd, R1Add});
    QTest::newRow("date_from is inclusive")
        << QStringLiteral("2025-03-03T00:00:00Z") << QString()
        << QStringList({R7BulkRemove, R6Export, R5Flag, R4Remove, R3Edit});
    QTest::newRow("a date alone is UTC midnight")
        << QStringLiteral("2025-03-04") << QStringLiteral("2025-03-05")
        << QStringList({R5Flag, R4Remove});
    QTest::newRow("an encoded offset") << QString() << QStringLiteral("2025-03-03T01:00:00+01:00")
                                       << QStringList({R3Edit, R2BulkAdd, R1Add});
    QTest::newRow("a microsecond before") << QStringLiteral("2025-03-02T10:00:00.123457Z")
                                          << QStringLiteral("2025-03-06T08:30:00.000001Z")
                                          << QStringList({R6Export, R5Flag, R4Remove, R3Edit});
}

void TestContractServer::shouldFilterDatesInclusivelyAndVerbatim()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QStringList, ids);

    Query query;
    if (!from.isEmpty())
        query.append({QStringLiteral("date_from"), from});
    if (!to.isEmpty())
        query.append({QStringLiteral("date_to"), to});
    const Response r = get(QStringLiteral("/sellers/audit-log"), query, Admin);
    QCOMPARE(r.status, 200);
    QCOMPARE(entryIds(r), ids);
    QCOMPARE(total(r), ids.size());
}

void TestContractServer::shouldFailOnAnUnparsableDate()
{
    // Postgres parses the value; its error is a plain 500, not a 422.
    const Response r = get(QStringLiteral("/sellers/audit-log"),
                           {{QStringLiteral("date_from"), QStringLiteral("not a date")}}, Admin);
    QCOMPARE(r.status, 500);
    QCOMPARE(r.body, QByteArray("Internal Server Error"));

    // An offset's '+' that is not percent-encoded arrives as a space, which
    // Postgres does not parse either.
    QUrl url = endpoint(m_server->url(), QStringLiteral("/sellers/audit-log"));
    url.setQuery(QStringLiteral("date_to=2025-03-03T01:00:00+01:00"), QUrl::StrictMode);
    QCOMPARE(url.toEncoded().right(6), QByteArray("+01:00"));
    const Response plus = send(url, "GET", m_server->tokenFor(Admin));
    QCOMPARE(plus.status, 500);
}

void TestContractServer::shouldRejectBadQueryTypes_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");

    QTest::newRow("limit=abc") << QStringLiteral("/sellers/audit-log") << QStringLiteral("limit")
                               << QStringLiteral("abc");
    QTest::newRow("offset=1.5") << QStringLiteral("/sellers/audit-log") << QStringLiteral("offset")
                                << QStringLiteral("1.5");
    QTest::newRow("sellers limit=x")
        << QStringLiteral("/sellers") << QStringLiteral("limit") << QStringLiteral("x");
}

void TestContractServer::shouldRejectBadQueryTypes()
{
    QFETCH(QString, path);
    QFETCH(QString, name);
    QFETCH(QString, value);

    const Response r = get(path, {{name, value}}, Admin);
    QCOMPARE(r.status, 422);
    const QJsonArray detail = r.object().value(QStringLiteral("detail")).toArray();
    QCOMPARE(detail.size(), 1);
    const QJsonObject error = detail.first().toObject();
    QCOMPARE(strings(error.value(QStringLiteral("loc"))),
             QStringList({QStringLiteral("query"), name}));
    QVERIFY(!error.value(QStringLiteral("msg")).toString().isEmpty());
    QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("type_error.integer"));
}

void TestContractServer::shouldCapEveryPageAtAThousandRows()
{
    const QString path = QStringLiteral("/sellers/audit-log");
    const Response first = get(path, {{QStringLiteral("limit"), QStringLiteral("5000")}}, CapAdmin);
    QCOMPARE(first.status, 200);
    QCOMPARE(entryCount(first), 1000);
    QCOMPARE(total(first), CapRows);
    const QJsonArray entries = first.object().value(QStringLiteral("entries")).toArray();
    QCOMPARE(entries.first().toObject().value(QStringLiteral("seller_name")).toString(),
             QStringLiteral("cap seller 1500"));
    QCOMPARE(entries.last().toObject().value(QStringLiteral("seller_name")).toString(),
             QStringLiteral("cap seller 501"));

    const Response rest = get(path,
                              {{QStringLiteral("limit"), QStringLiteral("5000")},
                               {QStringLiteral("offset"), QStringLiteral("1000")}},
                              CapAdmin);
    QCOMPARE(rest.status, 200);
    QCOMPARE(entryCount(rest), 500);
    QCOMPARE(total(rest), CapRows);

    // The total is the exact filtered count, beyond the cap too: rows 300..1500.
    const Response filtered =
        get(path,
            {{QStringLiteral("limit"), QStringLiteral("5000")},
             {QStringLiteral("date_from"), QStringLiteral("2024-01-01T05:00Z")}},
            CapAdmin);
    QCOMPARE(filtered.status, 200);
    QCOMPARE(entryCount(filtered), 1000);
    QCOMPARE(total(filtered), 1201);
}

void TestContractServer::shouldWriteTimestampsInTheChosenStyle()
{
    // The server of the other tests ends in Z; a zero fraction is left out.
    const Response z = get(QStringLiteral("/sellers/audit-log"), {}, Admin);
    QCOMPARE(z.status, 200);
    const auto createdAt = [](const Response &r, const QString &id) {
        return entryById(r, id).value(QStringLiteral("created_at")).toString();
    };
    QCOMPARE(createdAt(z, R1Add), QStringLiteral("2025-03-01T10:00:00Z"));
    QCOMPARE(createdAt(z, R2BulkAdd), QStringLiteral("2025-03-02T10:00:00.123456Z"));
    QCOMPARE(createdAt(z, R4Remove), QStringLiteral("2025-03-04T12:00:00.500000Z"));
    QCOMPARE(createdAt(z, R6Export), QStringLiteral("2025-03-06T08:30:00.000001Z"));

    QString why;
    ContractServer::Options options;
    options.timestamps = ContractServer::Timestamps::Offset;
    options.secret = m_server->secret();
    auto offsetServer = ContractServer::start(m_db->source(), options, &why);
    QVERIFY2(offsetServer, qPrintable(why));
    const Response offset =
        send(endpoint(offsetServer->url(), QStringLiteral("/sellers/audit-log")), "GET",
             offsetServer->tokenFor(Admin));
    QCOMPARE(offset.status, 200);
    QCOMPARE(createdAt(offset, R1Add), QStringLiteral("2025-03-01T10:00:00+00:00"));
    QCOMPARE(createdAt(offset, R2BulkAdd), QStringLiteral("2025-03-02T10:00:00.123456+00:00"));
    offsetServer.reset();

    options.timestamps = ContractServer::Timestamps::Mixed;
    auto mixedServer = ContractServer::start(m_db->source(), options, &why);
    QVERIFY2(mixedServer, qPrintable(why));
    const Response mixed = send(endpoint(mixedServer->url(), QStringLiteral("/sellers/audit-log")),
                                "GET", mixedServer->tokenFor(Admin));
    QCOMPARE(mixed.status, 200);
    const QJsonArray entries = mixed.object().value(QStringLiteral("entries")).toArray();
    QCOMPARE(entries.size(), 7);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString text =
            entries.at(i).toObject().value(QStringLiteral("created_at")).toString();
        QVERIFY2(text.endsWith(i % 2 == 0 ? QStringLiteral("Z") : QStringLiteral("+00:00")),
                 qPrintable(text));
    }
}

void TestContractServer::shouldFailOnlyPagesHoldingARealJsonValue()
{
    const QString path = QStringLiteral("/sellers/audit-log");
    const auto page = [&](int limit, int offset) {
        return get(path,
                   {{QStringLiteral("limit"), QString::number(limit)},
                    {QStringLiteral("offset"), QString::number(offset)}},
                   QuirkAdmin);
    };
    // Rows 20..11: all strings.
    const Response clean = page(10, 0);
    QCOMPARE(clean.status, 200);
    QCOMPARE(entryCount(clean), 10);
    QCOMPARE(total(clean), 20);
    // Rows 10..1 hold q5's object and q2's array.
    const Response withObject = page(10, 10);
    QCOMPARE(withObject.status, 500);
    QCOMPARE(withObject.body, QByteArray("Internal Server Error"));
    QCOMPARE(page(1, 15).status, 500);               // q5 alone
    QCOMPARE(page(1, 18).status, 500);               // q2 alone
    QCOMPARE(page(2, 16).status, 200);               // q4, q3 between them
    QCOMPARE(get(path, {}, QuirkAdmin).status, 500); // the default page holds both
    // Filtering the rows away brings the listing back.
    const Response after = get(
        path, {{QStringLiteral("date_from"), QStringLiteral("2024-02-01T00:06:00Z")}}, QuirkAdmin);
    QCOMPARE(after.status, 200);
    QCOMPARE(total(after), 15);
}

void TestContractServer::shouldDescribeAnEntrysSellers_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QStringList>("sellers");
    QTest::addColumn<QStringList>("added");
    QTest::addColumn<QStringList>("removed");

    const QString alpha = QStringLiteral("Alpha");
    const QString beta = QStringLiteral("Beta");
    const QString gamma = QStringLiteral("Gamma");
    const QString gamma2 = QStringLiteral("Gamma2");
    QTest::newRow("add") << R1Add << QStringList({alpha}) << QStringList({alpha}) << QStringList();
    QTest::newRow("bulk add") << R2BulkAdd << QStringList({alpha, beta, gamma})
                              << QStringList({beta, gamma}) << QStringList();
    QTest::newRow("edit") << R3Edit << QStringList({alpha, beta, gamma2}) << QStringList({gamma2})
                          << QStringList({gamma});
    QTest::newRow("remove") << R4Remove << QStringList({beta, gamma2}) << QStringList()
                            << QStringList({alpha});
    QTest::newRow("flag") << R5Flag << QStringList({beta, gamma2}) << QStringList()
                          << QStringList();
    QTest::newRow("export") << R6Export << QStringList({beta, gamma2}) << QStringList()
                            << QStringList();
    QTest::newRow("bulk remove, a real object")
        << R7BulkRemove << QStringList({gamma2}) << QStringList() << QStringList({beta});
}

void TestContractServer::shouldDescribeAnEntrysSellers()
{
    QFETCH(QString, id);
    QFETCH(QStringList, sellers);
    QFETCH(QStringList, added);
    QFETCH(QStringList, removed);

    const Response r = get(QStringLiteral("/sellers/audit-log/%1/sellers").arg(id), {}, Admin);
    QCOMPARE(r.status, 200);
    QCOMPARE(strings(r.object().value(QStringLiteral("sellers"))), sellers);
    QCOMPARE(r.object().value(QStringLiteral("count")).toInt(), sellers.size());
    QCOMPARE(strings(r.object().value(QStringLiteral("added"))), added);
    QCOMPARE(strings(r.object().value(QStringLiteral("removed"))), removed);
}

void TestContractServer::shouldReplayOnlyAThousandRows()
{
    const QString newest = scalar(QStringLiteral("SELECT id FROM seller_audit_log WHERE "
                                                 "seller_name = 'cap seller 1500'"));
    const Response r =
        get(QStringLiteral("/sellers/audit-log/%1/sellers").arg(newest), {}, CapAdmin);
    QCOMPARE(r.status, 200);
    // Wrong on purpose: 1500 sellers were added, the replay saw the oldest 1000.
    QCOMPARE(r.object().value(QStringLiteral("count")).toInt(), 1000);
    QVERIFY(!strings(r.object().value(QStringLiteral("sellers")))
                 .contains(QStringLiteral("cap seller 1500")));
    QCOMPARE(strings(r.object().value(QStringLiteral("added"))),
             QStringList({QStringLiteral("cap seller 1500")}));
}

void TestContractServer::shouldNotFindOtherOrgsOrUnknownEntries()
{
    for (const QString &id : {OtherRow, TestDatabase::uuid(999)}) {
        const Response r = get(QStringLiteral("/sellers/audit-log/%1/sellers").arg(id), {}, Admin);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.detail(), QStringLiteral("Log entry not found"));
    }
    // A malformed id fails in the database: a plain 500.
    const Response malformed =
        get(QStringLiteral("/sellers/audit-log/not-a-uuid/sellers"), {}, Admin);
    QCOMPARE(malformed.status, 500);
    QCOMPARE(malformed.body, QByteArray("Internal Server Error"));
}

void TestContractServer::shouldListSellersBeyondTheRowCap()
{
    // Above the cap the service pages internally: not capped.
    const Response all = get(QStringLiteral("/sellers"),
                             {{QStringLiteral("limit"), QStringLiteral("5000")}}, CapAdmin);
    QCOMPARE(all.status, 200);
    QCOMPARE(total(all), CapSellers);
    const QJsonArray sellers = all.object().value(QStringLiteral("sellers")).toArray();
    QCOMPARE(sellers.size(), CapSellers);
    QSet<QString> ids;
    for (const QJsonValue &s : sellers)
        ids.insert(s.toObject().value(QStringLiteral("id")).toString());
    QCOMPARE(ids.size(), CapSellers);

    const QJsonObject newest = sellers.first().toObject();
    QStringList keys = newest.keys();
    keys.sort();
    QCOMPARE(keys, QStringList({QStringLiteral("created_at"), QStringLiteral("display_name"),
                                QStringLiteral("first_seen_run_id"), QStringLiteral("flagged"),
                                QStringLiteral("id"), QStringLiteral("last_seen_run_id"),
                                QStringLiteral("normalized_name"), QStringLiteral("platform"),
                                QStringLiteral("platform_id"), QStringLiteral("times_seen")}));
    QCOMPARE(newest.value(QStringLiteral("display_name")).toString(), QStringLiteral("Cap 1200"));
    QCOMPARE(newest.value(QStringLiteral("normalized_name")).toString(),
             QStringLiteral("cap 1200"));
    QCOMPARE(newest.value(QStringLiteral("platform")).toString(), QStringLiteral("ebay"));
    QVERIFY(newest.value(QStringLiteral("platform_id")).isNull());
    QCOMPARE(newest.value(QStringLiteral("times_seen")).toInt(), 1);
    QCOMPARE(newest.value(QStringLiteral("flagged")).toBool(), false);
    QCOMPARE(newest.value(QStringLiteral("created_at")).toString(),
             QStringLiteral("2024-01-01T00:20:00Z"));

    // The default limit is the cap; limit and offset page.
    const Response byDefault = get(QStringLiteral("/sellers"), {}, CapAdmin);
    QCOMPARE(byDefault.object().value(QStringLiteral("sellers")).toArray().size(), 1000);
    const Response page = get(QStringLiteral("/sellers"),
                              {{QStringLiteral("limit"), QStringLiteral("2")},
                               {QStringLiteral("offset"), QStringLiteral("1")}},
                              CapAdmin);
    QCOMPARE(page.status, 200);
    QCOMPARE(total(page), CapSellers);
    const QJsonArray two = page.object().value(QStringLiteral("sellers")).toArray();
    QCOMPARE(two.size(), 2);
    QCOMPARE(two.at(0).toObject().value(QStringLiteral("display_name")).toString(),
             QStringLiteral("Cap 1199"));
}

void TestContractServer::shouldRecordOneExportRowOfTheUpstreamShape()
{
    const QString countExports =
        QStringLiteral(
            "SELECT count(*) FROM seller_audit_log WHERE org_id = '%1' AND action = 'export'")
            .arg(WriteOrg);
    QCOMPARE(scalar(countExports), QStringLiteral("0"));
    const QStringList names = {QStringLiteral("Beta"), QStringLiteral("Zoë"),
                               QStringLiteral("Quote \"q\""), QStringLiteral("Smile 😀")};
    const Response r = post(QStringLiteral("/sellers/log-export"),
                            {{QStringLiteral("seller_names"), QJsonArray::fromStringList(names)},
                             {QStringLiteral("export_format"), QStringLiteral("csv")}},
                            Writer);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object(), QJsonObject({{QStringLiteral("status"), QStringLiteral("recorded")}}));
    QCOMPARE(scalar(countExports), QStringLiteral("1"));

    const QString rowSql =
        QStringLiteral("SELECT seller_id, seller_name, old_value, jsonb_typeof(new_value), "
                       "new_value #>> '{}', "
                       "source, source_run_id, user_id, affected_count, seller_count_snapshot "
                       "FROM seller_audit_log WHERE org_id = '%1' AND action = 'export' "
                       "ORDER BY created_at DESC LIMIT 1")
            .arg(WriteOrg);
    // The bytes of Python's json.dumps: ", " and ": ", ASCII only (\uXXXX,
    // surrogate pairs beyond the BMP), format before sellers.
    const QString dumps = QStringLiteral(
        R"({"format": "csv", "sellers": ["Beta", "Zo\u00eb", "Quote \"q\"", "Smile \ud83d\ude00"]})");
    QCOMPARE(row(rowSql, 10),
             QStringList({QStringLiteral("<null>"), QStringLiteral("Exported 4 sellers as csv"),
                          QStringLiteral("<null>"), QStringLiteral("string"), dumps,
                          QStringLiteral("manual"), QStringLiteral("<null>"), Writer,
                          QStringLiteral("4"), QString::number(WriteSellers)}));

    // An empty list is accepted and recorded too.
    const Response empty = post(QStringLiteral("/sellers/log-export"),
                                {{QStringLiteral("seller_names"), QJsonArray()},
                                 {QStringLiteral("export_format"), QStringLiteral("clipboard")}},
                                Writer);
    QCOMPARE(empty.status, 201);
    QCOMPARE(scalar(countExports), QStringLiteral("2"));
    QCOMPARE(row(rowSql, 10).mid(1, 4),
             QStringList({QStringLiteral("Exported 0 sellers as clipboard"),
                          QStringLiteral("<null>"), QStringLiteral("string"),
                          QStringLiteral(R"({"format": "clipboard", "sellers": []})")}));
}

void TestContractServer::shouldRefuseAnUnknownExportFormat()
{
    const QString countAll = QStringLiteral("SELECT count(*) FROM seller_audit_log");
    const QString before = scalar(countAll);
    const Response r = post(QStringLiteral("/sellers/log-export"),
                            {{QStringLiteral("seller_names"), QJsonArray({QStringLiteral("x")})},
                             {QStringLiteral("export_format"), QStringLiteral("xml")}},
                            Writer);
    QCOMPARE(r.status, 422);
    const QJsonArray detail = r.object().value(QStringLiteral("detail")).toArray();
    QCOMPARE(detail.size(), 1);
    QCOMPARE(strings(detail.first().toObject().value(QStringLiteral("loc"))),
             QStringList({QStringLiteral("body"), QStringLiteral("export_format")}));
    QCOMPARE(scalar(countAll), before);
}

void TestContractServer::shouldFlagInBatchesAndLogOneRow()
{
    const QString countFlags =
        QStringLiteral(
            "SELECT count(*) FROM seller_audit_log WHERE org_id = '%1' AND action = 'flag'")
            .arg(WriteOrg);
    const QString flaggedSql =
        QStringLiteral("SELECT count(*) FROM sellers WHERE org_id = '%1' AND flagged");
    const QString rowSql =
        QStringLiteral("SELECT seller_id, seller_name, old_value, jsonb_typeof(new_value), "
                       "new_value #>> '{}', "
                       "source, user_id, affected_count, seller_count_snapshot "
                       "FROM seller_audit_log WHERE org_id = '%1' AND action = 'flag' "
                       "ORDER BY created_at DESC LIMIT 1")
            .arg(WriteOrg);
    QCOMPARE(scalar(countFlags), QStringLiteral("0"));

    // 320 sellers of the org (three batches, the first 50 already flagged),
    // three unknown ids and two of another org.
    QJsonArray ids;
    QStringList names;
    for (int n = 1; n <= 320; ++n) {
        ids.append(sellerId(n));
        names << sellerName(n);
    }
    ids.insert(7, TestDatabase::uuid(99991));
    ids.insert(200, TestDatabase::uuid(6001));
    ids.append(TestDatabase::uuid(99992));
    ids.append(TestDatabase::uuid(6002));
    ids.append(TestDatabase::uuid(99993));
    const Response r =
        post(QStringLiteral("/sellers/flag-batch"),
             {{QStringLiteral("seller_ids"), ids}, {QStringLiteral("flagged"), true}}, Writer);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object(), QJsonObject({{QStringLiteral("updated_count"), 320}}));
    QCOMPARE(scalar(flaggedSql.arg(WriteOrg)), QStringLiteral("320"));
    QCOMPARE(scalar(QStringLiteral("SELECT string_agg(display_name, ',' ORDER BY display_name) "
                                   "FROM sellers WHERE org_id = '%1' AND NOT flagged "
                                   "AND display_name <= 'W321'")
                        .arg(WriteOrg)),
             QStringLiteral("W321"));
    QCOMPARE(scalar(flaggedSql.arg(Other)), QStringLiteral("0"));
    // One row for the whole batch, in the request's order.
    QCOMPARE(scalar(countFlags), QStringLiteral("1"));
    QCOMPARE(
        row(rowSql, 9),
        QStringList({QStringLiteral("<null>"), QStringLiteral("Flagged 320 sellers"),
                     QStringLiteral("<null>"), QStringLiteral("string"),
                     QStringLiteral(R"({"flagged": true, "sellers": )") + pythonList(names) + u'}',
                     QStringLiteral("manual"), Writer, QStringLiteral("320"),
                     QString::number(WriteSellers)}));

    // One seller: still "sellers".
    const Response one = post(QStringLiteral("/sellers/flag-batch"),
                              {{QStringLiteral("seller_ids"), QJsonArray({sellerId(1)})},
                               {QStringLiteral("flagged"), false}},
                              Writer);
    QCOMPARE(one.status, 200);
    QCOMPARE(one.object(), QJsonObject({{QStringLiteral("updated_count"), 1}}));
    QCOMPARE(scalar(flaggedSql.arg(WriteOrg)), QStringLiteral("319"));
    QCOMPARE(row(rowSql, 9).mid(1, 4),
             QStringList({QStringLiteral("Unflagged 1 sellers"), QStringLiteral("<null>"),
                          QStringLiteral("string"),
                          QStringLiteral(R"({"flagged": false, "sellers": ["W001"]})")}));

    // Nothing to flag still writes a row.
    const Response none = post(
        QStringLiteral("/sellers/flag-batch"),
        {{QStringLiteral("seller_ids"), QJsonArray()}, {QStringLiteral("flagged"), true}}, Writer);
    QCOMPARE(none.status, 200);
    QCOMPARE(none.object(), QJsonObject({{QStringLiteral("updated_count"), 0}}));
    QCOMPARE(scalar(countFlags), QStringLiteral("3"));
    QCOMPARE(row(rowSql, 9).mid(1, 4),
             QStringList({QStringLiteral("Flagged 0 sellers"), QStringLiteral("<null>"),
                          QStringLiteral("string"),
                          QStringLiteral(R"({"flagged": true, "sellers": []})")}));

    // A malformed id is a body type error: 422, nothing written.
    const Response malformed =
        post(QStringLiteral("/sellers/flag-batch"),
             {{QStringLiteral("seller_ids"), QJsonArray({sellerId(2), QStringLiteral("nope")})},
              {QStringLiteral("flagged"), false}},
             Writer);
    QCOMPARE(malformed.status, 422);
    QCOMPARE(scalar(countFlags), QStringLiteral("3"));
    QCOMPARE(scalar(flaggedSql.arg(WriteOrg)), QStringLiteral("319"));
}

void TestContractServer::shouldToggleOneSellerWithoutAnAuditRow()
{
    const QString countAll = QStringLiteral("SELECT count(*) FROM seller_audit_log");
    const QString before = scalar(countAll);
    const QString flagged =
        QStringLiteral("SELECT flagged FROM sellers WHERE id = '%1'").arg(sellerId(400));
    QCOMPARE(scalar(flagged), QStringLiteral("false"));

    const QString path = QStringLiteral("/sellers/%1/flag").arg(sellerId(400));
    const Response on = post(path, {}, Writer);
    QCOMPARE(on.status, 200);
    QCOMPARE(on.object().value(QStringLiteral("flagged")).toBool(), true);
    QCOMPARE(scalar(flagged), QStringLiteral("true"));
    const Response off = post(path, {}, Writer);
    QCOMPARE(off.status, 200);
    QCOMPARE(off.object().value(QStringLiteral("flagged")).toBool(), false);
    QCOMPARE(scalar(flagged), QStringLiteral("false"));
    QCOMPARE(scalar(countAll), before);

    // Not the caller's org: not found, untouched.
    const Response other =
        post(QStringLiteral("/sellers/%1/flag").arg(TestDatabase::uuid(6003)), {}, Writer);
    QCOMPARE(other.status, 404);
    QCOMPARE(scalar(QStringLiteral("SELECT flagged FROM sellers WHERE id = '%1'")
                        .arg(TestDatabase::uuid(6003))),
             QStringLiteral("false"));
}

void TestContractServer::shouldSayWhyItCannotStart()
{
    QString source = m_db->source();
    source.truncate(source.lastIndexOf(u'/') + 1);
    QString why;
    const auto server = ContractServer::start(source + QStringLiteral("sh_no_such_database"), &why);
    QVERIFY(!server);
    QVERIFY2(why.contains(QLatin1String("sh_no_such_database")), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestContractServer)
#include "tst_contractserver.moc"
