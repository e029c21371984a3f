#pragma once

#include "historyquery.h"
#include "seller.h"
#include "sourceerror.h"
#include "sqldialect.h"
#include "sqlrow.h"

#include <QSqlDatabase>

// Reads sellers on one open connection: a page of a filter with its exact
// total, and every id a filter matches (a set of ids or names of any size
// travels as one bound list). Scoped to the org, bound values only, newest
// first by (created_at, id). Used on the connection's thread.
class SqlSellerReader
{
public:
    SqlSellerReader(QSqlDatabase db, SqlDialect dialect, QString orgId);

    std::optional<SellerPageResult> page(const SellerPageRequest &request, SourceError *error);
    std::optional<QStringList> ids(const SellerFilter &filter, SourceError *error);

    // Every seller the filter matches, newest first, without a limit; the
    // org's sellers with these ids. Rows read with readSeller().
    SqlStatement selectAll(const SellerFilter &filter) const;
    SqlStatement selectIds(const QStringList &ids) const;
    static std::optional<Seller> readSeller(const SqlRow &row, SourceError *error);

private:
    QString selectColumns() const;
    void appendWhere(QString &sql, QVariantList &binds, const SellerFilter &filter) const;

    QSqlDatabase m_db;
    SqlDialect m_dialect;
    QString m_orgId;
};
