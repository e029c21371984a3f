#include "pagecursor.h"

#include <QByteArray>
#include <QUuid>

namespace {
constexpr auto Prefix = QLatin1String("c1.");
}

QString PageCursor::encode() const
{
    const QByteArray raw = QByteArray::number(createdAt) + ':' + id.toLatin1();
    return Prefix + QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding |
                                                     QByteArray::OmitTrailingEquals));
}

std::optional<PageCursor> PageCursor::decode(QStringView token)
{
    if (!token.startsWith(Prefix))
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        token.mid(Prefix.size()).toLatin1(),
        QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QByteArray raw = *decoded;
    const qsizetype colon = raw.indexOf(':');
    if (colon <= 0)
        return std::nullopt;
    bool ok = false;
    PageCursor c;
    c.createdAt = raw.left(colon).toLongLong(&ok);
    c.id = QString::fromLatin1(raw.mid(colon + 1));
    // Only the canonical text encode() writes: ids are compared as text in
    // keyset paging, so braces, upper case or stray blanks (all of which
    // QUuid accepts) would put the page in the wrong place.
    const QUuid uuid = QUuid::fromString(c.id);
    if (!ok || uuid.isNull() || uuid.toString(QUuid::WithoutBraces) != c.id)
        return std::nullopt;
    return c;
}
