#include "sqlconnectionspec.h"

#include "searchmatch.h"
#include "sourceerror.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SqlConnectionSpec", text);
}

// libpq keywords a URL may carry; anything else is refused rather than
// silently dropped.
const QStringList &allowedParams()
{
    static const QStringList keys{QStringLiteral("sslmode"),
                                  QStringLiteral("sslrootcert"),
                                  QStringLiteral("sslcert"),
                                  QStringLiteral("sslkey"),
                                  QStringLiteral("sslcrl"),
                                  QStringLiteral("connect_timeout"),
                                  QStringLiteral("application_name"),
                                  QStringLiteral("target_session_attrs"),
                                  QStringLiteral("host"),
                                  QStringLiteral("port"),
                                  QStringLiteral("passfile"),
                                  QStringLiteral("service")};
    return keys;
}

QString defaultConnectTimeoutSeconds()
{
    return QStringLiteral("5");
}

} // namespace

bool SqlConnectionSpec::looksLikeSql(const QString &source)
{
    return source.startsWith(QLatin1String("sqlite:")) ||
           source.startsWith(QLatin1String("postgresql://")) ||
           source.startsWith(QLatin1String("postgres://"));
}

std::optional<SqlConnectionSpec> SqlConnectionSpec::parse(const QString &source, QString *error)
{
    SqlConnectionSpec spec;
    if (source.startsWith(QLatin1String("sqlite:"))) {
        QString path = source.mid(7);
        if (path.startsWith(QLatin1String("//")))
            path = QUrl(source).toLocalFile(); // sqlite:///abs/path
        if (path.isEmpty()) {
            if (error)
                *error =
                    tr("The sqlite: source needs a file path, e.g. sqlite:/tmp/history.sqlite.");
            return std::nullopt;
        }
        if (path.startsWith(QLatin1String("~/")))
            path = QDir::homePath() + path.mid(1);
        spec.kind = Kind::Sqlite;
        spec.path = QFileInfo(path).absoluteFilePath();
        return spec;
    }
    const QUrl url(source, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("postgresql") &&
                           url.scheme() != QLatin1String("postgres"))) {
        if (error)
            *error = tr("Cannot read the source \"%1\"; use sqlite:PATH or "
                        "postgresql://user@host[:port]/database.")
                         .arg(url.toDisplayString(QUrl::RemovePassword));
        return std::nullopt;
    }
    spec.kind = Kind::Postgres;
    spec.host = url.host();
    spec.port = url.port(-1);
    spec.user = url.userName();
    spec.password = url.password();
    spec.database = url.path().mid(1);
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!allowedParams().contains(key)) {
            if (error)
                *error = tr("The Postgres option \"%1\" is not supported here.").arg(key);
            return std::nullopt;
        }
        if (key == QLatin1String("host"))
            spec.host = value;
        else if (key == QLatin1String("port"))
            spec.port = value.toInt();
        else
            spec.params.insert(key, value);
    }
    if (spec.database.isEmpty()) {
        if (error)
            *error =
                tr("The Postgres source needs a database name, e.g. postgresql://host/dbname.");
        return std::nullopt;
    }
    return spec;
}

QString SqlConnectionSpec::description() const
{
    if (kind == Kind::Sqlite)
        return QStringLiteral("sqlite:") + path;
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(user);
    url.setHost(host.startsWith(u'/') ? QString() : host);
    url.setPort(port);
    url.setPath(u'/' + database);
    return url.toString(QUrl::RemovePassword);
}

QSqlDatabase SqlConnectionSpec::open(const QString &connectionName, bool readOnly,
                                     SourceError *error) const
{
    const auto fail = [&](SourceError::Kind kind, const QString &message) {
        if (error)
            *error = SourceError{kind, message};
        QSqlDatabase::removeDatabase(connectionName);
        return QSqlDatabase();
    };

    if (kind == Kind::Sqlite) {
        if (!QFileInfo::exists(path))
            return fail(
                SourceError::Kind::Unreachable,
                tr("The database file %1 does not exist.").arg(QDir::toNativeSeparators(path)));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(path);
        db.setConnectOptions(readOnly
                                 ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000")
                                 : QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            const QString reason = db.lastError().text();
            db = QSqlDatabase();
            return fail(SourceError::Kind::Unreachable,
                        tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), reason));
        }
        QSqlQuery pragma(db);
        pragma.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        pragma = QSqlQuery();
        if (!SearchMatch::installSqliteFunctions(db)) {
            db.close();
            db = QSqlDatabase();
            return fail(SourceError::Kind::Failed,
                        tr("Cannot prepare %1 for searching.").arg(QDir::toNativeSeparators(path)));
        }
        return db;
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    if (!host.isEmpty())
        db.setHostName(host);
    if (port > 0)
        db.setPort(port);
    db.setDatabaseName(database);
    if (!user.isEmpty())
        db.setUserName(user);
    if (!password.isEmpty())
        db.setPassword(password);
    QStringList options;
    QMap<QString, QString> effective = params;
    if (!effective.contains(QStringLiteral("connect_timeout")))
        effective.insert(QStringLiteral("connect_timeout"), defaultConnectTimeoutSeconds());
    if (!effective.contains(QStringLiteral("application_name")))
        effective.insert(QStringLiteral("application_name"), QStringLiteral("seller-history"));
    for (auto it = effective.cbegin(); it != effective.cend(); ++it)
        options << it.key() + u'=' + it.value();
    db.setConnectOptions(options.join(u';'));
    if (!db.open()) {
        const QString reason = db.lastError().text().simplified();
        db = QSqlDatabase();
        const bool auth = reason.contains(QLatin1String("password authentication failed")) ||
                          reason.contains(QLatin1String("no password supplied")) ||
                          reason.contains(QLatin1String("authentication failed"));
        return fail(auth ? SourceError::Kind::Unauthenticated : SourceError::Kind::Unreachable,
                    tr("Cannot connect to %1: %2").arg(description(), reason));
    }
    QSqlQuery setup(db);
    const QStringList statements{
        QStringLiteral("SET TIME ZONE 'UTC'"),
        QStringLiteral("SET statement_timeout = %1").arg(statementTimeoutMs),
        readOnly ? QStringLiteral("SET default_transaction_read_only = on")
                 : QStringLiteral("SET default_transaction_read_only = off")};
    for (const QString &sql : statements) {
        if (!setup.exec(sql)) {
            const QString reason = setup.lastError().text();
            setup = QSqlQuery();
            db.close();
            db = QSqlDatabase();
            return fail(SourceError::Kind::Failed,
                        tr("Cannot prepare the connection to %1: %2").arg(description(), reason));
        }
    }
    return db;
}
