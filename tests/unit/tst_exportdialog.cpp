// The export dialog against a scripted source: its defaults, the scope it
// offers and counts, the request it builds, the preview written by the
// export's own columns, the choices it remembers; and the progress strip's
// words.
#include "exportdialog.h"
#include "exportprogressbar.h"
#include "fakesource.h"
#include "testdatabase.h"
#include "upstreamjson.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z

using Scope = ExportRequest::Scope;

AuditEntry entry(quint64 n, const QString &name)
{
    return TestDatabase::addRow(n, Base - qint64(n) * Timestamp::MicrosPerHour, name);
}

Seller seller(quint64 n, const QString &name, bool flagged = false)
{
    Seller s;
    s.id = TestDatabase::uuid(n);
    s.displayName = name;
    s.platform = QStringLiteral("ebay");
    s.flagged = flagged;
    s.timesSeen = int(n);
    s.createdAt = Base;
    return s;
}

ExportDialog::Context historyContext(int selected)
{
    ExportDialog::Context c;
    c.scope = Scope::History;
    c.history.actions = Actions(Action::Add) | Action::Flag;
    c.history.search = QStringLiteral("shop");
    for (int i = 0; i < selected; ++i)
        c.selectedEntries << entry(quint64(i + 1), QStringLiteral("Shop %1").arg(i));
    return c;
}

ExportDialog::Context sellersContext(int selected, bool allMatching = false)
{
    ExportDialog::Context c;
    c.scope = Scope::Sellers;
    c.sellers.search = QStringLiteral("acme");
    c.sellers.state = SellerFilter::State::Unflagged;
    c.allMatchingSelected = allMatching;
    for (int i = 0; i < selected; ++i)
        c.selectedSellers << seller(quint64(i + 1), QStringLiteral("Acme %1").arg(i));
    return c;
}

QStringList rec(std::initializer_list<QStringView> fields)
{
    QStringList out;
    for (QStringView f : fields)
        out << f.toString();
    return out;
}

void saveShot(QWidget *widget, const QString &name)
{
    if (qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS"))
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(
        QDir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS")).filePath(name)));
}

} // namespace

class TestExportDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void shouldDefaultToSpreadsheetAndAFreshFileName();
    void shouldOfferTheSelectionOnlyWhenThereIsOne_data();
    void shouldOfferTheSelectionOnlyWhenThereIsOne();
    void shouldSayWhichSellersAreExported_data();
    void shouldSayWhichSellersAreExported();
    void shouldSpellOutTheCount_data();
    void shouldSpellOutTheCount();
    void shouldBuildTheRequestAsChosen_data();
    void shouldBuildTheRequestAsChosen();
    void shouldPreviewTheFirstRowsAsTheyWillBeWritten_data();
    void shouldPreviewTheFirstRowsAsTheyWillBeWritten();
    void shouldPreviewTheFirstSellersOfTheFilter();
    void shouldRememberItsChoicesAcrossDialogs();
    void shouldRefuseAPathItCannotWrite_data();
    void shouldRefuseAPathItCannotWrite();
    void shouldPickAFreeDefaultName();
    void shouldCancelItsRequestsWhenClosed();
    void shouldReadBackCsvRecords_data();
    void shouldReadBackCsvRecords();
    void shouldDescribeProgress_data();
    void shouldDescribeProgress();
    void shouldMeasureTheSpeedOverTheLastSeconds();

private:
    QTemporaryDir m_dir;
};

void TestExportDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("seller-history-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_exportdialog"));
    QVERIFY(m_dir.isValid());
}

void TestExportDialog::init()
{
    QSettings().clear();
}

void TestExportDialog::shouldDefaultToSpreadsheetAndAFreshFileName()
{
    FakeSource source;
    ExportDialog dialog(historyContext(1), &source);
    QCOMPARE(CsvProfile(dialog.profileBox()->currentData().toInt()), CsvProfile::Spreadsheet);
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("exportProfileText"))
                ->text()
                .contains(QLatin1String("Excel")));
    const QString name = ExportDialog::defaultFileName(Scope::History, QDate::currentDate());
    QCOMPARE(name, QStringLiteral("seller-history-%1.csv")
                       .arg(QDate::currentDate().toString(QStringLiteral("yyyy-MM-dd"))));
    const QFileInfo path(dialog.request().path);
    QVERIFY2(path.fileName().startsWith(name.chopped(4)), qPrintable(path.fileName()));
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QVERIFY2(path.absolutePath() == QDir(documents).absolutePath() ||
                 path.absolutePath() == QDir::homePath(),
             qPrintable(path.absolutePath()));
    QVERIFY(dialog.pathProblem().isEmpty());
    QVERIFY(dialog.exportButton()->isEnabled());
    QVERIFY(dialog.exportButton()->isDefault());
    // Flagging is for sellers only.
    QVERIFY(dialog.flagBox()->isHidden());
    QVERIFY(!dialog.flagExported());
    QCOMPARE(ExportDialog::defaultFileName(Scope::Sellers, QDate(2026, 11, 26)),
             QStringLiteral("sellers-2026-11-26.csv"));
    // Every control says what it does.
    for (QWidget *w :
         {static_cast<QWidget *>(dialog.allButton()),
          static_cast<QWidget *>(dialog.selectedButton()),
          static_cast<QWidget *>(dialog.profileBox()), static_cast<QWidget *>(dialog.pathField())})
        QVERIFY2(!w->toolTip().isEmpty(), qPrintable(w->objectName()));
    // Every control is reached with Tab, top to bottom.
    QWidget *w = dialog.allButton();
    QStringList order;
    for (int i = 0; i < 12 && !order.contains(w->objectName()); ++i) {
        QVERIFY(w->focusPolicy() & Qt::TabFocus);
        order << w->objectName();
        w = w->nextInFocusChain();
        while (!(w->focusPolicy() & Qt::TabFocus))
            w = w->nextInFocusChain();
    }
    QCOMPARE(order.mid(0, 5),
             (QStringList{QStringLiteral("exportAll"), QStringLiteral("exportSelected"),
                          QStringLiteral("exportProfile"), QStringLiteral("exportPath"),
                          QStringLiteral("exportBrowse")}));
    QVERIFY(order.contains(QStringLiteral("exportPreviewTable")));
}

void TestExportDialog::shouldOfferTheSelectionOnlyWhenThereIsOne_data()
{
    QTest::addColumn<bool>("sellers");
    QTest::addColumn<int>("selected");
    QTest::addColumn<bool>("allMatching");
    QTest::addColumn<bool>("selectionEnabled");
    QTest::addColumn<bool>("selectionChecked");
    QTest::addColumn<QString>("selectionText");

    QTest::newRow("history, nothing selected")
        << false << 0 << false << false << false
        << QStringLiteral("Only the &selected rows (none selected)");
    // History always has a current row: one is not a choice to export it.
    QTest::newRow("history, the current row")
        << false << 1 << false << true << false << QStringLiteral("Only the &selected row");
    QTest::newRow("history, rows selected")
        << false << 3 << false << true << true << QStringLiteral("The 3 &selected rows");
    QTest::newRow("sellers, nothing selected")
        << true << 0 << false << false << false
        << QStringLiteral("Only the &selected sellers (none selected)");
    QTest::newRow("sellers, one selected")
        << true << 1 << false << true << true << QStringLiteral("Only the &selected seller");
    QTest::newRow("sellers, 1,200 selected")
        << true << 1200 << false << true << true << QStringLiteral("The 1,200 &selected sellers");
    QTest::newRow("sellers, all matching selected")
        << true << 0 << true << false << false
        << QStringLiteral("Only the &selected sellers (all matching sellers are selected)");
}

void TestExportDialog::shouldOfferTheSelectionOnlyWhenThereIsOne()
{
    QFETCH(bool, sellers);
    QFETCH(int, selected);
    QFETCH(bool, allMatching);
    QFETCH(bool, selectionEnabled);
    QFETCH(bool, selectionChecked);
    QFETCH(QString, selectionText);

    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    FakeSource source;
    ExportDialog dialog(sellers ? sellersContext(selected, allMatching) : historyContext(selected),
                        &source);
    QCOMPARE(dialog.selectedButton()->isEnabled(), selectionEnabled);
    QCOMPARE(dialog.selectedButton()->isChecked(), selectionChecked);
    QCOMPARE(dialog.allButton()->isChecked(), !selectionChecked);
    QCOMPARE(dialog.selectedButton()->text(), selectionText);
    QCOMPARE(dialog.isSelectionScope(), selectionChecked);
    if (selectionChecked) {
        QCOMPARE(dialog.estimatedRows(), selected);
        QCOMPARE(dialog.estimateAccuracy(), CountAccuracy::Exact);
    }
    // Checking the other scope is one click (or Alt+A / Alt+S) away.
    if (selectionEnabled) {
        dialog.selectedButton()->setChecked(true);
        QCOMPARE(dialog.estimatedRows(), selected);
        QCOMPARE(dialog.request().ids.size(), selected);
        dialog.allButton()->setChecked(true);
        QVERIFY(dialog.request().ids.isEmpty());
    }
}

void TestExportDialog::shouldSayWhichSellersAreExported_data()
{
    QTest::addColumn<std::optional<SellerSet>>("only");
    QTest::addColumn<QString>("text");
    QTest::newRow("the filter") << std::optional<SellerSet>()
                                << QStringLiteral("Unflagged sellers with names containing “acme” "
                                                  "· newest first");
    QTest::newRow("an entry's sellers")
        << std::optional<SellerSet>(SellerSet{SellerSet::Key::Name,
                                              {QStringLiteral("a"), QStringLiteral("b")},
                                              QStringLiteral("e")})
        << QStringLiteral("Of the 2 sellers a history entry names: unflagged sellers with names "
                          "containing “acme” · newest first");
    QTest::newRow("an entry's seller")
        << std::optional<SellerSet>(SellerSet{SellerSet::Key::Id, {QStringLiteral("1")}, {}})
        << QStringLiteral("Of the seller a history entry names: unflagged sellers with names "
                          "containing “acme” · newest first");
}

void TestExportDialog::shouldSayWhichSellersAreExported()
{
    QFETCH(std::optional<SellerSet>, only);
    QFETCH(QString, text);
    FakeSource source;
    ExportDialog::Context context = sellersContext(0);
    context.sellers.only = only;
    ExportDialog dialog(context, &source);
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("exportFilterText"))->text(), text);
    if (only && !qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS")) {
        dialog.show();
        QVERIFY(
            dialog.grab().save(QDir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"))
                                   .filePath(QStringLiteral("export-dialog-entry-sellers.png"))));
    }
}

void TestExportDialog::shouldSpellOutTheCount_data()
{
    QTest::addColumn<bool>("sellers");
    QTest::addColumn<qint64>("knownTotal");
    QTest::addColumn<CountAccuracy>("knownAccuracy");
    QTest::addColumn<bool>("replyEstimate"); // the source first answers with an estimate
    QTest::addColumn<qint64>("replied");     // what the source counts (-1: nothing asked)
    QTest::addColumn<QString>("allText");
    QTest::addColumn<QString>("estimate");

    QTest::newRow("history, the window's exact total")
        << false << qint64(1234) << CountAccuracy::Exact << false << qint64(-1)
        << QStringLiteral("&All 1,234 rows matching the current filters")
        << QStringLiteral("1,234 rows");
    QTest::newRow("history, counted exactly")
        << false << qint64(-1) << CountAccuracy::Unknown << false << qint64(1'234'567)
        << QStringLiteral("&All 1,234,567 rows matching the current filters")
        << QStringLiteral("1,234,567 rows");
    QTest::newRow("history, an estimate")
        << false << qint64(-1) << CountAccuracy::Unknown << true << qint64(1'234'567)
        << QStringLiteral("&All rows matching the current filters (about 1,234,567)")
        << QStringLiteral("about 1,234,567 rows");
    QTest::newRow("history, one row")
        << false << qint64(1) << CountAccuracy::Exact << false << qint64(-1)
        << QStringLiteral("&All rows matching the current filters (1 row)")
        << QStringLiteral("1 row");
    QTest::newRow("sellers, the page's exact total")
        << true << qint64(-1) << CountAccuracy::Unknown << false << qint64(48213)
        << QStringLiteral("&All 48,213 sellers matching the current filter")
        << QStringLiteral("48,213 sellers");
}

void TestExportDialog::shouldSpellOutTheCount()
{
    QFETCH(bool, sellers);
    QFETCH(qint64, knownTotal);
    QFETCH(CountAccuracy, knownAccuracy);
    QFETCH(bool, replyEstimate);
    QFETCH(qint64, replied);
    QFETCH(QString, allText);
    QFETCH(QString, estimate);

    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    FakeSource source;
    ExportDialog::Context context = sellers ? sellersContext(0) : historyContext(0);
    context.knownTotal = knownTotal;
    context.knownAccuracy = knownAccuracy;
    ExportDialog dialog(context, &source);
    if (sellers) {
        QCOMPARE(source.sellerPages.size(), 1);
        QCOMPARE(source.sellerPages.first().request.filter, context.sellers);
        QCOMPARE(source.sellerPages.first().request.pageSize, ExportDialog::PreviewRows);
        QVERIFY(dialog.allButton()->text().contains(QLatin1String("counting")));
        SellerPageResult page;
        page.total = replied;
        page.sellers << seller(1, QStringLiteral("Acme"));
        source.replySellerPage(source.sellerPages.first().id, page);
    } else if (replied < 0) {
        QVERIFY(source.counts.isEmpty()); // nothing to ask: the window knew
    } else {
        QCOMPARE(source.counts.size(), 1);
        QCOMPARE(source.counts.first().request.filter, context.history);
        QVERIFY(source.counts.first().request.allowEstimate);
        QCOMPARE(dialog.estimatedRows(), -1);
        QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("exportEstimate"))->text(),
                 QStringLiteral("Counting…"));
        CountResult counts;
        // Only the filter's actions count (Added and Flagged here).
        counts.perAction[int(Action::Add)] = replied - 7;
        counts.perAction[int(Action::Flag)] = 7;
        counts.perAction[int(Action::Remove)] = 1000;
        counts.accuracy = replyEstimate ? CountAccuracy::Estimated : CountAccuracy::Exact;
        source.replyCounts(source.counts.first().id, counts);
        // An estimate is followed by a request for the exact figure.
        QCOMPARE(source.counts.size(), replyEstimate ? 2 : 1);
        if (replyEstimate)
            QVERIFY(!source.counts.last().request.allowEstimate);
    }
    QCOMPARE(dialog.allButton()->text(), allText);
    QCOMPARE(dialog.estimateText(), estimate);
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("exportEstimate"))->text(),
             QStringLiteral("Will export %1.").arg(estimate));
}

void TestExportDialog::shouldBuildTheRequestAsChosen_data()
{
    QTest::addColumn<bool>("sellers");
    QTest::addColumn<bool>("selection");
    QTest::addColumn<bool>("standard");
    QTest::addColumn<bool>("flag");

    QTest::newRow("history, all, spreadsheet") << false << false << false << false;
    QTest::newRow("history, selection, standard") << false << true << true << false;
    QTest::newRow("sellers, all, standard, flagged") << true << false << true << true;
    QTest::newRow("sellers, selection, spreadsheet") << true << true << false << false;
}

void TestExportDialog::shouldBuildTheRequestAsChosen()
{
    QFETCH(bool, sellers);
    QFETCH(bool, selection);
    QFETCH(bool, standard);
    QFETCH(bool, flag);

    FakeSource source;
    ExportDialog::Context context = sellers ? sellersContext(3) : historyContext(3);
    context.zoneId = QStringLiteral("Europe/Berlin");
    ExportDialog dialog(context, &source);
    (selection ? dialog.selectedButton() : dialog.allButton())->setChecked(true);
    dialog.profileBox()->setCurrentIndex(dialog.profileBox()->findData(
        int(standard ? CsvProfile::Standard : CsvProfile::Spreadsheet)));
    dialog.flagBox()->setChecked(flag);
    const QString path = m_dir.filePath(QStringLiteral("chosen.csv"));
    dialog.pathField()->setText(path);

    const ExportRequest r = dialog.request();
    QCOMPARE(r.scope, sellers ? Scope::Sellers : Scope::History);
    QCOMPARE(r.profile, standard ? CsvProfile::Standard : CsvProfile::Spreadsheet);
    QCOMPARE(r.path, path);
    QCOMPARE(r.zoneId, QStringLiteral("Europe/Berlin"));
    QCOMPARE(r.history, context.history);
    QCOMPARE(r.sellers, context.sellers);
    QStringList ids;
    if (selection) {
        // In display order, as selected.
        for (const AuditEntry &e : context.selectedEntries)
            ids << e.id;
        for (const Seller &s : context.selectedSellers)
            ids << s.id;
    }
    QCOMPARE(r.ids, ids);
    QCOMPARE(dialog.flagExported(), sellers && flag);
    QCOMPARE(dialog.flagBox()->isVisibleTo(&dialog), sellers);
}

void TestExportDialog::shouldPreviewTheFirstRowsAsTheyWillBeWritten_data()
{
    QTest::addColumn<bool>("standard");
    QTest::addColumn<QString>("hostileCell");
    QTest::addColumn<bool>("bom");

    QTest::newRow("spreadsheet") << false << QStringLiteral("'=cmd") << true;
    QTest::newRow("standard") << true << QStringLiteral("=cmd") << false;
}

void TestExportDialog::shouldPreviewTheFirstRowsAsTheyWillBeWritten()
{
    QFETCH(bool, standard);
    QFETCH(QString, hostileCell);
    QFETCH(bool, bom);

    FakeSource source;
    ExportDialog::Context context = historyContext(0);
    context.zoneId = QStringLiteral("UTC");
    ExportDialog dialog(context, &source);
    QAbstractItemModelTester tester(dialog.previewModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.profileBox()->setCurrentIndex(dialog.profileBox()->findData(
        int(standard ? CsvProfile::Standard : CsvProfile::Spreadsheet)));
    QVERIFY(dialog.isPreviewLoading());
    QCOMPARE(dialog.previewModel()->rowCount(), 0);
    QCOMPARE(source.pages.size(), 1);
    const PageRequest asked = source.pages.first().request;
    QCOMPARE(asked.filter, context.history);
    QCOMPARE(asked.pageSize, ExportDialog::PreviewRows);
    QCOMPARE(asked.anchor, PageAnchor::First);

    PageResult page;
    AuditEntry flag = entry(1, QStringLiteral("Flagged 2 sellers"));
    flag.action = Action::Flag;
    flag.affectedCount = 2;
    flag.newValue = UpstreamJson::encodeColumn(
        {{QStringLiteral("flagged"), true},
         {QStringLiteral("sellers"),
          QJsonArray{QStringLiteral("=cmd"), QStringLiteral("a, \"b\"")}}});
    page.entries << flag;
    for (int i = 2; i <= 6; ++i)
        page.entries << entry(quint64(i), QStringLiteral("Shop %1").arg(i));
    page.atEnd = false;
    source.replyPage(source.pages.first().id, page);
    QVERIFY(!dialog.isPreviewLoading());

    ExportPreviewModel *preview = dialog.previewModel();
    QCOMPARE(preview->header(),
             (QStringList{QStringLiteral("created_at"), QStringLiteral("local_time"),
                          QStringLiteral("action"), QStringLiteral("description"),
                          QStringLiteral("affected_count"), QStringLiteral("sellers"),
                          QStringLiteral("flagged"), QStringLiteral("format"),
                          QStringLiteral("source"), QStringLiteral("user"), QStringLiteral("id")}));
    QCOMPARE(preview->rowCount(), ExportDialog::PreviewRows);
    QCOMPARE(preview->cell(0, 0), QStringLiteral("2024-12-31T23:00:00.000000Z"));
    QCOMPARE(preview->cell(0, 1), QStringLiteral("2024-12-31 23:00:00"));
    QCOMPARE(preview->cell(0, 2), QStringLiteral("flag"));
    QCOMPARE(preview->cell(0, 5), hostileCell + QStringLiteral("; a, \"b\""));
    QCOMPARE(preview->cell(0, 6), QStringLiteral("true"));
    QCOMPARE(preview->cell(1, 3), QStringLiteral("Shop 2"));
    QCOMPARE(preview->cell(0, 10), flag.id);
    QCOMPARE(preview->csv().startsWith("\xEF\xBB\xBF"), bom);
    QCOMPARE(preview->headerData(0, Qt::Horizontal).toString(), QStringLiteral("created_at"));
    // The text tab shows the lines of the file, quoting and all.
    const QString text =
        dialog.findChild<QPlainTextEdit *>(QStringLiteral("exportPreviewText"))->toPlainText();
    QVERIFY2(text.startsWith(standard ? QLatin1String("created_at,local_time,")
                                      : QLatin1String("\"created_at\",\"local_time\",")),
             qPrintable(text));

    // Another profile: the same rows, written its way.
    dialog.profileBox()->setCurrentIndex(dialog.profileBox()->findData(
        int(standard ? CsvProfile::Spreadsheet : CsvProfile::Standard)));
    QCOMPARE(preview->rowCount(), ExportDialog::PreviewRows);
    QCOMPARE(preview->csv().startsWith("\xEF\xBB\xBF"), !bom);
    QCOMPARE(source.pages.size(), 1); // nothing asked again

    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    saveShot(
        &dialog,
        QStringLiteral("export-dialog-history-%1.png").arg(QLatin1String(QTest::currentDataTag())));
    dialog.findChild<QTabWidget *>(QStringLiteral("exportPreviewTabs"))->setCurrentIndex(1);
    saveShot(&dialog, QStringLiteral("export-dialog-history-%1-text.png")
                          .arg(QLatin1String(QTest::currentDataTag())));
}

void TestExportDialog::shouldPreviewTheFirstSellersOfTheFilter()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    FakeSource source;
    ExportDialog dialog(sellersContext(2), &source);
    QAbstractItemModelTester tester(dialog.previewModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Two sellers are selected: the preview shows them at once.
    QVERIFY(dialog.isSelectionScope());
    QCOMPARE(dialog.previewModel()->rowCount(), 2);
    QCOMPARE(dialog.previewModel()->cell(0, 0), QStringLiteral("Acme 0"));
    QCOMPARE(dialog.previewModel()->header().first(), QStringLiteral("display_name"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    saveShot(&dialog, QStringLiteral("export-dialog-sellers-selection.png"));

    // All matching: the first sellers of the filter, once they arrive.
    dialog.allButton()->setChecked(true);
    QCOMPARE(dialog.previewModel()->rowCount(), 0);
    SellerPageResult page;
    page.total = 48213;
    for (int i = 0; i < ExportDialog::PreviewRows; ++i)
        page.sellers << seller(quint64(100 + i), i == 0 ? QStringLiteral("@SUM(A1)")
                                                        : QStringLiteral("Acme Seller %1").arg(i));
    source.replySellerPage(source.sellerPages.first().id, page);
    QCOMPARE(dialog.previewModel()->rowCount(), ExportDialog::PreviewRows);
    QCOMPARE(dialog.previewModel()->cell(0, 0), QStringLiteral("'@SUM(A1)"));
    QCOMPARE(dialog.previewModel()->cell(0, 1), QStringLiteral("false"));
    QCOMPARE(dialog.previewModel()->cell(0, 6), TestDatabase::uuid(100));
    QCOMPARE(dialog.estimateText(), QStringLiteral("48,213 sellers"));
    QVERIFY(dialog.flagBox()->isVisible());
    saveShot(&dialog, QStringLiteral("export-dialog-sellers-all.png"));
}

void TestExportDialog::shouldRememberItsChoicesAcrossDialogs()
{
    FakeSource source;
    QTemporaryDir folder;
    {
        ExportDialog first(sellersContext(1), &source);
        QVERIFY(!first.flagBox()->isChecked());
        first.profileBox()->setCurrentIndex(
            first.profileBox()->findData(int(CsvProfile::Standard)));
        first.flagBox()->setChecked(true);
        first.pathField()->setText(folder.filePath(QStringLiteral("mine.csv")));
        first.accept();
        QCOMPARE(first.result(), int(QDialog::Accepted));
    }
    {
        ExportDialog second(sellersContext(1), &source);
        QCOMPARE(CsvProfile(second.profileBox()->currentData().toInt()), CsvProfile::Standard);
        QVERIFY(second.flagBox()->isChecked());
        // The folder is remembered, not the file: a new day, a new name.
        QCOMPARE(QFileInfo(second.request().path).absolutePath(),
                 QFileInfo(folder.path()).absoluteFilePath());
        QCOMPARE(QFileInfo(second.request().path).fileName(),
                 ExportDialog::defaultFileName(Scope::Sellers, QDate::currentDate()));
        second.reject();
    }
    {
        // A cancelled dialog remembers nothing; a history dialog never sets the flag option.
        ExportDialog history(historyContext(0), &source);
        QCOMPARE(CsvProfile(history.profileBox()->currentData().toInt()), CsvProfile::Standard);
        history.profileBox()->setCurrentIndex(
            history.profileBox()->findData(int(CsvProfile::Spreadsheet)));
        history.pathField()->setText(m_dir.filePath(QStringLiteral("h.csv")));
        history.accept();
    }
    ExportDialog third(sellersContext(1), &source);
    QCOMPARE(CsvProfile(third.profileBox()->currentData().toInt()), CsvProfile::Spreadsheet);
    QVERIFY(third.flagBox()->isChecked());
    QCOMPARE(QFileInfo(third.request().path).absolutePath(),
             QFileInfo(m_dir.path()).absoluteFilePath());
}

void TestExportDialog::shouldRefuseAPathItCannotWrite_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("written"); // empty: refused
    QTest::addColumn<QString>("problem");

    QTest::newRow("empty") << QString() << QString() << QStringLiteral("Choose the file to write.");
    QTest::newRow("missing folder") << QStringLiteral("@DIR@/missing/x.csv") << QString()
                                    << QStringLiteral("The folder “@DIR@/missing” does not exist.");
    QTest::newRow("a folder") << QStringLiteral("@DIR@") << QString()
                              << QStringLiteral("“@DIR@” is a folder: add a file name.");
    QTest::newRow("no suffix") << QStringLiteral("@DIR@/report")
                               << QStringLiteral("@DIR@/report.csv") << QString();
    QTest::newRow("another suffix")
        << QStringLiteral("@DIR@/report.txt") << QStringLiteral("@DIR@/report.txt") << QString();
}

void TestExportDialog::shouldRefuseAPathItCannotWrite()
{
    QFETCH(QString, typed);
    QFETCH(QString, written);
    QFETCH(QString, problem);
    const QString dir = QDir::toNativeSeparators(m_dir.path());
    typed.replace(QLatin1String("@DIR@"), m_dir.path());
    written.replace(QLatin1String("@DIR@"), m_dir.path());
    problem.replace(QLatin1String("@DIR@"), dir);

    FakeSource source;
    ExportDialog dialog(historyContext(0), &source);
    dialog.pathField()->setText(typed);
    QCOMPARE(dialog.pathProblem(), problem);
    QCOMPARE(dialog.exportButton()->isEnabled(), problem.isEmpty());
    dialog.accept();
    QCOMPARE(dialog.result(), problem.isEmpty() ? int(QDialog::Accepted) : int(QDialog::Rejected));
    if (!written.isEmpty())
        QCOMPARE(dialog.request().path, written);
    if (!problem.isEmpty())
        QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("exportPathText"))->text(), problem);
}

void TestExportDialog::shouldPickAFreeDefaultName()
{
    QTemporaryDir folder;
    const QString name = QStringLiteral("sellers-2026-11-26.csv");
    QCOMPARE(ExportDialog::freePath(folder.path(), name), folder.filePath(name));
    for (const QString &taken : {name, QStringLiteral("sellers-2026-11-26 (2).csv")}) {
        QFile file(folder.filePath(taken));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    QCOMPARE(ExportDialog::freePath(folder.path(), name),
             folder.filePath(QStringLiteral("sellers-2026-11-26 (3).csv")));

    // A file chosen by name that exists is replaced, and the dialog says so.
    FakeSource source;
    ExportDialog dialog(sellersContext(0), &source);
    dialog.pathField()->setText(folder.filePath(name));
    QVERIFY(dialog.pathProblem().isEmpty());
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("exportPathText"))->text(),
             QStringLiteral("“%1” exists: the export replaces it.").arg(name));
}

void TestExportDialog::shouldCancelItsRequestsWhenClosed()
{
    FakeSource source;
    {
        ExportDialog dialog(historyContext(0), &source);
        QCOMPARE(source.pages.size(), 1);
        QCOMPARE(source.counts.size(), 1);
    }
    QCOMPARE(source.cancelled,
             (QList<HistorySource::RequestId>{source.pages.first().id, source.counts.first().id}));
    // A late answer for the closed dialog finds nobody listening.
    source.replyPage(source.pages.first().id, PageResult());

    // Without a source, it still opens, and says there is nothing to preview.
    ExportDialog orphan(historyContext(0), nullptr);
    QVERIFY(orphan.findChild<QLabel *>(QStringLiteral("exportPreviewStatus"))
                ->text()
                .contains(QLatin1String("no source")));
}

void TestExportDialog::shouldReadBackCsvRecords_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QList<QStringList>>("records");

    QTest::newRow("empty") << QByteArray() << QList<QStringList>();
    QTest::newRow("plain") << QByteArray("a,b\r\n1,2\r\n")
                           << QList<QStringList>{rec({u"a", u"b"}), rec({u"1", u"2"})};
    QTest::newRow("bom and quotes") << QByteArray("\xEF\xBB\xBF\"a\",\"b \"\"x\"\", y\"\r\n")
                                    << QList<QStringList>{rec({u"a", u"b \"x\", y"})};
    QTest::newRow("line break inside a field")
        << QByteArray("\"a\r\nb\",c\r\n") << QList<QStringList>{rec({u"a\r\nb", u"c"})};
    QTest::newRow("empty fields") << QByteArray(",\r\n\"\",x\r\n")
                                  << QList<QStringList>{rec({u"", u""}), rec({u"", u"x"})};
    QTest::newRow("no final line break")
        << QByteArray("a,b") << QList<QStringList>{rec({u"a", u"b"})};
    QTest::newRow("utf-8") << QByteArray("Z\xC3\xBCrich\r\n")
                           << QList<QStringList>{rec({u"Zürich"})};
}

void TestExportDialog::shouldReadBackCsvRecords()
{
    QFETCH(QByteArray, csv);
    QFETCH(QList<QStringList>, records);
    QCOMPARE(ExportPreviewModel::parseCsv(csv), records);
}

void TestExportDialog::shouldDescribeProgress_data()
{
    QTest::addColumn<qint64>("rows");
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("estimate");
    QTest::addColumn<QString>("text");

    QTest::newRow("the example")
        << qint64(120000) << 45000.0 << qint64(1'020'000)
        << QStringLiteral("Exporting… 120,000 rows · 45,000 rows/s · about 20 s left");
    QTest::newRow("speed not known yet")
        << qint64(0) << 0.0 << qint64(1000) << QStringLiteral("Exporting… 0 rows");
    QTest::newRow("no estimate") << qint64(5000) << 2500.0 << qint64(-1)
                                 << QStringLiteral("Exporting… 5,000 rows · 2,500 rows/s");
    QTest::newRow("minutes") << qint64(1000) << 1000.0 << qint64(181000)
                             << QStringLiteral("Exporting… 1,000 rows · 1,000 rows/s · about 3 "
                                               "min left");
    QTest::newRow("beyond the estimate")
        << qint64(2000) << 1000.0 << qint64(1500)
        << QStringLiteral("Exporting… 2,000 rows · 1,000 rows/s · almost done");
    QTest::newRow("one row") << qint64(1) << 0.0 << qint64(-1)
                             << QStringLiteral("Exporting… 1 row");
}

void TestExportDialog::shouldDescribeProgress()
{
    QFETCH(qint64, rows);
    QFETCH(double, rate);
    QFETCH(qint64, estimate);
    QFETCH(QString, text);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCOMPARE(ExportProgressBar::describe(rows, rate, estimate), text);
}

void TestExportDialog::shouldMeasureTheSpeedOverTheLastSeconds()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    ExportProgressBar bar;
    QSignalSpy cancel(&bar, &ExportProgressBar::cancelRequested);
    bar.start(QStringLiteral("x.csv"), 100000);
    QVERIFY(bar.isVisibleTo(nullptr) || !bar.isHidden());
    QCOMPARE(bar.text(), QStringLiteral("Exporting to x.csv…"));
    bar.setRowsAt(100, 100); // too early to tell a speed
    QCOMPARE(bar.text(), QStringLiteral("Exporting… 100 rows"));
    bar.setRowsAt(10000, 1000); // 10,000 rows/s so far
    QCOMPARE(bar.text(), QStringLiteral("Exporting… 10,000 rows · 10,000 rows/s · about 9 s left"));
    // A slower stretch: the speed follows it within a few seconds.
    bar.setRowsAt(20000, 4000);
    bar.setRowsAt(21000, 5000);
    bar.setRowsAt(22000, 6000);
    bar.setRowsAt(23000, 7000);
    QCOMPARE(bar.text(),
             QStringLiteral("Exporting… 23,000 rows · 1,000 rows/s · about 1 min left"));
    bar.cancelButton()->click();
    QCOMPARE(cancel.size(), 1);
    bar.stop();
    QVERIFY(bar.isHidden());
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
