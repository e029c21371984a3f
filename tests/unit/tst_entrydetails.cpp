#include "entrydetails.h"
#include "upstreamjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QTest>

Q_DECLARE_METATYPE(EntryDetails::ListKind)

namespace {

enum class Shape
{
    String,
    Object
};

// The column text as Postgres prints it. `json` is the object as the upstream
// service's json.dumps writes it (ASCII only, ", " and ": "); String wraps it
// in a JSONB string scalar as the service stores it, Object stores it as a
// real object as the bulk-delete function does.
QByteArray column(const char *json, Shape shape)
{
    const QByteArray text(json);
    if (shape == Shape::Object)
        return text;
    QByteArray quoted = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return quoted + '"';
}

AuditEntry row(Action action, const QString &sellerName, const QByteArray &oldValue,
               const QByteArray &newValue, int affectedCount = 1)
{
    AuditEntry e;
    e.id = QStringLiteral("00000000-0000-4000-8000-000000000001");
    e.createdAt = 1743296523000000;
    e.action = action;
    e.sellerName = sellerName;
    e.oldValue = oldValue;
    e.newValue = newValue;
    e.source = QStringLiteral("manual");
    e.affectedCount = affectedCount;
    return e;
}

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

const char *shapeName(Shape shape)
{
    return shape == Shape::String ? "string" : "object";
}

} // namespace

class TestEntryDetails : public QObject
{
    Q_OBJECT

private slots:
    void shouldGroupTheDigitsOfALongListsCount();
    void shouldReadEveryUpstreamRowShape_data();
    void shouldReadEveryUpstreamRowShape();
    void shouldWarnAboutWhatItCannotRead_data();
    void shouldWarnAboutWhatItCannotRead();
    void shouldKeepRawText_data();
    void shouldKeepRawText();
    void shouldGiveNamesOrSellerName_data();
    void shouldGiveNamesOrSellerName();
    void shouldGiveTheSellerSet_data();
    void shouldGiveTheSellerSet();
    void shouldGiveTheNamesOfARestBulkRemoveOnceKnown();
};

void TestEntryDetails::shouldReadEveryUpstreamRowShape_data()
{
    QTest::addColumn<AuditEntry>("entry");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<EntryDetails::ListKind>("listKind");
    QTest::addColumn<QStringList>("sellers");
    QTest::addColumn<QString>("listTitle");
    QTest::addColumn<QString>("oldName");
    QTest::addColumn<QString>("newName");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("flagged"); // -1: not set
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QJsonObject>("extras");

    using K = EntryDetails::ListKind;
    const QString none;
    for (Shape s : {Shape::String, Shape::Object}) {
        const auto tag = [s](const char *what) {
            return QByteArray(what) + " (" + shapeName(s) + ")";
        };
        QTest::newRow(tag("add one").constData())
            << row(Action::Add, QStringLiteral("Zürich GmbH"), {},
                   column(R"({"display_name": "Z\u00fcrich GmbH"})", s))
            << QStringLiteral("Added seller \"Zürich GmbH\"") << K::Seller
            << QStringList{QStringLiteral("Zürich GmbH")} << QStringLiteral("Seller") << none
            << none << none << -1 << none << QJsonObject();
        QTest::newRow(tag("add bulk").constData())
            << row(Action::Add, QStringLiteral("alpha (+2 more)"), {},
                   column(R"({"names": ["alpha", "be\"ta", "\ud83d\ude80 gamma"]})", s), 3)
            << QStringLiteral("Added 3 sellers") << K::Added
            << QStringList{QStringLiteral("alpha"), QStringLiteral("be\"ta"),
                           QStringLiteral("🚀 gamma")}
            << QStringLiteral("Added (3)") << none << none << none << -1 << none << QJsonObject();
        QTest::newRow(tag("add bulk of one").constData())
            << row(Action::Add, QStringLiteral("solo (+0 more)"), {},
                   column(R"({"names": ["solo"]})", s), 1)
            << QStringLiteral("Added 1 seller") << K::Added << QStringList{QStringLiteral("solo")}
            << QStringLiteral("Added (1)") << none << none << none << -1 << none << QJsonObject();
        QTest::newRow(tag("edit").constData())
            << row(Action::Edit, QStringLiteral("New Name"),
                   column(R"({"display_name": "Old \\ Name"})", s),
                   column(R"({"display_name": "New Name"})", s))
            << QStringLiteral("Renamed \"Old \\ Name\" to \"New Name\"") << K::Seller
            << QStringList{QStringLiteral("New Name")} << QStringLiteral("Seller")
            << QStringLiteral("Old \\ Name") << QStringLiteral("New Name") << none << -1 << none
            << QJsonObject();
        QTest::newRow(tag("remove one").constData())
            << row(Action::Remove, QStringLiteral("Gone Ltd"),
                   column(R"({"display_name": "Gone Ltd"})", s), {})
            << QStringLiteral("Removed seller \"Gone Ltd\"") << K::Seller
            << QStringList{QStringLiteral("Gone Ltd")} << QStringLiteral("Seller") << none << none
            << none << -1 << none << QJsonObject();
        QTest::newRow(tag("remove bulk").constData())
            << row(Action::Remove, QStringLiteral("Removed 2 sellers"),
                   column(R"({"names": ["a", "Caf\u00e9"]})", s), {}, 2)
            << QStringLiteral("Removed 2 sellers") << K::Removed
            << QStringList{QStringLiteral("a"), QStringLiteral("Café")}
            << QStringLiteral("Removed (2)") << none << none << none << -1 << none << QJsonObject();
        QTest::newRow(tag("export upstream").constData())
            << row(Action::Export, QStringLiteral("Exported 2 sellers as json"), {},
                   column(R"({"format": "json", "sellers": ["a", "b"]})", s), 2)
            << QStringLiteral("Exported 2 sellers as json") << K::Exported
            << QStringList{QStringLiteral("a"), QStringLiteral("b")}
            << QStringLiteral("Exported (2)") << none << none << QStringLiteral("json") << -1
            << none << QJsonObject();
        QTest::newRow(tag("export of one").constData())
            << row(Action::Export, QStringLiteral("Exported 1 sellers as clipboard"), {},
                   column(R"({"format": "clipboard", "sellers": ["a"]})", s), 1)
            << QStringLiteral("Exported 1 seller as clipboard") << K::Exported
            << QStringList{QStringLiteral("a")} << QStringLiteral("Exported (1)") << none << none
            << QStringLiteral("clipboard") << -1 << none << QJsonObject();
        QTest::newRow(tag("export with extras").constData())
            << row(Action::Export, QStringLiteral("Exported 2 sellers as csv"), {},
                   column(R"({"format": "csv", "sellers": ["a", "b"], "scope": "history", )"
                          R"("rows": 5, "filter": {"actions": ["flag"]}, "file_sha256": "ab12"})",
                          s),
                   2)
            << QStringLiteral("Exported 2 sellers as csv") << K::Exported
            << QStringList{QStringLiteral("a"), QStringLiteral("b")}
            << QStringLiteral("Exported (2)") << none << none << QStringLiteral("csv") << -1 << none
            << object(R"({"scope": "history", "rows": 5, "filter": {"actions": ["flag"]},
                          "file_sha256": "ab12"})");
        QTest::newRow(tag("flag true").constData())
            << row(Action::Flag, QStringLiteral("Flagged 3 sellers"), {},
                   column(R"({"flagged": true, "sellers": ["a", "b", "c"]})", s), 3)
            << QStringLiteral("Flagged 3 sellers") << K::Flagged
            << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}
            << QStringLiteral("Flagged (3)") << none << none << none << 1 << none << QJsonObject();
        QTest::newRow(tag("flag one").constData())
            << row(Action::Flag, QStringLiteral("Flagged 1 sellers"), {},
                   column(R"({"flagged": true, "sellers": ["a"]})", s), 1)
            << QStringLiteral("Flagged 1 seller") << K::Flagged << QStringList{QStringLiteral("a")}
            << QStringLiteral("Flagged (1)") << none << none << none << 1 << none << QJsonObject();
        QTest::newRow(tag("flag false with reason").constData())
            << row(Action::Flag, QStringLiteral("Unflagged 2 sellers"), {},
                   column(
                       R"({"flagged": false, "sellers": ["a", "b"], "reason": "cleared \"ok\""})",
                       s),
                   2)
            << QStringLiteral("Unflagged 2 sellers") << K::Unflagged
            << QStringList{QStringLiteral("a"), QStringLiteral("b")}
            << QStringLiteral("Unflagged (2)") << none << none << none << 0
            << QStringLiteral("cleared \"ok\"") << QJsonObject();
        QTest::newRow(tag("flag of nobody").constData())
            << row(Action::Flag, QStringLiteral("Flagged 0 sellers"), {},
                   column(R"({"flagged": true, "sellers": []})", s), 0)
            << QStringLiteral("Flagged 0 sellers") << K::Flagged << QStringList()
            << QStringLiteral("Flagged (0)") << none << none << none << 1 << none << QJsonObject();
    }
}

void TestEntryDetails::shouldReadEveryUpstreamRowShape()
{
    QFETCH(AuditEntry, entry);
    QFETCH(QString, summary);
    QFETCH(EntryDetails::ListKind, listKind);
    QFETCH(QStringList, sellers);
    QFETCH(QString, listTitle);
    QFETCH(QString, oldName);
    QFETCH(QString, newName);
    QFETCH(QString, format);
    QFETCH(int, flagged);
    QFETCH(QString, reason);
    QFETCH(QJsonObject, extras);

    const EntryDetails d = EntryDetails::from(entry);
    QCOMPARE(d.warnings, QStringList());
    QCOMPARE(d.summary, summary);
    QCOMPARE(d.listKind, listKind);
    QCOMPARE(d.sellers, sellers);
    QCOMPARE(d.listTitle(), listTitle);
    QCOMPARE(d.oldName, oldName);
    QCOMPARE(d.newName, newName);
    QCOMPARE(d.format, format);
    QCOMPARE(d.flagged.has_value(), flagged != -1);
    if (d.flagged)
        QCOMPARE(*d.flagged, flagged == 1);
    QCOMPARE(d.reason, reason);
    QCOMPARE(d.extras, extras);
}

void TestEntryDetails::shouldWarnAboutWhatItCannotRead_data()
{
    QTest::addColumn<AuditEntry>("entry");
    QTest::addColumn<QStringList>("warningStarts"); // each warning starts with one, in order
    QTest::addColumn<QString>("summary");
    QTest::addColumn<EntryDetails::ListKind>("listKind");
    QTest::addColumn<QStringList>("sellers");

    using K = EntryDetails::ListKind;
    const QString notJsonInString =
        QStringLiteral("new_value: the value is a string that does not hold valid JSON (");
    QTest::newRow("invalid JSON inside the string")
        << row(Action::Export, QStringLiteral("Exported 2 sellers as csv"), {},
               QByteArray(R"("{\"format\": \"csv\", \"sellers\": [\"a\"")"), 2)
        << QStringList{notJsonInString} << QStringLiteral("Exported 2 sellers") << K::Exported
        << QStringList();
    QTest::newRow("a string holding a name")
        << row(Action::Remove, QStringLiteral("Gone Ltd"), QByteArray(R"("Gone Ltd")"), {})
        << QStringList{QStringLiteral(
               "old_value: the value is a string that does not hold valid JSON (")}
        << QStringLiteral("Removed seller \"Gone Ltd\"") << K::Seller
        << QStringList{QStringLiteral("Gone Ltd")};
    QTest::newRow("column not JSON")
        << row(Action::Add, QStringLiteral("Acme"), {}, QByteArray("{broken"))
        << QStringList{QStringLiteral("new_value: the column does not hold valid JSON (")}
        << QStringLiteral("Added seller \"Acme\"") << K::Seller
        << QStringList{QStringLiteral("Acme")};
    QTest::newRow("old_value not JSON")
        << row(Action::Remove, QStringLiteral("Gone"), QByteArray("[1,"), {})
        << QStringList{QStringLiteral("old_value: the column does not hold valid JSON (")}
        << QStringLiteral("Removed seller \"Gone\"") << K::Seller
        << QStringList{QStringLiteral("Gone")};
    QTest::newRow("not an object")
        << row(Action::Export, QStringLiteral("Exported 1 sellers as csv"), {},
               QByteArray(R"("[\"a\"]")"), 1)
        << QStringList{QStringLiteral("new_value: expected a JSON object; shown raw.")}
        << QStringLiteral("Exported 1 seller") << K::Exported << QStringList();
    QTest::newRow("names not a list")
        << row(Action::Add, QStringLiteral("x (+1 more)"), {},
               column(R"({"names": "x"})", Shape::String), 2)
        << QStringList{QStringLiteral("new_value: \"names\" is not a list.")}
        << QStringLiteral("Added seller \"x (+1 more)\"") << K::Seller
        << QStringList{QStringLiteral("x (+1 more)")};
    QTest::newRow("sellers with a number")
        << row(Action::Flag, QStringLiteral("Flagged 2 sellers"), {},
               column(R"({"flagged": true, "sellers": [1, "a"]})", Shape::String), 2)
        << QStringList{QStringLiteral(
               "new_value: \"sellers\" holds entries that are not names; they are left out.")}
        << QStringLiteral("Flagged 1 seller") << K::Flagged << QStringList{QStringLiteral("a")};
    QTest::newRow("removed names with null")
        << row(Action::Remove, QStringLiteral("Removed 2 sellers"),
               column(R"({"names": [null, "b"]})", Shape::Object), {}, 2)
        << QStringList{QStringLiteral(
               "old_value: \"names\" holds entries that are not names; they are left out.")}
        << QStringLiteral("Removed 1 seller") << K::Removed << QStringList{QStringLiteral("b")};
    QTest::newRow("flagged not a bool")
        << row(Action::Flag, QStringLiteral("Flagged 1 sellers"), {},
               column(R"({"flagged": "yes", "sellers": ["a"]})", Shape::String), 1)
        << QStringList{QStringLiteral("new_value: \"flagged\" is missing or not true/false.")}
        << QStringLiteral("Flagged 1 seller") << K::Flagged << QStringList{QStringLiteral("a")};
    QTest::newRow("display_name not text")
        << row(Action::Edit, QStringLiteral("Now"),
               column(R"({"display_name": ["x"]})", Shape::Object),
               column(R"({"display_name": 5})", Shape::String))
        << QStringList{QStringLiteral("old_value: \"display_name\" is not text."),
                       QStringLiteral("new_value: \"display_name\" is not text.")}
        << QStringLiteral("Renamed a seller to \"Now\"") << K::Seller
        << QStringList{QStringLiteral("Now")};
    QTest::newRow("format not text")
        << row(Action::Export, QStringLiteral("Exported 1 sellers as csv"), {},
               column(R"({"format": 1, "sellers": ["a"]})", Shape::String), 1)
        << QStringList{QStringLiteral("new_value: \"format\" is not text.")}
        << QStringLiteral("Exported 1 seller") << K::Exported << QStringList{QStringLiteral("a")};
}

void TestEntryDetails::shouldWarnAboutWhatItCannotRead()
{
    QFETCH(AuditEntry, entry);
    QFETCH(QStringList, warningStarts);
    QFETCH(QString, summary);
    QFETCH(EntryDetails::ListKind, listKind);
    QFETCH(QStringList, sellers);

    const EntryDetails d = EntryDetails::from(entry);
    QCOMPARE(d.warnings.size(), warningStarts.size());
    for (qsizetype i = 0; i < warningStarts.size(); ++i) {
        QVERIFY2(d.warnings.at(i).startsWith(warningStarts.at(i)), qPrintable(d.warnings.at(i)));
        QVERIFY2(d.warnings.at(i).endsWith(u'.'), qPrintable(d.warnings.at(i)));
    }
    QCOMPARE(d.summary, summary);
    QCOMPARE(d.listKind, listKind);
    QCOMPARE(d.sellers, sellers);
}

void TestEntryDetails::shouldKeepRawText_data()
{
    QTest::addColumn<AuditEntry>("entry");
    QTest::addColumn<QString>("oldRaw");
    QTest::addColumn<QString>("newRaw");

    QTest::newRow("string shape") << row(Action::Add, QStringLiteral("Zürich"), {},
                                         column(R"({"display_name": "Z\u00fcrich"})",
                                                Shape::String))
                                  << QString()
                                  << QStringLiteral("(stored as a JSON string holding:)\n"
                                                    "{\n    \"display_name\": \"Zürich\"\n}");
    QTest::newRow("object shape")
        << row(Action::Remove, QStringLiteral("Removed 2 sellers"),
               column(R"({"names": ["a", "b"]})", Shape::Object), {}, 2)
        << QStringLiteral("{\n    \"names\": [\n        \"a\",\n        \"b\"\n    ]\n}")
        << QString();
    QTest::newRow("invalid kept as stored")
        << row(Action::Edit, QStringLiteral("B"), QByteArray("{broken"),
               QByteArray(R"("not json")"))
        << QStringLiteral("{broken") << QStringLiteral("\"not json\"");
}

void TestEntryDetails::shouldKeepRawText()
{
    QFETCH(AuditEntry, entry);
    QFETCH(QString, oldRaw);
    QFETCH(QString, newRaw);

    QCOMPARE(EntryDetails::rawText(entry.oldValue), oldRaw);
    QCOMPARE(EntryDetails::rawText(entry.newValue), newRaw);
}

void TestEntryDetails::shouldGiveNamesOrSellerName_data()
{
    QTest::addColumn<AuditEntry>("entry");
    QTest::addColumn<QStringList>("names");

    QTest::newRow("add one: the seller name")
        << row(Action::Add, QStringLiteral("Acme"), {},
               column(R"({"display_name": "Acme"})", Shape::String))
        << QStringList{QStringLiteral("Acme")};
    QTest::newRow("add one without JSON")
        << row(Action::Add, QStringLiteral("Acme"), {}, {}) << QStringList{QStringLiteral("Acme")};
    QTest::newRow("edit: the new name") << row(Action::Edit, QStringLiteral("New"),
                                               column(R"({"display_name": "Old"})", Shape::String),
                                               column(R"({"display_name": "New"})", Shape::String))
                                        << QStringList{QStringLiteral("New")};
    QTest::newRow("remove one") << row(Action::Remove, QStringLiteral("Gone"),
                                       column(R"({"display_name": "Gone"})", Shape::Object), {})
                                << QStringList{QStringLiteral("Gone")};
    QTest::newRow("add bulk: the names, not the summary")
        << row(Action::Add, QStringLiteral("a (+1 more)"), {},
               column(R"({"names": ["a", "b"]})", Shape::String), 2)
        << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("remove bulk") << row(Action::Remove, QStringLiteral("Removed 2 sellers"),
                                        column(R"({"names": ["a", "b"]})", Shape::Object), {}, 2)
                                 << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("export") << row(Action::Export, QStringLiteral("Exported 1 sellers as csv"), {},
                                   column(R"({"format": "csv", "sellers": ["x"]})", Shape::String))
                            << QStringList{QStringLiteral("x")};
    QTest::newRow("flag") << row(Action::Flag, QStringLiteral("Unflagged 2 sellers"), {},
                                 column(R"({"flagged": false, "sellers": ["x", "y"]})",
                                        Shape::Object),
                                 2)
                          << QStringList{QStringLiteral("x"), QStringLiteral("y")};
    QTest::newRow("flag unreadable: no names, not the summary")
        << row(Action::Flag, QStringLiteral("Flagged 2 sellers"), {}, QByteArray(R"("{")"), 2)
        << QStringList();
}

void TestEntryDetails::shouldGiveNamesOrSellerName()
{
    QFETCH(AuditEntry, entry);
    QFETCH(QStringList, names);
    QCOMPARE(EntryDetails::from(entry).namesOrSellerName(entry), names);
}

void TestEntryDetails::shouldGiveTheSellerSet_data()
{
    QTest::addColumn<AuditEntry>("entry");
    QTest::addColumn<qsizetype>("limit");
    QTest::addColumn<int>("key"); // -1: no set
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<bool>("tooMany");

    const int byId = int(SellerSet::Key::Id);
    const int byName = int(SellerSet::Key::Name);
    AuditEntry withId = row(Action::Add, QStringLiteral("Acme"), {},
                            column(R"({"display_name": "Acme"})", Shape::String));
    withId.sellerId = QStringLiteral("00000000-0000-4000-8000-0000000001f5");
    QTest::newRow("one seller with an id: the id")
        << withId << qsizetype(10) << byId << QStringList{withId.sellerId} << false;
    QTest::newRow("one seller without: the name")
        << row(Action::Edit, QStringLiteral("New"),
               column(R"({"display_name": "Old"})", Shape::String),
               column(R"({"display_name": "New"})", Shape::String))
        << qsizetype(10) << byName << QStringList{QStringLiteral("New")} << false;
    QTest::newRow("a list: each name once, in order, no empty name")
        << row(Action::Flag, QStringLiteral("Flagged 4 sellers"), {},
               column(R"({"flagged": true, "sellers": ["b", "a", "", "b"]})", Shape::Object), 4)
        << qsizetype(10) << byName << QStringList{QStringLiteral("b"), QStringLiteral("a")}
        << false;
    QTest::newRow("duplicates do not count towards the limit")
        << row(Action::Export, QStringLiteral("Exported 4 sellers as csv"), {},
               column(R"({"format": "csv", "sellers": ["a", "b", "a", "b"]})", Shape::String), 4)
        << qsizetype(2) << byName << QStringList{QStringLiteral("a"), QStringLiteral("b")} << false;
    QTest::newRow("over the limit: too many, no set")
        << row(Action::Add, QStringLiteral("a (+2 more)"), {},
               column(R"({"names": ["a", "b", "c"]})", Shape::String), 3)
        << qsizetype(2) << -1 << QStringList() << true;
    QTest::newRow("an export of none")
        << row(Action::Export, QStringLiteral("Exported 0 sellers as csv"), {},
               column(R"({"format": "csv", "sellers": []})", Shape::String), 0)
        << qsizetype(10) << -1 << QStringList() << false;
    QTest::newRow("unreadable flag row: not its summary")
        << row(Action::Flag, QStringLiteral("Flagged 2 sellers"), {}, QByteArray(R"("{")"), 2)
        << qsizetype(10) << -1 << QStringList() << false;
    // The REST API returns no JSON for bulk rows: seller_name is a summary
    // until the source's own lists arrive.
    QTest::newRow("REST bulk remove, names not yet known")
        << row(Action::Remove, QStringLiteral("Removed 2 sellers"), {}, {}, 2) << qsizetype(10)
        << -1 << QStringList() << false;
    QTest::newRow("REST bulk add, names not yet known")
        << row(Action::Add, QStringLiteral("a (+1 more)"), {}, {}, 2) << qsizetype(10) << -1
        << QStringList() << false;
}

void TestEntryDetails::shouldGiveTheSellerSet()
{
    QFETCH(AuditEntry, entry);
    QFETCH(qsizetype, limit);
    QFETCH(int, key);
    QFETCH(QStringList, values);
    QFETCH(bool, tooMany);

    const EntryDetails::SellerLookup lookup = EntryDetails::from(entry).sellerSet(entry, limit);
    QCOMPARE(lookup.tooMany, tooMany);
    QCOMPARE(lookup.sellers.has_value(), key >= 0);
    if (!lookup.sellers)
        return;
    QCOMPARE(int(lookup.sellers->key), key);
    QCOMPARE(lookup.sellers->values, values);
    QCOMPARE(lookup.sellers->entryId, entry.id); // an export of the set names its entry
}

void TestEntryDetails::shouldGiveTheNamesOfARestBulkRemoveOnceKnown()
{
    const AuditEntry e = row(Action::Remove, QStringLiteral("Removed 2 sellers"), {}, {}, 2);
    EntryDetails d = EntryDetails::from(e);
    QVERIFY(!d.sellerSet(e, 10).sellers);
    d.addSourceLists(e, {}, {QStringLiteral("x"), QStringLiteral("y")});
    const auto lookup = d.sellerSet(e, 10);
    QVERIFY(lookup.sellers);
    QCOMPARE(lookup.sellers->key, SellerSet::Key::Name);
    QCOMPARE(lookup.sellers->values, (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
}

// Export rows list every seller of their file: hundreds of thousands.
void TestEntryDetails::shouldGroupTheDigitsOfALongListsCount()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QJsonArray names;
    for (int i = 0; i < 1234; ++i)
        names.append(QStringLiteral("s%1").arg(i));
    const AuditEntry e =
        row(Action::Export, QStringLiteral("Exported 1234 sellers as csv"), {},
            UpstreamJson::encodeColumn({{QStringLiteral("format"), QStringLiteral("csv")},
                                        {QStringLiteral("sellers"), names}}),
            1234);
    QCOMPARE(EntryDetails::from(e).listTitle(), QStringLiteral("Exported (1,234)"));
    QLocale::setDefault(QLocale::c());
}

QTEST_GUILESS_MAIN(TestEntryDetails)
#include "tst_entrydetails.moc"
