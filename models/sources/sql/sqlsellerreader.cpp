#include "sqlsellerreader.h"

#include "sqlhistoryreader.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QVariant>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SqlSellerReader", text);
}

std::optional<int> optionalInt(const QVariant &v)
{
    return v.isNull() ? std::nullopt : std::optional<int>(v.toInt());
}

bool run(QSqlQuery &q, const QString &sql, const QVariantList &binds, SourceError *error)
{
    q.setForwardOnly(true);
    bool ok = q.prepare(sql);
    if (ok) {
        for (const QVariant &b : binds)
            q.addBindValue(b);
        ok = q.exec();
    }
    if (!ok && error)
        *error = SqlHistoryReader::classify(q, tr("Reading the sellers"));
    return ok;
}

} // namespace

SqlSellerReader::SqlSellerReader(QSqlDatabase db, SqlDialect dialect, QString orgId)
    : m_db(std::move(db))
    , m_dialect(dialect)
    , m_orgId(std::move(orgId))
{}

void SqlSellerReader::appendWhere(QString &sql, QVariantList &binds,
                                  const SellerFilter &filter) const
{
    sql += QStringLiteral(" WHERE s.org_id = ") + m_dialect.uuidParam() +
           QStringLiteral(" AND s.deleted_at IS NULL");
    binds << m_orgId;
    if (filter.state != SellerFilter::State::All) {
        sql += QStringLiteral(" AND s.flagged = ?");
        binds << (filter.state == SellerFilter::State::Flagged);
    }
    const QString search = filter.search.trimmed();
    if (!search.isEmpty()) {
        if (m_dialect.isPostgres()) {
            sql += QStringLiteral(" AND s.display_name ILIKE ? ESCAPE '\\'");
            binds << u'%' + SqlDialect::escapeLike(search) + u'%';
        } else {
            sql += QStringLiteral(" AND sh_contains(s.display_name, ?)");
            binds << search;
        }
    }
}

std::optional<SellerPageResult> SqlSellerReader::page(const SellerPageRequest &request,
                                                      SourceError *error)
{
    const auto t = [this](const char *column) { return m_dialect.asText(QLatin1String(column)); };
    SellerPageResult result;
    result.offset = std::max<qint64>(0, request.offset);
    {
        QString sql = QStringLiteral("SELECT COUNT(*) FROM sellers s");
        QVariantList binds;
        appendWhere(sql, binds, request.filter);
        QSqlQuery q(m_db);
        if (!run(q, sql, binds, error) || !q.next())
            return std::nullopt;
        result.total = q.value(0).toLongLong();
    }
    QString sql =
        QStringLiteral("SELECT ") + t("s.id") +
        QStringLiteral(", s.display_name, s.normalized_name, s.platform, s.platform_id, s.flagged, "
                       "s.times_seen, s.feedback_score, s.item_count, ") +
        t("s.created_at") + u',' + t("s.first_seen_run_id") + u',' + t("s.last_seen_run_id") +
        QStringLiteral(" FROM sellers s");
    QVariantList binds;
    appendWhere(sql, binds, request.filter);
    sql += QStringLiteral(" ORDER BY s.created_at DESC, s.id DESC LIMIT ? OFFSET ?");
    binds << std::max(1, request.pageSize) << result.offset;
    QSqlQuery q(m_db);
    if (!run(q, sql, binds, error))
        return std::nullopt;
    while (q.next()) {
        Seller s;
        s.id = q.value(0).toString();
        s.displayName = q.value(1).toString();
        s.normalizedName = q.value(2).toString();
        s.platform = q.value(3).toString();
        s.platformId = q.value(4).toString();
        s.flagged = q.value(5).toBool();
        s.timesSeen = q.value(6).toInt();
        s.feedbackScore = optionalInt(q.value(7));
        s.itemCount = optionalInt(q.value(8));
        const auto created = Timestamp::parseIso(q.value(9).toString());
        if (!created) {
            if (error)
                *error = {SourceError::Kind::BadData,
                          tr("The seller %1 has an unreadable created_at (\"%2\").")
                              .arg(s.id, q.value(9).toString())};
            return std::nullopt;
        }
        s.createdAt = *created;
        s.firstSeenRunId = q.value(10).toString();
        s.lastSeenRunId = q.value(11).toString();
        result.sellers << s;
    }
    return result;
}

std::optional<QStringList> SqlSellerReader::ids(const SellerFilter &filter, SourceError *error)
{
    QString sql = QStringLiteral("SELECT ") + m_dialect.asText(QStringLiteral("s.id")) +
                  QStringLiteral(" FROM sellers s");
    QVariantList binds;
    appendWhere(sql, binds, filter);
    sql += QStringLiteral(" ORDER BY s.created_at DESC, s.id DESC");
    QSqlQuery q(m_db);
    if (!run(q, sql, binds, error))
        return std::nullopt;
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    return ids;
}
