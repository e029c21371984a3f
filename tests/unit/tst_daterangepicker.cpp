#include "daterangepicker.h"
#include "filterchipbar.h"

#include <QApplication>
#include <QCalendarWidget>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStyle>
#include <QTest>
#include <QVBoxLayout>

// Expected instants were computed with Python's datetime/zoneinfo, not with
// the code under test.

using Timestamp::Micros;

namespace {

Micros micros(const char *isoUtc)
{
    const QDateTime dt = QDateTime::fromString(QString::fromLatin1(isoUtc), Qt::ISODate);
    Q_ASSERT(dt.isValid() && dt.timeSpec() == Qt::UTC);
    return dt.toMSecsSinceEpoch() * 1000;
}

QString iso(std::optional<Micros> t)
{
    return t ? Timestamp::toIsoUtc(*t) : QString();
}

QString day(QDate d)
{
    return d.isValid() ? d.toString(Qt::ISODate) : QString();
}

DateRangeSpec preset(DateRangeSpec::Preset p)
{
    DateRangeSpec spec;
    spec.preset = p;
    return spec;
}

DateRangeSpec custom(const char *from, const char *to)
{
    DateRangeSpec spec;
    spec.preset = DateRangeSpec::Preset::Custom;
    spec.from = QDate::fromString(QString::fromLatin1(from), Qt::ISODate);
    spec.to = QDate::fromString(QString::fromLatin1(to), Qt::ISODate);
    return spec;
}

// The picker with its parts, on a pinned clock and zone.
struct Picker
{
    Picker(const char *zone, Micros now)
    {
        widget.setClock([now] { return now; });
        widget.setTimeZone(QTimeZone(QByteArray(zone)));
        preset = widget.findChild<QComboBox *>(QStringLiteral("rangePreset"));
        from = widget.findChild<QDateEdit *>(QStringLiteral("rangeFrom"));
        to = widget.findChild<QDateEdit *>(QStringLiteral("rangeTo"));
        error = widget.findChild<QLabel *>(QStringLiteral("rangeError"));
    }
    bool show()
    {
        widget.show();
        return QTest::qWaitForWindowActive(&widget);
    }

    DateRangePicker widget;
    QComboBox *preset = nullptr;
    QDateEdit *from = nullptr;
    QDateEdit *to = nullptr;
    QLabel *error = nullptr;
};

// Types a day into an editor as a person would: select all, type, commit.
void typeDay(QDateEdit *edit, const QString &text, bool commitWithEnter = true)
{
    edit->setFocus(Qt::TabFocusReason);
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(edit, text);
    if (commitWithEnter)
        QTest::keyClick(edit, Qt::Key_Return);
    else
        edit->clearFocus();
}

DateRangeSpec emitted(const QSignalSpy &spy, int i = 0)
{
    return spy.at(i).at(0).value<DateRangeSpec>();
}

const Micros BerlinNoon = micros("2025-03-30T10:00:00Z"); // 12:00 CEST, the spring-forward day

QPalette darkPalette()
{
    QPalette p;
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x3b, 0x7d, 0xdd));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x4a));
    p.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1a, 0x1a));
    p.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x10));
    p.setColor(QPalette::ToolTipBase, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::Disabled, QPalette::WindowText, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Text, disabledText);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, disabledText);
    return p;
}

// WCAG relative luminance and contrast ratio.
qreal luminance(const QColor &c)
{
    const auto channel = [](qreal v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

qreal contrast(const QColor &a, const QColor &b)
{
    const qreal la = luminance(a);
    const qreal lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

} // namespace

Q_DECLARE_METATYPE(DateRangeSpec::Preset)

// Failure messages name the spec, found by QTest through ADL.
char *toString(const DateRangeSpec &spec)
{
    return QTest::toString(spec.toSetting());
}

class TestDateRangePicker : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void shouldOfferPresetsInOrder();
    void shouldResolvePresets_data();
    void shouldResolvePresets();
    void shouldEmitPresetChosenWithKeyboard_data();
    void shouldEmitPresetChosenWithKeyboard();
    void shouldStartCustomFromThePreviousDays();
    void shouldSwitchToCustomWhenDaysAreTyped_data();
    void shouldSwitchToCustomWhenDaysAreTyped();
    void shouldNotEmitWhenCommittingUnchangedDays_data();
    void shouldNotEmitWhenCommittingUnchangedDays();
    void shouldOpenTheCalendarOfAnyOnThisMonth();
    void shouldRefuseToBeforeFromInline();
    void shouldClearTheErrorWhenAPresetIsChosen();
    void shouldNotEmitFromSetters();
    void shouldNameBothUtcInstantsInTooltip_data();
    void shouldNameBothUtcInstantsInTooltip();
    void shouldTreatAnyAsAnOpenEnd();
    void shouldKeepDaysWhenTheZoneChanges();
    void shouldRoundTripSettingsThroughThePicker_data();
    void shouldRoundTripSettingsThroughThePicker();
    void shouldKeepPresetsRelativeAfterARestart();
    void shouldReadInLightAndDarkPalettes_data();
    void shouldReadInLightAndDarkPalettes();

private:
    QLocale m_savedLocale;
};

void TestDateRangePicker::initTestCase()
{
    m_savedLocale = QLocale();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestDateRangePicker::cleanupTestCase()
{
    QLocale::setDefault(m_savedLocale);
}

void TestDateRangePicker::shouldOfferPresetsInOrder()
{
    Picker p("Europe/Berlin", BerlinNoon);
    QVERIFY(p.preset && p.from && p.to && p.error);
    QStringList items;
    for (int i = 0; i < p.preset->count(); ++i)
        items << p.preset->itemText(i);
    QCOMPARE(items, (QStringList{QStringLiteral("Today"), QStringLiteral("Yesterday"),
                                 QStringLiteral("Last 24 hours"), QStringLiteral("Last 7 days"),
                                 QStringLiteral("Last 30 days"), QStringLiteral("This month"),
                                 QStringLiteral("Last month"), QStringLiteral("All time"),
                                 QStringLiteral("Custom")}));
    QCOMPARE(p.widget.spec(), DateRangeSpec());
    QCOMPARE(p.preset->currentText(), QStringLiteral("All time"));
    QCOMPARE(p.from->text(), QStringLiteral("Any"));
    QCOMPARE(p.to->text(), QStringLiteral("Any"));
    QCOMPARE(p.widget.errorText(), QString());
    QCOMPARE(p.widget.focusProxy(), p.preset);
}

void TestDateRangePicker::shouldResolvePresets_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<Micros>("now");
    QTest::addColumn<DateRangeSpec::Preset>("preset");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("firstDay");
    QTest::addColumn<QString>("lastDay");

    using P = DateRangeSpec::Preset;
    const auto row = [](const char *name, const char *zone, const char *now, P preset,
                        const char *from, const char *to, const char *firstDay,
                        const char *lastDay) {
        QTest::newRow(name) << QByteArray(zone) << micros(now) << preset
                            << QString::fromLatin1(from) << QString::fromLatin1(to)
                            << QString::fromLatin1(firstDay) << QString::fromLatin1(lastDay);
    };

    // Berlin springs forward on 2025-03-30: a 23-hour day.
    const char *berlinSpring = "2025-03-30T10:00:00Z";
    row("Berlin spring, today", "Europe/Berlin", berlinSpring, P::Today,
        "2025-03-29T23:00:00.000000Z", "2025-03-30T22:00:00.000000Z", "2025-03-30", "2025-03-30");
    row("Berlin spring, yesterday", "Europe/Berlin", berlinSpring, P::Yesterday,
        "2025-03-28T23:00:00.000000Z", "2025-03-29T23:00:00.000000Z", "2025-03-29", "2025-03-29");
    row("Berlin spring, last 24 hours", "Europe/Berlin", berlinSpring, P::Last24Hours,
        "2025-03-29T10:00:00.000000Z", "", "2025-03-29", "2025-03-30");
    row("Berlin spring, last 7 days", "Europe/Berlin", berlinSpring, P::Last7Days,
        "2025-03-23T23:00:00.000000Z", "", "2025-03-24", "2025-03-30");
    row("Berlin spring, last 30 days", "Europe/Berlin", berlinSpring, P::Last30Days,
        "2025-02-28T23:00:00.000000Z", "", "2025-03-01", "2025-03-30");
    row("Berlin spring, this month", "Europe/Berlin", berlinSpring, P::ThisMonth,
        "2025-02-28T23:00:00.000000Z", "", "2025-03-01", "2025-03-30");
    row("Berlin spring, last month", "Europe/Berlin", berlinSpring, P::LastMonth,
        "2025-01-31T23:00:00.000000Z", "2025-02-28T23:00:00.000000Z", "2025-02-01", "2025-02-28");
    row("Berlin spring, all time", "Europe/Berlin", berlinSpring, P::AllTime, "", "", "", "");
    // Berlin falls back on 2025-10-26: a 25-hour day.
    const char *berlinAutumn = "2025-10-26T11:00:00Z";
    row("Berlin autumn, today", "Europe/Berlin", berlinAutumn, P::Today,
        "2025-10-25T22:00:00.000000Z", "2025-10-26T23:00:00.000000Z", "2025-10-26", "2025-10-26");
    row("Berlin autumn, yesterday", "Europe/Berlin", berlinAutumn, P::Yesterday,
        "2025-10-24T22:00:00.000000Z", "2025-10-25T22:00:00.000000Z", "2025-10-25", "2025-10-25");
    row("Berlin autumn, last 24 hours", "Europe/Berlin", berlinAutumn, P::Last24Hours,
        "2025-10-25T11:00:00.000000Z", "", "2025-10-25", "2025-10-26");
    // Month ends.
    row("last month on the 31st", "Europe/Berlin", "2025-03-31T10:00:00Z", P::LastMonth,
        "2025-01-31T23:00:00.000000Z", "2025-02-28T23:00:00.000000Z", "2025-02-01", "2025-02-28");
    row("last 30 days on March 1st", "Europe/Berlin", "2025-03-01T10:00:00Z", P::Last30Days,
        "2025-01-30T23:00:00.000000Z", "", "2025-01-31", "2025-03-01");
    row("yesterday on March 1st", "Europe/Berlin", "2025-03-01T10:00:00Z", P::Yesterday,
        "2025-02-27T23:00:00.000000Z", "2025-02-28T23:00:00.000000Z", "2025-02-28", "2025-02-28");
    row("this month on the 1st", "Europe/Berlin", "2025-03-01T10:00:00Z", P::ThisMonth,
        "2025-02-28T23:00:00.000000Z", "", "2025-03-01", "2025-03-01");
    row("last month in January", "UTC", "2025-01-15T00:00:00Z", P::LastMonth,
        "2024-12-01T00:00:00.000000Z", "2025-01-01T00:00:00.000000Z", "2024-12-01", "2024-12-31");
    // New York springs forward on 2025-03-09.
    const char *newYork = "2025-03-09T16:00:00Z";
    row("New York spring, today", "America/New_York", newYork, P::Today,
        "2025-03-09T05:00:00.000000Z", "2025-03-10T04:00:00.000000Z", "2025-03-09", "2025-03-09");
    row("New York spring, yesterday", "America/New_York", newYork, P::Yesterday,
        "2025-03-08T05:00:00.000000Z", "2025-03-09T05:00:00.000000Z", "2025-03-08", "2025-03-08");
    row("New York spring, last 24 hours", "America/New_York", newYork, P::Last24Hours,
        "2025-03-08T16:00:00.000000Z", "", "2025-03-08", "2025-03-09");
    row("New York spring, last 7 days", "America/New_York", newYork, P::Last7Days,
        "2025-03-03T05:00:00.000000Z", "", "2025-03-03", "2025-03-09");
    // Kolkata is already on April 1st while UTC is on March 31st.
    const char *kolkata = "2025-03-31T20:00:00Z";
    row("Kolkata, today", "Asia/Kolkata", kolkata, P::Today, "2025-03-31T18:30:00.000000Z",
        "2025-04-01T18:30:00.000000Z", "2025-04-01", "2025-04-01");
    row("Kolkata, yesterday", "Asia/Kolkata", kolkata, P::Yesterday, "2025-03-30T18:30:00.000000Z",
        "2025-03-31T18:30:00.000000Z", "2025-03-31", "2025-03-31");
    row("Kolkata, this month", "Asia/Kolkata", kolkata, P::ThisMonth, "2025-03-31T18:30:00.000000Z",
        "", "2025-04-01", "2025-04-01");
    row("Kolkata, last month", "Asia/Kolkata", kolkata, P::LastMonth, "2025-02-28T18:30:00.000000Z",
        "2025-03-31T18:30:00.000000Z", "2025-03-01", "2025-03-31");
    row("Kolkata, last 24 hours", "Asia/Kolkata", kolkata, P::Last24Hours,
        "2025-03-30T20:00:00.000000Z", "", "2025-03-31", "2025-04-01");
    // Santiago springs forward at midnight: 2025-09-07 starts at 01:00.
    row("Santiago, today without a midnight", "America/Santiago", "2025-09-07T16:00:00Z", P::Today,
        "2025-09-07T04:00:00.000000Z", "2025-09-08T03:00:00.000000Z", "2025-09-07", "2025-09-07");
}

void TestDateRangePicker::shouldResolvePresets()
{
    QFETCH(QByteArray, zone);
    QFETCH(Micros, now);
    QFETCH(DateRangeSpec::Preset, preset);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, firstDay);
    QFETCH(QString, lastDay);

    Picker p(zone.constData(), now);
    p.widget.setSpec(::preset(preset));

    const DateRangeSpec::Resolved r = p.widget.resolved();
    QCOMPARE(iso(r.from), from);
    QCOMPARE(iso(r.to), to);
    QCOMPARE(day(r.firstDay), firstDay);
    QCOMPARE(day(r.lastDay), lastDay);
    // The editors show the days the preset covers.
    QCOMPARE(p.from->text(), firstDay.isEmpty() ? QStringLiteral("Any") : firstDay);
    QCOMPARE(p.to->text(), lastDay.isEmpty() ? QStringLiteral("Any") : lastDay);
    QCOMPARE(p.preset->currentText(), DateRangeSpec::label(preset));
}

void TestDateRangePicker::shouldEmitPresetChosenWithKeyboard_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<DateRangeSpec>("expected");
    QTest::addColumn<QString>("fromText");
    QTest::addColumn<QString>("toText");

    using P = DateRangeSpec::Preset;
    QTest::newRow("Today") << 0 << preset(P::Today) << QStringLiteral("2025-03-30")
                           << QStringLiteral("2025-03-30");
    QTest::newRow("Yesterday") << 1 << preset(P::Yesterday) << QStringLiteral("2025-03-29")
                               << QStringLiteral("2025-03-29");
    QTest::newRow("Last 24 hours") << 2 << preset(P::Last24Hours) << QStringLiteral("2025-03-29")
                                   << QStringLiteral("2025-03-30");
    QTest::newRow("Last 7 days") << 3 << preset(P::Last7Days) << QStringLiteral("2025-03-24")
                                 << QStringLiteral("2025-03-30");
    QTest::newRow("Last 30 days") << 4 << preset(P::Last30Days) << QStringLiteral("2025-03-01")
                                  << QStringLiteral("2025-03-30");
    QTest::newRow("This month") << 5 << preset(P::ThisMonth) << QStringLiteral("2025-03-01")
                                << QStringLiteral("2025-03-30");
    QTest::newRow("Last month") << 6 << preset(P::LastMonth) << QStringLiteral("2025-02-01")
                                << QStringLiteral("2025-02-28");
    QTest::newRow("All time") << 7 << preset(P::AllTime) << QStringLiteral("Any")
                              << QStringLiteral("Any");
    // Custom starts from the days All time covered: none, so open at both ends.
    QTest::newRow("Custom") << 8 << custom("", "") << QStringLiteral("Any")
                            << QStringLiteral("Any");
}

// Down from the item above (Up for the first) is how a keyboard user picks a
// preset; the combo emits activated() as a click in its list would.
void TestDateRangePicker::shouldEmitPresetChosenWithKeyboard()
{
    QFETCH(int, index);
    QFETCH(DateRangeSpec, expected);
    QFETCH(QString, fromText);
    QFETCH(QString, toText);

    Picker p("Europe/Berlin", BerlinNoon);
    const int start = index == 0 ? 1 : index - 1;
    p.widget.setSpec(preset(DateRangeSpec::presets().at(start)));
    QVERIFY(p.show());
    p.widget.setFocus(Qt::TabFocusReason);
    QVERIFY(p.preset->hasFocus());
    QSignalSpy spy(&p.widget, &DateRangePicker::rangeChanged);

    QTest::keyClick(p.preset, index == 0 ? Qt::Key_Up : Qt::Key_Down);

    QCOMPARE(spy.count(), 1);
    QCOMPARE(emitted(spy), expected);
    QCOMPARE(p.widget.spec(), expected);
    QCOMPARE(p.preset->currentIndex(), index);
    QCOMPARE(p.from->text(), fromText);
    QCOMPARE(p.to->text(), toText);
    QCOMPARE(p.widget.errorText(), QString());
}

void TestDateRangePicker::shouldStartCustomFromThePreviousDays()
{
    Picker p("Europe/Berlin", BerlinNoon);
    p.widget.setSpec(preset(DateRangeSpec::Preset::Last7Days));
    QVERIFY(p.show());
    p.preset->setFocus(Qt::TabFocusReason);
    QSignalSpy spy(&p.widget, &DateRangePicker::rangeChanged);

    QTest::keyClick(p.preset, Qt::Key_End);

    QCOMPARE(spy.count(), 1);
    QCOMPARE(emitted(spy), custom("2025-03-24", "2025-03-30"));
    QCOMPARE(p.preset->currentText(), QStringLiteral("Custom"));
    QCOMPARE(iso(p.widget.resolved().from), QStringLiteral("2025-03-23T23:00:00.000000Z"));
    QCOMPARE(iso(p.widget.resolved().to), QStringLiteral("2025-03-30T22:00:00.000000Z"));
}

void TestDateRangePicker::shouldSwitchToCustomWhenDaysAreTyped_data()
{
    QTest::addColumn<DateRangeSpec>("start");
    QTest::addColumn<bool>("editFrom");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("withEnter");
    QTest::addColumn<DateRangeSpec>("expected");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");

    using P = DateRangeSpec::Preset;
    QTest::newRow("From on a preset, Enter")
        << preset(P::Last7Days) << true << QStringLiteral("2025-03-10") << true
        << custom("2025-03-10", "2025-03-30") << QStringLiteral("2025-03-09T23:00:00.000000Z")
        << QStringLiteral("2025-03-30T22:00:00.000000Z");
    QTest::newRow("To on a preset, focus out")
        << preset(P::Last30Days) << false << QStringLiteral("2025-03-15") << false
        << custom("2025-03-01", "2025-03-15") << QStringLiteral("2025-02-28T23:00:00.000000Z")
        << QStringLiteral("2025-03-15T23:00:00.000000Z");
    QTest::newRow("From on Custom")
        << custom("2025-03-10", "2025-03-20") << true << QStringLiteral("2025-03-19") << true
        << custom("2025-03-19", "2025-03-20") << QStringLiteral("2025-03-18T23:00:00.000000Z")
        << QStringLiteral("2025-03-20T23:00:00.000000Z");
    QTest::newRow("To across the DST change")
        << custom("2025-03-29", "2025-03-29") << false << QStringLiteral("2025-03-30") << true
        << custom("2025-03-29", "2025-03-30") << QStringLiteral("2025-03-28T23:00:00.000000Z")
        << QStringLiteral("2025-03-30T22:00:00.000000Z");
    // An editor showing "Any" takes a typed day too.
    QTest::newRow("From on All time, To stays open")
        << DateRangeSpec() << true << QStringLiteral("2025-01-02") << true
        << custom("2025-01-02", "") << QStringLiteral("2025-01-01T23:00:00.000000Z") << QString();
    QTest::newRow("To typed over Any, focus out")
        << custom("2025-03-10", "") << false << QStringLiteral("2025-03-20") << false
        << custom("2025-03-10", "2025-03-20") << QStringLiteral("2025-03-09T23:00:00.000000Z")
        << QStringLiteral("2025-03-20T23:00:00.000000Z");
}

void TestDateRangePicker::shouldNotEmitWhenCommittingUnchangedDays_data()
{
    QTest::addColumn<DateRangeSpec>("start");
    QTest::addColumn<bool>("editFrom");
    QTest::addColumn<QString>("typed");

    using P = DateRangeSpec::Preset;
    QTest::newRow("All time, Enter on From") << DateRangeSpec() << true << QString();
    QTest::newRow("All time, a letter on To") << DateRangeSpec() << false << QStringLiteral("x");
    QTest::newRow("Last 7 days, Enter on From") << preset(P::Last7Days) << true << QString();
    QTest::newRow("Last 7 days, To retyped")
        << preset(P::Last7Days) << false << QStringLiteral("2025-03-30");
    QTest::newRow("Last 24 hours, Enter on To") << preset(P::Last24Hours) << false << QString();
    QTest::newRow("Custom, From retyped")
        << custom("2025-03-10", "2025-03-20") << true << QStringLiteral("2025-03-10");
}

// Enter (or leaving the editor) commits a QDateEdit even when its day did not
// change; that must neither emit nor freeze a relative preset into Custom.
void TestDateRangePicker::shouldNotEmitWhenCommittingUnchangedDays()
{
    QFETCH(DateRangeSpec, start);
    QFETCH(bool, editFrom);
    QFETCH(QString, typed);

    Picker p("Europe/Berlin", BerlinNoon);
    p.widget.setSpec(start);
    QVERIFY(p.show());
    const QString fromText = p.from->text();
    const QString toText = p.to->text();
    QSignalSpy spy(&p.widget, &DateRangePicker::rangeChanged);

    typeDay(editFrom ? p.from : p.to, typed);

    QCOMPARE(spy.count(), 0);
    QCOMPARE(p.widget.spec(), start);
    QCOMPARE(p.preset->currentText(), DateRangeSpec::label(start.preset));
    QCOMPARE(p.from->text(), fromText);
    QCOMPARE(p.to->text(), toText);
}

void TestDateRangePicker::shouldSwitchToCustomWhenDaysAreTyped()
{
    QFETCH(DateRangeSpec, start);
    QFETCH(bool, editFrom);
    QFETCH(QString, typed);
    QFETCH(bool, withEnter);
    QFETCH(DateRangeSpec, expected);
    QFETCH(QString, from);
    QFETCH(QString, to);

    Picker p("Europe/Berlin", BerlinNoon);
    p.widget.setSpec(start);
    QVERIFY(p.show());
    QSignalSpy spy(&p.widget, &DateRangePicker::rangeChanged);

    typeDay(editFrom ? p.from : p.to, typed, withEnter);

    QCOMPARE(spy.count(), 1);
    QCOMPARE(emitted(spy), expected);
    QCOMPARE(p.widget.spec(), expected);
    QCOMPARE(p.preset->currentText(), QStringLiteral("Custom"));
    QCOMPARE(iso(p.widget.resolved().from), from);
    QCOMPARE(iso(p.widget.resolved().to), to);
    QCOMPARE(p.widget.errorText(), QString());
}

// "Any" is the editors' minimum day (2000-01-01); its calendar must not
// open 25 years back. A day clicked there becomes the Custom range's end.
void TestDateRangePicker::shouldOpenTheCalendarOfAnyOnThisMonth()
{
    Picker p("Asia/Kolkata", micros("2025-03-31T20:00:00Z")); // April 1st in Kolkata
    p.widget.setSpec(custom("", "2024-11-05"));
    QVERIFY(p.show());
    QSignalSpy spy(&p.widget, &DateRangePicker::rangeChanged);
    const auto openCalendar = [](QDateEdit *edit) {
        QTest::mouseClick(edit, Qt::LeftButton, {}, QPoint(edit->width() - 5, edit->height() / 2));
        return edit->calendarWidget();
    };

    QCalendarWidget *toCalendar = openCalendar(p.to);
    QTRY_VERIFY(toCalendar->isVisible());
    QCOMPARE(toCalendar->yearShown(), 2024);
    QCOMPARE(toCalendar->monthShown(), 11);
    toCalendar->window()->hide();

    QCalendarWidget *fromCalendar = openCalendar(p.from);
    QTRY_VERIFY(fromCalendar->isVisible());
    QCOMPARE(fromCalendar->yearShown(), 2025);
    QCOMPARE(fromCalendar->monthShown(), 4);
    QCOMPARE(spy.count(), 0);

    emit fromCalendar->clicked(QDate(2024, 10, 28));

    QTRY_VERIFY(!fromCalendar->isVisible());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(emitted(spy), custom("2024-10-28", "2024-11-05"));
    QCOMPARE(p.from->text(), QStringLiteral("2024-10-28"));
}

void TestDateRangePicker::shouldRefuseToBeforeFromInline()
{
    Picker p("Europe/Berlin", BerlinNoon);
    p.widget.setSpec(custom("2025-03-10", "2025-03-20"));
    QVERIFY(p.show());
    QSignalSpy spy(&p.widget, &DateRangePicker::rangeChanged);
    const QString tooltip = p.widget.resolvedText();

    typeDay(p.to, QStringLiteral("2025-03-05"));

    QCOMPARE(spy.count(), 0);
    QCOMPARE(p.widget.errorText(), QStringLiteral("“To” is before “From”"));
    QVERIFY(p.error->isVisible());
    QCOMPARE(p.to->text(), QStringLiteral("2025-03-05"));
    // The last valid range stays in force.
    QCOMPARE(p.widget.spec(), custom("2025-03-10", "2025-03-20"));
    QCOMPARE(p.widget.resolvedText(), tooltip);

    // A From after To is refused the same way.
    typeDay(p.from, QStringLiteral("2025-03-07"));
    QCOMPARE(spy.count(), 0);
    QVERIFY(p.error->isVisible());

    typeDay(p.to, QStringLiteral("2025-03-15"));

    QCOMPARE(spy.count(), 1);
    QCOMPARE(emitted(spy), custom("2025-03-07", "2025-03-15"));
    QCOMPARE(p.widget.errorText(), QString());
    QVERIFY(!p.error->isVisible());
}

// Choosing a preset replaces a refused range; the error and its tooltip go.
void TestDateRangePicker::shouldClearTheErrorWhenAPresetIsChosen()
{
    Picker p("Europe/Berlin", BerlinNoon);
    p.widget.setSpec(custom("2025-03-10", "2025-03-20"));
    QVERIFY(p.show());
    const QString toTooltip = QStringLiteral("Last day shown, inclusive (Any: up to now)");
    QCOMPARE(p.to->toolTip(), toTooltip);
    typeDay(p.to, QStringLiteral("2025-03-05"));
    QVERIFY(p.error->isVisible());
    QCOMPARE(p.to->toolTip(), QStringLiteral("The last day must not be before the first day"));
    QSignalSpy spy(&p.widget, &DateRangePicker::rangeChanged);

    p.preset->setFocus(Qt::TabFocusReason);
    QTest::keyClick(p.preset, Qt::Key_Home);

    QCOMPARE(spy.count(), 1);
    QCOMPARE(emitted(spy), preset(DateRangeSpec::Preset::Today));
    QCOMPARE(p.widget.errorText(), QString());
    QVERIFY(!p.error->isVisible());
    QCOMPARE(p.to->toolTip(), toTooltip);
    QCOMPARE(p.to->text(), QStringLiteral("2025-03-30"));
}

void TestDateRangePicker::shouldNotEmitFromSetters()
{
    Picker p("Europe/Berlin", BerlinNoon);
    QVERIFY(p.show());
    QSignalSpy spy(&p.widget, &DateRangePicker::rangeChanged);

    p.widget.setSpec(custom("2025-03-10", "2025-03-20"));
    QCOMPARE(p.preset->currentText(), QStringLiteral("Custom"));
    QCOMPARE(p.from->text(), QStringLiteral("2025-03-10"));
    QCOMPARE(p.to->text(), QStringLiteral("2025-03-20"));
    p.widget.setSpec(preset(DateRangeSpec::Preset::Yesterday));
    QCOMPARE(p.from->text(), QStringLiteral("2025-03-29"));
    p.widget.setTimeZone(QTimeZone(QByteArrayLiteral("Asia/Kolkata")));
    p.widget.setClock([] { return micros("2025-04-02T12:00:00Z"); });
    QCOMPARE(p.from->text(), QStringLiteral("2025-04-01"));

    // An invalid spec is not taken: All time instead.
    p.widget.setSpec(custom("2025-03-20", "2025-03-10"));
    QCOMPARE(p.widget.spec(), DateRangeSpec());
    QCOMPARE(p.from->text(), QStringLiteral("Any"));

    QCOMPARE(spy.count(), 0);
}

void TestDateRangePicker::shouldNameBothUtcInstantsInTooltip_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<Micros>("now");
    QTest::addColumn<DateRangeSpec>("spec");
    QTest::addColumn<QString>("expected");

    QTest::newRow("Berlin, the 23-hour day")
        << QByteArrayLiteral("Europe/Berlin") << BerlinNoon << custom("2025-03-30", "2025-03-30")
        << QStringLiteral("From 2025-03-30 00:00:00 Europe/Berlin = 2025-03-29T23:00:00.000000Z\n"
                          "Until (not including) 2025-03-31 00:00:00 Europe/Berlin = "
                          "2025-03-30T22:00:00.000000Z");
    QTest::newRow("Kolkata, several days")
        << QByteArrayLiteral("Asia/Kolkata") << BerlinNoon << custom("2025-03-10", "2025-03-20")
        << QStringLiteral("From 2025-03-10 00:00:00 Asia/Kolkata = 2025-03-09T18:30:00.000000Z\n"
                          "Until (not including) 2025-03-21 00:00:00 Asia/Kolkata = "
                          "2025-03-20T18:30:00.000000Z");
    QTest::newRow("Santiago, a day without midnight")
        << QByteArrayLiteral("America/Santiago") << micros("2025-09-07T16:00:00Z")
        << preset(DateRangeSpec::Preset::Today)
        << QStringLiteral(
               "From 2025-09-07 01:00:00 America/Santiago = 2025-09-07T04:00:00.000000Z\n"
               "Until (not including) 2025-09-08 00:00:00 America/Santiago = "
               "2025-09-08T03:00:00.000000Z");
    QTest::newRow("open end") << QByteArrayLiteral("UTC") << BerlinNoon << custom("2025-03-10", "")
                              << QStringLiteral("From 2025-03-10 00:00:00 UTC = "
                                                "2025-03-10T00:00:00.000000Z\n"
                                                "Until (not including) —");
    QTest::newRow("all time") << QByteArrayLiteral("UTC") << BerlinNoon << DateRangeSpec()
                              << QStringLiteral("From —\nUntil (not including) —");
}

void TestDateRangePicker::shouldNameBothUtcInstantsInTooltip()
{
    QFETCH(QByteArray, zone);
    QFETCH(Micros, now);
    QFETCH(DateRangeSpec, spec);
    QFETCH(QString, expected);

    Picker p(zone.constData(), now);
    p.widget.setSpec(spec);

    QCOMPARE(p.widget.resolvedText(), expected);
    QCOMPARE(p.widget.toolTip(), expected);
    QVERIFY(p.preset->toolTip().endsWith(expected));
}

void TestDateRangePicker::shouldTreatAnyAsAnOpenEnd()
{
    Picker p("Europe/Berlin", BerlinNoon);
    p.widget.setSpec(custom("2025-03-10", "2025-03-20"));
    QSignalSpy spy(&p.widget, &DateRangePicker::rangeChanged);

    // What picking the earliest day in the calendar does: the editor says "Any".
    p.to->setDate(p.to->minimumDate());

    QCOMPARE(p.to->text(), QStringLiteral("Any"));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(emitted(spy), custom("2025-03-10", ""));
    QCOMPARE(p.widget.resolved().to, std::nullopt);
    QCOMPARE(iso(p.widget.resolved().from), QStringLiteral("2025-03-09T23:00:00.000000Z"));

    p.from->setDate(p.from->minimumDate());

    QCOMPARE(spy.count(), 2);
    QCOMPARE(emitted(spy, 1), custom("", ""));
    QCOMPARE(p.widget.resolved().from, std::nullopt);
    QCOMPARE(p.widget.errorText(), QString());
}

void TestDateRangePicker::shouldKeepDaysWhenTheZoneChanges()
{
    Picker p("Europe/Berlin", BerlinNoon);
    p.widget.setSpec(custom("2025-03-10", "2025-03-20"));
    QCOMPARE(iso(p.widget.resolved().from), QStringLiteral("2025-03-09T23:00:00.000000Z"));
    QCOMPARE(iso(p.widget.resolved().to), QStringLiteral("2025-03-20T23:00:00.000000Z"));
    QSignalSpy spy(&p.widget, &DateRangePicker::rangeChanged);

    p.widget.setTimeZone(QTimeZone(QByteArrayLiteral("America/New_York")));

    QCOMPARE(iso(p.widget.resolved().from), QStringLiteral("2025-03-10T04:00:00.000000Z"));
    QCOMPARE(iso(p.widget.resolved().to), QStringLiteral("2025-03-21T04:00:00.000000Z"));
    QCOMPARE(p.widget.spec(), custom("2025-03-10", "2025-03-20"));
    QCOMPARE(p.from->text(), QStringLiteral("2025-03-10"));
    QCOMPARE(p.to->text(), QStringLiteral("2025-03-20"));
    QVERIFY(p.widget.toolTip().contains(QLatin1String("America/New_York")));
    QCOMPARE(spy.count(), 0);
}

void TestDateRangePicker::shouldRoundTripSettingsThroughThePicker_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("expected");

    for (DateRangeSpec::Preset p : DateRangeSpec::presets()) {
        if (p != DateRangeSpec::Preset::Custom)
            QTest::newRow(qPrintable(DateRangeSpec::key(p)))
                << DateRangeSpec::key(p) << DateRangeSpec::key(p);
    }
    QTest::newRow("custom") << QStringLiteral("custom:2025-03-01..2025-03-31")
                            << QStringLiteral("custom:2025-03-01..2025-03-31");
    QTest::newRow("custom, open start")
        << QStringLiteral("custom:..2025-03-31") << QStringLiteral("custom:..2025-03-31");
    QTest::newRow("custom, open end")
        << QStringLiteral("custom:2025-03-01..") << QStringLiteral("custom:2025-03-01..");
    QTest::newRow("custom, one day") << QStringLiteral("custom:2025-03-30..2025-03-30")
                                     << QStringLiteral("custom:2025-03-30..2025-03-30");
    QTest::newRow("To before From falls back to all time")
        << QStringLiteral("custom:2025-03-31..2025-03-01") << QStringLiteral("all");
    // A damaged end must not silently become an open (wider) end.
    QTest::newRow("impossible day falls back to all time")
        << QStringLiteral("custom:2025-02-30..2025-03-31") << QStringLiteral("all");
    QTest::newRow("unreadable end falls back to all time")
        << QStringLiteral("custom:2025-03-01..yesterday") << QStringLiteral("all");
    QTest::newRow("unknown key falls back to all time")
        << QStringLiteral("last7weeks") << QStringLiteral("all");
}

void TestDateRangePicker::shouldRoundTripSettingsThroughThePicker()
{
    QFETCH(QString, setting);
    QFETCH(QString, expected);

    Picker p("Europe/Berlin", BerlinNoon);
    p.widget.setSpec(DateRangeSpec::fromSetting(setting));

    QCOMPARE(p.widget.spec().toSetting(), expected);
    QCOMPARE(p.preset->currentIndex(),
             int(DateRangeSpec::presets().indexOf(p.widget.spec().preset)));
}

// A relative preset is stored as such: after a restart a week later it means
// the week before the new now, not the days it covered when it was saved.
void TestDateRangePicker::shouldKeepPresetsRelativeAfterARestart()
{
    Picker before("Europe/Berlin", BerlinNoon);
    before.widget.setSpec(preset(DateRangeSpec::Preset::Last7Days));
    const QString setting = before.widget.spec().toSetting();
    QCOMPARE(setting, QStringLiteral("last7days"));
    QCOMPARE(iso(before.widget.resolved().from), QStringLiteral("2025-03-23T23:00:00.000000Z"));

    Picker after("Europe/Berlin", micros("2025-04-05T10:00:00Z"));
    after.widget.setSpec(DateRangeSpec::fromSetting(setting));

    QCOMPARE(after.widget.spec(), preset(DateRangeSpec::Preset::Last7Days));
    QCOMPARE(iso(after.widget.resolved().from), QStringLiteral("2025-03-29T23:00:00.000000Z"));
    QCOMPARE(after.widget.resolved().to, std::nullopt);
    QCOMPARE(after.from->text(), QStringLiteral("2025-03-30"));
    QCOMPARE(after.to->text(), QStringLiteral("2025-04-05"));
}

void TestDateRangePicker::shouldReadInLightAndDarkPalettes_data()
{
    QTest::addColumn<bool>("dark");
    QTest::addColumn<QString>("screenshot");

    QTest::newRow("light") << false << QStringLiteral("filters-light.png");
    QTest::newRow("dark") << true << QStringLiteral("filters-dark.png");
}

// The filter row as the window lays it out (chips, then the picker), and a
// picker refusing its range. The inline error must read on the window
// (4.5:1), and the chips must line up with the date editors. Set
// SELLER_HISTORY_SCREENSHOTS to a folder to review both palettes.
void TestDateRangePicker::shouldReadInLightAndDarkPalettes()
{
    QFETCH(bool, dark);
    QFETCH(QString, screenshot);

    const QPalette saved = QApplication::palette();
    QApplication::setPalette(dark ? darkPalette() : QApplication::style()->standardPalette());
    const auto restore = qScopeGuard([&saved] { QApplication::setPalette(saved); });

    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *row = new QHBoxLayout;
    row->setSpacing(12);
    auto *chips = new FilterChipBar(&window);
    CountResult counts;
    counts.perAction = {28329, 1200, 350, 47, 12000};
    counts.accuracy = CountAccuracy::Estimated;
    chips->setCounts(counts);
    chips->setActions(Action::Add);
    auto *picker = new DateRangePicker(&window);
    picker->setClock([] { return BerlinNoon; });
    picker->setTimeZone(QTimeZone(QByteArrayLiteral("Europe/Berlin")));
    picker->setSpec(custom("2025-03-10", "2025-03-20"));
    row->addWidget(chips);
    row->addStretch(1);
    row->addWidget(picker);
    layout->addLayout(row);
    auto *refusing = new DateRangePicker(&window);
    refusing->setClock([] { return BerlinNoon; });
    refusing->setTimeZone(QTimeZone(QByteArrayLiteral("Europe/Berlin")));
    refusing->setSpec(custom("2025-03-10", "2025-03-20"));
    layout->addWidget(refusing, 0, Qt::AlignRight);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    typeDay(refusing->findChild<QDateEdit *>(QStringLiteral("rangeTo")),
            QStringLiteral("2025-03-05"));
    QVERIFY(!refusing->errorText().isEmpty());
    chips->chip(Action::Edit)->setFocus(Qt::TabFocusReason);
    QVERIFY(chips->chip(Action::Edit)->hasFocus());
    // Saved before the checks, so a failure can be looked at.
    if (!qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS")) {
        const QDir dir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"));
        QVERIFY(window.grab().save(dir.filePath(screenshot)));
    }

    auto *error = refusing->findChild<QLabel *>(QStringLiteral("rangeError"));
    QVERIFY(error->isVisible());
    const QColor errorColor = error->palette().color(error->foregroundRole());
    const QColor window_ = window.palette().color(QPalette::Window);
    QVERIFY2(contrast(errorColor, window_) >= 4.5,
             qPrintable(QStringLiteral("error %1 on %2: %3:1")
                            .arg(errorColor.name(), window_.name())
                            .arg(contrast(errorColor, window_))));

    // Chips and editors share a row: same vertical centre, and the chips are
    // not taller than the editors.
    const QDateEdit *from = picker->findChild<QDateEdit *>(QStringLiteral("rangeFrom"));
    const QRect chip =
        chips->chip(Action::Add)->geometry().translated(chips->mapTo(&window, QPoint()));
    const QRect edit = from->geometry().translated(picker->mapTo(&window, QPoint()));
    QVERIFY2(
        qAbs(chip.center().y() - edit.center().y()) <= 1,
        qPrintable(
            QStringLiteral("chip %1, editor %2").arg(chip.center().y()).arg(edit.center().y())));
    QVERIFY2(
        chip.height() <= edit.height(),
        qPrintable(QStringLiteral("chip %1, editor %2").arg(chip.height()).arg(edit.height())));
}

QTEST_MAIN(TestDateRangePicker)
#include "tst_daterangepicker.moc"
