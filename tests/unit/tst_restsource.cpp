// The REST source against a scripted server: every failure a network or an
// API can produce becomes one clear SourceError of the right kind (never a
// crash, never a wrong row); reads are retried, writes are not; superseded
// requests are aborted; answers arriving out of order reach their own
// requests; the token and the query go out as the contract says.
#include "faultserver.h"
#include "restclient.h"
#include "restsource.h"
#include "sourcewait.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z

QByteArray entryJson(const QString &id, const QString &createdAt, const QString &action)
{
    return QJsonDocument(
               QJsonObject{
                   {QStringLiteral("id"), id},
                   {QStringLiteral("action"), action},
                   {QStringLiteral("seller_name"), QStringLiteral("Acme")},
                   {QStringLiteral("source"), QStringLiteral("manual")},
                   {QStringLiteral("source_run_id"), QJsonValue()},
                   {QStringLiteral("user_id"), QJsonValue()},
                   {QStringLiteral("created_at"), createdAt},
                   {QStringLiteral("affected_count"), 1},
                   {QStringLiteral("seller_count_snapshot"), QJsonValue()},
                   {QStringLiteral("new_value"), QStringLiteral("{\"display_name\": \"Acme\"}")},
               })
        .toJson(QJsonDocument::Compact);
}

QByteArray logJson(const QList<QByteArray> &entries, qint64 total)
{
    QByteArray out = "{\"entries\": [";
    for (qsizetype i = 0; i < entries.size(); ++i)
        out += (i ? "," : "") + entries.at(i);
    return out + "], \"total\": " + QByteArray::number(total) + '}';
}

// One row at the window's last instant: whatever the window, a valid answer.
FaultServer::Reply oneRowPerWindow(const FaultServer::Request &r, int *counter)
{
    const QString to = r.query.queryItemValue(QStringLiteral("date_to"), QUrl::FullyDecoded);
    const QString action =
        r.query.queryItemValue(QStringLiteral("action_types"), QUrl::FullyDecoded)
            .section(u',', 0, 0);
    const QString id =
        QStringLiteral("00000000-0000-4000-8000-%1").arg(++*counter, 12, 10, QLatin1Char('0'));
    return FaultServer::Reply::json(
        200, logJson({entryJson(id, to.isEmpty() ? Timestamp::toIsoUtc(Base) : to,
                                action.isEmpty() ? QStringLiteral("add") : action)},
                     1));
}

} // namespace

class TestRestSource : public QObject
{
    Q_OBJECT

private slots:
    void shouldMapServerErrorsToSourceErrors_data();
    void shouldMapServerErrorsToSourceErrors();
    void shouldRejectAnswersItCannotTrust_data();
    void shouldRejectAnswersItCannotTrust();
    void shouldRetryReadsThenSucceed();
    void shouldTimeOutAHangingServer();
    void shouldReportARefusedConnection();
    void shouldAbortASupersededRequest();
    void shouldDeliverOutOfOrderAnswersToTheirRequests();
    void shouldSendTheTokenAndTheContractsQuery();
    void shouldUseANewTokenAfterSigningInAgain();
    void shouldNotRetryAWrite();
    void shouldReportTheServersCountBesideWhatWasSent();
    void shouldNotResendAFlagWhenTheConnectionDrops();
    void shouldFindTheFlagsAuditRow_data();
    void shouldFindTheFlagsAuditRow();
    void shouldAcceptAFlagWhoseAnswerIsUnreadable_data();
    void shouldAcceptAFlagWhoseAnswerIsUnreadable();
    void shouldSayAFailedFlagMayBePartlyApplied_data();
    void shouldSayAFailedFlagMayBePartlyApplied();
    void shouldReadAnEntrysOwnSellerLists();
    void shouldTolerateARealObjectNewValue();

private:
    std::unique_ptr<RestSource> source(const FaultServer &server, int timeoutMs = 5000);
    SourceError failureOf(RestSource &source, HistorySource::RequestId id);
};

std::unique_ptr<RestSource> TestRestSource::source(const FaultServer &server, int timeoutMs)
{
    RestConnectionSpec spec;
    spec.baseUrl = server.url();
    spec.token = "test-token";
    spec.timeoutMs = timeoutMs;
    return std::make_unique<RestSource>(spec);
}

SourceError TestRestSource::failureOf(RestSource &source, HistorySource::RequestId id)
{
    QSignalSpy failed(&source, &HistorySource::failed);
    QSignalSpy pages(&source, &HistorySource::pageReady);
    if (!failed.wait(15000))
        return {SourceError::Kind::Failed, QStringLiteral("<no failure reported>")};
    if (!pages.isEmpty() || failed.first().at(0).value<HistorySource::RequestId>() != id)
        return {SourceError::Kind::Failed, QStringLiteral("<wrong signal>")};
    return failed.first().at(1).value<SourceError>();
}

void TestRestSource::shouldMapServerErrorsToSourceErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<SourceError::Kind>("kind");
    QTest::addColumn<QString>("says");
    QTest::addColumn<int>("attempts");
    QTest::newRow("expired token")
        << 401 << QByteArray(R"({"detail": "Token expired"})") << SourceError::Kind::Unauthenticated
        << QStringLiteral("Token expired") << 1;
    QTest::newRow("bad token")
        << 401 << QByteArray(R"({"detail": "Invalid token: Signature verification failed"})")
        << SourceError::Kind::Unauthenticated
        << QStringLiteral("Invalid token: Signature verification failed") << 1;
    QTest::newRow("no membership")
        << 403 << QByteArray(R"({"detail": "No membership found. Please complete account setup."})")
        << SourceError::Kind::Forbidden
        << QStringLiteral("No membership found. Please complete account setup.") << 1;
    QTest::newRow("not admin")
        << 403 << QByteArray(R"({"detail": "Permission denied: admin.automation required"})")
        << SourceError::Kind::Forbidden
        << QStringLiteral("Permission denied: admin.automation required") << 1;
    QTest::newRow("validation")
        << 422
        << QByteArray(
               R"({"detail": [{"loc": ["query", "limit"], "msg": "value is not a valid integer", "type": "type_error.integer"}]})")
        << SourceError::Kind::BadRequest
        << QStringLiteral("query.limit: value is not a valid integer") << 1;
    QTest::newRow("plain 500, not retried")
        << 500 << QByteArray("Internal Server Error") << SourceError::Kind::Failed
        << QStringLiteral("HTTP 500") << 1;
    QTest::newRow("503, retried") << 503 << QByteArray("") << SourceError::Kind::Failed
                                  << QStringLiteral("HTTP 503") << 3;
}

void TestRestSource::shouldMapServerErrorsToSourceErrors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(SourceError::Kind, kind);
    QFETCH(QString, says);
    QFETCH(int, attempts);
    FaultServer server;
    server.respond("GET", QStringLiteral("/sellers/audit-log"),
                   FaultServer::Reply::json(status, body));
    auto rest = source(server);
    const SourceError error = failureOf(*rest, rest->requestPage(PageRequest{}));
    QCOMPARE(error.kind, kind);
    QVERIFY2(error.message.contains(says), qPrintable(error.message));
    QCOMPARE(server.requestCount(QStringLiteral("/sellers/audit-log")), attempts);
}

void TestRestSource::shouldRejectAnswersItCannotTrust_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("truncateAfter");
    QTest::addColumn<SourceError::Kind>("kind");
    QTest::addColumn<QString>("says");
    const QByteArray good =
        entryJson(QStringLiteral("00000000-0000-4000-8000-000000000001"),
                  QStringLiteral("2025-01-01T00:00:00Z"), QStringLiteral("add"));
    const auto withField = [&](const QByteArray &from, const QByteArray &to) {
        QByteArray e = good;
        e.replace(from, to);
        return logJson({e}, 1);
    };
    QTest::newRow("not JSON") << QByteArray("<html>oops</html>") << qint64(-1)
                              << SourceError::Kind::BadData << QStringLiteral("not valid JSON");
    QTest::newRow("truncated body")
        << logJson({good, good, good}, 3) << qint64(40) << SourceError::Kind::Unreachable
        << QStringLiteral("before the answer was complete");
    QTest::newRow("entries not a list")
        << QByteArray(R"({"entries": {}, "total": 1})") << qint64(-1) << SourceError::Kind::BadData
        << QStringLiteral("\"entries\" is not a list");
    QTest::newRow("total missing")
        << QByteArray(R"({"entries": []})") << qint64(-1) << SourceError::Kind::BadData
        << QStringLiteral("\"total\" is missing");
    QTest::newRow("total as text")
        << QByteArray(R"({"entries": [], "total": "12"})") << qint64(-1)
        << SourceError::Kind::BadData << QStringLiteral("\"total\" is not a whole number");
    QTest::newRow("created_at missing")
        << withField("\"created_at\"", "\"created\"") << qint64(-1) << SourceError::Kind::BadData
        << QStringLiteral("\"created_at\" is missing");
    QTest::newRow("created_at unreadable")
        << withField("2025-01-01T00:00:00Z", "yesterday") << qint64(-1)
        << SourceError::Kind::BadData << QStringLiteral("\"created_at\" is not an ISO 8601 time");
    QTest::newRow("unknown action")
        << withField("\"add\"", "\"purge\"") << qint64(-1) << SourceError::Kind::BadData
        << QStringLiteral("\"action\" is \"purge\"");
    QTest::newRow("fractional count")
        << withField("\"affected_count\":1", "\"affected_count\":1.5") << qint64(-1)
        << SourceError::Kind::BadData << QStringLiteral("\"affected_count\" is not a whole number");
    QTest::newRow("id not a uuid")
        << withField("00000000-0000-4000-8000-000000000001", "42") << qint64(-1)
        << SourceError::Kind::BadData << QStringLiteral("\"id\" is not a UUID");
    QTest::newRow("seller_name as number")
        << withField("\"seller_name\":\"Acme\"", "\"seller_name\":7") << qint64(-1)
        << SourceError::Kind::BadData << QStringLiteral("\"seller_name\" is not text");
}

void TestRestSource::shouldRejectAnswersItCannotTrust()
{
    QFETCH(QByteArray, body);
    QFETCH(qint64, truncateAfter);
    QFETCH(SourceError::Kind, kind);
    QFETCH(QString, says);
    FaultServer server;
    FaultServer::Reply reply = FaultServer::Reply::json(200, body);
    reply.truncateAfter = truncateAfter;
    server.respond("GET", QStringLiteral("/sellers/audit-log"), reply);
    auto rest = source(server);
    const SourceError error = failureOf(*rest, rest->requestPage(PageRequest{}));
    QCOMPARE(error.kind, kind);
    QVERIFY2(error.message.contains(says), qPrintable(error.message));
}

void TestRestSource::shouldRetryReadsThenSucceed()
{
    FaultServer server;
    int counter = 0;
    int calls = 0;
    server.on("GET", QStringLiteral("/sellers/audit-log"), [&](const FaultServer::Request &r) {
        if (++calls <= 2) {
            FaultServer::Reply broken =
                FaultServer::Reply::json(calls == 1 ? 503 : 200, logJson({}, 0));
            broken.closeWithoutReply = calls == 2;
            return broken;
        }
        return oneRowPerWindow(r, &counter);
    });
    auto rest = source(server);
    QSignalSpy pages(rest.get(), &HistorySource::pageReady);
    PageRequest request;
    request.pageSize = 1;
    request.snapshot = Base;
    rest->requestPage(request);
    QVERIFY(pages.wait(10000));
    QCOMPARE(pages.first().at(1).value<PageResult>().entries.size(), 1);
}

void TestRestSource::shouldTimeOutAHangingServer()
{
    FaultServer server;
    FaultServer::Reply hang;
    hang.hangForever = true;
    server.respond("GET", QStringLiteral("/sellers/audit-log"), hang);
    auto rest = source(server, 300);
    QElapsedTimer timer;
    timer.start();
    const SourceError error = failureOf(*rest, rest->requestPage(PageRequest{}));
    QCOMPARE(error.kind, SourceError::Kind::Timeout);
    QVERIFY2(error.message.contains(QLatin1String("did not answer")), qPrintable(error.message));
    QCOMPARE(server.requestCount(QStringLiteral("/sellers/audit-log")),
             3); // a read is tried three times
    QVERIFY(timer.elapsed() < 8000);
}

void TestRestSource::shouldReportARefusedConnection()
{
    QUrl closed;
    {
        FaultServer gone;
        closed = gone.url();
    }
    RestConnectionSpec spec;
    spec.baseUrl = closed;
    spec.token = "t";
    RestSource rest(spec);
    const SourceError error = failureOf(rest, rest.requestPage(PageRequest{}));
    QCOMPARE(error.kind, SourceError::Kind::Unreachable);
    QVERIFY2(error.message.contains(QLatin1String("127.0.0.1")), qPrintable(error.message));
}

void TestRestSource::shouldAbortASupersededRequest()
{
    FaultServer server;
    FaultServer::Reply slow = FaultServer::Reply::json(200, logJson({}, 0));
    slow.delayMs = 3000;
    server.respond("GET", QStringLiteral("/sellers/audit-log"), slow);
    auto rest = source(server);
    QSignalSpy pages(rest.get(), &HistorySource::pageReady);
    QSignalSpy failed(rest.get(), &HistorySource::failed);
    const auto id = rest->requestPage(PageRequest{});
    QTRY_COMPARE(server.openConnections(), 1);
    rest->cancel(id);
    QTRY_COMPARE(server.openConnections(), 0); // the reply was aborted, not left to finish
    QTest::qWait(200);
    QCOMPARE(pages.size(), 0);
    QCOMPARE(failed.size(), 0);
}

void TestRestSource::shouldDeliverOutOfOrderAnswersToTheirRequests()
{
    FaultServer server;
    int counter = 0;
    server.on("GET", QStringLiteral("/sellers/audit-log"), [&](const FaultServer::Request &r) {
        FaultServer::Reply reply = oneRowPerWindow(r, &counter);
        // The flag request's answers are slow, the edit request's fast.
        reply.delayMs =
            r.query.queryItemValue(QStringLiteral("action_types")) == QLatin1String("flag") ? 600
                                                                                            : 10;
        return reply;
    });
    auto rest = source(server);
    QSignalSpy pages(rest.get(), &HistorySource::pageReady);
    PageRequest flags;
    flags.pageSize = 1;
    flags.snapshot = Base;
    flags.filter.actions = Action::Flag;
    PageRequest edits = flags;
    edits.filter.actions = Action::Edit;
    const auto flagId = rest->requestPage(flags);
    const auto editId = rest->requestPage(edits);
    QTRY_COMPARE_WITH_TIMEOUT(pages.size(), 2, 10000);
    QCOMPARE(pages.at(0).at(0).value<HistorySource::RequestId>(), editId); // the fast one first
    QCOMPARE(pages.at(1).at(0).value<HistorySource::RequestId>(), flagId);
    QCOMPARE(pages.at(0).at(1).value<PageResult>().entries.first().action, Action::Edit);
    QCOMPARE(pages.at(1).at(1).value<PageResult>().entries.first().action, Action::Flag);
}

void TestRestSource::shouldSendTheTokenAndTheContractsQuery()
{
    FaultServer server;
    int counter = 0;
    server.on("GET", QStringLiteral("/sellers/audit-log"),
              [&](const FaultServer::Request &r) { return oneRowPerWindow(r, &counter); });
    auto rest = source(server);
    QSignalSpy pages(rest.get(), &HistorySource::pageReady);
    PageRequest request;
    request.pageSize = 1;
    request.snapshot = Base;
    request.filter.actions = Actions(Action::Add) | Action::Flag;
    request.filter.from = Base - Timestamp::MicrosPerDay * 30;
    rest->requestPage(request);
    QVERIFY(pages.wait(10000));
    const FaultServer::Request first = server.requests().first();
    QCOMPARE(first.headers.value("authorization"), QByteArray("Bearer test-token"));
    QCOMPARE(first.query.queryItemValue(QStringLiteral("action_types"), QUrl::FullyDecoded),
             QStringLiteral("add,flag"));
    QCOMPARE(first.query.queryItemValue(QStringLiteral("limit")), QStringLiteral("1000"));
    // date_to is inclusive: the exclusive end (snapshot + 1 µs) minus 1 µs.
    QCOMPARE(first.query.queryItemValue(QStringLiteral("date_to"), QUrl::FullyDecoded),
             Timestamp::toIsoUtc(Base));
    // And a '+' in any value is sent percent-encoded, never as a bare '+'.
    RestClient client(RestConnectionSpec{QUrl(QStringLiteral("http://h")), "t"});
    const QUrl url =
        client.urlFor(QStringLiteral("/x"),
                      {{QStringLiteral("date_from"), QStringLiteral("2025-01-01T00:00:00+01:00")}});
    QCOMPARE(url.query(QUrl::FullyEncoded),
             QStringLiteral("date_from=2025-01-01T00%3A00%3A00%2B01%3A00"));
}

void TestRestSource::shouldUseANewTokenAfterSigningInAgain()
{
    FaultServer server;
    int counter = 0;
    server.on("GET", QStringLiteral("/sellers/audit-log"), [&](const FaultServer::Request &r) {
        if (r.headers.value("authorization") != "Bearer fresh")
            return FaultServer::Reply::json(401, R"({"detail": "Token expired"})");
        return oneRowPerWindow(r, &counter);
    });
    auto rest = source(server);
    QVERIFY(rest->canReauthenticate());
    PageRequest request;
    request.pageSize = 1;
    request.snapshot = Base;
    QCOMPARE(failureOf(*rest, rest->requestPage(request)).kind, SourceError::Kind::Unauthenticated);
    rest->setCredentials("fresh");
    QSignalSpy pages(rest.get(), &HistorySource::pageReady);
    rest->requestPage(request);
    QVERIFY(pages.wait(10000));
}

void TestRestSource::shouldNotRetryAWrite()
{
    FaultServer server;
    server.respond("POST", QStringLiteral("/sellers/log-export"),
                   FaultServer::Reply::json(503, "{}"));
    RestClient client(RestConnectionSpec{server.url(), "t"});
    std::optional<SourceError> error;
    client.post(QStringLiteral("/sellers/log-export"),
                R"({"seller_names": [], "export_format": "csv"})",
                [&](std::optional<QByteArray>, const SourceError &e) { error = e; });
    QTRY_VERIFY(error.has_value());
    QCOMPARE(error->kind, SourceError::Kind::Failed);
    QTest::qWait(1500); // longer than any backoff
    QCOMPARE(server.requestCount(QStringLiteral("/sellers/log-export")), 1);
}

namespace {

// GET /sellers with two unflagged sellers and a flagged one.
void serveThreeSellers(FaultServer &server)
{
    QJsonArray sellers;
    for (int i = 1; i <= 3; ++i) {
        sellers.append(QJsonObject{
            {QStringLiteral("id"), QStringLiteral("00000000-0000-4000-8000-00000000000%1").arg(i)},
            {QStringLiteral("display_name"), QStringLiteral("Seller %1").arg(i)},
            {QStringLiteral("normalized_name"), QStringLiteral("seller %1").arg(i)},
            {QStringLiteral("platform"), QStringLiteral("ebay")},
            {QStringLiteral("platform_id"), QJsonValue()},
            {QStringLiteral("times_seen"), 1},
            {QStringLiteral("first_seen_run_id"), QJsonValue()},
            {QStringLiteral("last_seen_run_id"), QJsonValue()},
            {QStringLiteral("flagged"), i == 3},
            {QStringLiteral("created_at"), QStringLiteral("2025-01-0%1T00:00:00Z").arg(i)},
        });
    }
    server.respond("GET", QStringLiteral("/sellers"),
                   FaultServer::Reply::json(
                       200, QJsonDocument(QJsonObject{{QStringLiteral("sellers"), sellers},
                                                      {QStringLiteral("total"), 3}})
                                .toJson()));
}

FlagRequest flagAllThree()
{
    FlagRequest request;
    for (int i = 1; i <= 3; ++i)
        request.sellerIds << QStringLiteral("00000000-0000-4000-8000-00000000000%1").arg(i);
    return request;
}

constexpr auto FlagRowId = "00000000-0000-4000-8000-0000000000f1";

// GET /sellers/audit-log with one "flagged" row as the service writes it.
void serveFlagRow(FaultServer &server, const QStringList &names, int affectedCount)
{
    const QString newValue = QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("flagged"), true},
                                  {QStringLiteral("sellers"), QJsonArray::fromStringList(names)}})
            .toJson(QJsonDocument::Compact));
    QJsonObject e = QJsonDocument::fromJson(entryJson(QLatin1String(FlagRowId),
                                                      Timestamp::toIsoUtc(Timestamp::now()),
                                                      QStringLiteral("flag")))
                        .object();
    e.insert(QStringLiteral("seller_name"), QStringLiteral("Flagged %1 sellers").arg(names.size()));
    e.insert(QStringLiteral("affected_count"), affectedCount);
    e.insert(QStringLiteral("new_value"), newValue);
    server.respond("GET", QStringLiteral("/sellers/audit-log"),
                   FaultServer::Reply::json(
                       200, logJson({QJsonDocument(e).toJson(QJsonDocument::Compact)}, 1)));
}

const QStringList SentNames{QStringLiteral("Seller 1"), QStringLiteral("Seller 2")};

} // namespace

void TestRestSource::shouldReportTheServersCountBesideWhatWasSent()
{
    FaultServer server;
    serveThreeSellers(server);
    server.respond("POST", QStringLiteral("/sellers/flag-batch"),
                   FaultServer::Reply::json(200, R"({"updated_count": 1})"));
    RestSource rest(RestConnectionSpec{server.url(), "t"});
    SourceError error;
    const auto result = awaitAnswer<FlagResult>(rest, rest.requestFlag(flagAllThree()),
                                                &HistorySource::flagDone, &error);
    QVERIFY2(result, qPrintable(error.message));
    // Only the two unflagged ones were sent; the server says it updated one.
    const auto posts = server.requests();
    const auto post = std::find_if(posts.cbegin(), posts.cend(),
                                   [](const auto &r) { return r.method == "POST"; });
    QVERIFY(post != posts.cend());
    const QJsonObject body = QJsonDocument::fromJson(post->body).object();
    QCOMPARE(body.value(QStringLiteral("seller_ids")).toArray().size(), 2);
    QCOMPARE(body.value(QStringLiteral("flagged")).toBool(), true);
    QCOMPARE(result->changed, 2);
    QCOMPARE(result->requested, 3);
    QCOMPARE(result->serverCount, std::optional<int>(1));
}

void TestRestSource::shouldNotResendAFlagWhenTheConnectionDrops()
{
    FaultServer server;
    serveThreeSellers(server);
    FaultServer::Reply drop;
    drop.closeWithoutReply = true;
    server.respond("POST", QStringLiteral("/sellers/flag-batch"), drop);
    RestSource rest(RestConnectionSpec{server.url(), "t"});
    SourceError error;
    const auto result = awaitAnswer<FlagResult>(rest, rest.requestFlag(flagAllThree()),
                                                &HistorySource::flagDone, &error);
    QVERIFY(!result);
    QTest::qWait(1500); // longer than any backoff
    // A resent flag would write a second audit row upstream.
    QCOMPARE(server.requestCount(QStringLiteral("/sellers/flag-batch")), 1);
    // The request went out and no answer came: it may have been applied.
    QVERIFY2(error.message.contains(QLatin1String("may")), qPrintable(error.message));
}

void TestRestSource::shouldFindTheFlagsAuditRow_data()
{
    QTest::addColumn<QStringList>("storedNames");
    QTest::addColumn<int>("affectedCount");
    QTest::addColumn<bool>("found");
    QTest::newRow("names as sent") << SentNames << 2 << true;
    QTest::newRow("names in another order")
        << QStringList{SentNames.at(1), SentNames.at(0)} << 2 << true;
    QTest::newRow("same names, another count") << SentNames << 3 << false;
    QTest::newRow("other names") << QStringList{SentNames.at(0)} << 2 << false;
}

void TestRestSource::shouldFindTheFlagsAuditRow()
{
    QFETCH(QStringList, storedNames);
    QFETCH(int, affectedCount);
    QFETCH(bool, found);
    FaultServer server;
    serveThreeSellers(server);
    server.respond("POST", QStringLiteral("/sellers/flag-batch"),
                   FaultServer::Reply::json(200, R"({"updated_count": 2})"));
    serveFlagRow(server, storedNames, affectedCount);
    RestSource rest(RestConnectionSpec{server.url(), "t"});
    SourceError error;
    const auto result = awaitAnswer<FlagResult>(rest, rest.requestFlag(flagAllThree()),
                                                &HistorySource::flagDone, &error);
    QVERIFY2(result, qPrintable(error.message));
    QCOMPARE(result->changedNames, SentNames);
    QCOMPARE(result->auditEntryId, found ? QString::fromLatin1(FlagRowId) : QString());
}

void TestRestSource::shouldAcceptAFlagWhoseAnswerIsUnreadable_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::newRow("not JSON") << QByteArray("<html>OK</html>");
    QTest::newRow("no updated count") << QByteArray(R"({"status": "ok"})");
    QTest::newRow("empty") << QByteArray();
}

void TestRestSource::shouldAcceptAFlagWhoseAnswerIsUnreadable()
{
    QFETCH(QByteArray, answer);
    FaultServer server;
    serveThreeSellers(server);
    server.respond("POST", QStringLiteral("/sellers/flag-batch"),
                   FaultServer::Reply::json(200, answer));
    serveFlagRow(server, SentNames, 2);
    RestSource rest(RestConnectionSpec{server.url(), "t"});
    SourceError error;
    const auto result = awaitAnswer<FlagResult>(rest, rest.requestFlag(flagAllThree()),
                                                &HistorySource::flagDone, &error);
    // The server said 2xx: the write went through, so it is not an error.
    QVERIFY2(result, qPrintable(error.message));
    QVERIFY(!result->warning.isEmpty());
    QCOMPARE(result->serverCount, std::nullopt);
    QCOMPARE(result->changedIds, flagAllThree().sellerIds.mid(0, 2));
    QCOMPARE(result->changed, 2);
    // Its audit row is still looked up, for undo.
    QCOMPARE(result->auditEntryId, QString::fromLatin1(FlagRowId));
}

void TestRestSource::shouldSayAFailedFlagMayBePartlyApplied_data()
{
    QTest::addColumn<QString>("failingPath");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("status");
    QTest::addColumn<SourceError::Kind>("kind");
    QTest::addColumn<bool>("mayHaveChanged");
    const QString batch = QStringLiteral("/sellers/flag-batch");
    QTest::newRow("flag-batch 500")
        << batch << QByteArray("POST") << 500 << SourceError::Kind::Failed << true;
    QTest::newRow("flag-batch 503")
        << batch << QByteArray("POST") << 503 << SourceError::Kind::Failed << true;
    QTest::newRow("flag-batch 422")
        << batch << QByteArray("POST") << 422 << SourceError::Kind::BadRequest << false;
    QTest::newRow("reading the sellers 500") << QStringLiteral("/sellers") << QByteArray("GET")
                                             << 500 << SourceError::Kind::Failed << false;
}

void TestRestSource::shouldSayAFailedFlagMayBePartlyApplied()
{
    QFETCH(QString, failingPath);
    QFETCH(QByteArray, method);
    QFETCH(int, status);
    QFETCH(SourceError::Kind, kind);
    QFETCH(bool, mayHaveChanged);
    FaultServer server;
    serveThreeSellers(server);
    server.respond("POST", QStringLiteral("/sellers/flag-batch"),
                   FaultServer::Reply::json(200, R"({"updated_count": 2})"));
    server.respond(method, failingPath,
                   FaultServer::Reply::json(status, R"({"detail": "database error"})"));
    RestSource rest(RestConnectionSpec{server.url(), "t"});
    SourceError error;
    const auto result = awaitAnswer<FlagResult>(rest, rest.requestFlag(flagAllThree()),
                                                &HistorySource::flagDone, &error);
    QVERIFY(!result);
    QCOMPARE(error.kind, kind);
    QVERIFY2(error.message.contains(QLatin1String("database error")), qPrintable(error.message));
    QCOMPARE(error.message.contains(QLatin1String("may have changed some of the sellers")),
             mayHaveChanged);
}

void TestRestSource::shouldReadAnEntrysOwnSellerLists()
{
    FaultServer server;
    server.respond(
        "GET", QStringLiteral("/sellers/audit-log/00000000-0000-4000-8000-000000000001/sellers"),
        FaultServer::Reply::json(
            200, R"({"sellers": ["x"], "count": 1, "added": [], "removed": ["Ørsted", "b"]})"));
    server.respond(
        "GET", QStringLiteral("/sellers/audit-log/00000000-0000-4000-8000-000000000002/sellers"),
        FaultServer::Reply::json(404, R"({"detail": "Log entry not found"})"));
    auto rest = source(server);
    QVERIFY(rest->capabilities().entrySellers);
    QVERIFY(!rest->capabilities().search);
    QVERIFY(!rest->capabilities().searchUnavailable.isEmpty());
    QSignalSpy lists(rest.get(), &HistorySource::entrySellersReady);
    rest->requestEntrySellers(QStringLiteral("00000000-0000-4000-8000-000000000001"));
    QVERIFY(lists.wait(5000));
    const auto got = lists.first().at(1).value<HistorySource::EntrySellers>();
    QCOMPARE(got.removed, (QStringList{QStringLiteral("Ørsted"), QStringLiteral("b")}));
    QVERIFY(got.added.isEmpty());
    QSignalSpy failed(rest.get(), &HistorySource::failed);
    rest->requestEntrySellers(QStringLiteral("00000000-0000-4000-8000-000000000002"));
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.first().at(1).value<SourceError>().message.contains(
        QLatin1String("Log entry not found")));
}

void TestRestSource::shouldTolerateARealObjectNewValue()
{
    FaultServer server;
    server.on("GET", QStringLiteral("/sellers/audit-log"), [](const FaultServer::Request &r) {
        const QString to = r.query.queryItemValue(QStringLiteral("date_to"), QUrl::FullyDecoded);
        QByteArray e = entryJson(QStringLiteral("00000000-0000-4000-8000-000000000009"), to,
                                 QStringLiteral("flag"));
        e.replace(R"("new_value":"{\"display_name\": \"Acme\"}")",
                  R"("new_value":{"flagged": false, "sellers": ["A"]})");
        return FaultServer::Reply::json(200, logJson({e}, 1));
    });
    auto rest = source(server);
    QSignalSpy pages(rest.get(), &HistorySource::pageReady);
    PageRequest request;
    request.pageSize = 1;
    request.snapshot = Base;
    rest->requestPage(request);
    QVERIFY(pages.wait(10000));
    const AuditEntry e = pages.first().at(1).value<PageResult>().entries.first();
    QCOMPARE(e.newValue, QByteArray(R"({"flagged": false, "sellers": ["A"]})"));
}

QTEST_GUILESS_MAIN(TestRestSource)
#include "tst_restsource.moc"
