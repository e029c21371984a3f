#pragma once

#include <QMap>
#include <QSqlDatabase>
#include <QString>

#include <optional>

struct SourceError;

// Where a direct (SQL) source lives and how to open a connection to it.
// Parsed from the product's source syntax: `sqlite:PATH` or
// `postgresql://user[:pw]@host[:port]/db[?sslmode=...]`.
struct SqlConnectionSpec
{
    enum class Kind : quint8
    {
        Sqlite,
        Postgres
    };

    Kind kind = Kind::Sqlite;
    QString path; // Sqlite: the database file
    QString host; // Postgres
    int port = -1;
    QString database;
    QString user;
    QString password;              // from the URL; libpq also reads PGPASSWORD and .pgpass
    QMap<QString, QString> params; // libpq keywords from the query string (sslmode, ...)
    QString orgId;                 // every query is scoped to this org
    QString actorId;               // user_id of the audit rows written (may be empty)
    int statementTimeoutMs = 30'000;

    static std::optional<SqlConnectionSpec> parse(const QString &source, QString *error);
    static bool looksLikeSql(const QString &source);

    // Secret-free, for the status bar and messages.
    QString description() const;

    // Opens a new named connection on the calling thread. Browsing connections
    // are read-only: SQLite opens the file read-only, Postgres sets
    // default_transaction_read_only. Fills *error and returns an invalid
    // database on failure.
    QSqlDatabase open(const QString &connectionName, bool readOnly, SourceError *error) const;
};
