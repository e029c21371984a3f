#pragma once

#include "connectionprofile.h"
#include "displayzone.h"
#include "sourceerror.h"
#include "sourcefactory.h"

#include <QCommandLineParser>
#include <QStringList>

// The command line's shared parts: command detection, the options common to
// every command, exit codes, and output that is written whole or not at all.
namespace CommandLine {

enum ExitCode : int
{
    Ok = 0,
    Usage = 1,
    SourceUnavailable = 2, // unreachable, unauthenticated or forbidden
    BadData = 3,           // the source answered with something we cannot trust
    RecordQueued = 4,      // the file was written; its record waits in the outbox
};

int exitCodeFor(const SourceError &error);

// The command named in args (e.g. "history"), or empty for the window.
QString commandIn(const QStringList &args);
QStringList commands();

struct CommonOptions
{
    SourceOptions source;
    DisplayZone zone;
    // --profile: the saved connection as stored; `source` above has what the
    // command line changed of it.
    std::optional<ConnectionProfile> profile;
};

void addCommonOptions(QCommandLineParser &parser);
// Reads the common options; returns false with *error for bad values.
bool readCommonOptions(const QCommandLineParser &parser, CommonOptions *options, QString *error);

// Writes to stdout / stderr in one piece (UTF-8).
void printOut(const QString &text);
void printError(const QString &sentence);

// Runs the command line: parses args, runs the command in the event loop,
// returns the exit code.
int run(const QStringList &args);

} // namespace CommandLine
