#pragma once

#include "sqlconnectionspec.h"

#include <QString>
#include <QStringList>
#include <QVariantList>

// The few places where Postgres and SQLite differ for the statements this
// app runs. Everything else is the same SQL for both.
//
// Values travel as text both ways: timestamps as ISO 8601 UTC with six
// fraction digits (exact to the microsecond; QPSQL would round them to
// milliseconds as QDateTime), uuids and JSON as their text.
class SqlDialect
{
public:
    explicit SqlDialect(SqlConnectionSpec::Kind kind)
        : m_kind(kind)
    {}

    SqlConnectionSpec::Kind kind() const { return m_kind; }
    bool isPostgres() const { return m_kind == SqlConnectionSpec::Kind::Postgres; }

    // A bound placeholder used as a timestamp / uuid / jsonb.
    QString timestampParam() const;
    QString uuidParam() const;
    QString jsonParam() const;
    // A column read back as text (timestamps in UTC).
    QString asText(const QString &column) const;
    // Escapes a literal for use as a LIKE pattern; the caller adds the '%'.
    static QString escapeLike(const QString &text);

    // "column IN <one bound list>", for lists of any length (tens of
    // thousands): one parameter whatever the size, so no statement grows
    // with it and no text is spliced. Postgres takes a uuid[] / a JSON
    // array, SQLite a JSON array (json_each). `binds` gets the value.
    // Uuids must be well-formed (Postgres fails the cast otherwise): pass
    // them through validUuids() first.
    QString inUuidList(const QString &column, const QStringList &uuids, QVariantList &binds) const;
    QString inTextList(const QString &column, const QStringList &values, QVariantList &binds) const;
    // The canonical lower-case text of the well-formed uuids; the others
    // cannot name a row and are left out.
    static QStringList validUuids(const QStringList &values);

private:
    SqlConnectionSpec::Kind m_kind;
};
