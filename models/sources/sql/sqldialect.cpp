#include "sqldialect.h"

QString SqlDialect::timestampParam() const
{
    return isPostgres() ? QStringLiteral("CAST(? AS timestamptz)") : QStringLiteral("?");
}

QString SqlDialect::uuidParam() const
{
    return isPostgres() ? QStringLiteral("CAST(? AS uuid)") : QStringLiteral("?");
}

QString SqlDialect::jsonParam() const
{
    return isPostgres() ? QStringLiteral("CAST(? AS jsonb)") : QStringLiteral("?");
}

QString SqlDialect::asText(const QString &column) const
{
    return isPostgres() ? column + QStringLiteral("::text") : column;
}

QString SqlDialect::escapeLike(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        if (c == u'\\' || c == u'%' || c == u'_')
            out += u'\\';
        out += c;
    }
    return out;
}
