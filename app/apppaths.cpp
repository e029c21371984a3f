#include "apppaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace AppPaths {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("seller-history"));
    QCoreApplication::setApplicationName(QStringLiteral("seller-history"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SELLER_HISTORY_VERSION));
}

QString dataDirectory()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                        QStringLiteral("/seller-history");
    QDir().mkpath(dir);
    return dir;
}

QString defaultDemoDatabase()
{
    return dataDirectory() + QStringLiteral("/demo.sqlite");
}

QString defaultSource()
{
    return QStringLiteral("sqlite:") + defaultDemoDatabase();
}

bool isDefaultDemo(const QString &source)
{
    return source.isEmpty() || source == defaultSource();
}

QString keychainService()
{
    return QStringLiteral("seller-history");
}

} // namespace AppPaths
