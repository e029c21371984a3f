// The least-privilege role of packaging/sql/analyst-role.sql on real
// Postgres: the file is applied twice to a fresh upstream database, then a
// login in its group, mapped to a user who is an active member of the main
// org and a suspended member of the other, uses the database the way the app
// does (browsing through SqlSource and SqlHistoryReader, flagging, recording)
// and the way it must not (other orgs, other columns, deletes, the mapping).
#include "auditloginsert.h"
#include "sqlhistoryreader.h"
#include "sqlscript.h"
#include "sqlsource.h"
#include "testdatabase.h"
#include "upstreamjson.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <array>

namespace {

constexpr Timestamp::Micros Base = 1'735'689'600'000'000; // 2025-01-01T00:00:00Z
const QString Main = QString::fromLatin1(TestDatabase::MainOrg);
const QString Other = QString::fromLatin1(TestDatabase::OtherOrg);
const QString Group = QStringLiteral("seller_history_analyst");

// The analyst's upstream user: active in the main org, suspended in the other.
const QString Analyst = TestDatabase::uuid(9101);
// A colleague in the main org (a profile with an email only), and an outsider
// who is a member of the other org alone.
const QString Colleague = TestDatabase::uuid(9102);
const QString Outsider = TestDatabase::uuid(9103);

const QString MainSeller1 = TestDatabase::uuid(7001);
const QString MainSeller2 = TestDatabase::uuid(7002);
const QString OtherSeller = TestDatabase::uuid(7101);

QString roleFilePath()
{
    // <source>/tests/fixtures/upstream-schema.sql -> <source>/packaging/sql/analyst-role.sql
    const QDir fixtures = QFileInfo(TestDatabase::upstreamSchemaPath()).dir();
    return QDir::cleanPath(
        fixtures.absoluteFilePath(QStringLiteral("../../packaging/sql/analyst-role.sql")));
}

struct Outcome
{
    bool ok = false;
    int rows = -1;
    QString code;    // SQLSTATE on failure
    QString message; // the server's message on failure
};

// The server's primary message: "ERROR:  permission denied for table x\n(42501)"
// -> "permission denied for table x".
QString primaryMessage(const QSqlError &error)
{
    QString text = error.databaseText().section(u'\n', 0, 0).trimmed();
    if (text.startsWith(QLatin1String("ERROR:")))
        text = text.mid(6).trimmed();
    return text;
}

Outcome run(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    Outcome o;
    o.ok = q.exec(sql);
    if (o.ok) {
        o.rows = q.numRowsAffected();
    } else {
        o.code = q.lastError().nativeErrorCode();
        o.message = primaryMessage(q.lastError());
    }
    return o;
}

// The first column of every row, as text; {"<error>: ..."} when it failed.
QStringList column(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return {QStringLiteral("<error>: ") + q.lastError().databaseText()};
    QStringList out;
    while (q.next())
        out << (q.value(0).isNull() ? QStringLiteral("<null>") : q.value(0).toString());
    return out;
}

QStringList ids(const QList<AuditEntry> &entries)
{
    QStringList out;
    for (const AuditEntry &e : entries)
        out << e.id;
    return out;
}

QStringList userNames(const QList<AuditEntry> &entries)
{
    QStringList out;
    for (const AuditEntry &e : entries)
        out << e.userName;
    return out;
}

AuditEntry flagRow(const QString &id, const QString &userId)
{
    AuditEntry e;
    e.id = id;
    e.createdAt = Timestamp::now();
    e.action = Action::Flag;
    e.sellerName = QStringLiteral("Flagged 1 sellers");
    e.newValue =
        UpstreamJson::encodeColumn({{QStringLiteral("flagged"), true},
                                    {QStringLiteral("sellers"), QJsonArray{QStringLiteral("m1")}}});
    e.source = QStringLiteral("manual");
    e.userId = userId;
    e.affectedCount = 1;
    e.sellerCountSnapshot = 2;
    return e;
}

} // namespace

class TestPostgresRole : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void shouldLeaveTheUpstreamsPoliciesAndGrantsUnchanged();
    void shouldGiveTheGroupExactlyTheAppsPrivileges();
    void shouldScopeEveryPolicyToTheGroup();
    void shouldAnswerPrivilegeChecksForTheLogin_data();
    void shouldAnswerPrivilegeChecksForTheLogin();
    void shouldRefuseToRunWhenTheGroupInheritsAnotherRole();

    void shouldBrowseOnlyTheMappedOrgThroughTheSource_data();
    void shouldBrowseOnlyTheMappedOrgThroughTheSource();
    void shouldPageThroughTheReaderAsTheRole_data();
    void shouldPageThroughTheReaderAsTheRole();

    void shouldFlagOnlyTheMappedOrgsSellers_data();
    void shouldFlagOnlyTheMappedOrgsSellers();
    void shouldRecordOnlyItsOwnFlagAndExportRows_data();
    void shouldRecordOnlyItsOwnFlagAndExportRows();
    void shouldKeepTheMappingAndMembershipsPrivate_data();
    void shouldKeepTheMappingAndMembershipsPrivate();
    void shouldNameTheMappedUserAsTheActor();
    void shouldIgnoreAForgedJwtClaim();
    void shouldGiveNothingWithoutAnActiveMappedMembership_data();
    void shouldGiveNothingWithoutAnActiveMappedMembership();
    void shouldLimitOrgsAndProfilesWhereTheUpstreamEnablesRls_data();
    void shouldLimitOrgsAndProfilesWhereTheUpstreamEnablesRls();

private:
    bool applyRoleFile(QString *why);
    QString upstreamFingerprint();
    QString groupGrants();
    QSqlDatabase connectAs(const QString &login, const QString &org, bool readOnly);
    SqlConnectionSpec roleSpec(const QString &org) const;

    std::unique_ptr<TestDatabase> m_db;
    QString m_login;    // mapped to Analyst
    QString m_unmapped; // in the group, not in seller_history.analysts
    bool m_rolesCreated = false;
    QString m_upstreamBefore;
    QList<AuditEntry> m_mainRows; // newest first, userName as the join gives it
    QStringList m_connections;
};

// The schema, the role file, the two logins, and the fixture rows.
void TestPostgresRole::initTestCase()
{
    SH_REQUIRE_BACKEND(TestDatabase::Backend::Postgres);
    QElapsedTimer timer;
    timer.start();
    m_db = TestDatabase::create(TestDatabase::Backend::Postgres);
    QVERIFY(m_db);
    QVERIFY2(QFile::exists(roleFilePath()), qPrintable(roleFilePath()));

    m_upstreamBefore = upstreamFingerprint();
    QVERIFY(!m_upstreamBefore.isEmpty());
    QString why;
    QVERIFY2(applyRoleFile(&why), qPrintable(why));
    // A grant added by hand in between is taken back by the second run.
    QVERIFY(m_db->exec(QStringLiteral("GRANT DELETE, TRUNCATE ON public.sellers TO %1; "
                                      "GRANT SELECT ON public.memberships TO %1; "
                                      "GRANT UPDATE (display_name) ON public.sellers TO %1")
                           .arg(Group)));
    QVERIFY2(applyRoleFile(&why), qPrintable(why));

    // Roles are cluster-wide: unique names per run, dropped in cleanupTestCase.
    const QString tag = QStringLiteral("%1_%2")
                            .arg(QCoreApplication::applicationPid())
                            .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    m_login = QStringLiteral("sh_test_analyst_") + tag;
    m_unmapped = QStringLiteral("sh_test_unmapped_") + tag;
    m_rolesCreated = true;
    QVERIFY(m_db->exec(
        QStringLiteral("CREATE ROLE %1 LOGIN IN ROLE %3; CREATE ROLE %2 LOGIN IN ROLE %3")
            .arg(m_login, m_unmapped, Group)));

    QVERIFY(m_db->addProfile(Analyst, QStringLiteral("ana@example.com"),
                             QStringLiteral("Ana Analyst")));
    QVERIFY(m_db->addProfile(Colleague, QStringLiteral("bo@example.com"), QString()));
    QVERIFY(m_db->addProfile(Outsider, QStringLiteral("cy@example.com"),
                             QStringLiteral("Cy Outsider")));
    QVERIFY(m_db->exec(
        QStringLiteral("INSERT INTO memberships (user_id, org_id, role, status) VALUES "
                       "('%1', '%4', 'va', 'active'), ('%1', '%5', 'admin', 'suspended'), "
                       "('%2', '%4', 'admin', 'active'), ('%3', '%5', 'admin', 'active')")
            .arg(Analyst, Colleague, Outsider, Main, Other)));
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO seller_history.analysts (db_role, user_id) "
                                      "VALUES ('%1', '%2')")
                           .arg(m_login, Analyst)));
    QVERIFY(m_db->exec(
        QStringLiteral(
            "INSERT INTO sellers (id, org_id, display_name, normalized_name, platform) VALUES "
            "('%1', '%4', 'M1', 'm1', 'ebay'), ('%2', '%4', 'M2', 'm2', 'ebay'), "
            "('%3', '%5', 'O1', 'o1', 'ebay')")
            .arg(MainSeller1, MainSeller2, OtherSeller, Main, Other)));

    // 12 rows in the main org (every action, three kinds of actor) and 6 in
    // the other, interleaved in time.
    for (int i = 0; i < 18; ++i) {
        const bool other = i % 3 == 2;
        AuditEntry e = TestDatabase::addRow(quint64(100 + i), Base + i * Timestamp::MicrosPerMinute,
                                            QStringLiteral("seller %1").arg(i));
        e.action = Action(i % ActionCount);
        if (other) {
            e.userId = Outsider;
        } else {
            e.userId = i % 4 == 0 ? Analyst : i % 4 == 1 ? Colleague : QString();
            e.userName = i % 4 == 0   ? QStringLiteral("Ana Analyst")
                         : i % 4 == 1 ? QStringLiteral("bo@example.com")
                                      : QString();
            m_mainRows.prepend(e);
        }
        QVERIFY(m_db->insert(e, other ? Other : Main));
    }
    QCOMPARE(m_mainRows.size(), 12);
    qInfo("set up in %lld ms", timer.elapsed());
}

void TestPostgresRole::cleanupTestCase()
{
    for (const QString &name : std::as_const(m_connections)) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
    if (m_db && m_rolesCreated) {
        // Runs even when a check above failed. The group role stays: it is
        // cluster-wide, and the file reuses an existing one.
        m_db->exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_login));
        m_db->exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_unmapped));
        QCOMPARE(column(m_db->db(), QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname "
                                                   "IN ('%1', '%2')")
                                        .arg(m_login, m_unmapped)),
                 QStringList{QStringLiteral("0")});
    }
    m_db.reset();
}

bool TestPostgresRole::applyRoleFile(QString *why)
{
    QFile file(roleFilePath());
    if (!file.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot read ") + roleFilePath();
        return false;
    }
    // Statement by statement, as `psql -v ON_ERROR_STOP=1 -f` runs it: the
    // first failure stops the run, and the file's own BEGIN is rolled back.
    const QStringList statements = SqlScript::split(QString::fromUtf8(file.readAll()));
    if (statements.size() < 10 || statements.first() != QLatin1String("BEGIN") ||
        statements.last() != QLatin1String("COMMIT")) {
        *why = QStringLiteral("unexpected shape: %1 statements").arg(statements.size());
        return false;
    }
    for (const QString &sql : statements) {
        QSqlQuery q(m_db->db());
        if (!q.exec(sql)) {
            *why = primaryMessage(q.lastError()) + QStringLiteral(" in: ") + sql.left(120);
            q = QSqlQuery();
            QSqlQuery(m_db->db()).exec(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
    return true;
}

// Everything of the upstream's the file must not change: every policy not
// for the group, row-level security switches, the grants of every other
// grantee (tables, columns, schemas; a NULL ACL read as the defaults it
// stands for), and the upstream roles' attributes and memberships.
QString TestPostgresRole::upstreamFingerprint()
{
    const QString sql = QStringLiteral(R"(
        SELECT concat_ws(E'\n',
          (SELECT string_agg(format('policy %s.%s %s %s %s %s %s', schemaname, tablename, policyname,
                                    permissive, roles, cmd, coalesce(qual, '-') || '/' ||
                                    coalesce(with_check, '-')), E'\n'
                             ORDER BY schemaname, tablename, policyname)
           FROM pg_policies WHERE NOT ('seller_history_analyst' = ANY (roles))),
          (SELECT string_agg(format('rls %s %s %s', c.oid::regclass, c.relrowsecurity,
                                    c.relforcerowsecurity), E'\n' ORDER BY c.oid::regclass::text)
           FROM pg_class c WHERE c.relnamespace IN ('public'::regnamespace, 'auth'::regnamespace)
             AND c.relkind = 'r'),
          (SELECT string_agg(format('acl %s %s %s %s', c.oid::regclass, a.grantee, a.privilege_type,
                                    a.is_grantable), E'\n'
                             ORDER BY c.oid::regclass::text, a.grantee, a.privilege_type)
           FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
           WHERE c.relnamespace IN ('public'::regnamespace, 'auth'::regnamespace)
             AND a.grantee::regrole::text <> 'seller_history_analyst'),
          (SELECT string_agg(format('col %s.%s %s %s', at.attrelid::regclass, at.attname,
                                    a.grantee, a.privilege_type), E'\n'
                             ORDER BY at.attrelid::regclass::text, at.attname, a.grantee)
           FROM pg_attribute at JOIN pg_class c ON c.oid = at.attrelid, aclexplode(at.attacl) a
           WHERE c.relnamespace IN ('public'::regnamespace, 'auth'::regnamespace)
             AND a.grantee::regrole::text <> 'seller_history_analyst'),
          (SELECT string_agg(format('schema %s %s %s', n.nspname, a.grantee, a.privilege_type),
                             E'\n' ORDER BY n.nspname, a.grantee, a.privilege_type)
           FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
           WHERE n.nspname IN ('public', 'auth')
             AND a.grantee::regrole::text <> 'seller_history_analyst'),
          (SELECT string_agg(format('role %s %s %s %s', r.rolname, r.rolcanlogin, r.rolbypassrls,
                                    array(SELECT g.rolname FROM pg_auth_members m
                                          JOIN pg_roles g ON g.oid = m.roleid
                                          WHERE m.member = r.oid ORDER BY 1)), E'\n'
                             ORDER BY r.rolname)
           FROM pg_roles r WHERE r.rolname IN ('service_role', 'authenticated', 'anon')))
    )");
    const QStringList out = column(m_db->db(), sql);
    return out.size() == 1 ? out.first() : QString();
}

// Every privilege the group holds directly in this database, one per line.
QString TestPostgresRole::groupGrants()
{
    const QString sql = QStringLiteral(R"(
        SELECT string_agg(g, E'\n' ORDER BY g) FROM (
          SELECT format('table %s %s', c.oid::regclass, a.privilege_type) AS g
          FROM pg_class c, aclexplode(c.relacl) a WHERE a.grantee = 'seller_history_analyst'::regrole
          UNION ALL
          SELECT format('column %s.%s %s', at.attrelid::regclass, at.attname, a.privilege_type)
          FROM pg_attribute at, aclexplode(at.attacl) a
          WHERE a.grantee = 'seller_history_analyst'::regrole
          UNION ALL
          SELECT format('schema %s %s', n.nspname, a.privilege_type)
          FROM pg_namespace n, aclexplode(n.nspacl) a
          WHERE a.grantee = 'seller_history_analyst'::regrole
          UNION ALL
          SELECT format('function %s %s', p.oid::regprocedure, a.privilege_type)
          FROM pg_proc p, aclexplode(p.proacl) a WHERE a.grantee = 'seller_history_analyst'::regrole
          UNION ALL
          SELECT format('database %s %s', d.datname, a.privilege_type)
          FROM pg_database d, aclexplode(d.datacl) a
          WHERE d.datname = current_database() AND a.grantee = 'seller_history_analyst'::regrole
        ) grants
    )");
    const QStringList out = column(m_db->db(), sql);
    return out.size() == 1 ? out.first() : QString();
}

SqlConnectionSpec TestPostgresRole::roleSpec(const QString &org) const
{
    SqlConnectionSpec spec = m_db->spec(org);
    spec.user = m_login;
    spec.password.clear(); // trust authentication on the test server
    return spec;
}

QSqlDatabase TestPostgresRole::connectAs(const QString &login, const QString &org, bool readOnly)
{
    SqlConnectionSpec spec = roleSpec(org);
    spec.user = login;
    const QString name = QStringLiteral("role-%1").arg(m_connections.size());
    m_connections << name;
    SourceError error;
    QSqlDatabase db = spec.open(name, readOnly, &error);
    if (!db.isOpen())
        qWarning("cannot connect as %s: %s", qPrintable(login), qPrintable(error.message));
    return db;
}

void TestPostgresRole::shouldLeaveTheUpstreamsPoliciesAndGrantsUnchanged()
{
    const QString after = upstreamFingerprint();
    QCOMPARE(after.split(u'\n'), m_upstreamBefore.split(u'\n'));
    // The fingerprint does see the upstream's own policies.
    QVERIFY(after.contains(QLatin1String("policy public.sellers authenticated_read PERMISSIVE "
                                         "{authenticated} SELECT")));
    QVERIFY(after.contains(QLatin1String("rls seller_audit_log t f")));
    QVERIFY(after.contains(QLatin1String("rls profiles f f")));
}

void TestPostgresRole::shouldGiveTheGroupExactlyTheAppsPrivileges()
{
    // Exactly these entries, after a second run that found DELETE, TRUNCATE,
    // SELECT on memberships and UPDATE (display_name) granted by hand.
    const QStringList expected{
        QStringLiteral("column sellers.flagged UPDATE"),
        QStringLiteral("function seller_history.analyst_org_ids() EXECUTE"),
        QStringLiteral("function seller_history.analyst_user_ids() EXECUTE"),
        QStringLiteral("function seller_history.current_actor() EXECUTE"),
        QStringLiteral("schema public USAGE"),
        QStringLiteral("schema seller_history USAGE"),
        QStringLiteral("table orgs SELECT"),
        QStringLiteral("table profiles SELECT"),
        QStringLiteral("table seller_audit_log INSERT"),
        QStringLiteral("table seller_audit_log SELECT"),
        QStringLiteral("table sellers SELECT"),
    };
    QCOMPARE(groupGrants().split(u'\n'), expected);

    // A plain group: no login, no elevated attributes, a member of nothing;
    // the logins are members of the group alone.
    QCOMPARE(column(m_db->db(),
                    QStringLiteral("SELECT format('%s %s %s %s %s %s', rolcanlogin, rolsuper, "
                                   "rolbypassrls, rolcreaterole, rolcreatedb, rolinherit) "
                                   "FROM pg_roles WHERE rolname = '%1'")
                        .arg(Group)),
             QStringList{QStringLiteral("f f f f f t")});
    QCOMPARE(column(m_db->db(), QStringLiteral("SELECT g.rolname FROM pg_auth_members m JOIN "
                                               "pg_roles g ON g.oid = m.roleid WHERE m.member = "
                                               "'%1'::regrole")
                                    .arg(Group)),
             QStringList{});
    QCOMPARE(column(m_db->db(), QStringLiteral("SELECT g.rolname FROM pg_auth_members m JOIN "
                                               "pg_roles g ON g.oid = m.roleid WHERE m.member = "
                                               "'%1'::regrole")
                                    .arg(m_login)),
             QStringList{Group});

    // The helpers: SECURITY DEFINER, owned by the admin who ran the file
    // (owner: yes), with a pinned search_path, and no EXECUTE for anyone but
    // the owner and the group.
    QCOMPARE(
        column(m_db->db(),
               QStringLiteral("SELECT format('%s definer: %s owner: %s %s others: %s', p.proname, "
                              "p.prosecdef, p.proowner = current_user::regrole, p.proconfig, "
                              "(SELECT count(*) FROM aclexplode(coalesce(p.proacl, acldefault('f', "
                              "p.proowner))) a WHERE a.grantee NOT IN (p.proowner, "
                              "'seller_history_analyst'::regrole))) FROM pg_proc p WHERE "
                              "p.pronamespace = 'seller_history'::regnamespace ORDER BY 1")),
        (QStringList{
            QStringLiteral("analyst_org_ids definer: t owner: t "
                           "{\"search_path=pg_catalog, pg_temp\"} others: 0"),
            QStringLiteral("analyst_user_ids definer: t owner: t "
                           "{\"search_path=pg_catalog, pg_temp\"} others: 0"),
            QStringLiteral("current_actor definer: t owner: t "
                           "{\"search_path=pg_catalog, pg_temp\"} others: 0"),
        }));
    // The mapping table and the schema: the owner's entries, plus USAGE on
    // the schema for the group.
    QCOMPARE(column(m_db->db(),
                    QStringLiteral("SELECT count(*) FROM pg_class c, aclexplode(coalesce(c.relacl, "
                                   "acldefault('r', c.relowner))) a WHERE c.oid = "
                                   "'seller_history.analysts'::regclass AND a.grantee <> "
                                   "c.relowner")),
             QStringList{QStringLiteral("0")});
    QCOMPARE(column(m_db->db(),
                    QStringLiteral("SELECT a.privilege_type FROM pg_namespace n, "
                                   "aclexplode(n.nspacl) a WHERE n.nspname = 'seller_history' "
                                   "AND a.grantee <> n.nspowner")),
             QStringList{QStringLiteral("USAGE")});
}

void TestPostgresRole::shouldScopeEveryPolicyToTheGroup()
{
    QCOMPARE(
        column(m_db->db(),
               QStringLiteral("SELECT format('%s %s %s %s %s', tablename, policyname, "
                              "permissive, roles, cmd) FROM pg_policies WHERE policyname LIKE "
                              "'seller\\_history%' ORDER BY tablename, policyname")),
        (QStringList{
            QStringLiteral(
                "orgs seller_history_analyst_read PERMISSIVE {seller_history_analyst} SELECT"),
            QStringLiteral(
                "profiles seller_history_analyst_read PERMISSIVE {seller_history_analyst} SELECT"),
            QStringLiteral("seller_audit_log seller_history_analyst_read PERMISSIVE "
                           "{seller_history_analyst} SELECT"),
            QStringLiteral("seller_audit_log seller_history_analyst_record PERMISSIVE "
                           "{seller_history_analyst} INSERT"),
            QStringLiteral(
                "sellers seller_history_analyst_flag PERMISSIVE {seller_history_analyst} UPDATE"),
            QStringLiteral(
                "sellers seller_history_analyst_read PERMISSIVE {seller_history_analyst} SELECT"),
        }));
}

void TestPostgresRole::shouldAnswerPrivilegeChecksForTheLogin_data()
{
    // has_*_privilege as the login (so what it inherits through the group,
    // plus what PUBLIC holds) and as the upstream's `authenticated` for the
    // new objects.
    QTest::addColumn<QString>("check");
    QTest::addColumn<bool>("expected");
    const auto table = [](const char *name, const char *what, bool expected) {
        QTest::addRow("%s %s", name, what)
            << QStringLiteral("has_table_privilege(:login, '%1', '%2')")
                   .arg(QLatin1String(name), QLatin1String(what))
            << expected;
    };
    table("public.seller_audit_log", "SELECT", true);
    table("public.seller_audit_log", "INSERT", true);
    table("public.seller_audit_log", "UPDATE", false);
    table("public.seller_audit_log", "DELETE", false);
    table("public.seller_audit_log", "TRUNCATE", false);
    table("public.seller_audit_log", "REFERENCES", false);
    table("public.seller_audit_log", "TRIGGER", false);
    table("public.sellers", "SELECT", true);
    table("public.sellers", "INSERT", false);
    table("public.sellers", "UPDATE", false); // table-wide: no
    table("public.sellers", "DELETE", false);
    table("public.sellers", "TRUNCATE", false);
    table("public.profiles", "SELECT", true);
    table("public.profiles", "UPDATE", false);
    table("public.profiles", "INSERT", false);
    table("public.orgs", "SELECT", true);
    table("public.orgs", "UPDATE", false);
    table("public.orgs", "DELETE", false);
    table("public.memberships", "SELECT", false);
    table("public.collection_runs", "SELECT", false);
    table("auth.users", "SELECT", false);
    table("seller_history.analysts", "SELECT", false);
    table("seller_history.analysts", "INSERT", false);
    table("seller_history.analysts", "UPDATE", false);
    table("seller_history.analysts", "DELETE", false);
    const auto col = [](const char *name, bool expected) {
        QTest::addRow("sellers.%s UPDATE", name)
            << QStringLiteral("has_column_privilege(:login, 'public.sellers', '%1', 'UPDATE')")
                   .arg(QLatin1String(name))
            << expected;
    };
    col("flagged", true);
    col("display_name", false);
    col("normalized_name", false);
    col("org_id", false);
    col("deleted_at", false);
    col("updated_at", false);
    QTest::newRow("schema public USAGE")
        << QStringLiteral("has_schema_privilege(:login, 'public', 'USAGE')") << true;
    QTest::newRow("schema seller_history USAGE")
        << QStringLiteral("has_schema_privilege(:login, 'seller_history', 'USAGE')") << true;
    QTest::newRow("schema seller_history CREATE")
        << QStringLiteral("has_schema_privilege(:login, 'seller_history', 'CREATE')") << false;
    QTest::newRow("schema auth USAGE")
        << QStringLiteral("has_schema_privilege(:login, 'auth', 'USAGE')") << false;
    QTest::newRow("database CONNECT")
        << QStringLiteral("has_database_privilege(:login, current_database(), 'CONNECT')") << true;
    for (const char *f : {"current_actor()", "analyst_org_ids()", "analyst_user_ids()"}) {
        QTest::addRow("EXECUTE %s", f)
            << QStringLiteral("has_function_privilege(:login, 'seller_history.%1', 'EXECUTE')")
                   .arg(QLatin1String(f))
            << true;
        QTest::addRow("authenticated EXECUTE %s", f)
            << QStringLiteral("has_function_privilege('authenticated', 'seller_history.%1', "
                              "'EXECUTE')")
                   .arg(QLatin1String(f))
            << false;
    }
    QTest::newRow("authenticated schema seller_history USAGE")
        << QStringLiteral("has_schema_privilege('authenticated', 'seller_history', 'USAGE')")
        << false;
}

void TestPostgresRole::shouldAnswerPrivilegeChecksForTheLogin()
{
    QFETCH(QString, check);
    QFETCH(bool, expected);
    check.replace(QLatin1String(":login"), u'\'' + m_login + u'\'');
    QCOMPARE(column(m_db->db(), QStringLiteral("SELECT ") + check),
             QStringList{expected ? QStringLiteral("true") : QStringLiteral("false")});
}

void TestPostgresRole::shouldRefuseToRunWhenTheGroupInheritsAnotherRole()
{
    // A member of `authenticated` would inherit its grants (broad on
    // Supabase) and policies built on a session setting anyone can SET.
    QVERIFY(m_db->exec(QStringLiteral("GRANT authenticated TO %1").arg(Group)));
    auto revoke = qScopeGuard(
        [this] { m_db->exec(QStringLiteral("REVOKE authenticated FROM %1").arg(Group)); });
    const QString grantsBefore = groupGrants();
    QString why;
    QVERIFY(!applyRoleFile(&why));
    QVERIFY2(why.contains(QLatin1String("is a member of authenticated")), qPrintable(why));
    // Rolled back as a whole: nothing of the run is left.
    QCOMPARE(groupGrants(), grantsBefore);
    revoke.dismiss();
    QVERIFY(m_db->exec(QStringLiteral("REVOKE authenticated FROM %1").arg(Group)));
    QVERIFY2(applyRoleFile(&why), qPrintable(why));
}

void TestPostgresRole::shouldBrowseOnlyTheMappedOrgThroughTheSource_data()
{
    QTest::addColumn<QString>("org");
    QTest::addColumn<bool>("mainRows");
    QTest::newRow("main org: its rows, actors named") << Main << true;
    QTest::newRow("other org (suspended there): nothing, no error") << Other << false;
}

void TestPostgresRole::shouldBrowseOnlyTheMappedOrgThroughTheSource()
{
    QFETCH(QString, org);
    QFETCH(bool, mainRows);
    const QList<AuditEntry> expected = mainRows ? m_mainRows : QList<AuditEntry>{};
    SqlSource source(roleSpec(org));
    QSignalSpy pages(&source, &HistorySource::pageReady);
    QSignalSpy counts(&source, &HistorySource::countsReady);
    QSignalSpy failures(&source, &HistorySource::failed);
    PageRequest request;
    request.pageSize = 50;
    source.requestPage(request);
    source.requestCounts(CountRequest{});
    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty() || (pages.size() == 1 && counts.size() == 1),
                             10000);
    if (!failures.isEmpty())
        QFAIL(qPrintable(failures.first().at(1).value<SourceError>().message));
    QCOMPARE(pages.size(), 1);
    QCOMPARE(counts.size(), 1);
    const PageResult page = pages.first().at(1).value<PageResult>();
    QCOMPARE(ids(page.entries), ids(expected));
    QCOMPARE(userNames(page.entries), userNames(expected));
    QVERIFY(page.atStart);
    QVERIFY(page.atEnd);
    const CountResult c = counts.first().at(1).value<CountResult>();
    std::array<qint64, ActionCount> perAction{};
    for (const AuditEntry &e : expected)
        ++perAction[size_t(e.action)];
    QCOMPARE(c.perAction, perAction);
    QCOMPARE(c.totalFor({}), qint64(expected.size()));
    QCOMPARE(c.accuracy, CountAccuracy::Exact);
}

void TestPostgresRole::shouldPageThroughTheReaderAsTheRole_data()
{
    QTest::addColumn<PageAnchor>("anchor");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("count");
    QTest::newRow("first") << PageAnchor::First << qint64(0) << 0 << 5;
    QTest::newRow("deep offset (pg_indexes, per-action skip)")
        << PageAnchor::Offset << qint64(5) << 5 << 5;
    QTest::newRow("last, aligned") << PageAnchor::Last << qint64(0) << 10 << 2;
}

void TestPostgresRole::shouldPageThroughTheReaderAsTheRole()
{
    QFETCH(PageAnchor, anchor);
    QFETCH(qint64, offset);
    QFETCH(int, from);
    QFETCH(int, count);
    QSqlDatabase db = connectAs(m_login, Main, true);
    QVERIFY(db.isOpen());
    SqlHistoryReader reader(db, SqlDialect(SqlConnectionSpec::Kind::Postgres), Main);
    PageRequest request;
    request.pageSize = 5;
    request.anchor = anchor;
    request.offset = offset;
    SourceError error;
    const auto page = reader.page(request, &error);
    QVERIFY2(page, qPrintable(error.message));
    QCOMPARE(ids(page->entries), ids(m_mainRows.mid(from, count)));
    QCOMPARE(userNames(page->entries), userNames(m_mainRows.mid(from, count)));
    QCOMPARE(page->offset, qint64(from));
}

void TestPostgresRole::shouldFlagOnlyTheMappedOrgsSellers_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<int>("rows"); // -1: refused
    QTest::addColumn<QString>("refusal");
    const QString denied = QStringLiteral("permission denied for table sellers");
    QTest::newRow("flag a main-org seller (the trigger still sets updated_at)")
        << QStringLiteral("UPDATE sellers SET flagged = true WHERE id = '%1'").arg(MainSeller1) << 1
        << QString();
    QTest::newRow("unflag every visible seller: the main org's two")
        << QStringLiteral("UPDATE sellers SET flagged = false") << 2 << QString();
    QTest::newRow("flag an other-org seller: no row")
        << QStringLiteral("UPDATE sellers SET flagged = true WHERE id = '%1'").arg(OtherSeller) << 0
        << QString();
    QTest::newRow("rename") << QStringLiteral("UPDATE sellers SET display_name = 'x'") << -1
                            << denied;
    QTest::newRow("flag and rename")
        << QStringLiteral("UPDATE sellers SET flagged = true, display_name = 'x' WHERE id = '%1'")
               .arg(MainSeller1)
        << -1 << denied;
    QTest::newRow("move to the other org")
        << QStringLiteral("UPDATE sellers SET org_id = '%1' WHERE id = '%2'")
               .arg(Other, MainSeller1)
        << -1 << denied;
    QTest::newRow("soft delete") << QStringLiteral("UPDATE sellers SET deleted_at = now()") << -1
                                 << denied;
    QTest::newRow("delete")
        << QStringLiteral("DELETE FROM sellers WHERE id = '%1'").arg(MainSeller1) << -1 << denied;
    QTest::newRow("truncate") << QStringLiteral("TRUNCATE sellers") << -1 << denied;
    QTest::newRow("insert a seller")
        << QStringLiteral("INSERT INTO sellers (org_id, display_name, normalized_name, platform) "
                          "VALUES ('%1', 'n', 'n', 'ebay')")
               .arg(Main)
        << -1 << denied;
    const QString deniedLog = QStringLiteral("permission denied for table seller_audit_log");
    QTest::newRow("edit an audit row")
        << QStringLiteral("UPDATE seller_audit_log SET seller_name = 'x'") << -1 << deniedLog;
    QTest::newRow("delete audit rows")
        << QStringLiteral("DELETE FROM seller_audit_log") << -1 << deniedLog;
    QTest::newRow("truncate the audit log")
        << QStringLiteral("TRUNCATE seller_audit_log") << -1 << deniedLog;
    QTest::newRow("change an org") << QStringLiteral("UPDATE orgs SET name = 'x'") << -1
                                   << QStringLiteral("permission denied for table orgs");
    QTest::newRow("change a profile")
        << QStringLiteral("UPDATE profiles SET display_name = 'x'") << -1
        << QStringLiteral("permission denied for table profiles");
}

void TestPostgresRole::shouldFlagOnlyTheMappedOrgsSellers()
{
    QFETCH(QString, sql);
    QFETCH(int, rows);
    QFETCH(QString, refusal);
    QSqlDatabase db = connectAs(m_login, Main, false);
    QVERIFY(db.isOpen());
    QVERIFY(db.transaction());
    auto rollback = qScopeGuard([&db] { db.rollback(); });
    const Outcome o = run(db, sql);
    if (rows >= 0) {
        QVERIFY2(o.ok, qPrintable(o.message));
        QCOMPARE(o.rows, rows);
    } else {
        QVERIFY(!o.ok);
        QCOMPARE(o.code, QStringLiteral("42501"));
        QCOMPARE(o.message, refusal);
    }
}

void TestPostgresRole::shouldRecordOnlyItsOwnFlagAndExportRows_data()
{
    QTest::addColumn<Action>("action");
    QTest::addColumn<QString>("org");
    QTest::addColumn<QString>("userId");
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("allowed");
    const QString manual = QStringLiteral("manual");
    QTest::newRow("flag row, own org, as itself")
        << Action::Flag << Main << Analyst << manual << true;
    QTest::newRow("export row, own org, as itself")
        << Action::Export << Main << Analyst << manual << true;
    QTest::newRow("as a colleague") << Action::Flag << Main << Colleague << manual << false;
    QTest::newRow("with no actor") << Action::Flag << Main << QString() << manual << false;
    QTest::newRow("into the other org") << Action::Flag << Other << Analyst << manual << false;
    QTest::newRow("add row") << Action::Add << Main << Analyst << manual << false;
    QTest::newRow("edit row") << Action::Edit << Main << Analyst << manual << false;
    QTest::newRow("remove row") << Action::Remove << Main << Analyst << manual << false;
    QTest::newRow("source export")
        << Action::Export << Main << Analyst << QStringLiteral("export") << false;
    QTest::newRow("source collection_run")
        << Action::Flag << Main << Analyst << QStringLiteral("collection_run") << false;
}

void TestPostgresRole::shouldRecordOnlyItsOwnFlagAndExportRows()
{
    QFETCH(Action, action);
    QFETCH(QString, org);
    QFETCH(QString, userId);
    QFETCH(QString, source);
    QFETCH(bool, allowed);
    QSqlDatabase db = connectAs(m_login, org, false);
    QVERIFY(db.isOpen());
    // The app's own insert statement, on the role's connection (declared
    // first so its statement is freed after the rollback).
    AuditLogInsert insert(db, SqlDialect(SqlConnectionSpec::Kind::Postgres));
    QVERIFY(db.transaction());
    auto rollback = qScopeGuard([&db] { db.rollback(); });
    AuditEntry e = flagRow(TestDatabase::uuid(5001), userId);
    e.action = action;
    e.source = source;
    QString error;
    const bool inserted = insert.insert(e, org, &error);
    if (allowed) {
        QVERIFY2(inserted, qPrintable(error));
        // ... and the role reads its row back.
        QCOMPARE(
            column(db, QStringLiteral("SELECT seller_name FROM seller_audit_log WHERE id = '%1'")
                           .arg(e.id)),
            QStringList{e.sellerName});
    } else {
        QVERIFY(!inserted);
        QVERIFY2(error.contains(QLatin1String(
                     "new row violates row-level security policy for table \"seller_audit_log\"")),
                 qPrintable(error));
    }
}

void TestPostgresRole::shouldKeepTheMappingAndMembershipsPrivate_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("refusal");
    QTest::newRow("read memberships") << QStringLiteral("SELECT * FROM memberships")
                                      << QStringLiteral("permission denied for table memberships");
    QTest::newRow("reactivate its suspended membership")
        << QStringLiteral("UPDATE memberships SET status = 'active'")
        << QStringLiteral("permission denied for table memberships");
    QTest::newRow("read the mapping") << QStringLiteral("SELECT * FROM seller_history.analysts")
                                      << QStringLiteral("permission denied for table analysts");
    QTest::newRow("map itself to another user")
        << QStringLiteral("UPDATE seller_history.analysts SET user_id = '%1'").arg(Outsider)
        << QStringLiteral("permission denied for table analysts");
    QTest::newRow("map another login")
        << QStringLiteral("INSERT INTO seller_history.analysts VALUES ('x', '%1')").arg(Outsider)
        << QStringLiteral("permission denied for table analysts");
    QTest::newRow("unmap") << QStringLiteral("DELETE FROM seller_history.analysts")
                           << QStringLiteral("permission denied for table analysts");
    QTest::newRow("read auth.users") << QStringLiteral("SELECT * FROM auth.users")
                                     << QStringLiteral("permission denied for schema auth");
    QTest::newRow("read collection_runs")
        << QStringLiteral("SELECT * FROM collection_runs")
        << QStringLiteral("permission denied for table collection_runs");
    QTest::newRow("replace a helper")
        << QStringLiteral("CREATE OR REPLACE FUNCTION seller_history.analyst_org_ids() RETURNS "
                          "SETOF uuid LANGUAGE sql AS 'SELECT id FROM public.orgs'")
        << QStringLiteral("permission denied for schema seller_history");
}

void TestPostgresRole::shouldKeepTheMappingAndMembershipsPrivate()
{
    QFETCH(QString, sql);
    QFETCH(QString, refusal);
    QSqlDatabase db = connectAs(m_login, Main, false);
    QVERIFY(db.isOpen());
    QVERIFY(db.transaction());
    auto rollback = qScopeGuard([&db] { db.rollback(); });
    const Outcome o = run(db, sql);
    QVERIFY(!o.ok);
    QCOMPARE(o.code, QStringLiteral("42501"));
    QCOMPARE(o.message, refusal);
}

void TestPostgresRole::shouldNameTheMappedUserAsTheActor()
{
    QSqlDatabase db = connectAs(m_login, Main, true);
    QVERIFY(db.isOpen());
    QCOMPARE(column(db, QStringLiteral("SELECT seller_history.current_actor()")),
             QStringList{Analyst});
    QCOMPARE(column(db, QStringLiteral("SELECT seller_history.analyst_org_ids()")),
             QStringList{Main});
    QCOMPARE(column(db, QStringLiteral("SELECT seller_history.analyst_user_ids() ORDER BY 1")),
             (QStringList{Analyst, Colleague}));
    QSqlDatabase unmapped = connectAs(m_unmapped, Main, true);
    QVERIFY(unmapped.isOpen());
    QCOMPARE(column(unmapped, QStringLiteral("SELECT seller_history.current_actor()")),
             QStringList{QStringLiteral("<null>")});
    QCOMPARE(column(unmapped, QStringLiteral("SELECT seller_history.analyst_org_ids()")),
             QStringList{});
}

void TestPostgresRole::shouldIgnoreAForgedJwtClaim()
{
    // Upstream's policies trust request.jwt.claim.sub (auth.uid()); any
    // session can set it. The role's policies do not look at it.
    QSqlDatabase db = connectAs(m_login, Main, false);
    QVERIFY(db.isOpen());
    QVERIFY(run(db, QStringLiteral("SET request.jwt.claim.sub = '%1'").arg(Outsider)).ok);
    QCOMPARE(column(db, QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE org_id = '%1'")
                            .arg(Other)),
             QStringList{QStringLiteral("0")});
    QCOMPARE(
        column(db, QStringLiteral("SELECT count(*) FROM sellers WHERE org_id = '%1'").arg(Other)),
        QStringList{QStringLiteral("0")});
    QCOMPARE(column(db, QStringLiteral("SELECT seller_history.current_actor()")),
             QStringList{Analyst});
}

void TestPostgresRole::shouldGiveNothingWithoutAnActiveMappedMembership_data()
{
    QTest::addColumn<QString>("change"); // run as the admin; undone afterwards
    QTest::addColumn<QString>("undo");
    QTest::addColumn<bool>("unmappedLogin");
    QTest::newRow("main membership suspended")
        << QStringLiteral("UPDATE memberships SET status = 'suspended' WHERE user_id = '%1' AND "
                          "org_id = '%2'")
               .arg(Analyst, Main)
        << QStringLiteral("UPDATE memberships SET status = 'active' WHERE user_id = '%1' AND "
                          "org_id = '%2'")
               .arg(Analyst, Main)
        << false;
    QTest::newRow("main membership deleted")
        << QStringLiteral("DELETE FROM memberships WHERE user_id = '%1' AND org_id = '%2'")
               .arg(Analyst, Main)
        << QStringLiteral("INSERT INTO memberships (user_id, org_id, role, status) VALUES "
                          "('%1', '%2', 'va', 'active')")
               .arg(Analyst, Main)
        << false;
    QTest::newRow("mapping removed")
        << QStringLiteral("DELETE FROM seller_history.analysts WHERE db_role = '%1'").arg(m_login)
        << QStringLiteral("INSERT INTO seller_history.analysts VALUES ('%1', '%2')")
               .arg(m_login, Analyst)
        << false;
    QTest::newRow("a login in the group that was never mapped") << QString() << QString() << true;
}

void TestPostgresRole::shouldGiveNothingWithoutAnActiveMappedMembership()
{
    QFETCH(QString, change);
    QFETCH(QString, undo);
    QFETCH(bool, unmappedLogin);
    if (!change.isEmpty())
        QVERIFY(m_db->exec(change));
    auto restore = qScopeGuard([&] {
        if (!undo.isEmpty())
            QVERIFY(m_db->exec(undo));
    });
    const QString login = unmappedLogin ? m_unmapped : m_login;
    QSqlDatabase db = connectAs(login, Main, false);
    QVERIFY(db.isOpen());
    QCOMPARE(column(db, QStringLiteral("SELECT count(*) FROM seller_audit_log")),
             QStringList{QStringLiteral("0")});
    QCOMPARE(column(db, QStringLiteral("SELECT count(*) FROM sellers")),
             QStringList{QStringLiteral("0")});
    AuditLogInsert insert(db, SqlDialect(SqlConnectionSpec::Kind::Postgres));
    QVERIFY(db.transaction());
    auto rollback = qScopeGuard([&db] { db.rollback(); });
    const Outcome update = run(db, QStringLiteral("UPDATE sellers SET flagged = true"));
    QVERIFY2(update.ok, qPrintable(update.message));
    QCOMPARE(update.rows, 0);
    QString error;
    QVERIFY(!insert.insert(flagRow(TestDatabase::uuid(5002), Analyst), Main, &error));
    QVERIFY2(error.contains(QLatin1String("row-level security")), qPrintable(error));
    rollback.dismiss();
    QVERIFY(db.rollback());

    // The browsing path says "nothing here", not an error.
    SqlHistoryReader reader(db, SqlDialect(SqlConnectionSpec::Kind::Postgres), Main);
    SourceError sourceError;
    const auto page = reader.page(PageRequest{}, &sourceError);
    QVERIFY2(page, qPrintable(sourceError.message));
    QCOMPARE(page->entries.size(), 0);
}

void TestPostgresRole::shouldLimitOrgsAndProfilesWhereTheUpstreamEnablesRls_data()
{
    QTest::addColumn<bool>("rls");
    QTest::addColumn<QStringList>("orgs");
    QTest::addColumn<QStringList>("profiles");
    // As upstream.md describes it (no row-level security there): the grant
    // alone decides, and every row is visible.
    QTest::newRow("without row-level security on orgs and profiles")
        << false << QStringList{Main, Other} << QStringList{Analyst, Colleague, Outsider};
    // With it: the mapped orgs, and the users with a membership in them.
    QTest::newRow("with row-level security on orgs and profiles")
        << true << QStringList{Main} << QStringList{Analyst, Colleague};
}

void TestPostgresRole::shouldLimitOrgsAndProfilesWhereTheUpstreamEnablesRls()
{
    QFETCH(bool, rls);
    QFETCH(QStringList, orgs);
    QFETCH(QStringList, profiles);
    if (rls) {
        QVERIFY(
            m_db->exec(QStringLiteral("ALTER TABLE public.orgs ENABLE ROW LEVEL SECURITY; "
                                      "ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY")));
    }
    auto restore = qScopeGuard([&] {
        if (rls)
            QVERIFY(m_db->exec(
                QStringLiteral("ALTER TABLE public.orgs DISABLE ROW LEVEL SECURITY; "
                               "ALTER TABLE public.profiles DISABLE ROW LEVEL SECURITY")));
    });
    QSqlDatabase db = connectAs(m_login, Main, true);
    QVERIFY(db.isOpen());
    QCOMPARE(column(db, QStringLiteral("SELECT id FROM orgs ORDER BY id")), orgs);
    QCOMPARE(column(db, QStringLiteral("SELECT user_id FROM profiles ORDER BY user_id")), profiles);
    // Actor names still come through the app's join.
    SqlHistoryReader reader(db, SqlDialect(SqlConnectionSpec::Kind::Postgres), Main);
    PageRequest request;
    request.pageSize = 50;
    SourceError error;
    const auto page = reader.page(request, &error);
    QVERIFY2(page, qPrintable(error.message));
    QCOMPARE(userNames(page->entries), userNames(m_mainRows));
}

QTEST_GUILESS_MAIN(TestPostgresRole)
#include "tst_postgresrole.moc"
