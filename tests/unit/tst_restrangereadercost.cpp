// What reading a range through the API costs in rows served: a window that
// comes back capped must not be fetched again whole. A scripted API on
// loopback (FaultServer) implements GET /sellers/audit-log's date filters,
// newest-first order with ties in an adversarial order, and the 1000-row
// cap, and counts the rows it serves.
#include "faultserver.h"
#include "restrangereader.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

namespace {

struct Row
{
    QString id;
    Timestamp::Micros createdAt = 0;
};

} // namespace

class TestRestRangeReaderCost : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void shouldNotFetchACappedWindowTwice_data();
    void shouldNotFetchACappedWindowTwice();

private:
    FaultServer::Reply answer(const FaultServer::Request &request);

    FaultServer m_server;
    QList<Row> m_rows;   // newest first; ties in the order the API happens to give
    qint64 m_served = 0; // rows of window answers (not of the one-row probes)
};

void TestRestRangeReaderCost::initTestCase()
{
    // 3,000 rows: 2,000 in one dense hour (five at each instant), 1,000
    // spread over ten days before it, so the first windows are far too wide.
    const Timestamp::Micros dense = *Timestamp::parseIso(QStringLiteral("2025-03-10T09:00:00Z"));
    for (int i = 0; i < 2000; ++i)
        m_rows.append(
            {QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0')),
             dense + (i / 5) * 9 * Timestamp::MicrosPerSecond});
    for (int i = 0; i < 1000; ++i)
        m_rows.append(
            {QStringLiteral("00000000-0000-4000-9000-%1").arg(i, 12, 10, QLatin1Char('0')),
             dense - (i + 1) * 864 * Timestamp::MicrosPerSecond});
    // Newest first by time only; ties reversed against id order, as the API
    // has no tie-breaker.
    std::sort(m_rows.begin(), m_rows.end(), [](const Row &a, const Row &b) {
        return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id < b.id;
    });
    m_server.on("GET", QStringLiteral("/sellers/audit-log"),
                [this](const FaultServer::Request &r) { return answer(r); });
}

FaultServer::Reply TestRestRangeReaderCost::answer(const FaultServer::Request &request)
{
    const auto value = [&](const char *key) {
        return request.query.queryItemValue(QString::fromLatin1(key), QUrl::FullyDecoded);
    };
    const auto from = Timestamp::parseIso(value("date_from"));
    const auto to = Timestamp::parseIso(value("date_to"));
    const int limit = std::min(1000, value("limit").isEmpty() ? 50 : value("limit").toInt());
    const int offset = value("offset").toInt();
    QJsonArray entries;
    int total = 0;
    for (const Row &row : std::as_const(m_rows)) {
        if ((from && row.createdAt < *from) || (to && row.createdAt > *to))
            continue;
        if (total >= offset && total < offset + limit) {
            entries.append(QJsonObject{
                {QStringLiteral("id"), row.id},
                {QStringLiteral("action"), QStringLiteral("add")},
                {QStringLiteral("seller_name"), QStringLiteral("s")},
                {QStringLiteral("source"), QStringLiteral("manual")},
                {QStringLiteral("source_run_id"), QJsonValue::Null},
                {QStringLiteral("user_id"), QJsonValue::Null},
                {QStringLiteral("created_at"), Timestamp::toIsoUtc(row.createdAt)},
                {QStringLiteral("affected_count"), 1},
                {QStringLiteral("seller_count_snapshot"), QJsonValue::Null},
                {QStringLiteral("new_value"), QJsonValue::Null},
            });
        }
        ++total;
    }
    if (limit > 1)
        m_served += entries.size();
    return FaultServer::Reply::json(200,
                                    QJsonDocument(QJsonObject{{QStringLiteral("entries"), entries},
                                                              {QStringLiteral("total"), total}})
                                        .toJson(QJsonDocument::Compact));
}

void TestRestRangeReaderCost::shouldNotFetchACappedWindowTwice_data()
{
    QTest::addColumn<SortOrder>("order");
    QTest::addColumn<int>("inFlight");
    QTest::newRow("newest first, one window") << SortOrder::NewestFirst << 1;
    QTest::newRow("newest first, four windows") << SortOrder::NewestFirst << 4;
    QTest::newRow("oldest first, four windows") << SortOrder::OldestFirst << 4;
}

void TestRestRangeReaderCost::shouldNotFetchACappedWindowTwice()
{
    QFETCH(SortOrder, order);
    QFETCH(int, inFlight);
    RestConnectionSpec spec;
    spec.baseUrl = m_server.url();
    spec.token = "token";
    RestClient client(spec);
    RestRangeReader::Params params;
    params.filter.order = order;
    params.upper = *Timestamp::parseIso(QStringLiteral("2030-01-01T00:00:00Z"));
    params.inFlight = inFlight;
    params.initialWindow = Timestamp::MicrosPerDay * 30;
    m_served = 0;
    QStringList ids;
    bool finished = false;
    std::optional<SourceError> error;
    RestRangeReader reader(
        &client, params,
        [&](QList<AuditEntry> rows) {
            for (const AuditEntry &e : rows)
                ids << e.id;
            return true;
        },
        [&](std::optional<SourceError> e) {
            error = e;
            finished = true;
        });
    reader.start();
    QTRY_VERIFY_WITH_TIMEOUT(finished, 30'000);
    QVERIFY2(!error, error ? qPrintable(error->message) : "");

    // Every row once, in (created_at, id) order.
    QList<Row> expected = m_rows;
    std::sort(expected.begin(), expected.end(), [order](const Row &a, const Row &b) {
        const bool older = a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
        return order == SortOrder::OldestFirst ? older : !older && a.id != b.id;
    });
    QStringList expectedIds;
    for (const Row &row : std::as_const(expected))
        expectedIds << row.id;
    QCOMPARE(ids.size(), expectedIds.size());
    QCOMPARE(ids, expectedIds);
    // Capped answers are kept: only rows at a cut instant come twice. Fetching
    // each capped window again whole served about 1.8 rows per row.
    QVERIFY2(m_served <= qint64(m_rows.size()) * 11 / 10,
             qPrintable(QStringLiteral("%1 rows served for %2").arg(m_served).arg(m_rows.size())));
}

QTEST_GUILESS_MAIN(TestRestRangeReaderCost)
#include "tst_restrangereadercost.moc"
