#include "postgresloader.h"

#include <QElapsedTimer>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <libpq-fe.h>

namespace {

struct Table
{
    const char *target;        // Postgres table
    const char *columns;       // the same names in both databases
    const char *source;        // SQLite query yielding those columns, in order
    const char *booleans = ""; // columns stored as 0/1 in SQLite
};

const Table Tables[] = {
    {"auth.users", "id, email",
     "SELECT u.id, p.email FROM (SELECT user_id AS id FROM profiles UNION SELECT user_id FROM "
     "memberships UNION SELECT user_id FROM seller_audit_log WHERE user_id IS NOT NULL UNION "
     "SELECT created_by FROM collection_runs WHERE created_by IS NOT NULL UNION SELECT "
     "owner_user_id FROM orgs WHERE owner_user_id IS NOT NULL) u LEFT JOIN profiles p ON "
     "p.user_id = u.id"},
    {"orgs", "id, name, owner_user_id, created_at, updated_at",
     "SELECT id, name, owner_user_id, created_at, updated_at FROM orgs"},
    {"profiles", "user_id, email, display_name",
     "SELECT user_id, email, display_name FROM profiles"},
    {"memberships", "user_id, org_id, role, status",
     "SELECT user_id, org_id, role, status FROM memberships"},
    {"collection_runs",
     "id, org_id, name, status, started_at, completed_at, sellers_found, sellers_new, created_by, "
     "seller_count_snapshot",
     "SELECT id, org_id, name, status, started_at, completed_at, sellers_found, sellers_new, "
     "created_by, seller_count_snapshot FROM collection_runs"},
    {"sellers",
     "id, org_id, display_name, normalized_name, platform, platform_id, first_seen_run_id, "
     "last_seen_run_id, times_seen, feedback_score, item_count, created_at, updated_at, flagged, "
     "deleted_at",
     "SELECT id, org_id, display_name, normalized_name, platform, platform_id, first_seen_run_id, "
     "last_seen_run_id, times_seen, feedback_score, item_count, created_at, updated_at, flagged, "
     "deleted_at FROM sellers",
     "flagged"},
    {"seller_audit_log",
     "id, org_id, action, seller_id, seller_name, old_value, new_value, source, source_run_id, "
     "source_criteria, user_id, created_at, affected_count, seller_count_snapshot",
     "SELECT id, org_id, action, seller_id, seller_name, old_value, new_value, source, "
     "source_run_id, source_criteria, user_id, created_at, affected_count, seller_count_snapshot "
     "FROM seller_audit_log"},
};

// COPY's text format: backslash escapes for the characters it reserves.
void appendField(QByteArray &line, const QVariant &value, bool boolean)
{
    if (value.isNull()) {
        line += "\\N";
        return;
    }
    if (boolean) {
        line += value.toInt() ? 't' : 'f';
        return;
    }
    const QByteArray bytes = value.toString().toUtf8();
    for (char c : bytes) {
        switch (c) {
        case '\\':
            line += "\\\\";
            break;
        case '\n':
            line += "\\n";
            break;
        case '\r':
            line += "\\r";
            break;
        case '\t':
            line += "\\t";
            break;
        default:
            line += c;
        }
    }
}

PGconn *connectionOf(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    const QByteArray type = handle.typeName() ? QByteArray(handle.typeName()) : QByteArray();
    if (type != "PGconn*" && type != "pg_conn*")
        return nullptr;
    return *static_cast<PGconn *const *>(handle.data());
}

bool copyTable(const Table &t, const QSqlDatabase &sqlite, PGconn *conn, qint64 *rows,
               QString *error)
{
    QSqlQuery read(sqlite);
    read.setForwardOnly(true);
    if (!read.exec(QString::fromLatin1(t.source))) {
        *error =
            QStringLiteral("reading %1: %2").arg(QLatin1String(t.target), read.lastError().text());
        return false;
    }
    const QList<QByteArray> columns = QByteArray(t.columns).split(',');
    QList<bool> isBoolean;
    for (const QByteArray &c : columns)
        isBoolean << QByteArray(t.booleans).split(',').contains(c.trimmed());
    const QByteArray copy = "COPY " + QByteArray(t.target) + " (" + t.columns + ") FROM STDIN";
    PGresult *started = PQexec(conn, copy.constData());
    const bool ok = PQresultStatus(started) == PGRES_COPY_IN;
    PQclear(started);
    if (!ok) {
        *error = QStringLiteral("starting COPY %1: %2")
                     .arg(QLatin1String(t.target), QString::fromUtf8(PQerrorMessage(conn)));
        return false;
    }
    QByteArray buffer;
    buffer.reserve(1 << 20);
    *rows = 0;
    while (read.next()) {
        for (int i = 0; i < columns.size(); ++i) {
            if (i)
                buffer += '\t';
            appendField(buffer, read.value(i), isBoolean.at(i));
        }
        buffer += '\n';
        ++*rows;
        if (buffer.size() > (1 << 20) - 4096) {
            if (PQputCopyData(conn, buffer.constData(), int(buffer.size())) != 1)
                break;
            buffer.clear();
        }
    }
    if (!buffer.isEmpty())
        PQputCopyData(conn, buffer.constData(), int(buffer.size()));
    PQputCopyEnd(conn, nullptr);
    bool finished = true;
    while (PGresult *r = PQgetResult(conn)) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            *error = QStringLiteral("COPY %1: %2")
                         .arg(QLatin1String(t.target), QString::fromUtf8(PQresultErrorMessage(r)));
            finished = false;
        }
        PQclear(r);
    }
    return finished;
}

} // namespace

namespace PostgresLoader {

bool copyFromSqlite(const QString &sqlitePath, QSqlDatabase pg, QString *error,
                    const std::function<void(const QString &)> &log)
{
    PGconn *conn = connectionOf(pg);
    if (!conn) {
        *error = QStringLiteral("not a Postgres connection");
        return false;
    }
    const QString name = QStringLiteral("postgres-loader-source");
    bool ok = true;
    {
        QSqlDatabase sqlite = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        sqlite.setDatabaseName(sqlitePath);
        sqlite.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!sqlite.open()) {
            *error = sqlite.lastError().text();
            ok = false;
        }
        QSqlQuery(pg).exec(QStringLiteral("SET session_replication_role = replica"));
        for (const Table &t : Tables) {
            if (!ok)
                break;
            QElapsedTimer timer;
            timer.start();
            qint64 rows = 0;
            ok = copyTable(t, sqlite, conn, &rows, error);
            if (ok && log)
                log(QStringLiteral("copied %1 rows into %2 in %3 ms")
                        .arg(rows)
                        .arg(QLatin1String(t.target))
                        .arg(timer.elapsed()));
        }
        QSqlQuery(pg).exec(QStringLiteral("SET session_replication_role = DEFAULT"));
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace PostgresLoader
