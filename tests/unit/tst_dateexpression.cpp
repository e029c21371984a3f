#include "dateexpression.h"
#include "displayzone.h"

#include <QTest>

using DateExpression::Bound;
using Timestamp::Micros;

Q_DECLARE_METATYPE(DateExpression::Bound)

namespace {

// 2025-03-30T01:02:03.000004Z: a fixed "now" with every unit non-zero.
constexpr Micros Now = 1743296523000004;

} // namespace

// Expected instants were computed with Python's zoneinfo over the system's
// tz database, not with the code under test.
class TestDateExpression : public QObject
{
    Q_OBJECT

private slots:
    void shouldResolveDays_data();
    void shouldResolveDays();
    void shouldResolveInstants_data();
    void shouldResolveInstants();
    void shouldResolveRelativeToNow_data();
    void shouldResolveRelativeToNow();
    void shouldRejectWhatItCannotRead_data();
    void shouldRejectWhatItCannotRead();
    void shouldParseDisplayZone_data();
    void shouldParseDisplayZone();
    void shouldRejectUnknownDisplayZone_data();
    void shouldRejectUnknownDisplayZone();
    void shouldLabelDisplayZone();
};

void TestDateExpression::shouldResolveDays_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<Micros>("start");
    QTest::addColumn<Micros>("end");
    QTest::addColumn<int>("hours"); // end - start

    QTest::newRow("UTC") << QStringLiteral("2025-03-30") << QByteArrayLiteral("UTC")
                         << Micros(1743292800000000) << Micros(1743379200000000) << 24;
    QTest::newRow("UTC leap day") << QStringLiteral("2024-02-29") << QByteArrayLiteral("UTC")
                                  << Micros(1709164800000000) << Micros(1709251200000000) << 24;
    QTest::newRow("UTC before 1970") << QStringLiteral("1969-12-31") << QByteArrayLiteral("UTC")
                                     << Micros(-86400000000) << Micros(0) << 24;
    QTest::newRow("UTC with blanks") << QStringLiteral(" 2025-03-30\t") << QByteArrayLiteral("UTC")
                                     << Micros(1743292800000000) << Micros(1743379200000000) << 24;
    QTest::newRow("Berlin winter")
        << QStringLiteral("2025-01-15") << QByteArrayLiteral("Europe/Berlin")
        << Micros(1736895600000000) << Micros(1736982000000000) << 24;
    QTest::newRow("Berlin spring forward (23 h)")
        << QStringLiteral("2025-03-30") << QByteArrayLiteral("Europe/Berlin")
        << Micros(1743289200000000) << Micros(1743372000000000) << 23;
    QTest::newRow("Berlin fall back (25 h)")
        << QStringLiteral("2025-10-26") << QByteArrayLiteral("Europe/Berlin")
        << Micros(1761429600000000) << Micros(1761519600000000) << 25;
    QTest::newRow("New York spring forward (23 h)")
        << QStringLiteral("2025-03-09") << QByteArrayLiteral("America/New_York")
        << Micros(1741496400000000) << Micros(1741579200000000) << 23;
    QTest::newRow("New York fall back (25 h)")
        << QStringLiteral("2025-11-02") << QByteArrayLiteral("America/New_York")
        << Micros(1762056000000000) << Micros(1762146000000000) << 25;
    QTest::newRow("Kolkata (+05:30)")
        << QStringLiteral("2025-01-15") << QByteArrayLiteral("Asia/Kolkata")
        << Micros(1736879400000000) << Micros(1736965800000000) << 24;
    QTest::newRow("Auckland fall back (25 h)")
        << QStringLiteral("2025-04-06") << QByteArrayLiteral("Pacific/Auckland")
        << Micros(1743850800000000) << Micros(1743940800000000) << 25;
    QTest::newRow("Auckland spring forward (23 h)")
        << QStringLiteral("2025-09-28") << QByteArrayLiteral("Pacific/Auckland")
        << Micros(1758974400000000) << Micros(1759057200000000) << 23;
    // Chile springs forward at midnight: the day starts at 01:00 (-03).
    QTest::newRow("Santiago, no midnight")
        << QStringLiteral("2024-09-08") << QByteArrayLiteral("America/Santiago")
        << Micros(1725768000000000) << Micros(1725850800000000) << 23;
    QTest::newRow("Santiago, ends where there is no midnight")
        << QStringLiteral("2024-09-07") << QByteArrayLiteral("America/Santiago")
        << Micros(1725681600000000) << Micros(1725768000000000) << 24;
}

void TestDateExpression::shouldResolveDays()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, zone);
    QFETCH(Micros, start);
    QFETCH(Micros, end);
    QFETCH(int, hours);

    const QTimeZone tz(zone);
    QVERIFY2(tz.isValid(), zone.constData());
    QString error;
    const std::optional<Micros> s = DateExpression::resolve(text, Bound::Start, tz, Now, &error);
    const std::optional<Micros> e = DateExpression::resolve(text, Bound::End, tz, Now, &error);
    QVERIFY2(s.has_value() && e.has_value(), qPrintable(error));
    QCOMPARE(*s, start);
    QCOMPARE(*e, end);
    QCOMPARE(*e - *s, hours * Timestamp::MicrosPerHour);
    QVERIFY(error.isEmpty());
}

void TestDateExpression::shouldResolveInstants_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Bound>("bound");
    QTest::addColumn<Micros>("expected");

    // 2025-03-30T10:00:00Z
    const Micros t = 1743328800000000;
    QTest::newRow("Z as start") << QStringLiteral("2025-03-30T10:00:00Z") << Bound::Start << t;
    QTest::newRow("Z as end, inclusive")
        << QStringLiteral("2025-03-30T10:00:00Z") << Bound::End << t + 1;
    QTest::newRow("offset as start")
        << QStringLiteral("2025-03-30T12:00:00+02:00") << Bound::Start << t;
    QTest::newRow("offset as end")
        << QStringLiteral("2025-03-30T04:30:00-05:30") << Bound::End << t + 1;
    QTest::newRow("no seconds") << QStringLiteral("2025-03-30T10:00Z") << Bound::Start << t;
    QTest::newRow("micros as end")
        << QStringLiteral("2025-03-30 10:00:00.999999+00") << Bound::End << t + 1000000;
}

void TestDateExpression::shouldResolveInstants()
{
    QFETCH(QString, text);
    QFETCH(Bound, bound);
    QFETCH(Micros, expected);
    // The zone only applies to days; an instant carries its own offset.
    for (const QByteArray &zone : {QByteArrayLiteral("UTC"), QByteArrayLiteral("Asia/Kolkata")}) {
        const std::optional<Micros> r =
            DateExpression::resolve(text, bound, QTimeZone(zone), Now, nullptr);
        QVERIFY(r.has_value());
        QCOMPARE(*r, expected);
    }
}

void TestDateExpression::shouldResolveRelativeToNow_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Micros>("expected");

    QTest::newRow("now") << QStringLiteral("now") << Now;
    QTest::newRow("NOW") << QStringLiteral("NOW") << Now;
    QTest::newRow("now-7d") << QStringLiteral("now-7d") << Now - 604800000000;
    QTest::newRow("now-12h") << QStringLiteral("now-12h") << Now - 43200000000;
    QTest::newRow("now-30m") << QStringLiteral("now-30m") << Now - 1800000000;
    QTest::newRow("now-0d") << QStringLiteral("now-0d") << Now;
    QTest::newRow("blanks around the minus") << QStringLiteral(" now - 1d ") << Now - 86400000000;
    QTest::newRow("upper-case unit") << QStringLiteral("now-2H") << Now - 7200000000;
    QTest::newRow("six digits") << QStringLiteral("now-999999m") << Now - 59999940000000;
}

void TestDateExpression::shouldResolveRelativeToNow()
{
    QFETCH(QString, text);
    QFETCH(Micros, expected);
    // Relative times are instants: the same for start and end, in any zone.
    for (Bound bound : {Bound::Start, Bound::End}) {
        const std::optional<Micros> r = DateExpression::resolve(
            text, bound, QTimeZone(QByteArrayLiteral("Europe/Berlin")), Now, nullptr);
        QVERIFY(r.has_value());
        QCOMPARE(*r, expected);
    }
}

void TestDateExpression::shouldRejectWhatItCannotRead_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("empty") << QString();
    QTest::newRow("word") << QStringLiteral("yesterday");
    QTest::newRow("February 30") << QStringLiteral("2025-02-30");
    QTest::newRow("February 29, not leap") << QStringLiteral("2023-02-29");
    QTest::newRow("month 13") << QStringLiteral("2025-13-01");
    QTest::newRow("day 0") << QStringLiteral("2025-01-00");
    QTest::newRow("one-digit month") << QStringLiteral("2025-3-30");
    QTest::newRow("slashes") << QStringLiteral("2025/03/30");
    QTest::newRow("instant without zone") << QStringLiteral("2025-03-30T10:00:00");
    QTest::newRow("now plus") << QStringLiteral("now+7d");
    QTest::newRow("weeks") << QStringLiteral("now-1w");
    QTest::newRow("seconds") << QStringLiteral("now-30s");
    QTest::newRow("no number") << QStringLiteral("now-d");
    QTest::newRow("seven digits") << QStringLiteral("now-1000000d");
    QTest::newRow("trailing text") << QStringLiteral("now-7days");
}

void TestDateExpression::shouldRejectWhatItCannotRead()
{
    QFETCH(QString, text);
    QString error;
    const std::optional<Micros> r =
        DateExpression::resolve(text, Bound::Start, QTimeZone::utc(), Now, &error);
    QVERIFY(!r.has_value());
    QCOMPARE(error, QStringLiteral("Cannot read the date \"%1\"; use YYYY-MM-DD, an ISO 8601 "
                                   "time with an offset, or now-7d / now-12h.")
                        .arg(text.trimmed()));
    QVERIFY(!DateExpression::resolve(text, Bound::End, QTimeZone::utc(), Now, nullptr).has_value());
}

void TestDateExpression::shouldParseDisplayZone_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("zoneId");

    const QByteArray system = QTimeZone::systemTimeZoneId();
    QTest::newRow("empty: local") << QString() << QStringLiteral("local") << system;
    QTest::newRow("local") << QStringLiteral("local") << QStringLiteral("local") << system;
    QTest::newRow("LOCAL") << QStringLiteral(" LOCAL ") << QStringLiteral("local") << system;
    QTest::newRow("UTC") << QStringLiteral("UTC") << QStringLiteral("UTC")
                         << QByteArrayLiteral("UTC");
    QTest::newRow("utc") << QStringLiteral("utc") << QStringLiteral("UTC")
                         << QByteArrayLiteral("UTC");
    QTest::newRow("Z") << QStringLiteral("Z") << QStringLiteral("UTC") << QByteArrayLiteral("UTC");
    QTest::newRow("Europe/Berlin")
        << QStringLiteral("Europe/Berlin") << QStringLiteral("Europe/Berlin")
        << QByteArrayLiteral("Europe/Berlin");
    QTest::newRow("trimmed") << QStringLiteral("  America/New_York\n")
                             << QStringLiteral("America/New_York")
                             << QByteArrayLiteral("America/New_York");
}

void TestDateExpression::shouldParseDisplayZone()
{
    QFETCH(QString, text);
    QFETCH(QString, name);
    QFETCH(QByteArray, zoneId);
    QString error;
    const std::optional<DisplayZone> z = DisplayZone::parse(text, &error);
    QVERIFY2(z.has_value(), qPrintable(error));
    QCOMPARE(z->name(), name);
    QVERIFY(z->zone().isValid());
    QCOMPARE(z->zone().id(), zoneId);
    QVERIFY(error.isEmpty());
}

void TestDateExpression::shouldRejectUnknownDisplayZone_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("made up") << QStringLiteral("Mars/Olympus_Mons");
    QTest::newRow("word") << QStringLiteral("Berlin");
    QTest::newRow("lower case") << QStringLiteral("europe/berlin");
    QTest::newRow("garbage") << QStringLiteral("../etc/passwd");
}

void TestDateExpression::shouldRejectUnknownDisplayZone()
{
    QFETCH(QString, text);
    QString error;
    QVERIFY(!DisplayZone::parse(text, &error).has_value());
    QCOMPARE(error, QStringLiteral("Unknown time zone \"%1\"; use local, UTC or an IANA name "
                                   "such as Europe/Berlin.")
                        .arg(text));
    QVERIFY(!DisplayZone::parse(text, nullptr).has_value());
}

void TestDateExpression::shouldLabelDisplayZone()
{
    QVERIFY(DisplayZone() == *DisplayZone::parse(QStringLiteral("local"), nullptr));
    QVERIFY(DisplayZone::utc() == *DisplayZone::parse(QStringLiteral("UTC"), nullptr));
    QVERIFY(!(DisplayZone::utc() == DisplayZone()));
    QCOMPARE(DisplayZone::utc().label(), QStringLiteral("UTC"));

    // Kolkata has had no DST since 1945, so its label does not depend on today.
    const std::optional<DisplayZone> kolkata =
        DisplayZone::parse(QStringLiteral("Asia/Kolkata"), nullptr);
    QVERIFY(kolkata.has_value());
    QCOMPARE(kolkata->label(), QStringLiteral("Asia/Kolkata (UTC+05:30)"));
    QVERIFY2(DisplayZone().label().startsWith(QLatin1String("Local: ")),
             qPrintable(DisplayZone().label()));
}

QTEST_GUILESS_MAIN(TestDateExpression)
#include "tst_dateexpression.moc"
