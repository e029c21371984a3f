#include "sqldialect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace {

QString jsonArray(const QStringList &values)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

} // namespace

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

QString SqlDialect::inUuidList(const QString &column, const QStringList &uuids,
                               QVariantList &binds) const
{
    if (isPostgres()) {
        binds << u'{' + uuids.join(u',') + u'}';
        return column + QStringLiteral(" = ANY(CAST(? AS uuid[]))");
    }
    binds << jsonArray(uuids);
    return column + QStringLiteral(" IN (SELECT value FROM json_each(?))");
}

QString SqlDialect::inTextList(const QString &column, const QStringList &values,
                               QVariantList &binds) const
{
    if (isPostgres()) {
        // Postgres text cannot hold U+0000 and jsonb refuses its escape: such
        // a value can match nothing, and would fail the whole statement.
        QStringList storable;
        storable.reserve(values.size());
        for (const QString &v : values) {
            if (!v.contains(QChar(0)))
                storable << v;
        }
        binds << jsonArray(storable);
        return column + QStringLiteral(" IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))");
    }
    binds << jsonArray(values);
    return column + QStringLiteral(" IN (SELECT value FROM json_each(?))");
}

QStringList SqlDialect::validUuids(const QStringList &values)
{
    QStringList out;
    out.reserve(values.size());
    for (const QString &v : values) {
        const QUuid uuid = QUuid::fromString(v);
        if (!uuid.isNull())
            out << uuid.toString(QUuid::WithoutBraces);
    }
    return out;
}
