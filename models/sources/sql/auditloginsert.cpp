#include "auditloginsert.h"

#include "sqlhistoryreader.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QVariant>

namespace {

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

QVariant jsonOrNull(const QByteArray &json)
{
    return json.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                          : QVariant(QString::fromUtf8(json));
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
        const QString json = m_dialect.jsonParam();
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
        if (!m_query.prepare(sql)) {
            if (error)
                *error = m_query.lastError().text();
            return false;
        }
        m_prepared = true;
    }
    int i = 0;
    m_query.bindValue(i++, e.id);
    m_query.bindValue(i++, orgId);
    m_query.bindValue(i++, ActionInfo::dbValue(e.action));
    m_query.bindValue(i++, textOrNull(e.sellerId));
    m_query.bindValue(i++, e.sellerName);
    m_query.bindValue(i++, jsonOrNull(e.oldValue));
    m_query.bindValue(i++, jsonOrNull(e.newValue));
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
