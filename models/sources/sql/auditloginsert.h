#pragma once

#include "auditentry.h"
#include "sqldialect.h"

#include <QSqlDatabase>
#include <QSqlQuery>

// Inserts seller_audit_log rows on one connection with a statement prepared
// once. Values are written as given: JSON columns must already hold the text
// of the upstream shape (see UpstreamJson::encodeColumn); `userName` is not
// stored (it lives in profiles). Used by the demo generator, fixtures, and
// the write paths (flagging, export records).
class AuditLogInsert
{
public:
    AuditLogInsert(QSqlDatabase db, SqlDialect dialect);

    bool insert(const AuditEntry &entry, const QString &orgId, QString *error);

private:
    QSqlDatabase m_db;
    SqlDialect m_dialect;
    QSqlQuery m_query;
    bool m_prepared = false;
};
