#include "commandline.h"

#include "demodbcommand.h"
#include "exportcommand.h"
#include "flagcommand.h"
#include "historycommand.h"
#include "profilestore.h"
#include "sellerscommand.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTimer>

#include <cstdio>

namespace CommandLine {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CommandLine", text);
}

// Common options that take a value: their value is never a command name.
const QStringList &valueOptions()
{
    static const QStringList names{QStringLiteral("--source"),     QStringLiteral("--org"),
                                   QStringLiteral("--token-file"), QStringLiteral("--actor"),
                                   QStringLiteral("--tz"),         QStringLiteral("--profile")};
    return names;
}

void write(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

QString usage()
{
    return tr("Usage: seller-history [COMMAND] [OPTIONS]\n"
              "\n"
              "Without a command, opens the window.\n"
              "\n"
              "Commands:\n"
              "  history     print one page of the seller history\n"
              "  sellers     print one page of the sellers\n"
              "  flag        flag or unflag sellers by id (one audit entry)\n"
              "  export      write the history matching filters to CSV, recorded\n"
              "  export-sellers\n"
              "              write sellers to CSV, recorded\n"
              "  outbox      list (or --retry) exports whose record is not yet written\n"
              "  demo-db     write a generated demo database\n"
              "\n"
              "Options common to all commands:\n"
              "  --profile NAME     a saved connection (source, org, actor; its password or\n"
              "                     token from the keychain); options given alongside win\n"
              "  --source SRC       sqlite:PATH, postgresql://user@host[:port]/db or\n"
              "                     http(s)://api-host (default: the demo database)\n"
              "  --org UUID         the org to show (default: the upstream org)\n"
              "  --token-file PATH  bearer token for REST sources (or SELLER_HISTORY_TOKEN)\n"
              "  --insecure         REST: skip TLS certificate checks (dangerous)\n"
              "  --actor UUID       user_id written in direct modes (or SELLER_HISTORY_ACTOR)\n"
              "  --tz ZONE          local, UTC or an IANA zone such as Europe/Berlin\n"
              "  --help, --version\n"
              "\n"
              "Run 'seller-history COMMAND --help' for a command's own options.\n");
}

} // namespace

int exitCodeFor(const SourceError &error)
{
    switch (error.kind) {
    case SourceError::Kind::BadData:
        return BadData;
    case SourceError::Kind::BadRequest:
        return Usage;
    case SourceError::Kind::Unreachable:
    case SourceError::Kind::Timeout:
    case SourceError::Kind::Unauthenticated:
    case SourceError::Kind::Forbidden:
    case SourceError::Kind::Failed:
        return SourceUnavailable;
    }
    return SourceUnavailable;
}

QStringList commands()
{
    return {QStringLiteral("history"), QStringLiteral("sellers"),        QStringLiteral("flag"),
            QStringLiteral("export"),  QStringLiteral("export-sellers"), QStringLiteral("outbox"),
            QStringLiteral("demo-db")};
}

QString commandIn(const QStringList &args)
{
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (valueOptions().contains(a)) {
            ++i;
            continue;
        }
        if (a == QLatin1String("--help") || a == QLatin1String("-h") ||
            a == QLatin1String("--help-all") || a == QLatin1String("--version") ||
            a == QLatin1String("-v"))
            return a;
        if (!a.startsWith(u'-'))
            return a;
    }
    return {};
}

void addCommonOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("profile"), tr("A saved connection (its secret from the keychain)."),
         tr("NAME")},
        {QStringLiteral("source"), tr("The history source."), tr("SRC")},
        {QStringLiteral("org"), tr("The org to show."), tr("UUID")},
        {QStringLiteral("token-file"), tr("Bearer token file for REST sources."), tr("PATH")},
        {QStringLiteral("actor"), tr("user_id written in direct modes."), tr("UUID")},
        {QStringLiteral("tz"), tr("Display time zone: local, UTC or an IANA name."), tr("ZONE")},
        {QStringLiteral("insecure"),
         tr("REST: do not verify the server's TLS certificate (dangerous).")},
    });
    parser.addHelpOption();
}

bool readCommonOptions(const QCommandLineParser &parser, CommonOptions *options, QString *error)
{
    std::optional<ConnectionProfile> profile;
    if (parser.isSet(QStringLiteral("profile"))) {
        QSettings settings;
        const QString name = parser.value(QStringLiteral("profile"));
        profile = ProfileStore(&settings).find(name);
        if (!profile) {
            *error = tr("There is no saved connection named \"%1\"; the window's File > "
                        "Connections lists them.")
                         .arg(name);
            return false;
        }
        options->profile = profile;
    }
    // What is given on the command line wins over the profile.
    const auto valueOr = [&parser](const QString &option, const QString &fallback) {
        return parser.isSet(option) ? parser.value(option) : fallback;
    };
    options->source.source =
        valueOr(QStringLiteral("source"), profile ? profile->source : QString());
    options->source.orgId = valueOr(QStringLiteral("org"), profile ? profile->orgId : QString());
    options->source.tokenFile = parser.value(QStringLiteral("token-file"));
    options->source.insecure = parser.isSet(QStringLiteral("insecure"));
    if (options->source.insecure)
        printError(tr("WARNING: --insecure turns off TLS certificate checks; anyone on the "
                      "network path can read and change what this program sends and receives."));
    options->source.actorId =
        valueOr(QStringLiteral("actor"), profile && !profile->actorId.isEmpty()
                                             ? profile->actorId
                                             : qEnvironmentVariable("SELLER_HISTORY_ACTOR"));
    if (parser.isSet(QStringLiteral("tz"))) {
        auto zone = DisplayZone::parse(parser.value(QStringLiteral("tz")), error);
        if (!zone)
            return false;
        options->zone = *zone;
    }
    return true;
}

void printOut(const QString &text)
{
    write(stdout, text);
}

void printError(const QString &sentence)
{
    write(stderr, QStringLiteral("seller-history: ") + sentence.simplified() + u'\n');
}

int run(const QStringList &args)
{
    const QString command = commandIn(args);
    if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("--help-all")) {
        printOut(usage());
        return Ok;
    }
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        printOut(QStringLiteral("seller-history %1\n").arg(QCoreApplication::applicationVersion()));
        return Ok;
    }
    QStringList rest = args;
    rest.removeAt(rest.indexOf(command, 1));
    if (command == QLatin1String("demo-db"))
        return DemoDbCommand::run(rest);
    if (command == QLatin1String("history"))
        return HistoryCommand().run(rest);
    if (command == QLatin1String("sellers"))
        return SellersCommand().run(rest);
    if (command == QLatin1String("flag"))
        return FlagCommand().run(rest);
    if (command == QLatin1String("export"))
        return ExportCommand(ExportRequest::Scope::History).run(rest);
    if (command == QLatin1String("export-sellers"))
        return ExportCommand(ExportRequest::Scope::Sellers).run(rest);
    if (command == QLatin1String("outbox"))
        return OutboxCommand().run(rest);
    printError(tr("Unknown command \"%1\"; run seller-history --help.").arg(command));
    return Usage;
}

} // namespace CommandLine
