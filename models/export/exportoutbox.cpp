#include "exportoutbox.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>

#include <sqlite3.h>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ExportOutbox", text);
}

// Bumped when the table changes; a newer file is refused rather than misread.
constexpr int SchemaVersion = 1;
// Long enough for the other process's one-row transaction, short enough that
// a stuck process is reported instead of freezing the window.
constexpr int BusyTimeoutMs = 5000;

// SQLite primary result codes (sqlite3.h); the driver reports them, possibly
// extended, as the native error code.
constexpr int SqliteCorrupt = 11;
constexpr int SqliteNotADatabase = 26;

const QString Columns =
    QStringLiteral("id, source_key, record, queued_at, attempts, last_error, last_attempt_at");

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QString reason(const QSqlError &e)
{
    const QString text = e.databaseText().isEmpty() ? e.driverText() : e.databaseText();
    return text.trimmed();
}

QString unusable(const QString &file, const QSqlError &e)
{
    const int code = e.nativeErrorCode().toInt() & 0xff;
    if (code == SqliteCorrupt || code == SqliteNotADatabase)
        return tr("The export outbox %1 is damaged or is not a SQLite database (%2); it was left "
                  "untouched.")
            .arg(file, reason(e));
    return tr("Cannot use the export outbox %1: %2.").arg(file, reason(e));
}

QString verify(QSqlQuery &q, const QString &file)
{
    if (!q.exec(QStringLiteral("SELECT %1 FROM outbox LIMIT 0").arg(Columns)))
        return tr("The export outbox %1 is damaged (%2); it was left untouched.")
            .arg(file, reason(q.lastError()));
    q.finish();
    return {};
}

// Reads the schema version, refusing a file that is not an outbox of this
// version. Reading is also what makes SQLite check the file's header. Only
// reads, so a refused file is left byte for byte as it was.
QString inspect(QSqlQuery &q, const QString &file, int *version)
{
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return unusable(file, q.lastError());
    *version = q.value(0).toInt();
    q.finish();
    if (*version > SchemaVersion)
        return tr("The export outbox %1 was written by a newer version of Seller History; it was "
                  "left untouched.")
            .arg(file);
    if (*version > 0)
        return verify(q, file);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !q.next())
        return unusable(file, q.lastError());
    const int objects = q.value(0).toInt();
    q.finish();
    // Someone else's database (the demo database, say): never add to it.
    if (objects > 0)
        return tr("The file %1 is a SQLite database but not an export outbox; it was left "
                  "untouched.")
            .arg(file);
    return {};
}

QString createSchema(QSqlQuery &q, const QString &file)
{
    const QStringList statements{
        QStringLiteral("CREATE TABLE outbox ("
                       " id TEXT PRIMARY KEY NOT NULL,"
                       " source_key TEXT NOT NULL,"
                       " record TEXT NOT NULL,"
                       " queued_at INTEGER NOT NULL,"
                       " attempts INTEGER NOT NULL DEFAULT 0,"
                       " last_error TEXT NOT NULL DEFAULT '',"
                       " last_attempt_at INTEGER)"),
        QStringLiteral("CREATE INDEX outbox_by_source ON outbox (source_key, queued_at)"),
        QStringLiteral("PRAGMA user_version = %1").arg(SchemaVersion),
    };
    for (const QString &sql : statements) {
        if (!q.exec(sql))
            return unusable(file, q.lastError());
    }
    return {};
}

bool isReadOnly(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return false;
    sqlite3 *sqlite = *static_cast<sqlite3 *const *>(handle.data());
    return sqlite && sqlite3_db_readonly(sqlite, "main") == 1;
}

// Opens the connection added under connectionName and prepares the file.
// Returns the error sentence, empty on success.
QString setUp(const QString &connectionName, const QString &path)
{
    const QString file = QDir::toNativeSeparators(path);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    if (!db.open())
        return tr("Cannot open the export outbox %1: %2.").arg(file, reason(db.lastError()));

    QSqlQuery q(db);
    // Before anything writes: the journal mode below is stored in the file.
    int version = 0;
    if (const QString problem = inspect(q, file, &version); !problem.isEmpty())
        return problem;
    // SQLite silently opens a write-protected file read-only, and then even
    // BEGIN IMMEDIATE succeeds: ask it, so that open() fails and not add().
    if (isReadOnly(db))
        return tr("Cannot write to the export outbox %1: the file is read-only.").arg(file);
    // WAL lets the other process read while one writes; FULL syncs each
    // commit, so a queued record survives a crash right after add(). Where
    // WAL is unavailable (some network file systems) the mode stays as it is
    // and FULL still makes each commit durable.
    const QStringList pragmas{QStringLiteral("PRAGMA journal_mode = WAL"),
                              QStringLiteral("PRAGMA synchronous = FULL")};
    for (const QString &sql : pragmas) {
        if (!q.exec(sql))
            return unusable(file, q.lastError());
        q.finish();
    }
    // Inspected again under the write lock, so two processes opening a new
    // file at once create the schema once.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return unusable(file, q.lastError());
    QString problem = inspect(q, file, &version);
    if (problem.isEmpty() && version == 0)
        problem = createSchema(q, file);
    if (problem.isEmpty() && !q.exec(QStringLiteral("COMMIT")))
        problem = unusable(file, q.lastError());
    if (!problem.isEmpty())
        q.exec(QStringLiteral("ROLLBACK"));
    return problem;
}

} // namespace

ExportOutbox::ExportOutbox(QString path)
    : m_path(std::move(path))
    , m_connectionName(QStringLiteral("seller-history-outbox-") +
                       QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

ExportOutbox::~ExportOutbox()
{
    close();
}

QString ExportOutbox::defaultPath()
{
    // Beside the demo database (app/apppaths.cpp), where a user looks.
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                        QStringLiteral("/seller-history");
    // A failure here is reported by open(), with the file's name.
    QDir().mkpath(dir);
    return dir + QStringLiteral("/outbox.sqlite");
}

std::unique_ptr<ExportOutbox> ExportOutbox::openDefault(QString *error)
{
    auto outbox = std::make_unique<ExportOutbox>(defaultPath());
    if (!outbox->open(error))
        return nullptr;
    return outbox;
}

bool ExportOutbox::open(QString *error)
{
    close();
    const QString file = QDir::toNativeSeparators(m_path);
    if (m_path.isEmpty())
        return fail(error, tr("The export outbox has no file name."));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(error, tr("Cannot open the export outbox %1: the Qt SQLite driver is not "
                              "installed.")
                               .arg(file));
    const QFileInfo info(m_path);
    if (info.isDir())
        return fail(error, tr("The export outbox %1 is a folder, not a file.").arg(file));
    if (!QDir().mkpath(info.absolutePath()))
        return fail(error, tr("Cannot create the folder %1 for the export outbox %2.")
                               .arg(QDir::toNativeSeparators(info.absolutePath()), file));

    const QString problem = setUp(m_connectionName, m_path);
    if (!problem.isEmpty()) {
        close();
        return fail(error, problem);
    }
    m_open = true;
    return true;
}

void ExportOutbox::close()
{
    m_open = false;
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool ExportOutbox::add(const ExportRecord &record, const QString &sourceKey, QString *error)
{
    const QString file = QDir::toNativeSeparators(m_path);
    if (!m_open)
        return fail(error, tr("The export outbox %1 is not open.").arg(file));
    if (record.id.isEmpty())
        return fail(
            error,
            tr("An export record without an id cannot be kept in the export outbox %1.").arg(file));
    if (sourceKey.isEmpty())
        return fail(error, tr("The export record %1 names no source, so the export outbox %2 "
                              "cannot keep it.")
                               .arg(record.id, file));

    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    // The first entry wins: its queued_at and attempts are the true history.
    // The record's UTF-8 text is bound as bytes and made text by the CAST
    // (the file is UTF-8): no UTF-16 copy of ~20 MB of names on the way.
    q.prepare(QStringLiteral("INSERT INTO outbox (id, source_key, record, queued_at)"
                             " VALUES (?, ?, CAST(? AS TEXT), ?) ON CONFLICT (id) DO NOTHING"));
    q.addBindValue(record.id);
    q.addBindValue(sourceKey);
    q.addBindValue(record.toJsonText());
    q.addBindValue(Timestamp::now());
    if (!q.exec())
        return fail(error, tr("Cannot add the export record %1 to the export outbox %2: %3.")
                               .arg(record.id, file, reason(q.lastError())));
    return true;
}

QList<ExportOutbox::Entry> ExportOutbox::pending(const QString &sourceKey, QString *error) const
{
    const QString file = QDir::toNativeSeparators(m_path);
    if (!m_open) {
        fail(error, tr("The export outbox %1 is not open.").arg(file));
        return {};
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    // rowid orders entries queued within the same microsecond.
    // The record as its UTF-8 bytes, parsed as they are.
    q.prepare(QStringLiteral("SELECT id, source_key, CAST(record AS BLOB), queued_at, attempts,"
                             " last_error, last_attempt_at FROM outbox%1 ORDER BY queued_at, rowid")
                  .arg(sourceKey.isEmpty() ? QString() : QStringLiteral(" WHERE source_key = ?")));
    if (!sourceKey.isEmpty())
        q.addBindValue(sourceKey);
    if (!q.exec()) {
        fail(error, tr("Cannot read the export outbox %1: %2.").arg(file, reason(q.lastError())));
        return {};
    }
    QList<Entry> entries;
    while (q.next()) {
        const QString id = q.value(0).toString();
        auto record = ExportRecord::fromJsonText(q.value(2).toByteArray());
        if (!record) {
            fail(error, tr("The export outbox %1 holds an unreadable record %2.").arg(file, id));
            return {};
        }
        Entry entry;
        entry.record = std::move(*record);
        entry.sourceKey = q.value(1).toString();
        entry.queuedAt = q.value(3).toLongLong();
        entry.attempts = q.value(4).toInt();
        entry.lastError = q.value(5).toString();
        entry.lastAttemptAt = q.value(6).toLongLong();
        entries << entry;
    }
    if (q.lastError().isValid()) {
        fail(error, tr("Cannot read the export outbox %1: %2.").arg(file, reason(q.lastError())));
        return {};
    }
    return entries;
}

int ExportOutbox::pendingCount(const QString &sourceKey, QString *error) const
{
    const QString file = QDir::toNativeSeparators(m_path);
    if (!m_open) {
        fail(error, tr("The export outbox %1 is not open.").arg(file));
        return 0;
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT count(*) FROM outbox%1")
                  .arg(sourceKey.isEmpty() ? QString() : QStringLiteral(" WHERE source_key = ?")));
    if (!sourceKey.isEmpty())
        q.addBindValue(sourceKey);
    if (!q.exec() || !q.next()) {
        fail(error, tr("Cannot read the export outbox %1: %2.").arg(file, reason(q.lastError())));
        return 0;
    }
    return q.value(0).toInt();
}

bool ExportOutbox::markAttempt(const QString &id, const QString &error, QString *errorOut)
{
    const QString file = QDir::toNativeSeparators(m_path);
    if (!m_open)
        return fail(errorOut, tr("The export outbox %1 is not open.").arg(file));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE outbox SET attempts = attempts + 1, last_error = ?,"
                             " last_attempt_at = ? WHERE id = ?"));
    q.addBindValue(error);
    q.addBindValue(Timestamp::now());
    q.addBindValue(id);
    if (!q.exec())
        return fail(errorOut, tr("Cannot count a retry of the export record %1 in the export "
                                 "outbox %2: %3.")
                                  .arg(id, file, reason(q.lastError())));
    return true;
}

bool ExportOutbox::remove(const QString &id, QString *error)
{
    const QString file = QDir::toNativeSeparators(m_path);
    if (!m_open)
        return fail(error, tr("The export outbox %1 is not open.").arg(file));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return fail(error, tr("Cannot remove the export record %1 from the export outbox %2: %3.")
                               .arg(id, file, reason(q.lastError())));
    return true;
}
