#include "pgcopy.h"

#include "sqlhistoryreader.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QVarLengthArray>

#include <cctype>
#include <cstring>
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
// backslash escapes for the rest. Decoded into one buffer reused from row
// to row (a million rows must not mean a million allocations per column).
class CopyRow : public SqlRow
{
public:
    void decode(const char *line, qsizetype length)
    {
        if (length > 0 && line[length - 1] == '\n')
            --length;
        m_fields.clear();
        if (m_data.size() < length)
            m_data.resize(std::max(length, 2 * m_data.size()));
        char *out = m_data.data();
        qsizetype start = 0;
        qsizetype written = 0;
        for (;;) {
            const char *tab =
                static_cast<const char *>(std::memchr(line + start, '\t', size_t(length - start)));
            const qsizetype end = tab ? tab - line : length;
            const qsizetype size = end - start;
            if (size == 2 && line[start] == '\\' && line[start + 1] == 'N') {
                m_fields.append({written, -1});
            } else {
                const qsizetype n = unescape(line + start, size, out + written);
                m_fields.append({written, n});
                written += n;
            }
            if (!tab)
                break;
            start = end + 1;
        }
    }

    bool isNull(int column) const override
    {
        return column >= m_fields.size() || m_fields.at(column).size < 0;
    }
    QString text(int column) const override { return QString::fromUtf8(view(column)); }
    QByteArray bytes(int column) const override { return view(column).toByteArray(); }

private:
    struct Field
    {
        qsizetype offset;
        qsizetype size; // -1: NULL
    };

    QByteArrayView view(int column) const
    {
        if (isNull(column))
            return {};
        const Field &f = m_fields.at(column);
        return QByteArrayView(m_data.constData() + f.offset, f.size);
    }

    // Writes the unescaped text to out (never longer than the text) and
    // returns its length. Runs without a backslash are copied whole.
    static qsizetype unescape(const char *text, qsizetype length, char *out)
    {
        char *const begin = out;
        const char *const end = text + length;
        while (text < end) {
            const char *slash =
                static_cast<const char *>(std::memchr(text, '\\', size_t(end - text)));
            const char *runEnd = slash ? slash : end;
            std::memcpy(out, text, size_t(runEnd - text));
            out += runEnd - text;
            if (!slash || slash + 1 >= end)
                break;
            text = slash + 1;
            const char e = *text++;
            switch (e) {
            case 'b':
                *out++ = '\b';
                break;
            case 'f':
                *out++ = '\f';
                break;
            case 'n':
                *out++ = '\n';
                break;
            case 'r':
                *out++ = '\r';
                break;
            case 't':
                *out++ = '\t';
                break;
            case 'v':
                *out++ = '\v';
                break;
            case 'x': {
                int value = 0;
                for (int digits = 0; digits < 2 && text < end && std::isxdigit(uchar(*text));
                     ++digits, ++text)
                    value = value * 16 +
                            (std::isdigit(uchar(*text)) ? *text - '0' : (*text | 0x20) - 'a' + 10);
                *out++ = char(value);
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    int value = e - '0';
                    for (int d = 0; d < 2 && text < end && *text >= '0' && *text <= '7'; ++d)
                        value = value * 8 + (*text++ - '0');
                    *out++ = char(value);
                } else {
                    *out++ = e; // \\ and any other character stand for themselves
                }
            }
        }
        return out - begin;
    }

    QByteArray m_data;
    QVarLengthArray<Field, 16> m_fields;
};

// Why a result failed, in one line: the server's message without its
// severity prefix, or the first line of libpq's own (which, for a lost
// connection, goes on with several lines of advice).
struct Failure
{
    QString state;
    QString detail;
};

Failure failureOf(PGconn *conn, const PGresult *result)
{
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char *primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char *message =
        primary ? primary : (result ? PQresultErrorMessage(result) : PQerrorMessage(conn));
    return {QString::fromLatin1(state ? state : ""),
            QString::fromUtf8(message).trimmed().section(u'\n', 0, 0)};
}

// Classified only once libpq has read everything: a server that ends the
// connection (pg_terminate_backend, a restart) first sends its reason as an
// ordinary error, and the connection is seen as lost only after it.
SourceError errorOf(PGconn *conn, const Failure &failure, const QString &doing)
{
    SourceError error;
    // A statement timeout and a cancel from elsewhere (pg_cancel_backend)
    // share one code; only the server's words tell them apart.
    if (failure.state == QLatin1String("57014") &&
        !failure.detail.contains(QLatin1String("statement timeout")))
        error = {SourceError::Kind::Failed, tr("%1 failed: %2").arg(doing, failure.detail)};
    else
        error = SqlHistoryReader::classify(failure.state, failure.detail,
                                           PQstatus(conn) != CONNECTION_OK, doing);
    if (!error.message.endsWith(u'.'))
        error.message += u'.';
    return error;
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
            *error = errorOf(conn, failureOf(conn, started), doing);
        PQclear(started);
        return false;
    }
    PQclear(started);

    CopyRow row;
    bool wanted = true;
    int length = 0;
    for (;;) {
        char *line = nullptr;
        length = PQgetCopyData(conn, &line, 0);
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
    std::optional<Failure> failure;
    while (PGresult *result = PQgetResult(conn)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && !failure)
            failure = failureOf(conn, result);
        PQclear(result);
    }
    // libpq does not promise a failing result after -2; without one the rows
    // read so far would pass for all of them.
    if (length == -2 && !failure)
        failure = failureOf(conn, nullptr);
    if (failure && wanted && error)
        *error = errorOf(conn, *failure, doing);
    return !failure && wanted;
}
