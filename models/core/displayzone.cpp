#include "displayzone.h"

#include <QCoreApplication>
#include <QDateTime>

std::optional<DisplayZone> DisplayZone::parse(const QString &name, QString *error)
{
    DisplayZone z;
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed.compare(QLatin1String("local"), Qt::CaseInsensitive) == 0)
        return z;
    if (trimmed.compare(QLatin1String("UTC"), Qt::CaseInsensitive) == 0 ||
        trimmed.compare(QLatin1String("Z"), Qt::CaseInsensitive) == 0)
        return utc();
    if (!QTimeZone::isTimeZoneIdAvailable(trimmed.toUtf8())) {
        if (error)
            *error = QCoreApplication::translate("DisplayZone",
                                                 "Unknown time zone \"%1\"; use local, UTC or an "
                                                 "IANA name such as Europe/Berlin.")
                         .arg(trimmed);
        return std::nullopt;
    }
    z.m_name = trimmed;
    return z;
}

DisplayZone DisplayZone::utc()
{
    DisplayZone z;
    z.m_name = QStringLiteral("UTC");
    return z;
}

QTimeZone DisplayZone::zone() const
{
    if (m_name == QLatin1String("local"))
        return QTimeZone::systemTimeZone();
    if (m_name == QLatin1String("UTC"))
        return QTimeZone::utc();
    return QTimeZone(m_name.toUtf8());
}

QString DisplayZone::label() const
{
    const QTimeZone z = zone();
    const QString offset = z.displayName(QDateTime::currentDateTimeUtc(), QTimeZone::OffsetName);
    if (m_name == QLatin1String("local"))
        return QCoreApplication::translate("DisplayZone", "Local: %1 (%2)")
            .arg(QString::fromUtf8(z.id()), offset);
    if (m_name == QLatin1String("UTC"))
        return QStringLiteral("UTC");
    return QCoreApplication::translate("DisplayZone", "%1 (%2)").arg(m_name, offset);
}
