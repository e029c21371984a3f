#include "sellertablemodel.h"
#include "testdatabase.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

namespace {

Timestamp::Micros at(const char *iso)
{
    return Timestamp::parseIso(QString::fromLatin1(iso)).value();
}

Seller seller(quint64 n, const QString &name, bool flagged = false)
{
    Seller s;
    s.id = TestDatabase::uuid(n);
    s.displayName = name;
    s.normalizedName = name.toLower();
    s.platform = QStringLiteral("ebay");
    s.platformId = QStringLiteral("p%1").arg(n);
    s.flagged = flagged;
    s.createdAt = at("2024-07-01T10:00:00.123456Z");
    return s;
}

// Four rows of different shapes: a plain flagged seller, a hostile name with
// control characters and quotes and no feedback, a non-ASCII name seen very
// often, and an unflagged seller with negative feedback.
QList<Seller> sampleSellers()
{
    Seller plain = seller(1, QStringLiteral("Acme GmbH"), true);
    plain.timesSeen = 3;
    plain.feedbackScore = 1500;

    Seller hostile = seller(2, QStringLiteral("Line one\nLine\t\"two\"\r"));
    hostile.platform = QStringLiteral("amazon");
    hostile.createdAt = at("2024-01-15T23:30:00Z");

    Seller often = seller(3, QStringLiteral("Müller & Söhne 🙂"), true);
    often.timesSeen = 1234567;
    often.feedbackScore = 0;
    often.createdAt = at("2023-12-31T23:59:59.999999Z");

    Seller negative = seller(4, QStringLiteral("<b>Bolt</b> 'n' Nut"));
    negative.feedbackScore = -42;
    negative.platform = QStringLiteral("etsy");
    return {plain, hostile, often, negative};
}

QTimeZone berlin()
{
    return QTimeZone(QByteArrayLiteral("Europe/Berlin"));
}

QModelIndex signalIndex(const QSignalSpy &spy, int call, int argument)
{
    return spy.at(call).at(argument).value<QModelIndex>();
}

} // namespace

class TestSellerTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void shouldPassModelTesterWhileChanging();
    void shouldResetOncePerSetSellers();
    void shouldHaveSixColumnsWithHeaders_data();
    void shouldHaveSixColumnsWithHeaders();
    void shouldNameTheZoneInTheFirstSeenHeaderToolTip();
    void shouldDisplayEachColumn_data();
    void shouldDisplayEachColumn();
    void shouldFormatFirstSeenInTheDisplayZone_data();
    void shouldFormatFirstSeenInTheDisplayZone();
    void shouldShowIsoUtcInTheFirstSeenToolTip();
    void shouldShowTheRawNameInTheToolTip();
    void shouldSayWhenFeedbackIsUnknown();
    void shouldAlignOnlyNumbersToTheRight();
    void shouldExposeCustomRoles();
    void shouldSignalFirstSeenColumnOnlyOnZoneChange();
    void shouldNotSignalForTheSameZone();
    void shouldSignalOnlyHeaderWhenEmpty();
    void shouldUpdateFlaggedInPlace();
    void shouldSignalOnlyChangedFlaggedCells();
    void shouldCoalesceAdjacentFlaggedRows();
    void shouldIgnoreIdsNotOnThePage();
    void shouldFindRowsAndSellers();

private:
    QLocale m_savedLocale;
};

void TestSellerTableModel::initTestCase()
{
    QVERIFY(berlin().isValid());
    m_savedLocale = QLocale();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestSellerTableModel::cleanupTestCase()
{
    QLocale::setDefault(m_savedLocale);
}

void TestSellerTableModel::shouldPassModelTesterWhileChanging()
{
    SellerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    model.setSellers(sampleSellers());
    QCOMPARE(model.rowCount(), 4);
    model.setTimeZone(berlin());
    model.setTimeZone(QTimeZone::utc());
    model.updateFlagged({TestDatabase::uuid(2), TestDatabase::uuid(4)}, true);
    model.updateFlagged({TestDatabase::uuid(1), TestDatabase::uuid(2)}, false);
    model.setSellers({sampleSellers().first()});
    QCOMPARE(model.rowCount(), 1);
    model.setSellers({});
    QCOMPARE(model.rowCount(), 0);
    model.updateFlagged({TestDatabase::uuid(1)}, false);
    model.setTimeZone(berlin());
    model.setSellers(sampleSellers());
    QCOMPARE(model.rowCount(), 4);
}

void TestSellerTableModel::shouldResetOncePerSetSellers()
{
    SellerTableModel model;
    QSignalSpy aboutToReset(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    QList<int> rowsSeenAtReset;
    connect(&model, &QAbstractItemModel::modelReset, this,
            [&] { rowsSeenAtReset << model.rowCount(); });

    model.setSellers(sampleSellers());
    QCOMPARE(aboutToReset.count(), 1);
    QCOMPARE(reset.count(), 1);
    model.setSellers({});
    QCOMPARE(aboutToReset.count(), 2);
    QCOMPARE(reset.count(), 2);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(rowsSeenAtReset, (QList<int>{4, 0}));
}

void TestSellerTableModel::shouldHaveSixColumnsWithHeaders_data()
{
    QTest::addColumn<int>("section");
    QTest::addColumn<QString>("header");

    QTest::newRow("name") << int(SellerTableModel::NameColumn) << QStringLiteral("Name");
    QTest::newRow("flagged") << int(SellerTableModel::FlaggedColumn) << QStringLiteral("Flagged");
    QTest::newRow("times seen") << int(SellerTableModel::TimesSeenColumn)
                                << QStringLiteral("Times seen");
    QTest::newRow("feedback") << int(SellerTableModel::FeedbackColumn)
                              << QStringLiteral("Feedback");
    QTest::newRow("first seen") << int(SellerTableModel::FirstSeenColumn)
                                << QStringLiteral("First seen");
    QTest::newRow("platform") << int(SellerTableModel::PlatformColumn)
                              << QStringLiteral("Platform");
}

void TestSellerTableModel::shouldHaveSixColumnsWithHeaders()
{
    QFETCH(int, section);
    QFETCH(QString, header);

    SellerTableModel model;
    QCOMPARE(model.columnCount(), 6);
    QCOMPARE(model.headerData(section, Qt::Horizontal).toString(), header);
    QVERIFY(!model.headerData(section, Qt::Vertical).isValid());

    model.setSellers(sampleSellers());
    QCOMPARE(model.columnCount(), 6);
    QCOMPARE(model.columnCount(model.index(0, 0)), 0);
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
}

void TestSellerTableModel::shouldNameTheZoneInTheFirstSeenHeaderToolTip()
{
    SellerTableModel model;
    model.setTimeZone(berlin());
    QCOMPARE(model.headerData(SellerTableModel::FirstSeenColumn, Qt::Horizontal, Qt::ToolTipRole)
                 .toString(),
             QStringLiteral("Times in Europe/Berlin"));
    model.setTimeZone(QTimeZone::utc());
    QCOMPARE(model.headerData(SellerTableModel::FirstSeenColumn, Qt::Horizontal, Qt::ToolTipRole)
                 .toString(),
             QStringLiteral("Times in UTC"));
    QVERIFY(
        !model.headerData(SellerTableModel::NameColumn, Qt::Horizontal, Qt::ToolTipRole).isValid());
}

void TestSellerTableModel::shouldDisplayEachColumn_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");

    const int name = SellerTableModel::NameColumn;
    const int flagged = SellerTableModel::FlaggedColumn;
    const int timesSeen = SellerTableModel::TimesSeenColumn;
    const int feedback = SellerTableModel::FeedbackColumn;
    const int firstSeen = SellerTableModel::FirstSeenColumn;
    const int platform = SellerTableModel::PlatformColumn;

    QTest::newRow("plain name") << 0 << name << QStringLiteral("Acme GmbH");
    QTest::newRow("plain flagged") << 0 << flagged << QStringLiteral("Flagged");
    QTest::newRow("plain times seen") << 0 << timesSeen << QStringLiteral("3");
    QTest::newRow("plain feedback grouped") << 0 << feedback << QStringLiteral("1,500");
    QTest::newRow("plain first seen") << 0 << firstSeen << QStringLiteral("2024-07-01 10:00");
    QTest::newRow("plain platform") << 0 << platform << QStringLiteral("ebay");

    QTest::newRow("hostile name made visible")
        << 1 << name << QStringLiteral("Line one\u23CELine\u21E5\"two\"\u21B2");
    QTest::newRow("hostile not flagged") << 1 << flagged << QString();
    QTest::newRow("hostile seen once") << 1 << timesSeen << QStringLiteral("1");
    QTest::newRow("hostile feedback unknown") << 1 << feedback << QString();
    QTest::newRow("hostile first seen") << 1 << firstSeen << QStringLiteral("2024-01-15 23:30");
    QTest::newRow("hostile platform") << 1 << platform << QStringLiteral("amazon");

    QTest::newRow("non-ASCII name kept") << 2 << name << QStringLiteral("Müller & Söhne 🙂");
    QTest::newRow("non-ASCII flagged") << 2 << flagged << QStringLiteral("Flagged");
    QTest::newRow("times seen grouped") << 2 << timesSeen << QStringLiteral("1,234,567");
    QTest::newRow("zero feedback is known") << 2 << feedback << QStringLiteral("0");
    QTest::newRow("first seen keeps the minute, not rounded")
        << 2 << firstSeen << QStringLiteral("2023-12-31 23:59");

    QTest::newRow("markup shown as text") << 3 << name << QStringLiteral("<b>Bolt</b> 'n' Nut");
    QTest::newRow("negative feedback") << 3 << feedback << QStringLiteral("-42");
    QTest::newRow("other platform") << 3 << platform << QStringLiteral("etsy");
}

void TestSellerTableModel::shouldDisplayEachColumn()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QString, expected);

    SellerTableModel model;
    model.setTimeZone(QTimeZone::utc());
    model.setSellers(sampleSellers());
    const QVariant value = model.data(model.index(row, column), Qt::DisplayRole);
    QCOMPARE(value.typeId(), QMetaType::QString);
    QCOMPARE(value.toString(), expected);
}

void TestSellerTableModel::shouldFormatFirstSeenInTheDisplayZone_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QString>("instant");
    QTest::addColumn<QString>("expected");

    QTest::newRow("UTC") << QByteArrayLiteral("UTC")
                         << QStringLiteral("2024-07-01T10:00:59.999999Z")
                         << QStringLiteral("2024-07-01 10:00");
    QTest::newRow("Berlin summer")
        << QByteArrayLiteral("Europe/Berlin") << QStringLiteral("2024-07-01T10:00:00.123456Z")
        << QStringLiteral("2024-07-01 12:00");
    QTest::newRow("Berlin winter, next day")
        << QByteArrayLiteral("Europe/Berlin") << QStringLiteral("2024-01-15T23:30:00Z")
        << QStringLiteral("2024-01-16 00:30");
    QTest::newRow("Berlin, next year")
        << QByteArrayLiteral("Europe/Berlin") << QStringLiteral("2023-12-31T23:59:59.999999Z")
        << QStringLiteral("2024-01-01 00:59");
    QTest::newRow("New York winter")
        << QByteArrayLiteral("America/New_York") << QStringLiteral("2024-01-15T23:30:00Z")
        << QStringLiteral("2024-01-15 18:30");
    QTest::newRow("before the epoch")
        << QByteArrayLiteral("UTC") << QStringLiteral("1969-12-31T23:59:30.5Z")
        << QStringLiteral("1969-12-31 23:59");
}

void TestSellerTableModel::shouldFormatFirstSeenInTheDisplayZone()
{
    QFETCH(QByteArray, zone);
    QFETCH(QString, instant);
    QFETCH(QString, expected);

    const QTimeZone tz(zone);
    QVERIFY(tz.isValid());
    SellerTableModel model;
    model.setTimeZone(tz);
    QCOMPARE(model.timeZone(), tz);
    Seller s = seller(1, QStringLiteral("Acme"));
    s.createdAt = Timestamp::parseIso(instant).value();
    model.setSellers({s});
    QCOMPARE(model.index(0, SellerTableModel::FirstSeenColumn).data().toString(), expected);
}

void TestSellerTableModel::shouldShowIsoUtcInTheFirstSeenToolTip()
{
    SellerTableModel model;
    model.setTimeZone(berlin());
    model.setSellers(sampleSellers());
    const QString tip =
        model.index(0, SellerTableModel::FirstSeenColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.startsWith(QStringLiteral("2024-07-01T10:00:00.123456Z UTC\n")), qPrintable(tip));
    QVERIFY2(tip.endsWith(QStringLiteral(" ago")), qPrintable(tip));
    for (int column : {SellerTableModel::FlaggedColumn, SellerTableModel::TimesSeenColumn,
                       SellerTableModel::PlatformColumn}) {
        QVERIFY2(!model.index(0, column).data(Qt::ToolTipRole).isValid(),
                 qPrintable(QString::number(column)));
    }
}

void TestSellerTableModel::shouldShowTheRawNameInTheToolTip()
{
    SellerTableModel model;
    model.setSellers(sampleSellers());
    QCOMPARE(model.index(1, SellerTableModel::NameColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Line one\nLine\t\"two\"\r"));
    QCOMPARE(model.index(2, SellerTableModel::NameColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Müller & Söhne 🙂"));
}

void TestSellerTableModel::shouldSayWhenFeedbackIsUnknown()
{
    SellerTableModel model;
    model.setSellers(sampleSellers());
    QCOMPARE(model.index(1, SellerTableModel::FeedbackColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("No feedback score recorded"));
    // A score of zero is a score.
    QVERIFY(!model.index(2, SellerTableModel::FeedbackColumn).data(Qt::ToolTipRole).isValid());
}

void TestSellerTableModel::shouldAlignOnlyNumbersToTheRight()
{
    SellerTableModel model;
    model.setSellers(sampleSellers());
    for (int column = 0; column < model.columnCount(); ++column) {
        const QVariant alignment = model.index(0, column).data(Qt::TextAlignmentRole);
        const QVariant header = model.headerData(column, Qt::Horizontal, Qt::TextAlignmentRole);
        if (column == SellerTableModel::TimesSeenColumn ||
            column == SellerTableModel::FeedbackColumn) {
            QVERIFY(alignment.isValid());
            QCOMPARE(qvariant_cast<Qt::Alignment>(alignment), Qt::AlignRight | Qt::AlignVCenter);
            QCOMPARE(qvariant_cast<Qt::Alignment>(header), Qt::AlignRight | Qt::AlignVCenter);
        } else {
            QVERIFY2(!alignment.isValid(), qPrintable(QString::number(column)));
            QVERIFY2(!header.isValid(), qPrintable(QString::number(column)));
        }
    }
}

void TestSellerTableModel::shouldExposeCustomRoles()
{
    const QList<Seller> sellers = sampleSellers();
    SellerTableModel model;
    model.setSellers(sellers);
    QCOMPARE(model.sellers(), sellers);
    for (int row = 0; row < sellers.size(); ++row) {
        // Every column answers the row roles, so a view can ask any cell.
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            QCOMPARE(index.data(SellerTableModel::SellerRole).value<Seller>(), sellers.at(row));
            QCOMPARE(index.data(SellerTableModel::IdRole).toString(), sellers.at(row).id);
            const QVariant flagged = index.data(SellerTableModel::FlaggedRole);
            QCOMPARE(flagged.typeId(), QMetaType::Bool);
            QCOMPARE(flagged.toBool(), sellers.at(row).flagged);
            QCOMPARE(index.data(SellerTableModel::NameRole).toString(),
                     sellers.at(row).displayName);
        }
    }
    QCOMPARE(model.index(1, 0).data(SellerTableModel::IdRole).toString(),
             QStringLiteral("00000000-0000-4000-8000-000000000002"));
    QCOMPARE(model.index(1, 0).data(SellerTableModel::NameRole).toString(),
             QStringLiteral("Line one\nLine\t\"two\"\r"));
    QVERIFY(model.index(0, 0).data(SellerTableModel::FlaggedRole).toBool());
    QVERIFY(!model.index(3, 0).data(SellerTableModel::FlaggedRole).toBool());
}

void TestSellerTableModel::shouldSignalFirstSeenColumnOnlyOnZoneChange()
{
    SellerTableModel model;
    model.setTimeZone(QTimeZone::utc());
    model.setSellers(sampleSellers());
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy headerChanged(&model, &QAbstractItemModel::headerDataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.setTimeZone(berlin());

    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(signalIndex(dataChanged, 0, 0), model.index(0, SellerTableModel::FirstSeenColumn));
    QCOMPARE(signalIndex(dataChanged, 0, 1), model.index(3, SellerTableModel::FirstSeenColumn));
    QCOMPARE(headerChanged.count(), 1);
    QCOMPARE(headerChanged.at(0).at(0).value<Qt::Orientation>(), Qt::Horizontal);
    QCOMPARE(headerChanged.at(0).at(1).toInt(), int(SellerTableModel::FirstSeenColumn));
    QCOMPARE(headerChanged.at(0).at(2).toInt(), int(SellerTableModel::FirstSeenColumn));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.index(0, SellerTableModel::FirstSeenColumn).data().toString(),
             QStringLiteral("2024-07-01 12:00"));
}

void TestSellerTableModel::shouldNotSignalForTheSameZone()
{
    SellerTableModel model;
    model.setTimeZone(berlin());
    model.setSellers(sampleSellers());
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy headerChanged(&model, &QAbstractItemModel::headerDataChanged);

    model.setTimeZone(berlin());

    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(headerChanged.count(), 0);
}

void TestSellerTableModel::shouldSignalOnlyHeaderWhenEmpty()
{
    SellerTableModel model;
    model.setTimeZone(QTimeZone::utc());
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy headerChanged(&model, &QAbstractItemModel::headerDataChanged);

    model.setTimeZone(berlin());

    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(headerChanged.count(), 1);
}

void TestSellerTableModel::shouldUpdateFlaggedInPlace()
{
    SellerTableModel model;
    model.setSellers(sampleSellers());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.updateFlagged({TestDatabase::uuid(2), TestDatabase::uuid(4)}, true);

    QCOMPARE(reset.count(), 0);
    for (int row = 0; row < model.rowCount(); ++row) {
        QVERIFY(model.index(row, SellerTableModel::FlaggedColumn)
                    .data(SellerTableModel::FlaggedRole)
                    .toBool());
        QCOMPARE(model.index(row, SellerTableModel::FlaggedColumn).data().toString(),
                 QStringLiteral("Flagged"));
        QVERIFY(model.seller(row)->flagged);
        QVERIFY(model.index(row, 0).data(SellerTableModel::SellerRole).value<Seller>().flagged);
    }

    model.updateFlagged({TestDatabase::uuid(1)}, false);
    QCOMPARE(model.index(0, SellerTableModel::FlaggedColumn).data().toString(), QString());
    QVERIFY(!model.sellers().at(0).flagged);
    // Nothing else about the row changes.
    Seller expected = sampleSellers().at(0);
    expected.flagged = false;
    QCOMPARE(model.seller(0), std::optional<Seller>(expected));
}

void TestSellerTableModel::shouldSignalOnlyChangedFlaggedCells()
{
    SellerTableModel model;
    model.setSellers(sampleSellers()); // flagged: yes, no, yes, no
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy headerChanged(&model, &QAbstractItemModel::headerDataChanged);

    // Row 0 is already flagged: only rows 1 and 3 change, and they are not
    // adjacent, so each gets its own signal.
    model.updateFlagged({TestDatabase::uuid(1), TestDatabase::uuid(2), TestDatabase::uuid(4)},
                        true);

    QCOMPARE(dataChanged.count(), 2);
    QCOMPARE(signalIndex(dataChanged, 0, 0), model.index(1, SellerTableModel::FlaggedColumn));
    QCOMPARE(signalIndex(dataChanged, 0, 1), model.index(1, SellerTableModel::FlaggedColumn));
    QCOMPARE(signalIndex(dataChanged, 1, 0), model.index(3, SellerTableModel::FlaggedColumn));
    QCOMPARE(signalIndex(dataChanged, 1, 1), model.index(3, SellerTableModel::FlaggedColumn));
    const auto roles = dataChanged.at(0).at(2).value<QList<int>>();
    QVERIFY(roles.contains(Qt::DisplayRole));
    QVERIFY(roles.contains(SellerTableModel::FlaggedRole));
    QCOMPARE(headerChanged.count(), 0);

    // Asking for the state they already have changes nothing.
    dataChanged.clear();
    model.updateFlagged({TestDatabase::uuid(1), TestDatabase::uuid(2)}, true);
    QCOMPARE(dataChanged.count(), 0);
    model.updateFlagged({}, false);
    QCOMPARE(dataChanged.count(), 0);
}

void TestSellerTableModel::shouldCoalesceAdjacentFlaggedRows()
{
    SellerTableModel model;
    model.setSellers(sampleSellers()); // flagged: yes, no, yes, no
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);

    model.updateFlagged({TestDatabase::uuid(1), TestDatabase::uuid(2), TestDatabase::uuid(3),
                         TestDatabase::uuid(4)},
                        false);

    // Rows 0 and 2 change; row 1 is already unflagged, so they do not join.
    QCOMPARE(dataChanged.count(), 2);
    QCOMPARE(signalIndex(dataChanged, 0, 0), model.index(0, SellerTableModel::FlaggedColumn));
    QCOMPARE(signalIndex(dataChanged, 1, 1), model.index(2, SellerTableModel::FlaggedColumn));

    dataChanged.clear();
    model.updateFlagged({TestDatabase::uuid(4), TestDatabase::uuid(2), TestDatabase::uuid(3)},
                        true);

    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(signalIndex(dataChanged, 0, 0), model.index(1, SellerTableModel::FlaggedColumn));
    QCOMPARE(signalIndex(dataChanged, 0, 1), model.index(3, SellerTableModel::FlaggedColumn));
}

void TestSellerTableModel::shouldIgnoreIdsNotOnThePage()
{
    SellerTableModel model;
    model.setSellers(sampleSellers());
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);

    // A whole "all matching" scope: thousands of ids, one of them on the page.
    QStringList ids;
    for (quint64 n = 1000; n < 6000; ++n)
        ids << TestDatabase::uuid(n);
    ids << TestDatabase::uuid(2);
    model.updateFlagged(ids, true);

    QCOMPARE(dataChanged.count(), 1);
    QCOMPARE(signalIndex(dataChanged, 0, 0), model.index(1, SellerTableModel::FlaggedColumn));
    QCOMPARE(signalIndex(dataChanged, 0, 1), model.index(1, SellerTableModel::FlaggedColumn));
    QCOMPARE(model.rowCount(), 4);
}

void TestSellerTableModel::shouldFindRowsAndSellers()
{
    const QList<Seller> sellers = sampleSellers();
    SellerTableModel model;
    QCOMPARE(model.rowOf(sellers.at(0).id), -1);
    QVERIFY(!model.seller(0).has_value());

    model.setSellers(sellers);
    QCOMPARE(model.rowOf(TestDatabase::uuid(1)), 0);
    QCOMPARE(model.rowOf(TestDatabase::uuid(2)), 1);
    QCOMPARE(model.rowOf(TestDatabase::uuid(4)), 3);
    QCOMPARE(model.rowOf(TestDatabase::uuid(5)), -1);
    QCOMPARE(model.rowOf(QString()), -1);
    QCOMPARE(model.seller(1), std::optional<Seller>(sellers.at(1)));
    QVERIFY(!model.seller(-1).has_value());
    QVERIFY(!model.seller(4).has_value());

    model.setSellers({sellers.at(2)});
    QCOMPARE(model.rowOf(TestDatabase::uuid(3)), 0);
    QCOMPARE(model.rowOf(TestDatabase::uuid(1)), -1);
}

QTEST_GUILESS_MAIN(TestSellerTableModel)
#include "tst_sellertablemodel.moc"
