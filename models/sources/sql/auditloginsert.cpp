#include "auditloginsert.h"

#include "sqlhistoryreader.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>

#include <algorithm>
#include <iterator>
#include <libpq-fe.h>

namespace {

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

// SQLite: the UTF-8 bytes as they are, turned into text by the statement's
// CAST (no UTF-16 copy of a large export record on the way).
QVariant sqliteJsonOrNull(const QByteArray &json)
{
    return json.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(json);
}

QVariant jsonOrNull(const QByteArray &json)
{
    return json.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                          : QVariant(QString::fromUtf8(json));
}

// Above this, a Postgres row is sent with libpq's PQexecParams: the Qt
// driver would copy the value five times over as a quoted literal (an export
// record of 700,000 names is ~20 MB of text).
constexpr qsizetype LargeJsonBytes = 1 << 20;

PGconn *postgresHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    const QByteArray type = handle.typeName() ? QByteArray(handle.typeName()) : QByteArray();
    if (type != "PGconn*" && type != "pg_conn*")
        return nullptr;
    return *static_cast<PGconn *const *>(handle.data());
}

// `sql` with its ? placeholders numbered ($1, $2, ...), as libpq wants them.
QByteArray numbered(const QString &sql)
{
    QByteArray out;
    int n = 0;
    for (const QChar c : sql) {
        if (c == u'?')
            out += '$' + QByteArray::number(++n);
        else
            out += c.toLatin1();
    }
    return out;
}

} // namespace

AuditLogInsert::AuditLogInsert(QSqlDatabase db, SqlDialect dialect)
    : m_db(std::move(db))
    , m_dialect(dialect)
    , m_query(m_db)
{}

bool AuditLogInsert::insert(const AuditEntry &e, const QString &orgId, QString *error)
{
    if (!m_prepared) {
        const QString uuid = m_dialect.uuidParam();
        const QString json =
            m_dialect.isPostgres() ? m_dialect.jsonParam() : QStringLiteral("CAST(? AS TEXT)");
        const QString sql =
            QStringLiteral("INSERT INTO seller_audit_log (id, org_id, action, seller_id, "
                           "seller_name, old_value, new_value, source, source_run_id, user_id, "
                           "created_at, affected_count, seller_count_snapshot) VALUES (") +
            QStringList{uuid,
                        uuid,
                        QStringLiteral("?"),
                        uuid,
                        QStringLiteral("?"),
                        json,
                        json,
                        QStringLiteral("?"),
                        uuid,
                        uuid,
                        m_dialect.timestampParam(),
                        QStringLiteral("?"),
                        QStringLiteral("?")}
                .join(QStringLiteral(", ")) +
            u')' + (m_ignoreExisting ? QStringLiteral(" ON CONFLICT (id) DO NOTHING") : QString());
        m_sql = sql;
        if (!m_query.prepare(sql)) {
            if (error)
                *error = m_query.lastError().text();
            return false;
        }
        m_prepared = true;
    }
    if (m_dialect.isPostgres() && std::max(e.oldValue.size(), e.newValue.size()) > LargeJsonBytes) {
        if (PGconn *conn = postgresHandle(m_db))
            return insertWithLibpq(conn, e, orgId, error);
    }
    int i = 0;
    m_query.bindValue(i++, e.id);
    m_query.bindValue(i++, orgId);
    m_query.bindValue(i++, ActionInfo::dbValue(e.action));
    m_query.bindValue(i++, textOrNull(e.sellerId));
    m_query.bindValue(i++, e.sellerName);
    const auto json = m_dialect.isPostgres() ? jsonOrNull : sqliteJsonOrNull;
    m_query.bindValue(i++, json(e.oldValue));
    m_query.bindValue(i++, json(e.newValue));
    m_query.bindValue(i++, e.source);
    m_query.bindValue(i++, textOrNull(e.sourceRunId));
    m_query.bindValue(i++, textOrNull(e.userId));
    m_query.bindValue(i++, Timestamp::toIsoUtc(e.createdAt));
    m_query.bindValue(i++, e.affectedCount);
    m_query.bindValue(i++, e.sellerCountSnapshot ? QVariant(*e.sellerCountSnapshot)
                                                 : QVariant(QMetaType::fromType<int>()));
    if (!m_query.exec()) {
        if (error)
            *error = m_query.lastError().text();
        return false;
    }
    return true;
}

bool AuditLogInsert::insertWithLibpq(PGconn *conn, const AuditEntry &e, const QString &orgId,
                                     QString *error)
{
    // The same statement and values as the prepared query, as text; NULL
    // where the query binds NULL (textOrNull, jsonOrNull, no snapshot).
    const QByteArray values[] = {
        e.id.toUtf8(),
        orgId.toUtf8(),
        ActionInfo::dbValue(e.action).toUtf8(),
        e.sellerId.toUtf8(),
        e.sellerName.toUtf8(),
        QByteArray(), // old_value and new_value: pointed at below, not copied
        QByteArray(),
        e.source.toUtf8(),
        e.sourceRunId.toUtf8(),
        e.userId.toUtf8(),
        Timestamp::toIsoUtc(e.createdAt).toUtf8(),
        QByteArray::number(e.affectedCount),
        e.sellerCountSnapshot ? QByteArray::number(*e.sellerCountSnapshot) : QByteArray(),
    };
    constexpr int Count = int(std::size(values));
    const char *params[Count];
    int lengths[Count];
    for (int i = 0; i < Count; ++i) {
        params[i] = values[i].constData(); // "" for an empty value
        lengths[i] = int(values[i].size());
    }
    const auto nullIfEmpty = [&](int i, const QString &s) {
        if (s.isEmpty())
            params[i] = nullptr;
    };
    nullIfEmpty(3, e.sellerId);
    nullIfEmpty(8, e.sourceRunId);
    nullIfEmpty(9, e.userId);
    params[5] = e.oldValue.isEmpty() ? nullptr : e.oldValue.constData();
    lengths[5] = int(e.oldValue.size());
    params[6] = e.newValue.isEmpty() ? nullptr : e.newValue.constData();
    lengths[6] = int(e.newValue.size());
    if (!e.sellerCountSnapshot)
        params[12] = nullptr;
    PGresult *result = PQexecParams(conn, numbered(m_sql).constData(), Count, nullptr, params,
                                    lengths, nullptr, 0);
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok && error)
        *error = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(conn))
                     .trimmed();
    PQclear(result);
    return ok;
}

std::optional<AuditLogInsert::Context> AuditLogInsert::readContext(QSqlQuery &q, SqlDialect dialect,
                                                                   const QString &orgId,
                                                                   const QString &actorId,
                                                                   SourceError *error)
{
    const auto fail = [&](const char *doing) {
        if (error)
            *error =
                SqlHistoryReader::classify(q, QCoreApplication::translate("AuditLogInsert", doing));
        return std::nullopt;
    };
    Context c;
    c.now = Timestamp::now();
    if (dialect.isPostgres()) {
        if (!q.exec(QStringLiteral("SELECT now()::text")) || !q.next())
            return fail("Reading the database's clock");
        c.now = Timestamp::parseIso(q.value(0).toString()).value_or(c.now);
    }
    c.actor = actorId;
    if (c.actor.isEmpty() && dialect.isPostgres()) {
        if (q.exec(QStringLiteral(
                "SELECT to_regprocedure('seller_history.current_actor()') IS NOT NULL")) &&
            q.next() && q.value(0).toBool() &&
            q.exec(QStringLiteral("SELECT seller_history.current_actor()::text")) && q.next())
            c.actor = q.value(0).toString();
    }
    if (!q.prepare(QStringLiteral("SELECT COUNT(*) FROM sellers WHERE org_id = ") +
                   dialect.uuidParam()))
        return fail("Counting the sellers");
    q.addBindValue(orgId);
    if (!q.exec() || !q.next())
        return fail("Counting the sellers");
    c.sellerCount = q.value(0).toInt();
    return c;
}
