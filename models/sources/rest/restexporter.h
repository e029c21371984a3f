#pragma once

#include "exportrequest.h"
#include "sourceerror.h"

#include <QHash>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class RestClient;
class RestExportJob;
class RestSellers;

// The REST source's exports and export records, on its worker thread.
//
// History, every row of the filter: RestRangeReader reads the filter's
// range in date windows, several at once (never deep offsets: that is what
// makes it at least ten times faster than the API's own offset paging), up
// to a snapshot taken at the start (the newest matching row), and each
// window goes straight into the ExportFile in the filter's order, so memory
// holds only the windows in flight. The API has no search: a filter that
// searches is refused.
// History, a selection (ids): the API cannot fetch rows by id nor filter on
// ids, so the same read runs over the filter the rows were selected under
// (its actions and range; a search is ignored, the ids decide) and keeps
// only those ids, stopping as soon as all are found; they are written in
// the order given, ids not found skipped. A selected row outside that
// filter is not found.
// Sellers: RestSellers' copy, read again for the export, written in slices
// so that a cancel gets in between.
//
// Records: POST /sellers/log-export, sent once and never again, not even
// on a dropped connection (RestClient's one-shot body), since the API writes
// one row per call and cannot recognise a retry. Its body has room for the
// names and the format only: the record's id and the keys scope, rows,
// filter and file_sha256 that direct sources store cannot be sent.
//
// Must not: write files other than through ExportFile, report anything for
// a cancelled export, or resend a record. Used on its clients' thread only.
class RestExporter : public QObject
{
    Q_OBJECT
public:
    // Set (from any thread) to stop an export; checked between windows and
    // just before the commit.
    using Stop = std::shared_ptr<std::atomic<bool>>;
    using Progress = std::function<void(const ExportProgress &)>;
    using Done = std::function<void(std::optional<ExportResult>, const SourceError &)>;
    using Recorded = std::function<void(std::optional<SourceError>)>;

    // reads: the client of the export's reads (its own connections, so that
    // browsing is not queued behind the windows); writes: the client the
    // records are posted with. sellers shares the sellers' copy. Not owned.
    RestExporter(RestClient *reads, RestClient *writes, RestSellers *sellers,
                 QObject *parent = nullptr);
    ~RestExporter() override;

    // Ends in exactly one call of `done` unless cancelled or stopped first;
    // `progress` at most every 200 ms meanwhile.
    void exportFile(quint64 id, const ExportRequest &request, Stop stop, Progress progress,
                    Done done);
    // Drops the export: its reads are aborted, no file is left, nothing is
    // reported. Unknown or finished ids are ignored.
    void cancel(quint64 id);

    // Ends in exactly one call of `done` (nullopt: recorded).
    void record(const ExportRecord &record, Recorded done);

private:
    friend class RestExportJob;
    void finished(quint64 id);

    RestClient *m_reads;
    RestClient *m_writes;
    RestSellers *m_sellers;
    QHash<quint64, RestExportJob *> m_jobs;
};
