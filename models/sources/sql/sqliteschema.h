#pragma once

#include <QSqlDatabase>
#include <QString>

// The embedded database's schema: the upstream tables the viewer uses, with
// the same columns and meanings (upstream.md), in SQLite terms: uuids and
// timestamps as text (timestamps as fixed-width ISO 8601 UTC, see
// Timestamp::toIsoUtc, so text order is time order), JSON columns as the
// text Postgres prints for the JSONB value (double-encoded strings included),
// booleans as 0/1.
namespace SqliteSchema {

// The upstream org every default points at.
inline constexpr auto DefaultOrgId = "a0000000-0000-0000-0000-000000000001";

// Creates the tables on an empty database. Indexes are separate so bulk
// loads can add them after the rows.
bool createTables(QSqlDatabase &db, QString *error);
bool createIndexes(QSqlDatabase &db, QString *error);

} // namespace SqliteSchema
