#include "historyfilter.h"
#include "pagecursor.h"
#include "paging.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

namespace {

// 2025-03-30T00:00:00Z and 2025-03-31T00:00:00Z.
constexpr Timestamp::Micros Day1 = 1743292800000000;
constexpr Timestamp::Micros Day2 = 1743379200000000;

HistoryFilter baseFilter()
{
    HistoryFilter f;
    f.actions = Actions(Action::Add) | Action::Flag;
    f.from = Day1;
    f.to = Day2;
    f.search = QStringLiteral("acme");
    f.order = SortOrder::NewestFirst;
    return f;
}

} // namespace

class TestHistoryFilter : public QObject
{
    Q_OBJECT

private slots:
    // HistoryFilter
    void shouldBeEqualWithTheSameHash();
    void shouldDifferInEveryField_data();
    void shouldDifferInEveryField();
    void shouldIgnoreOrderInCountKey();
    void shouldDropActionsOnly();
    void shouldCheckRange_data();
    void shouldCheckRange();
    void shouldMatchAllActions_data();
    void shouldMatchAllActions();
    void shouldWriteJson();
    // Actions and ActionInfo
    void shouldCombineActionSets();
    void shouldParseActionList_data();
    void shouldParseActionList();
    void shouldRejectUnknownAction_data();
    void shouldRejectUnknownAction();
    void shouldWriteActionList();
    void shouldMapDbValues_data();
    void shouldMapDbValues();
    void shouldRejectOtherDbValues_data();
    void shouldRejectOtherDbValues();
    // PageCursor, PageResult, CountResult
    void shouldEncodeCursor();
    void shouldRoundTripCursor_data();
    void shouldRoundTripCursor();
    void shouldRejectBadCursor_data();
    void shouldRejectBadCursor();
    void shouldGivePageCursors();
    void shouldTotalCounts_data();
    void shouldTotalCounts();
};

void TestHistoryFilter::shouldBeEqualWithTheSameHash()
{
    const HistoryFilter a = baseFilter();
    HistoryFilter b;
    b.search = QStringLiteral("acme");
    b.to = Day2;
    b.from = Day1;
    b.actions = Actions(Action::Flag);
    b.actions |= Action::Add;
    QVERIFY(a == b);
    QCOMPARE(qHash(a), qHash(b));
    QCOMPARE(qHash(a, 42), qHash(b, 42));

    QVERIFY(HistoryFilter() == HistoryFilter());
    QCOMPARE(qHash(HistoryFilter()), qHash(HistoryFilter()));
}

void TestHistoryFilter::shouldDifferInEveryField_data()
{
    QTest::addColumn<HistoryFilter>("other");

    HistoryFilter f = baseFilter();
    f.actions = Action::Add;
    QTest::newRow("one action fewer") << f;
    f = baseFilter();
    f.actions = {};
    QTest::newRow("no actions") << f;
    f = baseFilter();
    f.actions = Actions::all();
    QTest::newRow("all actions") << f;
    f = baseFilter();
    f.from.reset();
    QTest::newRow("no from") << f;
    f = baseFilter();
    f.from = Day1 + 1;
    QTest::newRow("from one micro later") << f;
    f = baseFilter();
    f.to.reset();
    QTest::newRow("no to") << f;
    f = baseFilter();
    f.to = Day2 - 1;
    QTest::newRow("to one micro earlier") << f;
    f = baseFilter();
    f.from = Day2;
    f.to = Day1;
    QTest::newRow("from and to swapped") << f;
    f = baseFilter();
    f.search = QStringLiteral("Acme");
    QTest::newRow("search case") << f;
    f = baseFilter();
    f.search.clear();
    QTest::newRow("no search") << f;
    f = baseFilter();
    f.order = SortOrder::OldestFirst;
    QTest::newRow("order") << f;
}

void TestHistoryFilter::shouldDifferInEveryField()
{
    QFETCH(HistoryFilter, other);
    const HistoryFilter base = baseFilter();
    QVERIFY(!(other == base));
    QVERIFY(other != base);
    // Not required by qHash's contract, but a field left out of the hash
    // would make every filter differing only in it collide.
    QVERIFY(qHash(other) != qHash(base));
}

void TestHistoryFilter::shouldIgnoreOrderInCountKey()
{
    HistoryFilter oldest = baseFilter();
    oldest.order = SortOrder::OldestFirst;
    const HistoryFilter newest = baseFilter();
    QVERIFY(oldest != newest);
    QVERIFY(oldest.countKey() == newest.countKey());
    QCOMPARE(qHash(oldest.countKey()), qHash(newest.countKey()));

    // Everything else still counts.
    QCOMPARE(oldest.countKey().actions, Actions(Action::Add) | Action::Flag);
    QCOMPARE(oldest.countKey().from, std::optional<Timestamp::Micros>(Day1));
    QCOMPARE(oldest.countKey().to, std::optional<Timestamp::Micros>(Day2));
    QCOMPARE(oldest.countKey().search, QStringLiteral("acme"));
    HistoryFilter otherSearch = oldest;
    otherSearch.search = QStringLiteral("other");
    QVERIFY(otherSearch.countKey() != oldest.countKey());
}

void TestHistoryFilter::shouldDropActionsOnly()
{
    HistoryFilter f = baseFilter();
    f.order = SortOrder::OldestFirst;
    const HistoryFilter without = f.withoutActions();
    QVERIFY(without.actions.isEmpty());
    QCOMPARE(without.from, std::optional<Timestamp::Micros>(Day1));
    QCOMPARE(without.to, std::optional<Timestamp::Micros>(Day2));
    QCOMPARE(without.search, QStringLiteral("acme"));
    QCOMPARE(without.order, SortOrder::OldestFirst);
    QCOMPARE(f.actions, Actions(Action::Add) | Action::Flag); // the original is untouched

    HistoryFilter other = f;
    other.actions = Action::Export;
    QVERIFY(other.withoutActions() == without);
}

void TestHistoryFilter::shouldCheckRange_data()
{
    QTest::addColumn<std::optional<Timestamp::Micros>>("from");
    QTest::addColumn<std::optional<Timestamp::Micros>>("to");
    QTest::addColumn<bool>("valid");

    using T = std::optional<Timestamp::Micros>;
    QTest::newRow("open") << T() << T() << true;
    QTest::newRow("from only") << T(Day2) << T() << true;
    QTest::newRow("to only") << T() << T(Day1) << true;
    QTest::newRow("ordered") << T(Day1) << T(Day2) << true;
    QTest::newRow("empty range") << T(Day1) << T(Day1) << true;
    QTest::newRow("reversed by one micro") << T(Day1 + 1) << T(Day1) << false;
    QTest::newRow("reversed") << T(Day2) << T(Day1) << false;
    QTest::newRow("before 1970") << T(-Day1) << T(-1) << true;
}

void TestHistoryFilter::shouldCheckRange()
{
    QFETCH(std::optional<Timestamp::Micros>, from);
    QFETCH(std::optional<Timestamp::Micros>, to);
    QFETCH(bool, valid);
    HistoryFilter f;
    f.from = from;
    f.to = to;
    QCOMPARE(f.hasValidRange(), valid);
}

void TestHistoryFilter::shouldMatchAllActions_data()
{
    QTest::addColumn<unsigned>("bits");
    QTest::addColumn<bool>("all");

    QTest::newRow("none selected") << 0u << true;
    QTest::newRow("every one selected") << 0x1Fu << true;
    QTest::newRow("one") << 0x01u << false;
    QTest::newRow("four of five") << 0x0Fu << false;
    QTest::newRow("flag only") << 0x10u << false;
}

void TestHistoryFilter::shouldMatchAllActions()
{
    QFETCH(unsigned, bits);
    QFETCH(bool, all);
    HistoryFilter f;
    f.actions = Actions::fromBits(bits);
    QCOMPARE(f.matchesAllActions(), all);
}

void TestHistoryFilter::shouldWriteJson()
{
    HistoryFilter f = baseFilter();
    f.actions = Actions(Action::Flag) | Action::Add | Action::Export;
    f.to.reset();
    f.order = SortOrder::OldestFirst;
    const QJsonObject expected{
        {QStringLiteral("actions"),
         QJsonArray{QStringLiteral("add"), QStringLiteral("export"), QStringLiteral("flag")}},
        {QStringLiteral("from"), QStringLiteral("2025-03-30T00:00:00.000000Z")},
        {QStringLiteral("to"), QJsonValue()},
        {QStringLiteral("search"), QStringLiteral("acme")},
        {QStringLiteral("order"), QStringLiteral("oldest")},
    };
    QCOMPARE(f.toJson(), expected);

    const QJsonObject defaults{
        {QStringLiteral("actions"), QJsonArray()},
        {QStringLiteral("from"), QJsonValue()},
        {QStringLiteral("to"), QJsonValue()},
        {QStringLiteral("search"), QString()},
        {QStringLiteral("order"), QStringLiteral("newest")},
    };
    QCOMPARE(HistoryFilter().toJson(), defaults);
}

void TestHistoryFilter::shouldCombineActionSets()
{
    QVERIFY(Actions().isEmpty());
    QCOMPARE(Actions().count(), 0);
    QCOMPARE(Actions::all().bits(), 0x1Fu);
    QCOMPARE(Actions::all().count(), 5);
    QCOMPARE(Actions::fromBits(0xFF), Actions::all()); // bits past the last action are dropped
    QCOMPARE(Actions(Action::Add).bits(), 0x01u);
    QCOMPARE(Actions(Action::Flag).bits(), 0x10u);

    const Actions addFlag = Actions(Action::Add) | Action::Flag;
    QCOMPARE(addFlag.bits(), 0x11u);
    QCOMPARE(addFlag.count(), 2);
    QVERIFY(addFlag.contains(Action::Add));
    QVERIFY(addFlag.contains(Action::Flag));
    QVERIFY(!addFlag.contains(Action::Edit));
    QVERIFY(!addFlag.contains(Action::Remove));
    QVERIFY(!addFlag.contains(Action::Export));

    QCOMPARE(addFlag & Actions(Action::Flag), Actions(Action::Flag));
    QVERIFY((addFlag & Actions(Action::Edit)).isEmpty());
    QCOMPARE(addFlag.without(Action::Add), Actions(Action::Flag));
    QCOMPARE(addFlag.without(Action::Edit), addFlag);
    QCOMPARE(Actions::all().without(Action::Remove).bits(), 0x1Bu);

    Actions grown;
    grown |= Action::Edit;
    grown |= Action::Edit;
    grown |= Action::Remove;
    QCOMPARE(grown.bits(), 0x06u);
    QVERIFY(grown != addFlag);
}

void TestHistoryFilter::shouldParseActionList_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<unsigned>("bits");

    QTest::newRow("db words") << QStringLiteral("add,flag") << 0x11u;
    QTest::newRow("chip words, any case, blanks") << QStringLiteral("Added, FLAGGED") << 0x11u;
    QTest::newRow("edit") << QStringLiteral("edit") << 0x02u;
    QTest::newRow("remove and export") << QStringLiteral("remove,export") << 0x0Cu;
    QTest::newRow("every word form") << QStringLiteral("Removed,exported,Edited,flag,ADD") << 0x1Fu;
    QTest::newRow("empty pieces") << QStringLiteral(" add , , ,edit,,") << 0x03u;
    QTest::newRow("repeated") << QStringLiteral("add,add,Added") << 0x01u;
    QTest::newRow("empty: every action") << QString() << 0x00u;
    QTest::newRow("only commas") << QStringLiteral(",, ,") << 0x00u;
}

void TestHistoryFilter::shouldParseActionList()
{
    QFETCH(QString, text);
    QFETCH(unsigned, bits);
    QString error = QStringLiteral("untouched");
    const std::optional<Actions> parsed = ActionInfo::parseList(text, &error);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->bits(), bits);
    QCOMPARE(error, QStringLiteral("untouched"));
}

void TestHistoryFilter::shouldRejectUnknownAction_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("word");

    QTest::newRow("plural") << QStringLiteral("adds") << QStringLiteral("adds");
    QTest::newRow("after a good one") << QStringLiteral("add,flags") << QStringLiteral("flags");
    QTest::newRow("trimmed, case kept") << QStringLiteral("edit, Adds ") << QStringLiteral("Adds");
    QTest::newRow("all is not a word") << QStringLiteral("all") << QStringLiteral("all");
    QTest::newRow("semicolon") << QStringLiteral("add;flag") << QStringLiteral("add;flag");
}

void TestHistoryFilter::shouldRejectUnknownAction()
{
    QFETCH(QString, text);
    QFETCH(QString, word);
    QString error;
    QVERIFY(!ActionInfo::parseList(text, &error).has_value());
    QCOMPARE(
        error,
        QStringLiteral("Unknown action \"%1\"; use add, edit, remove, export or flag.").arg(word));
    QVERIFY(!ActionInfo::parseList(text, nullptr).has_value());
}

void TestHistoryFilter::shouldWriteActionList()
{
    QCOMPARE(ActionInfo::toList(Actions(Action::Flag) | Action::Add), QStringLiteral("add,flag"));
    QCOMPARE(ActionInfo::toList(Actions::all()), QStringLiteral("add,edit,remove,export,flag"));
    QCOMPARE(ActionInfo::toList(Actions()), QString());
    QCOMPARE(ActionInfo::list(), (QList<Action>{Action::Add, Action::Edit, Action::Remove,
                                                Action::Export, Action::Flag}));
}

void TestHistoryFilter::shouldMapDbValues_data()
{
    QTest::addColumn<int>("action");
    QTest::addColumn<QString>("dbValue");
    QTest::addColumn<QString>("label");

    QTest::newRow("add") << int(Action::Add) << QStringLiteral("add") << QStringLiteral("Added");
    QTest::newRow("edit") << int(Action::Edit) << QStringLiteral("edit")
                          << QStringLiteral("Edited");
    QTest::newRow("remove") << int(Action::Remove) << QStringLiteral("remove")
                            << QStringLiteral("Removed");
    QTest::newRow("export") << int(Action::Export) << QStringLiteral("export")
                            << QStringLiteral("Exported");
    QTest::newRow("flag") << int(Action::Flag) << QStringLiteral("flag")
                          << QStringLiteral("Flagged");
}

void TestHistoryFilter::shouldMapDbValues()
{
    QFETCH(int, action);
    QFETCH(QString, dbValue);
    QFETCH(QString, label);
    const auto a = Action(action);
    QCOMPARE(ActionInfo::dbValue(a), dbValue);
    QCOMPARE(ActionInfo::label(a), label);
    QCOMPARE(ActionInfo::fromDbValue(dbValue), std::optional<Action>(a));
    QCOMPARE(ActionInfo::parseList(label, nullptr), std::optional<Actions>(Actions(a)));
}

void TestHistoryFilter::shouldRejectOtherDbValues_data()
{
    QTest::addColumn<QString>("value");

    QTest::newRow("empty") << QString();
    QTest::newRow("upper case") << QStringLiteral("Add");
    QTest::newRow("chip word") << QStringLiteral("added");
    QTest::newRow("blank") << QStringLiteral(" add");
    QTest::newRow("unknown") << QStringLiteral("delete");
}

void TestHistoryFilter::shouldRejectOtherDbValues()
{
    QFETCH(QString, value);
    QCOMPARE(ActionInfo::fromDbValue(value), std::optional<Action>());
}

void TestHistoryFilter::shouldEncodeCursor()
{
    // base64url("1743296523500000:0195f0e2-7c1a-7def-8123-456789abcdef"), no padding,
    // computed with Python's base64 module.
    const PageCursor c{1743296523500000, QStringLiteral("0195f0e2-7c1a-7def-8123-456789abcdef")};
    QCOMPARE(c.encode(),
             QStringLiteral(
                 "c1.MTc0MzI5NjUyMzUwMDAwMDowMTk1ZjBlMi03YzFhLTdkZWYtODEyMy00NTY3ODlhYmNkZWY"));
}

void TestHistoryFilter::shouldRoundTripCursor_data()
{
    QTest::addColumn<Timestamp::Micros>("createdAt");
    QTest::addColumn<QString>("id");

    QTest::newRow("recent") << Timestamp::Micros(1743296523500000)
                            << QStringLiteral("0195f0e2-7c1a-7def-8123-456789abcdef");
    QTest::newRow("epoch") << Timestamp::Micros(0)
                           << QStringLiteral("00000000-0000-4000-8000-000000000001");
    QTest::newRow("before 1970") << Timestamp::Micros(-14182940000001)
                                 << QStringLiteral("ffffffff-ffff-4fff-bfff-ffffffffffff");
    QTest::newRow("year 9999") << Timestamp::Micros(253402300799999999)
                               << QStringLiteral("a0000000-0000-0000-0000-000000000001");
}

void TestHistoryFilter::shouldRoundTripCursor()
{
    QFETCH(Timestamp::Micros, createdAt);
    QFETCH(QString, id);
    const PageCursor c{createdAt, id};
    const QString token = c.encode();
    QVERIFY2(token.startsWith(QLatin1String("c1.")), qPrintable(token));
    QVERIFY2(!token.contains(u'=') && !token.contains(u'+') && !token.contains(u'/'),
             qPrintable(token));
    const std::optional<PageCursor> back = PageCursor::decode(token);
    QVERIFY(back.has_value());
    QCOMPARE(back->createdAt, createdAt);
    QCOMPARE(back->id, id);
    QVERIFY(*back == c);
}

void TestHistoryFilter::shouldRejectBadCursor_data()
{
    QTest::addColumn<QString>("token");

    // Payloads are base64url of the text in the row name (computed with Python).
    QTest::newRow("empty") << QString();
    QTest::newRow("prefix only") << QStringLiteral("c1.");
    QTest::newRow("no prefix") << QStringLiteral(
        "MTc0MzI5NjUyMzUwMDAwMDowMTk1ZjBlMi03YzFhLTdkZWYtODEyMy00NTY3ODlhYmNkZWY");
    QTest::newRow("other version") << QStringLiteral(
        "c2.MTc0MzI5NjUyMzUwMDAwMDowMTk1ZjBlMi03YzFhLTdkZWYtODEyMy00NTY3ODlhYmNkZWY");
    QTest::newRow("upper-case prefix") << QStringLiteral(
        "C1.MTc0MzI5NjUyMzUwMDAwMDowMTk1ZjBlMi03YzFhLTdkZWYtODEyMy00NTY3ODlhYmNkZWY");
    QTest::newRow("bad base64") << QStringLiteral("c1.!!!!");
    QTest::newRow("standard base64 alphabet") << QStringLiteral("c1.ab+/");
    QTest::newRow("1743296523500000:not-a-uuid")
        << QStringLiteral("c1.MTc0MzI5NjUyMzUwMDAwMDpub3QtYS11dWlk");
    QTest::newRow("1743296523500000:<UPPER-CASE UUID>") << QStringLiteral(
        "c1.MTc0MzI5NjUyMzUwMDAwMDowMTk1RjBFMi03QzFBLTdERUYtODEyMy00NTY3ODlBQkNERUY");
    QTest::newRow("1743296523500000:{braced uuid}") << QStringLiteral(
        "c1.MTc0MzI5NjUyMzUwMDAwMDp7MDE5NWYwZTItN2MxYS03ZGVmLTgxMjMtNDU2Nzg5YWJjZGVmfQ");
    QTest::newRow("1743296523500000:<uuid without dashes>")
        << QStringLiteral("c1.MTc0MzI5NjUyMzUwMDAwMDowMTk1ZjBlMjdjMWE3ZGVmODEyMzQ1Njc4OWFiY2RlZg");
    QTest::newRow("1743296523500000:<uuid><space>") << QStringLiteral(
        "c1.MTc0MzI5NjUyMzUwMDAwMDowMTk1ZjBlMi03YzFhLTdkZWYtODEyMy00NTY3ODlhYmNkZWYg");
    QTest::newRow("1743296523500000: (no id)") << QStringLiteral("c1.MTc0MzI5NjUyMzUwMDAwMDo");
    QTest::newRow("12x:<uuid>") << QStringLiteral(
        "c1.MTJ4OjAxOTVmMGUyLTdjMWEtN2RlZi04MTIzLTQ1Njc4OWFiY2RlZg");
    QTest::newRow(":<uuid> (no time)")
        << QStringLiteral("c1.OjAxOTVmMGUyLTdjMWEtN2RlZi04MTIzLTQ1Njc4OWFiY2RlZg");
    QTest::newRow("<uuid> (no colon)")
        << QStringLiteral("c1.MDE5NWYwZTItN2MxYS03ZGVmLTgxMjMtNDU2Nzg5YWJjZGVm");
}

void TestHistoryFilter::shouldRejectBadCursor()
{
    QFETCH(QString, token);
    QVERIFY(!PageCursor::decode(token).has_value());
}

void TestHistoryFilter::shouldGivePageCursors()
{
    PageResult empty;
    QVERIFY(empty.firstCursor() == PageCursor());
    QVERIFY(empty.lastCursor() == PageCursor());

    PageResult page;
    AuditEntry a;
    a.id = QStringLiteral("00000000-0000-4000-8000-000000000002");
    a.createdAt = Day2;
    AuditEntry b;
    b.id = QStringLiteral("00000000-0000-4000-8000-000000000001");
    b.createdAt = Day1;
    page.entries = {a, b};
    QVERIFY(page.firstCursor() == (PageCursor{Day2, a.id}));
    QVERIFY(page.lastCursor() == (PageCursor{Day1, b.id}));
}

void TestHistoryFilter::shouldTotalCounts_data()
{
    QTest::addColumn<unsigned>("bits");
    QTest::addColumn<qint64>("total");

    // perAction: add 1, edit 20, remove 300, export 4000, flag 50000
    QTest::newRow("none selected: all") << 0x00u << qint64(54321);
    QTest::newRow("all selected") << 0x1Fu << qint64(54321);
    QTest::newRow("add") << 0x01u << qint64(1);
    QTest::newRow("flag") << 0x10u << qint64(50000);
    QTest::newRow("add and flag") << 0x11u << qint64(50001);
    QTest::newRow("edit, remove, export") << 0x0Eu << qint64(4320);
}

void TestHistoryFilter::shouldTotalCounts()
{
    QFETCH(unsigned, bits);
    QFETCH(qint64, total);
    CountResult c;
    c.perAction = {1, 20, 300, 4000, 50000};
    QCOMPARE(c.totalFor(Actions::fromBits(bits)), total);

    const CountResult zero;
    QCOMPARE(zero.totalFor(Actions::fromBits(bits)), qint64(0));
}

QTEST_GUILESS_MAIN(TestHistoryFilter)
#include "tst_historyfilter.moc"
