// The Sellers tab end to end on a real SQLite source (and a scripted one for
// failures and a server that miscounts): paging, search and the flag
// filter; selection by click, Shift, Ctrl, Ctrl+A and "Select all N
// matching", with the scope always spelled out; F and the buttons through
// the confirmation (typed above 1,000) to exactly the right sellers; the
// result with Undo; and failures that change nothing and say so. Narrowed
// to an audit entry's sellers: counted, all selected, kept while searching,
// left by "Show All Sellers".
#include "fakesource.h"
#include "flagdialog.h"
#include "messagebanner.h"
#include "paginationbar.h"
#include "sellerpager.h"
#include "sellersview.h"
#include "sqlsource.h"
#include "testdatabase.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z
const QString Main = QString::fromLatin1(TestDatabase::MainOrg);

// count sellers, newest last: "Acme" in every third name, every fifth flagged.
std::unique_ptr<TestDatabase> databaseWith(int count)
{
    auto db = TestDatabase::createSqlite();
    if (!db)
        return db;
    db->db().transaction();
    for (int i = 0; i < count; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(quint64(10000 + i));
        s.displayName =
            (i % 3 == 0 ? QStringLiteral("Acme %1") : QStringLiteral("Other %1")).arg(i);
        s.flagged = i % 5 == 0;
        s.timesSeen = 1 + i % 7;
        s.feedbackScore = i % 4 ? std::optional<int>(i * 11) : std::nullopt;
        s.createdAt = Base + i * Timestamp::MicrosPerMinute;
        if (!db->addSeller(s))
            return nullptr;
    }
    db->db().commit();
    return db;
}

QSet<QString> flaggedIds(TestDatabase &db)
{
    QSqlQuery q(db.db());
    q.exec(QStringLiteral("SELECT id FROM sellers WHERE flagged = 1"));
    QSet<QString> ids;
    while (q.next())
        ids.insert(q.value(0).toString());
    return ids;
}

int flagRows(TestDatabase &db)
{
    QSqlQuery q(db.db());
    q.exec(QStringLiteral("SELECT COUNT(*) FROM seller_audit_log WHERE action = 'flag'"));
    q.next();
    return q.value(0).toInt();
}

void clickRow(QTableView *table, int row, Qt::KeyboardModifiers modifiers = {})
{
    const QRect rect = table->visualRect(table->model()->index(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, modifiers, rect.center());
}

QLineEdit *typedCountField(const FlagDialog &dialog)
{
    return dialog.findChild<QLineEdit *>(QStringLiteral("flagDialogTypedCount"));
}

FlagDialog *openDialog(SellersView &view)
{
    FlagDialog *dialog = nullptr;
    if (!QTest::qWaitFor([&] { return (dialog = view.findChild<FlagDialog *>()) != nullptr; },
                         10000))
        return nullptr;
    return dialog;
}

// `count` unflagged sellers on one page, "Seller 0" first.
SellerPageResult fakePage(int count)
{
    SellerPageResult page;
    page.total = count;
    for (int i = 0; i < count; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(quint64(i + 1));
        s.displayName = QStringLiteral("Seller %1").arg(i);
        page.sellers << s;
    }
    return page;
}

// Shows `count` unflagged sellers from `source`, selects them all and
// confirms flagging them (typing the count when the dialog asks for it);
// the flag request waits in source.flags.
SellerPageResult flagAllOfAFakePage(SellersView &view, FakeSource &source, int count)
{
    view.show();
    view.setSource(&source);
    const SellerPageResult page = fakePage(count);
    source.replySellerPage(source.sellerPages.last().id, page);
    view.table()->selectAll();
    view.flagAction()->trigger();
    FlagDialog *dialog = openDialog(view);
    if (!dialog)
        return {};
    if (dialog->needsTypedCount())
        QTest::keyClicks(typedCountField(*dialog), QString::number(count));
    dialog->accept();
    return page;
}

void saveShot(QWidget &w, const QString &name)
{
    if (qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS"))
        return;
    const QDir dir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"));
    QCoreApplication::processEvents(); // pending layouts
    w.grab().save(dir.filePath(name));
}

} // namespace

class TestSellersView : public QObject
{
    Q_OBJECT

private slots:
    void shouldPageSearchAndFilter();
    void shouldSpellOutTheScopeOfEachSelection();
    void shouldFlagTheSelectionWithFAndUndo_data();
    void shouldFlagTheSelectionWithFAndUndo();
    void shouldResolveAllMatchingAndRequireTheTypedCount();
    void shouldCountTheScopeAgainWhenItGrewAfterSelectAll();
    void shouldSayWhenNothingChanges();
    void shouldChangeNothingWhenTheUserCancels();
    void shouldReportAFailureAndKeepTheStates();
    void shouldSayAWriteCutOffBySwitchingSourcesIsUnknown();
    void shouldNotCarryTheSelectionToAnotherPage();
    void shouldEnableTheActionsOnlyWhileShown();
    void shouldConfirmALargeUndo();
    void shouldWarnWhenTheServerCountDiffers();
    void shouldShowOnlyASetAndSayHowManyWereFound_data();
    void shouldShowOnlyASetAndSayHowManyWereFound();
    void shouldKeepTheSetWhileSearchingUntilShowAll();
    void shouldNotActOnOldRowsNorSelectLateForTheSet();
    void shouldFlagExactlyTheSetOfARealSource();
};

void TestSellersView::shouldPageSearchAndFilter()
{
    auto db = databaseWith(130);
    QVERIFY(db);
    SqlSource source(db->spec(Main));
    SellersView view;
    view.resize(1100, 700);
    view.show();
    view.setSource(&source);
    QTRY_COMPARE(view.table()->model()->rowCount(), SellerPager::DefaultPageSize);
    QCOMPARE(view.pager()->total(), 130);
    QCOMPARE(view.paginationBar()->summaryText(), QStringLiteral("Showing 1–100 of 130"));
    // Newest first.
    QCOMPARE(view.table()->model()->index(0, 0).data().toString(), QStringLiteral("Acme 129"));

    view.pager()->next();
    QTRY_COMPARE(view.table()->model()->rowCount(), 30);

    QTest::keyClicks(view.searchField(), QStringLiteral("ACME"));
    QTRY_COMPARE(view.pager()->filter().search, QStringLiteral("ACME"));
    QTRY_COMPARE(view.pager()->total(), 44); // 0, 3, ..., 129
    QCOMPARE(view.pager()->offset(), 0);     // a new filter starts at the top

    view.stateFilter()->setCurrentIndex(1); // Flagged
    emit view.stateFilter()->activated(1);
    QTRY_COMPARE(view.pager()->total(), 9); // multiples of 15 below 130
    for (int row = 0; row < view.table()->model()->rowCount(); ++row)
        QCOMPARE(view.table()->model()->index(row, 1).data().toString(), QStringLiteral("Flagged"));
    saveShot(view, QStringLiteral("sellers-filtered.png"));
}

void TestSellersView::shouldSpellOutTheScopeOfEachSelection()
{
    auto db = databaseWith(130);
    QVERIFY(db);
    SqlSource source(db->spec(Main));
    SellersView view;
    view.resize(1100, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setSource(&source);
    QTRY_COMPARE(view.table()->model()->rowCount(), 100);
    auto *scopeButton = view.findChild<QPushButton *>(QStringLiteral("scopeButton"));
    QVERIFY(scopeButton);
    QCOMPARE(view.scopeText(), QStringLiteral("No sellers selected."));
    QVERIFY(!view.flagAction()->isEnabled());

    clickRow(view.table(), 2);
    clickRow(view.table(), 4, Qt::ShiftModifier); // 2..4
    clickRow(view.table(), 9, Qt::ControlModifier);
    QCOMPARE(view.scopeText(), QStringLiteral("4 sellers selected on this page."));
    QVERIFY(view.flagAction()->isEnabled());
    QCOMPARE(view.selectedSellers().size(), 4);
    QCOMPARE(view.selectedSellers().at(3).displayName, QStringLiteral("Acme 120"));

    QTest::keyClick(view.table(), Qt::Key_A, Qt::ControlModifier);
    QCOMPARE(view.scopeText(), QStringLiteral("100 sellers selected on this page."));
    QVERIFY(!view.isAllMatchingSelected());
    QCOMPARE(scopeButton->text(), QStringLiteral("Select All 130 Matching"));

    QTest::mouseClick(scopeButton, Qt::LeftButton);
    QVERIFY(view.isAllMatchingSelected());
    QCOMPARE(view.scopeText(), QStringLiteral("Selected: all 130 sellers."));
    QCOMPARE(scopeButton->text(), QStringLiteral("Clear Selection"));
    saveShot(view, QStringLiteral("sellers-all-matching.png"));

    // The scope holds across pages: they show selected too.
    view.pager()->next();
    QTRY_COMPARE(view.table()->model()->rowCount(), 30);
    QVERIFY(view.isAllMatchingSelected());
    QCOMPARE(view.table()->selectionModel()->selectedRows().size(), 30);

    // A click by hand makes the scope what is seen again.
    clickRow(view.table(), 0);
    QVERIFY(!view.isAllMatchingSelected());
    QCOMPARE(view.scopeText(), QStringLiteral("1 seller selected on this page."));

    // With a search and a filter, the phrase names both.
    SellerFilter f;
    f.search = QStringLiteral("acme");
    f.state = SellerFilter::State::Unflagged;
    QCOMPARE(SellersView::scopePhrase(f, 35, true),
             QStringLiteral("all 35 unflagged sellers matching “acme”"));
    QCOMPARE(SellersView::scopePhrase(f, 1, true),
             QStringLiteral("the 1 unflagged seller matching “acme”"));
    QCOMPARE(SellersView::scopePhrase(f, 2, false), QStringLiteral("the 2 selected sellers"));
}

void TestSellersView::shouldFlagTheSelectionWithFAndUndo_data()
{
    QTest::addColumn<QList<int>>("rows");
    QTest::addColumn<bool>("expectFlag");
    QTest::addColumn<int>("expectChanged");
    // Row r shows seller 129 - r; every fifth seller is flagged (rows 4, 9, 14...).
    QTest::newRow("some unflagged: F flags them") << QList<int>{3, 4, 5} << true << 2;
    QTest::newRow("all flagged: F unflags") << QList<int>{4, 9} << false << 2;
}

void TestSellersView::shouldFlagTheSelectionWithFAndUndo()
{
    QFETCH(QList<int>, rows);
    QFETCH(bool, expectFlag);
    QFETCH(int, expectChanged);

    auto db = databaseWith(130);
    QVERIFY(db);
    SqlSource source(db->spec(Main));
    SellersView view;
    view.resize(1100, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setSource(&source);
    QTRY_COMPARE(view.table()->model()->rowCount(), 100);
    const QSet<QString> before = flaggedIds(*db);
    const int rowsBefore = flagRows(*db);
    clickRow(view.table(), rows.first());
    for (int r : rows.mid(1))
        clickRow(view.table(), r, Qt::ControlModifier);
    QSet<QString> chosen;
    for (const Seller &s : view.selectedSellers())
        chosen.insert(s.id);

    view.table()->setFocus();
    QTest::keyClick(view.table(), Qt::Key_F);
    FlagDialog *dialog = openDialog(view);
    QVERIFY(dialog);
    QVERIFY(!dialog->needsTypedCount());
    auto *reason = dialog->findChild<QLineEdit *>();
    QVERIFY(reason);
    reason->setText(QStringLiteral("  weekly review  "));
    saveShot(*dialog, QStringLiteral("flag-dialog.png"));
    QSignalSpy finished(&view, &SellersView::flagFinished);
    dialog->accept();
    QTRY_COMPARE(finished.size(), 1);
    const FlagResult result = finished.first().at(0).value<FlagResult>();
    QCOMPARE(finished.first().at(1).toBool(), expectFlag);
    QCOMPARE(result.changed, expectChanged);

    QSet<QString> expected = before;
    for (const QString &id : std::as_const(chosen)) {
        if (expectFlag)
            expected.insert(id);
        else
            expected.remove(id);
    }
    const QSet<QString> after = flaggedIds(*db);
    QVERIFY2(after == expected,
             qPrintable(QStringList((after - expected).values()).join(u',') + u'|' +
                        QStringList((expected - after).values()).join(u',') + u'|' +
                        QStringList(chosen.values()).join(u',')));
    QCOMPARE(flagRows(*db), rowsBefore + 1);
    QSqlQuery reasonQuery(db->db());
    QVERIFY(
        reasonQuery.exec(QStringLiteral("SELECT new_value FROM seller_audit_log WHERE id = '%1'")
                             .arg(result.auditEntryId)));
    QVERIFY(reasonQuery.next());
    QVERIFY2(reasonQuery.value(0).toString().contains(QLatin1String("weekly review")),
             qPrintable(reasonQuery.value(0).toString()));
    reasonQuery.finish(); // an open statement would keep this connection's snapshot

    // The result, with Undo; the page shows the new states and keeps the selection.
    MessageBanner *banner = view.resultBanner();
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().startsWith(expectFlag ? QStringLiteral("Flagged 2 sellers.")
                                                  : QStringLiteral("Unflagged 2 sellers.")),
             qPrintable(banner->text()));
    QTRY_VERIFY(!view.pager()->isLoading());
    QCOMPARE(view.selectedSellers().size(), rows.size());
    for (const Seller &s : view.selectedSellers())
        QCOMPARE(s.flagged, expectFlag);
    saveShot(view, QStringLiteral("sellers-flagged.png"));

    auto *undo = banner->findChild<QPushButton *>();
    QVERIFY(undo && undo->isVisible());
    QTest::mouseClick(undo, Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 2);
    QCOMPARE(finished.at(1).at(2).toBool(), true); // an undo
    const QSet<QString> undone = flaggedIds(*db);
    QVERIFY2(undone == before,
             qPrintable(QStringList((undone - before).values()).join(u',') + u'|' +
                        QStringList((before - undone).values()).join(u',')));
    QCOMPARE(flagRows(*db), rowsBefore + 2); // recorded as a new flag row
    QVERIFY(banner->text().startsWith(QLatin1String("Undone")));
    QVERIFY(!view.flagger()->canUndo());
}

void TestSellersView::shouldResolveAllMatchingAndRequireTheTypedCount()
{
    auto db = databaseWith(4500); // 1,500 "Acme", 300 of them flagged
    QVERIFY(db);
    SqlSource source(db->spec(Main));
    SellersView view;
    view.resize(1100, 700);
    view.show();
    view.setSource(&source);
    QTest::keyClicks(view.searchField(), QStringLiteral("acme"));
    QTRY_COMPARE(view.pager()->total(), 1500);
    QTRY_VERIFY(!view.pager()->isLoading());
    const QSet<QString> before = flaggedIds(*db);

    // Only the first page is loaded; the scope is all 1,500.
    view.selectAllMatching();
    QCOMPARE(view.scopeText(), QStringLiteral("Selected: all 1,500 sellers matching “acme”."));
    view.flagAction()->trigger();
    FlagDialog *dialog = openDialog(view);
    QVERIFY(dialog);
    // What it asks about is what changes: the 1,200 not flagged yet.
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("flagDialogHeading"))->text(),
             QStringLiteral("Flag 1,200 sellers?"));
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("flagDialogScope"))->text(),
             QStringLiteral("From all 1,500 sellers matching “acme”. 300 of them are flagged "
                            "already and stay so."));
    QVERIFY(dialog->needsTypedCount());
    QVERIFY(!dialog->isConfirmed());
    saveShot(*dialog, QStringLiteral("flag-dialog-typed.png"));
    dialog->accept(); // refused: the count is not typed
    QVERIFY(dialog->isVisible());
    QLineEdit *typed = typedCountField(*dialog);
    QVERIFY(typed);
    QTest::keyClicks(typed, QStringLiteral("1,500")); // the scope, not what changes
    QVERIFY(!dialog->isConfirmed());
    typed->clear();
    QTest::keyClicks(typed, QStringLiteral("1,200"));
    QVERIFY(dialog->isConfirmed());
    QSignalSpy finished(&view, &SellersView::flagFinished);
    dialog->accept();
    QTRY_COMPARE(finished.size(), 1);
    const FlagResult result = finished.first().at(0).value<FlagResult>();
    QCOMPARE(result.changed, 1200);

    QSet<QString> expected = before;
    for (int i = 0; i < 4500; i += 3)
        expected.insert(TestDatabase::uuid(quint64(10000 + i)));
    QCOMPARE(flaggedIds(*db), expected);
    QVERIFY2(view.resultBanner()->text().contains(QLatin1String("300 in the scope")),
             qPrintable(view.resultBanner()->text()));
    QVERIFY(!view.isAllMatchingSelected()); // the action used the scope up
}

// "Select all matching" remembers a filter, not a count: sellers that match
// by the time the action is confirmed are in it, and the confirmation counts
// them, so the typed count is what is written.
void TestSellersView::shouldCountTheScopeAgainWhenItGrewAfterSelectAll()
{
    auto db = databaseWith(2997); // 999 "Acme", 200 of them flagged
    QVERIFY(db);
    SqlSource source(db->spec(Main));
    SellersView view;
    view.resize(1100, 700);
    view.show();
    view.setSource(&source);
    QTest::keyClicks(view.searchField(), QStringLiteral("acme"));
    QTRY_COMPARE(view.pager()->total(), 999);
    QTRY_VERIFY(!view.pager()->isLoading());
    view.selectAllMatching();
    QCOMPARE(view.scopeText(), QStringLiteral("Selected: all 999 sellers matching “acme”."));

    // Meanwhile a collection run brings 1,000 more unflagged Acme sellers.
    db->db().transaction();
    for (int i = 0; i < 1000; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(quint64(90000 + i));
        s.displayName = QStringLiteral("Acme new %1").arg(i);
        s.createdAt = Base + (5000 + i) * Timestamp::MicrosPerMinute;
        QVERIFY(db->addSeller(s));
    }
    db->db().commit();

    view.flagAction()->trigger();
    FlagDialog *dialog = openDialog(view);
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("flagDialogHeading"))->text(),
             QStringLiteral("Flag 1,799 sellers?"));
    const auto *note = dialog->findChild<QLabel *>(QStringLiteral("flagDialogScopeNote"));
    QVERIFY(note);
    QVERIFY2(note->text().contains(QLatin1String("999 then, 1,999 now")), qPrintable(note->text()));
    // 799 would not have asked for a typed count; 1,799 does.
    QVERIFY(dialog->needsTypedCount());
    QLineEdit *typed = typedCountField(*dialog);
    QVERIFY(typed);
    QTest::keyClicks(typed, QStringLiteral("1799"));
    QSignalSpy finished(&view, &SellersView::flagFinished);
    dialog->accept();
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).value<FlagResult>().changed, 1799);
    int acmeUnflagged = -1;
    {
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral(
            "SELECT COUNT(*) FROM sellers WHERE display_name LIKE 'Acme%' AND flagged = 0")));
        QVERIFY(q.next());
        acmeUnflagged = q.value(0).toInt();
    }
    QCOMPARE(acmeUnflagged, 0);
}

void TestSellersView::shouldSayWhenNothingChanges()
{
    auto db = databaseWith(30);
    QVERIFY(db);
    SqlSource source(db->spec(Main));
    SellersView view;
    view.show();
    view.setSource(&source);
    QTRY_COMPARE(view.table()->model()->rowCount(), 30);
    const int rowsBefore = flagRows(*db);
    // Row 4 is seller 25: flagged.
    view.table()->selectRow(4);
    view.flagAction()->trigger();
    QVERIFY(!view.findChild<FlagDialog *>());
    QVERIFY(view.resultBanner()->isVisible());
    QCOMPARE(view.resultBanner()->text(),
             QStringLiteral("Nothing to change: the selected seller is flagged already."));
    QCOMPARE(flagRows(*db), rowsBefore);
}

void TestSellersView::shouldChangeNothingWhenTheUserCancels()
{
    auto db = databaseWith(30);
    QVERIFY(db);
    SqlSource source(db->spec(Main));
    SellersView view;
    view.show();
    view.setSource(&source);
    QTRY_COMPARE(view.table()->model()->rowCount(), 30);
    const QSet<QString> before = flaggedIds(*db);
    view.table()->selectAll();
    view.unflagAction()->trigger();
    FlagDialog *dialog = openDialog(view);
    QVERIFY(dialog);
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(!view.findChild<FlagDialog *>());
    QTest::qWait(100);
    QCOMPARE(flaggedIds(*db), before);
    QVERIFY(!view.flagger()->isBusy());
}

void TestSellersView::shouldReportAFailureAndKeepTheStates()
{
    FakeSource source;
    SellersView view;
    const SellerPageResult page = flagAllOfAFakePage(view, source, 2);
    QVERIFY(!page.sellers.isEmpty());
    QCOMPARE(source.flags.size(), 1);
    QVERIFY(!view.flagAction()->isEnabled()); // busy
    const FlagRequest sent = source.flags.last().request;
    const int pagesBefore = int(source.sellerPages.size());
    source.fail(source.flags.last().id,
                {SourceError::Kind::Failed,
                 QStringLiteral("Flagging failed and nothing was changed: disk full")});
    MessageBanner *banner = view.resultBanner();
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(QLatin1String("nothing was changed")));
    QVERIFY2(banner->text().contains(QLatin1String("reloaded")), qPrintable(banner->text()));
    QCOMPARE(view.table()->model()->index(0, 1).data().toString(), QString());
    QVERIFY(view.flagAction()->isEnabled());

    // The page is read again (a failed write may have changed some), and
    // the selection comes back with it.
    QCOMPARE(source.sellerPages.size(), pagesBefore + 1);
    QCOMPARE(source.sellerPages.last().request.offset, 0);
    source.replySellerPage(source.sellerPages.last().id, page);
    QCOMPARE(view.selectedSellers().size(), 2);
    view.resize(1000, 400);
    saveShot(view, QStringLiteral("sellers-write-failed.png"));

    // Retry sends the same action again.
    auto *retry = banner->findChild<QPushButton *>();
    QVERIFY(retry && retry->isVisible());
    QCOMPARE(retry->text(), QStringLiteral("&Retry"));
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(source.flags.size(), 2);
    QCOMPARE(source.flags.last().request.sellerIds, sent.sellerIds);
    QCOMPARE(source.flags.last().request.flagged, sent.flagged);
    FlagResult result;
    result.requested = result.changed = 2;
    result.changedIds = sent.sellerIds;
    source.replyFlag(source.flags.last().id, result);
    QCOMPARE(banner->text(), QStringLiteral("Flagged 2 sellers."));
    QVERIFY(view.flagger()->canUndo());
}

// A source replaced while a write waits (the user switched databases) never
// answers it: the user is told the outcome is unknown, and nothing waits.
void TestSellersView::shouldSayAWriteCutOffBySwitchingSourcesIsUnknown()
{
    FakeSource source;
    SellersView view;
    QVERIFY(!flagAllOfAFakePage(view, source, 2).sellers.isEmpty());
    QVERIFY(view.flagger()->isWriting());
    QSignalSpy failed(&view, &SellersView::flagFailed);
    FakeSource other;
    view.setSource(&other);
    QCOMPARE(failed.size(), 1);
    QVERIFY(!view.flagger()->isBusy());
    QVERIFY(view.resultBanner()->isVisible());
    QVERIFY2(view.resultBanner()->text().contains(QLatin1String("may or may not")),
             qPrintable(view.resultBanner()->text()));
    QVERIFY(!view.flagger()->canRetry()); // it was for the other source
    // A late answer from the old source changes nothing here.
    QSignalSpy finished(&view, &SellersView::flagFinished);
    source.replyFlag(source.flags.last().id, FlagResult{});
    QCOMPARE(finished.size(), 0);
}

// The selection kept across a reload applies to that page only: a page the
// user moved to meanwhile starts unselected.
void TestSellersView::shouldNotCarryTheSelectionToAnotherPage()
{
    FakeSource source;
    SellersView view;
    const SellerPageResult page = flagAllOfAFakePage(view, source, 3);
    QVERIFY(!page.sellers.isEmpty());
    FlagResult result;
    result.requested = result.changed = 3;
    for (const Seller &s : page.sellers)
        result.changedIds << s.id;
    source.replyFlag(source.flags.last().id, result);
    QVERIFY(view.pager()->isLoading()); // the page again, to keep its selection

    // Before it arrives, the user filters to flagged sellers; the same
    // sellers are on that page, but the user did not select them there.
    view.stateFilter()->setCurrentIndex(
        view.stateFilter()->findData(int(SellerFilter::State::Flagged)));
    emit view.stateFilter()->activated(view.stateFilter()->currentIndex());
    QCOMPARE(source.sellerPages.last().request.filter.state, SellerFilter::State::Flagged);
    SellerPageResult flagged = page;
    for (Seller &s : flagged.sellers)
        s.flagged = true;
    source.replySellerPage(source.sellerPages.last().id, flagged);
    QCOMPARE(view.table()->model()->rowCount(), 3);
    QVERIFY(view.selectedSellers().isEmpty());
}

// The actions sit in the window's Edit menu too; they act only while the
// tab is shown, so a hidden selection is never flagged by surprise.
void TestSellersView::shouldEnableTheActionsOnlyWhileShown()
{
    FakeSource source;
    SellersView view;
    view.show();
    view.setSource(&source);
    source.replySellerPage(source.sellerPages.last().id, fakePage(1));
    view.table()->selectRow(0);
    QVERIFY(view.flagAction()->isEnabled());
    view.hide();
    for (QAction *a : {view.flagAction(), view.unflagAction(), view.toggleAction()})
        QVERIFY(!a->isEnabled());
    view.show();
    QVERIFY(view.flagAction()->isEnabled());
}

// An undo as large as an action that asks for a typed count asks for it too.
void TestSellersView::shouldConfirmALargeUndo()
{
    FakeSource source;
    SellersView view;
    const int n = int(FlagDialog::TypedConfirmationAbove) + 1;
    const SellerPageResult page = flagAllOfAFakePage(view, source, n);
    QVERIFY(!page.sellers.isEmpty());
    QTRY_VERIFY(!view.findChild<FlagDialog *>());
    FlagResult result;
    result.requested = result.changed = n;
    for (const Seller &s : page.sellers)
        result.changedIds << s.id;
    source.replyFlag(source.flags.last().id, result);
    QVERIFY(view.flagger()->canUndo());

    view.undo();
    QCOMPARE(source.flags.size(), 1); // not yet: it asks first
    FlagDialog *dialog = openDialog(view);
    QVERIFY(dialog);
    QCOMPARE(dialog->objectName(), QStringLiteral("undoDialog"));
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("flagDialogHeading"))->text(),
             QStringLiteral("Unflag 1,001 sellers?"));
    QVERIFY(dialog->needsTypedCount());
    // An undo is not undone in turn, and says nothing of it.
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("flagDialogExplanation"))->text(),
             QStringLiteral("The change is recorded as one history entry."));
    saveShot(*dialog, QStringLiteral("undo-dialog.png"));
    dialog->accept(); // refused without the count
    QCOMPARE(source.flags.size(), 1);
    QTest::keyClicks(typedCountField(*dialog), QStringLiteral("1,001"));
    dialog->accept();
    QCOMPARE(source.flags.size(), 2);
    QCOMPARE(source.flags.last().request.flagged, false);
    QCOMPARE(source.flags.last().request.sellerIds.size(), n);
}

void TestSellersView::shouldWarnWhenTheServerCountDiffers()
{
    FakeSource source;
    SellersView view;
    const SellerPageResult page = flagAllOfAFakePage(view, source, 3);
    QVERIFY(!page.sellers.isEmpty());
    FlagResult result;
    result.requested = result.changed = 3;
    for (const Seller &s : page.sellers)
        result.changedIds << s.id;
    result.serverCount = 2;
    source.replyFlag(source.flags.last().id, result);
    QVERIFY(view.resultBanner()->isVisible());
    QVERIFY2(
        view.resultBanner()->text().contains(QLatin1String("The server reports 2 updated, not 3")),
        qPrintable(view.resultBanner()->text()));
    saveShot(view, QStringLiteral("sellers-mismatch.png"));
}

void TestSellersView::shouldShowOnlyASetAndSayHowManyWereFound_data()
{
    QTest::addColumn<SellerSet>("sellers");
    QTest::addColumn<int>("found");
    QTest::addColumn<QString>("banner");
    QTest::addColumn<QString>("scope");

    const auto names = [](int n) {
        QStringList out;
        for (int i = 0; i < n; ++i)
            out << QStringLiteral("Seller %1").arg(i);
        return out;
    };
    const auto ids = [](int n) {
        QStringList out;
        for (int i = 0; i < n; ++i)
            out << TestDatabase::uuid(quint64(i + 1));
        return out;
    };
    const SellerSet::Key byName = SellerSet::Key::Name;
    const SellerSet::Key byId = SellerSet::Key::Id;
    QTest::newRow("all 50 found") << SellerSet{byName, names(50)} << 50
                                  << QStringLiteral("Showing the 50 sellers of the entry “E”.")
                                  << QStringLiteral(
                                         "Selected: all 50 sellers of the history entry.");
    QTest::newRow("48 of 50 found by name")
        << SellerSet{byName, names(50)} << 48
        << QStringLiteral("Showing the sellers of the entry “E”: 48 of 50 sellers found; 2 no "
                          "longer exist or were renamed.")
        << QStringLiteral("Selected: all 48 sellers of the history entry.");
    QTest::newRow("2 of 3 found by name")
        << SellerSet{byName, names(3)} << 2
        << QStringLiteral("Showing the sellers of the entry “E”: 2 of 3 sellers found; 1 no "
                          "longer exists or was renamed.")
        << QStringLiteral("Selected: all 2 sellers of the history entry.");
    QTest::newRow("1 of 2 found by id")
        << SellerSet{byId, ids(2)} << 1
        << QStringLiteral("Showing the sellers of the entry “E”: 1 of 2 sellers found; 1 no "
                          "longer exists.")
        << QStringLiteral("Selected: the 1 seller of the history entry.");
    QTest::newRow("the one found")
        << SellerSet{byId, ids(1)} << 1 << QStringLiteral("Showing the seller of the entry “E”.")
        << QStringLiteral("Selected: the 1 seller of the history entry.");
    QTest::newRow("the one gone, by id")
        << SellerSet{byId, ids(1)} << 0
        << QStringLiteral("The seller of the entry “E” was not found: it no longer exists.")
        << QStringLiteral("No sellers selected.");
    QTest::newRow("the one gone, by name")
        << SellerSet{byName, names(1)} << 0
        << QStringLiteral("The seller of the entry “E” was not found: it no longer exists or was "
                          "renamed.")
        << QStringLiteral("No sellers selected.");
    QTest::newRow("none of 1,000 found")
        << SellerSet{byName, names(1000)} << 0
        << QStringLiteral("Showing the sellers of the entry “E”: 0 of 1,000 sellers found; "
                          "1,000 no longer exist or were renamed.")
        << QStringLiteral("No sellers selected.");
}

void TestSellersView::shouldShowOnlyASetAndSayHowManyWereFound()
{
    QFETCH(SellerSet, sellers);
    QFETCH(int, found);
    QFETCH(QString, banner);
    QFETCH(QString, scope);

    FakeSource source;
    SellersView view;
    view.show();
    view.setSource(&source);
    source.replySellerPage(source.sellerPages.last().id, fakePage(5));
    // Whatever the filters were, the set is shown whole.
    view.searchField()->setText(QStringLiteral("acme"));
    view.stateFilter()->setCurrentIndex(1);
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    QCOMPARE(view.pager()->filter().search, QStringLiteral("acme"));
    source.replySellerPage(source.sellerPages.last().id, fakePage(2));

    view.showOnly(sellers, QStringLiteral("the entry “E”"));
    QVERIFY(view.isShowingOnly());
    QVERIFY(view.searchField()->text().isEmpty());
    QCOMPARE(view.currentFilter().state, SellerFilter::State::All);
    SellerFilter expected;
    expected.only = sellers;
    QCOMPARE(view.pager()->filter(), expected);
    QCOMPARE(source.sellerPages.last().request.filter, expected);
    QVERIFY(view.onlyBanner()->isVisible());
    QVERIFY2(view.onlyBanner()->text().startsWith(QLatin1String("Looking for the ")),
             qPrintable(view.onlyBanner()->text()));

    SellerPageResult page = fakePage(std::min(found, 100));
    page.total = found;
    source.replySellerPage(source.sellerPages.last().id, page);
    QCOMPARE(view.onlyBanner()->text(), banner);
    QCOMPARE(view.scopeText(), scope);
    QCOMPARE(view.isAllMatchingSelected(), found > 0);
    QCOMPARE(view.flagAction()->isEnabled(), found > 0);
    if (found > 0)
        QCOMPARE(view.allMatchingFilter(), expected);
}

void TestSellersView::shouldKeepTheSetWhileSearchingUntilShowAll()
{
    FakeSource source;
    SellersView view;
    view.show();
    view.setSource(&source);
    source.replySellerPage(source.sellerPages.last().id, fakePage(5));
    const SellerSet set{SellerSet::Key::Name, {QStringLiteral("Seller 0"), QStringLiteral("Gone")}};
    view.showOnly(set, QStringLiteral("the entry “E”"));
    SellerPageResult page = fakePage(1);
    source.replySellerPage(source.sellerPages.last().id, page);
    const QString counted = view.onlyBanner()->text();
    QVERIFY2(counted.contains(QLatin1String("1 of 2 sellers found")), qPrintable(counted));
    QCOMPARE(view.searchField()->placeholderText(),
             QStringLiteral("Search these sellers by name…"));

    // Searching and filtering narrow within the set; clearing them does not
    // leave it, nor does it count again.
    QTest::keyClicks(view.searchField(), QStringLiteral("sel"));
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    QCOMPARE(view.pager()->filter().search, QStringLiteral("sel"));
    QCOMPARE(view.pager()->filter().only, std::optional<SellerSet>(set));
    source.replySellerPage(source.sellerPages.last().id, page);
    view.searchField()->clear();
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    QCOMPARE(view.pager()->filter().search, QString());
    QCOMPARE(view.pager()->filter().only, std::optional<SellerSet>(set));
    page.total = 1;
    source.replySellerPage(source.sellerPages.last().id, page);
    QCOMPARE(view.onlyBanner()->text(), counted);
    QVERIFY(!view.isAllMatchingSelected()); // the user's search replaced that selection

    // Show All Sellers: the whole list again, the banner gone.
    auto *action = view.onlyBanner()->findChild<QPushButton *>();
    QVERIFY(action);
    QCOMPARE(action->text(), QStringLiteral("Show &All Sellers"));
    const qsizetype requests = source.sellerPages.size();
    QTest::mouseClick(action, Qt::LeftButton);
    QVERIFY(!view.isShowingOnly());
    QVERIFY(!view.onlyBanner()->isVisible());
    QCOMPARE(source.sellerPages.size(), requests + 1);
    QCOMPARE(source.sellerPages.last().request.filter, SellerFilter{});
    QCOMPARE(view.searchField()->placeholderText(), QStringLiteral("Search sellers by name…"));

    // Another source: the set (of the old one's entry) is left too.
    view.showOnly(set, QStringLiteral("the entry “E”"));
    FakeSource other;
    view.setSource(&other);
    QVERIFY(!view.isShowingOnly());
    QCOMPARE(other.sellerPages.last().request.filter, SellerFilter{});
}

// While the set's first page is on its way the rows on screen are the old
// list's: nothing acts on them. Narrowing the set before it is counted keeps
// the user's selection; the count still comes, without selecting for them.
void TestSellersView::shouldNotActOnOldRowsNorSelectLateForTheSet()
{
    FakeSource source;
    SellersView view;
    view.show();
    view.setSource(&source);
    source.replySellerPage(source.sellerPages.last().id, fakePage(5));
    const SellerSet set{SellerSet::Key::Name,
                        {QStringLiteral("Seller 0"), QStringLiteral("Seller 1")}};
    view.showOnly(set, QStringLiteral("the entry “E”"));
    // An old row clicked before the set arrives.
    view.table()->selectionModel()->select(view.table()->model()->index(3, 0),
                                           QItemSelectionModel::ClearAndSelect |
                                               QItemSelectionModel::Rows);
    QVERIFY(!view.flagAction()->isEnabled());
    QVERIFY(!view.unflagAction()->isEnabled());

    // Narrowed before the first page came.
    QTest::keyClicks(view.searchField(), QStringLiteral("1"));
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    QVERIFY2(view.onlyBanner()->text().contains(QLatin1String("(2 sellers asked for)")),
             qPrintable(view.onlyBanner()->text()));
    SellerPageResult narrowed = fakePage(1);
    narrowed.total = 1;
    source.replySellerPage(source.sellerPages.last().id, narrowed);
    view.table()->selectionModel()->select(view.table()->model()->index(0, 0),
                                           QItemSelectionModel::ClearAndSelect |
                                               QItemSelectionModel::Rows);
    QVERIFY(view.flagAction()->isEnabled()); // the set's own row
    // Back to the whole set: counted, but the user's selection stays theirs.
    view.searchField()->clear();
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    SellerPageResult whole = fakePage(2);
    whole.total = 2;
    source.replySellerPage(source.sellerPages.last().id, whole);
    QVERIFY2(view.onlyBanner()->text().startsWith(QLatin1String("Showing the 2 sellers of")),
             qPrintable(view.onlyBanner()->text()));
    QVERIFY(!view.isAllMatchingSelected());
}

// On SQLite: the set's sellers that exist are listed and selected across
// pages, and a flag of that scope changes exactly them.
void TestSellersView::shouldFlagExactlyTheSetOfARealSource()
{
    auto db = databaseWith(300);
    QVERIFY(db);
    SqlSource source(db->spec(Main));
    SellersView view;
    view.resize(1100, 700);
    view.show();
    view.setSource(&source);
    QTRY_VERIFY(!view.pager()->isLoading() && view.pager()->total() == 300);
    QStringList names;
    QSet<QString> wanted;
    for (int i = 1; i < 300; i += 2) { // 150 names on two pages, none flagged
        if (i % 5 == 0)
            continue;
        names << QStringLiteral("Other %1").arg(i);
        if (i % 3 == 0)
            names.last() = QStringLiteral("Acme %1").arg(i);
        wanted.insert(TestDatabase::uuid(quint64(10000 + i)));
    }
    names << QStringLiteral("Renamed since") << QStringLiteral("acme 3"); // case differs
    view.showOnly({SellerSet::Key::Name, names}, QStringLiteral("the entry “E”"));
    QTRY_VERIFY(view.isAllMatchingSelected());
    QCOMPARE(view.pager()->total(), wanted.size());
    QCOMPARE(view.onlyBanner()->text(),
             QStringLiteral("Showing the sellers of the entry “E”: %1 of %2 sellers found; 2 no "
                            "longer exist or were renamed.")
                 .arg(wanted.size())
                 .arg(names.size()));
    QCOMPARE(view.table()->selectionModel()->selectedRows().size(), 100);
    const QSet<QString> before = flaggedIds(*db);

    view.flagAction()->trigger();
    FlagDialog *dialog = openDialog(view);
    QVERIFY(dialog);
    QSignalSpy finished(&view, &SellersView::flagFinished);
    dialog->accept();
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).value<FlagResult>().changed, wanted.size());
    QCOMPARE(flaggedIds(*db), before + wanted);
    QVERIFY(view.isShowingOnly()); // still the entry's sellers, now flagged
    QTRY_VERIFY(!view.pager()->isLoading());
    for (const Seller &s : view.pager()->sellers())
        QVERIFY(s.flagged);
    saveShot(view, QStringLiteral("sellers-only-entry.png"));
}

QTEST_MAIN(TestSellersView)
#include "tst_sellersview.moc"
