#pragma once

#include "paging.h"
#include "sourceerror.h"

#include <QObject>

// The asynchronous interface every history source implements (embedded
// SQLite, Postgres, REST). The UI and the command line know only this.
//
// Contract:
// - request*() returns at once with a fresh id; exactly one of the matching
//   ready signal or failed() follows later, from the event loop of the thread
//   that owns the source, unless the request is cancelled first.
// - Ids increase monotonically per source, so callers can use them as
//   generation numbers and drop anything older than what they wait for.
// - cancel() is cheap and safe for finished or unknown ids; a cancelled
//   request emits nothing.
class HistorySource : public QObject
{
    Q_OBJECT
public:
    using RequestId = quint64;

    struct Capabilities
    {
        bool search = true;        // server-side search by seller name
        bool userNames = true;     // actor names from profiles
        QString searchUnavailable; // why search is off, for the UI to say in place
    };

    using QObject::QObject;
    ~HistorySource() override;

    // A short, secret-free description for the status bar ("sqlite:/path").
    virtual QString description() const = 0;
    virtual Capabilities capabilities() const = 0;

    virtual RequestId requestPage(const PageRequest &request) = 0;
    virtual RequestId requestCounts(const CountRequest &request) = 0;
    virtual void cancel(RequestId id) = 0;

signals:
    void pageReady(HistorySource::RequestId id, const PageResult &result);
    void countsReady(HistorySource::RequestId id, const CountResult &result);
    void failed(HistorySource::RequestId id, const SourceError &error);
};
