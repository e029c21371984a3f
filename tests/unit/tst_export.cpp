// Exports through a direct source (SQLite, Postgres): the file holds exactly
// the rows the source pages through for the same filter, in the same order,
// as an independent CSV parser (Python's csv module) reads them back; a
// selection keeps its order; nothing of the other org leaks in; a cancelled
// or failed export leaves no file, also when Postgres stops it midway; and
// the record is one upstream-shaped export row that writing again does not
// duplicate.
#include "historyaccess.h"
#include "historysource.h"
#include "sourcewait.h"
#include "testdatabase.h"
#include "upstreamjson.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z
const QString Main = QString::fromLatin1(TestDatabase::MainOrg);
const QString Other = QString::fromLatin1(TestDatabase::OtherOrg);
const QString Actor = TestDatabase::uuid(7777);
// An org of its own for the one export big enough to be stopped while it
// streams, so the other cases never see its rows.
const QString Bulk = QStringLiteral("c0000000-0000-0000-0000-000000000003");
// Wide enough rows that the server is still sending (blocked on the socket,
// since the client writes CSV slower than Postgres reads) long after the
// first progress report, yet quick to insert in one statement.
constexpr int BulkRows = 300'000;

// Names that break naive CSV writers and readers, and spreadsheets.
QString hostileName(int i)
{
    static const QStringList kinds{
        QStringLiteral("Plain %1"),       QStringLiteral("Comma, Inc %1"),
        QStringLiteral("\"Quoted\" %1"),  QStringLiteral("Line\nbreak %1"),
        QStringLiteral("=HYPERLINK(%1)"), QStringLiteral("+1 %1"),
        QStringLiteral("-minus %1"),      QStringLiteral("@at %1"),
        QStringLiteral("\tTab %1"),       QStringLiteral("Ünïcödé 商店 🙂 %1"),
        QStringLiteral(" padded %1 "),    QStringLiteral("CR\rLF\r\n %1"),
    };
    return kinds.at(i % kinds.size()).arg(i);
}

// The file as Python's csv module reads it (utf-8-sig drops a BOM).
std::optional<QList<QStringList>> parseBack(const QString &path)
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"),
                  QStringLiteral("import csv, json, sys\n"
                                 "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
                                 "    json.dump(list(csv.reader(f)), sys.stdout)\n"),
                  path});
    if (!python.waitForFinished(60000) || python.exitCode() != 0) {
        qWarning() << python.readAllStandardError();
        return std::nullopt;
    }
    QList<QStringList> rows;
    for (const QJsonValue &row : QJsonDocument::fromJson(python.readAllStandardOutput()).array()) {
        QStringList cells;
        for (const QJsonValue &cell : row.toArray())
            cells << cell.toString();
        rows << cells;
    }
    return rows;
}

QString column(const QList<QStringList> &rows, int row, const QString &name)
{
    return rows.at(row).at(rows.first().indexOf(name));
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void shouldExportWhatTheSourcePagesThrough_data();
    void shouldExportWhatTheSourcePagesThrough();
    void shouldKeepTheOrderOfASelection();
    void shouldExportSellers_data();
    void shouldExportSellers();
    void shouldLeaveNoFileWhenCancelled();
    void shouldFailClearlyWhenTheFileCannotBeWritten();
    void shouldRecordOneUpstreamShapedRowOnlyOnce();
    void shouldRecordTheExportersActorWhoeverRetries();
    void shouldRecordManyNamesByteForByte();
    void shouldFailCleanlyWhenPostgresStopsTheCopy_data();
    void shouldFailCleanlyWhenPostgresStopsTheCopy();

private:
    QList<AuditEntry> pageThrough(const HistoryFilter &filter);
    std::optional<ExportResult> exportTo(const ExportRequest &request, SourceError *error);
    bool addBulkOrg();

    std::unique_ptr<TestDatabase> m_db;
    TestSource m_access;
    QTemporaryDir m_dir;
    QList<Seller> m_sellers;
    bool m_bulkOrgAdded = false;
};

void TestExport::initTestCase()
{
    SH_REQUIRE_HISTORY_ACCESS();
    m_db = TestDatabase::create(HistoryAccess::backendFromEnvironment());
    QVERIFY(m_db);
    QVERIFY(m_db->addProfile(Actor, QStringLiteral("exporter@example.com"),
                             QStringLiteral("Exporter")));
    // 120 rows in the main org, every shape, ties every fourth; 15 in the other.
    Timestamp::Micros t = Base;
    for (int i = 0; i < 135; ++i) {
        if (i % 4 != 3)
            t += Timestamp::MicrosPerHour + 11;
        const QString name = hostileName(i);
        AuditEntry e = TestDatabase::addRow(quint64(1 + i), t, name);
        e.userId = i % 2 ? Actor : QString();
        switch (i % 5) {
        case 1:
            e.action = Action::Flag;
            e.sellerId.clear();
            e.sellerName = QStringLiteral("Flagged 2 sellers");
            e.newValue = UpstreamJson::encodeColumn(
                {{QStringLiteral("flagged"), i % 3 == 0},
                 {QStringLiteral("sellers"), QJsonArray{name, hostileName(i + 1)}}});
            e.affectedCount = 2;
            break;
        case 2:
            e.action = Action::Remove;
            e.sellerId.clear();
            e.oldValue = UpstreamJson::jsonbText(
                QJsonObject{{QStringLiteral("names"), QJsonArray{name, hostileName(i + 5)}}});
            e.newValue.clear();
            e.affectedCount = 2;
            break;
        case 3:
            e.action = Action::Export;
            e.sellerId.clear();
            e.sellerName = QStringLiteral("Exported 1 sellers as json");
            e.newValue =
                UpstreamJson::encodeColumn({{QStringLiteral("format"), QStringLiteral("json")},
                                            {QStringLiteral("sellers"), QJsonArray{name}}});
            break;
        default:
            break;
        }
        QVERIFY(m_db->insert(e, i < 120 ? Main : Other));
    }
    for (int i = 0; i < 35; ++i) {
        Seller s;
        s.id = TestDatabase::uuid(quint64(5000 + i));
        s.displayName = hostileName(i);
        s.flagged = i % 3 == 0;
        s.timesSeen = 1 + i;
        s.feedbackScore = i % 4 ? std::optional<int>(i * 10) : std::nullopt;
        s.createdAt = Base + i * Timestamp::MicrosPerMinute;
        QVERIFY(m_db->addSeller(s, i < 30 ? Main : Other));
        if (i < 30)
            m_sellers.prepend(s); // newest first
    }
    m_access = TestSource::open(*m_db, Main, Actor);
    QVERIFY(m_access.isValid());
}

void TestExport::cleanupTestCase()
{
    m_access = {};
    m_db.reset();
}

QList<AuditEntry> TestExport::pageThrough(const HistoryFilter &filter)
{
    QList<AuditEntry> all;
    PageRequest request;
    request.filter = filter;
    request.pageSize = 7; // many pages, ties across their edges
    for (;;) {
        SourceError error;
        const auto page =
            awaitAnswer<PageResult>(*m_access.source, m_access.source->requestPage(request),
                                    &HistorySource::pageReady, &error);
        if (!page)
            return {};
        all += page->entries;
        if (page->atEnd || page->entries.isEmpty())
            return all;
        request.anchor = PageAnchor::After;
        request.cursor = page->lastCursor();
        request.snapshot = page->snapshot;
    }
}

std::optional<ExportResult> TestExport::exportTo(const ExportRequest &request, SourceError *error)
{
    return awaitAnswer<ExportResult>(*m_access.source, m_access.source->requestExport(request),
                                     &HistorySource::exportDone, error);
}

void TestExport::shouldExportWhatTheSourcePagesThrough_data()
{
    QTest::addColumn<HistoryFilter>("filter");
    QTest::addColumn<int>("profile");

    HistoryFilter all;
    HistoryFilter flags;
    flags.actions = Action::Flag;
    HistoryFilter search;
    search.search = QStringLiteral("comma");
    HistoryFilter range;
    range.from = Base + 20 * Timestamp::MicrosPerHour;
    range.to = Base + 60 * Timestamp::MicrosPerHour;
    range.order = SortOrder::OldestFirst;
    for (const auto &[name, profile] : {std::pair{"standard", CsvProfile::Standard},
                                        std::pair{"spreadsheet", CsvProfile::Spreadsheet}}) {
        QTest::addRow("all, %s", name) << all << int(profile);
        QTest::addRow("flags, %s", name) << flags << int(profile);
        QTest::addRow("search, %s", name) << search << int(profile);
        QTest::addRow("range oldest first, %s", name) << range << int(profile);
    }
}

void TestExport::shouldExportWhatTheSourcePagesThrough()
{
    QFETCH(HistoryFilter, filter);
    QFETCH(int, profile);

    const QList<AuditEntry> expected = pageThrough(filter);
    QVERIFY(!expected.isEmpty());
    ExportRequest request;
    request.history = filter;
    request.profile = CsvProfile(profile);
    request.path = m_dir.filePath(
        QStringLiteral("history-%1.csv").arg(QString::fromUtf8(QTest::currentDataTag())));
    request.zoneId = QStringLiteral("Europe/Berlin");
    SourceError error;
    const auto result = exportTo(request, &error);
    QVERIFY2(result, qPrintable(error.message));
    QCOMPARE(result->rows, expected.size());
    QCOMPARE(result->path, request.path);

    QFile file(request.path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QCOMPARE(result->bytes, bytes.size());
    QCOMPARE(
        result->sha256,
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(bytes.startsWith("\xEF\xBB\xBF"), request.profile == CsvProfile::Spreadsheet);

    const auto rows = parseBack(request.path);
    QVERIFY(rows);
    QCOMPARE(rows->size(), expected.size() + 1);
    QCOMPARE(rows->first(),
             QStringLiteral("created_at,local_time,action,description,affected_count,sellers,"
                            "flagged,format,source,user,id")
                 .split(u','));
    const bool neutralised = request.profile == CsvProfile::Spreadsheet;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const AuditEntry &e = expected.at(i);
        QCOMPARE(column(*rows, int(i + 1), QStringLiteral("id")), e.id);
        QCOMPARE(column(*rows, int(i + 1), QStringLiteral("created_at")),
                 Timestamp::toIsoUtc(e.createdAt));
        QCOMPARE(column(*rows, int(i + 1), QStringLiteral("action")),
                 ActionInfo::dbValue(e.action));
        QCOMPARE(column(*rows, int(i + 1), QStringLiteral("affected_count")),
                 QString::number(e.affectedCount));
        // Hostile names arrive intact; only a spreadsheet's formula starts
        // are defused, with a leading quote.
        QString description = e.sellerName;
        if (neutralised && !description.isEmpty() &&
            QStringLiteral("=+-@\t\r").contains(description.front()))
            description.prepend(u'\'');
        QCOMPARE(column(*rows, int(i + 1), QStringLiteral("description")), description);
    }
    // Nothing of the other org.
    QVERIFY(!bytes.contains("00000000-0000-4000-8000-000000000121"));
    // The distinct seller names of the file, first seen first.
    QVERIFY(!result->sellerNames.isEmpty());
    const QStringList sellerNames = result->sellerNames.toStringList();
    QCOMPARE(QSet<QString>(sellerNames.cbegin(), sellerNames.cend()).size(), sellerNames.size());
}

void TestExport::shouldKeepTheOrderOfASelection()
{
    const QList<AuditEntry> all = pageThrough({});
    QVERIFY(all.size() > 10);
    ExportRequest request;
    request.ids = {all.at(7).id, all.at(2).id, QUuid::createUuid().toString(QUuid::WithoutBraces),
                   all.at(9).id.toUpper()};
    request.path = m_dir.filePath(QStringLiteral("selection.csv"));
    SourceError error;
    const auto result = exportTo(request, &error);
    QVERIFY2(result, qPrintable(error.message));
    const auto rows = parseBack(request.path);
    QVERIFY(rows);
    // As selected; an id no longer there is left out.
    QCOMPARE(result->rows, 3);
    QCOMPARE(rows->size(), 4);
    QCOMPARE(column(*rows, 1, QStringLiteral("id")), all.at(7).id);
    QCOMPARE(column(*rows, 2, QStringLiteral("id")), all.at(2).id);
    QCOMPARE(column(*rows, 3, QStringLiteral("id")), all.at(9).id);
}

void TestExport::shouldExportSellers_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("state");
    QTest::addColumn<QStringList>("ids");

    QTest::newRow("all") << QString() << int(SellerFilter::State::All) << QStringList();
    QTest::newRow("flagged") << QString() << int(SellerFilter::State::Flagged) << QStringList();
    QTest::newRow("search") << QStringLiteral("quoted") << int(SellerFilter::State::All)
                            << QStringList();
    QTest::newRow("ids, another org's left out")
        << QString() << int(SellerFilter::State::All)
        << QStringList{TestDatabase::uuid(5003), TestDatabase::uuid(5031),
                       TestDatabase::uuid(5001)};
}

void TestExport::shouldExportSellers()
{
    QFETCH(QString, search);
    QFETCH(int, state);
    QFETCH(QStringList, ids);

    ExportRequest request;
    request.scope = ExportRequest::Scope::Sellers;
    request.sellers.search = search;
    request.sellers.state = SellerFilter::State(state);
    request.ids = ids;
    request.profile = CsvProfile::Spreadsheet;
    request.path = m_dir.filePath(QStringLiteral("sellers.csv"));
    SourceError error;
    const auto result = exportTo(request, &error);
    QVERIFY2(result, qPrintable(error.message));

    QList<Seller> expected;
    if (!ids.isEmpty()) {
        for (const QString &id : ids) {
            for (const Seller &s : std::as_const(m_sellers)) {
                if (s.id == id)
                    expected << s;
            }
        }
    } else {
        for (const Seller &s : std::as_const(m_sellers)) {
            const bool inState =
                request.sellers.state == SellerFilter::State::All ||
                s.flagged == (request.sellers.state == SellerFilter::State::Flagged);
            if (inState && s.displayName.contains(search, Qt::CaseInsensitive))
                expected << s;
        }
    }
    QVERIFY(!expected.isEmpty());
    const auto rows = parseBack(request.path);
    QVERIFY(rows);
    QCOMPARE(rows->first(), QStringLiteral("display_name,flagged,platform,times_seen,"
                                           "feedback_score,created_at,id")
                                .split(u','));
    QCOMPARE(rows->size(), expected.size() + 1);
    QStringList names;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const Seller &s = expected.at(i);
        QCOMPARE(column(*rows, int(i + 1), QStringLiteral("id")), s.id);
        QCOMPARE(column(*rows, int(i + 1), QStringLiteral("flagged")),
                 s.flagged ? QStringLiteral("true") : QStringLiteral("false"));
        QCOMPARE(column(*rows, int(i + 1), QStringLiteral("times_seen")),
                 QString::number(s.timesSeen));
        QCOMPARE(column(*rows, int(i + 1), QStringLiteral("feedback_score")),
                 s.feedbackScore ? QString::number(*s.feedbackScore) : QString());
        names << s.displayName;
    }
    QCOMPARE(result->sellerNames.toStringList(), names);
    QCOMPARE(result->sellerIds.size(), expected.size());
}

void TestExport::shouldLeaveNoFileWhenCancelled()
{
    const QString path = m_dir.filePath(QStringLiteral("cancelled.csv"));
    {
        QFile before(path);
        QVERIFY(before.open(QIODevice::WriteOnly));
        before.write("what was there before\n");
    }
    HistorySource &source = *m_access.source;
    QSignalSpy done(&source, &HistorySource::exportDone);
    QSignalSpy failed(&source, &HistorySource::failed);
    // Exports run one after another: with three ahead of it, the cancel
    // reaches this one before it starts.
    QList<HistorySource::RequestId> ahead;
    for (int i = 0; i < 3; ++i) {
        ExportRequest busy;
        busy.path = m_dir.filePath(QStringLiteral("ahead-%1.csv").arg(i));
        ahead << source.requestExport(busy);
    }
    ExportRequest request;
    request.path = path;
    const HistorySource::RequestId cancelled = source.requestExport(request);
    source.cancel(cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 3, 30000);
    QTest::qWait(200);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(done.size(), 3); // nothing for the cancelled one
    for (const QList<QVariant> &signal : std::as_const(done))
        QVERIFY(ahead.contains(signal.at(0).value<HistorySource::RequestId>()));
    QFile after(path);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), QByteArray("what was there before\n"));
    // And no temporary file beside it.
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("cancelled*")}, QDir::Files),
             QStringList{QStringLiteral("cancelled.csv")});
}

void TestExport::shouldFailClearlyWhenTheFileCannotBeWritten()
{
    ExportRequest request;
    request.path = m_dir.filePath(QStringLiteral("no/such/folder/h.csv"));
    SourceError error;
    QVERIFY(!exportTo(request, &error));
    QVERIFY2(error.message.contains(QLatin1String("h.csv")), qPrintable(error.message));
    QVERIFY(!QFile::exists(request.path));
}

void TestExport::shouldRecordOneUpstreamShapedRowOnlyOnce()
{
    ExportRecord record;
    record.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    record.sellerNames =
        NameList::fromStringList({hostileName(2), hostileName(9), QStringLiteral("Plain")});
    record.rows = 42;
    record.filter = QJsonObject{{QStringLiteral("search"), QStringLiteral("acme")}};
    record.sha256 = QStringLiteral("ab").repeated(32);
    record.fileName = QStringLiteral("h.csv");
    HistorySource &source = *m_access.source;
    QSignalSpy recorded(&source, &HistorySource::exportRecorded);
    QSignalSpy failed(&source, &HistorySource::failed);
    // Twice: the second is a retry after an acknowledgement that was lost.
    const HistorySource::RequestId first = source.requestRecordExport(record);
    QTRY_VERIFY_WITH_TIMEOUT(!recorded.isEmpty() || !failed.isEmpty(), 30000);
    if (!failed.isEmpty())
        QFAIL(qPrintable(failed.constFirst().at(1).value<SourceError>().message));
    QCOMPARE(recorded.constFirst().at(0).value<HistorySource::RequestId>(), first);
    source.requestRecordExport(record);
    QTRY_COMPARE_WITH_TIMEOUT(recorded.size() + failed.size(), 2, 30000);
    QCOMPARE(failed.size(), 0);

    QSqlQuery q(m_db->db());
    const bool pg = m_db->backend() == TestDatabase::Backend::Postgres;
    QVERIFY(q.exec(QStringLiteral("SELECT %1, action, seller_name, %2, source, %3, "
                                  "affected_count, seller_count_snapshot, seller_id, old_value "
                                  "FROM seller_audit_log WHERE action = 'export' AND "
                                  "seller_name LIKE 'Exported 3 %'")
                       .arg(QLatin1String(pg ? "id::text" : "id"),
                            QLatin1String(pg ? "new_value::text" : "new_value"),
                            QLatin1String(pg ? "user_id::text" : "user_id"))));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), record.id);
    QCOMPARE(q.value(2).toString(), QStringLiteral("Exported 3 sellers as csv"));
    QCOMPARE(q.value(4).toString(), QStringLiteral("manual"));
    QCOMPARE(q.value(5).toString(), Actor);
    QCOMPARE(q.value(6).toInt(), 3);
    QCOMPARE(q.value(7).toInt(), 30); // the org's sellers
    QVERIFY(q.value(8).isNull());
    QVERIFY(q.value(9).isNull());
    // The upstream shape: a JSONB string holding Python's json.dumps of the
    // object, upstream's keys first, this app's after them.
    const UpstreamJson::Decoded decoded = UpstreamJson::decodeColumn(q.value(3).toByteArray());
    QCOMPARE(decoded.shape, UpstreamJson::Decoded::Shape::StringOfJson);
    const QJsonObject value = decoded.value.toObject();
    QCOMPARE(value.value(QStringLiteral("format")).toString(), QStringLiteral("csv"));
    QCOMPARE(value.value(QStringLiteral("sellers")).toArray(),
             QJsonArray::fromStringList(record.sellerNames.toStringList()));
    QCOMPARE(value.value(QStringLiteral("scope")).toString(), QStringLiteral("history"));
    QCOMPARE(value.value(QStringLiteral("rows")).toInteger(), 42);
    QCOMPARE(value.value(QStringLiteral("filter")).toObject(), record.filter);
    QCOMPARE(value.value(QStringLiteral("file_sha256")).toString(), record.sha256);
    QVERIFY2(
        q.value(3).toByteArray().startsWith("\"{\\\"format\\\": \\\"csv\\\", \\\"sellers\\\": ["),
        q.value(3).toByteArray().left(80).constData());
    QVERIFY(!q.next()); // one row, however often it was written
}

void TestExport::shouldRecordManyNamesByteForByte()
{
    // Enough names for a new_value of several MB (Postgres writes it through
    // libpq rather than the Qt driver above 1 MB), every escape among them.
    ExportRecord record;
    record.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    for (int i = 0; i < 120'000; ++i)
        record.sellerNames.append(hostileName(i) + QStringLiteral(" \\ ") + QChar(0x1F) +
                                  QChar(0x7F));
    record.sellerNames.append(QString::fromUtf16(u"\U0001F600 \u00e9 \\\""));
    record.sellerNames.append(QString());
    record.rows = 900'000;
    record.scope = ExportRequest::Scope::Sellers;
    record.filter = QJsonObject{{QStringLiteral("search"), QStringLiteral("a\"b\\ é")},
                                {QStringLiteral("selected"), 3}};
    record.sha256 = QStringLiteral("cd").repeated(32);
    HistorySource &source = *m_access.source;
    QSignalSpy recorded(&source, &HistorySource::exportRecorded);
    QSignalSpy failed(&source, &HistorySource::failed);
    source.requestRecordExport(record);
    QTRY_VERIFY_WITH_TIMEOUT(!recorded.isEmpty() || !failed.isEmpty(), 60000);
    if (!failed.isEmpty())
        QFAIL(qPrintable(failed.constFirst().at(1).value<SourceError>().message));
    source.requestRecordExport(record); // a retry: still one row
    QTRY_COMPARE_WITH_TIMEOUT(recorded.size() + failed.size(), 2, 60000);
    QCOMPARE(failed.size(), 0);

    // What encodeColumn writes for the names as a QJsonArray, byte for byte.
    const QByteArray expected = UpstreamJson::encodeColumn(UpstreamJson::Members{
        {QStringLiteral("format"), QStringLiteral("csv")},
        {QStringLiteral("sellers"), QJsonArray::fromStringList(record.sellerNames.toStringList())},
        {QStringLiteral("scope"), QStringLiteral("sellers")},
        {QStringLiteral("rows"), record.rows},
        {QStringLiteral("filter"), record.filter},
        {QStringLiteral("file_sha256"), record.sha256}});
    QSqlQuery q(m_db->db());
    const bool pg = m_db->backend() == TestDatabase::Backend::Postgres;
    QVERIFY(q.prepare(QStringLiteral("SELECT %1, seller_name, affected_count, %2, old_value "
                                     "FROM seller_audit_log WHERE %3 = ?")
                          .arg(QLatin1String(pg ? "new_value::text" : "CAST(new_value AS BLOB)"),
                               QLatin1String(pg ? "user_id::text" : "user_id"),
                               QLatin1String(pg ? "id::text" : "id"))));
    q.addBindValue(record.id);
    QVERIFY(q.exec());
    QVERIFY(q.next());
    const QByteArray stored = q.value(0).toByteArray();
    QCOMPARE(stored.size(), expected.size());
    QVERIFY(stored == expected);
    QCOMPARE(q.value(1).toString(),
             QStringLiteral("Exported %1 sellers as csv").arg(record.sellerNames.size()));
    QCOMPARE(q.value(2).toInt(), int(record.sellerNames.size()));
    QCOMPARE(q.value(3).toString(), Actor);
    QVERIFY(q.value(4).isNull());
    QVERIFY(!q.next());
    if (!pg) {
        QVERIFY(
            q.exec(QStringLiteral("SELECT typeof(new_value) FROM seller_audit_log WHERE id = '%1'")
                       .arg(record.id)));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("text"));
    }
    QSqlQuery remove(m_db->db());
    QVERIFY(remove.exec(QStringLiteral("DELETE FROM seller_audit_log WHERE %1 = '%2'")
                            .arg(QLatin1String(pg ? "id::text" : "id"), record.id)));
}

// A record queued by one process and written by another (a retry from the
// command line with another --actor, or none) keeps the exporter as user_id.
void TestExport::shouldRecordTheExportersActorWhoeverRetries()
{
    const QString exporter = TestDatabase::uuid(8888);
    QVERIFY(
        m_db->addProfile(exporter, QStringLiteral("other@example.com"), QStringLiteral("Other")));
    ExportRecord record;
    record.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    record.sellerNames = NameList::fromStringList({QStringLiteral("Only")});
    record.actorId = exporter;
    HistorySource &source = *m_access.source;
    QSignalSpy recorded(&source, &HistorySource::exportRecorded);
    QSignalSpy failed(&source, &HistorySource::failed);
    source.requestRecordExport(record);
    QTRY_VERIFY_WITH_TIMEOUT(!recorded.isEmpty() || !failed.isEmpty(), 30000);
    QVERIFY(failed.isEmpty());
    const bool pg = m_db->backend() == TestDatabase::Backend::Postgres;
    QSqlQuery q(m_db->db());
    QVERIFY(q.exec(QStringLiteral("SELECT %1 FROM seller_audit_log WHERE %2 = '%3'")
                       .arg(QLatin1String(pg ? "user_id::text" : "user_id"),
                            QLatin1String(pg ? "id::text" : "id"), record.id)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), exporter); // not the source's own Actor
}

bool TestExport::addBulkOrg()
{
    if (m_bulkOrgAdded)
        return true;
    m_bulkOrgAdded =
        m_db->exec(QStringLiteral("INSERT INTO orgs (id, name, created_at) VALUES "
                                  "('%1', 'Bulk org', '2024-01-01T00:00:00Z')")
                       .arg(Bulk)) &&
        m_db->exec(
            QStringLiteral(
                "INSERT INTO seller_audit_log (org_id, action, seller_name, new_value, source, "
                "created_at) SELECT '%1', 'add', 'Bulk seller ' || g || ' ' || repeat('x', 150), "
                "to_jsonb('{\"display_name\": \"Bulk seller ' || g || '\"}'), 'manual', "
                "timestamptz '2025-02-01T00:00:00Z' + g * interval '1 second' "
                "FROM generate_series(1, %2) AS g")
                .arg(Bulk)
                .arg(BulkRows));
    return m_bulkOrgAdded;
}

void TestExport::shouldFailCleanlyWhenPostgresStopsTheCopy_data()
{
    QTest::addColumn<QString>("stop");
    QTest::addColumn<int>("kind");

    // The connection is gone: the worker must open a new one.
    QTest::newRow("backend terminated")
        << QStringLiteral("pg_terminate_backend") << int(SourceError::Kind::Unreachable);
    // The statement is stopped, the connection stays.
    QTest::newRow("statement cancelled")
        << QStringLiteral("pg_cancel_backend") << int(SourceError::Kind::Failed);
}

// The server stops an export while its rows stream (an administrator, a
// restart): the export fails once, clearly, leaves no file and records
// nothing, and the next export on the same source works.
void TestExport::shouldFailCleanlyWhenPostgresStopsTheCopy()
{
    QFETCH(QString, stop);
    QFETCH(int, kind);

    if (m_db->backend() != TestDatabase::Backend::Postgres)
        QSKIP("Postgres only: its exports stream through COPY");
    QVERIFY(addBulkOrg());
    TestSource bulk = TestSource::open(*m_db, Bulk, Actor);
    QVERIFY(bulk.isValid());
    HistorySource &source = *bulk.source;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSignalSpy progress(&source, &HistorySource::exportProgress);
    QSignalSpy done(&source, &HistorySource::exportDone);
    QSignalSpy failed(&source, &HistorySource::failed);

    ExportRequest request;
    request.path = dir.filePath(QStringLiteral("bulk.csv"));
    const HistorySource::RequestId id = source.requestExport(request);
    // Progress means rows are streaming; the server is then still sending.
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() || !done.isEmpty() || !failed.isEmpty(), 10000);
    QVERIFY2(done.isEmpty() && failed.isEmpty(), "the export ended before it could be stopped");

    QSqlQuery q(m_db->db());
    // Checked and stopped in one statement: only a COPY still running.
    QVERIFY(q.exec(QStringLiteral("SELECT %1(pid) FROM pg_stat_activity "
                                  "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                                  "AND state = 'active' AND query LIKE 'COPY (SELECT %'")
                       .arg(stop)));
    QVERIFY2(q.next(), "no COPY running to stop");
    QVERIFY(q.value(0).toBool());
    QVERIFY(!q.next());

    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() || !done.isEmpty(), 10000);
    QVERIFY(done.isEmpty());
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.constFirst().at(0).value<HistorySource::RequestId>(), id);
    const SourceError error = failed.constFirst().at(1).value<SourceError>();
    QCOMPARE(int(error.kind), kind);
    // One sentence: no libpq boilerplate, no second line.
    QVERIFY2(!error.message.contains(u'\n') && error.message.endsWith(u'.'),
             qPrintable(error.message));
    QVERIFY2(error.message.startsWith(QLatin1String("Exporting the history")),
             qPrintable(error.message));
    QTest::qWait(200); // nothing more arrives for it
    QCOMPARE(failed.size(), 1);
    QVERIFY(done.isEmpty());
    // No file, and no temporary one beside it.
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM seller_audit_log "
                                  "WHERE org_id = '%1' AND action = 'export'")
                       .arg(Bulk)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);

    // Still usable: a page, then an export (of that page's rows, to stay quick).
    PageRequest page;
    page.pageSize = 5;
    SourceError pageError;
    const auto first = awaitAnswer<PageResult>(source, source.requestPage(page),
                                               &HistorySource::pageReady, &pageError, 10000);
    QVERIFY2(first, qPrintable(pageError.message));
    QCOMPARE(first->entries.size(), 5);
    ExportRequest again;
    again.path = dir.filePath(QStringLiteral("again.csv"));
    for (const AuditEntry &e : first->entries)
        again.ids << e.id;
    SourceError againError;
    const auto result = awaitAnswer<ExportResult>(source, source.requestExport(again),
                                                  &HistorySource::exportDone, &againError, 10000);
    QVERIFY2(result, qPrintable(againError.message));
    QCOMPARE(result->rows, 5);
    QVERIFY(QFile::exists(again.path));
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
