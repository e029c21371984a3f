#pragma once

#include "auditentry.h"
#include "sqlconnectionspec.h"

#include <QSqlDatabase>
#include <QTemporaryDir>

#include <memory>

// A throwaway database with the upstream schema, for tests: a SQLite file in
// a temporary directory. Rows are written through the production insert
// (AuditLogInsert), so fixtures have exactly the stored shapes.
class TestDatabase
{
public:
    static constexpr auto MainOrg = "a0000000-0000-0000-0000-000000000001";
    static constexpr auto OtherOrg = "b0000000-0000-0000-0000-000000000002";

    // Creates the database with both orgs; nullptr (and a warning) on failure.
    static std::unique_ptr<TestDatabase> createSqlite();
    ~TestDatabase();

    SqlConnectionSpec spec(const QString &orgId = QString::fromLatin1(MainOrg)) const;
    QString path() const;
    QSqlDatabase db() const;

    bool addProfile(const QString &userId, const QString &email, const QString &displayName);
    bool insert(const AuditEntry &entry, const QString &orgId = QString::fromLatin1(MainOrg));
    bool exec(const QString &sql);

    // A deterministic uuid for fixture number n ("00000000-0000-4000-8000-<n>").
    static QString uuid(quint64 n);
    // A plain add row for seller `name` at time t.
    static AuditEntry addRow(quint64 n, Timestamp::Micros t, const QString &name);

private:
    TestDatabase() = default;
    QTemporaryDir m_dir;
    QString m_connectionName;
};
