// BulkFlagger on every source: a selection's scope is its rows; "all
// matching" resolves through the source to the ids that would change without
// loading any page; F's choice (flag if any is unflagged); committing writes
// exactly the prepared ids; undo restores each seller's previous state in a
// new flag row; a failed write keeps the undo; nothing to change writes
// nothing.
#include "bulkflagger.h"
#include "fakesource.h"
#include "historyaccess.h"
#include "sourcewait.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

namespace {

const QString Main = QString::fromLatin1(TestDatabase::MainOrg);
const QString Actor = TestDatabase::uuid(4343);

using State = SellerFilter::State;

} // namespace

class TestBulkFlagger : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void shouldPrepareASelection_data();
    void shouldPrepareASelection();
    void shouldResolveAllMatchingWithoutLoadingPages_data();
    void shouldResolveAllMatchingWithoutLoadingPages();
    void shouldWriteExactlyThePreparedIdsAndUndoThem();
    void shouldWriteNothingWhenNothingChanges();
    void shouldKeepTheUndoWhenAWriteFails();
    void shouldForgetTheOlderUndoWhenANewWriteFails();
    void shouldEndAWriteCutOffBySwitchingSources();
    void shouldStayBusyUntilTheWriteIsAnswered();

private:
    QSet<QString> flaggedIds();
    int flagRows();
    std::optional<PreparedFlag> prepareAll(const SellerFilter &filter, std::optional<bool> flagged);
    bool commitAndWait(BulkFlagger &flagger, const std::function<void()> &start,
                       FlagResult *result);

    std::unique_ptr<TestDatabase> m_db;
    TestSource m_access;
    QList<Seller> m_sellers;
};

void TestBulkFlagger::initTestCase()
{
    SH_REQUIRE_HISTORY_ACCESS();
    m_db = TestDatabase::create(HistoryAccess::backendFromEnvironment());
    QVERIFY(m_db);
    QVERIFY(m_db->addProfile(Actor, QStringLiteral("flagger@example.com"), QStringLiteral("F")));
    m_access = TestSource::open(*m_db, Main, Actor);
    QVERIFY(m_access.isValid());
}

void TestBulkFlagger::init()
{
    // The same forty sellers before every case: "acme" in every other name,
    // every fourth one flagged.
    QVERIFY(m_db->exec(QStringLiteral("DELETE FROM sellers")));
    m_sellers.clear();
    for (int i = 0; i < 40; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(quint64(7000 + i));
        s.displayName = (i % 2 ? QStringLiteral("Acme %1") : QStringLiteral("Other %1")).arg(i);
        s.flagged = i % 4 == 1;
        s.createdAt = 1'720'000'000'000'000 + i * 1'000'000LL;
        QVERIFY(m_db->addSeller(s));
        m_sellers << s;
    }
}

void TestBulkFlagger::cleanupTestCase()
{
    m_access = {};
    m_db.reset();
}

QSet<QString> TestBulkFlagger::flaggedIds()
{
    QSqlQuery q(m_db->db());
    q.exec(m_db->backend() == TestDatabase::Backend::Postgres
               ? QStringLiteral("SELECT id::text FROM sellers WHERE flagged")
               : QStringLiteral("SELECT id FROM sellers WHERE flagged = 1"));
    QSet<QString> ids;
    while (q.next())
        ids.insert(q.value(0).toString());
    return ids;
}

int TestBulkFlagger::flagRows()
{
    QSqlQuery q(m_db->db());
    q.exec(QStringLiteral("SELECT COUNT(*) FROM seller_audit_log WHERE action = 'flag'"));
    q.next();
    return q.value(0).toInt();
}

std::optional<PreparedFlag> TestBulkFlagger::prepareAll(const SellerFilter &filter,
                                                        std::optional<bool> flagged)
{
    BulkFlagger flagger;
    flagger.setSource(m_access.source);
    QSignalSpy prepared(&flagger, &BulkFlagger::prepared);
    QSignalSpy failed(&flagger, &BulkFlagger::failed);
    flagger.prepareAllMatching(filter, 1234, flagged);
    if (!QTest::qWaitFor([&] { return !prepared.isEmpty() || !failed.isEmpty(); }, 30000) ||
        prepared.isEmpty())
        return std::nullopt;
    return prepared.constFirst().at(0).value<PreparedFlag>();
}

bool TestBulkFlagger::commitAndWait(BulkFlagger &flagger, const std::function<void()> &start,
                                    FlagResult *result)
{
    QSignalSpy finished(&flagger, &BulkFlagger::finished);
    QSignalSpy failed(&flagger, &BulkFlagger::failed);
    start();
    if (!QTest::qWaitFor([&] { return !finished.isEmpty() || !failed.isEmpty(); }, 30000) ||
        finished.isEmpty())
        return false;
    *result = finished.constFirst().at(0).value<FlagResult>();
    return true;
}

void TestBulkFlagger::shouldPrepareASelection_data()
{
    QTest::addColumn<QList<bool>>("states");
    QTest::addColumn<int>("target"); // -1: the F key decides
    QTest::addColumn<bool>("expectedFlagged");
    QTest::addColumn<int>("expectedChanges");

    QTest::newRow("F with one unflagged flags")
        << QList<bool>{true, false, true} << -1 << true << 1;
    QTest::newRow("F with all flagged unflags") << QList<bool>{true, true} << -1 << false << 2;
    QTest::newRow("F with none flagged flags") << QList<bool>{false, false} << -1 << true << 2;
    QTest::newRow("flag leaves the flagged out") << QList<bool>{true, false} << 1 << true << 1;
    QTest::newRow("unflag of unflagged changes nothing") << QList<bool>{false} << 0 << false << 0;
    QTest::newRow("empty selection") << QList<bool>{} << -1 << false << 0;
}

void TestBulkFlagger::shouldPrepareASelection()
{
    QFETCH(QList<bool>, states);
    QFETCH(int, target);
    QFETCH(bool, expectedFlagged);
    QFETCH(int, expectedChanges);

    QList<Seller> selected;
    for (int i = 0; i < states.size(); ++i) {
        Seller s = m_sellers.at(i);
        s.flagged = states.at(i);
        selected << s;
    }
    const PreparedFlag p = BulkFlagger::prepareSelection(
        selected, target < 0 ? std::nullopt : std::optional<bool>(target == 1));
    QCOMPARE(p.flagged, expectedFlagged);
    QCOMPARE(p.allMatching, false);
    QCOMPARE(p.scopeCount, qint64(states.size()));
    QCOMPARE(p.ids.size(), expectedChanges);
    QCOMPARE(p.firstNames.size(), expectedChanges);
    for (int i = 0, n = 0; i < selected.size(); ++i) {
        if (selected.at(i).flagged != expectedFlagged)
            QCOMPARE(p.ids.at(n++), selected.at(i).id);
    }
}

void TestBulkFlagger::shouldResolveAllMatchingWithoutLoadingPages_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("target"); // -1: the F key decides
    QTest::addColumn<bool>("expectedFlagged");

    QTest::newRow("F on all: some unflagged, so flag")
        << QString() << int(State::All) << -1 << true;
    QTest::newRow("F on acme flagged: unflag")
        << QStringLiteral("acme") << int(State::Flagged) << -1 << false;
    QTest::newRow("F on unflagged: flag") << QString() << int(State::Unflagged) << -1 << true;
    QTest::newRow("unflag all acme") << QStringLiteral("ACME") << int(State::All) << 0 << false;
    QTest::newRow("flag the flagged: nothing") << QString() << int(State::Flagged) << 1 << true;
    QTest::newRow("search matching nothing")
        << QStringLiteral("zzz") << int(State::All) << 1 << true;
}

void TestBulkFlagger::shouldResolveAllMatchingWithoutLoadingPages()
{
    QFETCH(QString, search);
    QFETCH(int, state);
    QFETCH(int, target);
    QFETCH(bool, expectedFlagged);

    SellerFilter filter;
    filter.search = search;
    filter.state = State(state);
    const auto p = prepareAll(filter, target < 0 ? std::nullopt : std::optional<bool>(target == 1));
    QVERIFY(p);
    QCOMPARE(p->flagged, expectedFlagged);
    QVERIFY(p->allMatching);
    QCOMPARE(p->filter, filter);
    QCOMPARE(p->selectedCount, qint64(1234)); // as the caller counted it

    // The ids that change: in the filter and not yet in the target state,
    // newest first like the first names.
    QList<Seller> changing;
    qint64 inScope = 0;
    for (const Seller &s : std::as_const(m_sellers)) {
        const bool inFilter =
            (search.isEmpty() || s.displayName.contains(search, Qt::CaseInsensitive)) &&
            (filter.state == State::All || s.flagged == (filter.state == State::Flagged));
        inScope += inFilter;
        if (inFilter && s.flagged != expectedFlagged)
            changing.prepend(s); // created in order, listed newest first
    }
    // The scope is counted again, not taken from the caller.
    QCOMPARE(p->scopeCount, inScope);
    QCOMPARE(p->unchanged(), inScope - changing.size());
    QStringList ids;
    QStringList names;
    for (const Seller &s : std::as_const(changing)) {
        ids << s.id;
        if (names.size() < BulkFlagger::NamesShown)
            names << s.displayName;
    }
    QStringList got = p->ids;
    std::sort(got.begin(), got.end());
    std::sort(ids.begin(), ids.end());
    QCOMPARE(got, ids);
    QCOMPARE(p->firstNames, names);
}

void TestBulkFlagger::shouldWriteExactlyThePreparedIdsAndUndoThem()
{
    BulkFlagger flagger;
    flagger.setSource(m_access.source);
    QSignalSpy undoChanged(&flagger, &BulkFlagger::undoChanged);
    const QSet<QString> before = flaggedIds();
    const int rowsBefore = flagRows();

    SellerFilter acme;
    acme.search = QStringLiteral("acme");
    const auto p = prepareAll(acme, true);
    QVERIFY(p);
    QCOMPARE(p->ids.size(), 10); // 20 acme, 10 of them flagged already
    FlagResult result;
    QVERIFY(commitAndWait(
        flagger, [&] { flagger.commit(*p, QStringLiteral("fraud ring")); }, &result));
    QCOMPARE(result.changed, 10);
    QCOMPARE(QSet<QString>(result.changedIds.cbegin(), result.changedIds.cend()),
             QSet<QString>(p->ids.cbegin(), p->ids.cend()));
    QSet<QString> expected = before;
    for (const QString &id : p->ids)
        expected.insert(id);
    QCOMPARE(flaggedIds(), expected);
    QCOMPARE(flagRows(), rowsBefore + 1);
    QVERIFY(flagger.canUndo());
    QVERIFY(!undoChanged.isEmpty());
    QCOMPARE(flagger.undoText(), QStringLiteral("Undo flagging 10 sellers"));

    // Undo: each of them back to unflagged, in a new row; the ten flagged
    // before stay flagged.
    QVERIFY(commitAndWait(
        flagger, [&] { flagger.undo(); }, &result));
    QCOMPARE(result.changed, 10);
    QCOMPARE(flaggedIds(), before);
    QCOMPARE(flagRows(), rowsBefore + 2);
    QVERIFY(!flagger.canUndo()); // an undo is not undone
}

void TestBulkFlagger::shouldWriteNothingWhenNothingChanges()
{
    BulkFlagger flagger;
    flagger.setSource(m_access.source);
    const int rowsBefore = flagRows();
    QList<Seller> flagged;
    for (const Seller &s : std::as_const(m_sellers)) {
        if (s.flagged)
            flagged << s;
    }
    const PreparedFlag p = BulkFlagger::prepareSelection(flagged, true);
    QVERIFY(p.ids.isEmpty());
    FlagResult result;
    QVERIFY(commitAndWait(
        flagger, [&] { flagger.commit(p); }, &result));
    QCOMPARE(result.changed, 0);
    QVERIFY(result.auditEntryId.isEmpty());
    QCOMPARE(flagRows(), rowsBefore);
    QVERIFY(!flagger.canUndo());
}

void TestBulkFlagger::shouldKeepTheUndoWhenAWriteFails()
{
    FakeSource fake;
    BulkFlagger flagger;
    flagger.setSource(&fake);
    QSignalSpy failed(&flagger, &BulkFlagger::failed);
    QSignalSpy finished(&flagger, &BulkFlagger::finished);

    const PreparedFlag p = BulkFlagger::prepareSelection(m_sellers.mid(0, 3), true);
    flagger.commit(p);
    QCOMPARE(fake.flags.size(), 1);
    QCOMPARE(fake.flags.constLast().request.sellerIds, p.ids);
    FlagResult done;
    done.requested = done.changed = int(p.ids.size());
    done.changedIds = p.ids;
    done.auditEntryId = TestDatabase::uuid(1);
    fake.replyFlag(fake.flags.constLast().id, done);
    QCOMPARE(finished.size(), 1);
    QVERIFY(flagger.canUndo());

    // The undo fails: the user is told, and can undo again.
    flagger.undo();
    QCOMPARE(fake.flags.constLast().request.flagged, false);
    QCOMPARE(fake.flags.constLast().request.sellerIds, p.ids);
    QVERIFY(fake.flags.constLast().request.reason.contains(done.auditEntryId));
    fake.fail(fake.flags.constLast().id,
              {SourceError::Kind::Unreachable, QStringLiteral("connection refused")});
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.constFirst().at(0).value<SourceError>().kind, SourceError::Kind::Unreachable);
    QCOMPARE(failed.constFirst().at(1).toBool(), true); // a write was sent
    QVERIFY(!flagger.isBusy());
    QVERIFY(flagger.canUndo());
    QCOMPARE(finished.size(), 1);

    // Retry sends that undo again, and it succeeds.
    QVERIFY(flagger.canRetry());
    flagger.retry();
    QCOMPARE(fake.flags.size(), 3);
    QCOMPARE(fake.flags.constLast().request.flagged, false);
    QCOMPARE(fake.flags.constLast().request.sellerIds, p.ids);
    QVERIFY(!flagger.canRetry());
    fake.replyFlag(fake.flags.constLast().id, done);
    QCOMPARE(finished.size(), 2);
    QCOMPARE(finished.constLast().at(2).toBool(), true); // it was the undo
    QVERIFY(!flagger.canUndo());
}

// A new action that fails may have changed some of its sellers: the undo of
// the action before it could now undo part of this one, so it goes, and the
// failed action can be retried.
void TestBulkFlagger::shouldForgetTheOlderUndoWhenANewWriteFails()
{
    FakeSource fake;
    BulkFlagger flagger;
    flagger.setSource(&fake);
    QSignalSpy failed(&flagger, &BulkFlagger::failed);
    const PreparedFlag first = BulkFlagger::prepareSelection(m_sellers.mid(0, 3), true);
    flagger.commit(first);
    FlagResult done;
    done.requested = done.changed = int(first.ids.size());
    done.changedIds = first.ids;
    fake.replyFlag(fake.flags.constLast().id, done);
    QVERIFY(flagger.canUndo());

    const PreparedFlag second = BulkFlagger::prepareSelection(m_sellers.mid(10, 4), true);
    flagger.commit(second, QStringLiteral("why"));
    fake.fail(fake.flags.constLast().id, {SourceError::Kind::Failed, QStringLiteral("HTTP 500")});
    QCOMPARE(failed.size(), 1);
    QVERIFY(!flagger.canUndo());
    QVERIFY(flagger.canRetry());
    flagger.retry();
    QCOMPARE(fake.flags.constLast().request.sellerIds, second.ids);
    QCOMPARE(fake.flags.constLast().request.reason, QStringLiteral("why"));

    // A failure before anything was sent is not a write to retry.
    fake.replyFlag(fake.flags.constLast().id, FlagResult{});
    SellerFilter all;
    flagger.prepareAllMatching(all, 40);
    fake.fail(fake.sellerPages.constLast().id,
              {SourceError::Kind::Timeout, QStringLiteral("slow")});
    QCOMPARE(failed.size(), 2);
    QCOMPARE(failed.constLast().at(1).toBool(), false);
    QVERIFY(!flagger.canRetry());
}

// Replacing the source while a write waits: its answer will never come, so
// the flagger says the outcome is unknown instead of waiting for ever.
void TestBulkFlagger::shouldEndAWriteCutOffBySwitchingSources()
{
    FakeSource fake;
    BulkFlagger flagger;
    flagger.setSource(&fake);
    QSignalSpy failed(&flagger, &BulkFlagger::failed);
    QSignalSpy busy(&flagger, &BulkFlagger::busyChanged);
    flagger.commit(BulkFlagger::prepareSelection(m_sellers.mid(0, 2), true));
    QVERIFY(flagger.isWriting());
    FakeSource other;
    flagger.setSource(&other);
    QVERIFY(!flagger.isBusy());
    QCOMPARE(busy.size(), 2);
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.constFirst().at(0).value<SourceError>().message.contains(
        QLatin1String("may or may not")));
    QVERIFY(!flagger.canRetry());
    // The new source works.
    flagger.commit(BulkFlagger::prepareSelection(m_sellers.mid(2, 2), true));
    QCOMPARE(other.flags.size(), 1);
    // Without a write in flight, switching says nothing.
    other.replyFlag(other.flags.constLast().id, FlagResult{});
    flagger.setSource(&fake);
    QCOMPARE(failed.size(), 1);
}

void TestBulkFlagger::shouldStayBusyUntilTheWriteIsAnswered()
{
    FakeSource fake;
    BulkFlagger flagger;
    flagger.setSource(&fake);
    QSignalSpy busy(&flagger, &BulkFlagger::busyChanged);
    flagger.commit(BulkFlagger::prepareSelection(m_sellers.mid(0, 2), true));
    QVERIFY(flagger.isBusy());
    QVERIFY(!flagger.canUndo());
    // A second action while one runs is refused, and cancel leaves the
    // write alone: its outcome must still be known.
    flagger.commit(BulkFlagger::prepareSelection(m_sellers.mid(2, 2), true));
    flagger.cancel();
    QCOMPARE(fake.flags.size(), 1);
    QVERIFY(fake.cancelled.isEmpty());
    QVERIFY(flagger.isBusy());
    fake.replyFlag(fake.flags.constFirst().id, FlagResult{});
    QVERIFY(!flagger.isBusy());
    QCOMPARE(busy.size(), 2);

    // While all matching is resolving, the two requests run together and a
    // failure of one drops the other.
    SellerFilter filter;
    filter.state = State::Unflagged;
    flagger.prepareAllMatching(filter, 30);
    QCOMPARE(fake.sellerIds.size(), 1);
    QCOMPARE(fake.sellerIds.constFirst().filter.state, State::Unflagged);
    const auto names = fake.sellerPages.constLast();
    QCOMPARE(names.request.pageSize, BulkFlagger::NamesShown);
    fake.fail(fake.sellerIds.constFirst().id, {SourceError::Kind::Timeout, QStringLiteral("slow")});
    QVERIFY(fake.cancelled.contains(names.id));
    QVERIFY(!flagger.isBusy());
}

QTEST_MAIN(TestBulkFlagger)
#include "tst_bulkflagger.moc"
