#pragma once

#include "exportrequest.h"
#include "paging.h"
#include "seller.h"
#include "sourceerror.h"

#include <QObject>
#include <QStringList>

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
//   request emits nothing. One exception: an export whose file was already
//   committed when the cancel reached it still reports exportDone (the file
//   exists, so it must be recorded); cancelled any earlier, it leaves no file
//   and emits nothing.
class HistorySource : public QObject
{
    Q_OBJECT
public:
    using RequestId = quint64;

    struct Capabilities
    {
        bool search = true;        // server-side search by seller name
        bool userNames = true;     // actor names from profiles
        bool entrySellers = false; // requestEntrySellers() gives lists the rows lack
        bool flagReason = true;    // a flag's reason is stored with it
        QString searchUnavailable; // why search is off, for the UI to say in place
    };

    // The sellers an entry added and removed, as the source itself reports
    // them (the REST API returns no old_value, so removes need this).
    struct EntrySellers
    {
        QStringList added;
        QStringList removed;
    };

    using QObject::QObject;
    ~HistorySource() override;

    // A short, secret-free description for the status bar ("sqlite:/path").
    virtual QString description() const = 0;
    // Names this source and org in the export outbox, so that the window
    // and the command line retry each other's records: secret-free, stable
    // across runs. The description, plus the org where it has one.
    virtual QString outboxKey() const { return description(); }
    // The user_id this source writes (direct sources, when configured);
    // empty otherwise.
    virtual QString actorId() const { return {}; }
    virtual Capabilities capabilities() const = 0;

    // Sources that authenticate with a secret the user can replace (a REST
    // token that expired) take the new one here; requests then use it.
    virtual bool canReauthenticate() const { return false; }
    virtual void setCredentials(const QByteArray &secret) { Q_UNUSED(secret) }

    virtual RequestId requestPage(const PageRequest &request) = 0;
    virtual RequestId requestCounts(const CountRequest &request) = 0;
    // Only where capabilities().entrySellers; returns 0 (and emits nothing)
    // elsewhere.
    virtual RequestId requestEntrySellers(const QString &entryId)
    {
        Q_UNUSED(entryId)
        return 0;
    }
    // Sellers: a page of the filter (with its exact total); every id the
    // filter matches (to act on "all matching" without loading its pages);
    // and a bulk flag: one decision, one audit row, only real changes.
    virtual RequestId requestSellerPage(const SellerPageRequest &request) = 0;
    virtual RequestId requestSellerIds(const SellerFilter &filter) = 0;
    virtual RequestId requestFlag(const FlagRequest &request) = 0;
    // Exports: writes the CSV file off the caller's thread, with progress,
    // and commits it only when complete (a cancel or failure leaves no
    // file); then, separately, the one audit row that records it.
    virtual RequestId requestExport(const ExportRequest &request) = 0;
    virtual RequestId requestRecordExport(const ExportRecord &record) = 0;

    virtual void cancel(RequestId id) = 0;

signals:
    void pageReady(HistorySource::RequestId id, const PageResult &result);
    void countsReady(HistorySource::RequestId id, const CountResult &result);
    void entrySellersReady(HistorySource::RequestId id, const HistorySource::EntrySellers &sellers);
    void sellerPageReady(HistorySource::RequestId id, const SellerPageResult &result);
    void sellerIdsReady(HistorySource::RequestId id, const QStringList &ids);
    void flagDone(HistorySource::RequestId id, const FlagResult &result);
    // Now and then while an export runs (at most a few times a second).
    void exportProgress(HistorySource::RequestId id, const ExportProgress &progress);
    void exportDone(HistorySource::RequestId id, const ExportResult &result);
    void exportRecorded(HistorySource::RequestId id);
    void failed(HistorySource::RequestId id, const SourceError &error);
};
