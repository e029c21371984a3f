#pragma once

#include "auditentry.h"
#include "sourceerror.h"
#include "sqldialect.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

struct pg_conn;

// Inserts seller_audit_log rows on one connection with a statement prepared
// once. Values are written as given: JSON columns must already hold the text
// of the upstream shape (see UpstreamJson::encodeColumn); `userName` is not
// stored (it lives in profiles). Used by the demo generator, fixtures, and
// the write paths (flagging, export records).
class AuditLogInsert
{
public:
    AuditLogInsert(QSqlDatabase db, SqlDialect dialect);

    // With this, a row whose id exists already is left as it is and the
    // insert succeeds: a record written again after a lost acknowledgement
    // stays one row.
    void setIgnoreExisting(bool ignore) { m_ignoreExisting = ignore; }
    bool insert(const AuditEntry &entry, const QString &orgId, QString *error);

    // What every row this app writes takes from the database at write time,
    // as upstream's own writes would: the transaction's clock (now()), the
    // actor (as configured, else on Postgres the login's mapped upstream
    // user where packaging/sql/analyst-role.sql set one up), and the org's
    // seller count.
    struct Context
    {
        Timestamp::Micros now = 0;
        QString actor;
        int sellerCount = 0;
    };
    static std::optional<Context> readContext(QSqlQuery &query, SqlDialect dialect,
                                              const QString &orgId, const QString &actorId,
                                              SourceError *error);

private:
    bool insertWithLibpq(pg_conn *conn, const AuditEntry &e, const QString &orgId, QString *error);

    QSqlDatabase m_db;
    SqlDialect m_dialect;
    QSqlQuery m_query;
    QString m_sql; // as prepared
    bool m_prepared = false;
    bool m_ignoreExisting = false;
};
