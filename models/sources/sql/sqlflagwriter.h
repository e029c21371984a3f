#pragma once

#include "seller.h"
#include "sourceerror.h"
#include "sqldialect.h"

#include <QSqlDatabase>

// A bulk flag on a direct source, as one transaction: the sellers whose
// state changes, and one audit row shaped exactly as upstream writes it
// (seller_name "Flagged N sellers", new_value a JSONB string holding
// json.dumps({"flagged": ..., "sellers": [...]}), plus "reason" when one was
// given). Sellers already in the target state are left out; with nothing to
// change nothing is written. Any failure rolls everything back.
// Used on the (writable) connection's thread.
class SqlFlagWriter
{
public:
    SqlFlagWriter(QSqlDatabase db, SqlDialect dialect, QString orgId, QString actorId);

    std::optional<FlagResult> flag(const FlagRequest &request, SourceError *error);

private:
    // The statements live in flag()'s scope, so they are freed after the
    // rollback: freeing a prepared statement inside an aborted Postgres
    // transaction fails.
    std::optional<FlagResult> inTransaction(const FlagRequest &request, QSqlQuery &q,
                                            class AuditLogInsert &insert, SourceError *error);

    QSqlDatabase m_db;
    SqlDialect m_dialect;
    QString m_orgId;
    QString m_actorId;
};
