#include "historytablemodel.h"
#include "testdatabase.h"
#include "upstreamjson.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

namespace {

Timestamp::Micros at(const char *iso)
{
    return Timestamp::parseIso(QString::fromLatin1(iso)).value();
}

// Three rows of different shapes: a plain add, a bulk remove by a named user
// with control characters in its description, and a flag without a profile.
QList<AuditEntry> sampleEntries()
{
    AuditEntry add =
        TestDatabase::addRow(1, at("2024-07-01T10:00:00.123456Z"), QStringLiteral("Acme GmbH"));
    add.userId = TestDatabase::uuid(101);
    add.userName = QStringLiteral("Dana Analyst");

    AuditEntry remove;
    remove.id = TestDatabase::uuid(2);
    remove.createdAt = at("2024-01-15T23:30:00Z");
    remove.action = Action::Remove;
    remove.sellerName = QStringLiteral("Line one\nLine\ttwo\r");
    remove.source = QStringLiteral("auto_remove");
    remove.affectedCount = 1234567;

    AuditEntry flag;
    flag.id = TestDatabase::uuid(3);
    flag.createdAt = at("2023-12-31T23:59:59.999999Z");
    flag.action = Action::Flag;
    flag.sellerName = QStringLiteral("3 sellers");
    flag.newValue = UpstreamJson::encodeColumn(
        {{QStringLiteral("flagged"), true},
         {QStringLiteral("sellers"),
          QJsonArray{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}}});
    flag.source = QStringLiteral("manual");
    flag.userId = TestDatabase::uuid(102);
    flag.affectedCount = 3;
    return {add, remove, flag};
}

QTimeZone berlin()
{
    return QTimeZone(QByteArrayLiteral("Europe/Berlin"));
}

} // namespace

class TestHistoryTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void shouldPassModelTesterWhileChanging();
    void shouldResetOncePerSetEntries();
    void shouldHaveSixColumnsWithHeaders_data();
    void shouldHaveSixColumnsWithHeaders();
    void shouldNameTheZoneInTheTimeHeaderToolTip();
    void shouldDisplayEachColumn_data();
    void shouldDisplayEachColumn();
    void shouldFormatTimeInTheDisplayZone_data();
    void shouldFormatTimeInTheDisplayZone();
    void shouldShowIsoUtcInTheTimeToolTip();
    void shouldShowRawTextInToolTips();
    void shouldMakeControlCharactersVisible_data();
    void shouldMakeControlCharactersVisible();
    void shouldAlignOnlySellersToTheRight();
    void shouldExposeCustomRoles();
    void shouldSignalTimeColumnOnlyOnZoneChange();
    void shouldNotSignalForTheSameZone();
    void shouldSignalOnlyHeaderWhenEmpty();
    void shouldFindRowsAndEntries();
    void shouldSayUnflaggedForFlagRowsThatUnflag_data();
    void shouldSayUnflaggedForFlagRowsThatUnflag();

private:
    QLocale m_savedLocale;
};

void TestHistoryTableModel::initTestCase()
{
    QVERIFY(berlin().isValid());
    m_savedLocale = QLocale();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestHistoryTableModel::cleanupTestCase()
{
    QLocale::setDefault(m_savedLocale);
}

void TestHistoryTableModel::shouldPassModelTesterWhileChanging()
{
    HistoryTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    model.setEntries(sampleEntries());
    QCOMPARE(model.rowCount(), 3);
    model.setTimeZone(berlin());
    model.setTimeZone(QTimeZone::utc());
    model.setEntries({sampleEntries().first()});
    QCOMPARE(model.rowCount(), 1);
    model.setEntries({});
    QCOMPARE(model.rowCount(), 0);
    model.setTimeZone(berlin());
    model.setEntries(sampleEntries());
    QCOMPARE(model.rowCount(), 3);
}

void TestHistoryTableModel::shouldResetOncePerSetEntries()
{
    HistoryTableModel model;
    QSignalSpy aboutToReset(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QList<int> rowsSeenAtReset;
    connect(&model, &QAbstractItemModel::modelReset, this,
            [&] { rowsSeenAtReset << model.rowCount(); });

    model.setEntries(sampleEntries());
    QCOMPARE(aboutToReset.count(), 1);
    QCOMPARE(reset.count(), 1);
    model.setEntries({});
    QCOMPARE(aboutToReset.count(), 2);
    QCOMPARE(reset.count(), 2);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(rowsSeenAtReset, (QList<int>{3, 0}));
}

void TestHistoryTableModel::shouldHaveSixColumnsWithHeaders_data()
{
    QTest::addColumn<int>("section");
    QTest::addColumn<QString>("header");

    QTest::newRow("time") << int(HistoryTableModel::TimeColumn) << QStringLiteral("Time");
    QTest::newRow("action") << int(HistoryTableModel::ActionColumn) << QStringLiteral("Action");
    QTest::newRow("description") << int(HistoryTableModel::DescriptionColumn)
                                 << QStringLiteral("Description");
    QTest::newRow("sellers") << int(HistoryTableModel::SellersColumn) << QStringLiteral("Sellers");
    QTest::newRow("source") << int(HistoryTableModel::SourceColumn) << QStringLiteral("Source");
    QTest::newRow("user") << int(HistoryTableModel::UserColumn) << QStringLiteral("User");
}

void TestHistoryTableModel::shouldHaveSixColumnsWithHeaders()
{
    QFETCH(int, section);
    QFETCH(QString, header);

    HistoryTableModel model;
    QCOMPARE(model.columnCount(), 6);
    QCOMPARE(model.headerData(section, Qt::Horizontal).toString(), header);
    QVERIFY(!model.headerData(section, Qt::Vertical).isValid());

    model.setEntries(sampleEntries());
    QCOMPARE(model.columnCount(), 6);
    QCOMPARE(model.columnCount(model.index(0, 0)), 0);
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
}

void TestHistoryTableModel::shouldNameTheZoneInTheTimeHeaderToolTip()
{
    HistoryTableModel model;
    model.setTimeZone(berlin());
    QCOMPARE(
        model.headerData(HistoryTableModel::TimeColumn, Qt::Horizontal, Qt::ToolTipRole).toString(),
        QStringLiteral("Times in Europe/Berlin"));
    model.setTimeZone(QTimeZone::utc());
    QCOMPARE(
        model.headerData(HistoryTableModel::TimeColumn, Qt::Horizontal, Qt::ToolTipRole).toString(),
        QStringLiteral("Times in UTC"));
    QVERIFY(!model.headerData(HistoryTableModel::ActionColumn, Qt::Horizontal, Qt::ToolTipRole)
                 .isValid());
}

void TestHistoryTableModel::shouldDisplayEachColumn_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");

    const int time = HistoryTableModel::TimeColumn;
    const int action = HistoryTableModel::ActionColumn;
    const int description = HistoryTableModel::DescriptionColumn;
    const int sellers = HistoryTableModel::SellersColumn;
    const int source = HistoryTableModel::SourceColumn;
    const int user = HistoryTableModel::UserColumn;

    QTest::newRow("add time") << 0 << time << QStringLiteral("2024-07-01 10:00:00");
    QTest::newRow("add action") << 0 << action << QStringLiteral("Added");
    QTest::newRow("add description") << 0 << description << QStringLiteral("Acme GmbH");
    QTest::newRow("add sellers") << 0 << sellers << QStringLiteral("1");
    QTest::newRow("add source") << 0 << source << QStringLiteral("manual");
    QTest::newRow("add user is the profile name") << 0 << user << QStringLiteral("Dana Analyst");

    QTest::newRow("remove time") << 1 << time << QStringLiteral("2024-01-15 23:30:00");
    QTest::newRow("remove action") << 1 << action << QStringLiteral("Removed");
    QTest::newRow("remove description")
        << 1 << description << QStringLiteral("Line one\u23CELine\u21E5two\u21B2");
    QTest::newRow("remove sellers grouped") << 1 << sellers << QStringLiteral("1,234,567");
    QTest::newRow("remove source") << 1 << source << QStringLiteral("auto_remove");
    QTest::newRow("remove without user") << 1 << user << QString();

    QTest::newRow("flag time") << 2 << time << QStringLiteral("2023-12-31 23:59:59");
    QTest::newRow("flag action") << 2 << action << QStringLiteral("Flagged");
    QTest::newRow("flag description") << 2 << description << QStringLiteral("3 sellers");
    QTest::newRow("flag sellers") << 2 << sellers << QStringLiteral("3");
    QTest::newRow("flag user falls back to id")
        << 2 << user << QStringLiteral("00000000-0000-4000-8000-000000000066");
}

void TestHistoryTableModel::shouldDisplayEachColumn()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QString, expected);

    HistoryTableModel model;
    model.setTimeZone(QTimeZone::utc());
    model.setEntries(sampleEntries());
    const QVariant value = model.data(model.index(row, column), Qt::DisplayRole);
    QCOMPARE(value.typeId(), QMetaType::QString);
    QCOMPARE(value.toString(), expected);
}

void TestHistoryTableModel::shouldFormatTimeInTheDisplayZone_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QString>("instant");
    QTest::addColumn<QString>("expected");

    QTest::newRow("UTC") << QByteArrayLiteral("UTC")
                         << QStringLiteral("2024-07-01T10:00:00.123456Z")
                         << QStringLiteral("2024-07-01 10:00:00");
    QTest::newRow("Berlin summer")
        << QByteArrayLiteral("Europe/Berlin") << QStringLiteral("2024-07-01T10:00:00.123456Z")
        << QStringLiteral("2024-07-01 12:00:00");
    QTest::newRow("Berlin winter, next day")
        << QByteArrayLiteral("Europe/Berlin") << QStringLiteral("2024-01-15T23:30:00Z")
        << QStringLiteral("2024-01-16 00:30:00");
    QTest::newRow("Berlin, next year")
        << QByteArrayLiteral("Europe/Berlin") << QStringLiteral("2023-12-31T23:59:59.999999Z")
        << QStringLiteral("2024-01-01 00:59:59");
    QTest::newRow("New York winter")
        << QByteArrayLiteral("America/New_York") << QStringLiteral("2024-01-15T23:30:00Z")
        << QStringLiteral("2024-01-15 18:30:00");
}

void TestHistoryTableModel::shouldFormatTimeInTheDisplayZone()
{
    QFETCH(QByteArray, zone);
    QFETCH(QString, instant);
    QFETCH(QString, expected);

    const QTimeZone tz(zone);
    QVERIFY(tz.isValid());
    HistoryTableModel model;
    model.setTimeZone(tz);
    QCOMPARE(model.timeZone(), tz);
    model.setEntries(
        {TestDatabase::addRow(1, Timestamp::parseIso(instant).value(), QStringLiteral("Acme"))});
    QCOMPARE(model.index(0, HistoryTableModel::TimeColumn).data().toString(), expected);
}

void TestHistoryTableModel::shouldShowIsoUtcInTheTimeToolTip()
{
    HistoryTableModel model;
    model.setTimeZone(berlin());
    model.setEntries(sampleEntries());
    const QString tip =
        model.index(0, HistoryTableModel::TimeColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.startsWith(QStringLiteral("2024-07-01T10:00:00.123456Z UTC\n")), qPrintable(tip));
    QVERIFY2(tip.endsWith(QStringLiteral(" ago")), qPrintable(tip));
    QVERIFY(!model.index(0, HistoryTableModel::ActionColumn).data(Qt::ToolTipRole).isValid());
}

void TestHistoryTableModel::shouldShowRawTextInToolTips()
{
    HistoryTableModel model;
    model.setEntries(sampleEntries());
    QCOMPARE(model.index(1, HistoryTableModel::DescriptionColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Line one\nLine\ttwo\r"));
    QCOMPARE(model.index(0, HistoryTableModel::UserColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Dana Analyst\n00000000-0000-4000-8000-000000000065"));
    QCOMPARE(model.index(2, HistoryTableModel::UserColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("00000000-0000-4000-8000-000000000066"));
}

void TestHistoryTableModel::shouldMakeControlCharactersVisible_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << QStringLiteral("Acme") << QStringLiteral("Acme");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("a\u23CEb");
    QTest::newRow("tab") << QStringLiteral("a\tb") << QStringLiteral("a\u21E5b");
    QTest::newRow("carriage return") << QStringLiteral("a\r\n") << QStringLiteral("a\u21B2\u23CE");
    QTest::newRow("NUL") << QString(QChar(0)) << QStringLiteral("\uFFFD");
    QTest::newRow("escape") << QStringLiteral("\x1b[0m") << QStringLiteral("\uFFFD[0m");
    QTest::newRow("DEL") << QStringLiteral("a\x7f") << QStringLiteral("a\uFFFD");
    QTest::newRow("line separator") << QStringLiteral("a\u2028b") << QStringLiteral("a\u23CEb");
    QTest::newRow("non-ASCII kept")
        << QStringLiteral("Müller & Söhne 🙂") << QStringLiteral("Müller & Söhne 🙂");
}

void TestHistoryTableModel::shouldMakeControlCharactersVisible()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);

    QCOMPARE(HistoryTableModel::visibleText(text), expected);
}

void TestHistoryTableModel::shouldAlignOnlySellersToTheRight()
{
    HistoryTableModel model;
    model.setEntries(sampleEntries());
    for (int column = 0; column < model.columnCount(); ++column) {
        const QVariant alignment = model.index(0, column).data(Qt::TextAlignmentRole);
        if (column == HistoryTableModel::SellersColumn) {
            QVERIFY(alignment.isValid());
            QCOMPARE(qvariant_cast<Qt::Alignment>(alignment), Qt::AlignRight | Qt::AlignVCenter);
        } else {
            QVERIFY2(!alignment.isValid(), qPrintable(QString::number(column)));
        }
    }
}

void TestHistoryTableModel::shouldExposeCustomRoles()
{
    const QList<AuditEntry> entries = sampleEntries();
    HistoryTableModel model;
    model.setEntries(entries);
    QCOMPARE(model.entries(), entries);
    for (int row = 0; row < entries.size(); ++row) {
        // Every column answers the row roles, so a view can ask any cell.
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            QCOMPARE(index.data(HistoryTableModel::EntryRole).value<AuditEntry>(), entries.at(row));
            QCOMPARE(index.data(HistoryTableModel::IdRole).toString(), entries.at(row).id);
            QCOMPARE(index.data(HistoryTableModel::ActionRole).toInt(),
                     int(entries.at(row).action));
            const QVariant createdAt = index.data(HistoryTableModel::CreatedAtRole);
            QCOMPARE(createdAt.typeId(), QMetaType::LongLong);
            QCOMPARE(createdAt.toLongLong(), entries.at(row).createdAt);
        }
    }
    QCOMPARE(model.index(1, 0).data(HistoryTableModel::IdRole).toString(),
             QStringLiteral("00000000-0000-4000-8000-000000000002"));
    QCOMPARE(model.index(2, 0).data(HistoryTableModel::ActionRole).toInt(), int(Action::Flag));
    QCOMPARE(model.index(0, 0).data(HistoryTableModel::CreatedAtRole).toLongLong(),
             Q_INT64_C(1719828000123456));
}

void TestHistoryTableModel::shouldSignalTimeColumnOnlyOnZoneChange()
{
    HistoryTableModel model;
    model.setTimeZone(QTimeZone::utc());
    model.setEntries(sampleEntries());
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy headerChanged(&model, &QAbstractItemModel::headerDataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.setTimeZone(berlin());

    QCOMPARE(dataChanged.count(), 1);
    const auto topLeft = dataChanged.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = dataChanged.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft, model.index(0, HistoryTableModel::TimeColumn));
    QCOMPARE(bottomRight, model.index(2, HistoryTableModel::TimeColumn));
    QCOMPARE(headerChanged.count(), 1);
    QCOMPARE(headerChanged.at(0).at(0).value<Qt::Orientation>(), Qt::Horizontal);
    QCOMPARE(headerChanged.at(0).at(1).toInt(), int(HistoryTableModel::TimeColumn));
    QCOMPARE(headerChanged.at(0).at(2).toInt(), int(HistoryTableModel::TimeColumn));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.index(0, HistoryTableModel::TimeColumn).data().toString(),
             QStringLiteral("2024-07-01 12:00:00"));
}

void TestHistoryTableModel::shouldNotSignalForTheSameZone()
{
    HistoryTableModel model;
    model.setTimeZone(berlin());
    model.setEntries(sampleEntries());
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy headerChanged(&model, &QAbstractItemModel::headerDataChanged);

    model.setTimeZone(berlin());

    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(headerChanged.count(), 0);
}

void TestHistoryTableModel::shouldSignalOnlyHeaderWhenEmpty()
{
    HistoryTableModel model;
    model.setTimeZone(QTimeZone::utc());
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy headerChanged(&model, &QAbstractItemModel::headerDataChanged);

    model.setTimeZone(berlin());

    QCOMPARE(dataChanged.count(), 0);
    QCOMPARE(headerChanged.count(), 1);
}

void TestHistoryTableModel::shouldSayUnflaggedForFlagRowsThatUnflag_data()
{
    QTest::addColumn<QByteArray>("newValue");
    QTest::addColumn<QString>("expected");
    const QJsonArray sellers{QStringLiteral("A")};
    QTest::newRow("flagged, double-encoded")
        << UpstreamJson::encodeColumn(
               {{QStringLiteral("flagged"), true}, {QStringLiteral("sellers"), sellers}})
        << QStringLiteral("Flagged");
    QTest::newRow("unflagged, double-encoded")
        << UpstreamJson::encodeColumn(
               {{QStringLiteral("flagged"), false}, {QStringLiteral("sellers"), sellers}})
        << QStringLiteral("Unflagged");
    QTest::newRow("unflagged, real object")
        << UpstreamJson::jsonbText(QJsonObject{{QStringLiteral("flagged"), false},
                                               {QStringLiteral("sellers"), sellers}})
        << QStringLiteral("Unflagged");
    QTest::newRow("flagged missing")
        << UpstreamJson::encodeColumn({{QStringLiteral("sellers"), sellers}})
        << QStringLiteral("Flagged");
    QTest::newRow("not JSON") << QByteArray("\"{\\\"flagged\\\": fal\"")
                              << QStringLiteral("Flagged");
    QTest::newRow("NULL") << QByteArray() << QStringLiteral("Flagged");
}

void TestHistoryTableModel::shouldSayUnflaggedForFlagRowsThatUnflag()
{
    QFETCH(QByteArray, newValue);
    QFETCH(QString, expected);
    QList<AuditEntry> entries = sampleEntries();
    entries[2].newValue = newValue;
    HistoryTableModel model;
    model.setEntries(entries);
    QCOMPARE(model.data(model.index(2, HistoryTableModel::ActionColumn)).toString(), expected);
    QCOMPARE(model.data(model.index(0, HistoryTableModel::ActionColumn)).toString(),
             QStringLiteral("Added"));
}

void TestHistoryTableModel::shouldFindRowsAndEntries()
{
    const QList<AuditEntry> entries = sampleEntries();
    HistoryTableModel model;
    QCOMPARE(model.rowOf(entries.at(0).id), -1);
    QVERIFY(!model.entry(0).has_value());

    model.setEntries(entries);
    QCOMPARE(model.rowOf(TestDatabase::uuid(1)), 0);
    QCOMPARE(model.rowOf(TestDatabase::uuid(2)), 1);
    QCOMPARE(model.rowOf(TestDatabase::uuid(3)), 2);
    QCOMPARE(model.rowOf(TestDatabase::uuid(4)), -1);
    QCOMPARE(model.rowOf(QString()), -1);
    QCOMPARE(model.entry(1), std::optional<AuditEntry>(entries.at(1)));
    QCOMPARE(model.entry(2)->sellerName, QStringLiteral("3 sellers"));
    QVERIFY(!model.entry(-1).has_value());
    QVERIFY(!model.entry(3).has_value());

    model.setEntries({entries.at(2)});
    QCOMPARE(model.rowOf(TestDatabase::uuid(3)), 0);
    QCOMPARE(model.rowOf(TestDatabase::uuid(1)), -1);
}

QTEST_GUILESS_MAIN(TestHistoryTableModel)
#include "tst_historytablemodel.moc"
