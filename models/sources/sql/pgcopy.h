#pragma once

#include "historyquery.h"
#include "sourceerror.h"
#include "sqlrow.h"

#include <QSqlDatabase>

#include <functional>

// Reads the rows of a statement through Postgres's COPY protocol on the
// connection's own libpq handle: a stream of text rows the client decodes,
// several times faster than fetching them one by one through Qt SQL, and
// never all in memory at once.
//
// COPY takes no bound parameters, so each value is inlined as a literal
// escaped by libpq itself (PQescapeLiteral, for this connection's encoding);
// values never reach the SQL text any other way.
class PgCopy
{
public:
    using RowHandler = std::function<bool(const SqlRow &row)>; // false stops

    // `doing` names the work in error messages ("Exporting the history").
    static bool forEachRow(const QSqlDatabase &db, const SqlStatement &statement,
                           const RowHandler &handler, const QString &doing, SourceError *error);
};
