// Sellers and bulk flagging on every source (SQLite, Postgres, REST over the
// contract server): pages and totals of a filter, every id it matches, a
// flag that writes only real changes in exactly one upstream-shaped audit
// row, nothing written when nothing changes, undo, and on direct sources one
// transaction that an injected failure of the audit insert rolls back whole.
// A filter can narrow to a fixed set of ids or exact names (an audit entry's
// sellers), of any size.
#include "entrydetails.h"
#include "historyaccess.h"
#include "sourcewait.h"
#include "upstreamjson.h"

#include <QJsonArray>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z
const QString Main = QString::fromLatin1(TestDatabase::MainOrg);
const QString Other = QString::fromLatin1(TestDatabase::OtherOrg);
const QString Actor = TestDatabase::uuid(4242);

QString nameFor(int i)
{
    static const QStringList names{
        QStringLiteral("Acme Trading"),      QStringLiteral("Zürich Händler"),
        QStringLiteral("=HYPERLINK(\"x\")"), QStringLiteral("O'Brien, \"Best\""),
        QStringLiteral("acme outlet"),       QStringLiteral("Line\nBreak")};
    return names.at(i % names.size()) + QStringLiteral(" %1").arg(i);
}

SellerFilter withState(SellerFilter::State state)
{
    SellerFilter f;
    f.state = state;
    return f;
}

SellerFilter only(SellerSet::Key key, const QStringList &values)
{
    SellerFilter f;
    f.only = SellerSet{key, values};
    return f;
}

} // namespace

class TestSellers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void shouldListSellersNewestFirstWithTotals_data();
    void shouldListSellersNewestFirstWithTotals();
    void shouldResolveAllMatchingToIds_data();
    void shouldResolveAllMatchingToIds();
    void shouldFlagOnlyChangesInOneUpstreamShapedRow();
    void shouldWriteNothingWhenNothingChanges();
    void shouldUndoByFlaggingBack();
    void shouldRollBackEverythingWhenTheAuditInsertFails();
    void shouldFlagAThousandInARowTheApiStillLists();
    void shouldFindTenThousandNamesInOneRequest();
    void shouldExportOnlyTheSet();

private:
    bool rest() const { return HistoryAccess::kindFromEnvironment() == HistoryAccess::Kind::Rest; }
    QList<Seller> reference(const SellerFilter &filter) const;
    QSet<QString> flaggedIds();
    int auditRows();
    std::optional<FlagResult> flag(const QStringList &ids, bool flagged, const QString &reason,
                                   SourceError *error);

    std::unique_ptr<TestDatabase> m_db;
    TestSource m_access;
    HistorySource *m_source = nullptr;
    QList<Seller> m_sellers; // the main org's, as inserted
};

void TestSellers::initTestCase()
{
    SH_REQUIRE_HISTORY_ACCESS();
    m_db = TestDatabase::create(HistoryAccess::backendFromEnvironment());
    QVERIFY(m_db);
    QVERIFY(m_db->addProfile(Actor, QStringLiteral("actor@example.com"), QStringLiteral("Actor")));
    for (int i = 0; i < 180; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(quint64(5000 + (i * 7919) % 3000));
        s.displayName = nameFor(i);
        s.flagged = i % 4 == 0;
        s.timesSeen = 1 + i % 9;
        s.feedbackScore = i % 5 ? std::optional<int>(i * 3) : std::nullopt;
        // Every tenth seller shares its neighbour's time: ties broken by id.
        s.createdAt =
            Base + (i - i % 10 == i ? i : i - (i % 10 == 1 ? 1 : 0)) * Timestamp::MicrosPerHour;
        const bool other = i >= 150;
        QVERIFY(m_db->addSeller(s, other ? Other : Main));
        if (!other)
            m_sellers << s;
    }
    m_access = TestSource::open(*m_db, Main, Actor);
    QVERIFY(m_access.isValid());
    m_source = m_access.source;
}

void TestSellers::cleanupTestCase()
{
    m_access = {};
    m_db.reset();
}

QList<Seller> TestSellers::reference(const SellerFilter &f) const
{
    QList<Seller> out;
    for (const Seller &s : m_sellers) {
        if ((f.state == SellerFilter::State::Flagged && !s.flagged) ||
            (f.state == SellerFilter::State::Unflagged && s.flagged))
            continue;
        if (!f.search.isEmpty() && !s.displayName.contains(f.search, Qt::CaseInsensitive))
            continue;
        if (f.only) {
            const bool byId = f.only->key == SellerSet::Key::Id;
            const bool listed = byId ? f.only->values.contains(s.id, Qt::CaseInsensitive)
                                     : f.only->values.contains(s.displayName, Qt::CaseSensitive);
            if (!listed)
                continue;
        }
        out << s;
    }
    std::sort(out.begin(), out.end(), [](const Seller &a, const Seller &b) {
        return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
    });
    return out;
}

QSet<QString> TestSellers::flaggedIds()
{
    QSqlQuery q(m_db->db());
    q.exec(m_db->backend() == TestDatabase::Backend::Postgres
               ? QStringLiteral("SELECT id::text FROM sellers WHERE flagged AND org_id = '%1'")
                     .arg(Main)
               : QStringLiteral("SELECT id FROM sellers WHERE flagged = 1 AND org_id = '%1'")
                     .arg(Main));
    QSet<QString> ids;
    while (q.next())
        ids.insert(q.value(0).toString());
    return ids;
}

int TestSellers::auditRows()
{
    QSqlQuery q(m_db->db());
    q.exec(QStringLiteral("SELECT COUNT(*) FROM seller_audit_log WHERE action = 'flag'"));
    q.next();
    return q.value(0).toInt();
}

std::optional<FlagResult> TestSellers::flag(const QStringList &ids, bool flagged,
                                            const QString &reason, SourceError *error)
{
    FlagRequest request;
    request.sellerIds = ids;
    request.flagged = flagged;
    request.reason = reason;
    return awaitAnswer<FlagResult>(*m_source, m_source->requestFlag(request),
                                   &HistorySource::flagDone, error);
}

void TestSellers::shouldListSellersNewestFirstWithTotals_data()
{
    QTest::addColumn<SellerFilter>("filter");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<int>("offset");
    SellerFilter all;
    SellerFilter flagged;
    flagged.state = SellerFilter::State::Flagged;
    SellerFilter unflagged;
    unflagged.state = SellerFilter::State::Unflagged;
    SellerFilter acme;
    acme.search = QStringLiteral("ACME");
    SellerFilter umlaut;
    umlaut.search = QStringLiteral("zürich h");
    SellerFilter quote;
    quote.search = QStringLiteral("\"best\"");
    QTest::newRow("all, first page") << all << 25 << 0;
    QTest::newRow("all, last partial page") << all << 40 << 120;
    QTest::newRow("flagged") << flagged << 100 << 0;
    QTest::newRow("unflagged, second page") << unflagged << 30 << 30;
    QTest::newRow("search ignores case") << acme << 100 << 0;
    QTest::newRow("search non-ASCII") << umlaut << 100 << 0;
    QTest::newRow("search quotes") << quote << 100 << 0;

    // An entry's sellers: by id (any case; another org's and a malformed one
    // match nothing and fail nothing) and by exact name (hostile ones; case
    // matters; another org's does not match).
    const QStringList ids{TestDatabase::uuid(5000 + (3 * 7919) % 3000),
                          TestDatabase::uuid(5000 + (17 * 7919) % 3000).toUpper(),
                          TestDatabase::uuid(5000 + (160 * 7919) % 3000),
                          QStringLiteral("not-a-uuid")};
    const QStringList names{nameFor(1),
                            nameFor(2),
                            nameFor(3),
                            nameFor(5),
                            nameFor(4),
                            nameFor(40),
                            nameFor(155),
                            QStringLiteral("acme trading 0"),
                            QStringLiteral("gone ") + QChar(0) + QStringLiteral(" away"),
                            QStringLiteral("Gone%_\\")};
    QTest::newRow("only ids") << only(SellerSet::Key::Id, ids) << 100 << 0;
    QTest::newRow("only names") << only(SellerSet::Key::Name, names) << 100 << 0;
    QTest::newRow("only names, second page") << only(SellerSet::Key::Name, names) << 3 << 3;
    SellerFilter namesFlagged = only(SellerSet::Key::Name, names);
    namesFlagged.state = SellerFilter::State::Flagged;
    QTest::newRow("only names, flagged") << namesFlagged << 100 << 0;
    SellerFilter namesSearched = only(SellerSet::Key::Name, names);
    namesSearched.search = QStringLiteral("acme");
    QTest::newRow("only names, searched") << namesSearched << 100 << 0;
    QTest::newRow("only names, none exist")
        << only(SellerSet::Key::Name, {QStringLiteral("Nobody"), QStringLiteral("")}) << 100 << 0;
    QTest::newRow("only an empty set") << only(SellerSet::Key::Name, {}) << 100 << 0;
}

void TestSellers::shouldListSellersNewestFirstWithTotals()
{
    QFETCH(SellerFilter, filter);
    QFETCH(int, pageSize);
    QFETCH(int, offset);
    SellerPageRequest request;
    request.filter = filter;
    request.pageSize = pageSize;
    request.offset = offset;
    SourceError error;
    const auto page = awaitAnswer<SellerPageResult>(*m_source, m_source->requestSellerPage(request),
                                                    &HistorySource::sellerPageReady, &error);
    QVERIFY2(page, qPrintable(error.message));
    const QList<Seller> all = reference(filter);
    QCOMPARE(page->total, all.size());
    QCOMPARE(page->offset, offset);
    QStringList got, want;
    for (const Seller &s : page->sellers)
        got << s.id;
    for (const Seller &s : all.mid(offset, pageSize))
        want << s.id;
    QCOMPARE(got, want);
    if (!page->sellers.isEmpty()) {
        const Seller &first = page->sellers.first();
        const Seller &expected = all.at(offset);
        QCOMPARE(first.displayName, expected.displayName);
        QCOMPARE(first.flagged, expected.flagged);
        QCOMPARE(first.timesSeen, expected.timesSeen);
        QCOMPARE(first.createdAt, expected.createdAt);
        QCOMPARE(first.platform, QStringLiteral("ebay"));
    }
}

void TestSellers::shouldResolveAllMatchingToIds_data()
{
    shouldListSellersNewestFirstWithTotals_data();
}

void TestSellers::shouldResolveAllMatchingToIds()
{
    QFETCH(SellerFilter, filter);
    SourceError error;
    const auto ids = awaitAnswer<QStringList>(*m_source, m_source->requestSellerIds(filter),
                                              &HistorySource::sellerIdsReady, &error);
    QVERIFY2(ids, qPrintable(error.message));
    QStringList want;
    for (const Seller &s : reference(filter))
        want << s.id;
    QCOMPARE(*ids, want);
}

void TestSellers::shouldFlagOnlyChangesInOneUpstreamShapedRow()
{
    // Three unflagged, one already flagged, one unknown id, one other org's.
    QStringList ids;
    QStringList toChange;
    for (const Seller &s : std::as_const(m_sellers)) {
        if (!s.flagged && toChange.size() < 3)
            toChange << s.id;
    }
    const QString alreadyFlagged = reference(withState(SellerFilter::State::Flagged)).first().id;
    ids << toChange << alreadyFlagged << TestDatabase::uuid(99999)
        << TestDatabase::uuid(5000 + (155 * 7919) % 3000);
    const QSet<QString> before = flaggedIds();
    const int rowsBefore = auditRows();
    SourceError error;
    const auto result = flag(ids, true, rest() ? QString() : QStringLiteral("fraud ring"), &error);
    QVERIFY2(result, qPrintable(error.message));
    QCOMPARE(result->requested, ids.size());
    QCOMPARE(result->changed, 3);
    QCOMPARE(result->changedIds, toChange);
    if (rest())
        QCOMPARE(result->serverCount, std::optional<int>(3));
    QCOMPARE(flaggedIds(), before + QSet<QString>(toChange.cbegin(), toChange.cend()));
    QCOMPARE(auditRows(), rowsBefore + 1);

    // The row the result names (REST: found in the API's listing), exactly
    // as upstream writes it (and so the API can list it).
    QVERIFY(!result->auditEntryId.isEmpty());
    QStringList names;
    for (const QString &id : toChange) {
        for (const Seller &s : std::as_const(m_sellers)) {
            if (s.id == id)
                names << s.displayName;
        }
    }
    UpstreamJson::Members value{{QStringLiteral("flagged"), true},
                                {QStringLiteral("sellers"), QJsonArray::fromStringList(names)}};
    if (!rest())
        value.append({QStringLiteral("reason"), QStringLiteral("fraud ring")});
    QSqlQuery q(m_db->db());
    const bool pg = m_db->backend() == TestDatabase::Backend::Postgres;
    QVERIFY(q.exec(
        pg ? QStringLiteral(
                 "SELECT seller_name, affected_count, seller_count_snapshot, source, "
                 "user_id::text, seller_id, jsonb_typeof(new_value), new_value #>> '{}', "
                 "old_value FROM seller_audit_log WHERE id = '%1'")
                 .arg(result->auditEntryId)
           : QStringLiteral(
                 "SELECT seller_name, affected_count, seller_count_snapshot, source, user_id, "
                 "seller_id, 'string', new_value, old_value FROM seller_audit_log "
                 "WHERE id = '%1'")
                 .arg(result->auditEntryId)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("Flagged 3 sellers"));
    QCOMPARE(q.value(1).toInt(), 3);
    QCOMPARE(q.value(2).toInt(), int(m_sellers.size()));
    QCOMPARE(q.value(3).toString(), QStringLiteral("manual"));
    QCOMPARE(q.value(4).toString(), rest() ? m_access.rest->actor() : Actor);
    QVERIFY(q.value(5).isNull());
    QCOMPARE(q.value(6).toString(), QStringLiteral("string")); // a JSONB string, never an object
    const QByteArray stored = q.value(7).toByteArray();
    QCOMPARE(stored, pg ? UpstreamJson::pythonDumps(value) : UpstreamJson::encodeColumn(value));
    QVERIFY(q.value(8).isNull());
}

void TestSellers::shouldWriteNothingWhenNothingChanges()
{
    const QStringList already =
        QStringList{reference(withState(SellerFilter::State::Flagged)).first().id};
    const int rowsBefore = auditRows();
    SourceError error;
    const auto result = flag(already, true, QString(), &error);
    QVERIFY2(result, qPrintable(error.message));
    QCOMPARE(result->changed, 0);
    QVERIFY(result->auditEntryId.isEmpty());
    QCOMPARE(auditRows(), rowsBefore);
}

void TestSellers::shouldUndoByFlaggingBack()
{
    QStringList unflagged;
    for (const Seller &s : reference(withState(SellerFilter::State::Unflagged))) {
        if (!flaggedIds().contains(s.id) && unflagged.size() < 5)
            unflagged << s.id;
    }
    const QSet<QString> before = flaggedIds();
    SourceError error;
    const auto done = flag(unflagged, true, QString(), &error);
    QVERIFY2(done, qPrintable(error.message));
    QCOMPARE(done->changed, 5);
    // Undo: each changed seller back to its previous state, as a new row.
    const auto undone = flag(done->changedIds, false, QString(), &error);
    QVERIFY2(undone, qPrintable(error.message));
    QCOMPARE(undone->changed, 5);
    QCOMPARE(flaggedIds(), before);
    QSqlQuery q(m_db->db());
    q.exec(QStringLiteral("SELECT seller_name FROM seller_audit_log WHERE action = 'flag' ORDER BY "
                          "created_at DESC LIMIT 1"));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("Unflagged 5 sellers"));
}

void TestSellers::shouldRollBackEverythingWhenTheAuditInsertFails()
{
    if (rest())
        QSKIP("the upstream API is not atomic; only direct sources promise it");
    const bool pg = m_db->backend() == TestDatabase::Backend::Postgres;
    QVERIFY(
        pg ? m_db->exec(
                 QStringLiteral("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                                "$$ BEGIN RAISE EXCEPTION 'injected failure'; END $$")) &&
                 m_db->exec(
                     QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON seller_audit_log "
                                    "FOR EACH ROW EXECUTE FUNCTION refuse()"))
           : m_db->exec(QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON seller_audit_log "
                                       "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")));
    QStringList ids;
    for (const Seller &s : reference(withState(SellerFilter::State::Unflagged))) {
        if (!flaggedIds().contains(s.id) && ids.size() < 10)
            ids << s.id;
    }
    const QSet<QString> before = flaggedIds();
    const int rowsBefore = auditRows();
    SourceError error;
    const auto result = flag(ids, true, QString(), &error);
    QVERIFY(pg ? m_db->exec(QStringLiteral("DROP TRIGGER refuse ON seller_audit_log"))
               : m_db->exec(QStringLiteral("DROP TRIGGER refuse")));
    QVERIFY(!result);
    QVERIFY2(error.message.contains(QLatin1String("nothing was changed")),
             qPrintable(error.message));
    QVERIFY2(error.message.contains(QLatin1String("injected failure")), qPrintable(error.message));
    QCOMPARE(flaggedIds(), before); // not one seller changed
    QCOMPARE(auditRows(), rowsBefore);
}

void TestSellers::shouldFlagAThousandInARowTheApiStillLists()
{
    // A thousand more sellers, unflagged (removed again however the case
    // ends, so the other cases keep their fixture).
    const auto removeThem = qScopeGuard([this] {
        m_db->exec(QStringLiteral("DELETE FROM sellers WHERE display_name LIKE 'Bulk %'"));
    });
    QVERIFY(m_db->db().transaction());
    QStringList ids;
    for (int i = 0; i < 1000; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(quint64(200000 + i));
        s.displayName = QStringLiteral("Bulk \"%1\"").arg(i);
        s.createdAt = Base - (i + 1) * Timestamp::MicrosPerMinute;
        QVERIFY(m_db->addSeller(s, Main));
        ids << s.id;
    }
    QVERIFY(m_db->db().commit());
    const QSet<QString> before = flaggedIds();
    const int rowsBefore = auditRows();
    SourceError error;
    const auto result = flag(ids, true, QString(), &error);
    QVERIFY2(result, qPrintable(error.message));
    QCOMPARE(result->changed, 1000);
    QCOMPARE(flaggedIds(), before + QSet<QString>(ids.cbegin(), ids.cend())); // exactly those
    QCOMPARE(auditRows(), rowsBefore + 1);
    QVERIFY(!result->auditEntryId.isEmpty());

    // The upstream API lists the row (a JSONB object there would fail its
    // listing), with all thousand names.
    if (m_db->backend() == TestDatabase::Backend::Postgres) {
        std::unique_ptr<HistoryAccess> api;
        HistorySource *rest = m_access.source;
        if (!this->rest()) {
            api = HistoryAccess::open(*m_db, Main, HistoryAccess::Kind::Rest);
            QVERIFY(api);
            rest = api->source();
        }
        PageRequest request;
        request.filter.actions = Action::Flag;
        request.pageSize = 20;
        const auto page = awaitAnswer<PageResult>(*rest, rest->requestPage(request),
                                                  &HistorySource::pageReady, &error);
        QVERIFY2(page, qPrintable(error.message));
        const auto it =
            std::find_if(page->entries.cbegin(), page->entries.cend(),
                         [&](const AuditEntry &e) { return e.id == result->auditEntryId; });
        QVERIFY(it != page->entries.cend());
        const EntryDetails details = EntryDetails::from(*it);
        QCOMPARE(details.flagged, std::optional<bool>(true));
        QCOMPARE(details.sellers.size(), 1000);
        QCOMPARE(details.sellers.first(), QStringLiteral("Bulk \"0\""));
    }
}

// An export of 10,000 sellers, shown from its entry: one request whatever the
// list's size, bound as a single value; only the names that exist match.
void TestSellers::shouldFindTenThousandNamesInOneRequest()
{
    QStringList names;
    names.reserve(10000);
    for (const Seller &s : std::as_const(m_sellers))
        names << s.displayName;
    for (qsizetype i = names.size(); i < 10000; ++i)
        names << QStringLiteral("Removed since \"%1\" ' ; --").arg(i);
    std::reverse(names.begin(), names.end());
    SellerPageRequest request;
    request.filter = only(SellerSet::Key::Name, names);
    request.pageSize = 40;
    SourceError error;
    const auto page = awaitAnswer<SellerPageResult>(*m_source, m_source->requestSellerPage(request),
                                                    &HistorySource::sellerPageReady, &error);
    QVERIFY2(page, qPrintable(error.message));
    QCOMPARE(page->total, m_sellers.size());
    QCOMPARE(page->sellers.size(), 40);
    QCOMPARE(page->sellers.first().id, reference({}).first().id);
    const auto ids = awaitAnswer<QStringList>(*m_source, m_source->requestSellerIds(request.filter),
                                              &HistorySource::sellerIdsReady, &error);
    QVERIFY2(ids, qPrintable(error.message));
    QCOMPARE(ids->size(), m_sellers.size());
}

// "Export" of an entry's sellers shown in the Sellers tab: the file holds
// exactly those that exist (Postgres streams it by COPY, which inlines the
// list as one escaped literal).
void TestSellers::shouldExportOnlyTheSet()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QStringList names{nameFor(2), nameFor(3), QStringLiteral("Renamed since"), nameFor(151)};
    ExportRequest request;
    request.scope = ExportRequest::Scope::Sellers;
    request.sellers = only(SellerSet::Key::Name, names);
    request.path = dir.filePath(QStringLiteral("sellers.csv"));
    request.zoneId = QStringLiteral("UTC");
    SourceError error;
    const auto result = awaitAnswer<ExportResult>(*m_source, m_source->requestExport(request),
                                                  &HistorySource::exportDone, &error);
    QVERIFY2(result, qPrintable(error.message));
    QCOMPARE(result->rows, 2);
    QStringList want;
    for (const Seller &s : reference(request.sellers))
        want << s.id;
    QCOMPARE(result->sellerIds, want);
}

QTEST_GUILESS_MAIN(TestSellers)
#include "tst_sellers.moc"
