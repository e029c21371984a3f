#include "connectionprofile.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUuid>

ConnectionProfile ConnectionProfile::demo()
{
    ConnectionProfile profile;
    profile.id = QString::fromLatin1(DemoId);
    profile.name = QCoreApplication::translate("ConnectionProfile", "Demo data");
    return profile;
}

ConnectionProfile ConnectionProfile::create(const QString &name, const QString &source)
{
    ConnectionProfile profile;
    profile.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    profile.name = name;
    profile.source = source;
    return profile;
}

ConnectionProfile::Kind ConnectionProfile::kindOf(const QString &source)
{
    if (source.trimmed().isEmpty())
        return Kind::Demo;
    if (source.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
        source.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive))
        return Kind::Postgres;
    if (source.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
        source.startsWith(QLatin1String("https://"), Qt::CaseInsensitive))
        return Kind::Rest;
    return Kind::Sqlite;
}

ConnectionProfile::Secret ConnectionProfile::secret() const
{
    switch (kind()) {
    case Kind::Postgres:
        return Secret::Password;
    case Kind::Rest:
        return Secret::Token;
    case Kind::Demo:
    case Kind::Sqlite:
        break;
    }
    return Secret::None;
}

QString ConnectionProfile::takePassword(QString *source)
{
    // Any URL, not only postgresql://: a token typed as https://user:TOKEN@
    // or a password under a mistyped scheme must not reach the settings.
    QUrl url(source->trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.password().isEmpty())
        return {};
    const QString password = url.password(QUrl::FullyDecoded);
    url.setPassword(QString());
    *source = url.toString(QUrl::FullyEncoded);
    return password;
}
