#include "sqlflagwriter.h"

#include "auditloginsert.h"
#include "sqlhistoryreader.h"
#include "upstreamjson.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SqlFlagWriter", text);
}

} // namespace

SqlFlagWriter::SqlFlagWriter(QSqlDatabase db, SqlDialect dialect, QString orgId, QString actorId)
    : m_db(std::move(db))
    , m_dialect(dialect)
    , m_orgId(std::move(orgId))
    , m_actorId(std::move(actorId))
{}

std::optional<FlagResult> SqlFlagWriter::flag(const FlagRequest &request, SourceError *error)
{
    if (!m_db.transaction()) {
        if (error)
            *error = {SourceError::Kind::Failed,
                      tr("Cannot start the flag transaction: %1").arg(m_db.lastError().text())};
        return std::nullopt;
    }
    SourceError why;
    QSqlQuery q(m_db);
    AuditLogInsert insert(m_db, m_dialect);
    auto result = inTransaction(request, q, insert, &why);
    if (result && result->changed == 0) {
        m_db.rollback(); // nothing to change: nothing written
        return result;
    }
    if (result && m_db.commit())
        return result;
    if (result)
        why = {SourceError::Kind::Failed, m_db.lastError().text()};
    m_db.rollback();
    if (error)
        *error = {why.kind, tr("Flagging failed and nothing was changed: %1").arg(why.message)};
    return std::nullopt;
}

std::optional<FlagResult> SqlFlagWriter::inTransaction(const FlagRequest &request, QSqlQuery &q,
                                                       AuditLogInsert &insert, SourceError *error)
{
    FlagResult result;
    result.requested = int(request.sellerIds.size());
    const auto fail = [&](QSqlQuery &q, const char *doing) {
        if (error)
            *error = SqlHistoryReader::classify(q, tr(doing));
        return std::nullopt;
    };

    // The org's seller count for the row is read before the update: a flag
    // does not change it, and counting rows the update just rewrote would
    // make Postgres visit every one of them again (a third of the time at
    // 10,000).
    const auto context = AuditLogInsert::readContext(q, m_dialect, m_orgId, m_actorId, error);
    if (!context)
        return std::nullopt;
    const Timestamp::Micros now = context->now;

    // Only sellers whose state changes; the ids travel as one bound value.
    QString ids;
    QString sql = QStringLiteral("UPDATE sellers SET flagged = ?, updated_at = ") +
                  m_dialect.timestampParam() + QStringLiteral(" WHERE org_id = ") +
                  m_dialect.uuidParam() + QStringLiteral(" AND flagged <> ? AND ");
    if (m_dialect.isPostgres()) {
        ids = u'{' + request.sellerIds.join(u',') + u'}';
        sql += QStringLiteral("id = ANY(CAST(? AS uuid[]))");
    } else {
        ids = QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(request.sellerIds))
                                    .toJson(QJsonDocument::Compact));
        sql += QStringLiteral("id IN (SELECT value FROM json_each(?))");
    }
    sql += QStringLiteral(" RETURNING ") + m_dialect.asText(QStringLiteral("id")) +
           QStringLiteral(", display_name");
    if (!q.prepare(sql))
        return fail(q, "Flagging the sellers");
    q.addBindValue(request.flagged);
    q.addBindValue(Timestamp::toIsoUtc(now));
    q.addBindValue(m_orgId);
    q.addBindValue(request.flagged);
    q.addBindValue(ids);
    if (!q.exec())
        return fail(q, "Flagging the sellers");
    QHash<QString, QString> changed;
    while (q.next())
        changed.insert(q.value(0).toString(), q.value(1).toString());
    // In the order they were asked for, not the order the database found
    // them; each once (taken out of the map as it is listed).
    result.changedIds.reserve(changed.size());
    result.changedNames.reserve(changed.size());
    for (const QString &id : request.sellerIds) {
        const QString lower = id.toLower();
        const auto it = changed.constFind(lower);
        if (it == changed.cend())
            continue;
        result.changedIds << lower;
        result.changedNames << it.value();
        changed.erase(it);
    }
    result.changed = int(result.changedIds.size());
    if (result.changed == 0)
        return result;

    AuditEntry row;
    row.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    row.createdAt = now;
    row.action = Action::Flag;
    row.sellerName = (request.flagged ? QStringLiteral("Flagged %1 sellers")
                                      : QStringLiteral("Unflagged %1 sellers"))
                         .arg(result.changed); // upstream's words: plural even for one
    UpstreamJson::Members value{
        {QStringLiteral("flagged"), request.flagged},
        {QStringLiteral("sellers"), QJsonArray::fromStringList(result.changedNames)}};
    if (!request.reason.trimmed().isEmpty())
        value.append({QStringLiteral("reason"), request.reason.trimmed()});
    row.newValue = UpstreamJson::encodeColumn(value);
    row.source = QStringLiteral("manual");
    row.userId = context->actor;
    row.affectedCount = result.changed;
    row.sellerCountSnapshot = context->sellerCount;
    QString insertError;
    if (!insert.insert(row, m_orgId, &insertError)) {
        if (error)
            *error = {SourceError::Kind::Failed, insertError};
        return std::nullopt;
    }
    result.auditEntryId = row.id;
    return result;
}
