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
    if (filter.only) {
        const SellerSet &set = *filter.only;
        sql += QStringLiteral(" AND ");
        sql += set.key == SellerSet::Key::Id
                   ? m_dialect.inUuidList(QStringLiteral("s.id"),
                                          SqlDialect::validUuids(set.values), binds)
                   : m_dialect.inTextList(QStringLiteral("s.display_name"), set.values, binds);
    }
}

QString SqlSellerReader::selectColumns() const
{
    const auto t = [this](const char *column) { return m_dialect.asText(QLatin1String(column)); };
    return QStringLiteral("SELECT ") + t("s.id") +
           QStringLiteral(", s.display_name, s.normalized_name, s.platform, s.platform_id, "
                          "s.flagged, s.times_seen, s.feedback_score, s.item_count, ") +
           t("s.created_at") + u',' + t("s.first_seen_run_id") + u',' + t("s.last_seen_run_id") +
           QStringLiteral(" FROM sellers s");
}

SqlStatement SqlSellerReader::selectAll(const SellerFilter &filter) const
{
    SqlStatement s;
    s.sql = selectColumns();
    appendWhere(s.sql, s.binds, filter);
    s.sql += QStringLiteral(" ORDER BY s.created_at DESC, s.id DESC");
    return s;
}

SqlStatement SqlSellerReader::selectIds(const QStringList &ids) const
{
    SqlStatement s;
    s.sql = selectColumns();
    appendWhere(s.sql, s.binds, SellerFilter{});
    s.sql += QStringLiteral(" AND ") + m_dialect.inUuidList(QStringLiteral("s.id"), ids, s.binds);
    return s;
}

std::optional<Seller> SqlSellerReader::readSeller(const SqlRow &row, SourceError *error)
{
    const auto optionalInt = [&row](int column) {
        return row.isNull(column) ? std::nullopt : std::optional<int>(row.integer(column));
    };
    Seller s;
    s.id = row.text(0);
    s.displayName = row.text(1);
    s.normalizedName = row.text(2);
    s.platform = row.text(3);
    s.platformId = row.text(4);
    s.flagged = row.boolean(5);
    s.timesSeen = row.integer(6);
    s.feedbackScore = optionalInt(7);
    s.itemCount = optionalInt(8);
    const auto created = Timestamp::parseIso(row.text(9));
    if (!created) {
        if (error)
            *error = {
                SourceError::Kind::BadData,
                tr("The seller %1 has an unreadable created_at (\"%2\").").arg(s.id, row.text(9))};
        return std::nullopt;
    }
    s.createdAt = *created;
    s.firstSeenRunId = row.text(10);
    s.lastSeenRunId = row.text(11);
    return s;
}

std::optional<SellerPageResult> SqlSellerReader::page(const SellerPageRequest &request,
                                                      SourceError *error)
{
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
    SqlStatement s = selectAll(request.filter);
    s.sql += QStringLiteral(" LIMIT ? OFFSET ?");
    s.binds << std::max(1, request.pageSize) << result.offset;
    QSqlQuery q(m_db);
    if (!run(q, s.sql, s.binds, error))
        return std::nullopt;
    const QueryRow row(q);
    while (q.next()) {
        auto seller = readSeller(row, error);
        if (!seller)
            return std::nullopt;
        result.sellers << *seller;
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
