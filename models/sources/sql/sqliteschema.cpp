#include "sqliteschema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace SqliteSchema {
namespace {

bool runAll(QSqlDatabase &db, const QStringList &statements, QString *error)
{
    QSqlQuery q(db);
    for (const QString &sql : statements) {
        if (!q.exec(sql)) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

} // namespace

bool createTables(QSqlDatabase &db, QString *error)
{
    return runAll(
        db,
        {
            QStringLiteral("CREATE TABLE orgs ("
                           " id TEXT PRIMARY KEY,"
                           " name TEXT NOT NULL,"
                           " owner_user_id TEXT,"
                           " created_at TEXT NOT NULL,"
                           " updated_at TEXT)"),
            QStringLiteral("CREATE TABLE profiles ("
                           " user_id TEXT PRIMARY KEY,"
                           " email TEXT,"
                           " display_name TEXT)"),
            QStringLiteral("CREATE TABLE memberships ("
                           " user_id TEXT NOT NULL,"
                           " org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                           " role TEXT NOT NULL CHECK (role IN ('admin', 'va', 'client')),"
                           " status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),"
                           " PRIMARY KEY (user_id, org_id))"),
            QStringLiteral("CREATE TABLE collection_runs ("
                           " id TEXT PRIMARY KEY,"
                           " org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                           " name TEXT,"
                           " status TEXT NOT NULL,"
                           " started_at TEXT,"
                           " completed_at TEXT,"
                           " sellers_found INTEGER,"
                           " sellers_new INTEGER,"
                           " created_by TEXT,"
                           " seller_count_snapshot INTEGER)"),
            QStringLiteral(
                "CREATE TABLE sellers ("
                " id TEXT PRIMARY KEY,"
                " org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                " display_name TEXT NOT NULL,"
                " normalized_name TEXT NOT NULL,"
                " platform TEXT NOT NULL CHECK (platform IN ('ebay')),"
                " platform_id TEXT,"
                " first_seen_run_id TEXT REFERENCES collection_runs(id) ON DELETE SET NULL,"
                " last_seen_run_id TEXT REFERENCES collection_runs(id) ON DELETE SET NULL,"
                " times_seen INTEGER NOT NULL DEFAULT 1,"
                " feedback_score INTEGER,"
                " item_count INTEGER,"
                " created_at TEXT NOT NULL,"
                " updated_at TEXT,"
                " flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),"
                " deleted_at TEXT,"
                " UNIQUE (org_id, normalized_name, platform))"),
            QStringLiteral(
                "CREATE TABLE seller_audit_log ("
                " id TEXT PRIMARY KEY,"
                " org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                " action TEXT NOT NULL"
                "  CHECK (action IN ('add', 'edit', 'remove', 'export', 'flag')),"
                " seller_id TEXT REFERENCES sellers(id) ON DELETE SET NULL,"
                " seller_name TEXT NOT NULL,"
                " old_value TEXT,"
                " new_value TEXT,"
                " source TEXT NOT NULL"
                "  CHECK (source IN ('manual', 'collection_run', 'auto_remove', 'export')),"
                " source_run_id TEXT REFERENCES collection_runs(id) ON DELETE SET NULL,"
                " source_criteria TEXT,"
                " user_id TEXT,"
                " created_at TEXT NOT NULL,"
                " affected_count INTEGER NOT NULL DEFAULT 1,"
                " seller_count_snapshot INTEGER)"),
        },
        error);
}

bool createIndexes(QSqlDatabase &db, QString *error)
{
    // Keyset paging walks (org, created_at, id) in either direction; the
    // action index serves the filter chips. SQLite scans an index backwards
    // as cheaply as forwards, so one direction each is enough.
    return runAll(
        db,
        {
            QStringLiteral("CREATE INDEX seller_audit_log_org_time"
                           " ON seller_audit_log (org_id, created_at, id)"),
            QStringLiteral("CREATE INDEX seller_audit_log_org_action_time"
                           " ON seller_audit_log (org_id, action, created_at, id)"),
            QStringLiteral("CREATE INDEX sellers_org_created ON sellers (org_id, created_at, id)"),
            QStringLiteral("CREATE INDEX sellers_org_flagged ON sellers (org_id, flagged)"),
            QStringLiteral("ANALYZE"),
        },
        error);
}

} // namespace SqliteSchema
