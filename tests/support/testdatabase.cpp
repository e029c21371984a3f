#include "testdatabase.h"

#include "auditloginsert.h"
#include "sourceerror.h"
#include "sqliteschema.h"
#include "sqlscript.h"
#include "upstreamjson.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

namespace {

QString postgresUrl()
{
    return qEnvironmentVariable("SELLER_HISTORY_TEST_PG");
}

} // namespace

QString TestDatabase::upstreamSchemaPath()
{
    return QStringLiteral(SELLER_HISTORY_FIXTURES_DIR "/upstream-schema.sql");
}

TestDatabase::Backend TestDatabase::backendFromEnvironment()
{
    return qEnvironmentVariable("SELLER_HISTORY_TEST_BACKEND") == QLatin1String("postgres")
               ? Backend::Postgres
               : Backend::Sqlite;
}

QString TestDatabase::unavailableReason(Backend backend)
{
    if (backend == Backend::Postgres && postgresUrl().isEmpty())
        return QStringLiteral("no test Postgres server: set SELLER_HISTORY_TEST_PG (run the "
                              "tests through packaging/dev/bootstrap test)");
    return {};
}

bool TestDatabase::postgresRequired()
{
    return qEnvironmentVariableIntValue("SELLER_HISTORY_REQUIRE_PG") == 1;
}

std::unique_ptr<TestDatabase> TestDatabase::create(Backend backend)
{
    std::unique_ptr<TestDatabase> t(new TestDatabase(backend));
    static int counter = 0;
    t->m_connectionName =
        QStringLiteral("testdb-%1-%2").arg(QCoreApplication::applicationPid()).arg(++counter);
    const bool opened = backend == Backend::Sqlite ? t->openSqlite() : t->openPostgres();
    if (!opened)
        return nullptr;
    if (!t->exec(QStringLiteral("INSERT INTO orgs (id, name, created_at) VALUES "
                                "('%1', 'Main org', '2024-01-01T00:00:00.000000Z'), "
                                "('%2', 'Other org', '2024-01-01T00:00:00.000000Z')")
                     .arg(QLatin1String(MainOrg), QLatin1String(OtherOrg))))
        return nullptr;
    return t;
}

bool TestDatabase::openSqlite()
{
    if (!m_dir.isValid()) {
        qWarning("cannot create a temporary directory");
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(path());
    QString error;
    if (!db.open() || !SqliteSchema::createTables(db, &error) ||
        !SqliteSchema::createIndexes(db, &error)) {
        qWarning("cannot create the test database: %s", qPrintable(error + db.lastError().text()));
        return false;
    }
    QSqlQuery(db).exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    return true;
}

bool TestDatabase::openPostgres()
{
    QString parseError;
    auto server = SqlConnectionSpec::parse(postgresUrl(), &parseError);
    if (!server) {
        qWarning("SELLER_HISTORY_TEST_PG is not usable: %s", qPrintable(parseError));
        return false;
    }
    m_pgServer = *server;
    m_pgDatabase = QStringLiteral("sh_test_%1_%2")
                       .arg(QCoreApplication::applicationPid())
                       .arg(m_connectionName.section(u'-', -1));
    SourceError error;
    {
        QSqlDatabase admin =
            m_pgServer.open(m_connectionName + QStringLiteral("-admin"), false, &error);
        if (!admin.isOpen()) {
            qWarning("cannot reach the test Postgres server: %s", qPrintable(error.message));
            return false;
        }
        QSqlQuery q(admin);
        q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_pgDatabase));
        if (!q.exec(QStringLiteral("CREATE DATABASE %1").arg(m_pgDatabase))) {
            qWarning("cannot create a test database: %s", qPrintable(q.lastError().text()));
            return false;
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName + QStringLiteral("-admin"));
    SqlConnectionSpec own = m_pgServer;
    own.database = m_pgDatabase;
    QSqlDatabase db = own.open(m_connectionName, false, &error);
    if (!db.isOpen()) {
        qWarning("cannot open the test database: %s", qPrintable(error.message));
        return false;
    }
    QFile schema(upstreamSchemaPath());
    if (!schema.open(QIODevice::ReadOnly)) {
        qWarning("cannot read %s", qPrintable(upstreamSchemaPath()));
        return false;
    }
    QString scriptError;
    if (!SqlScript::run(db, QString::fromUtf8(schema.readAll()), &scriptError)) {
        qWarning("cannot build the upstream schema: %s", qPrintable(scriptError));
        return false;
    }
    return true;
}

TestDatabase::~TestDatabase()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase::database(m_connectionName, false).close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    if (m_backend == Backend::Postgres && !m_pgDatabase.isEmpty()) {
        const QString name = m_connectionName + QStringLiteral("-drop");
        {
            SourceError error;
            QSqlDatabase admin = m_pgServer.open(name, false, &error);
            QSqlQuery(admin).exec(
                QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_pgDatabase));
        }
        QSqlDatabase::removeDatabase(name);
    }
}

SqlConnectionSpec TestDatabase::spec(const QString &orgId) const
{
    SqlConnectionSpec s;
    if (m_backend == Backend::Postgres) {
        s = m_pgServer;
        s.database = m_pgDatabase;
    } else {
        s.kind = SqlConnectionSpec::Kind::Sqlite;
        s.path = path();
    }
    s.orgId = orgId;
    return s;
}

QString TestDatabase::source() const
{
    if (m_backend == Backend::Sqlite)
        return QStringLiteral("sqlite:") + path();
    QString url = postgresUrl();
    url.truncate(url.lastIndexOf(u'/') + 1);
    return url + m_pgDatabase;
}

QString TestDatabase::path() const
{
    return m_dir.filePath(QStringLiteral("test.sqlite"));
}

QSqlDatabase TestDatabase::db() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool TestDatabase::exec(const QString &sql)
{
    QSqlQuery q(db());
    if (!q.exec(sql)) {
        qWarning("fixture statement failed: %s: %s", qPrintable(sql.left(200)),
                 qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

bool TestDatabase::ensureUser(const QString &userId)
{
    // Upstream's user ids reference auth.users; the embedded schema has no such table.
    if (m_backend == Backend::Sqlite || userId.isEmpty())
        return true;
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "INSERT INTO auth.users (id) VALUES (CAST(? AS uuid)) ON CONFLICT DO NOTHING"));
    q.addBindValue(userId);
    if (!q.exec()) {
        qWarning("cannot add a user: %s", qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

bool TestDatabase::addProfile(const QString &userId, const QString &email,
                              const QString &displayName)
{
    if (!ensureUser(userId))
        return false;
    QSqlQuery q(db());
    q.prepare(m_backend == Backend::Postgres
                  ? QStringLiteral("INSERT INTO profiles (user_id, email, display_name) VALUES "
                                   "(CAST(? AS uuid), ?, ?)")
                  : QStringLiteral(
                        "INSERT INTO profiles (user_id, email, display_name) VALUES (?, ?, ?)"));
    q.addBindValue(userId);
    q.addBindValue(email);
    q.addBindValue(displayName.isNull() ? QVariant(QMetaType::fromType<QString>()) : displayName);
    if (!q.exec()) {
        qWarning("cannot add a profile: %s", qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

bool TestDatabase::insert(const AuditEntry &entry, const QString &orgId)
{
    if (!ensureUser(entry.userId))
        return false;
    AuditLogInsert insert(db(), SqlDialect(spec().kind));
    QString error;
    if (!insert.insert(entry, orgId, &error)) {
        qWarning("cannot insert a fixture row: %s", qPrintable(error));
        return false;
    }
    return true;
}

bool TestDatabase::addSeller(const Seller &s, const QString &orgId)
{
    const bool pg = m_backend == Backend::Postgres;
    QSqlQuery q(db());
    q.prepare(pg ? QStringLiteral(
                       "INSERT INTO sellers (id, org_id, display_name, normalized_name, platform, "
                       "platform_id, times_seen, feedback_score, created_at, flagged) VALUES "
                       "(CAST(? AS uuid), CAST(? AS uuid), ?, ?, 'ebay', ?, ?, ?, "
                       "CAST(? AS timestamptz), ?)")
                 : QStringLiteral(
                       "INSERT INTO sellers (id, org_id, display_name, normalized_name, platform, "
                       "platform_id, times_seen, feedback_score, created_at, flagged) VALUES "
                       "(?, ?, ?, ?, 'ebay', ?, ?, ?, ?, ?)"));
    q.addBindValue(s.id);
    q.addBindValue(orgId);
    q.addBindValue(s.displayName);
    q.addBindValue(s.displayName.toLower().simplified());
    q.addBindValue(s.platformId.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                          : s.platformId);
    q.addBindValue(s.timesSeen);
    q.addBindValue(s.feedbackScore ? QVariant(*s.feedbackScore)
                                   : QVariant(QMetaType::fromType<int>()));
    q.addBindValue(Timestamp::toIsoUtc(s.createdAt));
    q.addBindValue(s.flagged);
    if (!q.exec()) {
        qWarning("cannot add a seller: %s", qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

QString TestDatabase::uuid(quint64 n)
{
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 16, QLatin1Char('0'));
}

AuditEntry TestDatabase::addRow(quint64 n, Timestamp::Micros t, const QString &name)
{
    AuditEntry e;
    e.id = uuid(n);
    e.createdAt = t;
    e.action = Action::Add;
    e.sellerName = name;
    e.newValue = UpstreamJson::encodeColumn({{QStringLiteral("display_name"), name}});
    e.source = QStringLiteral("manual");
    e.affectedCount = 1;
    return e;
}
