#pragma once

#include "exportrequest.h"
#include "sourceerror.h"
#include "sqldialect.h"

#include <QSqlDatabase>

#include <atomic>
#include <functional>
#include <optional>

// Runs exports and writes their records on one open connection (the
// source's export lane reads; its write lane records). Reading streams:
// Postgres through COPY, SQLite through a forward-only query; either way
// one row at a time into the ExportFile, so memory stays flat at any size.
// Used on the connection's thread only.
class SqlExporter
{
public:
    using Progress = std::function<void(const ExportProgress &)>;

    SqlExporter(QSqlDatabase db, SqlDialect dialect, QString orgId, QString actorId = {});

    // Stops (and leaves no file) as soon as *stop is set.
    std::optional<ExportResult> exportFile(const ExportRequest &request,
                                           const std::atomic<bool> &stop, const Progress &progress,
                                           SourceError *error);
    // The one upstream-shaped export row, with the record's own id: writing
    // the same record again changes nothing and succeeds.
    bool record(const ExportRecord &record, SourceError *error);

private:
    QSqlDatabase m_db;
    SqlDialect m_dialect;
    QString m_orgId;
    QString m_actorId;
};
