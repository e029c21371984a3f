#include "detailspanel.h"
#include "testdatabase.h"
#include "upstreamjson.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QMap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyle>
#include <QTest>
#include <QToolButton>

namespace {

const Timestamp::Micros When = Q_INT64_C(1719828000123456); // 2024-07-01T10:00:00.123456Z

QJsonArray names(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

AuditEntry entry(quint64 n, Action action, const QString &sellerName, int affected = 1)
{
    AuditEntry e;
    e.id = TestDatabase::uuid(n);
    e.createdAt = When;
    e.action = action;
    e.sellerName = sellerName;
    e.source = QStringLiteral("manual");
    e.userId = TestDatabase::uuid(100);
    e.affectedCount = affected;
    return e;
}

AuditEntry bulkAdd()
{
    AuditEntry e = entry(2, Action::Add, QStringLiteral("3 sellers"), 3);
    e.newValue = UpstreamJson::encodeColumn(
        {{QStringLiteral("names"),
          names({QStringLiteral("Alpha"), QStringLiteral("Beta"), QStringLiteral("Gamma")})}});
    e.source = QStringLiteral("collection_run");
    e.sourceRunId = TestDatabase::uuid(900);
    return e;
}

AuditEntry bulkRemove()
{
    AuditEntry e = entry(5, Action::Remove, QStringLiteral("2 sellers"), 2);
    e.oldValue = UpstreamJson::jsonbText(
        QJsonObject{{QStringLiteral("names"), names({QStringLiteral("X"), QStringLiteral("Y")})}});
    e.source = QStringLiteral("auto_remove");
    return e;
}

AuditEntry flagEntry()
{
    AuditEntry e = entry(7, Action::Flag, QStringLiteral("2 sellers"), 2);
    e.newValue = UpstreamJson::encodeColumn(
        {{QStringLiteral("flagged"), true},
         {QStringLiteral("sellers"),
          names({QStringLiteral("Acme GmbH"), QStringLiteral("Bolt & Nut Ltd")})}});
    e.userName = QStringLiteral("Dana Analyst");
    return e;
}

// new_value is a JSON string, but the text it holds is cut short.
AuditEntry invalidJsonEntry()
{
    AuditEntry e = entry(9, Action::Add, QStringLiteral("Acme"));
    e.newValue = UpstreamJson::jsonbStringText(QByteArrayLiteral("{\"display_name\": \"Acme"));
    return e;
}

// The form's rows as label text → value text.
QMap<QString, QString> formRows(const DetailsPanel &panel)
{
    QMap<QString, QString> rows;
    const auto *form = panel.findChild<QFormLayout *>();
    if (!form)
        return rows;
    for (int row = 0; row < form->rowCount(); ++row) {
        const auto *label =
            qobject_cast<QLabel *>(form->itemAt(row, QFormLayout::LabelRole)->widget());
        const auto *value =
            qobject_cast<QLabel *>(form->itemAt(row, QFormLayout::FieldRole)->widget());
        if (label && value)
            rows.insert(label->text(), value->text());
    }
    return rows;
}

QToolButton *toolButton(const DetailsPanel &panel, const QString &tip)
{
    const QList<QToolButton *> buttons = panel.findChildren<QToolButton *>();
    for (QToolButton *b : buttons) {
        if (b->toolTip() == tip)
            return b;
    }
    return nullptr;
}

QLabel *emptyLabel(const DetailsPanel &panel)
{
    const QList<QLabel *> labels = panel.findChildren<QLabel *>();
    for (QLabel *l : labels) {
        if (l->text() == QStringLiteral("Select an entry to see its details."))
            return l;
    }
    return nullptr;
}

} // namespace

class TestDetailsPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void shouldShowEachActionShape_data();
    void shouldShowEachActionShape();
    void shouldShowTimeInTheDisplayZone();
    void shouldShowUserAndSource();
    void shouldShowControlCharactersInTheList();
    void shouldWarnAboutInvalidJson();
    void shouldShowEmptyState();
    void shouldToggleRawJson();
    void shouldShowRawJsonOfBothShapes();
    void shouldCopyNames();
    void shouldCopyRawJson();
    void shouldKeepASingleRowAtTheTop();
    void shouldOfferToShowTheSellersItNames_data();
    void shouldOfferToShowTheSellersItNames();
    void shouldNotOfferMoreSellersThanTheCap();
    void shouldAskForTheSellersByClickOrKeyboard();
    void shouldListTheNamesOfARestBulkRemoveOnceKnown();
    void shouldKeepTheListModelContract();
    void shouldFitANarrowPanel_data();
    void shouldFitANarrowPanel();
    void shouldShowAHugeExportQuickly();

private:
    QLocale m_savedLocale;
};

void TestDetailsPanel::initTestCase()
{
    m_savedLocale = QLocale();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestDetailsPanel::cleanupTestCase()
{
    QLocale::setDefault(m_savedLocale);
}

void TestDetailsPanel::shouldShowEachActionShape_data()
{
    QTest::addColumn<AuditEntry>("entry");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("listTitle");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("rowLabel"); // an action-specific form row, if any
    QTest::addColumn<QString>("rowValue");

    AuditEntry singleAdd = TestDatabase::addRow(1, When, QStringLiteral("Acme GmbH"));
    QTest::newRow("single add") << singleAdd << QStringLiteral("Added seller \"Acme GmbH\"")
                                << QString() << QStringList() << QStringLiteral("Description")
                                << QStringLiteral("Acme GmbH");

    QTest::newRow("bulk add") << bulkAdd() << QStringLiteral("Added 3 sellers")
                              << QStringLiteral("Added (3)")
                              << QStringList{QStringLiteral("Alpha"), QStringLiteral("Beta"),
                                             QStringLiteral("Gamma")}
                              << QStringLiteral("Sellers affected") << QStringLiteral("3");

    AuditEntry edit = entry(3, Action::Edit, QStringLiteral("New Name"));
    edit.oldValue =
        UpstreamJson::encodeColumn({{QStringLiteral("display_name"), QStringLiteral("Old Name")}});
    edit.newValue =
        UpstreamJson::encodeColumn({{QStringLiteral("display_name"), QStringLiteral("New Name")}});
    QTest::newRow("edit") << edit << QStringLiteral("Renamed \"Old Name\" to \"New Name\"")
                          << QString() << QStringList() << QStringLiteral("Renamed")
                          << QStringLiteral("Old Name → New Name");

    AuditEntry singleRemove = entry(4, Action::Remove, QStringLiteral("Gone Ltd"));
    singleRemove.oldValue =
        UpstreamJson::encodeColumn({{QStringLiteral("display_name"), QStringLiteral("Gone Ltd")}});
    QTest::newRow("single remove")
        << singleRemove << QStringLiteral("Removed seller \"Gone Ltd\"") << QString()
        << QStringList() << QStringLiteral("Action") << QStringLiteral("Removed");

    QTest::newRow("bulk remove, real object")
        << bulkRemove() << QStringLiteral("Removed 2 sellers") << QStringLiteral("Removed (2)")
        << QStringList{QStringLiteral("X"), QStringLiteral("Y")} << QStringLiteral("Source")
        << QStringLiteral("auto_remove");

    AuditEntry exported = entry(6, Action::Export, QStringLiteral("2 sellers"), 2);
    exported.newValue = UpstreamJson::encodeColumn(
        {{QStringLiteral("format"), QStringLiteral("csv")},
         {QStringLiteral("sellers"), names({QStringLiteral("Acme"), QStringLiteral("Bolt")})}});
    exported.source = QStringLiteral("export");
    QTest::newRow("export") << exported << QStringLiteral("Exported 2 sellers as csv")
                            << QStringLiteral("Exported (2)")
                            << QStringList{QStringLiteral("Acme"), QStringLiteral("Bolt")}
                            << QStringLiteral("Format") << QStringLiteral("csv");

    QTest::newRow("flag") << flagEntry() << QStringLiteral("Flagged 2 sellers")
                          << QStringLiteral("Flagged (2)")
                          << QStringList{QStringLiteral("Acme GmbH"),
                                         QStringLiteral("Bolt & Nut Ltd")}
                          << QStringLiteral("Flagged") << QStringLiteral("Yes: flagged");

    AuditEntry unflag = entry(8, Action::Flag, QStringLiteral("1 seller"));
    unflag.newValue = UpstreamJson::encodeColumn(
        {{QStringLiteral("flagged"), false},
         {QStringLiteral("sellers"), names({QStringLiteral("Acme GmbH")})},
         {QStringLiteral("reason"), QStringLiteral("Cleared after review")}});
    QTest::newRow("unflag with reason")
        << unflag << QStringLiteral("Unflagged 1 seller") << QStringLiteral("Unflagged (1)")
        << QStringList{QStringLiteral("Acme GmbH")} << QStringLiteral("Reason")
        << QStringLiteral("Cleared after review");
}

void TestDetailsPanel::shouldShowEachActionShape()
{
    QFETCH(AuditEntry, entry);
    QFETCH(QString, summary);
    QFETCH(QString, listTitle);
    QFETCH(QStringList, names);
    QFETCH(QString, rowLabel);
    QFETCH(QString, rowValue);

    DetailsPanel panel;
    panel.setEntry(entry);

    QCOMPARE(panel.summaryText(), summary);
    QCOMPARE(panel.listTitle(), listTitle);
    QCOMPARE(panel.listedNames(), names);
    QCOMPARE(panel.warnings(), QStringList());
    const auto *list = panel.findChild<QListView *>(QStringLiteral("detailsNames"));
    QVERIFY(list);
    QCOMPARE(list->isVisibleTo(&panel), !names.isEmpty());
    QCOMPARE(list->model()->rowCount(), names.size());
    QVERIFY(!panel.findChild<QLabel *>(QStringLiteral("detailsWarnings"))->isVisibleTo(&panel));
    QVERIFY(!emptyLabel(panel)->isVisibleTo(&panel));

    const QMap<QString, QString> rows = formRows(panel);
    QCOMPARE(rows.value(rowLabel), rowValue);
    QCOMPARE(rows.value(QStringLiteral("Entry id")), entry.id);
    QCOMPARE(rows.value(QStringLiteral("Action")), ActionInfo::label(entry.action));
}

void TestDetailsPanel::shouldShowTimeInTheDisplayZone()
{
    DetailsPanel panel;
    panel.setTimeZone(QTimeZone(QByteArrayLiteral("Europe/Berlin")));
    panel.setEntry(flagEntry());
    QCOMPARE(formRows(panel).value(QStringLiteral("Time")),
             QStringLiteral("2024-07-01 12:00:00 (Europe/Berlin)"));
    QCOMPARE(formRows(panel).value(QStringLiteral("UTC")),
             QStringLiteral("2024-07-01T10:00:00.123456Z"));

    panel.setTimeZone(QTimeZone::utc());
    QCOMPARE(formRows(panel).value(QStringLiteral("Time")),
             QStringLiteral("2024-07-01 10:00:00 (UTC)"));
}

void TestDetailsPanel::shouldShowUserAndSource()
{
    DetailsPanel panel;
    panel.setEntry(flagEntry());
    QCOMPARE(formRows(panel).value(QStringLiteral("User")),
             QStringLiteral("Dana Analyst\n00000000-0000-4000-8000-000000000064"));
    QCOMPARE(formRows(panel).value(QStringLiteral("Source")), QStringLiteral("manual"));

    panel.setEntry(bulkAdd());
    QCOMPARE(formRows(panel).value(QStringLiteral("User")),
             QStringLiteral("00000000-0000-4000-8000-000000000064"));
    QCOMPARE(formRows(panel).value(QStringLiteral("Source")),
             QStringLiteral("collection_run (run 00000000-0000-4000-8000-000000000384)"));

    AuditEntry e = bulkRemove();
    e.userId.clear();
    e.affectedCount = 12345;
    panel.setEntry(e);
    QCOMPARE(formRows(panel).value(QStringLiteral("User")), QStringLiteral("(none recorded)"));
    QCOMPARE(formRows(panel).value(QStringLiteral("Sellers affected")), QStringLiteral("12,345"));
}

void TestDetailsPanel::shouldShowControlCharactersInTheList()
{
    AuditEntry e = bulkAdd();
    e.newValue = UpstreamJson::encodeColumn(
        {{QStringLiteral("names"),
          names({QStringLiteral("Two\nLines"), QStringLiteral("Tab\t")})}});
    DetailsPanel panel;
    panel.setEntry(e);

    const auto *list = panel.findChild<QListView *>(QStringLiteral("detailsNames"));
    const QAbstractItemModel *model = list->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("Two\u23CELines"));
    QCOMPARE(model->index(0, 0).data(Qt::ToolTipRole).toString(), QStringLiteral("Two\nLines"));
    QCOMPARE(model->index(1, 0).data().toString(), QStringLiteral("Tab\u21E5"));
    QCOMPARE(panel.listedNames(),
             (QStringList{QStringLiteral("Two\nLines"), QStringLiteral("Tab\t")}));
}

void TestDetailsPanel::shouldWarnAboutInvalidJson()
{
    DetailsPanel panel;
    panel.resize(420, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setEntry(invalidJsonEntry());

    const QStringList warnings = panel.warnings();
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.first().startsWith(QStringLiteral(
                 "new_value: the value is a string that does not hold valid JSON (invalid JSON at "
                 "character ")),
             qPrintable(warnings.first()));
    QVERIFY2(warnings.first().endsWith(QStringLiteral("); shown raw.")),
             qPrintable(warnings.first()));
    const auto *label = panel.findChild<QLabel *>(QStringLiteral("detailsWarnings"));
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), warnings.first());

    // The row still reads as an add of the row's seller name.
    QCOMPARE(panel.summaryText(), QStringLiteral("Added seller \"Acme\""));
    QCOMPARE(panel.rawJson(), QStringLiteral("new_value:\n\"{\\\"display_name\\\": \\\"Acme\""));

    panel.setEntry(flagEntry());
    QVERIFY(panel.warnings().isEmpty());
    QVERIFY(!label->isVisible());
}

void TestDetailsPanel::shouldShowEmptyState()
{
    DetailsPanel panel;
    QVERIFY(emptyLabel(panel));
    QVERIFY(emptyLabel(panel)->isVisibleTo(&panel));
    QCOMPARE(panel.summaryText(), QString());

    panel.setEntry(flagEntry());
    QVERIFY(!emptyLabel(panel)->isVisibleTo(&panel));
    QVERIFY(panel.findChild<QLabel *>(QStringLiteral("detailsSummary"))->isVisibleTo(&panel));

    panel.setEntry(std::nullopt);
    QVERIFY(emptyLabel(panel)->isVisibleTo(&panel));
    QVERIFY(!panel.findChild<QLabel *>(QStringLiteral("detailsSummary"))->isVisibleTo(&panel));
    QCOMPARE(panel.summaryText(), QString());
    QCOMPARE(panel.listTitle(), QString());
    QCOMPARE(panel.listedNames(), QStringList());
    QCOMPARE(panel.warnings(), QStringList());
    QCOMPARE(panel.rawJson(), QStringLiteral("(no JSON stored)"));
}

void TestDetailsPanel::shouldToggleRawJson()
{
    DetailsPanel panel;
    panel.resize(420, 600);
    panel.setEntry(bulkAdd());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QPushButton *toggle = panel.findChild<QPushButton *>(QStringLiteral("showRawButton"));
    QVERIFY(toggle);
    auto *raw = panel.findChild<QPlainTextEdit *>(QStringLiteral("detailsRaw"));
    QVERIFY(raw);
    QCOMPARE(toggle->text(), QStringLiteral("Show &raw JSON"));
    QVERIFY(!raw->isVisible());

    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(raw->isVisible());
    QCOMPARE(toggle->text(), QStringLiteral("Hide &raw JSON"));
    QCOMPARE(raw->toPlainText(), panel.rawJson());

    // The raw view stays open from one entry to the next, showing the new one.
    panel.setEntry(bulkRemove());
    QVERIFY(raw->isVisible());
    QCOMPARE(raw->toPlainText(), panel.rawJson());

    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(!raw->isVisible());
    QCOMPARE(toggle->text(), QStringLiteral("Show &raw JSON"));
}

void TestDetailsPanel::shouldShowRawJsonOfBothShapes()
{
    DetailsPanel panel;
    panel.setEntry(bulkAdd());
    QCOMPARE(panel.rawJson(), QStringLiteral("new_value:\n"
                                             "(stored as a JSON string holding:)\n"
                                             "{\n"
                                             "    \"names\": [\n"
                                             "        \"Alpha\",\n"
                                             "        \"Beta\",\n"
                                             "        \"Gamma\"\n"
                                             "    ]\n"
                                             "}"));
    panel.setEntry(bulkRemove());
    QCOMPARE(panel.rawJson(), QStringLiteral("old_value:\n"
                                             "{\n"
                                             "    \"names\": [\n"
                                             "        \"X\",\n"
                                             "        \"Y\"\n"
                                             "    ]\n"
                                             "}"));
}

void TestDetailsPanel::shouldCopyNames()
{
    DetailsPanel panel;
    panel.setEntry(bulkAdd());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->setText(QStringLiteral("before"));

    QToolButton *copy = toolButton(panel, QStringLiteral("Copy the names, one per line"));
    QVERIFY(copy);
    QVERIFY(copy->isVisible());
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(clipboard->text(), QStringLiteral("Alpha\nBeta\nGamma"));

    panel.setEntry(TestDatabase::addRow(1, When, QStringLiteral("Acme")));
    QVERIFY(!copy->isVisible()); // a single row has no list to copy
}

void TestDetailsPanel::shouldCopyRawJson()
{
    DetailsPanel panel;
    panel.setEntry(invalidJsonEntry());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->setText(QStringLiteral("before"));

    QToolButton *copy = toolButton(panel, QStringLiteral("Copy the raw JSON"));
    QVERIFY(copy);
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(clipboard->text(), panel.rawJson());
    QCOMPARE(clipboard->text(), QStringLiteral("new_value:\n\"{\\\"display_name\\\": \\\"Acme\""));
}

// With neither the list nor the raw view open, the spare height goes below
// the content instead of pushing the summary, warning and form apart.
void TestDetailsPanel::shouldKeepASingleRowAtTheTop()
{
    DetailsPanel panel;
    panel.setEntry(invalidJsonEntry());
    panel.resize(420, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

    const auto *summary = panel.findChild<QLabel *>(QStringLiteral("detailsSummary"));
    const auto *warnings = panel.findChild<QLabel *>(QStringLiteral("detailsWarnings"));
    const QWidget *form = panel.findChild<QFormLayout *>()->parentWidget();
    const auto *show = panel.findChild<QPushButton *>(QStringLiteral("showSellersButton"));
    const auto *toggle = panel.findChild<QPushButton *>(QStringLiteral("showRawButton"));
    const auto top = [&](const QWidget *w) { return w->mapTo(&panel, QPoint(0, 0)).y(); };
    const auto bottom = [&](const QWidget *w) { return top(w) + w->height(); };
    const int gap = 2 * panel.style()->pixelMetric(QStyle::PM_LayoutVerticalSpacing) + 2;

    // The title row is as tall as its text or its 24 px icon, no taller.
    QCOMPARE(summary->height(), std::max(summary->heightForWidth(summary->width()), 24));
    QVERIFY2(top(warnings) - bottom(summary) <= gap, qPrintable(QString::number(top(warnings))));
    QVERIFY2(top(form) - bottom(warnings) <= gap, qPrintable(QString::number(top(form))));
    QVERIFY2(top(show) - bottom(form) <= gap, qPrintable(QString::number(top(show))));
    QVERIFY2(top(toggle) - bottom(show) <= gap, qPrintable(QString::number(top(toggle))));
    QVERIFY(bottom(toggle) < panel.height() / 2 + 100);
}

void TestDetailsPanel::shouldOfferToShowTheSellersItNames_data()
{
    QTest::addColumn<AuditEntry>("entry");
    QTest::addColumn<bool>("offered");
    QTest::addColumn<SellerSet>("sellers");
    QTest::addColumn<QString>("buttonText");

    const auto setOf = [](SellerSet::Key key, const QStringList &values) {
        SellerSet set;
        set.key = key;
        set.values = values;
        return set;
    };
    const auto idSet = [&](const QStringList &values) { return setOf(SellerSet::Key::Id, values); };
    const auto nameSet = [&](const QStringList &values) {
        return setOf(SellerSet::Key::Name, values);
    };

    // A row about one seller: by its id where the row has one, which
    // survives renames; else (REST rows, or the id nulled when the seller
    // was deleted) by its name.
    AuditEntry withId = TestDatabase::addRow(1, When, QStringLiteral("Acme GmbH"));
    withId.sellerId = TestDatabase::uuid(501);
    QTest::newRow("single add, by id") << withId << true << idSet({TestDatabase::uuid(501)})
                                       << QStringLiteral("Show &This Seller");
    AuditEntry withoutId = TestDatabase::addRow(1, When, QStringLiteral("Acme GmbH"));
    QTest::newRow("single add, by name")
        << withoutId << true << nameSet({QStringLiteral("Acme GmbH")})
        << QStringLiteral("Show &This Seller");
    AuditEntry edit = entry(3, Action::Edit, QStringLiteral("New Name"));
    edit.sellerId = TestDatabase::uuid(502);
    edit.oldValue =
        UpstreamJson::encodeColumn({{QStringLiteral("display_name"), QStringLiteral("Old Name")}});
    edit.newValue =
        UpstreamJson::encodeColumn({{QStringLiteral("display_name"), QStringLiteral("New Name")}});
    QTest::newRow("edit, by id") << edit << true << idSet({TestDatabase::uuid(502)})
                                 << QStringLiteral("Show &This Seller");

    // Rows about many: the names they list, each once.
    AuditEntry twice = bulkAdd();
    twice.newValue = UpstreamJson::encodeColumn(
        {{QStringLiteral("names"),
          names({QStringLiteral("Alpha"), QStringLiteral("Beta"), QStringLiteral("Alpha")})}});
    QTest::newRow("bulk add, a name twice")
        << twice << true << nameSet({QStringLiteral("Alpha"), QStringLiteral("Beta")})
        << QStringLiteral("Show &These Sellers");
    QTest::newRow("flag") << flagEntry() << true
                          << nameSet(
                                 {QStringLiteral("Acme GmbH"), QStringLiteral("Bolt & Nut Ltd")})
                          << QStringLiteral("Show &These Sellers");

    // Nothing to show: an export of no sellers; removed sellers (they were
    // deleted: the Sellers tab would find almost none of them).
    AuditEntry none = entry(6, Action::Export, QStringLiteral("0 sellers"), 0);
    none.newValue = UpstreamJson::encodeColumn({{QStringLiteral("format"), QStringLiteral("csv")},
                                                {QStringLiteral("sellers"), names({})}});
    QTest::newRow("export of none") << none << false << SellerSet{} << QString();
    QTest::newRow("bulk remove") << bulkRemove() << false << SellerSet{} << QString();
    AuditEntry singleRemove = entry(4, Action::Remove, QStringLiteral("Gone Ltd"));
    singleRemove.oldValue =
        UpstreamJson::encodeColumn({{QStringLiteral("display_name"), QStringLiteral("Gone Ltd")}});
    QTest::newRow("single remove") << singleRemove << false << SellerSet{} << QString();
}

void TestDetailsPanel::shouldOfferToShowTheSellersItNames()
{
    QFETCH(AuditEntry, entry);
    QFETCH(bool, offered);
    QFETCH(SellerSet, sellers);
    QFETCH(QString, buttonText);

    DetailsPanel panel;
    panel.setEntry(entry);
    const auto *button = panel.showSellersButton();
    QVERIFY(button);
    QCOMPARE(button->isVisibleTo(&panel), offered);
    QCOMPARE(panel.sellersToShow().has_value(), offered);
    if (!offered)
        return;
    sellers.entryId = entry.id; // the set says where it came from
    QCOMPARE(*panel.sellersToShow(), sellers);
    QVERIFY(button->isEnabled());
    QCOMPARE(button->text(), buttonText);
    QVERIFY(!button->toolTip().isEmpty());
    QCOMPARE(button->toolTip().contains(QLatin1String("found by name")),
             sellers.key == SellerSet::Key::Name);
    QVERIFY(button->focusPolicy() & Qt::TabFocus);

    // No entry, no button.
    panel.setEntry(std::nullopt);
    QVERIFY(!panel.sellersToShow());
}

// Each page of the Sellers tab binds the whole set: above the cap the jump is
// not offered, and the disabled button says why.
void TestDetailsPanel::shouldNotOfferMoreSellersThanTheCap()
{
    const auto flagOf = [](int count) {
        QStringList list;
        for (int i = 0; i < count; ++i)
            list << QStringLiteral("Seller %1").arg(i);
        AuditEntry e = flagEntry();
        e.affectedCount = count;
        e.newValue = UpstreamJson::encodeColumn(
            {{QStringLiteral("flagged"), true}, {QStringLiteral("sellers"), names(list)}});
        return e;
    };
    DetailsPanel panel;
    panel.setEntry(flagOf(int(DetailsPanel::MaxSellersShown)));
    QVERIFY(panel.showSellersButton()->isVisibleTo(&panel));
    QVERIFY(panel.showSellersButton()->isEnabled());
    QCOMPARE(panel.sellersToShow()->values.size(), DetailsPanel::MaxSellersShown);

    panel.setEntry(flagOf(int(DetailsPanel::MaxSellersShown) + 1));
    QVERIFY(panel.showSellersButton()->isVisibleTo(&panel));
    QVERIFY(!panel.showSellersButton()->isEnabled());
    QVERIFY(!panel.sellersToShow());
    QCOMPARE(panel.showSellersButton()->toolTip(),
             QStringLiteral("This entry names 10,001 sellers; at most 10,000 can be shown in the "
                            "Sellers tab at once. Copy the names, or export the sellers, to work "
                            "with all of them."));
    QCOMPARE(panel.showSellersButton()->accessibleDescription(),
             panel.showSellersButton()->toolTip());
    QSignalSpy asked(&panel, &DetailsPanel::showSellersRequested);
    panel.showSellersButton()->click();
    QCOMPARE(asked.size(), 0);
}

void TestDetailsPanel::shouldAskForTheSellersByClickOrKeyboard()
{
    DetailsPanel panel;
    panel.setTimeZone(QTimeZone::utc());
    panel.setEntry(flagEntry());
    panel.resize(420, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy asked(&panel, &DetailsPanel::showSellersRequested);
    QTest::mouseClick(panel.showSellersButton(), Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    const SellerSet set = asked.at(0).at(0).value<SellerSet>();
    QCOMPARE(set.values,
             (QStringList{QStringLiteral("Acme GmbH"), QStringLiteral("Bolt & Nut Ltd")}));
    QCOMPARE(asked.at(0).at(1).toString(),
             QStringLiteral("the entry “Flagged 2 sellers” of 2024-07-01 10:00:00"));

    // Tab to it and press Space.
    panel.showSellersButton()->setFocus(Qt::TabFocusReason);
    QTest::keyClick(panel.showSellersButton(), Qt::Key_Space);
    QCOMPARE(asked.size(), 2);
}

// The REST API returns no old_value: until the source's own lists arrive, a
// bulk remove's seller_name is a summary. Once they do, its names are listed
// (the jump to the Sellers tab stays off: those sellers were removed).
void TestDetailsPanel::shouldListTheNamesOfARestBulkRemoveOnceKnown()
{
    AuditEntry e = bulkRemove();
    e.oldValue.clear();
    e.sellerName = QStringLiteral("Removed 2 sellers");
    DetailsPanel panel;
    panel.setEntry(e);
    QCOMPARE(panel.listedNames(), QStringList());
    QVERIFY(!panel.showSellersButton()->isVisibleTo(&panel));
    panel.setSourceLists(e.id, {}, {QStringLiteral("X"), QStringLiteral("Y")});
    QCOMPARE(panel.listTitle(), QStringLiteral("Removed (2)"));
    QCOMPARE(panel.listedNames(), (QStringList{QStringLiteral("X"), QStringLiteral("Y")}));
    QVERIFY(!panel.sellersToShow());
    QVERIFY(!panel.showSellersButton()->isVisibleTo(&panel));
}

// Whatever the panel shows, its list's model keeps the model contract.
void TestDetailsPanel::shouldKeepTheListModelContract()
{
    DetailsPanel panel;
    auto *list = panel.findChild<QListView *>(QStringLiteral("detailsNames"));
    QVERIFY(list);
    QAbstractItemModelTester tester(list->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setEntry(bulkAdd());
    panel.setEntry(flagEntry());
    panel.setEntry(TestDatabase::addRow(1, When, QStringLiteral("Acme")));
    QCOMPARE(list->model()->rowCount(), 0);
    AuditEntry e = bulkRemove();
    e.oldValue.clear();
    panel.setEntry(e);
    panel.setSourceLists(e.id, {}, {QStringLiteral("X"), QStringLiteral("Y")});
    QCOMPARE(list->model()->rowCount(), 2);
    panel.setEntry(std::nullopt);
    QCOMPARE(list->model()->rowCount(), 0);
}

void TestDetailsPanel::shouldFitANarrowPanel_data()
{
    QTest::addColumn<AuditEntry>("entry");
    QTest::addColumn<bool>("showRaw");
    QTest::addColumn<QString>("screenshot");

    QTest::newRow("flag") << flagEntry() << false << QStringLiteral("details-flag.png");
    AuditEntry single = TestDatabase::addRow(1, When, QStringLiteral("Acme GmbH"));
    single.sellerId = TestDatabase::uuid(501);
    QTest::newRow("single add") << single << false << QStringLiteral("details-single.png");
    // A row whose JSON cannot be read opens its raw view by itself.
    QTest::newRow("invalid JSON, raw shown")
        << invalidJsonEntry() << true << QStringLiteral("details-invalid-json-raw.png");
}

// The pane sits beside the table, so it must read at its usual width without
// scrolling sideways. Set SELLER_HISTORY_SCREENSHOTS to a folder to review it.
void TestDetailsPanel::shouldFitANarrowPanel()
{
    QFETCH(AuditEntry, entry);
    QFETCH(bool, showRaw);
    QFETCH(QString, screenshot);

    DetailsPanel panel;
    panel.setTimeZone(QTimeZone(QByteArrayLiteral("Europe/Berlin")));
    panel.setEntry(entry);
    panel.resize(420, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const auto *rawView = panel.findChild<QPlainTextEdit *>(QStringLiteral("detailsRaw"));
    QCOMPARE(rawView->isVisible(), showRaw);
    if (showRaw) {
        // Raw JSON wraps rather than scroll sideways; its scroll bars settle
        // after a queued relayout.
        const auto *raw = panel.findChild<QPlainTextEdit *>(QStringLiteral("detailsRaw"));
        QVERIFY(raw->isVisible());
        QTRY_VERIFY(!raw->horizontalScrollBar()->isVisible());
        QTRY_VERIFY(!raw->verticalScrollBar()->isVisible());
    }

    const auto *scroll = panel.findChild<QScrollArea *>();
    QVERIFY(scroll);
    QVERIFY(!scroll->horizontalScrollBar()->isVisible());

    if (!qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS")) {
        const QDir dir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"));
        QVERIFY(panel.grab().save(dir.filePath(screenshot)));
    }
}

// The app's own export rows list every distinct seller of the file: 672,467
// names (~15 MB of JSON) must select as fast as a row of three.
void TestDetailsPanel::shouldShowAHugeExportQuickly()
{
    constexpr int Count = 672467;
    QStringList sellers;
    sellers.reserve(Count);
    for (int i = 0; i < Count; ++i)
        sellers << QStringLiteral("Seller %1").arg(i, 7, 10, QLatin1Char('0'));
    AuditEntry e =
        entry(11, Action::Export, QStringLiteral("Exported 672467 sellers as csv"), Count);
    e.source = QStringLiteral("export");
    e.newValue = UpstreamJson::encodeColumn({{QStringLiteral("format"), QStringLiteral("csv")},
                                             {QStringLiteral("sellers"), QJsonValue()}},
                                            u"sellers", sellers);
    qInfo("export entry JSON: %lld bytes", qlonglong(e.newValue.size()));

    DetailsPanel panel;
    panel.resize(420, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

    QElapsedTimer timer;
    timer.start();
    panel.setEntry(e);
    const qint64 setMs = timer.elapsed();
    panel.repaint();
    const qint64 shownMs = timer.elapsed();
    const auto set = panel.sellersToShow();
    const qint64 totalMs = timer.elapsed();
    qInfo("setEntry %lld ms, + painting the list %lld ms, + the seller set %lld ms: %lld ms", setMs,
          shownMs - setMs, totalMs - shownMs, totalMs);
    QVERIFY2(totalMs < 2000, qPrintable(QString::number(totalMs)));
    timer.restart();
    const EntryDetails details = EntryDetails::from(e);
    qInfo("of which reading the JSON (EntryDetails::from): about %lld ms", timer.elapsed());
    QCOMPARE(details.sellers.size(), Count);
    QTest::qWait(0); // the form's new rows show on the next event loop pass

    const auto *view = panel.findChild<QListView *>(QStringLiteral("detailsNames"));
    QVERIFY(view);
    QVERIFY(view->isVisible());
    QVERIFY(view->uniformItemSizes());
    QCOMPARE(view->model()->rowCount(), Count);
    QCOMPARE(view->model()->index(0, 0).data().toString(), QStringLiteral("Seller 0000000"));
    QCOMPARE(view->model()->index(Count - 1, 0).data().toString(),
             QStringLiteral("Seller 0672466"));
    QCOMPARE(panel.listTitle(), QStringLiteral("Exported (672,467)"));
    QCOMPARE(panel.listedNames().size(), Count);
    // Far too many to list in the Sellers tab: offered disabled, saying why.
    QVERIFY(!set);
    QVERIFY(panel.showSellersButton()->isVisible());
    QVERIFY(!panel.showSellersButton()->isEnabled());
    QVERIFY2(panel.showSellersButton()->toolTip().contains(QLatin1String("672,467 sellers")),
             qPrintable(panel.showSellersButton()->toolTip()));

    // The end of the list is one key away.
    timer.restart();
    auto *list = panel.findChild<QListView *>(QStringLiteral("detailsNames"));
    list->setFocus();
    QTest::keyClick(list, Qt::Key_End);
    panel.repaint();
    qInfo("to the end of the list: %lld ms", timer.elapsed());
    QCOMPARE(list->currentIndex().row(), Count - 1);

    // The raw view shows the beginning, cut at a line, and says so; Copy
    // copies all of it.
    timer.restart();
    panel.findChild<QPushButton *>(QStringLiteral("showRawButton"))->click();
    panel.repaint();
    qInfo("showing the raw JSON: %lld ms", timer.elapsed());
    const auto *raw = panel.findChild<QPlainTextEdit *>(QStringLiteral("detailsRaw"));
    const auto *note = panel.findChild<QLabel *>(QStringLiteral("detailsRawNote"));
    QVERIFY(raw->isVisible());
    QVERIFY(note->isVisible());
    QVERIFY(note->text().contains(QLatin1String("copies all of it")));
    const QString shown = raw->toPlainText();
    QVERIFY(shown.size() <= DetailsPanel::RawShownChars);
    QVERIFY(shown.size() > DetailsPanel::RawShownChars / 2);
    QVERIFY(shown.startsWith(QLatin1String("new_value:\n(stored as a JSON string holding:)\n{")));
    QVERIFY2(shown.endsWith(u'"') || shown.endsWith(u','), qPrintable(shown.right(40)));
    const QString all = panel.rawJson();
    QVERIFY(all.startsWith(shown + u'\n'));
    QVERIFY(all.endsWith(QLatin1String("\"Seller 0672466\"\n    ]\n}")));
    timer.restart();
    toolButton(panel, QStringLiteral("Copy the raw JSON"))->click();
    qInfo("copying the raw JSON: %lld ms", timer.elapsed());
    QCOMPARE(QGuiApplication::clipboard()->text().size(), all.size());

    if (!qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS")) {
        const QDir dir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"));
        QTest::keyClick(list, Qt::Key_Home);
        QVERIFY(panel.grab().save(dir.filePath(QStringLiteral("details-huge-export-raw.png"))));
        panel.findChild<QPushButton *>(QStringLiteral("showRawButton"))->click();
        QVERIFY(panel.grab().save(dir.filePath(QStringLiteral("details-huge-export.png"))));
    }
}

QTEST_MAIN(TestDetailsPanel)
#include "tst_detailspanel.moc"
