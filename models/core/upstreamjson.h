#pragma once

#include "namelist.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// The upstream service's JSON conventions (upstream.md, "JSON columns").
//
// Writers: the service stores json.dumps(dict) *as a JSONB string scalar*.
// Python's dumps uses ", " and ": " separators, escapes non-ASCII as \uXXXX
// and keeps the dict's insertion order, so objects are written from an
// ordered list of members. Anything we write must be byte-for-byte what the
// service would have written, or the web UI breaks.
//
// Readers accept both shapes: the double-encoded string and a real object
// (bulk removes write old_value as an object), and report anything else.
namespace UpstreamJson {

using Member = QPair<QString, QJsonValue>;
using Members = QList<Member>;

// json.dumps of a value (objects inside keep QJsonObject's key order).
QByteArray pythonDumps(const QJsonValue &value);
// json.dumps of a dict with this member order.
QByteArray pythonDumps(const Members &members);

// The text Postgres prints for a JSONB string scalar holding `text`
// (what `column::text` returns, and what the embedded database stores).
QByteArray jsonbStringText(const QByteArray &text);
// The text Postgres prints for a JSONB value (objects: keys ordered as JSONB
// stores them, by length then bytes; ", " and ": " separators; UTF-8 kept).
QByteArray jsonbText(const QJsonValue &value);

// The double-encoded column value for an object: jsonbStringText(pythonDumps(...)).
QByteArray encodeColumn(const Members &members);
// The same bytes as encodeColumn(members) where the member named `listKey`
// holds `strings` as an array (its value in `members` is ignored), written
// in one pass straight into a buffer of the exact size: no QJsonArray and no
// intermediate dumps text, for lists of hundreds of thousands of names.
QByteArray encodeColumn(const Members &members, QStringView listKey, const QStringList &strings);
// The same bytes again, the names read from their UTF-8 (as the QStringList
// of their at() would be written).
QByteArray encodeColumn(const Members &members, QStringView listKey, const NameList &names);

struct Decoded
{
    enum class Shape : quint8
    {
        Null,          // SQL NULL or JSON null
        StringOfJson,  // the upstream writers' shape: a string holding JSON text
        Value,         // a real JSON object/array/scalar (bulk remove's old_value)
        StringNotJson, // a string whose text is not JSON: kept as text
        Invalid,       // the column text itself is not JSON
    };
    Shape shape = Shape::Null;
    QJsonValue value; // the object (or other value) once unwrapped
    QString text;     // for StringNotJson / Invalid: the text as found
    QString error;    // for StringNotJson / Invalid: what went wrong

    bool ok() const { return shape == Shape::StringOfJson || shape == Shape::Value; }
};

// Decodes a column's text (as the database prints it); empty means NULL.
Decoded decodeColumn(const QByteArray &columnText);
// Decodes a value that arrived already parsed once (the REST API returns
// new_value as a JSON string holding JSON text, or, in bad rows, an object).
Decoded decodeValue(const QJsonValue &value);

// Parses any JSON text, scalars included; nullopt and *error on failure.
std::optional<QJsonValue> parse(const QByteArray &text, QString *error);

} // namespace UpstreamJson
