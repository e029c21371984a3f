#include "demodbcommand.h"

#include "commandline.h"
#include "demodatagenerator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QLocale>

namespace DemoDbCommand {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DemoDbCommand", text);
}

bool readCount(const QCommandLineParser &parser, const QString &name, qint64 min, qint64 max,
               qint64 *value, QString *error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qint64 n = parser.value(name).toLongLong(&ok);
    if (!ok || n < min || n > max) {
        *error = tr("--%1 must be a whole number from %2 to %3.")
                     .arg(name, QLocale().toString(min), QLocale().toString(max));
        return false;
    }
    *value = n;
    return true;
}

} // namespace

int run(const QStringList &args)
{
    using namespace CommandLine;
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Writes a generated demo database (SQLite)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PATH"), tr("The database file to write."));
    parser.addOptions({
        {QStringLiteral("events"), tr("Audit rows, both orgs (default 100000)."), tr("N")},
        {QStringLiteral("sellers"), tr("Sellers, both orgs (default 10000)."), tr("N")},
        {QStringLiteral("seed"), tr("Random seed (default 1)."), tr("N")},
        {QStringLiteral("end"),
         tr("Time of the newest possible event, ISO 8601 (default: this hour)."), tr("TIME")},
    });
    if (!parser.parse(args)) {
        printError(parser.errorText());
        return Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText());
        return Ok;
    }
    if (parser.positionalArguments().size() != 1) {
        printError(tr("demo-db needs exactly one PATH."));
        return Usage;
    }
    DemoDataOptions options;
    QString error;
    qint64 events = options.events, sellers = options.sellers, seed = qint64(options.seed);
    if (!readCount(parser, QStringLiteral("events"), 0, 50'000'000, &events, &error) ||
        !readCount(parser, QStringLiteral("sellers"), 0, 10'000'000, &sellers, &error) ||
        !readCount(parser, QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), &seed,
                   &error)) {
        printError(error);
        return Usage;
    }
    options.events = int(events);
    options.sellers = int(sellers);
    options.seed = quint64(seed);
    if (parser.isSet(QStringLiteral("end"))) {
        const auto end = Timestamp::parseIso(parser.value(QStringLiteral("end")));
        if (!end) {
            printError(
                tr("--end must be an ISO 8601 time with an offset, e.g. 2026-01-01T00:00:00Z."));
            return Usage;
        }
        options.end = *end;
    }
    const QString path = parser.positionalArguments().first();
    const auto summary = DemoDataGenerator::write(path, options, &error);
    if (!summary) {
        printError(error);
        return SourceUnavailable;
    }
    const QLocale locale;
    printOut(tr("Wrote %1 events and %2 sellers to %3 in %4 s.\n")
                 .arg(locale.toString(summary->events), locale.toString(summary->sellers),
                      QDir::toNativeSeparators(path),
                      locale.toString(double(summary->elapsedMs) / 1000.0, 'f', 2)));
    return Ok;
}

} // namespace DemoDbCommand
