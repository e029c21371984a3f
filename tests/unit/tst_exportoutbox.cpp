#include "exportoutbox.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <initializer_list>
#include <memory>
#include <unistd.h>

namespace {

const QString SourceA = QStringLiteral("postgresql://db.example/audit#org-a");
const QString SourceB = QStringLiteral("https://api.example/#org-b");

// 2025-03-30T12:34:56.123456Z
constexpr Timestamp::Micros Exported = 1743338096123456;

ExportRecord makeRecord(const QString &id)
{
    ExportRecord r;
    r.id = id;
    r.sellerNames = NameList::fromStringList({QStringLiteral("Acme"), QStringLiteral("Bolt")});
    r.rows = 42;
    r.sha256 = QStringLiteral("ab").repeated(32);
    r.fileName = QStringLiteral("history.csv");
    r.exportedAt = Exported;
    return r;
}

QStringList strings(std::initializer_list<const char *> texts)
{
    QStringList result;
    for (const char *text : texts)
        result << QString::fromLatin1(text);
    return result;
}

QStringList ids(const QList<ExportOutbox::Entry> &entries)
{
    QStringList result;
    for (const ExportOutbox::Entry &e : entries)
        result << e.record.id;
    return result;
}

QByteArray hashOf(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

// Runs statements on the file through a connection of its own, as another
// program would.
void runSql(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("tst_exportoutbox_raw");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        for (const QString &sql : statements)
            QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

class TestExportOutbox : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void shouldRoundTripEveryField_data();
    void shouldRoundTripEveryField();
    void shouldKeepOneEntryWhenAddedTwice();
    void shouldStoreTheRecordAsJsonText();
    void shouldReadEntriesWrittenByOlderVersions();
    void shouldKeepManyNames();
    void shouldReadTextWrittenBeforeNameLists();
    void shouldFilterBySource();
    void shouldListOldestFirst();
    void shouldCountAttemptsAndKeepTheLastError();
    void shouldIgnoreAttemptsAndRemovalsOfUnknownIds();
    void shouldRefuseRecordsWithoutIdOrSource_data();
    void shouldRefuseRecordsWithoutIdOrSource();
    void shouldPersistAcrossInstances();
    void shouldShareTheFileBetweenTwoInstances();
    void shouldWaitForAnotherWriter();
    void shouldRefuseFilesThatAreNotAnOutbox_data();
    void shouldRefuseFilesThatAreNotAnOutbox();
    void shouldReportAnUnwritableLocation_data();
    void shouldReportAnUnwritableLocation();
    void shouldReportMissingWritePermission_data();
    void shouldReportMissingWritePermission();
    void shouldFailCallsBeforeOpen();
    void shouldGiveADefaultPathInTheDataFolder();

private:
    QString outboxPath() const { return m_dir->filePath(QStringLiteral("outbox.sqlite")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestExportOutbox::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestExportOutbox::shouldRoundTripEveryField_data()
{
    QTest::addColumn<ExportRecord>("record");

    QTest::newRow("history") << makeRecord(QStringLiteral("8c0e3c1e-0000-4000-8000-000000000001"));

    ExportRecord sellers = makeRecord(QStringLiteral("8c0e3c1e-0000-4000-8000-000000000002"));
    sellers.scope = ExportRequest::Scope::Sellers;
    sellers.sellerNames =
        NameList::fromStringList({QStringLiteral("Zoë's \"Shop\""), QStringLiteral("日本の店"),
                                  QStringLiteral("a;b, c\nd")});
    sellers.rows = 9'007'199'254'740'991; // the largest integer a JSON number keeps exactly
    sellers.filter = QJsonObject{
        {QStringLiteral("search"), QStringLiteral("acme")},
        {QStringLiteral("flagged"), true},
        {QStringLiteral("ids"), QJsonArray{QStringLiteral("s1"), QStringLiteral("s2")}},
        {QStringLiteral("range"), QJsonObject{{QStringLiteral("from"), QStringLiteral("now-7d")}}},
    };
    sellers.fileName = QStringLiteral("sellers (copy).csv");
    QTest::newRow("sellers, filter and odd names") << sellers;

    ExportRecord empty;
    empty.id = QStringLiteral("8c0e3c1e-0000-4000-8000-000000000003");
    QTest::newRow("empty export") << empty;
}

void TestExportOutbox::shouldRoundTripEveryField()
{
    QFETCH(ExportRecord, record);
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));
    QVERIFY(outbox.isOpen());
    QCOMPARE(outbox.pendingCount(), 0);

    const Timestamp::Micros before = Timestamp::now();
    QVERIFY2(outbox.add(record, SourceA, &error), qPrintable(error));
    const Timestamp::Micros after = Timestamp::now();

    const QList<ExportOutbox::Entry> entries = outbox.pending({}, &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(entries.size(), 1);
    const ExportOutbox::Entry &entry = entries.first();
    QCOMPARE(entry.record, record);
    QCOMPARE(entry.sourceKey, SourceA);
    QVERIFY(entry.queuedAt >= before && entry.queuedAt <= after);
    QCOMPARE(entry.attempts, 0);
    QCOMPARE(entry.lastError, QString());
    QCOMPARE(entry.lastAttemptAt, Timestamp::Micros(0));
    QCOMPARE(outbox.pendingCount(), 1);

    QVERIFY2(outbox.remove(record.id, &error), qPrintable(error));
    QCOMPARE(outbox.pendingCount(), 0);
    QVERIFY(outbox.pending().isEmpty());
}

namespace {

QStringList oddNames()
{
    return {QStringLiteral("Zoë's \"Shop\""),
            QStringLiteral("日本の店"),
            QStringLiteral("a;b, c\nd\r\t\b\f"),
            QStringLiteral("back\\slash \\u00e9 /"),
            QString::fromUtf16(u"\u0001\u001f\u007f\u0080\u07ff\u0800\uffff"),
            QString::fromUtf16(u"emoji \U0001F600 \U0010FFFF"),
            QString(QChar(0)) + QStringLiteral("nul"),
            QString()};
}

} // namespace

void TestExportOutbox::shouldStoreTheRecordAsJsonText()
{
    ExportRecord record = makeRecord(QStringLiteral("8c0e3c1e-0000-4000-8000-000000000010"));
    record.sellerNames = NameList::fromStringList(oddNames());
    record.filter = QJsonObject{{QStringLiteral("search"), QStringLiteral("\"é\\")}};
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));
    QVERIFY2(outbox.add(record, SourceA, &error), qPrintable(error));

    // Another program reading the file sees a JSON object as text, the one
    // toJson() gives.
    const QString name = QStringLiteral("tst_exportoutbox_text");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(outboxPath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        // (As bytes: SQLite's own UTF-16 conversion would turn U+FFFF into U+FFFD.)
        QVERIFY(q.exec(QStringLiteral("SELECT typeof(record), CAST(record AS BLOB) FROM outbox")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("text"));
        const QJsonDocument json = QJsonDocument::fromJson(q.value(1).toByteArray());
        QVERIFY(json.isObject());
        QCOMPARE(json.object(), record.toJson());
    }
    QSqlDatabase::removeDatabase(name);
    QCOMPARE(ExportRecord::fromJsonText(record.toJsonText()), record);
    QCOMPARE(ExportRecord::fromJsonText("[1]"), std::nullopt);
    QCOMPARE(ExportRecord::fromJsonText("{"), std::nullopt);
}

void TestExportOutbox::shouldReadEntriesWrittenByOlderVersions()
{
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));
    ExportRecord record = makeRecord(QStringLiteral("8c0e3c1e-0000-4000-8000-000000000011"));
    record.sellerNames = NameList::fromStringList(oddNames());
    // As add() wrote it before: QJsonDocument's text, bound as a string.
    const QString name = QStringLiteral("tst_exportoutbox_old");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(outboxPath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.prepare(QStringLiteral(
            "INSERT INTO outbox (id, source_key, record, queued_at) VALUES (?, ?, ?, ?)")));
        q.addBindValue(record.id);
        q.addBindValue(SourceA);
        q.addBindValue(
            QString::fromUtf8(QJsonDocument(record.toJson()).toJson(QJsonDocument::Compact)));
        q.addBindValue(Timestamp::now());
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(name);
    const QList<ExportOutbox::Entry> entries = outbox.pending({}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().record, record);
}

// The text toJsonText() wrote while the names were a QStringList (a lone
// surrogate as U+FFFD, controls as \u00XX, UTF-8 kept) reads back, and is
// still what toJsonText() writes.
void TestExportOutbox::shouldReadTextWrittenBeforeNameLists()
{
    const QByteArray oldText =
        QByteArray(
            R"({"seller_names":["Zoë's \"Shop\"","日本の店","a;b, c\u000ad\u000d\u0009\u0008\u000c",)"
            R"("back\\slash \\u00e9 /",)"
            "\"\\u0001\\u001f\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\","
            "\"emoji \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\",\"\\u0000nul\",\"\","
            "\"lone \xef\xbf\xbd\"],"
            R"("actor_id":"","exported_at":"2025-03-30T12:34:56.123456Z",)"
            R"("file_name":"history.csv","file_sha256":")") +
        QByteArray("ab").repeated(32) +
        QByteArray(R"(","filter":{},"format":"csv",)"
                   R"("id":"8c0e3c1e-0000-4000-8000-000000000013","rows":42,"scope":"history"})");
    ExportRecord record = makeRecord(QStringLiteral("8c0e3c1e-0000-4000-8000-000000000013"));
    QStringList names = oddNames();
    names << QStringLiteral("lone ") + QChar(0xD800);
    record.sellerNames = NameList::fromStringList(names);
    const std::optional<ExportRecord> read = ExportRecord::fromJsonText(oldText);
    QVERIFY(read.has_value());
    QCOMPARE(*read, record);
    names.last() = QStringLiteral("lone ") + QChar(0xFFFD);
    QCOMPARE(read->sellerNames.toStringList(), names);
    QCOMPARE(record.toJsonText(), oldText);
}

void TestExportOutbox::shouldKeepManyNames()
{
    ExportRecord record = makeRecord(QStringLiteral("8c0e3c1e-0000-4000-8000-000000000012"));
    record.sellerNames.clear();
    for (int i = 0; i < 50'000; ++i)
        record.sellerNames.append(QStringLiteral("Seller é \"%1\"").arg(i));
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));
    QVERIFY2(outbox.add(record, SourceA, &error), qPrintable(error));
    const QList<ExportOutbox::Entry> entries = outbox.pending({}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().record, record);
}

void TestExportOutbox::shouldKeepOneEntryWhenAddedTwice()
{
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));
    const ExportRecord r = makeRecord(QStringLiteral("one"));
    QVERIFY(outbox.add(r, SourceA, &error));
    QVERIFY(outbox.markAttempt(r.id, QStringLiteral("timeout"), &error));
    const ExportOutbox::Entry first = outbox.pending().value(0);

    QVERIFY2(outbox.add(r, SourceA, &error), qPrintable(error));
    QVERIFY2(outbox.add(r, SourceB, &error), qPrintable(error));

    const QList<ExportOutbox::Entry> entries = outbox.pending();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().record, r);
    QCOMPARE(entries.first().sourceKey, SourceA);
    QCOMPARE(entries.first().queuedAt, first.queuedAt);
    QCOMPARE(entries.first().attempts, 1);
    QCOMPARE(entries.first().lastError, QStringLiteral("timeout"));
}

void TestExportOutbox::shouldFilterBySource()
{
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));
    QVERIFY(outbox.add(makeRecord(QStringLiteral("a1")), SourceA, &error));
    QVERIFY(outbox.add(makeRecord(QStringLiteral("b1")), SourceB, &error));
    QVERIFY(outbox.add(makeRecord(QStringLiteral("a2")), SourceA, &error));

    QCOMPARE(ids(outbox.pending(SourceA)), strings({"a1", "a2"}));
    QCOMPARE(ids(outbox.pending(SourceB)), strings({"b1"}));
    QCOMPARE(ids(outbox.pending()), strings({"a1", "b1", "a2"}));
    QCOMPARE(outbox.pendingCount(SourceA), 2);
    QCOMPARE(outbox.pendingCount(SourceB), 1);
    QCOMPARE(outbox.pendingCount(), 3);
    QCOMPARE(outbox.pendingCount(QStringLiteral("sqlite:/elsewhere")), 0);
    QVERIFY(outbox.pending(QStringLiteral("sqlite:/elsewhere")).isEmpty());
    for (const ExportOutbox::Entry &e : outbox.pending(SourceB))
        QCOMPARE(e.sourceKey, SourceB);
}

void TestExportOutbox::shouldListOldestFirst()
{
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));
    // Neither alphabetical nor reverse: only the queue order gives this list.
    const QStringList added = strings({"m", "z", "a", "q", "b"});
    for (const QString &id : added) {
        QVERIFY(outbox.add(makeRecord(id), SourceA, &error));
        QThread::usleep(50);
    }
    // A retry does not move an entry to the back.
    QVERIFY(outbox.markAttempt(QStringLiteral("m"), QStringLiteral("down"), &error));

    const QList<ExportOutbox::Entry> entries = outbox.pending();
    QCOMPARE(ids(entries), added);
    for (qsizetype i = 1; i < entries.size(); ++i)
        QVERIFY(entries.at(i - 1).queuedAt < entries.at(i).queuedAt);
}

void TestExportOutbox::shouldCountAttemptsAndKeepTheLastError()
{
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));
    QVERIFY(outbox.add(makeRecord(QStringLiteral("r")), SourceA, &error));
    QVERIFY(outbox.add(makeRecord(QStringLiteral("other")), SourceA, &error));

    QVERIFY2(
        outbox.markAttempt(QStringLiteral("r"), QStringLiteral("Cannot connect to db."), &error),
        qPrintable(error));
    const Timestamp::Micros before = Timestamp::now();
    QVERIFY2(outbox.markAttempt(QStringLiteral("r"), QStringLiteral("Permission denied."), &error),
             qPrintable(error));
    const Timestamp::Micros after = Timestamp::now();

    const QList<ExportOutbox::Entry> entries = outbox.pending();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).attempts, 2);
    QCOMPARE(entries.at(0).lastError, QStringLiteral("Permission denied."));
    QVERIFY(entries.at(0).lastAttemptAt >= before && entries.at(0).lastAttemptAt <= after);
    QCOMPARE(entries.at(1).attempts, 0);
    QCOMPARE(entries.at(1).lastError, QString());
    QCOMPARE(entries.at(1).lastAttemptAt, Timestamp::Micros(0));
}

void TestExportOutbox::shouldIgnoreAttemptsAndRemovalsOfUnknownIds()
{
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));
    QVERIFY(outbox.add(makeRecord(QStringLiteral("kept")), SourceA, &error));

    // Another process wrote and removed them meanwhile: nothing to do.
    QVERIFY2(outbox.markAttempt(QStringLiteral("gone"), QStringLiteral("x"), &error),
             qPrintable(error));
    QVERIFY2(outbox.remove(QStringLiteral("gone"), &error), qPrintable(error));

    const QList<ExportOutbox::Entry> entries = outbox.pending();
    QCOMPARE(ids(entries), strings({"kept"}));
    QCOMPARE(entries.first().attempts, 0);
}

void TestExportOutbox::shouldRefuseRecordsWithoutIdOrSource_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("sourceKey");
    QTest::newRow("no id") << QString() << SourceA;
    QTest::newRow("no source") << QStringLiteral("r") << QString();
}

void TestExportOutbox::shouldRefuseRecordsWithoutIdOrSource()
{
    QFETCH(QString, id);
    QFETCH(QString, sourceKey);
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));
    QVERIFY(!outbox.add(makeRecord(id), sourceKey, &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(outboxPath())), qPrintable(error));
    QCOMPARE(outbox.pendingCount(), 0);
}

void TestExportOutbox::shouldPersistAcrossInstances()
{
    QString error;
    QList<ExportOutbox::Entry> written;
    {
        ExportOutbox first(outboxPath());
        QVERIFY2(first.open(&error), qPrintable(error));
        QVERIFY(first.add(makeRecord(QStringLiteral("r1")), SourceA, &error));
        QVERIFY(first.add(makeRecord(QStringLiteral("r2")), SourceB, &error));
        QVERIFY(first.markAttempt(QStringLiteral("r2"), QStringLiteral("offline"), &error));
        written = first.pending();
    }

    ExportOutbox second(outboxPath());
    QVERIFY2(second.open(&error), qPrintable(error));
    const QList<ExportOutbox::Entry> read = second.pending();
    QCOMPARE(read.size(), 2);
    for (qsizetype i = 0; i < read.size(); ++i) {
        QCOMPARE(read.at(i).record, written.at(i).record);
        QCOMPARE(read.at(i).sourceKey, written.at(i).sourceKey);
        QCOMPARE(read.at(i).queuedAt, written.at(i).queuedAt);
        QCOMPARE(read.at(i).attempts, written.at(i).attempts);
        QCOMPARE(read.at(i).lastError, written.at(i).lastError);
        QCOMPARE(read.at(i).lastAttemptAt, written.at(i).lastAttemptAt);
    }
    QCOMPARE(read.at(1).attempts, 1);
    QCOMPARE(read.at(1).lastError, QStringLiteral("offline"));
}

void TestExportOutbox::shouldShareTheFileBetweenTwoInstances()
{
    ExportOutbox gui(outboxPath());
    ExportOutbox cli(outboxPath());
    QString error;
    QVERIFY2(gui.open(&error), qPrintable(error));
    QVERIFY2(cli.open(&error), qPrintable(error));

    QVERIFY(gui.add(makeRecord(QStringLiteral("from-gui")), SourceA, &error));
    QCOMPARE(ids(cli.pending()), strings({"from-gui"}));
    QVERIFY(cli.add(makeRecord(QStringLiteral("from-cli")), SourceA, &error));
    QCOMPARE(ids(gui.pending()), strings({"from-gui", "from-cli"}));

    QVERIFY(cli.markAttempt(QStringLiteral("from-gui"), QStringLiteral("busy"), &error));
    QCOMPARE(gui.pending().value(0).attempts, 1);
    QVERIFY(cli.remove(QStringLiteral("from-gui"), &error));
    QCOMPARE(gui.pendingCount(), 1);
    QVERIFY(gui.remove(QStringLiteral("from-cli"), &error));
    QCOMPARE(cli.pendingCount(), 0);
}

void TestExportOutbox::shouldWaitForAnotherWriter()
{
    {
        ExportOutbox create(outboxPath());
        QString error;
        QVERIFY2(create.open(&error), qPrintable(error));
    }
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));

    // Another program holds the write lock for a moment: add() waits for it
    // instead of failing with "database is locked".
    QSemaphore locked;
    bool lockTaken = false;
    std::unique_ptr<QThread> writer(QThread::create([&] {
        const QString name = QStringLiteral("tst_exportoutbox_writer");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(outboxPath());
            QSqlQuery q(db);
            lockTaken = db.open() && q.exec(QStringLiteral("BEGIN IMMEDIATE"));
            locked.release();
            QThread::msleep(300);
            q.exec(QStringLiteral("COMMIT"));
        }
        QSqlDatabase::removeDatabase(name);
    }));
    writer->start();
    locked.acquire();
    QVERIFY(lockTaken);
    const bool added = outbox.add(makeRecord(QStringLiteral("late")), SourceA, &error);
    writer->wait();
    QVERIFY2(added, qPrintable(error));
    QCOMPARE(outbox.pendingCount(), 1);
}

void TestExportOutbox::shouldRefuseFilesThatAreNotAnOutbox_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected"); // part of the message
    QTest::newRow("text") << QStringLiteral("text")
                          << QStringLiteral("damaged or is not a SQLite database");
    QTest::newRow("binary") << QStringLiteral("binary")
                            << QStringLiteral("damaged or is not a SQLite database");
    QTest::newRow("outbox with a damaged header")
        << QStringLiteral("header") << QStringLiteral("damaged");
    QTest::newRow("another SQLite database")
        << QStringLiteral("foreign") << QStringLiteral("not an export outbox");
    QTest::newRow("outbox of a newer version")
        << QStringLiteral("newer") << QStringLiteral("newer version");
    QTest::newRow("outbox table of another shape")
        << QStringLiteral("shape") << QStringLiteral("damaged");
}

void TestExportOutbox::shouldRefuseFilesThatAreNotAnOutbox()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    const QString path = outboxPath();
    if (kind == QLatin1String("text")) {
        writeFile(path, QByteArray("created_at,action\n").repeated(40));
    } else if (kind == QLatin1String("binary")) {
        QByteArray bytes(4096, '\0');
        for (int i = 0; i < bytes.size(); ++i)
            bytes[i] = char((i * 7919) % 251);
        writeFile(path, bytes);
    } else if (kind == QLatin1String("header")) {
        {
            ExportOutbox outbox(path);
            QString error;
            QVERIFY2(outbox.open(&error), qPrintable(error));
            QVERIFY(outbox.add(makeRecord(QStringLiteral("r")), SourceA, &error));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QCOMPARE(f.write("Not a database!"), 15);
    } else if (kind == QLatin1String("foreign")) {
        runSql(path, {QStringLiteral("CREATE TABLE seller_audit_log (id TEXT PRIMARY KEY)"),
                      QStringLiteral("INSERT INTO seller_audit_log VALUES ('keep me')")});
    } else if (kind == QLatin1String("newer")) {
        {
            ExportOutbox outbox(path);
            QString error;
            QVERIFY2(outbox.open(&error), qPrintable(error));
        }
        runSql(path, {QStringLiteral("PRAGMA user_version = 99")});
    } else {
        runSql(path, {QStringLiteral("CREATE TABLE outbox (id TEXT PRIMARY KEY)"),
                      QStringLiteral("PRAGMA user_version = 1")});
    }
    if (QTest::currentTestFailed())
        return;
    const QByteArray before = hashOf(path);

    ExportOutbox outbox(path);
    QString error;
    QVERIFY(!outbox.open(&error));
    QVERIFY(!outbox.isOpen());
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.endsWith(u'.'), qPrintable(error));
    QCOMPARE(hashOf(path), before);
}

void TestExportOutbox::shouldReportAnUnwritableLocation_data()
{
    QTest::addColumn<QString>("relative");
    QTest::addColumn<QString>("expected");
    // A regular file where a folder should be: fails even for root.
    QTest::newRow("folder is a file")
        << QStringLiteral("plain.txt/outbox.sqlite") << QStringLiteral("Cannot create the folder");
    QTest::newRow("folder below a file") << QStringLiteral("plain.txt/sub/outbox.sqlite")
                                         << QStringLiteral("Cannot create the folder");
    QTest::newRow("outbox is a folder")
        << QStringLiteral("folder") << QStringLiteral("is a folder");
}

void TestExportOutbox::shouldReportAnUnwritableLocation()
{
    QFETCH(QString, relative);
    QFETCH(QString, expected);
    writeFile(m_dir->filePath(QStringLiteral("plain.txt")), "not a folder");
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("folder")));
    const QString path = m_dir->filePath(relative);

    ExportOutbox outbox(path);
    QString error;
    QVERIFY(!outbox.open(&error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(!outbox.add(makeRecord(QStringLiteral("r")), SourceA, &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
}

void TestExportOutbox::shouldReportMissingWritePermission_data()
{
    QTest::addColumn<bool>("existingFile");
    QTest::newRow("read-only folder, new outbox") << false;
    QTest::newRow("read-only outbox file") << true;
}

void TestExportOutbox::shouldReportMissingWritePermission()
{
    QFETCH(bool, existingFile);
    if (geteuid() == 0)
        QSKIP("root ignores file permissions; see shouldReportAnUnwritableLocation");
    const QString folder = m_dir->filePath(QStringLiteral("locked"));
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("locked")));
    const QString path = folder + QStringLiteral("/outbox.sqlite");
    const QString locked = existingFile ? path : folder;
    const QFile::Permissions writable =
        existingFile ? QFile::ReadOwner | QFile::WriteOwner
                     : QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
    if (existingFile) {
        ExportOutbox outbox(path);
        QString error;
        QVERIFY2(outbox.open(&error), qPrintable(error));
        QVERIFY(outbox.add(makeRecord(QStringLiteral("r")), SourceA, &error));
    }
    const QByteArray before = hashOf(path);
    QVERIFY(QFile::setPermissions(locked, writable & ~QFile::WriteOwner));

    ExportOutbox outbox(path);
    QString error;
    const bool opened = outbox.open(&error);
    QFile::setPermissions(locked, writable);
    QVERIFY(!opened);
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QCOMPARE(QFile::exists(path), existingFile);
    QCOMPARE(hashOf(path), before);
}

void TestExportOutbox::shouldFailCallsBeforeOpen()
{
    ExportOutbox outbox(outboxPath());
    QString error;
    QVERIFY(!outbox.isOpen());
    QVERIFY(!outbox.add(makeRecord(QStringLiteral("r")), SourceA, &error));
    QVERIFY2(error.contains(QStringLiteral("not open")), qPrintable(error));
    error.clear();
    QVERIFY(outbox.pending({}, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    error.clear();
    QCOMPARE(outbox.pendingCount({}, &error), 0);
    QVERIFY(!error.isEmpty());
    QVERIFY(!outbox.markAttempt(QStringLiteral("r"), QStringLiteral("x"), &error));
    QVERIFY(!outbox.remove(QStringLiteral("r"), &error));
    QVERIFY(!QFile::exists(outboxPath()));
}

void TestExportOutbox::shouldGiveADefaultPathInTheDataFolder()
{
    const QByteArray saved = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir->filePath(QStringLiteral("data"))));
    const QString path = ExportOutbox::defaultPath();
    if (saved.isNull())
        qunsetenv("XDG_DATA_HOME");
    else
        qputenv("XDG_DATA_HOME", saved);

    QVERIFY2(path.startsWith(m_dir->filePath(QStringLiteral("data/"))), qPrintable(path));
    QVERIFY(path.endsWith(QStringLiteral("/outbox.sqlite")));
    QVERIFY(QFileInfo(path).absoluteDir().exists());
    ExportOutbox outbox(path);
    QString error;
    QVERIFY2(outbox.open(&error), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestExportOutbox)
#include "tst_exportoutbox.moc"
