#pragma once

#include <QSqlDatabase>
#include <QString>

#include <functional>

// Copies a database with the embedded (SQLite) schema into an empty Postgres
// database that has the upstream schema, through COPY: how tests and
// benchmarks get large, realistic upstream data (the demo generator's) into
// a real server quickly. Users referenced anywhere get an auth.users row.
// Foreign-key triggers are skipped during the load (session_replication_role
// = replica), so `pg` must be a superuser connection.
namespace PostgresLoader {

bool copyFromSqlite(const QString &sqlitePath, QSqlDatabase pg, QString *error,
                    const std::function<void(const QString &)> &log = {});

} // namespace PostgresLoader
