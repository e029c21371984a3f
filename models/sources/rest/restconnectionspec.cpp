#include "restconnectionspec.h"

#include <QCoreApplication>
#include <QFile>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RestConnectionSpec", text);
}

} // namespace

bool RestConnectionSpec::looksLikeRest(const QString &source)
{
    return source.startsWith(QLatin1String("http://")) ||
           source.startsWith(QLatin1String("https://"));
}

std::optional<RestConnectionSpec> RestConnectionSpec::parse(const QString &source, QString *error)
{
    const QUrl url(source, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        if (error)
            *error = tr("Cannot read the REST source \"%1\"; use http(s)://host[:port][/path].")
                         .arg(url.toDisplayString(QUrl::RemoveUserInfo));
        return std::nullopt;
    }
    if (!url.userInfo().isEmpty()) {
        if (error)
            *error = tr("Put the token in --token-file or SELLER_HISTORY_TOKEN, not in the URL.");
        return std::nullopt;
    }
    RestConnectionSpec spec;
    spec.baseUrl =
        url.adjusted(QUrl::StripTrailingSlash | QUrl::RemoveQuery | QUrl::RemoveFragment);
    return spec;
}

QByteArray RestConnectionSpec::tokenFrom(const QString &tokenFile, QString *error)
{
    if (!tokenFile.isEmpty()) {
        QFile f(tokenFile);
        if (!f.open(QIODevice::ReadOnly)) {
            if (error)
                *error = tr("Cannot read the token file %1: %2").arg(tokenFile, f.errorString());
            return {};
        }
        return f.readAll().trimmed();
    }
    return qgetenv("SELLER_HISTORY_TOKEN").trimmed();
}

QString RestConnectionSpec::description() const
{
    return baseUrl.toDisplayString(QUrl::RemoveUserInfo);
}
