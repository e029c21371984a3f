#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

// What "search by seller name" matches, for every direct source alike: the
// row's seller_name, or any string value (never a key) inside its JSON
// columns in either stored shape: the names of bulk, export and flag rows,
// display names, an export's format, a flag's reason. Case-insensitive.
//
// Postgres is searched with bound patterns built here (it offers no safe way
// to parse the double-encoded text in SQL: a cast fails the whole query on
// one bad row); SQLite with functions this installs on its connections.
namespace SearchMatch {

// Postgres, for the text Python's json.dumps wrote (non-ASCII as \uXXXX),
// i.e. `new_value #>> '{}'` of the string shape:
QString pythonJsonLike(const QString &term);  // ILIKE pre-filter, '\' escapes
QString pythonJsonRegex(const QString &term); // ~* : term inside a string value
// ... and for the text Postgres prints for a JSONB value (UTF-8 kept):
QString jsonbTextLike(const QString &term);
QString jsonbTextRegex(const QString &term);

// The SQLite side, also usable directly: whether a JSON column's string
// values contain `term` (false for a column that does not hold JSON).
bool jsonValuesContain(const QByteArray &columnText, const QString &term);
bool containsCaseInsensitive(const QString &text, const QString &term);

// Installs sh_contains(text, term) and sh_json_contains(column, term) on an
// open SQLite connection.
bool installSqliteFunctions(const QSqlDatabase &db);

} // namespace SearchMatch
