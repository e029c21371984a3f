#include "upstreamjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <random>

using UpstreamJson::Decoded;
using UpstreamJson::Members;

Q_DECLARE_METATYPE(Decoded::Shape)

namespace {

// Test data written as JSON text, read with Qt's own parser (not the code
// under test); scalars are allowed.
QJsonValue js(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray("[") + QByteArray(text) + QByteArray("]"), &error);
    Q_ASSERT(error.error == QJsonParseError::NoError);
    return doc.array().first();
}

QString fromUnits(std::initializer_list<char16_t> units)
{
    QString s;
    for (char16_t u : units)
        s += QChar(u);
    return s;
}

} // namespace

// Expected bytes were produced by /usr/bin/python3 (json.dumps) and by a
// PostgreSQL 15 server (::jsonb::text, to_jsonb(text)::text), then pasted here.
class TestUpstreamJson : public QObject
{
    Q_OBJECT

private slots:
    void shouldDumpLikePython_data();
    void shouldDumpLikePython();
    void shouldDumpMembersInGivenOrder_data();
    void shouldDumpMembersInGivenOrder();
    void shouldPrintJsonbStringText_data();
    void shouldPrintJsonbStringText();
    void shouldPrintJsonbTextInJsonbKeyOrder_data();
    void shouldPrintJsonbTextInJsonbKeyOrder();
    void shouldEncodeColumnDoubleEncoded();
    void shouldStreamAListAsEncodeColumnDoes_data();
    void shouldStreamAListAsEncodeColumnDoes();
    void shouldStreamRandomNamesAsEncodeColumnDoes();
    void shouldKeepNamesAsValidUtf8();
    void shouldDecodeColumn_data();
    void shouldDecodeColumn();
    void shouldDecodeValue_data();
    void shouldDecodeValue();
    void shouldRoundTripEncodedColumn();
    void shouldParseScalars_data();
    void shouldParseScalars();
    void shouldReportParseErrors_data();
    void shouldReportParseErrors();
};

void TestUpstreamJson::shouldDumpLikePython_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("ascii object") << js(R"({"display_name": "Acme"})")
                                  << QByteArray(R"({"display_name": "Acme"})");
    QTest::newRow("plain string") << QJsonValue(QStringLiteral("plain"))
                                  << QByteArray(R"("plain")");
    QTest::newRow("empty string") << QJsonValue(QString()) << QByteArray(R"("")");
    QTest::newRow("non-ASCII as lower-case \\u") << QJsonValue(QStringLiteral("Zürich café ñ"))
                                                 << QByteArray(R"("Z\u00fcrich caf\u00e9 \u00f1")");
    QTest::newRow("CJK") << QJsonValue(QStringLiteral("東京")) << QByteArray(R"("\u6771\u4eac")");
    QTest::newRow("hex letters lower-case")
        << QJsonValue(fromUnits({0x00ff, 0x0100, 0xabcd})) << QByteArray(R"("\u00ff\u0100\uabcd")");
    QTest::newRow("astral as surrogate pair")
        << QJsonValue(QStringLiteral("🚀 go")) << QByteArray(R"("\ud83d\ude80 go")");
    QTest::newRow("quotes and backslash") << QJsonValue(QStringLiteral("say \"hi\" \\ back"))
                                          << QByteArray(R"("say \"hi\" \\ back")");
    QTest::newRow("short escapes")
        << QJsonValue(QStringLiteral("a\nb\rc\td\be\ff")) << QByteArray(R"("a\nb\rc\td\be\ff")");
    QTest::newRow("other controls and DEL") << QJsonValue(fromUnits({0x00, 0x01, 0x1f, 0x7f}))
                                            << QByteArray(R"("\u0000\u0001\u001f\u007f")");
    QTest::newRow("printable ASCII edges")
        << QJsonValue(QStringLiteral(" ~/'<>&")) << QByteArray(R"(" ~/'<>&")");
    QTest::newRow("scalars") << js("[true, false, null, 0, -12, 1500000]")
                             << QByteArray("[true, false, null, 0, -12, 1500000]");
    QTest::newRow("large integers") << js("[1000000000000000, 9007199254740992, -4294967296]")
                                    << QByteArray("[1000000000000000, 9007199254740992, "
                                                  "-4294967296]");
    QTest::newRow("fractions") << js("[0.1, 2.5, -0.75, 1e-07, 123456.789]")
                               << QByteArray("[0.1, 2.5, -0.75, 1e-07, 123456.789]");
    QTest::newRow("nested arrays")
        << js("[1, [2, [3, []]], {}]") << QByteArray("[1, [2, [3, []]], {}]");
    QTest::newRow("empty array") << QJsonValue(QJsonArray()) << QByteArray("[]");
    QTest::newRow("empty object") << QJsonValue(QJsonObject()) << QByteArray("{}");
    // A QJsonObject has no insertion order: its keys come out sorted.
    QTest::newRow("object keys as QJsonObject keeps them")
        << js(R"({"sellers": ["b", "a"], "flagged": true})")
        << QByteArray(R"({"flagged": true, "sellers": ["b", "a"]})");
}

void TestUpstreamJson::shouldDumpLikePython()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(UpstreamJson::pythonDumps(value), expected);
}

void TestUpstreamJson::shouldDumpMembersInGivenOrder_data()
{
    QTest::addColumn<Members>("members");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("empty") << Members() << QByteArray("{}");
    QTest::newRow("flag row") << Members{{QStringLiteral("flagged"), true},
                                         {QStringLiteral("sellers"), js(R"(["Zürich", "Acme"])")}}
                              << QByteArray(
                                     R"({"flagged": true, "sellers": ["Z\u00fcrich", "Acme"]})");
    QTest::newRow("order kept, not sorted")
        << Members{{QStringLiteral("sellers"), js(R"(["a", "b"])")},
                   {QStringLiteral("flagged"), false}}
        << QByteArray(R"({"sellers": ["a", "b"], "flagged": false})");
    QTest::newRow("export row with extras")
        << Members{{QStringLiteral("format"), QStringLiteral("csv")},
                   {QStringLiteral("sellers"), js(R"(["Zürich", "a\"b"])")},
                   {QStringLiteral("scope"), QStringLiteral("history")},
                   {QStringLiteral("rows"), 3}}
        << QByteArray(
               R"({"format": "csv", "sellers": ["Z\u00fcrich", "a\"b"], "scope": "history", "rows": 3})");
    QTest::newRow("non-ASCII key and null") << Members{{QStringLiteral("größe"), QJsonValue()}}
                                            << QByteArray(R"({"gr\u00f6\u00dfe": null})");
}

void TestUpstreamJson::shouldDumpMembersInGivenOrder()
{
    QFETCH(Members, members);
    QFETCH(QByteArray, expected);
    QCOMPARE(UpstreamJson::pythonDumps(members), expected);
}

void TestUpstreamJson::shouldPrintJsonbStringText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("empty") << QByteArray() << QByteArray(R"("")");
    QTest::newRow("plain") << QByteArray("Acme") << QByteArray(R"("Acme")");
    QTest::newRow("UTF-8 kept") << QByteArray("Zürich 🚀 東京") << QByteArray("\"Zürich 🚀 東京\"");
    QTest::newRow("quote and backslash")
        << QByteArray(R"(say "q" \ back)") << QByteArray(R"("say \"q\" \\ back")");
    QTest::newRow("short escapes")
        << QByteArray("a\nb\rc\td\be\ff") << QByteArray(R"("a\nb\rc\td\be\ff")");
    QTest::newRow("other controls escaped, DEL kept")
        << QByteArray("\x01\x1f\x7f!") << QByteArray("\"\\u0001\\u001f\x7f!\"");
    QTest::newRow("Python text stays as is apart from quotes and backslashes")
        << QByteArray(R"({"display_name": "Z\u00fcrich"})")
        << QByteArray(R"("{\"display_name\": \"Z\\u00fcrich\"}")");
}

void TestUpstreamJson::shouldPrintJsonbStringText()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);
    QCOMPARE(UpstreamJson::jsonbStringText(text), expected);
}

void TestUpstreamJson::shouldPrintJsonbTextInJsonbKeyOrder_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("shorter keys first, then bytes, nested too")
        << js(R"({"bb": 1, "a": 2, "ab": [1, "x"], "b": null, "ä": true, "z": false,
                  "aaa": {"y": 1, "x": 2}})")
        << QByteArray(
               R"({"a": 2, "b": null, "z": false, "ab": [1, "x"], "bb": 1, "ä": true, "aaa": {"x": 2, "y": 1}})");
    QTest::newRow("length in UTF-8 bytes")
        << js(R"({"é": 1, "z": 2, "zz": 3})") << QByteArray(R"({"z": 2, "zz": 3, "é": 1})");
    QTest::newRow("flag row")
        << js(R"({"sellers": ["Zürich"], "flagged": true, "reason": "spam"})")
        << QByteArray(R"({"reason": "spam", "flagged": true, "sellers": ["Zürich"]})");
    QTest::newRow("array") << js(R"(["a\"b", 1, true, null, []])")
                           << QByteArray(R"(["a\"b", 1, true, null, []])");
    QTest::newRow("string scalar")
        << QJsonValue(QStringLiteral("Zürich\n")) << QByteArray("\"Zürich\\n\"");
    QTest::newRow("null") << QJsonValue() << QByteArray("null");
}

void TestUpstreamJson::shouldPrintJsonbTextInJsonbKeyOrder()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(UpstreamJson::jsonbText(value), expected);
}

void TestUpstreamJson::shouldEncodeColumnDoubleEncoded()
{
    const Members members{{QStringLiteral("display_name"), QStringLiteral("Zürich \"x\"")}};
    // Raw strings stay out of QCOMPARE: moc's preprocessor does not read them.
    const QByteArray expected(R"("{\"display_name\": \"Z\\u00fcrich \\\"x\\\"\"}")");
    QCOMPARE(UpstreamJson::encodeColumn(members), expected);
}

namespace {

// Names meant to break an escaper: every escape of both passes, non-ASCII,
// surrogate pairs, lone surrogates, the edges of the printable range.
QStringList hostileNames()
{
    return {
        QString(),
        QStringLiteral("Acme"),
        QStringLiteral("Zoë's \"Shop\""),
        QStringLiteral("back\\slash \\\" \\u00e9"),
        QStringLiteral("a;b, c\nd\re\tf\bg\fh"),
        QString::fromUtf16(u"\u0001\u001f\u007f\u0080\u00ff\u0100"),
        QString(QChar(0)) + QStringLiteral("nul"),
        QStringLiteral("日本の店 — “quoted” \u2028\u2029"),
        QString::fromUtf16(u"emoji \U0001F600 and \U0010FFFF"),
        QString(QChar(0xD800)) + QStringLiteral(" lone high"),
        QStringLiteral("lone low ") + QChar(0xDC00),
        QString(QChar(0xDC00)) + QChar(0xD800), // reversed pair
        QString(QChar(0xFFFF)) + QChar(0xFEFF),
        QStringLiteral(" ~/</script>{}[]:,"),
        QStringLiteral("    "),
    };
}

UpstreamJson::Members exportMembers(const QJsonValue &sellers)
{
    return {{QStringLiteral("format"), QStringLiteral("csv")},
            {QStringLiteral("sellers"), sellers},
            {QStringLiteral("scope"), QStringLiteral("history")},
            {QStringLiteral("rows"), 900000},
            {QStringLiteral("filter"),
             QJsonObject{{QStringLiteral("search"), QStringLiteral("a\"b\\ é")},
                         {QStringLiteral("actions"), QJsonArray{QStringLiteral("flag"), 2.5}},
                         {QStringLiteral("none"), QJsonValue()}}},
            {QStringLiteral("file_sha256"), QStringLiteral("ab").repeated(32)}};
}

} // namespace

void TestUpstreamJson::shouldStreamAListAsEncodeColumnDoes_data()
{
    QTest::addColumn<Members>("members");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("names");

    const QStringList hostile = hostileNames();
    QTest::newRow("hostile names") << exportMembers({}) << QStringLiteral("sellers") << hostile;
    QTest::newRow("no names") << exportMembers({}) << QStringLiteral("sellers") << QStringList();
    QTest::newRow("one name") << exportMembers({}) << QStringLiteral("sellers")
                              << QStringList{QStringLiteral("\"")};
    QTest::newRow("list first") << Members{{QStringLiteral("names"), {}}, {QStringLiteral("n"), 1}}
                                << QStringLiteral("names") << hostile;
    QTest::newRow("list last") << Members{{QStringLiteral("n"), 1},
                                          {QStringLiteral("k\"é"), QStringLiteral("v\\")},
                                          {QStringLiteral("names"), {}}}
                               << QStringLiteral("names") << hostile;
    QTest::newRow("list alone") << Members{{QStringLiteral("names"), {}}} << QStringLiteral("names")
                                << hostile;
    QTest::newRow("no such key") << exportMembers(QJsonArray{QStringLiteral("x")})
                                 << QStringLiteral("absent") << hostile;
}

void TestUpstreamJson::shouldStreamAListAsEncodeColumnDoes()
{
    QFETCH(Members, members);
    QFETCH(QString, key);
    QFETCH(QStringList, names);
    Members expectedMembers = members;
    for (UpstreamJson::Member &m : expectedMembers) {
        if (m.first == key)
            m.second = QJsonArray::fromStringList(names);
    }
    const QByteArray expected = UpstreamJson::encodeColumn(expectedMembers);
    const QByteArray streamed = UpstreamJson::encodeColumn(members, key, names);
    QCOMPARE(streamed, expected);
    // And it reads back as the names.
    const UpstreamJson::Decoded d = UpstreamJson::decodeColumn(streamed);
    QVERIFY(d.ok());

    // From UTF-8: the bytes the QStringList of the names as held (a lone
    // surrogate as U+FFFD) gives, by both writers.
    const NameList list = NameList::fromStringList(names);
    for (UpstreamJson::Member &m : expectedMembers) {
        if (m.first == key)
            m.second = QJsonArray::fromStringList(list.toStringList());
    }
    const QByteArray fromUtf8 = UpstreamJson::encodeColumn(members, key, list);
    QCOMPARE(fromUtf8, UpstreamJson::encodeColumn(expectedMembers));
    QCOMPARE(fromUtf8, UpstreamJson::encodeColumn(members, key, list.toStringList()));
    bool lone = false;
    for (const QString &name : names) {
        for (qsizetype i = 0; i < name.size(); ++i)
            lone = lone || (name.at(i).isSurrogate() &&
                            !(name.at(i).isHighSurrogate() && i + 1 < name.size() &&
                              name.at(i + 1).isLowSurrogate() && ++i));
    }
    if (!lone) // nothing replaced: the same bytes as the names themselves give
        QCOMPARE(fromUtf8, streamed);
}

void TestUpstreamJson::shouldStreamRandomNamesAsEncodeColumnDoes()
{
    // Random names drawn from the characters every escaping path handles.
    const char16_t alphabet[] = {u'a',   u'Z',   u'0',   u' ',   u'"',   u'\\',  u'/',
                                 u'\n',  u'\r',  u'\t',  u'\b',  u'\f',  0x01,   0x1F,
                                 0x7E,   0x7F,   0x80,   0xE9,   0x65E5, 0xD83D, 0xDE00,
                                 0xD800, 0xDFFF, 0xFFFD, 0xFFFF, u'\'',  u'}',   u','};
    std::mt19937 random(7);
    QStringList names;
    for (int i = 0; i < 2000; ++i) {
        QString name;
        const int size = int(random() % 24);
        for (int j = 0; j < size; ++j)
            name += QChar(alphabet[random() % std::size(alphabet)]);
        names << name;
    }
    const QByteArray expected =
        UpstreamJson::encodeColumn(exportMembers(QJsonArray::fromStringList(names)));
    QCOMPARE(UpstreamJson::encodeColumn(exportMembers({}), u"sellers", names), expected);

    // From UTF-8 (lone surrogates as U+FFFD): as its QStringList gives.
    const NameList list = NameList::fromStringList(names);
    QCOMPARE(list.size(), names.size());
    const QByteArray fromUtf8 = UpstreamJson::encodeColumn(exportMembers({}), u"sellers", list);
    QCOMPARE(fromUtf8, UpstreamJson::encodeColumn(
                           exportMembers(QJsonArray::fromStringList(list.toStringList()))));
    // And without lone surrogates, as the names themselves give.
    QStringList paired;
    for (const QString &name : names)
        paired << QString::fromUtf8(name.toUtf8()).replace(QChar(0xFFFD), QChar(u'?'));
    const NameList pairedList = NameList::fromStringList(paired);
    QCOMPARE(pairedList.toStringList(), paired);
    QCOMPARE(UpstreamJson::encodeColumn(exportMembers({}), u"sellers", pairedList),
             UpstreamJson::encodeColumn(exportMembers({}), u"sellers", paired));
}

void TestUpstreamJson::shouldKeepNamesAsValidUtf8()
{
    NameList list;
    QVERIFY(list.isEmpty());
    list.append(QByteArrayView("plain"));
    list.append(QStringLiteral("Zürich 😀"));
    list.append(QString(QChar(0xD800)) + QStringLiteral(" lone"));
    list.append(QByteArrayView("bad \xff\xc3 bytes"));
    list.append(QString());
    QCOMPARE(list.size(), qsizetype(5));
    QCOMPARE(list.at(0), QStringLiteral("plain"));
    QCOMPARE(list.utf8At(1).toByteArray(), QStringLiteral("Zürich 😀").toUtf8());
    QCOMPARE(list.at(2), QString(QChar(0xFFFD)) + QStringLiteral(" lone"));
    QCOMPARE(list.at(3), QString::fromUtf8("bad \xff\xc3 bytes"));
    QCOMPARE(list.at(4), QString());
    for (qsizetype i = 0; i < list.size(); ++i)
        QVERIFY(list.utf8At(i).isValidUtf8());
    QStringList seen;
    list.forEachUtf8([&](QByteArrayView utf8) { seen << QString::fromUtf8(utf8); });
    QCOMPARE(seen, list.toStringList());
    QCOMPARE(NameList::fromStringList(list.toStringList()), list);
    QVERIFY(!(NameList::fromStringList({QStringLiteral("ab")}) ==
              NameList::fromStringList({QStringLiteral("a"), QStringLiteral("b")})));
    // The compact JSON array: UTF-8 kept, quote, backslash and controls escaped.
    NameList json;
    json.append(QStringLiteral("a\"b\\c\n\u001f é"));
    json.append(QString());
    QCOMPARE(json.toJsonArrayText(), QByteArray("[\"a\\\"b\\\\c\\u000a\\u001f \xc3\xa9\",\"\"]"));
    QCOMPARE(NameList().toJsonArrayText(), QByteArray("[]"));
}

void TestUpstreamJson::shouldDecodeColumn_data()
{
    QTest::addColumn<QByteArray>("column");
    QTest::addColumn<Decoded::Shape>("shape");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("hasError");

    QTest::newRow("SQL NULL") << QByteArray() << Decoded::Shape::Null << QJsonValue() << QString()
                              << false;
    QTest::newRow("JSON null") << QByteArray("null") << Decoded::Shape::Null << QJsonValue()
                               << QString() << false;
    QTest::newRow("double-encoded object")
        << QByteArray(R"("{\"display_name\": \"Z\\u00fcrich \\\"x\\\"\"}")")
        << Decoded::Shape::StringOfJson << js(R"({"display_name": "Zürich \"x\""})") << QString()
        << false;
    QTest::newRow("double-encoded flag row")
        << QByteArray(R"("{\"flagged\": false, \"sellers\": [\"a\", \"b\"]}")")
        << Decoded::Shape::StringOfJson << js(R"({"flagged": false, "sellers": ["a", "b"]})")
        << QString() << false;
    QTest::newRow("double-encoded scalar") << QByteArray(R"("42")") << Decoded::Shape::StringOfJson
                                           << QJsonValue(42) << QString() << false;
    QTest::newRow("real object (bulk remove old_value)")
        << QByteArray(R"({"names": ["a", "Zürich"]})") << Decoded::Shape::Value
        << js(R"({"names": ["a", "Zürich"]})") << QString() << false;
    QTest::newRow("real array") << QByteArray("[1, 2]") << Decoded::Shape::Value << js("[1, 2]")
                                << QString() << false;
    QTest::newRow("string holding a name")
        << QByteArray(R"("Acme Ltd")") << Decoded::Shape::StringNotJson << QJsonValue()
        << QStringLiteral("Acme Ltd") << true;
    QTest::newRow("string holding broken JSON")
        << QByteArray(R"("{\"sellers\": [\"a\"")") << Decoded::Shape::StringNotJson << QJsonValue()
        << QStringLiteral("{\"sellers\": [\"a\"") << true;
    QTest::newRow("empty string") << QByteArray(R"("")") << Decoded::Shape::StringNotJson
                                  << QJsonValue() << QString() << true;
    QTest::newRow("column not JSON") << QByteArray("{not json") << Decoded::Shape::Invalid
                                     << QJsonValue() << QStringLiteral("{not json") << true;
    QTest::newRow("unterminated string") << QByteArray(R"("Zürich)") << Decoded::Shape::Invalid
                                         << QJsonValue() << QStringLiteral("\"Zürich") << true;
    QTest::newRow("trailing text") << QByteArray(R"({"a": 1} x)") << Decoded::Shape::Invalid
                                   << QJsonValue() << QStringLiteral("{\"a\": 1} x") << true;
    QTest::newRow("two values") << QByteArray("1, 2") << Decoded::Shape::Invalid << QJsonValue()
                                << QStringLiteral("1, 2") << true;
}

void TestUpstreamJson::shouldDecodeColumn()
{
    QFETCH(QByteArray, column);
    QFETCH(Decoded::Shape, shape);
    QFETCH(QJsonValue, value);
    QFETCH(QString, text);
    QFETCH(bool, hasError);

    const Decoded d = UpstreamJson::decodeColumn(column);
    QCOMPARE(d.shape, shape);
    QCOMPARE(d.ok(), shape == Decoded::Shape::StringOfJson || shape == Decoded::Shape::Value);
    QCOMPARE(d.value, value);
    QCOMPARE(d.text, text);
    QCOMPARE(!d.error.isEmpty(), hasError);
}

void TestUpstreamJson::shouldDecodeValue_data()
{
    QTest::addColumn<QJsonValue>("input");
    QTest::addColumn<Decoded::Shape>("shape");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("text");

    QTest::newRow("null") << QJsonValue() << Decoded::Shape::Null << QJsonValue() << QString();
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << Decoded::Shape::Null
                               << QJsonValue() << QString();
    QTest::newRow("string holding an object (the API's shape)")
        << QJsonValue(QStringLiteral(R"({"format": "csv", "sellers": ["Z\u00fcrich"]})"))
        << Decoded::Shape::StringOfJson << js(R"({"format": "csv", "sellers": ["Zürich"]})")
        << QString();
    QTest::newRow("object (a bad row)") << js(R"({"flagged": true})") << Decoded::Shape::Value
                                        << js(R"({"flagged": true})") << QString();
    QTest::newRow("number") << QJsonValue(7) << Decoded::Shape::Value << QJsonValue(7) << QString();
    QTest::newRow("string holding a name")
        << QJsonValue(QStringLiteral("Acme")) << Decoded::Shape::StringNotJson << QJsonValue()
        << QStringLiteral("Acme");
}

void TestUpstreamJson::shouldDecodeValue()
{
    QFETCH(QJsonValue, input);
    QFETCH(Decoded::Shape, shape);
    QFETCH(QJsonValue, value);
    QFETCH(QString, text);

    const Decoded d = UpstreamJson::decodeValue(input);
    QCOMPARE(d.shape, shape);
    QCOMPARE(d.value, value);
    QCOMPARE(d.text, text);
    QCOMPARE(d.error.isEmpty(), shape != Decoded::Shape::StringNotJson);
}

void TestUpstreamJson::shouldRoundTripEncodedColumn()
{
    const Members members{{QStringLiteral("flagged"), true},
                          {QStringLiteral("sellers"),
                           QJsonArray{QStringLiteral("🚀 Rocket"), QStringLiteral("a\\b\"c\n"),
                                      QStringLiteral("Zürich")}},
                          {QStringLiteral("reason"), QStringLiteral("tab\there")}};
    const Decoded d = UpstreamJson::decodeColumn(UpstreamJson::encodeColumn(members));
    QCOMPARE(d.shape, Decoded::Shape::StringOfJson);
    const QJsonValue expected = js(
        R"({"flagged": true, "sellers": ["🚀 Rocket", "a\\b\"c\n", "Zürich"], "reason": "tab\there"})");
    QCOMPARE(d.value, expected);
}

void TestUpstreamJson::shouldParseScalars_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QJsonValue>("expected");

    QTest::newRow("integer") << QByteArray("42") << QJsonValue(42);
    QTest::newRow("negative fraction") << QByteArray("-2.5") << QJsonValue(-2.5);
    QTest::newRow("true") << QByteArray("true") << QJsonValue(true);
    QTest::newRow("false") << QByteArray("false") << QJsonValue(false);
    QTest::newRow("null") << QByteArray("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("string") << QByteArray(R"("Z\u00fcrich")")
                            << QJsonValue(QStringLiteral("Zürich"));
    QTest::newRow("blanks around") << QByteArray("  7 \n") << QJsonValue(7);
    QTest::newRow("array") << QByteArray(R"([1, "a"])") << js(R"([1, "a"])");
    QTest::newRow("object") << QByteArray(R"({"a": [true]})") << js(R"({"a": [true]})");
}

void TestUpstreamJson::shouldParseScalars()
{
    QFETCH(QByteArray, text);
    QFETCH(QJsonValue, expected);
    QString error = QStringLiteral("untouched");
    const std::optional<QJsonValue> parsed = UpstreamJson::parse(text, &error);
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, expected);
    QCOMPARE(parsed->type(), expected.type());
    QCOMPARE(error, QStringLiteral("untouched"));
}

void TestUpstreamJson::shouldReportParseErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("errorStart");

    const QString syntax = QStringLiteral("invalid JSON at character ");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("invalid JSON: no value");
    QTest::newRow("blank") << QByteArray("  ") << QStringLiteral("invalid JSON: no value");
    QTest::newRow("two values") << QByteArray("1, 2")
                                << QStringLiteral("invalid JSON: more than one value");
    QTest::newRow("bare word") << QByteArray("Acme") << syntax;
    QTest::newRow("unterminated object") << QByteArray(R"({"a": 1)") << syntax;
    QTest::newRow("unterminated string") << QByteArray(R"("abc)") << syntax;
    QTest::newRow("closing bracket") << QByteArray("1]") << syntax;
    QTest::newRow("missing separator") << QByteArray("1 2") << syntax;
}

void TestUpstreamJson::shouldReportParseErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, errorStart);
    QString error;
    QVERIFY(!UpstreamJson::parse(text, &error).has_value());
    QVERIFY2(error.startsWith(errorStart), qPrintable(error));
    QVERIFY(!UpstreamJson::parse(text, nullptr).has_value());
}

QTEST_GUILESS_MAIN(TestUpstreamJson)
#include "tst_upstreamjson.moc"
