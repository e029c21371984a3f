#include "sourcefactory.h"

#include "apppaths.h"
#include "connectionprofile.h"
#include "restsource.h"
#include "sqliteschema.h"
#include "sqlsource.h"

#include <QCoreApplication>
#include <QUuid>

namespace SourceFactory {

QString defaultOrgId()
{
    return QString::fromLatin1(SqliteSchema::DefaultOrgId);
}

bool wantsSecret(const SourceOptions &options)
{
    switch (ConnectionProfile::kindOf(options.source)) {
    case ConnectionProfile::Kind::Postgres: {
        QString source = options.source;
        return ConnectionProfile::takePassword(&source).isEmpty();
    }
    case ConnectionProfile::Kind::Rest:
        return options.tokenFile.isEmpty() &&
               (!options.environmentToken || qgetenv("SELLER_HISTORY_TOKEN").trimmed().isEmpty());
    case ConnectionProfile::Kind::Demo:
    case ConnectionProfile::Kind::Sqlite:
        break;
    }
    return false;
}

std::unique_ptr<HistorySource> create(const SourceOptions &options, QString *error)
{
    const QString source = options.source.isEmpty() ? AppPaths::defaultSource() : options.source;
    const QString org = options.orgId.isEmpty() ? defaultOrgId() : options.orgId.toLower();
    if (QUuid::fromString(org).isNull()) {
        if (error)
            *error = QCoreApplication::translate("SourceFactory", "The org \"%1\" is not a UUID.")
                         .arg(options.orgId);
        return nullptr;
    }
    if (SqlConnectionSpec::looksLikeSql(source)) {
        auto spec = SqlConnectionSpec::parse(source, error);
        if (!spec)
            return nullptr;
        spec->orgId = org;
        if (!options.actorId.isEmpty() && QUuid::fromString(options.actorId).isNull()) {
            if (error)
                *error =
                    QCoreApplication::translate("SourceFactory", "The actor \"%1\" is not a UUID.")
                        .arg(options.actorId);
            return nullptr;
        }
        spec->actorId = options.actorId.toLower();
        if (spec->password.isEmpty() && !options.secret.isEmpty())
            spec->password = QString::fromUtf8(options.secret);
        return std::make_unique<SqlSource>(*spec);
    }
    if (RestConnectionSpec::looksLikeRest(source)) {
        auto spec = RestConnectionSpec::parse(source, error);
        if (!spec)
            return nullptr;
        if (!options.tokenFile.isEmpty() || options.environmentToken)
            spec->token = RestConnectionSpec::tokenFrom(options.tokenFile, error);
        if (spec->token.isEmpty() && (!error || error->isEmpty()))
            spec->token = options.secret;
        if (spec->token.isEmpty()) {
            if (error && error->isEmpty())
                *error = QCoreApplication::translate(
                    "SourceFactory",
                    "The REST source needs a token: pass --token-file PATH, set "
                    "SELLER_HISTORY_TOKEN, or save it with the connection (--profile NAME).");
            return nullptr;
        }
        spec->insecure = options.insecure;
        return std::make_unique<RestSource>(*spec);
    }
    if (error)
        *error = QCoreApplication::translate("SourceFactory",
                                             "Cannot read the source \"%1\"; use sqlite:PATH, "
                                             "postgresql://user@host/db or an http(s):// URL.")
                     .arg(source);
    return nullptr;
}

} // namespace SourceFactory
