// Search by seller name on every direct source: the seller_name column and
// the string values inside either JSON shape (names of bulk, export and flag
// rows), never JSON keys, case-insensitive, hostile text intact. The same
// table of cases must give the same rows on SQLite and Postgres.
#include "sqlhistoryreader.h"
#include "testdatabase.h"
#include "upstreamjson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z
const QString Main = QString::fromLatin1(TestDatabase::MainOrg);

AuditEntry row(int n, Action action, const QString &sellerName)
{
    AuditEntry e =
        TestDatabase::addRow(quint64(n), Base + n * Timestamp::MicrosPerHour, sellerName);
    e.action = action;
    e.newValue.clear();
    return e;
}

UpstreamJson::Members members(std::initializer_list<UpstreamJson::Member> list)
{
    return UpstreamJson::Members(list);
}

} // namespace

class TestSearch : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void shouldFindSellerNamesInEveryShape_data();
    void shouldFindSellerNamesInEveryShape();

private:
    std::unique_ptr<TestDatabase> m_db;
};

void TestSearch::initTestCase()
{
    SH_REQUIRE_BACKEND(TestDatabase::backendFromEnvironment());
    m_db = TestDatabase::create(TestDatabase::backendFromEnvironment());
    QVERIFY(m_db);
    const QString name = QStringLiteral("display_name");
    QList<AuditEntry> rows;

    AuditEntry single = row(1, Action::Add, QStringLiteral("Zürich Händler"));
    single.newValue = UpstreamJson::encodeColumn(members({{name, single.sellerName}}));
    rows << single;

    AuditEntry bulk = row(2, Action::Add, QStringLiteral("Acme \"Quoted\" Ltd (+3 more)"));
    bulk.newValue = UpstreamJson::encodeColumn(members(
        {{QStringLiteral("names"),
          QJsonArray{QStringLiteral("Acme \"Quoted\" Ltd"), QStringLiteral("Back\\slash Shop"),
                     QStringLiteral("東京セラー"), QStringLiteral("🚀 Rocket")}}}));
    bulk.affectedCount = 4;
    rows << bulk;

    AuditEntry removed = row(3, Action::Remove, QStringLiteral("Removed 2 sellers"));
    removed.oldValue = UpstreamJson::jsonbText(
        QJsonObject{{QStringLiteral("names"),
                     QJsonArray{QStringLiteral("Ørsted Parts"), QStringLiteral("Names R Us")}}});
    removed.affectedCount = 2;
    rows << removed;

    AuditEntry exported = row(4, Action::Export, QStringLiteral("Exported 1 sellers as csv"));
    exported.newValue = UpstreamJson::encodeColumn(
        members({{QStringLiteral("format"), QStringLiteral("csv")},
                 {QStringLiteral("sellers"), QJsonArray{QStringLiteral("Plain Seller")}}}));
    rows << exported;

    AuditEntry flagged = row(5, Action::Flag, QStringLiteral("Flagged 1 sellers"));
    flagged.newValue = UpstreamJson::encodeColumn(
        members({{QStringLiteral("flagged"), true},
                 {QStringLiteral("sellers"), QJsonArray{QStringLiteral("Zeta 100% Real")}},
                 {QStringLiteral("reason"), QStringLiteral("fraud ring")}}));
    rows << flagged;

    AuditEntry edited = row(6, Action::Edit, QStringLiteral("New Name Co"));
    edited.oldValue = UpstreamJson::encodeColumn(members({{name, QStringLiteral("Old Name Co")}}));
    edited.newValue = UpstreamJson::encodeColumn(members({{name, QStringLiteral("New Name Co")}}));
    rows << edited;

    AuditEntry broken = row(7, Action::Add, QStringLiteral("Broken row"));
    broken.newValue = UpstreamJson::jsonbStringText("{\"names\": [\"Hidden Seller");
    rows << broken;

    rows << row(8, Action::Add, QStringLiteral("Quiet"));

    AuditEntry cased = row(9, Action::Add, QStringLiteral("2 sellers added"));
    cased.newValue = UpstreamJson::encodeColumn(members(
        {{QStringLiteral("names"), QJsonArray{QStringLiteral("ÜRÜN Shop"), QStringLiteral("x")}}}));
    rows << cased;
    for (const AuditEntry &e : std::as_const(rows))
        QVERIFY(m_db->insert(e));
}

void TestSearch::cleanupTestCase()
{
    m_db.reset();
}

void TestSearch::shouldFindSellerNamesInEveryShape_data()
{
    QTest::addColumn<QString>("term");
    QTest::addColumn<QList<int>>("rows");
    QTest::newRow("seller_name, any case") << QStringLiteral("zürich händler") << QList<int>{1};
    QTest::newRow("seller_name, upper case") << QStringLiteral("ZÜRICH") << QList<int>{1};
    QTest::newRow("a name with quotes in a bulk row")
        << QStringLiteral("acme \"quoted\"") << QList<int>{2};
    QTest::newRow("a backslash") << QStringLiteral("back\\slash") << QList<int>{2};
    QTest::newRow("CJK inside escaped JSON") << QStringLiteral("東京") << QList<int>{2};
    QTest::newRow("astral emoji inside escaped JSON")
        << QStringLiteral("🚀 rocket") << QList<int>{2};
    QTest::newRow("a real-object old_value") << QStringLiteral("Ørsted") << QList<int>{3};
    QTest::newRow("a real-object old_value, other case")
        << QStringLiteral("ørsted parts") << QList<int>{3};
    QTest::newRow("a value that is also a key word") << QStringLiteral("names r") << QList<int>{3};
    QTest::newRow("keys never match") << QStringLiteral("display") << QList<int>{};
    QTest::newRow("true is not text") << QStringLiteral("true") << QList<int>{};
    QTest::newRow("an export's sellers") << QStringLiteral("plain sell") << QList<int>{4};
    QTest::newRow("a flag's names") << QStringLiteral("ZETA") << QList<int>{5};
    QTest::newRow("LIKE characters are literal") << QStringLiteral("100%") << QList<int>{5};
    QTest::newRow("underscore is literal") << QStringLiteral("100_") << QList<int>{};
    QTest::newRow("a flag's reason") << QStringLiteral("fraud") << QList<int>{5};
    QTest::newRow("an edit's old name") << QStringLiteral("old name") << QList<int>{6};
    QTest::newRow("both names of an edit") << QStringLiteral("name co") << QList<int>{6};
    QTest::newRow("words in seller_name of summaries")
        << QStringLiteral("sellers") << QList<int>{3, 4, 5, 9};
    QTest::newRow("unreadable JSON: found by seller_name")
        << QStringLiteral("broken") << QList<int>{7};
    QTest::newRow("unreadable JSON: not by its text") << QStringLiteral("hidden") << QList<int>{};
    QTest::newRow("non-ASCII case hidden in Python's escapes")
        << QStringLiteral("ürün shop") << QList<int>{9};
    QTest::newRow("nothing") << QStringLiteral("nowhere to be found") << QList<int>{};
}

void TestSearch::shouldFindSellerNamesInEveryShape()
{
    QFETCH(QString, term);
    QFETCH(QList<int>, rows);
    SourceError error;
    const QString name =
        QStringLiteral("search-%1").arg(QString::fromLatin1(QTest::currentDataTag()));
    {
        QSqlDatabase conn = m_db->spec().open(name, true, &error);
        QVERIFY2(conn.isOpen(), qPrintable(error.message));
        SqlHistoryReader reader(conn, SqlDialect(m_db->spec().kind), Main);
        PageRequest request;
        request.pageSize = 100;
        request.filter.search = term;
        request.filter.order = SortOrder::OldestFirst;
        auto page = reader.page(request, &error);
        QVERIFY2(page, qPrintable(error.message));
        QList<int> found;
        for (const AuditEntry &e : std::as_const(page->entries))
            found << int(e.id.right(12).toLongLong(nullptr, 16));
        QCOMPARE(found, rows);

        CountRequest counts;
        counts.filter = request.filter;
        auto counted = reader.counts(counts, &error);
        QVERIFY2(counted, qPrintable(error.message));
        QCOMPARE(counted->totalFor({}), rows.size());
    }
    QSqlDatabase::removeDatabase(name);
}

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_search.moc"
