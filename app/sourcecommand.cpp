#include "sourcecommand.h"

#include "apppaths.h"
#include "demodatabase.h"
#include "secretstore.h"

#include <QCoreApplication>

SourceCommand::SourceCommand() = default;
SourceCommand::~SourceCommand() = default;

int SourceCommand::run(const QStringList &args)
{
    using namespace CommandLine;
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    addCommonOptions(parser);
    addOptions(parser);
    const auto usageError = [](const QString &message) {
        printError(message);
        return int(Usage);
    };
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText());
        return Ok;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            tr("Unexpected argument \"%1\".").arg(parser.positionalArguments().first()));
    QString error;
    if (!readCommonOptions(parser, &m_common, &error) || !readOptions(parser, &error))
        return usageError(error);

    if (needsSource()) {
        if (AppPaths::isDefaultDemo(m_common.source.source) && !DemoDatabase::ensure(&error)) {
            printError(error);
            return SourceUnavailable;
        }
        // A saved connection's secret, only for the address it was saved
        // for: --profile P --source OTHER must not hand P's token to OTHER.
        const auto &profile = m_common.profile;
        if (profile && profile->source == m_common.source.source &&
            SourceFactory::wantsSecret(m_common.source)) {
            // The source is built once the keychain has answered (inside the
            // event loop).
            m_secrets = std::make_unique<SecretStore>(AppPaths::keychainService());
            connect(m_secrets.get(), &SecretStore::readDone, this,
                    [this](const QString &, SecretStore::Status status, const QByteArray &secret,
                           const QString &) { onSecretRead(status, secret); });
            m_secrets->read(profile->id);
            QCoreApplication::exec();
            return m_exitCode;
        }
        if (!createSource())
            return m_exitCode;
    }
    begin();
    if (!m_finished)
        QCoreApplication::exec();
    return m_exitCode;
}

bool SourceCommand::createSource()
{
    QString error;
    m_source = SourceFactory::create(m_common.source, &error);
    if (!m_source) {
        CommandLine::printError(error);
        m_exitCode = CommandLine::Usage;
        return false;
    }
    connect(m_source.get(), &HistorySource::failed, this, &SourceCommand::onFailed);
    return true;
}

void SourceCommand::onSecretRead(SecretStore::Status status, const QByteArray &secret)
{
    if (status == SecretStore::Status::Found) {
        m_common.source.secret = secret;
    } else if (m_common.profile->secret() == ConnectionProfile::Secret::Token) {
        // A command cannot ask; without a token the API answers nothing.
        const QString why = status == SecretStore::Status::Missing ? tr("none is saved for it")
                            : status == SecretStore::Status::Unavailable
                                ? tr("no keychain service is running")
                                : tr("the keychain refused to give it");
        CommandLine::printError(tr("The connection \"%1\" has no access token here (%2); pass "
                                   "--token-file PATH or set SELLER_HISTORY_TOKEN.")
                                    .arg(m_common.profile->name, why));
        finish(CommandLine::SourceUnavailable);
        return;
    }
    // A Postgres login without a saved password goes on: libpq may still
    // find one (.pgpass, PGPASSWORD) or need none (peer, certificates).
    startWithSource();
}

void SourceCommand::startWithSource()
{
    if (!createSource()) {
        finish(m_exitCode);
        return;
    }
    begin();
}

void SourceCommand::finish(int code)
{
    m_finished = true;
    m_exitCode = code;
    QCoreApplication::exit(code);
}

void SourceCommand::onFailed(HistorySource::RequestId id, const SourceError &error)
{
    onSourceFailed(id, error);
}

void SourceCommand::onSourceFailed(HistorySource::RequestId, const SourceError &error)
{
    CommandLine::printError(error.message);
    finish(CommandLine::exitCodeFor(error));
}

std::optional<int> SourceCommand::pageSize(const QCommandLineParser &parser, int byDefault, int max,
                                           QString *error)
{
    if (!parser.isSet(QStringLiteral("page-size")))
        return byDefault;
    bool ok = false;
    const int size = parser.value(QStringLiteral("page-size")).toInt(&ok);
    if (!ok || size < 1 || size > max) {
        *error = tr("--page-size must be a number from 1 to %1.").arg(max);
        return std::nullopt;
    }
    return size;
}

std::optional<qint64> SourceCommand::pageOffset(const QCommandLineParser &parser, int pageSize,
                                                QString *error)
{
    if (!parser.isSet(QStringLiteral("page")))
        return 0;
    bool ok = false;
    const qint64 n = parser.value(QStringLiteral("page")).toLongLong(&ok);
    if (!ok || n < 1) {
        *error = tr("--page must be a page number (1 or more).");
        return std::nullopt;
    }
    return (n - 1) * pageSize;
}
