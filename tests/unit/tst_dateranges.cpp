// Date ranges end to end, for people and machines alike: a table of days and
// presets (midnight edges, 23- and 25-hour DST days in Europe/Berlin,
// America/New_York and Pacific/Auckland, zones east of UTC, days whose
// midnight does not exist, relative presets at month ends) resolved by the
// picker's value type and by the command line's parser to the same
// half-open UTC instants, and queried against SQLite and Postgres, which
// must return exactly the rows inside. Expected instants were computed with
// Python's zoneinfo, independently of the code under test.
#include "dateexpression.h"
#include "daterangespec.h"
#include "sqlhistoryreader.h"
#include "testdatabase.h"

#include <QTest>

namespace {

const QString Main = QString::fromLatin1(TestDatabase::MainOrg);

Timestamp::Micros at(const char *iso)
{
    return *Timestamp::parseIso(QString::fromLatin1(iso));
}

struct Case
{
    const char *name;
    const char *zone;
    const char *spec; // DateRangeSpec::toSetting() form
    const char *now;  // for relative presets
    const char *from; // expected, UTC; "" = open
    const char *to;   // expected, exclusive; "" = open
};

const Case Cases[] = {
    {"UTC day", "UTC", "custom:2025-03-30..2025-03-30", "2026-01-01T00:00:00Z",
     "2025-03-30T00:00:00Z", "2025-03-31T00:00:00Z"},
    {"Berlin spring forward (23 h)", "Europe/Berlin", "custom:2025-03-30..2025-03-30",
     "2026-01-01T00:00:00Z", "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z"},
    {"Berlin fall back (25 h)", "Europe/Berlin", "custom:2025-10-26..2025-10-26",
     "2026-01-01T00:00:00Z", "2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z"},
    {"New York spring forward (23 h)", "America/New_York", "custom:2025-03-09..2025-03-09",
     "2026-01-01T00:00:00Z", "2025-03-09T05:00:00Z", "2025-03-10T04:00:00Z"},
    {"New York fall back (25 h)", "America/New_York", "custom:2025-11-02..2025-11-02",
     "2026-01-01T00:00:00Z", "2025-11-02T04:00:00Z", "2025-11-03T05:00:00Z"},
    {"Kolkata, half-hour east of UTC", "Asia/Kolkata", "custom:2025-01-15..2025-01-15",
     "2026-01-01T00:00:00Z", "2025-01-14T18:30:00Z", "2025-01-15T18:30:00Z"},
    {"Auckland DST end (25 h)", "Pacific/Auckland", "custom:2025-04-06..2025-04-06",
     "2026-01-01T00:00:00Z", "2025-04-05T11:00:00Z", "2025-04-06T12:00:00Z"},
    {"three days inclusive across DST", "Europe/Berlin", "custom:2025-03-29..2025-03-31",
     "2026-01-01T00:00:00Z", "2025-03-28T23:00:00Z", "2025-03-31T22:00:00Z"},
    {"Tokyo new year's eve", "Asia/Tokyo", "custom:2025-12-31..2025-12-31", "2026-01-01T00:00:00Z",
     "2025-12-30T15:00:00Z", "2025-12-31T15:00:00Z"},
    {"Santiago, no midnight", "America/Santiago", "custom:2025-09-07..2025-09-07",
     "2026-01-01T00:00:00Z", "2025-09-07T04:00:00Z", "2025-09-08T03:00:00Z"},
    {"open end", "UTC", "custom:2025-03-30..", "2026-01-01T00:00:00Z", "2025-03-30T00:00:00Z", ""},
    {"open start", "UTC", "custom:..2025-03-30", "2026-01-01T00:00:00Z", "",
     "2025-03-31T00:00:00Z"},
    {"last month on March 31, Berlin", "Europe/Berlin", "lastmonth", "2025-03-31T08:00:00Z",
     "2025-01-31T23:00:00Z", "2025-02-28T23:00:00Z"},
    {"last 7 days on March 31, Berlin", "Europe/Berlin", "last7days", "2025-03-31T08:00:00Z",
     "2025-03-24T23:00:00Z", ""},
    {"last 30 days on March 31, Berlin", "Europe/Berlin", "last30days", "2025-03-31T08:00:00Z",
     "2025-03-01T23:00:00Z", ""},
    {"this month on March 31, Berlin", "Europe/Berlin", "thismonth", "2025-03-31T08:00:00Z",
     "2025-02-28T23:00:00Z", ""},
    {"yesterday across DST, Berlin", "Europe/Berlin", "yesterday", "2025-03-31T08:00:00Z",
     "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z"},
    {"today, Berlin", "Europe/Berlin", "today", "2025-03-31T08:00:00Z", "2025-03-30T22:00:00Z",
     "2025-03-31T22:00:00Z"},
    {"last month on March 1, New York", "America/New_York", "lastmonth", "2025-03-01T05:00:00Z",
     "2025-02-01T05:00:00Z", "2025-03-01T05:00:00Z"},
    {"yesterday on March 1, New York", "America/New_York", "yesterday", "2025-03-01T05:00:00Z",
     "2025-02-28T05:00:00Z", "2025-03-01T05:00:00Z"},
    {"last 30 days on March 1, New York", "America/New_York", "last30days", "2025-03-01T05:00:00Z",
     "2025-01-31T05:00:00Z", ""},
    {"last month in a leap year, Kolkata", "Asia/Kolkata", "lastmonth", "2024-03-01T03:30:00Z",
     "2024-01-31T18:30:00Z", "2024-02-29T18:30:00Z"},
    {"last 24 hours", "Europe/Berlin", "last24hours", "2025-03-31T08:00:00Z",
     "2025-03-30T08:00:00Z", ""},
    {"all time", "Europe/Berlin", "all", "2025-03-31T08:00:00Z", "", ""},
};

std::optional<Timestamp::Micros> expected(const char *iso)
{
    return *iso ? std::optional<Timestamp::Micros>(at(iso)) : std::nullopt;
}

} // namespace

class TestDateRanges : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void shouldResolveDaysAndPresets_data();
    void shouldResolveDaysAndPresets();
    void shouldResolveTheSameOnTheCommandLine_data();
    void shouldResolveTheSameOnTheCommandLine();
    void shouldReturnExactlyTheRowsOfTheRange_data();
    void shouldReturnExactlyTheRowsOfTheRange();

private:
    void addCases(bool customOnly);

    std::unique_ptr<TestDatabase> m_db;
    QList<Timestamp::Micros> m_instants; // one fixture row each, ids by index
};

void TestDateRanges::addCases(bool customOnly)
{
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("now");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    for (const Case &c : Cases) {
        if (customOnly && !QByteArray(c.spec).startsWith("custom:"))
            continue;
        QTest::newRow(c.name) << QString::fromLatin1(c.zone) << QString::fromLatin1(c.spec)
                              << QString::fromLatin1(c.now) << QString::fromLatin1(c.from)
                              << QString::fromLatin1(c.to);
    }
}

void TestDateRanges::initTestCase()
{
    SH_REQUIRE_BACKEND(TestDatabase::backendFromEnvironment());
    m_db = TestDatabase::create(TestDatabase::backendFromEnvironment());
    QVERIFY(m_db);
    // A row on each side of every expected boundary, and on it.
    QSet<Timestamp::Micros> instants;
    for (const Case &c : Cases) {
        for (const char *edge : {c.from, c.to}) {
            if (!*edge)
                continue;
            for (Timestamp::Micros delta : {-1, 0, 1})
                instants.insert(at(edge) + delta);
        }
    }
    m_instants = QList<Timestamp::Micros>(instants.cbegin(), instants.cend());
    std::sort(m_instants.begin(), m_instants.end());
    for (qsizetype i = 0; i < m_instants.size(); ++i)
        QVERIFY(m_db->insert(
            TestDatabase::addRow(quint64(i + 1), m_instants.at(i), QStringLiteral("r%1").arg(i))));
}

void TestDateRanges::cleanupTestCase()
{
    m_db.reset();
}

void TestDateRanges::shouldResolveDaysAndPresets_data()
{
    addCases(false);
}

void TestDateRanges::shouldResolveDaysAndPresets()
{
    QFETCH(QString, zone);
    QFETCH(QString, spec);
    QFETCH(QString, now);
    QFETCH(QString, from);
    QFETCH(QString, to);
    const DateRangeSpec range = DateRangeSpec::fromSetting(spec);
    QCOMPARE(range.toSetting(), spec);
    const DateRangeSpec::Resolved r =
        range.resolve(QTimeZone(zone.toUtf8()), at(now.toLatin1().constData()));
    QCOMPARE(r.from, expected(from.toLatin1().constData()));
    QCOMPARE(r.to, expected(to.toLatin1().constData()));
}

void TestDateRanges::shouldResolveTheSameOnTheCommandLine_data()
{
    addCases(true);
}

void TestDateRanges::shouldResolveTheSameOnTheCommandLine()
{
    // `history --from D1 --to D2 --tz Z` must mean what the picker means.
    QFETCH(QString, zone);
    QFETCH(QString, spec);
    QFETCH(QString, from);
    QFETCH(QString, to);
    const QStringList days = spec.mid(7).split(QStringLiteral(".."));
    const QTimeZone z(zone.toUtf8());
    QString error;
    if (!days.at(0).isEmpty())
        QCOMPARE(DateExpression::resolve(days.at(0), DateExpression::Bound::Start, z, 0, &error),
                 expected(from.toLatin1().constData()));
    if (!days.at(1).isEmpty())
        QCOMPARE(DateExpression::resolve(days.at(1), DateExpression::Bound::End, z, 0, &error),
                 expected(to.toLatin1().constData()));
}

void TestDateRanges::shouldReturnExactlyTheRowsOfTheRange_data()
{
    addCases(false);
}

void TestDateRanges::shouldReturnExactlyTheRowsOfTheRange()
{
    QFETCH(QString, zone);
    QFETCH(QString, spec);
    QFETCH(QString, now);
    QFETCH(QString, from);
    QFETCH(QString, to);
    const auto lower = expected(from.toLatin1().constData());
    const auto upper = expected(to.toLatin1().constData());
    QStringList wanted;
    for (qsizetype i = 0; i < m_instants.size(); ++i) {
        const Timestamp::Micros t = m_instants.at(i);
        if ((!lower || t >= *lower) && (!upper || t < *upper))
            wanted << TestDatabase::uuid(quint64(i + 1));
    }

    const DateRangeSpec::Resolved r = DateRangeSpec::fromSetting(spec).resolve(
        QTimeZone(zone.toUtf8()), at(now.toLatin1().constData()));
    SourceError error;
    const QString name =
        QStringLiteral("ranges-%1").arg(QString::fromLatin1(QTest::currentDataTag()));
    {
        QSqlDatabase conn = m_db->spec().open(name, true, &error);
        SqlHistoryReader reader(conn, SqlDialect(m_db->spec().kind), Main);
        PageRequest request;
        request.pageSize = 1000;
        request.filter.from = r.from;
        request.filter.to = r.to;
        request.filter.order = SortOrder::OldestFirst;
        request.snapshot = at("2030-01-01T00:00:00Z");
        auto page = reader.page(request, &error);
        QVERIFY2(page, qPrintable(error.message));
        QStringList found;
        for (const AuditEntry &e : std::as_const(page->entries))
            found << e.id;
        QCOMPARE(found, wanted);
    }
    QSqlDatabase::removeDatabase(name);
}

QTEST_GUILESS_MAIN(TestDateRanges)
#include "tst_dateranges.moc"
