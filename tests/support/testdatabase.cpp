#include "testdatabase.h"

#include "auditloginsert.h"
#include "sqliteschema.h"
#include "upstreamjson.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

std::unique_ptr<TestDatabase> TestDatabase::createSqlite()
{
    std::unique_ptr<TestDatabase> t(new TestDatabase);
    if (!t->m_dir.isValid()) {
        qWarning("cannot create a temporary directory");
        return nullptr;
    }
    t->m_connectionName = QStringLiteral("testdb-%1").arg(quintptr(t.get()), 0, 16);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), t->m_connectionName);
    db.setDatabaseName(t->path());
    QString error;
    if (!db.open() || !SqliteSchema::createTables(db, &error) ||
        !SqliteSchema::createIndexes(db, &error)) {
        qWarning("cannot create the test database: %s", qPrintable(error + db.lastError().text()));
        return nullptr;
    }
    QSqlQuery(db).exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    if (!t->exec(QStringLiteral("INSERT INTO orgs (id, name, created_at) VALUES "
                                "('%1', 'Main org', '2024-01-01T00:00:00.000000Z'), "
                                "('%2', 'Other org', '2024-01-01T00:00:00.000000Z')")
                     .arg(QLatin1String(MainOrg), QLatin1String(OtherOrg))))
        return nullptr;
    return t;
}

TestDatabase::~TestDatabase()
{
    if (!m_connectionName.isEmpty()) {
        QSqlDatabase::database(m_connectionName, false).close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

SqlConnectionSpec TestDatabase::spec(const QString &orgId) const
{
    SqlConnectionSpec s;
    s.kind = SqlConnectionSpec::Kind::Sqlite;
    s.path = path();
    s.orgId = orgId;
    return s;
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
        qWarning("fixture statement failed: %s: %s", qPrintable(sql),
                 qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

bool TestDatabase::addProfile(const QString &userId, const QString &email,
                              const QString &displayName)
{
    QSqlQuery q(db());
    q.prepare(
        QStringLiteral("INSERT INTO profiles (user_id, email, display_name) VALUES (?, ?, ?)"));
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
    AuditLogInsert insert(db(), SqlDialect(SqlConnectionSpec::Kind::Sqlite));
    QString error;
    if (!insert.insert(entry, orgId, &error)) {
        qWarning("cannot insert a fixture row: %s", qPrintable(error));
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
