// Reading a whole range through the API with several windows in flight:
// every row once, in (created_at, id) order, windows split when capped,
// early stop, filters, and the one thing the API cannot do (more than 1,000
// rows at one instant) reported rather than guessed.
#include "contractserver.h"
#include "restrangereader.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTest>

namespace {

const QString Main = QString::fromLatin1(TestDatabase::MainOrg);
const QString Admin = TestDatabase::uuid(66001);

} // namespace

class TestRestRangeReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void shouldReadEveryRowOnceInOrder_data();
    void shouldReadEveryRowOnceInOrder();
    void shouldStopWhenTheConsumerHasEnough();
    void shouldRefuseMoreThanTheCapAtOneInstant();

private:
    struct Read
    {
        QStringList ids;
        std::optional<SourceError> error;
        int chunks = 0;
    };
    Read read(const HistoryFilter &filter, int inFlight, int stopAfter = -1);
    QStringList expected(const HistoryFilter &filter);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ContractServer> m_server;
};

void TestRestRangeReader::initTestCase()
{
    SH_REQUIRE_BACKEND(TestDatabase::Backend::Postgres);
    SH_REQUIRE_CONTRACT_SERVER();
    m_db = TestDatabase::create(TestDatabase::Backend::Postgres);
    QVERIFY(m_db);
    QVERIFY(m_db->addProfile(Admin, QStringLiteral("range@example.com"), QString()));
    QVERIFY(
        m_db->exec(QStringLiteral("INSERT INTO memberships (user_id, org_id, role, status) VALUES "
                                  "('%1', '%2', 'admin', 'active')")
                       .arg(Admin, Main)));
    // 3,000 rows in the main org over ten days with bursts (a dense hour of
    // 1,500 rows forces windows to split), ties every fifth row, and 500
    // rows of the other org interleaved.
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
            .arg(Main, QString::fromLatin1(TestDatabase::OtherOrg))));
    QString error;
    m_server = ContractServer::start(m_db->source(), &error);
    QVERIFY2(m_server, qPrintable(error));
}

void TestRestRangeReader::cleanupTestCase()
{
    m_server.reset();
    m_db.reset();
}

QStringList TestRestRangeReader::expected(const HistoryFilter &filter)
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
    sql += QStringLiteral(" ORDER BY created_at DESC, id DESC");
    QSqlQuery q(m_db->db());
    q.exec(sql);
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    return ids;
}

TestRestRangeReader::Read TestRestRangeReader::read(const HistoryFilter &filter, int inFlight,
                                                    int stopAfter)
{
    RestConnectionSpec spec;
    spec.baseUrl = m_server->url();
    spec.token = m_server->tokenFor(Admin);
    RestClient client(spec);
    RestRangeReader::Params params;
    params.filter = filter;
    params.upper = *Timestamp::parseIso(QStringLiteral("2030-01-01T00:00:00Z"));
    params.inFlight = inFlight;
    params.initialWindow = Timestamp::MicrosPerDay * 3;
    Read result;
    bool finished = false;
    RestRangeReader reader(
        &client, params,
        [&](QList<AuditEntry> rows) {
            ++result.chunks;
            for (const AuditEntry &e : rows)
                result.ids << e.id;
            return stopAfter < 0 || result.ids.size() < stopAfter;
        },
        [&](std::optional<SourceError> error) {
            result.error = error;
            finished = true;
        });
    reader.start();
    QElapsedTimer timer;
    timer.start();
    while (!finished && timer.elapsed() < 60000)
        QTest::qWait(5);
    if (!finished)
        result.error =
            SourceError{SourceError::Kind::Timeout, QStringLiteral("the read did not finish")};
    return result;
}

void TestRestRangeReader::shouldReadEveryRowOnceInOrder_data()
{
    QTest::addColumn<HistoryFilter>("filter");
    QTest::addColumn<int>("inFlight");
    HistoryFilter all;
    HistoryFilter flags;
    flags.actions = Actions(Action::Flag) | Action::Edit;
    HistoryFilter day;
    day.from = *Timestamp::parseIso(QStringLiteral("2025-03-02T12:00:00Z"));
    day.to = *Timestamp::parseIso(QStringLiteral("2025-03-03T12:00:00Z"));
    QTest::newRow("everything, one at a time") << all << 1;
    QTest::newRow("everything, four in flight") << all << 4;
    QTest::newRow("two actions, three in flight") << flags << 3;
    QTest::newRow("a day, eight in flight") << day << 8;
}

void TestRestRangeReader::shouldReadEveryRowOnceInOrder()
{
    QFETCH(HistoryFilter, filter);
    QFETCH(int, inFlight);
    const Read r = read(filter, inFlight);
    QVERIFY2(!r.error, r.error ? qPrintable(r.error->message) : "");
    const QStringList want = expected(filter);
    QVERIFY(want.size() > 100);
    QCOMPARE(r.ids.size(), want.size());
    QCOMPARE(r.ids, want);
}

void TestRestRangeReader::shouldStopWhenTheConsumerHasEnough()
{
    const Read r = read({}, 4, 1200);
    QVERIFY(!r.error);
    QVERIFY(r.ids.size() >= 1200);
    QCOMPARE(r.ids, expected({}).mid(0, r.ids.size()));
}

void TestRestRangeReader::shouldRefuseMoreThanTheCapAtOneInstant()
{
    QVERIFY(m_db->exec(
        QStringLiteral(
            "INSERT INTO seller_audit_log (org_id, action, seller_name, source, created_at) "
            "SELECT '%1', 'add', 'same ' || g, 'manual', timestamptz '2024-01-01Z' "
            "FROM generate_series(1, 1001) g")
            .arg(Main)));
    const Read r = read({}, 4);
    QVERIFY(r.error);
    QCOMPARE(r.error->kind, SourceError::Kind::BadData);
    QVERIFY2(r.error->message.contains(QLatin1String("2024-01-01T00:00:00.000000Z")),
             qPrintable(r.error->message));
}

QTEST_GUILESS_MAIN(TestRestRangeReader)
#include "tst_restrangereader.moc"
