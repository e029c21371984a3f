// The window end to end on a real SQLite source, with a scripted source for
// failures: first page with details, paging by buttons and keys, the error
// banner that keeps the page, settings that survive a restart, and the jump
// from an entry to its sellers in the Sellers tab.
#include "dateexpression.h"
#include "daterangepicker.h"
#include "demodatagenerator.h"
#include "detailspanel.h"
#include "entrydetails.h"
#include "exportcontroller.h"
#include "exportdialog.h"
#include "exportoutbox.h"
#include "exportprogressbar.h"
#include "fakesource.h"
#include "filterchipbar.h"
#include "flagdialog.h"
#include "historypager.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "paginationbar.h"
#include "secretprompt.h"
#include "sellerpager.h"
#include "sellersview.h"
#include "sqlsource.h"
#include "testdatabase.h"
#include "upstreamjson.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z

PageResult fakePage(int first, int count, bool atStart, bool atEnd, qint64 offset)
{
    PageResult p;
    for (int i = 0; i < count; ++i)
        p.entries << TestDatabase::addRow(quint64(first + i + 1),
                                          Base - (first + i) * Timestamp::MicrosPerMinute,
                                          QStringLiteral("fake %1").arg(first + i));
    p.atStart = atStart;
    p.atEnd = atEnd;
    p.offset = offset;
    p.snapshot = Base;
    return p;
}

void saveShot(QWidget *widget, const QString &name)
{
    if (qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS"))
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(
        QDir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS")).filePath(name)));
}

std::unique_ptr<ExportOutbox> openOutbox(const QString &path)
{
    auto outbox = std::make_unique<ExportOutbox>(path);
    QString error;
    if (!outbox->open(&error))
        qWarning("%s", qPrintable(error));
    return outbox;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void shouldShowTheFirstPageWithDetailsOfTheSelectedRow();
    void shouldPageWithButtonsAndKeys();
    void shouldKeepThePageAndOfferRetryWhenALoadFails();
    void shouldRestoreColumnsPageSizeAndZone();
    void shouldFilterByChipsRangeAndSearch();
    void shouldRestoreFiltersWithRelativeRangesStillRelative();
    void shouldDisableSearchWhereTheSourceCannotSearch();
    void shouldSignInAgainWhenTheTokenExpires();
    void shouldAskForAPasswordWhenTheDatabaseRefusesTheLogin();
    void shouldShowTheNewEntryAfterAFlagAndUndoWithCtrlZ();
    void shouldAskBeforeClosingWhileAWriteIsUnanswered();
    void shouldFlagSearchedSellersOfTheDemoData();
    void shouldExportTheHistoryAndShowItsRecord();
    void shouldQueueARecordThatFailsAndRetryIt();
    void shouldShowAnEntrysSellersSelectedInTheSellersTab();

private:
    std::unique_ptr<TestDatabase> m_db;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("seller-history-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    m_db = TestDatabase::createSqlite();
    QVERIFY(m_db);
    QVERIFY(m_db->addProfile(TestDatabase::uuid(9001), QStringLiteral("ana@example.com"),
                             QStringLiteral("Ana Analyst")));
    for (int i = 0; i < 260; ++i) {
        AuditEntry e = TestDatabase::addRow(i + 1, Base + i * Timestamp::MicrosPerHour,
                                            QStringLiteral("Seller %1").arg(i));
        e.userId = TestDatabase::uuid(9001);
        if (i == 259) {
            e.action = Action::Flag;
            e.sellerName = QStringLiteral("Flagged 3 sellers");
            e.affectedCount = 3;
            e.newValue = UpstreamJson::encodeColumn(
                {{QStringLiteral("flagged"), true},
                 {QStringLiteral("sellers"),
                  QJsonArray{QStringLiteral("=cmd"), QStringLiteral("Zürich \"AG\""),
                             QStringLiteral("a\nb")}}});
        }
        QVERIFY(m_db->insert(e));
    }
}

void TestMainWindow::init()
{
    QSettings().clear();
}

// From a flag entry to its sellers: the Sellers tab lists exactly those that
// still exist, all selected, says how many of the names were not found, and
// an edit row finds its seller by id although it was renamed since.
void TestMainWindow::shouldShowAnEntrysSellersSelectedInTheSellersTab()
{
    auto db = TestDatabase::createSqlite();
    QVERIFY(db);
    QStringList flaggedNames;
    QSet<QString> existing;
    for (int i = 0; i < 120; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(quint64(7000 + i));
        s.displayName =
            i % 2 ? QStringLiteral("Shop \"%1\"").arg(i) : QStringLiteral("=Shop %1").arg(i);
        s.createdAt = Base + i * Timestamp::MicrosPerMinute;
        QVERIFY(db->addSeller(s));
        if (i % 2 == 0 && flaggedNames.size() < 48) {
            flaggedNames << s.displayName;
            existing.insert(s.id);
        }
    }
    // Two names no seller has now: removed, or renamed, since the entry.
    flaggedNames.insert(10, QStringLiteral("Removed Since"));
    flaggedNames << QStringLiteral("=shop 0");
    AuditEntry edit = TestDatabase::addRow(1, Base, QStringLiteral("Shop Seven"));
    edit.action = Action::Edit;
    edit.sellerId = TestDatabase::uuid(7007);
    QVERIFY(db->insert(edit));
    AuditEntry flag = TestDatabase::addRow(2, Base + Timestamp::MicrosPerHour, QString());
    flag.action = Action::Flag;
    flag.sellerName = QStringLiteral("Flagged 50 sellers");
    flag.affectedCount = 50;
    flag.newValue = UpstreamJson::encodeColumn(
        {{QStringLiteral("flagged"), true},
         {QStringLiteral("sellers"), QJsonArray::fromStringList(flaggedNames)}});
    QVERIFY(db->insert(flag));

    MainWindow window;
    window.setDisplayZone(DisplayZone::utc());
    window.resize(1280, 760);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setSource(std::make_unique<SqlSource>(db->spec()), false);
    QTRY_COMPARE(window.details()->summaryText(), QStringLiteral("Flagged 50 sellers"));
    QPushButton *show = window.details()->showSellersButton();
    QVERIFY(show->isVisible());
    QCOMPARE(show->text(), QStringLiteral("Show &These Sellers"));
    // The pane's rows, rebuilt per entry, are shown by a queued call.
    const QFormLayout *form = window.details()->findChild<QFormLayout *>();
    QTRY_VERIFY(form->itemAt(0, QFormLayout::FieldRole)->widget()->isVisible());
    saveShot(&window, QStringLiteral("details-show-sellers.png"));

    SellersView *sellers = window.sellersView();
    QAbstractItemModelTester tester(sellers->table()->model());
    QTest::mouseClick(show, Qt::LeftButton);
    QCOMPARE(window.tabs()->currentWidget(), sellers);
    QTRY_VERIFY(sellers->isAllMatchingSelected());
    QCOMPARE(sellers->pager()->total(), 48);
    QCOMPARE(sellers->onlyBanner()->text(),
             QStringLiteral("Showing the sellers of the entry “Flagged 50 sellers” of "
                            "2025-01-01 01:00:00: 48 of 50 sellers found; 2 no longer exist or "
                            "were renamed."));
    QCOMPARE(sellers->scopeText(),
             QStringLiteral("Selected: all 48 sellers of the history entry."));
    QSet<QString> shown;
    for (const Seller &s : sellers->selectedSellers())
        shown.insert(s.id);
    QCOMPARE(shown, existing);
    QVERIFY(sellers->flagAction()->isEnabled());
    QVERIFY2(window.statusText().contains(QLatin1String("48 sellers")),
             qPrintable(window.statusText()));
    saveShot(&window, QStringLiteral("sellers-after-show.png"));

    // The edit row, by keyboard: its seller by id, under its new name.
    window.tabs()->setCurrentIndex(0);
    window.table()->selectRow(1);
    QCOMPARE(window.details()->summaryText(), QStringLiteral("Renamed a seller to \"Shop Seven\""));
    QCOMPARE(show->text(), QStringLiteral("Show &This Seller"));
    show->setFocus(Qt::TabFocusReason);
    QTest::keyClick(show, Qt::Key_Space);
    QCOMPARE(window.tabs()->currentWidget(), sellers);
    QTRY_VERIFY(sellers->isAllMatchingSelected());
    QCOMPARE(sellers->pager()->total(), 1);
    QCOMPARE(sellers->selectedSellers().size(), 1);
    QCOMPARE(sellers->selectedSellers().first().displayName, QStringLiteral("Shop \"7\""));
    QVERIFY2(
        sellers->onlyBanner()->text().startsWith(QLatin1String("Showing the seller of the entry")),
        qPrintable(sellers->onlyBanner()->text()));

    // Show All Sellers: the whole list, nothing selected.
    QTest::mouseClick(sellers->onlyBanner()->findChild<QPushButton *>(), Qt::LeftButton);
    QTRY_VERIFY(!sellers->pager()->isLoading() && sellers->pager()->total() == 120);
    QVERIFY(!sellers->isShowingOnly());
}

void TestMainWindow::shouldShowTheFirstPageWithDetailsOfTheSelectedRow()
{
    MainWindow window;
    window.setDisplayZone(DisplayZone::utc());
    window.resize(1280, 760);
    window.show();
    window.setSource(std::make_unique<SqlSource>(m_db->spec()), false);
    QTRY_COMPARE(window.table()->model()->rowCount(), HistoryPager::DefaultPageSize);
    QTRY_COMPARE(window.pager()->totalAccuracy(), CountAccuracy::Exact);
    QCOMPARE(window.pager()->total(), 260);

    // The newest row (a flag of three sellers) is selected and detailed.
    QCOMPARE(window.table()->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(window.table()->selectionModel()->selectedRows().first().row(), 0);
    QCOMPARE(window.details()->summaryText(), QStringLiteral("Flagged 3 sellers"));
    QCOMPARE(window.details()->listTitle(), QStringLiteral("Flagged (3)"));
    QCOMPARE(window.details()->listedNames(),
             (QStringList{QStringLiteral("=cmd"), QStringLiteral("Zürich \"AG\""),
                          QStringLiteral("a\nb")}));

    const QModelIndex user = window.table()->model()->index(0, 5);
    QCOMPARE(user.data().toString(), QStringLiteral("Ana Analyst"));
    const QModelIndex time = window.table()->model()->index(0, 0);
    QCOMPARE(time.data().toString(), QStringLiteral("2025-01-11 19:00:00"));

    const QString status = window.statusText();
    QVERIFY2(status.contains(m_db->path()), qPrintable(status));
    QVERIFY2(status.contains(QLatin1String("260 entries")), qPrintable(status));
    QVERIFY2(status.contains(QLatin1String("UTC")), qPrintable(status));
    QCOMPARE(window.paginationBar()->summaryText(), QStringLiteral("Showing 1–100 of 260"));

    // Selecting another row shows its details.
    window.table()->selectRow(1);
    QCOMPARE(window.details()->summaryText(), QStringLiteral("Added seller \"Seller 258\""));

    const QString shot = QDir(QString::fromLocal8Bit(qgetenv("SELLER_HISTORY_SCREENSHOTS")))
                             .filePath(QStringLiteral("mainwindow.png"));
    if (!qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS"))
        QVERIFY(window.grab().save(shot));
}

void TestMainWindow::shouldPageWithButtonsAndKeys()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setSource(std::make_unique<SqlSource>(m_db->spec()), false);
    QTRY_COMPARE(window.pager()->totalAccuracy(), CountAccuracy::Exact);
    auto *next = window.paginationBar()->findChild<QToolButton *>(QStringLiteral("nextPage"));
    auto *first = window.paginationBar()->findChild<QToolButton *>(QStringLiteral("firstPage"));
    QVERIFY(next && first);
    QVERIFY(!first->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
    QTRY_COMPARE(window.pager()->offset(), 100);
    QCOMPARE(window.paginationBar()->summaryText(), QStringLiteral("Showing 101–200 of 260"));
    QVERIFY(first->isEnabled());

    QTest::keyClick(&window, Qt::Key_End, Qt::ControlModifier);
    QTRY_COMPARE(window.pager()->offset(), 200);
    QCOMPARE(window.table()->model()->rowCount(), 60);
    QVERIFY(!next->isEnabled());
    QTest::keyClick(&window, Qt::Key_PageUp, Qt::ControlModifier);
    QTRY_COMPARE(window.pager()->offset(), 100);
    QTest::keyClick(&window, Qt::Key_Home, Qt::ControlModifier);
    QTRY_COMPARE(window.pager()->offset(), 0);
}

void TestMainWindow::shouldKeepThePageAndOfferRetryWhenALoadFails()
{
    MainWindow window;
    window.show();
    auto owned = std::make_unique<FakeSource>();
    FakeSource *source = owned.get();
    window.setSource(std::move(owned), false);
    QCOMPARE(source->pages.size(), 1);
    source->replyPage(source->pages.last().id, fakePage(0, 100, true, false, 0));
    QCOMPARE(window.table()->model()->rowCount(), 100);

    window.pager()->next();
    source->fail(source->pages.last().id,
                 {SourceError::Kind::Unreachable, QStringLiteral("Cannot connect to the server.")});
    auto *banner = window.findChild<MessageBanner *>(QStringLiteral("errorBanner"));
    QVERIFY(banner);
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(QLatin1String("Cannot connect to the server.")),
             qPrintable(banner->text()));
    QCOMPARE(window.table()->model()->rowCount(), 100); // the page stays
    QCOMPARE(window.table()->model()->index(0, 2).data().toString(), QStringLiteral("fake 0"));

    auto *retry = banner->findChild<QPushButton *>();
    QVERIFY(retry && retry->isVisible());
    const qsizetype sent = source->pages.size();
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(source->pages.size(), sent + 1);
    QCOMPARE(source->pages.last().request.anchor, PageAnchor::After);
    source->replyPage(source->pages.last().id, fakePage(100, 100, false, false, -1));
    QVERIFY(!banner->isVisible());
    QCOMPARE(window.table()->model()->index(0, 2).data().toString(), QStringLiteral("fake 100"));
}

void TestMainWindow::shouldRestoreColumnsPageSizeAndZone()
{
    {
        MainWindow window;
        window.show();
        window.setSource(std::make_unique<SqlSource>(m_db->spec()), false);
        QTRY_VERIFY(!window.pager()->isLoading());
        window.pager()->setPageSize(250);
        window.table()->horizontalHeader()->setSectionHidden(4, true);
        window.table()->horizontalHeader()->moveSection(5, 1);
        window.setDisplayZone(*DisplayZone::parse(QStringLiteral("Asia/Tokyo"), nullptr));
        window.close();
    }
    MainWindow restored;
    QCOMPARE(restored.pager()->pageSize(), 250);
    QVERIFY(restored.table()->horizontalHeader()->isSectionHidden(4));
    QCOMPARE(restored.table()->horizontalHeader()->visualIndex(5), 1);
    QCOMPARE(restored.displayZone().name(), QStringLiteral("Asia/Tokyo"));
}

void TestMainWindow::shouldFilterByChipsRangeAndSearch()
{
    MainWindow window;
    window.setDisplayZone(*DisplayZone::parse(QStringLiteral("Europe/Berlin"), nullptr));
    window.show();
    auto owned = std::make_unique<FakeSource>();
    FakeSource *source = owned.get();
    window.setSource(std::move(owned), false);
    source->replyPage(source->pages.last().id, fakePage(0, 100, true, false, 0));
    CountResult counts;
    counts.perAction[size_t(Action::Add)] = 1200;
    counts.perAction[size_t(Action::Flag)] = 34;
    source->replyCounts(source->counts.last().id, counts);
    QCOMPARE(window.filterChips()->chip(Action::Flag)->countText(), QStringLiteral("34"));
    QCOMPARE(window.filterChips()->chip(std::nullopt)->countText(), QStringLiteral("1,234"));

    // A chip narrows the actions; the new first page asks for a fresh snapshot.
    QTest::mouseClick(window.filterChips()->chip(Action::Flag), Qt::LeftButton);
    QCOMPARE(source->pages.last().request.filter.actions, Actions(Action::Flag));
    QCOMPARE(source->pages.last().request.anchor, PageAnchor::First);
    QVERIFY(!source->pages.last().request.snapshot);

    // A preset: Yesterday in Berlin, as half-open instants.
    auto *preset = window.dateRange()->findChild<QComboBox *>(QStringLiteral("rangePreset"));
    QVERIFY(preset);
    const int yesterday = preset->findData(int(DateRangeSpec::Preset::Yesterday));
    preset->setCurrentIndex(yesterday);
    emit preset->activated(yesterday);
    const HistoryFilter f = source->pages.last().request.filter;
    QVERIFY(f.from && f.to);
    const QTimeZone berlin("Europe/Berlin");
    const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(berlin).date();
    QCOMPARE(*f.from, DateExpression::startOfDay(today.addDays(-1), berlin));
    QCOMPARE(*f.to, DateExpression::startOfDay(today, berlin));
    QCOMPARE(f.actions, Actions(Action::Flag));

    // Typing searches once, after a pause, not per keystroke.
    const qsizetype before = source->pages.size();
    QTest::keyClicks(window.searchField(), QStringLiteral("acme"));
    QCOMPARE(source->pages.size(), before);
    QTRY_COMPARE(source->pages.size(), before + 1);
    QCOMPARE(source->pages.last().request.filter.search, QStringLiteral("acme"));
    QTest::qWait(400);
    QCOMPARE(source->pages.size(), before + 1);

    // Ctrl+0 shows every action again.
    QTest::keyClick(&window, Qt::Key_0, Qt::ControlModifier);
    QVERIFY(source->pages.last().request.filter.actions.isEmpty());
    QVERIFY(window.filterChips()->chip(std::nullopt)->isChecked());
}

void TestMainWindow::shouldRestoreFiltersWithRelativeRangesStillRelative()
{
    {
        MainWindow window;
        window.show();
        window.filterChips()->setActions(Actions(Action::Edit) | Action::Remove);
        DateRangeSpec week;
        week.preset = DateRangeSpec::Preset::Last7Days;
        window.dateRange()->setSpec(week);
        window.searchField()->setText(QStringLiteral("zürich"));
        window.close();
    }
    MainWindow restored;
    QCOMPARE(restored.filterChips()->actions(), Actions(Action::Edit) | Action::Remove);
    QCOMPARE(restored.dateRange()->spec().preset, DateRangeSpec::Preset::Last7Days);
    QCOMPARE(restored.searchField()->text(), QStringLiteral("zürich"));
    // Stored as "the last 7 days", not as the days it meant when saved.
    QCOMPARE(QSettings().value(QStringLiteral("filter/range")).toString(),
             QStringLiteral("last7days"));
    const HistoryFilter f = restored.currentFilter();
    const QTimeZone zone = restored.displayZone().zone();
    QCOMPARE(*f.from,
             DateExpression::startOfDay(
                 QDateTime::currentDateTimeUtc().toTimeZone(zone).date().addDays(-6), zone));
    QCOMPARE(f.search, QStringLiteral("zürich"));
}

void TestMainWindow::shouldDisableSearchWhereTheSourceCannotSearch()
{
    MainWindow window;
    window.show();
    window.searchField()->setText(QStringLiteral("acme"));
    auto owned = std::make_unique<FakeSource>();
    owned->caps.search = false;
    owned->caps.searchUnavailable = QStringLiteral("The REST API has no search.");
    FakeSource *source = owned.get();
    window.setSource(std::move(owned), false);
    QVERIFY(!window.searchField()->isEnabled());
    QCOMPARE(window.searchField()->toolTip(), QStringLiteral("The REST API has no search."));
    QVERIFY(source->pages.last().request.filter.search.isEmpty()); // never faked
}

// A direct source refusing the login (a wrong or missing password) cannot
// take new credentials itself: the window asks its owner for a password.
void TestMainWindow::shouldAskForAPasswordWhenTheDatabaseRefusesTheLogin()
{
    MainWindow window;
    window.show();
    auto owned = std::make_unique<FakeSource>();
    FakeSource *source = owned.get();
    window.setSource(std::move(owned), false);
    source->fail(source->pages.last().id,
                 {SourceError::Kind::Unauthenticated,
                  QStringLiteral("The database refused the login: password authentication "
                                 "failed for user \"ana\".")});
    auto *banner = window.findChild<MessageBanner *>(QStringLiteral("errorBanner"));
    QVERIFY(banner->isVisible());
    auto *action = banner->findChild<QPushButton *>();
    QCOMPARE(action->text(), QStringLiteral("Enter &Password…"));
    saveShot(&window, QStringLiteral("mainwindow-login-refused.png"));
    QSignalSpy asked(&window, &MainWindow::passwordRequested);
    const qsizetype sent = source->pages.size();
    QTest::mouseClick(action, Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    QCOMPARE(source->pages.size(), sent); // no blind retry with the same login
}

void TestMainWindow::shouldSignInAgainWhenTheTokenExpires()
{
    MainWindow window;
    window.show();
    auto owned = std::make_unique<FakeSource>();
    owned->reauthenticates = true;
    FakeSource *source = owned.get();
    window.setSource(std::move(owned), false);
    source->replyPage(source->pages.last().id, fakePage(0, 100, true, false, 0));
    window.pager()->next();
    const PageRequest failed = source->pages.last().request;
    source->fail(source->pages.last().id,
                 {SourceError::Kind::Unauthenticated,
                  QStringLiteral("The server did not accept the token: Token expired")});
    auto *banner = window.findChild<MessageBanner *>(QStringLiteral("errorBanner"));
    auto *action = banner->findChild<QPushButton *>();
    QVERIFY(banner->isVisible());
    QCOMPARE(action->text(), QStringLiteral("&Sign In Again…"));
    QCOMPARE(window.table()->model()->rowCount(), 100); // the view is kept

    QSignalSpy replaced(&window, &MainWindow::credentialsReplaced);
    const qsizetype sent = source->pages.size();
    QTest::mouseClick(action, Qt::LeftButton);
    // The prompt is window-modal and does not block: answer it.
    auto *prompt = window.findChild<SecretPrompt *>();
    QVERIFY(prompt);
    QTRY_VERIFY(prompt->isVisible());
    QCOMPARE(prompt->secretEdit()->echoMode(), QLineEdit::Password);
    QVERIFY(!prompt->okButton()->isEnabled());    // nothing typed yet
    QVERIFY(!prompt->rememberBox()->isEnabled()); // no keychain said to be there
    prompt->secretEdit()->setText(QStringLiteral("  fresh-token \n"));
    QTest::mouseClick(prompt->okButton(), Qt::LeftButton);
    QCOMPARE(source->credentials, QByteArray("fresh-token"));
    QCOMPARE(replaced.size(), 1);
    QCOMPARE(replaced.at(0).at(0).toByteArray(), QByteArray("fresh-token"));
    QCOMPARE(replaced.at(0).at(1).toBool(), false);
    QCOMPARE(source->pages.size(), sent + 1); // the same request, sent again
    QCOMPARE(source->pages.last().request.cursor, failed.cursor);
    QCOMPARE(source->pages.last().request.anchor, PageAnchor::After);
}

void TestMainWindow::shouldShowTheNewEntryAfterAFlagAndUndoWithCtrlZ()
{
    auto db = TestDatabase::createSqlite();
    QVERIFY(db);
    for (int i = 0; i < 300; ++i)
        QVERIFY(db->insert(TestDatabase::addRow(quint64(i + 1), Base + i * Timestamp::MicrosPerHour,
                                                QStringLiteral("Seller %1").arg(i))));
    for (int i = 0; i < 40; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(quint64(5000 + i));
        s.displayName = QStringLiteral("Shop %1").arg(i);
        s.createdAt = Base + i * Timestamp::MicrosPerMinute;
        QVERIFY(db->addSeller(s));
    }
    MainWindow window;
    window.setDisplayZone(DisplayZone::utc());
    window.resize(1280, 760);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setSource(std::make_unique<SqlSource>(db->spec()), false);
    QTRY_COMPARE(window.table()->model()->rowCount(), 100);
    // The history is on its second page when the flag happens.
    window.pager()->next();
    QTRY_COMPARE(window.pager()->offset(), 100);

    // Alt+2: the Sellers tab, its table focused.
    QTest::keyClick(&window, Qt::Key_2, Qt::AltModifier);
    SellersView *sellers = window.sellersView();
    QCOMPARE(window.tabs()->currentWidget(), sellers);
    QTRY_COMPARE(sellers->table()->model()->rowCount(), 40);
    sellers->table()->selectRow(0);
    QTest::keyClick(sellers->table(), Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(sellers->scopeText(), QStringLiteral("2 sellers selected on this page."));
    QTest::keyClick(sellers->table(), Qt::Key_F);
    FlagDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = sellers->findChild<FlagDialog *>()) != nullptr);
    QTest::keyClick(dialog, Qt::Key_Return);
    QTRY_VERIFY(!window.pager()->isLoading() && window.pager()->offset() == 0 &&
                window.details()->summaryText() == QLatin1String("Flagged 2 sellers"));
    // The new entry: on the first page, selected, in the details.
    const QModelIndex selected = window.table()->selectionModel()->currentIndex();
    QCOMPARE(selected.row(), 0);
    QCOMPARE(window.details()->listedNames(),
             (QStringList{QStringLiteral("Shop 39"), QStringLiteral("Shop 38")}));
    QCOMPARE(window.pager()->total(), 301);
    QVERIFY2(window.statusText().contains(QLatin1String("|40 sellers|")),
             qPrintable(window.statusText()));
    if (!qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS")) {
        QCoreApplication::processEvents();
        QVERIFY(window.grab().save(QDir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"))
                                       .filePath(QStringLiteral("mainwindow-sellers.png"))));
    }

    // Ctrl+Z from the Edit menu, wherever the focus is: a new unflag entry.
    auto *undo = window.findChild<QAction *>(QStringLiteral("undoFlag"));
    QVERIFY(undo);
    QVERIFY(undo->isEnabled());
    QCOMPARE(undo->text(), QStringLiteral("Undo flagging 2 sellers"));
    window.tabs()->setCurrentIndex(0);
    window.table()->setFocus();
    // (The closed dialog leaves no active window on the offscreen platform.)
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(window.table(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(window.details()->summaryText(), QStringLiteral("Unflagged 2 sellers"));
    QTRY_COMPARE(window.pager()->total(), 302);
    QVERIFY(!undo->isEnabled());
    // The Sellers tab's banner is out of sight: the status bar says it.
    QCOMPARE(window.statusBar()->currentMessage(),
             QStringLiteral("Undone: 2 sellers unflagged again."));
    if (!qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS")) {
        QCoreApplication::processEvents();
        QVERIFY(window.grab().save(QDir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"))
                                       .filePath(QStringLiteral("mainwindow-after-undo.png"))));
    }
    QTRY_VERIFY(!sellers->pager()->isLoading());
    for (const Seller &s : sellers->pager()->sellers())
        QVERIFY(!s.flagged);
}

void TestMainWindow::shouldFlagSearchedSellersOfTheDemoData()
{
    // The generated demo data a newcomer sees: hostile names, two orgs.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo.sqlite"));
    DemoDataOptions options;
    options.events = 3000;
    options.sellers = 400;
    options.end = Base;
    QString error;
    QVERIFY2(DemoDataGenerator::write(path, options, &error), qPrintable(error));
    SqlConnectionSpec spec;
    spec.kind = SqlConnectionSpec::Kind::Sqlite;
    spec.path = path;
    spec.orgId = QString::fromLatin1(TestDatabase::MainOrg);

    MainWindow window;
    window.setDisplayZone(DisplayZone::utc());
    window.resize(1280, 760);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setSource(std::make_unique<SqlSource>(spec), false);
    QTRY_VERIFY(window.table()->model()->rowCount() > 0);
    window.tabs()->setCurrentWidget(window.sellersView());
    SellersView *sellers = window.sellersView();
    QTest::keyClicks(sellers->searchField(), QStringLiteral("shop"));
    QTRY_COMPARE(sellers->pager()->filter().search, QStringLiteral("shop"));
    QTRY_VERIFY(!sellers->pager()->isLoading());
    const qint64 matching = sellers->pager()->total();
    QVERIFY(matching >= 3);
    for (const Seller &s : sellers->pager()->sellers())
        QVERIFY(s.displayName.contains(QLatin1String("shop"), Qt::CaseInsensitive));

    // Three rows (a click, then Shift+Down twice), flagged by F with a reason.
    QTest::mouseClick(
        sellers->table()->viewport(), Qt::LeftButton, {},
        sellers->table()->visualRect(sellers->table()->model()->index(0, 0)).center());
    QTest::keyClick(sellers->table(), Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(sellers->table(), Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(sellers->selectedSellers().size(), 3);
    window.activateWindow(); // shortcuts need the active window
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(sellers->table(), Qt::Key_F);
    FlagDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = sellers->findChild<FlagDialog *>()) != nullptr);
    const bool flagging = dialog->windowTitle() == QLatin1String("Flag Sellers");
    QVERIFY(flagging); // the demo flags few sellers; these three are not all flagged
    QTest::keyClicks(dialog->findChild<QLineEdit *>(), QStringLiteral("duplicate listings"));
    QTest::keyClick(dialog, Qt::Key_Return);
    QTRY_VERIFY(!sellers->flagger()->isBusy() && !sellers->pager()->isLoading());
    QTRY_VERIFY(sellers->resultBanner()->isVisible());
    QVERIFY2(sellers->resultBanner()->text().startsWith(QLatin1String("Flagged")),
             qPrintable(sellers->resultBanner()->text()));
    for (const Seller &s : sellers->selectedSellers())
        QVERIFY(s.flagged);
    if (!qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS")) {
        QCoreApplication::processEvents();
        QVERIFY(window.grab().save(QDir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"))
                                       .filePath(QStringLiteral("sellers.png"))));
    }
    // The history's newest entry is the flag, with its reason.
    QTRY_VERIFY(window.details()->summaryText().startsWith(QLatin1String("Flagged")));
    QTRY_VERIFY(window.details()->rawJson().contains(QLatin1String("duplicate listings")));
    QCOMPARE(window.details()->listedNames().size(), 3);
}

// Closing while a flag write waits for its answer would leave the user not
// knowing whether it happened: the window asks, and waiting is the default.
void TestMainWindow::shouldAskBeforeClosingWhileAWriteIsUnanswered()
{
    MainWindow window;
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto owned = std::make_unique<FakeSource>();
    FakeSource *source = owned.get();
    window.setSource(std::move(owned), false);
    window.tabs()->setCurrentWidget(window.sellersView());
    SellerPageResult page;
    page.total = 1;
    Seller s;
    s.id = TestDatabase::uuid(1);
    s.displayName = QStringLiteral("Shop");
    page.sellers << s;
    QTRY_VERIFY(!source->sellerPages.isEmpty());
    source->replySellerPage(source->sellerPages.last().id, page);
    SellersView *sellers = window.sellersView();
    // Not selectRow(): it toggles when the keyboard state says Ctrl is down.
    const auto selectFirstRow = [sellers] {
        QTableView *table = sellers->table();
        table->selectionModel()->select(table->model()->index(0, 0),
                                        QItemSelectionModel::ClearAndSelect |
                                            QItemSelectionModel::Rows);
    };
    selectFirstRow();
    sellers->flagAction()->trigger();
    FlagDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = sellers->findChild<FlagDialog *>()) != nullptr);
    dialog->accept();
    QCOMPARE(source->flags.size(), 1);

    // Answers the question the window asks with the button named `button`.
    const auto answerWith = [&window](const QString &button) {
        QTimer::singleShot(0, &window, [&window, button] {
            auto *box = window.findChild<QMessageBox *>(QStringLiteral("quitWhileWritingDialog"));
            QVERIFY(box);
            QVERIFY(box->text().contains(QLatin1String("may or may not be applied")));
            if (!qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS"))
                box->grab().save(QDir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"))
                                     .filePath(QStringLiteral("quit-while-writing.png")));
            for (QAbstractButton *b : box->buttons()) {
                if (b->text().remove(u'&') == button)
                    b->click();
            }
        });
    };
    answerWith(QStringLiteral("Wait"));
    QVERIFY(!window.close());
    QVERIFY(window.isVisible());

    // Once the answer is in, closing asks nothing.
    FlagResult result;
    result.requested = result.changed = 1;
    result.changedIds = {s.id};
    source->replyFlag(source->flags.last().id, result);
    QVERIFY(window.close());

    // Asked again while another write waits, quitting anyway closes.
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    selectFirstRow();
    sellers->unflagAction()->trigger();
    QTRY_VERIFY((dialog = sellers->findChild<FlagDialog *>()) != nullptr);
    dialog->accept();
    QCOMPARE(source->flags.size(), 2);
    answerWith(QStringLiteral("Quit Anyway"));
    QVERIFY(window.close());
}

// Ctrl+E on a real SQLite source: the dialog previews and counts what the
// filters match, the file is written, and its record is the history's
// newest row.
void TestMainWindow::shouldExportTheHistoryAndShowItsRecord()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    auto db = TestDatabase::createSqlite();
    QVERIFY(db);
    for (int i = 0; i < 30; ++i)
        QVERIFY(db->insert(TestDatabase::addRow(quint64(i + 1), Base + i * Timestamp::MicrosPerHour,
                                                i == 29 ? QStringLiteral("=HYPERLINK(1)")
                                                        : QStringLiteral("Shop %1").arg(i))));
    QTemporaryDir dir;
    MainWindow window(openOutbox(dir.filePath(QStringLiteral("outbox.sqlite"))));
    window.setDisplayZone(DisplayZone::utc());
    window.resize(1280, 760);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setSource(std::make_unique<SqlSource>(db->spec()), false);
    QTRY_COMPARE(window.table()->model()->rowCount(), 30);
    QTRY_COMPARE(window.pager()->totalAccuracy(), CountAccuracy::Exact);

    window.activateWindow(); // shortcuts need the active window
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(window.table(), Qt::Key_E, Qt::ControlModifier);
    ExportDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<ExportDialog *>()) != nullptr);
    QCOMPARE(dialog->allButton()->text(),
             QStringLiteral("&All 30 rows matching the current filters"));
    QVERIFY(dialog->allButton()->isChecked()); // one current row is no selection
    QTRY_VERIFY(!dialog->isPreviewLoading());
    QCOMPARE(dialog->previewModel()->rowCount(), ExportDialog::PreviewRows);
    QCOMPARE(dialog->previewModel()->cell(0, 3), QStringLiteral("'=HYPERLINK(1)"));
    QCOMPARE(dialog->previewModel()->cell(0, 1), QStringLiteral("2025-01-02 05:00:00"));
    const QString path = dir.filePath(QStringLiteral("history.csv"));
    dialog->pathField()->setText(path);
    saveShot(dialog, QStringLiteral("mainwindow-export-dialog.png"));
    QTest::keyClick(dialog, Qt::Key_Return);

    QTRY_VERIFY(window.exportBanner()->isVisible());
    QCOMPARE(window.exportBanner()->text(), QStringLiteral("Exported 30 rows to history.csv."));
    QVERIFY(window.exportProgress()->isHidden());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray csv = file.readAll();
    QVERIFY(csv.startsWith("\xEF\xBB\xBF\"created_at\",\"local_time\",\"action\""));
    QCOMPARE(csv.count("\r\n"), 31);
    // The preview showed the file's first row as it is.
    QCOMPARE(ExportPreviewModel::parseCsv(csv).at(1).at(3), QStringLiteral("'=HYPERLINK(1)"));

    // The record: the newest row of the history, shown without asking.
    QTRY_COMPARE(window.pager()->total(), 31);
    QTRY_COMPARE(window.pager()->entries().first().action, Action::Export);
    QCOMPARE(window.pager()->entries().first().affectedCount, 30);
    // Selected, with its details: what was exported, in which format.
    QTRY_COMPARE(window.table()->selectionModel()->currentIndex().row(), 0);
    QCOMPARE(window.details()->summaryText(), QStringLiteral("Exported 30 sellers as csv"));
    QCOMPARE(window.details()->listedNames().size(), 30);
    QCOMPARE(window.exportController()->pendingCount(), 0);
    QVERIFY(window.unrecordedExportsButton()->isHidden());
    QVERIFY(window.findChild<QAction *>(QStringLiteral("exportHistory"))->isEnabled());
    saveShot(&window, QStringLiteral("mainwindow-exported.png"));
}

// A record the source refuses waits in the outbox: the window says so, and
// sends it again at the next start and on demand; a failed export says why
// and offers Retry; Cancel stops it.
void TestMainWindow::shouldQueueARecordThatFailsAndRetryIt()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QTemporaryDir dir;
    const QString outboxPath = dir.filePath(QStringLiteral("outbox.sqlite"));
    MainWindow window(openOutbox(outboxPath));
    window.resize(1280, 760);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto owned = std::make_unique<FakeSource>();
    FakeSource *source = owned.get();
    window.setSource(std::move(owned), false);
    QVERIFY(source->records.isEmpty()); // nothing queued, nothing sent
    QVERIFY(window.unrecordedExportsButton()->isHidden());
    auto *exportHistory = window.findChild<QAction *>(QStringLiteral("exportHistory"));
    auto *retryExports = window.findChild<QAction *>(QStringLiteral("retryExports"));
    QVERIFY(exportHistory && retryExports);
    QCOMPARE(exportHistory->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("exportSellers"))->shortcut(),
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    QVERIFY(!retryExports->isEnabled());

    const auto exportVia = [&](const QString &name) {
        window.exportRows(ExportRequest::Scope::History);
        auto *dialog = window.findChild<ExportDialog *>();
        QVERIFY(dialog);
        // The dialog counts the rows: about a million.
        QVERIFY(!source->counts.isEmpty());
        CountResult counts;
        counts.perAction[int(Action::Add)] = 1'020'000;
        counts.accuracy = CountAccuracy::Exact;
        source->replyCounts(source->counts.last().id, counts);
        dialog->pathField()->setText(dir.filePath(name));
        dialog->exportButton()->click();
        QTRY_VERIFY(!window.findChild<ExportDialog *>());
    };
    exportVia(QStringLiteral("big.csv"));
    QCOMPARE(source->exports.size(), 1);
    const HistorySource::RequestId exportId = source->exports.first().id;
    QCOMPARE(source->exports.first().request.path, dir.filePath(QStringLiteral("big.csv")));
    QCOMPARE(source->exports.first().request.profile, CsvProfile::Spreadsheet);
    QVERIFY(window.exportProgress()->isVisible());
    QVERIFY(!exportHistory->isEnabled()); // one export at a time
    source->replyExportProgress(exportId, ExportProgress{120000, 9'000'000});
    QVERIFY2(window.exportProgress()->text().startsWith(QStringLiteral("Exporting… 120,000 rows")),
             qPrintable(window.exportProgress()->text()));
    saveShot(&window, QStringLiteral("mainwindow-exporting.png"));

    ExportResult result;
    result.rows = 1234;
    result.path = dir.filePath(QStringLiteral("big.csv"));
    result.sha256 = QStringLiteral("00");
    result.sellerNames = NameList::fromStringList({QStringLiteral("Shop")});
    source->replyExport(exportId, result);
    QTRY_COMPARE(source->records.size(), 1); // once queued
    const QString recordId = source->records.first().record.id;
    source->fail(source->records.first().id,
                 SourceError{SourceError::Kind::Unreachable,
                             QStringLiteral("The server cannot be reached.")});
    QTRY_VERIFY(window.exportProgress()->isHidden());
    QVERIFY(window.exportBanner()->isVisible());
    QCOMPARE(window.exportBanner()->text(),
             QStringLiteral("Exported 1,234 rows to big.csv; the record could not be written and "
                            "is queued (1 export not yet recorded)."));
    QVERIFY(window.unrecordedExportsButton()->isVisible());
    QCOMPARE(window.unrecordedExportsButton()->text(), QStringLiteral("1 export not yet recorded"));
    QVERIFY(retryExports->isEnabled());
    // Sent again every few minutes while any wait.
    bool periodic = false;
    for (QTimer *t : window.findChildren<QTimer *>())
        periodic =
            periodic || (t->interval() == MainWindow::OutboxRetryIntervalMs && t->isActive());
    QVERIFY(periodic);
    saveShot(&window, QStringLiteral("mainwindow-export-queued.png"));

    {
        // The next start sends it as soon as the source is there.
        MainWindow next(openOutbox(outboxPath));
        auto nextOwned = std::make_unique<FakeSource>();
        FakeSource *nextSource = nextOwned.get();
        next.setSource(std::move(nextOwned), false);
        QTRY_COMPARE(nextSource->records.size(), 1);
        QCOMPARE(nextSource->records.first().record.id, recordId);
        nextSource->fail(nextSource->records.first().id,
                         SourceError{SourceError::Kind::Timeout,
                                     QStringLiteral("The server took too long to answer.")});
        QCOMPARE(next.unrecordedExportsButton()->text(),
                 QStringLiteral("1 export not yet recorded"));
        QTRY_VERIFY(next.unrecordedExportsButton()->toolTip().contains(
            QLatin1String("The server took too long to answer.")));
    }

    // On demand: the status bar's button.
    window.unrecordedExportsButton()->click();
    QTRY_COMPARE(source->records.size(), 2);
    QCOMPARE(source->records.last().record.id, recordId); // the same record, never a new one
    source->replyRecorded(source->records.last().id);
    QTRY_VERIFY(window.unrecordedExportsButton()->isHidden());
    QVERIFY(!retryExports->isEnabled());
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Recorded 1 earlier export."));

    // A failed export: the source's sentence, and Retry sends the same export.
    exportVia(QStringLiteral("second.csv"));
    QCOMPARE(source->exports.size(), 2);
    source->fail(source->exports.last().id,
                 SourceError{SourceError::Kind::Failed, QStringLiteral("The disk is full.")});
    QCOMPARE(window.exportBanner()->text(),
             QStringLiteral("The disk is full. No file was written."));
    QVERIFY(window.exportProgress()->isHidden());
    auto *bannerButton = window.exportBanner()->findChild<QPushButton *>();
    QVERIFY(bannerButton && bannerButton->isVisible());
    QCOMPARE(bannerButton->text(), QStringLiteral("&Retry"));
    bannerButton->click();
    QCOMPARE(source->exports.size(), 3);
    QCOMPARE(source->exports.last().request.path, dir.filePath(QStringLiteral("second.csv")));

    // Closing meanwhile asks first; waiting is the default.
    QTimer::singleShot(0, &window, [&window] {
        auto *box = window.findChild<QMessageBox *>(QStringLiteral("quitWhileExportingDialog"));
        QVERIFY(box);
        box->defaultButton()->click();
    });
    QVERIFY(!window.close());
    QVERIFY(window.isVisible());

    // Cancel: no file, nothing recorded.
    QVERIFY(window.exportProgress()->isVisible());
    window.exportProgress()->cancelButton()->click();
    QVERIFY(source->cancelled.contains(source->exports.last().id));
    QVERIFY(window.exportProgress()->isHidden());
    QCOMPARE(window.statusBar()->currentMessage(),
             QStringLiteral("Export cancelled: no file was written."));
    QCOMPARE(source->records.size(), 2);
    QVERIFY(exportHistory->isEnabled());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
