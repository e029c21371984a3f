#pragma once

#include <QSqlDatabase>
#include <QStringList>

// SQL scripts for Postgres fixtures (the upstream schema, packaging/sql/):
// QPSQL runs a multi-statement string but reports only the first
// statement's result, so scripts are split and run one statement at a time.
namespace SqlScript {

// Splits a script into its statements the way psql does: at semicolons
// outside quotes, dollar quotes and comments.
QStringList split(const QString &script);

// Runs each statement; false and *error (naming the statement) at the first
// that fails.
bool run(QSqlDatabase db, const QString &script, QString *error);

} // namespace SqlScript
