#include "timestamp.h"

#include <QTest>

using Timestamp::Micros;

// Expected instants were computed with Python's datetime/zoneinfo, not with
// the code under test.
class TestTimestamp : public QObject
{
    Q_OBJECT

private slots:
    void shouldFormatIsoUtcWithFixedWidth_data();
    void shouldFormatIsoUtcWithFixedWidth();
    void shouldRoundTripIsoText_data();
    void shouldRoundTripIsoText();
    void shouldParseIso_data();
    void shouldParseIso();
    void shouldRejectInvalidIso_data();
    void shouldRejectInvalidIso();
    void shouldConvertToAndFromDateTime();
    void shouldFormatLocal_data();
    void shouldFormatLocal();
    void shouldFormatRelative_data();
    void shouldFormatRelative();
};

void TestTimestamp::shouldFormatIsoUtcWithFixedWidth_data()
{
    QTest::addColumn<Micros>("t");
    QTest::addColumn<QString>("expected");

    QTest::newRow("epoch") << Micros(0) << QStringLiteral("1970-01-01T00:00:00.000000Z");
    QTest::newRow("one micro before epoch")
        << Micros(-1) << QStringLiteral("1969-12-31T23:59:59.999999Z");
    QTest::newRow("one micro after epoch")
        << Micros(1) << QStringLiteral("1970-01-01T00:00:00.000001Z");
    QTest::newRow("moon landing") << Micros(-14182940000000)
                                  << QStringLiteral("1969-07-20T20:17:40.000000Z");
    QTest::newRow("1900-03-01 (1900 not leap)")
        << Micros(-2203891200000000) << QStringLiteral("1900-03-01T00:00:00.000000Z");
    QTest::newRow("leap day 2024")
        << Micros(1709210096123456) << QStringLiteral("2024-02-29T12:34:56.123456Z");
    QTest::newRow("leap day 2000 last micro")
        << Micros(951868799999999) << QStringLiteral("2000-02-29T23:59:59.999999Z");
    QTest::newRow("year 1") << Micros(-62135596800000000)
                            << QStringLiteral("0001-01-01T00:00:00.000000Z");
    QTest::newRow("year 9999 last micro")
        << Micros(253402300799999999) << QStringLiteral("9999-12-31T23:59:59.999999Z");
    QTest::newRow("half second") << Micros(1743296523500000)
                                 << QStringLiteral("2025-03-30T01:02:03.500000Z");
}

void TestTimestamp::shouldFormatIsoUtcWithFixedWidth()
{
    QFETCH(Micros, t);
    QFETCH(QString, expected);
    const QString text = Timestamp::toIsoUtc(t);
    QCOMPARE(text, expected);
    QCOMPARE(text.size(), 27);
}

void TestTimestamp::shouldRoundTripIsoText_data()
{
    QTest::addColumn<Micros>("t");

    QTest::newRow("epoch") << Micros(0);
    QTest::newRow("-1") << Micros(-1);
    QTest::newRow("-999999") << Micros(-999999);
    QTest::newRow("-1000001") << Micros(-1000001);
    QTest::newRow("pre-1970 with fraction") << Micros(-14182940000001);
    QTest::newRow("1900-03-01") << Micros(-2203891200000000);
    QTest::newRow("leap day") << Micros(1709210096123456);
    QTest::newRow("day before leap day") << Micros(1709164800000000 - 1);
    QTest::newRow("year 1") << Micros(-62135596800000000);
    QTest::newRow("year 9999") << Micros(253402300799999999);
    QTest::newRow("recent") << Micros(1743296523500001);
}

void TestTimestamp::shouldRoundTripIsoText()
{
    QFETCH(Micros, t);
    const std::optional<Micros> back = Timestamp::parseIso(Timestamp::toIsoUtc(t));
    QVERIFY(back.has_value());
    QCOMPARE(*back, t);
}

void TestTimestamp::shouldParseIso_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Micros>("expected");

    // 2025-03-30T01:02:03Z
    const Micros base = 1743296523000000;
    QTest::newRow("Z") << QStringLiteral("2025-03-30T01:02:03Z") << base;
    QTest::newRow("lower-case t and z") << QStringLiteral("2025-03-30t01:02:03z") << base;
    QTest::newRow("+00:00") << QStringLiteral("2025-03-30T01:02:03+00:00") << base;
    QTest::newRow("+0000") << QStringLiteral("2025-03-30T01:02:03+0000") << base;
    QTest::newRow("+00") << QStringLiteral("2025-03-30T01:02:03+00") << base;
    QTest::newRow("-00:00") << QStringLiteral("2025-03-30T01:02:03-00:00") << base;
    QTest::newRow("space separator") << QStringLiteral("2025-03-30 01:02:03Z") << base;
    QTest::newRow("surrounding blanks") << QStringLiteral("  2025-03-30T01:02:03Z\n") << base;
    QTest::newRow("no seconds") << QStringLiteral("2025-03-30T01:02Z") << base - 3000000;
    QTest::newRow("+02:00") << QStringLiteral("2025-03-30T03:02:03+02:00") << base;
    QTest::newRow("+0200") << QStringLiteral("2025-03-30T03:02:03+0200") << base;
    QTest::newRow("+02") << QStringLiteral("2025-03-30T03:02:03+02") << base;
    QTest::newRow("-05:30") << QStringLiteral("2025-03-29T19:32:03-05:30") << base;
    QTest::newRow("-0530") << QStringLiteral("2025-03-29T19:32:03-0530") << base;
    QTest::newRow("offset crosses the year")
        << QStringLiteral("2025-01-01T00:00:00-05:30") << Micros(1735709400000000);
    QTest::newRow("0 fraction digits") << QStringLiteral("2025-03-30T01:02:03Z") << base;
    QTest::newRow("1 fraction digit") << QStringLiteral("2025-03-30T01:02:03.5Z") << base + 500000;
    QTest::newRow("3 fraction digits")
        << QStringLiteral("2025-03-30T01:02:03.123Z") << base + 123000;
    QTest::newRow("6 fraction digits") << QStringLiteral("2025-03-30T01:02:03.000001Z") << base + 1;
    QTest::newRow("7 fraction digits truncated")
        << QStringLiteral("2025-03-30T01:02:03.1234569Z") << base + 123456;
    QTest::newRow("9 fraction digits truncated")
        << QStringLiteral("2025-03-30T01:02:03.999999999Z") << base + 999999;
    QTest::newRow("comma fraction") << QStringLiteral("2025-03-30T01:02:03,25Z") << base + 250000;
    QTest::newRow("Postgres text form")
        << QStringLiteral("2025-03-30 01:02:03.5+00") << base + 500000;
    QTest::newRow("Postgres text form with offset")
        << QStringLiteral("2025-03-30 03:02:03.123456+02") << base + 123456;
    QTest::newRow("leap day") << QStringLiteral("2024-02-29T12:34:56.123456Z")
                              << Micros(1709210096123456);
    QTest::newRow("leap day 2000")
        << QStringLiteral("2000-02-29T00:00:00Z") << Micros(951782400000000);
    QTest::newRow("pre-1970") << QStringLiteral("1969-07-20T20:17:40Z") << Micros(-14182940000000);
    QTest::newRow("pre-1970 with fraction")
        << QStringLiteral("1969-12-31T23:59:59.5Z") << Micros(-500000);
}

void TestTimestamp::shouldParseIso()
{
    QFETCH(QString, text);
    QFETCH(Micros, expected);
    const std::optional<Micros> parsed = Timestamp::parseIso(text);
    QVERIFY2(parsed.has_value(), qPrintable(text));
    QCOMPARE(*parsed, expected);
}

void TestTimestamp::shouldRejectInvalidIso_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("empty") << QString();
    QTest::newRow("garbage") << QStringLiteral("yesterday");
    QTest::newRow("date only") << QStringLiteral("2025-03-30");
    QTest::newRow("missing zone") << QStringLiteral("2025-03-30T01:02:03");
    QTest::newRow("missing zone with fraction") << QStringLiteral("2025-03-30 01:02:03.5");
    QTest::newRow("2023-02-29 (not leap)") << QStringLiteral("2023-02-29T00:00:00Z");
    QTest::newRow("1900-02-29 (not leap)") << QStringLiteral("1900-02-29T00:00:00Z");
    QTest::newRow("April 31") << QStringLiteral("2025-04-31T00:00:00Z");
    QTest::newRow("month 13") << QStringLiteral("2025-13-01T00:00:00Z");
    QTest::newRow("month 0") << QStringLiteral("2025-00-01T00:00:00Z");
    QTest::newRow("day 0") << QStringLiteral("2025-01-00T00:00:00Z");
    QTest::newRow("day 32") << QStringLiteral("2025-01-32T00:00:00Z");
    QTest::newRow("hour 24") << QStringLiteral("2025-01-01T24:00:00Z");
    QTest::newRow("minute 60") << QStringLiteral("2025-01-01T00:60:00Z");
    QTest::newRow("second 61") << QStringLiteral("2025-01-01T00:00:61Z");
    QTest::newRow("one-digit month") << QStringLiteral("2025-3-30T01:02:03Z");
    QTest::newRow("slashes") << QStringLiteral("2025/03/30T01:02:03Z");
    QTest::newRow("no separator") << QStringLiteral("2025-03-30X01:02:03Z");
    QTest::newRow("empty fraction") << QStringLiteral("2025-03-30T01:02:03.Z");
    QTest::newRow("trailing text") << QStringLiteral("2025-03-30T01:02:03Z junk");
    QTest::newRow("trailing text after offset") << QStringLiteral("2025-03-30T01:02:03+00:00x");
    QTest::newRow("two zones") << QStringLiteral("2025-03-30T01:02:03Z+00");
    QTest::newRow("one-digit offset") << QStringLiteral("2025-03-30T01:02:03+5");
    QTest::newRow("three-digit offset") << QStringLiteral("2025-03-30T01:02:03+053");
    QTest::newRow("offset with seconds") << QStringLiteral("2025-03-30T01:02:03+05:30:00");
    QTest::newRow("offset hour 24") << QStringLiteral("2025-03-30T01:02:03+24:00");
    QTest::newRow("offset minute 60") << QStringLiteral("2025-03-30T01:02:03+05:60");
    QTest::newRow("zone name") << QStringLiteral("2025-03-30T01:02:03 UTC");
}

void TestTimestamp::shouldRejectInvalidIso()
{
    QFETCH(QString, text);
    const std::optional<Micros> parsed = Timestamp::parseIso(text);
    QVERIFY2(!parsed.has_value(), qPrintable(text));
}

void TestTimestamp::shouldConvertToAndFromDateTime()
{
    // QDateTime stops at milliseconds: the micros are floored, also before 1970.
    const QDateTime before = Timestamp::toDateTime(-1, QTimeZone::utc());
    QCOMPARE(before.toMSecsSinceEpoch(), qint64(-1));
    QCOMPARE(before.timeSpec(), Qt::TimeZone);
    const QDateTime after = Timestamp::toDateTime(1743296523123999, QTimeZone::utc());
    QCOMPARE(after.toMSecsSinceEpoch(), qint64(1743296523123));

    const QDateTime berlin(QDate(2025, 7, 1), QTime(14, 0, 0, 250),
                           QTimeZone(QByteArrayLiteral("Europe/Berlin")));
    QCOMPARE(Timestamp::fromDateTime(berlin), Micros(1751371200250000));
}

void TestTimestamp::shouldFormatLocal_data()
{
    QTest::addColumn<Micros>("t");
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QString>("expected");

    QTest::newRow("UTC") << Micros(1743296523999999) << QByteArrayLiteral("UTC")
                         << QStringLiteral("2025-03-30 01:02:03");
    QTest::newRow("UTC before 1970")
        << Micros(-1) << QByteArrayLiteral("UTC") << QStringLiteral("1969-12-31 23:59:59");
    QTest::newRow("Berlin winter (+01)")
        << Micros(1736942400000000) << QByteArrayLiteral("Europe/Berlin")
        << QStringLiteral("2025-01-15 13:00:00");
    QTest::newRow("Berlin summer (+02)")
        << Micros(1751371200000000) << QByteArrayLiteral("Europe/Berlin")
        << QStringLiteral("2025-07-01 14:00:00");
    QTest::newRow("Berlin just before spring forward")
        << Micros(1743296399000000) << QByteArrayLiteral("Europe/Berlin")
        << QStringLiteral("2025-03-30 01:59:59");
    QTest::newRow("Berlin at spring forward")
        << Micros(1743296400000000) << QByteArrayLiteral("Europe/Berlin")
        << QStringLiteral("2025-03-30 03:00:00");
    QTest::newRow("Berlin fall back, first 02:30")
        << Micros(1761438600000000) << QByteArrayLiteral("Europe/Berlin")
        << QStringLiteral("2025-10-26 02:30:00");
    QTest::newRow("Berlin fall back, second 02:30")
        << Micros(1761442200000000) << QByteArrayLiteral("Europe/Berlin")
        << QStringLiteral("2025-10-26 02:30:00");
    QTest::newRow("Kolkata (+05:30)")
        << Micros(1736942400000000) << QByteArrayLiteral("Asia/Kolkata")
        << QStringLiteral("2025-01-15 17:30:00");
    QTest::newRow("New York crosses the day back")
        << Micros(1736904600000000) << QByteArrayLiteral("America/New_York")
        << QStringLiteral("2025-01-14 20:30:00");
}

void TestTimestamp::shouldFormatLocal()
{
    QFETCH(Micros, t);
    QFETCH(QByteArray, zone);
    QFETCH(QString, expected);
    const QTimeZone tz(zone);
    QVERIFY2(tz.isValid(), zone.constData());
    QCOMPARE(Timestamp::formatLocal(t, tz), expected);
}

void TestTimestamp::shouldFormatRelative_data()
{
    QTest::addColumn<Micros>("delta"); // now - t
    QTest::addColumn<QString>("expected");

    const Micros s = Timestamp::MicrosPerSecond;
    const Micros min = Timestamp::MicrosPerMinute;
    const Micros h = Timestamp::MicrosPerHour;
    const Micros d = Timestamp::MicrosPerDay;
    QTest::newRow("same instant") << Micros(0) << QStringLiteral("just now");
    QTest::newRow("44 s ago") << 44 * s << QStringLiteral("just now");
    QTest::newRow("44 s ahead") << -44 * s << QStringLiteral("just now");
    QTest::newRow("45 s ago") << 45 * s << QStringLiteral("1 minute ago");
    QTest::newRow("1 min ago") << min << QStringLiteral("1 minute ago");
    QTest::newRow("5 min ago") << 5 * min << QStringLiteral("5 minutes ago");
    QTest::newRow("in 10 min") << -10 * min << QStringLiteral("in 10 minutes");
    QTest::newRow("1 h ago") << h << QStringLiteral("1 hour ago");
    QTest::newRow("3 h ago") << 3 * h << QStringLiteral("3 hours ago");
    QTest::newRow("3 h 20 min ago") << 3 * h + 20 * min << QStringLiteral("3 hours ago");
    QTest::newRow("in 3 h") << -3 * h << QStringLiteral("in 3 hours");
    QTest::newRow("1 day ago") << d << QStringLiteral("1 day ago");
    QTest::newRow("2 days ago") << 2 * d << QStringLiteral("2 days ago");
    QTest::newRow("in 2 days") << -2 * d << QStringLiteral("in 2 days");
    QTest::newRow("in 1 day") << -d << QStringLiteral("in 1 day");
    QTest::newRow("2 months ago") << 60 * d << QStringLiteral("2 months ago");
    QTest::newRow("in 1 month") << -30 * d << QStringLiteral("in 1 month");
    QTest::newRow("1 year ago") << 365 * d << QStringLiteral("1 year ago");
    QTest::newRow("in 3 years") << -3 * 365 * d << QStringLiteral("in 3 years");
}

void TestTimestamp::shouldFormatRelative()
{
    QFETCH(Micros, delta);
    QFETCH(QString, expected);
    const Micros now = 1743296523000000;
    QCOMPARE(Timestamp::formatRelative(now - delta, now), expected);
}

QTEST_GUILESS_MAIN(TestTimestamp)
#include "tst_timestamp.moc"
