#include "pgcopy.h"

#include "sqlhistoryreader.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QVarLengthArray>

#include <libpq-fe.h>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PgCopy", text);
}

PGconn *handleOf(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    const QByteArray type = handle.typeName() ? QByteArray(handle.typeName()) : QByteArray();
    if (type != "PGconn*" && type != "pg_conn*") // the typedef or the struct name
        return nullptr;
    return *static_cast<PGconn *const *>(handle.data());
}

// The statement with each '?' outside quotes replaced by its value as a
// literal. nullopt when libpq cannot escape a value (invalid encoding).
std::optional<QByteArray> inlined(PGconn *conn, const SqlStatement &statement)
{
    const QByteArray sql = statement.sql.toUtf8();
    QByteArray out;
    out.reserve(sql.size() + 64 * statement.binds.size());
    qsizetype bind = 0;
    bool quoted = false;
    for (char c : sql) {
        if (c == '\'')
            quoted = !quoted;
        if (c != '?' || quoted) {
            out += c;
            continue;
        }
        if (bind >= statement.binds.size())
            return std::nullopt;
        const QVariant &v = statement.binds.at(bind++);
        if (v.isNull()) {
            out += "NULL";
        } else if (v.typeId() == QMetaType::Bool) {
            out += v.toBool() ? "TRUE" : "FALSE";
        } else if (v.typeId() == QMetaType::Int || v.typeId() == QMetaType::LongLong ||
                   v.typeId() == QMetaType::UInt || v.typeId() == QMetaType::ULongLong) {
            out += QByteArray::number(v.toLongLong());
        } else {
            const QByteArray text = v.toString().toUtf8();
            char *literal = PQescapeLiteral(conn, text.constData(), size_t(text.size()));
            if (!literal)
                return std::nullopt;
            out += literal;
            PQfreemem(literal);
        }
    }
    if (bind != statement.binds.size())
        return std::nullopt;
    return out;
}

// One line of COPY's text format: fields separated by tabs, \N for NULL,
// backslash escapes for the rest.
class CopyRow : public SqlRow
{
public:
    void decode(const char *line, int length)
    {
        m_fields.clear();
        m_nulls.clear();
        if (length > 0 && line[length - 1] == '\n')
            --length;
        QByteArray field;
        bool escaped = false; // the field had a backslash
        int start = 0;
        for (int i = 0; i <= length; ++i) {
            if (i == length || line[i] == '\t') {
                const bool isNull = i - start == 2 && line[start] == '\\' && line[start + 1] == 'N';
                m_nulls.append(isNull);
                m_fields.append(isNull ? QByteArray()
                                       : (escaped ? unescape(line + start, i - start)
                                                  : QByteArray(line + start, i - start)));
                start = i + 1;
                escaped = false;
            } else if (line[i] == '\\') {
                escaped = true;
                ++i; // the escaped character is never a separator
            }
        }
    }

    bool isNull(int column) const override
    {
        return column >= m_nulls.size() || m_nulls.at(column);
    }
    QString text(int column) const override { return QString::fromUtf8(bytes(column)); }
    QByteArray bytes(int column) const override
    {
        return column < m_fields.size() ? m_fields.at(column) : QByteArray();
    }
    int columns() const { return int(m_fields.size()); }

private:
    static QByteArray unescape(const char *text, int length)
    {
        QByteArray out;
        out.reserve(length);
        for (int i = 0; i < length; ++i) {
            const char c = text[i];
            if (c != '\\' || i + 1 >= length) {
                out += c;
                continue;
            }
            const char e = text[++i];
            switch (e) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'v':
                out += '\v';
                break;
            case 'x': {
                int value = 0;
                int digits = 0;
                while (digits < 2 && i + 1 < length && std::isxdigit(uchar(text[i + 1]))) {
                    value = value * 16 + QByteArray(1, text[++i]).toInt(nullptr, 16);
                    ++digits;
                }
                out += char(value);
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    int value = e - '0';
                    for (int d = 0;
                         d < 2 && i + 1 < length && text[i + 1] >= '0' && text[i + 1] <= '7'; ++d)
                        value = value * 8 + (text[++i] - '0');
                    out += char(value);
                } else {
                    out += e; // \\ and any other character stand for themselves
                }
            }
        }
        return out;
    }

    QVarLengthArray<QByteArray, 16> m_fields;
    QVarLengthArray<bool, 16> m_nulls;
};

SourceError errorOf(PGconn *conn, const PGresult *result, const QString &doing)
{
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const QString detail =
        QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(conn)).trimmed();
    return SqlHistoryReader::classify(QString::fromLatin1(state ? state : ""), detail,
                                      PQstatus(conn) != CONNECTION_OK, doing);
}

} // namespace

bool PgCopy::forEachRow(const QSqlDatabase &db, const SqlStatement &statement,
                        const RowHandler &handler, const QString &doing, SourceError *error)
{
    PGconn *conn = handleOf(db);
    if (!conn) {
        if (error)
            *error = {SourceError::Kind::Failed,
                      tr("%1 failed: not a Postgres connection.").arg(doing)};
        return false;
    }
    const auto sql = inlined(conn, statement);
    if (!sql) {
        if (error)
            *error = {SourceError::Kind::BadRequest,
                      tr("%1 failed: a value could not be written into the query.").arg(doing)};
        return false;
    }
    PGresult *started = PQexec(conn, QByteArray("COPY (" + *sql + ") TO STDOUT").constData());
    if (PQresultStatus(started) != PGRES_COPY_OUT) {
        if (error)
            *error = errorOf(conn, started, doing);
        PQclear(started);
        return false;
    }
    PQclear(started);

    CopyRow row;
    bool wanted = true;
    for (;;) {
        char *line = nullptr;
        const int length = PQgetCopyData(conn, &line, 0);
        if (length < 0)
            break; // -1: done; -2: failed (the result below says why)
        if (wanted) {
            row.decode(line, length);
            wanted = handler(row);
            if (!wanted)
                PQrequestCancel(conn); // stop the server sending the rest
        }
        PQfreemem(line);
    }
    bool ok = true;
    while (PGresult *result = PQgetResult(conn)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && ok && wanted) {
            ok = false;
            if (error)
                *error = errorOf(conn, result, doing);
        }
        PQclear(result);
    }
    return ok && wanted;
}
