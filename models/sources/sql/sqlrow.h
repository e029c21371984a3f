#pragma once

#include <QByteArray>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

// One result row, however it was read: through Qt SQL, or decoded from a
// Postgres COPY stream. Readers of rows (audit entries, sellers) take this,
// so both paths share one mapping from columns to values.
class SqlRow
{
public:
    virtual ~SqlRow() = default;
    virtual bool isNull(int column) const = 0;
    virtual QString text(int column) const = 0;     // empty for NULL
    virtual QByteArray bytes(int column) const = 0; // UTF-8; empty for NULL
    int integer(int column) const { return text(column).toInt(); }
    bool boolean(int column) const
    {
        // Postgres prints t/f; SQLite stores 0/1.
        const QString t = text(column);
        return t == QLatin1String("t") || t == QLatin1String("true") || t.toInt() != 0;
    }
};

// A row of an executed QSqlQuery, positioned on a record.
class QueryRow : public SqlRow
{
public:
    explicit QueryRow(const QSqlQuery &query)
        : m_query(query)
    {}
    bool isNull(int column) const override { return m_query.isNull(column); }
    QString text(int column) const override { return m_query.value(column).toString(); }
    QByteArray bytes(int column) const override { return m_query.value(column).toByteArray(); }

private:
    const QSqlQuery &m_query;
};
