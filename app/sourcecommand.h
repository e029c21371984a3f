#pragma once

#include "commandline.h"
#include "historysource.h"
#include "secretstore.h"

#include <QObject>

#include <memory>

// The frame of a command that works on a source (history, sellers, flag):
// parses the common and the command's own options, makes the demo database
// when it is the source and missing, builds the source, sends the first
// request and runs the event loop until the command finishes. A failed
// request prints its sentence and exits with its code, so nothing is
// printed half.
class SourceCommand : public QObject
{
    Q_OBJECT
public:
    SourceCommand();
    ~SourceCommand() override;

    // Runs the whole command; returns its exit code.
    int run(const QStringList &args);

protected:
    virtual QString description() const = 0;
    virtual void addOptions(QCommandLineParser &parser) = 0;
    // Reads the command's options; false with *error (usage) when bad.
    virtual bool readOptions(const QCommandLineParser &parser, QString *error) = 0;
    // Sends the first request(s); the source is ready (when needed).
    virtual void begin() = 0;
    // False for a command that this time works without a source (then
    // source() must not be used, and no demo database is made).
    virtual bool needsSource() const { return true; }

    HistorySource &source() const { return *m_source; }
    const CommandLine::CommonOptions &common() const { return m_common; }
    // Ends the event loop with this exit code.
    void finish(int code);
    // A request failed: by default prints its sentence and ends with its
    // exit code. Commands that handle failures themselves override it.
    virtual void onSourceFailed(HistorySource::RequestId id, const SourceError &error);

    // --page-size N (1 to max), or the default when not given.
    static std::optional<int> pageSize(const QCommandLineParser &parser, int byDefault, int max,
                                       QString *error);
    // --page N (1 or more) as a 0-based row offset; 0 when not given.
    static std::optional<qint64> pageOffset(const QCommandLineParser &parser, int pageSize,
                                            QString *error);

private:
    void onFailed(HistorySource::RequestId id, const SourceError &error);
    bool createSource(); // false: printed why, m_exitCode set
    void onSecretRead(SecretStore::Status status, const QByteArray &secret);
    void startWithSource();

    CommandLine::CommonOptions m_common;
    std::unique_ptr<HistorySource> m_source;
    std::unique_ptr<SecretStore> m_secrets;
    bool m_finished = false;
    int m_exitCode = CommandLine::Ok;
};
