#include "sourcefactory.h"

#include "apppaths.h"
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
        return std::make_unique<SqlSource>(*spec);
    }
    if (source.startsWith(QLatin1String("http://")) ||
        source.startsWith(QLatin1String("https://"))) {
        if (error)
            *error = QCoreApplication::translate("SourceFactory",
                                                 "REST sources are not supported by this version "
                                                 "yet; use sqlite:PATH or postgresql://.");
        return nullptr;
    }
    if (error)
        *error = QCoreApplication::translate("SourceFactory",
                                             "Cannot read the source \"%1\"; use sqlite:PATH, "
                                             "postgresql://user@host/db or an http(s):// URL.")
                     .arg(source);
    return nullptr;
}

} // namespace SourceFactory
