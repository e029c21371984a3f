#include "csvdigest.h"
#include "entrydetails.h"
#include "exportcolumns.h"
#include "exportfile.h"
#include "timestamp.h"
#include "upstreamjson.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <csignal>
#include <ctime>
#include <sys/resource.h>
#include <unistd.h>

Q_DECLARE_METATYPE(CsvProfile)
Q_DECLARE_METATYPE(ExportRequest::Scope)

namespace {

using Timestamp::Micros;
using Scope = ExportRequest::Scope;

QString u8(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

QString key(const char *name)
{
    return QLatin1String(name);
}

// A text as UTF-8 in the file: a lone surrogate, which UTF-8 cannot hold, as
// U+FFFD (Qt 6.4's QString::toUtf8() writes '?').
QByteArray utf8(const QString &text)
{
    QStringEncoder encoder(QStringEncoder::Utf8, QStringConverter::Flag::Stateless);
    return encoder.encode(text);
}

QString asStored(const QString &text)
{
    return QString::fromUtf8(utf8(text));
}

QString neutralised(const QString &value, bool textColumn, CsvProfile profile)
{
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    if (profile == CsvProfile::Spreadsheet && textColumn && !value.isEmpty() &&
        formulaStarts.contains(value.front()))
        return u'\'' + value;
    return value;
}

bool needsQuotesInStandard(const QString &value)
{
    if (value.isEmpty())
        return false;
    const auto edge = [](QChar c) { return c == u' ' || c == u'\t'; };
    return value.contains(u'"') || value.contains(u',') || value.contains(u'\r') ||
           value.contains(u'\n') || edge(value.front()) || edge(value.back());
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QStringList dirEntries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System |
                               QDir::NoDotAndDotDot);
}

QString entryId(int n)
{
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
}

AuditEntry entry(Action action, const QString &sellerName, const QByteArray &oldValue,
                 const QByteArray &newValue, int affectedCount = 1)
{
    AuditEntry e;
    e.id = entryId(1);
    e.createdAt = 1743296523000000;
    e.action = action;
    e.sellerName = sellerName;
    e.oldValue = oldValue;
    e.newValue = newValue;
    e.source = QStringLiteral("manual");
    e.userName = QStringLiteral("Ann");
    e.affectedCount = affectedCount;
    return e;
}

QByteArray flagColumn(bool flagged, const QStringList &names)
{
    return UpstreamJson::encodeColumn(
        {{key("flagged"), flagged}, {key("sellers"), QJsonArray::fromStringList(names)}});
}

// A JSON text in the upstream string shape: a JSONB string holding it.
QByteArray asString(const char *json)
{
    return UpstreamJson::jsonbStringText(QByteArray(json));
}

// The file as /usr/bin/python3's csv module reads it (tests/unit/csv_parse_back.py).
struct ParsedBack
{
    bool bom = false;
    QList<QStringList> rows;
    QList<QList<bool>> quoted;
    int bareBreaks = -1;
    bool endsCrlf = false;
};

std::optional<ParsedBack> parseBack(const QString &path, QString *problem)
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(SELLER_HISTORY_CSV_PARSE_BACK), path});
    if (!python.waitForFinished(120000) || python.exitStatus() != QProcess::NormalExit ||
        python.exitCode() != 0) {
        *problem = QString::fromUtf8(python.readAllStandardError());
        return std::nullopt;
    }
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(python.readAllStandardOutput(), &error).object();
    if (error.error != QJsonParseError::NoError) {
        *problem = error.errorString();
        return std::nullopt;
    }
    ParsedBack p;
    p.bom = o.value(key("bom")).toBool();
    for (const QJsonValue &row : o.value(key("rows")).toArray()) {
        QStringList cells;
        for (const QJsonValue &cell : row.toArray())
            cells << cell.toString();
        p.rows << cells;
    }
    for (const QJsonValue &row : o.value(key("quoted")).toArray()) {
        QList<bool> flags;
        for (const QJsonValue &flag : row.toArray())
            flags << flag.toBool();
        p.quoted << flags;
    }
    p.bareBreaks = o.value(key("bare_breaks")).toInt(-1);
    p.endsCrlf = o.value(key("ends_crlf")).toBool();
    return p;
}

// Texts that break naive CSV writers and readers, or that a spreadsheet runs.
QStringList hostileTexts()
{
    QString veryLong;
    for (int i = 0; i < 4000; ++i)
        veryLong += u8("long \"name\", with; parts\r\n🚀 ");
    return {
        u8("He said \"hi\""),
        u8("a,b"),
        u8("line1\nline2"),
        u8("cr\ronly"),
        u8("crlf\r\nend"),
        u8("tab\tinside"),
        u8("=SUM(A1:A2)"),
        u8("+1"),
        u8("-1"),
        u8("@cmd"),
        u8("\tleading tab"),
        u8("\rleading cr"),
        u8("\nleading lf"),
        u8("  leading spaces"),
        u8("trailing spaces  "),
        u8("Zürich 🚀 東京"),
        QString(),
        u8("'already quoted'"),
        u8("a; b"),
        u8("\""),
        u8("\"\""),
        u8(","),
        u8(" "),
        u8("="),
        u8("lone ") + QChar(0xD800) + u8(" surrogate"),
        veryLong,
        u8("plain"),
    };
}

const Micros RowTime = 1743296523000000; // 2025-03-30T01:02:03Z: Berlin just went to CEST

// Rows for the history export and the cells a reader must get back.
struct HistoryCase
{
    QList<AuditEntry> entries;
    QList<QStringList> cells; // unneutralised
};

HistoryCase historyCase()
{
    HistoryCase c;
    const QTimeZone berlin("Europe/Berlin");
    int n = 0;
    const auto add = [&](AuditEntry e, const QStringList &sellers, const QString &flagged,
                         const QString &format) {
        e.id = entryId(++n);
        e.createdAt = RowTime - Micros(n) * 977 * Timestamp::MicrosPerSecond - n;
        c.cells << QStringList{Timestamp::toIsoUtc(e.createdAt),
                               Timestamp::formatLocal(e.createdAt, berlin),
                               ActionInfo::dbValue(e.action),
                               asStored(e.sellerName),
                               QString::number(e.affectedCount),
                               asStored(sellers.join(QStringLiteral("; "))),
                               flagged,
                               format,
                               asStored(e.source),
                               asStored(e.userLabel()),
                               e.id};
        c.entries << e;
    };
    for (const QString &h : hostileTexts()) {
        AuditEntry one =
            entry(Action::Add, h, {}, UpstreamJson::encodeColumn({{key("display_name"), h}}));
        one.userName = h;
        add(one, {h}, {}, {});

        const QStringList names{h, QStringLiteral("plain"), h + QStringLiteral(" 2")};
        AuditEntry flag = entry(Action::Flag, QStringLiteral("Flagged 3 sellers"), {},
                                flagColumn(n % 2 == 0, names), 3);
        flag.source = h;
        flag.userName.clear();
        flag.userId = QStringLiteral("0000aaaa-0000-4000-8000-000000000001");
        add(flag, names, n % 2 == 0 ? QStringLiteral("true") : QStringLiteral("false"), {});

        AuditEntry exported =
            entry(Action::Export, QStringLiteral("Exported 1 sellers as csv"), {},
                  UpstreamJson::encodeColumn(
                      {{key("format"), h}, {key("sellers"), QJsonArray::fromStringList({h})}}));
        add(exported, {h}, {}, asStored(h));
    }
    // Cells of plain columns that start like a formula stay as they are.
    AuditEntry negative = entry(Action::Edit, QStringLiteral("-5 Ltd"), {}, {}, -1);
    add(negative, {QStringLiteral("-5 Ltd")}, {}, {});
    return c;
}

struct SellersCase
{
    QList<Seller> sellers;
    QList<QStringList> cells;
};

SellersCase sellersCase()
{
    SellersCase c;
    int n = 0;
    for (const QString &h : hostileTexts()) {
        Seller s;
        s.id = entryId(++n);
        s.displayName = h;
        s.platform = n % 4 == 0 ? h : QStringLiteral("ebay");
        s.flagged = n % 2 == 0;
        s.timesSeen = n;
        if (n % 3 != 0)
            s.feedbackScore = -n; // a plain column that starts with '-'
        s.createdAt = RowTime - Micros(n) * 86'400'000'123;
        c.cells << QStringList{asStored(s.displayName),
                               s.flagged ? QStringLiteral("true") : QStringLiteral("false"),
                               asStored(s.platform),
                               QString::number(s.timesSeen),
                               s.feedbackScore ? QString::number(*s.feedbackScore) : QString(),
                               Timestamp::toIsoUtc(s.createdAt),
                               s.id};
        c.sellers << s;
    }
    return c;
}

const QStringList HistoryHeader{QStringLiteral("created_at"),
                                QStringLiteral("local_time"),
                                QStringLiteral("action"),
                                QStringLiteral("description"),
                                QStringLiteral("affected_count"),
                                QStringLiteral("sellers"),
                                QStringLiteral("flagged"),
                                QStringLiteral("format"),
                                QStringLiteral("source"),
                                QStringLiteral("user"),
                                QStringLiteral("id")};
const QList<bool> HistoryText{false, false, false, true, false, true,
                              false, true,  true,  true, false};
const QStringList SellersHeader{QStringLiteral("display_name"),
                                QStringLiteral("flagged"),
                                QStringLiteral("platform"),
                                QStringLiteral("times_seen"),
                                QStringLiteral("feedback_score"),
                                QStringLiteral("created_at"),
                                QStringLiteral("id")};
const QList<bool> SellersText{true, false, true, false, false, false, false};

ExportRequest request(Scope scope, CsvProfile profile, const QString &path,
                      const QString &zoneId = QStringLiteral("Europe/Berlin"))
{
    ExportRequest r;
    r.scope = scope;
    r.profile = profile;
    r.path = path;
    r.zoneId = zoneId;
    return r;
}

// A failed write: the file size limit stands in for a full disk (the same
// write path fails; only the system's words differ). Restored on leaving.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &m_old);
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = m_old;
        limited.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &limited) == 0;
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_oldHandler);
    }
    bool ok() const { return m_ok; }

private:
    rlimit m_old{};
    void (*m_oldHandler)(int) = nullptr;
    bool m_ok = false;
};

double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

} // namespace

class TestExportFile : public QObject
{
    Q_OBJECT

private slots:
    void shouldWriteExactBytes_data();
    void shouldWriteExactBytes();
    void shouldRoundTripHostileTextThroughPythonCsv_data();
    void shouldRoundTripHostileTextThroughPythonCsv();
    void shouldHashExactlyTheFileBytesAcrossFlushes();
    void shouldDigestLikeQCryptographicHash();
    void shouldListDistinctNamesInFirstSeenOrder();
    void shouldListExportedSellersInFirstSeenOrder();
    void shouldReadJsonColumnsLikeEntryDetails_data();
    void shouldReadJsonColumnsLikeEntryDetails();
    void shouldFormatIsoUtcLikeTimestamp();
    void shouldFormatLocalTimeLikeTimestamp_data();
    void shouldFormatLocalTimeLikeTimestamp();
    void shouldUseUtcForAnEmptyOrUnknownZone_data();
    void shouldUseUtcForAnEmptyOrUnknownZone();
    void shouldLeaveNoFileWhenNotCommitted_data();
    void shouldLeaveNoFileWhenNotCommitted();
    void shouldReportAnUnwritablePath_data();
    void shouldReportAnUnwritablePath();
    void shouldReportAnUnwritablePathAsNonRoot();
    void shouldReportAFailedWrite();
    void shouldRefuseRowsOfTheOtherScope();
    void shouldWriteAMillionHistoryRowsQuickly();
};

void TestExportFile::shouldWriteExactBytes_data()
{
    QTest::addColumn<Scope>("scope");
    QTest::addColumn<CsvProfile>("profile");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray historyHeaderQuoted =
        R"("created_at","local_time","action","description","affected_count","sellers",)"
        R"("flagged","format","source","user","id")"
        "\r\n";
    const QByteArray historyHeaderPlain =
        "created_at,local_time,action,description,affected_count,sellers,flagged,format,"
        "source,user,id\r\n";
    QTest::newRow("history, spreadsheet")
        << Scope::History << CsvProfile::Spreadsheet
        << QByteArray("\xEF\xBB\xBF" + historyHeaderQuoted +
                      R"("2025-03-30T01:02:03.000000Z","2025-03-30 03:02:03","flag",)"
                      R"("Flagged 2 sellers","2","'-x; b,c","true","","manual","Ann","e1")"
                      "\r\n"
                      R"("2025-03-30T00:59:59.500000Z","2025-03-30 01:59:59","edit",)"
                      R"(" New ","1"," New ","","","manual","u-1","e2")"
                      "\r\n"
                      R"("2025-03-29T12:00:00.000001Z","2025-03-29 13:00:00","export",)"
                      R"("'=Exported","-1","","","csv","manual","Ann","e3")"
                      "\r\n");
    QTest::newRow("history, standard")
        << Scope::History << CsvProfile::Standard
        << QByteArray(historyHeaderPlain + "2025-03-30T01:02:03.000000Z,2025-03-30 03:02:03,flag,"
                                           "Flagged 2 sellers,2,\"-x; b,c\",true,,manual,Ann,e1\r\n"
                                           "2025-03-30T00:59:59.500000Z,2025-03-30 01:59:59,edit,"
                                           "\" New \",1,\" New \",,,manual,u-1,e2\r\n"
                                           "2025-03-29T12:00:00.000001Z,2025-03-29 13:00:00,export,"
                                           "=Exported,-1,,,csv,manual,Ann,e3\r\n");
    QTest::newRow("sellers, spreadsheet")
        << Scope::Sellers << CsvProfile::Spreadsheet
        << QByteArray("\xEF\xBB\xBF"
                      R"("display_name","flagged","platform","times_seen","feedback_score",)"
                      R"("created_at","id")"
                      "\r\n"
                      R"("'=Acme, ""Ltd""","true","ebay","3","-5","2025-03-30T01:02:03.000000Z",)"
                      R"("s1")"
                      "\r\n"
                      R"(" pad","false","'@bay","1","","2025-03-30T01:02:03.000000Z","s2")"
                      "\r\n");
    QTest::newRow("sellers, standard")
        << Scope::Sellers << CsvProfile::Standard
        << QByteArray("display_name,flagged,platform,times_seen,feedback_score,created_at,id\r\n"
                      R"("=Acme, ""Ltd""",true,ebay,3,-5,2025-03-30T01:02:03.000000Z,s1)"
                      "\r\n"
                      R"(" pad",false,@bay,1,,2025-03-30T01:02:03.000000Z,s2)"
                      "\r\n");
    QTest::newRow("history, no rows, standard")
        << Scope::History << CsvProfile::Standard << historyHeaderPlain;
}

void TestExportFile::shouldWriteExactBytes()
{
    QFETCH(Scope, scope);
    QFETCH(CsvProfile, profile);
    QFETCH(QByteArray, expected);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    ExportFile file(request(scope, profile, path));
    SourceError error;
    QVERIFY(file.open(&error));
    if (scope == Scope::History && !QByteArray(QTest::currentDataTag()).contains("no rows")) {
        AuditEntry flag = entry(Action::Flag, QStringLiteral("Flagged 2 sellers"), {},
                                flagColumn(true, {QStringLiteral("-x"), QStringLiteral("b,c")}), 2);
        flag.id = QStringLiteral("e1");
        AuditEntry edit =
            entry(Action::Edit, QStringLiteral(" New "), asString(R"({"display_name": "Old"})"),
                  asString(R"({"display_name": " New "})"));
        edit.id = QStringLiteral("e2");
        edit.createdAt = 1743296399500000;
        edit.userName.clear();
        edit.userId = QStringLiteral("u-1");
        AuditEntry exported = entry(Action::Export, QStringLiteral("=Exported"), {},
                                    asString(R"({"format": "csv", "sellers": []})"), -1);
        exported.id = QStringLiteral("e3");
        exported.createdAt = 1743249600000001;
        for (const AuditEntry &e : {flag, edit, exported})
            QVERIFY(file.add(e, &error));
    } else if (scope == Scope::Sellers) {
        Seller acme;
        acme.id = QStringLiteral("s1");
        acme.displayName = QStringLiteral("=Acme, \"Ltd\"");
        acme.platform = QStringLiteral("ebay");
        acme.flagged = true;
        acme.timesSeen = 3;
        acme.feedbackScore = -5;
        acme.createdAt = RowTime;
        Seller pad;
        pad.id = QStringLiteral("s2");
        pad.displayName = QStringLiteral(" pad");
        pad.platform = QStringLiteral("@bay"); // a text column, but only neutralised in Spreadsheet
        pad.createdAt = RowTime;
        QVERIFY(file.add(acme, &error));
        QVERIFY(file.add(pad, &error));
    }
    QVERIFY2(file.commit(&error), qPrintable(error.message));
    QCOMPARE(fileBytes(path), expected);
    QCOMPARE(file.result().bytes, expected.size());
    QCOMPARE(file.result().path, path);
}

void TestExportFile::shouldRoundTripHostileTextThroughPythonCsv_data()
{
    QTest::addColumn<Scope>("scope");
    QTest::addColumn<CsvProfile>("profile");

    QTest::newRow("history, spreadsheet") << Scope::History << CsvProfile::Spreadsheet;
    QTest::newRow("history, standard") << Scope::History << CsvProfile::Standard;
    QTest::newRow("sellers, spreadsheet") << Scope::Sellers << CsvProfile::Spreadsheet;
    QTest::newRow("sellers, standard") << Scope::Sellers << CsvProfile::Standard;
}

void TestExportFile::shouldRoundTripHostileTextThroughPythonCsv()
{
    QFETCH(Scope, scope);
    QFETCH(CsvProfile, profile);
    if (!QFile::exists(QStringLiteral("/usr/bin/python3")))
        QSKIP("needs /usr/bin/python3, the independent CSV reader");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("hostile.csv"));
    ExportFile file(request(scope, profile, path));
    SourceError error;
    QVERIFY(file.open(&error));
    QList<QStringList> expected;
    QList<bool> textColumns;
    if (scope == Scope::History) {
        const HistoryCase c = historyCase();
        for (const AuditEntry &e : c.entries)
            QVERIFY(file.add(e, &error));
        expected << HistoryHeader << c.cells;
        textColumns = HistoryText;
    } else {
        const SellersCase c = sellersCase();
        for (const Seller &s : c.sellers)
            QVERIFY(file.add(s, &error));
        expected << SellersHeader << c.cells;
        textColumns = SellersText;
    }
    QVERIFY2(file.commit(&error), qPrintable(error.message));

    QString problem;
    const std::optional<ParsedBack> parsed = parseBack(path, &problem);
    QVERIFY2(parsed, qPrintable(problem));
    QCOMPARE(parsed->bom, profile == CsvProfile::Spreadsheet);
    QCOMPARE(parsed->bareBreaks, 0);
    QVERIFY(parsed->endsCrlf);
    QCOMPARE(parsed->rows.size(), expected.size());
    QCOMPARE(parsed->quoted.size(), expected.size());
    for (qsizetype r = 0; r < expected.size(); ++r) {
        QCOMPARE(parsed->rows.at(r).size(), expected.at(r).size());
        QCOMPARE(parsed->quoted.at(r).size(), expected.at(r).size());
        for (qsizetype col = 0; col < expected.at(r).size(); ++col) {
            const QString raw = expected.at(r).at(col);
            const QString want = r == 0 ? raw : neutralised(raw, textColumns.at(col), profile);
            const QString &got = parsed->rows.at(r).at(col);
            QVERIFY2(got == want, qPrintable(QStringLiteral("row %1 column %2: got \"%3\", want "
                                                            "\"%4\"")
                                                 .arg(r)
                                                 .arg(col)
                                                 .arg(got.left(80), want.left(80))));
            const bool quoted = parsed->quoted.at(r).at(col);
            const bool wantQuoted =
                profile == CsvProfile::Spreadsheet || needsQuotesInStandard(want);
            QVERIFY2(
                quoted == wantQuoted,
                qPrintable(
                    QStringLiteral("row %1 column %2 quoted: %3").arg(r).arg(col).arg(quoted)));
        }
    }

    const QByteArray bytes = fileBytes(path);
    const ExportResult result = file.result();
    QCOMPARE(result.rows, expected.size() - 1);
    QCOMPARE(result.bytes, bytes.size());
    QCOMPARE(
        result.sha256,
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
}

void TestExportFile::shouldHashExactlyTheFileBytesAcrossFlushes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("big.csv"));
    ExportFile file(request(Scope::History, CsvProfile::Spreadsheet, path));
    SourceError error;
    QVERIFY(file.open(&error));
    const QString longName = QString(300, u'ü') + QStringLiteral("\"x\"");
    for (int i = 0; i < 20000; ++i) {
        AuditEntry e = entry(Action::Add, longName + QString::number(i), {}, {});
        e.createdAt = RowTime - i;
        QVERIFY(file.add(e, &error));
    }
    const ExportProgress before = file.progress();
    QCOMPARE(before.rows, 20000);
    QVERIFY2(before.bytes > 4 * (1 << 20), "several flushes");
    QVERIFY(file.commit(&error));

    const QByteArray bytes = fileBytes(path);
    QCOMPARE(file.result().bytes, bytes.size());
    QCOMPARE(before.bytes, bytes.size());
    QCOMPARE(
        file.result().sha256,
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
}

void TestExportFile::shouldDigestLikeQCryptographicHash()
{
    qInfo("SHA-256 with the CPU's SHA extensions: %s",
          CsvDigest::usesCpuExtensions() ? "yes" : "no (QCryptographicHash)");
    QRandomGenerator random(3);
    QByteArray data(70000, Qt::Uninitialized);
    for (char &c : data)
        c = char(random.bounded(256));
    // Every length around the padding's edges (55, 56, 63, 64 bytes, ...),
    // fed whole and in random pieces.
    QList<qsizetype> lengths;
    for (qsizetype n = 0; n <= 300; ++n)
        lengths << n;
    lengths << 1000 << 4095 << 4096 << 65536 << data.size();
    for (qsizetype n : lengths) {
        const QByteArrayView bytes(data.constData(), n);
        const QByteArray want = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
        CsvDigest whole;
        whole.addData(bytes);
        QCOMPARE(whole.result().toHex(), want.toHex());
        CsvDigest pieces;
        for (qsizetype at = 0; at < n;) {
            const qsizetype piece = std::min<qsizetype>(n - at, random.bounded(1, 150));
            pieces.addData(bytes.sliced(at, piece));
            at += piece;
        }
        QCOMPARE(pieces.result().toHex(), want.toHex());
        QCOMPARE(pieces.result().toHex(), want.toHex()); // result() does not consume
    }

    QByteArray big(64 << 20, 'x');
    QElapsedTimer timer;
    timer.start();
    CsvDigest digest;
    digest.addData(big);
    const QByteArray fast = digest.result();
    const double fastSeconds = double(timer.nsecsElapsed()) / 1e9;
    timer.restart();
    const QByteArray qt = QCryptographicHash::hash(big, QCryptographicHash::Sha256);
    const double qtSeconds = double(timer.nsecsElapsed()) / 1e9;
    QCOMPARE(fast.toHex(), qt.toHex());
    qInfo("SHA-256: %.0f MB/s here, %.0f MB/s with QCryptographicHash", 67.1 / fastSeconds,
          67.1 / qtSeconds);
}

void TestExportFile::shouldListDistinctNamesInFirstSeenOrder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("names.csv"));
    ExportFile file(request(Scope::History, CsvProfile::Standard, path));
    SourceError error;
    QVERIFY(file.open(&error));
    const QList<AuditEntry> rows{
        entry(Action::Add, QStringLiteral("b"), {}, asString(R"({"display_name": "b"})")),
        // "a; b" is one name: the list is split where it was joined, not
        // where the joined text happens to hold "; ".
        entry(Action::Flag, QStringLiteral("Flagged 4 sellers"), {},
              flagColumn(true, {QStringLiteral("a; b"), QStringLiteral("c"), QStringLiteral("b"),
                                QString()}),
              4),
        entry(Action::Remove, QStringLiteral("Removed 2 sellers"),
              QByteArray(R"({"names": ["c", "d"]})"), {}, 2),
        entry(Action::Edit, QStringLiteral("a"), asString(R"({"display_name": "z"})"),
              asString(R"({"display_name": "a"})")),
        entry(Action::Flag, QStringLiteral("Flagged 2 sellers"), {}, QByteArray(R"("{")"), 2),
        entry(Action::Add, QStringLiteral("x (+1 more)"), {},
              asString(R"({"names": ["Z\u00fcrich", "b"]})"), 2),
    };
    for (const AuditEntry &e : rows)
        QVERIFY(file.add(e, &error));
    QVERIFY(file.commit(&error));
    QCOMPARE(file.result().sellerNames.toStringList(),
             (QStringList{QStringLiteral("b"), QStringLiteral("a; b"), QStringLiteral("c"),
                          QStringLiteral("d"), QStringLiteral("a"), u8("Zürich")}));
    QCOMPARE(file.result().sellerIds, QStringList());
    QCOMPARE(file.result().rows, rows.size());
}

void TestExportFile::shouldListExportedSellersInFirstSeenOrder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("sellers.csv"));
    ExportFile file(request(Scope::Sellers, CsvProfile::Spreadsheet, path));
    SourceError error;
    QVERIFY(file.open(&error));
    const auto seller = [](const char *id, const char *name) {
        Seller s;
        s.id = QLatin1String(id);
        s.displayName = u8(name);
        s.platform = QStringLiteral("ebay");
        return s;
    };
    Seller lone = seller("s5", "lone ");
    lone.displayName += QChar(0xDC00);
    for (const Seller &s : {seller("s1", "x; y"), seller("s2", "Åke"), seller("s3", "x; y"),
                            seller("s1", "x; y"), seller("s4", ""), lone})
        QVERIFY(file.add(s, &error));
    QVERIFY(file.commit(&error));
    // A name as the file has it: the lone surrogate as U+FFFD.
    QCOMPARE(file.result().sellerNames.toStringList(),
             (QStringList{u8("x; y"), u8("Åke"), u8("lone \uFFFD")}));
    QCOMPARE(file.result().sellerIds,
             (QStringList{QStringLiteral("s1"), QStringLiteral("s2"), QStringLiteral("s3"),
                          QStringLiteral("s4"), QStringLiteral("s5")}));
    QCOMPARE(file.result().rows, 6);
}

void TestExportFile::shouldReadJsonColumnsLikeEntryDetails_data()
{
    QTest::addColumn<AuditEntry>("entry");
    QTest::addColumn<bool>("direct"); // the upstream shapes must not need EntryDetails

    const auto names = [](const QStringList &list) { return QJsonArray::fromStringList(list); };
    const QStringList hostile = hostileTexts();
    const QString lone = QString(QChar(0xD800));
    const QString sName = QStringLiteral("Seller Name");

    // What the upstream writers store (and this program's demo generator).
    QTest::newRow("add one") << entry(Action::Add, sName, {},
                                      UpstreamJson::encodeColumn({{key("display_name"), sName}}))
                             << true;
    QTest::newRow("add one, hostile")
        << entry(Action::Add, hostile.at(0), {},
                 UpstreamJson::encodeColumn({{key("display_name"), hostile.at(0)}}))
        << true;
    QTest::newRow("add one, no JSON") << entry(Action::Add, sName, {}, {}) << true;
    QTest::newRow("add bulk") << entry(Action::Add, QStringLiteral("a (+2 more)"), {},
                                       UpstreamJson::encodeColumn(
                                           {{key("names"), names(hostile.mid(0, 24))}}),
                                       24)
                              << true;
    QTest::newRow("add bulk, non-ASCII escapes")
        << entry(Action::Add, QStringLiteral("x (+2 more)"), {},
                 UpstreamJson::encodeColumn(
                     {{key("names"), names({u8("Zürich"), u8("🚀 gamma"), u8("東京 \u00A0")})}}),
                 3)
        << true;
    QTest::newRow("edit") << entry(Action::Edit, QStringLiteral("New"),
                                   asString(R"({"display_name": "Old"})"),
                                   asString(R"({"display_name": "New"})"))
                          << true;
    QTest::newRow("edit, lone surrogate in the name")
        << entry(Action::Edit, u8("x") + lone, {}, {}) << true;
    QTest::newRow("remove one") << entry(Action::Remove, sName,
                                         asString(R"({"display_name": "Seller Name"})"), {})
                                << true;
    QTest::newRow("remove bulk, real object")
        << entry(Action::Remove, QStringLiteral("Removed 3 sellers"),
                 UpstreamJson::jsonbText(
                     QJsonObject{{key("names"), names({u8("a"), u8("Café \"Zürich\""), u8("🚀")})}}),
                 {}, 3)
        << true;
    QTest::newRow("remove bulk, string shape")
        << entry(Action::Remove, QStringLiteral("Removed 2 sellers"),
                 asString(R"({"names": ["a", "b"]})"), {}, 2)
        << true;
    for (const char *format : {"csv", "json", "clipboard"}) {
        QTest::addRow("export %s", format)
            << entry(Action::Export, QStringLiteral("Exported 2 sellers"), {},
                     UpstreamJson::encodeColumn({{key("format"), QLatin1String(format)},
                                                 {key("sellers"), names({u8("a"), u8("b")})}}),
                     2)
            << true;
    }
    QTest::newRow("export of nobody")
        << entry(Action::Export, QStringLiteral("Exported 0 sellers as csv"), {},
                 asString(R"({"format": "csv", "sellers": []})"), 0)
        << true;
    QTest::newRow("flag true") << entry(Action::Flag, QStringLiteral("Flagged 3 sellers"), {},
                                        flagColumn(true, hostile.mid(0, 3)), 3)
                               << true;
    QTest::newRow("flag false") << entry(Action::Flag, QStringLiteral("Unflagged 1 sellers"), {},
                                         flagColumn(false, {u8("Zürich 🚀")}), 1)
                                << true;
    QTest::newRow("flag with a reason")
        << entry(Action::Flag, QStringLiteral("Flagged 1 sellers"), {},
                 UpstreamJson::encodeColumn({{key("flagged"), true},
                                             {key("sellers"), names({u8("a")})},
                                             {key("reason"), u8("\"why\"\n")}}),
                 1)
        << true;
    QTest::newRow("flag, real object, raw UTF-8")
        << entry(Action::Flag, QStringLiteral("Flagged 2 sellers"), {},
                 QByteArray("{\"flagged\": false, \"sellers\": [\"Z\xC3\xBCrich\x7F\", "
                            "\"\xF0\x9F\x9A\x80\", \"\xEF\xBF\xBF\"]}"),
                 2)
        << true;
    QTest::newRow("flag, whitespace everywhere")
        << entry(Action::Flag, QStringLiteral("Flagged 2 sellers"), {},
                 QByteArray(" \t\r\n\"\\r\\n{ \\\"sellers\\\"\\t:\\n[ \\\"a\\\" ,\\\"b\\\" ] , "
                            "\\\"flagged\\\" : true }\\n\" \n"),
                 2)
        << true;
    QTest::newRow("flag, escaped key and all escapes")
        << entry(Action::Flag, QStringLiteral("Flagged 1 sellers"), {},
                 QByteArray(R"({"sell\u0065rs": ["a\/b\b\f\n\r\t\"\\\u00E9\ud83d\ude80"], )"
                            R"("flagged": true})"),
                 1)
        << true;
    QTest::newRow("flag, escaped NUL in a name")
        << entry(Action::Flag, QStringLiteral("Flagged 1 sellers"), {},
                 QByteArray(R"({"flagged": true, "sellers": ["a\u0000b"]})"), 1)
        << true;
    QTest::newRow("flag, empty object")
        << entry(Action::Flag, QStringLiteral("Flagged"), {}, asString("{}"), 0) << true;
    QTest::newRow("flag, NULL") << entry(Action::Flag, QStringLiteral("Flagged"), {}, {}, 0)
                                << true;
    QTest::newRow("names not a list")
        << entry(Action::Add, QStringLiteral("x (+1 more)"), {}, asString(R"({"names": "x"})"), 2)
        << true;
    QTest::newRow("names null") << entry(Action::Add, QStringLiteral("x"), {},
                                         asString(R"({"names": null})"))
                                << true;
    QTest::newRow("sellers not a list") << entry(Action::Export, QStringLiteral("Exported"), {},
                                                 asString(R"({"format": "csv", "sellers": "a"})"))
                                        << true;
    QTest::newRow("flagged not a bool")
        << entry(Action::Flag, QStringLiteral("Flagged 1 sellers"), {},
                 asString(R"({"flagged": "yes", "sellers": ["a"]})"), 1)
        << true;
    QTest::newRow("flagged null") << entry(Action::Flag, QStringLiteral("Flagged 1 sellers"), {},
                                           asString(R"({"flagged": null, "sellers": ["a"]})"), 1)
                                  << true;
    QTest::newRow("format not text, null")
        << entry(Action::Export, QStringLiteral("Exported"), {},
                 asString(R"({"format": null, "sellers": ["a"]})"), 1)
        << true;
    QTest::newRow("format a list") << entry(Action::Export, QStringLiteral("Exported"), {},
                                            asString(R"({"format": ["csv"], "sellers": ["a"]})"), 1)
                                   << true;

    // Outside what the scanner reads: EntryDetails reads them; same cells.
    QTest::newRow("export with this app's extras")
        << entry(Action::Export, QStringLiteral("Exported 2 sellers as csv"), {},
                 asString(R"({"format": "csv", "sellers": ["a", "b"], "scope": "history", )"
                          R"("rows": 5, "filter": {"actions": ["flag"]}, "file_sha256": "ab"})"),
                 2)
        << false;
    QTest::newRow("invalid JSON inside the string")
        << entry(Action::Export, QStringLiteral("Exported 2 sellers as csv"), {},
                 QByteArray(R"("{\"format\": \"csv\", \"sellers\": [\"a\"")"), 2)
        << false;
    QTest::newRow("column not JSON")
        << entry(Action::Add, QStringLiteral("Acme"), {}, QByteArray("{broken")) << false;
    QTest::newRow("a string holding a name")
        << entry(Action::Remove, QStringLiteral("Gone Ltd"), QByteArray(R"("Gone Ltd")"), {})
        << false;
    QTest::newRow("inner value not an object")
        << entry(Action::Export, QStringLiteral("Exported"), {}, QByteArray(R"("[\"a\"]")"), 1)
        << false;
    QTest::newRow("JSON null column")
        << entry(Action::Add, QStringLiteral("Acme"), {}, QByteArray("null")) << false;
    QTest::newRow("empty JSON string")
        << entry(Action::Flag, QStringLiteral("F"), {}, QByteArray(R"("")")) << false;
    QTest::newRow("blank column") << entry(Action::Add, QStringLiteral("Acme"), {},
                                           QByteArray(" \n"))
                                  << false;
    QTest::newRow("sellers with a number")
        << entry(Action::Flag, QStringLiteral("Flagged 2 sellers"), {},
                 asString(R"({"flagged": true, "sellers": [1, "a"]})"), 2)
        << false;
    QTest::newRow("removed names with null")
        << entry(Action::Remove, QStringLiteral("Removed 2 sellers"),
                 QByteArray(R"({"names": [null, "b"]})"), {}, 2)
        << false;
    QTest::newRow("duplicate sellers key")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 asString(R"({"flagged": true, "sellers": ["a"], "sellers": ["b"]})"), 1)
        << false;
    QTest::newRow("duplicate flagged key")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 asString(R"({"flagged": true, "sellers": ["a"], "flagged": false})"), 1)
        << false;
    QTest::newRow("duplicate names key")
        << entry(Action::Remove, QStringLiteral("Removed"),
                 QByteArray(R"({"names": "x", "names": ["b"]})"), {}, 1)
        << false;
    QTest::newRow("lone high surrogate escape")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray(R"({"flagged": true, "sellers": ["a\ud800"]})"), 1)
        << false;
    QTest::newRow("lone low surrogate escape")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray(R"({"flagged": true, "sellers": ["\udc00b"]})"), 1)
        << false;
    QTest::newRow("high surrogate then a letter")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray(R"({"flagged": true, "sellers": ["\ud83d\u0041"]})"), 1)
        << false;
    QTest::newRow("lone surrogate through json.dumps")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 flagColumn(true, {u8("x") + lone + u8("y")}), 1)
        << false;
    QTest::newRow("raw control character")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray("{\"flagged\": true, \"sellers\": [\"a\x01\"]}"), 1)
        << false;
    QTest::newRow("invalid UTF-8")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray("{\"flagged\": true, \"sellers\": [\"a\xFF\"]}"), 1)
        << false;
    QTest::newRow("overlong UTF-8")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray("{\"flagged\": true, \"sellers\": [\"\xC0\xAF\"]}"), 1)
        << false;
    QTest::newRow("UTF-8 of a surrogate")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray("{\"flagged\": true, \"sellers\": [\"\xED\xA0\x80\"]}"), 1)
        << false;
    QTest::newRow("truncated UTF-8")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray("{\"flagged\": true, \"sellers\": [\"\xE6\x9D\"]}"), 1)
        << false;
    QTest::newRow("unknown escape")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray(R"({"flagged": true, "sellers": ["\x41"]})"), 1)
        << false;
    QTest::newRow("trailing garbage")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray(R"({"flagged": true, "sellers": ["a"]} x)"), 1)
        << false;
    QTest::newRow("two values") << entry(Action::Flag, QStringLiteral("Flagged"), {},
                                         QByteArray(R"({"flagged": true, "sellers": ["a"]}], [{})"),
                                         1)
                                << false;
    QTest::newRow("trailing comma")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray(R"({"flagged": true, "sellers": ["a",]})"), 1)
        << false;
    QTest::newRow("misspelt literal")
        << entry(Action::Flag, QStringLiteral("Flagged"), {},
                 QByteArray(R"({"flagged": tru, "sellers": ["a"]})"), 1)
        << false;
    QTest::newRow("single quotes") << entry(Action::Flag, QStringLiteral("Flagged"), {},
                                            QByteArray(R"({'flagged': true, 'sellers': ['a']})"), 1)
                                   << false;
    QTest::newRow("NUL after the value")
        << entry(Action::Add, QStringLiteral("x"), {},
                 QByteArray(R"({"names": ["a"]})") + QByteArray(1, '\0'))
        << false;
}

void TestExportFile::shouldReadJsonColumnsLikeEntryDetails()
{
    QFETCH(AuditEntry, entry);
    QFETCH(bool, direct);

    const EntryDetails details = EntryDetails::from(entry);
    QByteArrayList want;
    for (const QString &n : details.namesOrSellerName(entry))
        want << utf8(n);

    ExportColumns::HistoryCells cells;
    cells.read(entry);
    QByteArrayList got;
    for (qsizetype i = 0; i < cells.nameCount(); ++i)
        got << cells.name(i).toByteArray();
    QCOMPARE(got, want);
    QCOMPARE(cells.flagged(), entry.action == Action::Flag ? details.flagged : std::nullopt);
    QCOMPARE(cells.format().toByteArray(),
             entry.action == Action::Export ? utf8(details.format) : QByteArray());
    if (direct)
        QVERIFY2(cells.readDirectly(), "an upstream shape went the slow way");

    // Reused for another row, it forgets this one.
    cells.read(::entry(Action::Edit, QStringLiteral("other"), {}, {}));
    QCOMPARE(cells.nameCount(), 1);
    QCOMPARE(cells.name(0).toByteArray(), QByteArray("other"));
    QCOMPARE(cells.flagged(), std::nullopt);
    QVERIFY(cells.format().isEmpty());
}

void TestExportFile::shouldFormatIsoUtcLikeTimestamp()
{
    QList<Micros> instants{0,
                           -1,
                           1,
                           -14182940000001,
                           -2203891200000000,
                           1709210096123456,
                           951868799999999,
                           -62135596800000000,
                           253402300799999999,
                           253402300800000000,  // year 10000: Timestamp's own text
                           -62135596800000001,  // year 0
                           -62167219200000001}; // year -1
    QRandomGenerator random(42);
    for (int i = 0; i < 20000; ++i)
        instants << random.bounded(-62135596800000000LL, 253402300799999999LL);
    for (Micros t : instants)
        QCOMPARE(QString::fromLatin1(ExportColumns::isoUtc(t).view()), Timestamp::toIsoUtc(t));
}

void TestExportFile::shouldFormatLocalTimeLikeTimestamp_data()
{
    QTest::addColumn<QString>("zoneId");
    for (const char *zone :
         {"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
          "America/St_Johns", "Pacific/Apia", "Africa/Casablanca", "Europe/Dublin", "local"})
        QTest::newRow(zone) << QString::fromLatin1(zone);
}

void TestExportFile::shouldFormatLocalTimeLikeTimestamp()
{
    QFETCH(QString, zoneId);
    const QTimeZone zone = ExportColumns::LocalTimeFormatter::zoneFor(zoneId);
    QVERIFY(zone.isValid());

    // Sorted both ways (the cache's usual case), shuffled, and hugging the
    // zone's transitions.
    QRandomGenerator random(7);
    const Micros from = -2208988800000000; // 1900
    const Micros to = 4102444800000000;    // 2100
    QList<Micros> ascending;
    for (int i = 0; i < 4000; ++i)
        ascending << random.bounded(from, to);
    std::sort(ascending.begin(), ascending.end());
    QList<Micros> descending(ascending.rbegin(), ascending.rend());
    QList<Micros> shuffled = ascending;
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    QList<Micros> edges;
    const QTimeZone::OffsetDataList transitions =
        zone.transitions(QDateTime::fromMSecsSinceEpoch(from / 1000, QTimeZone::utc()),
                         QDateTime::fromMSecsSinceEpoch(to / 1000, QTimeZone::utc()));
    for (const QTimeZone::OffsetData &t : transitions) {
        const Micros at = t.atUtc.toMSecsSinceEpoch() * 1000;
        for (Micros d : {-Timestamp::MicrosPerSecond, Micros(-1), Micros(0), Micros(1),
                         Timestamp::MicrosPerSecond})
            edges << at + d;
    }
    QList<Micros> edgesBackwards(edges.rbegin(), edges.rend());

    for (const QList<Micros> &series : {ascending, descending, shuffled, edges, edgesBackwards}) {
        ExportColumns::LocalTimeFormatter formatter(zone);
        for (Micros t : series) {
            const QString got = QString::fromLatin1(formatter.format(t).view());
            const QString want = Timestamp::formatLocal(t, zone);
            QVERIFY2(got == want, qPrintable(QStringLiteral("%1 (%2): got %3, want %4")
                                                 .arg(Timestamp::toIsoUtc(t))
                                                 .arg(t)
                                                 .arg(got, want)));
        }
    }
}

void TestExportFile::shouldUseUtcForAnEmptyOrUnknownZone_data()
{
    QTest::addColumn<QString>("zoneId");
    QTest::addColumn<QString>("localTime");

    QTest::newRow("empty") << QString() << QStringLiteral("2025-03-30 01:02:03");
    QTest::newRow("unknown") << QStringLiteral("Mars/Olympus_Mons")
                             << QStringLiteral("2025-03-30 01:02:03");
    QTest::newRow("UTC") << QStringLiteral("UTC") << QStringLiteral("2025-03-30 01:02:03");
    QTest::newRow("Tokyo") << QStringLiteral("Asia/Tokyo") << QStringLiteral("2025-03-30 10:02:03");
}

void TestExportFile::shouldUseUtcForAnEmptyOrUnknownZone()
{
    QFETCH(QString, zoneId);
    QFETCH(QString, localTime);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("zone.csv"));
    ExportFile file(request(Scope::History, CsvProfile::Standard, path, zoneId));
    SourceError error;
    QVERIFY(file.open(&error));
    QVERIFY(file.add(entry(Action::Edit, QStringLiteral("x"), {}, {}), &error));
    QVERIFY(file.commit(&error));
    const QList<QByteArray> lines = fileBytes(path).split('\n');
    QVERIFY(lines.size() >= 2);
    QCOMPARE(QString::fromUtf8(lines.at(1).split(',').at(1)), localTime);
}

void TestExportFile::shouldLeaveNoFileWhenNotCommitted_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<bool>("existing");
    QTest::addColumn<bool>("byDestructor");

    for (bool existing : {false, true}) {
        for (bool byDestructor : {false, true}) {
            for (int rows : {0, 30000}) { // 30,000 rows: past the first flush
                QTest::addRow("%d rows, %s, %s", rows,
                              existing ? "over an existing file" : "new file",
                              byDestructor ? "destroyed" : "cancelled")
                    << rows << existing << byDestructor;
            }
        }
    }
}

void TestExportFile::shouldLeaveNoFileWhenNotCommitted()
{
    QFETCH(int, rows);
    QFETCH(bool, existing);
    QFETCH(bool, byDestructor);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    const QByteArray old("the file the user had\n");
    if (existing) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(old);
    }
    const QStringList before = dirEntries(dir.path());
    {
        ExportFile file(request(Scope::History, CsvProfile::Spreadsheet, path));
        SourceError error;
        QVERIFY(file.open(&error));
        for (int i = 0; i < rows; ++i)
            QVERIFY(
                file.add(entry(Action::Edit, QStringLiteral("name %1").arg(i), {}, {}), &error));
        if (!byDestructor) {
            file.cancel();
            QCOMPARE(dirEntries(dir.path()), before);
            QVERIFY(!file.add(entry(Action::Edit, QStringLiteral("late"), {}, {}), &error));
            QCOMPARE(error.kind, SourceError::Kind::Failed);
            QVERIFY(!file.commit(&error));
        }
    }
    QCOMPARE(dirEntries(dir.path()), before);
    if (existing)
        QCOMPARE(fileBytes(path), old);
}

void TestExportFile::shouldReportAnUnwritablePath_data()
{
    QTest::addColumn<QString>("relativePath"); // "" is the directory itself
    QTest::addColumn<QString>("saying");

    QTest::newRow("missing folder")
        << QStringLiteral("missing/out.csv") << QStringLiteral("does not exist");
    QTest::newRow("a folder") << QString() << QStringLiteral("folder");
}

void TestExportFile::shouldReportAnUnwritablePath()
{
    QFETCH(QString, relativePath);
    QFETCH(QString, saying);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = relativePath.isEmpty() ? dir.path() : dir.filePath(relativePath);
    ExportFile file(request(Scope::History, CsvProfile::Standard, path));
    SourceError error;
    QVERIFY(!file.open(&error));
    QCOMPARE(error.kind, SourceError::Kind::Failed);
    QVERIFY2(error.message.contains(QDir::toNativeSeparators(path)), qPrintable(error.message));
    QVERIFY2(error.message.contains(saying), qPrintable(error.message));
    qInfo("%s", qPrintable(error.message));
    QVERIFY2(error.message.endsWith(u'.'), qPrintable(error.message));

    SourceError later;
    QVERIFY(!file.add(entry(Action::Edit, QStringLiteral("x"), {}, {}), &later));
    QCOMPARE(later.message, error.message);
    QVERIFY(!file.commit(&later));
    QCOMPARE(later.message, error.message);
    QCOMPARE(dirEntries(dir.path()), QStringList());
}

void TestExportFile::shouldReportAnUnwritablePathAsNonRoot()
{
    if (geteuid() == 0)
        QSKIP("root ignores file permissions");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString locked = dir.filePath(QStringLiteral("locked"));
    QVERIFY(QDir().mkdir(locked));
    QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner));
    const QString path = QDir(locked).filePath(QStringLiteral("out.csv"));
    ExportFile file(request(Scope::Sellers, CsvProfile::Standard, path));
    SourceError error;
    const bool opened = file.open(&error);
    QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY(!opened);
    QCOMPARE(error.kind, SourceError::Kind::Failed);
    QVERIFY2(error.message.contains(QDir::toNativeSeparators(path)), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("permission denied"), Qt::CaseInsensitive),
             qPrintable(error.message));
    qInfo("%s", qPrintable(error.message));
    QCOMPARE(dirEntries(locked), QStringList());
}

void TestExportFile::shouldReportAFailedWrite()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    const QByteArray old("the file the user had\n");
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(old);
    }
    SourceError error;
    bool failed = false;
    {
        ExportFile file(request(Scope::History, CsvProfile::Standard, path));
        QVERIFY(file.open(&error));
        {
            const FileSizeLimit limit(256 * 1024);
            QVERIFY(limit.ok());
            for (int i = 0; i < 40000 && !failed; ++i)
                failed = !file.add(entry(Action::Edit, QStringLiteral("name %1").arg(i), {}, {}),
                                   &error);
            if (!failed)
                failed = !file.commit(&error);
        }
        QVERIFY2(failed, "writing past the limit must fail");
        QCOMPARE(error.kind, SourceError::Kind::Failed);
        QVERIFY2(error.message.startsWith(QStringLiteral("Could not write the export file \"") +
                                          QDir::toNativeSeparators(path) + u'"'),
                 qPrintable(error.message));
        QVERIFY2(error.message.endsWith(u'.'), qPrintable(error.message));
        qInfo("%s", qPrintable(error.message));

        SourceError later;
        QVERIFY(!file.add(entry(Action::Edit, QStringLiteral("x"), {}, {}), &later));
        QCOMPARE(later.message, error.message);
        QVERIFY(!file.commit(&later));
    }
    QCOMPARE(dirEntries(dir.path()), QStringList{QStringLiteral("out.csv")});
    QCOMPARE(fileBytes(path), old);
}

void TestExportFile::shouldRefuseRowsOfTheOtherScope()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    ExportFile file(request(Scope::History, CsvProfile::Standard, path));
    SourceError error;
    QVERIFY(file.open(&error));
    QVERIFY(!file.add(Seller{}, &error));
    QCOMPARE(error.kind, SourceError::Kind::Failed);
    QVERIFY2(error.message.contains(QDir::toNativeSeparators(path)), qPrintable(error.message));
    QVERIFY(!file.commit(&error));
    QCOMPARE(dirEntries(dir.path()), QStringList());
}

// Not a pass/fail test of speed: it prints what a million typical rows cost,
// for the budget in product.md (an export adds little to reading the rows).
// SELLER_HISTORY_EXPORT_ROWS changes the row count.
void TestExportFile::shouldWriteAMillionHistoryRowsQuickly()
{
    const qint64 rowCount = qEnvironmentVariableIsSet("SELLER_HISTORY_EXPORT_ROWS")
                                ? qEnvironmentVariableIntValue("SELLER_HISTORY_EXPORT_ROWS")
                                : 1'000'000;
    // A pool of rows shaped as upstream writes them: two thirds about one
    // seller (add, edit, remove), one third flags of about five sellers;
    // names from 100,000 sellers, some of them non-ASCII (\uXXXX escapes).
    QRandomGenerator random(1);
    QStringList sellerNames;
    for (int i = 0; i < 100000; ++i)
        sellerNames << (i % 7 == 0 ? QStringLiteral("Zürich Trading %1 GmbH").arg(i)
                                   : QStringLiteral("best-deals-store-%1").arg(i));
    const auto anyName = [&] { return sellerNames.at(random.bounded(int(sellerNames.size()))); };
    QList<AuditEntry> pool;
    for (int i = 0; i < 30000; ++i) {
        AuditEntry e;
        e.id = QUuid::createUuidV5(QUuid(), QString::number(i)).toString(QUuid::WithoutBraces);
        e.source = QStringLiteral("manual");
        e.userId = QStringLiteral("0000aaaa-0000-4000-8000-000000000001");
        e.userName = QStringLiteral("Analyst %1").arg(i % 5);
        if (i % 3 == 2) {
            QStringList names;
            const int n = 3 + random.bounded(5);
            for (int k = 0; k < n; ++k)
                names << anyName();
            const bool flagged = random.bounded(5) != 0;
            e.action = Action::Flag;
            e.sellerName = (flagged ? QStringLiteral("Flagged %1 sellers")
                                    : QStringLiteral("Unflagged %1 sellers"))
                               .arg(n);
            e.newValue = flagColumn(flagged, names);
            e.affectedCount = n;
        } else {
            const QString name = anyName();
            e.sellerName = name;
            e.sellerId = e.id;
            const QByteArray json = UpstreamJson::encodeColumn({{key("display_name"), name}});
            switch (i % 3) {
            case 0:
                e.action = Action::Add;
                e.newValue = json;
                break;
            default:
                e.action = i % 2 ? Action::Edit : Action::Remove;
                (e.action == Action::Edit ? e.newValue : e.oldValue) = json;
                if (e.action == Action::Edit)
                    e.oldValue = UpstreamJson::encodeColumn({{key("display_name"), anyName()}});
                break;
            }
        }
        pool << e;
    }

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("million.csv"));
    // Rows reach the file as a reader makes them: freshly decoded, a page at
    // a time. Making them is the reader's work and is not timed.
    const auto fresh = [](const AuditEntry &e, Micros createdAt) {
        const auto copy = [](const QString &s) { return QString(s.constData(), s.size()); };
        AuditEntry f = e;
        f.id = copy(e.id);
        f.createdAt = createdAt;
        f.sellerId = copy(e.sellerId);
        f.sellerName = copy(e.sellerName);
        f.oldValue = QByteArray(e.oldValue.constData(), e.oldValue.size());
        f.newValue = QByteArray(e.newValue.constData(), e.newValue.size());
        f.source = copy(e.source);
        f.userId = copy(e.userId);
        f.userName = copy(e.userName);
        return f;
    };
    for (CsvProfile profile : {CsvProfile::Spreadsheet, CsvProfile::Standard}) {
        qint64 wallNs = 0;
        double cpu = 0;
        QElapsedTimer timer;
        const auto timed = [&](const auto &work) {
            const double cpuStart = threadCpuSeconds();
            timer.start();
            const bool ok = work();
            wallNs += timer.nsecsElapsed();
            cpu += threadCpuSeconds() - cpuStart;
            return ok;
        };
        ExportFile file(request(Scope::History, profile, path));
        SourceError error;
        QVERIFY(timed([&] { return file.open(&error); }));
        QList<AuditEntry> page;
        Micros t = RowTime;
        for (qint64 i = 0; i < rowCount; i += 1000) {
            page.clear();
            for (qint64 k = i; k < std::min(rowCount, i + 1000); ++k) {
                t -= 60'000'000 + random.bounded(1000); // newest first, a row a minute
                page << fresh(pool.at(k % pool.size()), t);
            }
            const bool added = timed([&] {
                for (const AuditEntry &e : page) {
                    if (!file.add(e, &error))
                        return false;
                }
                return true;
            });
            QVERIFY2(added, qPrintable(error.message));
        }
        const qint64 beforeCommit = wallNs;
        QVERIFY(timed([&] { return file.commit(&error); }));
        const double seconds = double(wallNs) / 1e9;
        const ExportResult result = file.result();
        qInfo("%s: %lld rows, %.1f MB in %.3f s (%.3f s of it committing): %.0f rows/s, %.0f "
              "MB/s; CPU %.3f s: %.0f rows per CPU second; %lld distinct names",
              profile == CsvProfile::Spreadsheet ? "Spreadsheet" : "Standard", qint64(result.rows),
              double(result.bytes) / 1e6, seconds, double(wallNs - beforeCommit) / 1e9,
              double(result.rows) / seconds, double(result.bytes) / 1e6 / seconds, cpu,
              double(result.rows) / cpu, qint64(result.sellerNames.size()));
        QCOMPARE(result.rows, rowCount);
        QCOMPARE(QFileInfo(path).size(), result.bytes);
        QVERIFY(QFile::remove(path)); // the next run starts from the same state
    }

    // Where the time goes, on the same kind of fresh pages: the JSON cells
    // alone, the whole rows encoded in memory, the digest of those bytes;
    // the rest of the above is the distinct names and the file.
    const qint64 sample = std::min<qint64>(rowCount, 300000);
    ExportColumns::HistoryCells cells;
    ExportColumns::LocalTimeFormatter localTime(QTimeZone("Europe/Berlin"));
    CsvWriter writer(CsvProfile::Standard);
    CsvDigest digest;
    qint64 direct = 0, bytes = 0;
    double scanNs = 0, encodeNs = 0, digestNs = 0, detailsNs = 0, detailsRows = 0;
    QList<AuditEntry> page;
    QElapsedTimer timer;
    for (qint64 i = 0; i < sample; i += 1000) {
        page.clear();
        for (qint64 k = i; k < i + 1000; ++k)
            page << fresh(pool.at(k % pool.size()), RowTime - k * 60'000'000);
        timer.start();
        for (const AuditEntry &e : page) {
            cells.read(e);
            direct += cells.readDirectly() ? 1 : 0;
        }
        scanNs += double(timer.nsecsElapsed());
        timer.start();
        for (const AuditEntry &e : page) {
            cells.read(e);
            ExportColumns::writeHistoryRow(writer, e, cells, localTime);
        }
        encodeNs += double(timer.nsecsElapsed());
        timer.start();
        digest.addData(writer.pending());
        digestNs += double(timer.nsecsElapsed());
        bytes += writer.pending().size();
        writer.clearPending();
        if (i % 10000 == 0) {
            timer.start();
            for (qint64 k = 0; k < 100; ++k)
                EntryDetails::from(page.at(k)).namesOrSellerName(page.at(k));
            detailsNs += double(timer.nsecsElapsed());
            detailsRows += 100;
        }
    }
    QCOMPARE(direct, sample);
    qInfo("Per row: JSON cells %.0f ns (through EntryDetails: %.0f ns); whole row encoded %.0f "
          "ns (%.0f bytes); SHA-256 %.0f ns (%.0f MB/s)",
          scanNs / double(sample), detailsNs / detailsRows, encodeNs / double(sample),
          double(bytes) / double(sample), digestNs / double(sample),
          double(bytes) / 1e6 / (digestNs / 1e9));
    QCOMPARE(digest.result().size(), 32);
}

QTEST_GUILESS_MAIN(TestExportFile)
#include "tst_exportfile.moc"
