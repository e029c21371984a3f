#pragma once

#include "auditentry.h"
#include "seller.h"
#include "sqlconnectionspec.h"

#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// A throwaway database with the upstream schema, for tests: a SQLite file in
// a temporary directory, or a fresh database on the test Postgres server
// (SELLER_HISTORY_TEST_PG, started by tests/support/postgres-server) built
// from tests/fixtures/upstream-schema.sql and dropped afterwards. Rows are
// written through the production insert (AuditLogInsert), so fixtures have
// exactly the stored shapes.
//
// Behavioural suites run once per backend: CTest sets
// SELLER_HISTORY_TEST_BACKEND to sqlite or postgres.
class TestDatabase
{
public:
    enum class Backend
    {
        Sqlite,
        Postgres
    };

    static constexpr auto MainOrg = "a0000000-0000-0000-0000-000000000001";
    static constexpr auto OtherOrg = "b0000000-0000-0000-0000-000000000002";

    // The backend this test run is for (SQLite unless the environment says postgres).
    static Backend backendFromEnvironment();
    // Empty when the backend can be used; else why not (for QSKIP / QFAIL).
    static QString unavailableReason(Backend backend);
    // True when a missing Postgres must fail the run rather than skip it (CI).
    static bool postgresRequired();

    // Creates the database with both orgs; nullptr (and a warning) on failure.
    static std::unique_ptr<TestDatabase> create(Backend backend);
    static std::unique_ptr<TestDatabase> createSqlite() { return create(Backend::Sqlite); }
    ~TestDatabase();

    Backend backend() const { return m_backend; }
    SqlConnectionSpec spec(const QString &orgId = QString::fromLatin1(MainOrg)) const;
    QString source() const; // for --source
    QString path() const;   // SQLite only
    QSqlDatabase db() const;

    bool addProfile(const QString &userId, const QString &email, const QString &displayName);
    bool insert(const AuditEntry &entry, const QString &orgId = QString::fromLatin1(MainOrg));
    bool addSeller(const Seller &seller, const QString &orgId = QString::fromLatin1(MainOrg));
    bool exec(const QString &sql);

    // The upstream schema file tests and benchmarks build Postgres databases from.
    static QString upstreamSchemaPath();

    // A deterministic uuid for fixture number n ("00000000-0000-4000-8000-<n>").
    static QString uuid(quint64 n);
    // A plain add row for seller `name` at time t.
    static AuditEntry addRow(quint64 n, Timestamp::Micros t, const QString &name);

private:
    explicit TestDatabase(Backend backend)
        : m_backend(backend)
    {}
    bool openSqlite();
    bool openPostgres();
    bool ensureUser(const QString &userId);

    Backend m_backend;
    QTemporaryDir m_dir;
    QString m_connectionName;
    QString m_pgDatabase;
    SqlConnectionSpec m_pgServer;
};

// In a test function: skips (or, where Postgres is required, fails) when the
// backend cannot be used here.
#define SH_REQUIRE_BACKEND(backend)                                                                \
    do {                                                                                           \
        const QString why_ = TestDatabase::unavailableReason(backend);                             \
        if (!why_.isEmpty()) {                                                                     \
            if (TestDatabase::postgresRequired())                                                  \
                QFAIL(qPrintable(why_));                                                           \
            QSKIP(qPrintable(why_));                                                               \
        }                                                                                          \
    } while (false)
