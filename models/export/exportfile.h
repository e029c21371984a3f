#pragma once

#include "auditentry.h"
#include "exportrequest.h"
#include "seller.h"
#include "sourceerror.h"

#include <memory>

// Writes one export's CSV file: header, rows as they come, and the commit.
// Streams: memory stays bounded whatever the number of rows. Written through
// QSaveFile, so nothing appears at the path until commit() succeeds, and a
// cancel, a failure or destruction without commit leaves no file (and no
// temporary one). Knows the columns of product.md §4 and both profiles.
// Not thread-safe: one thread at a time (the source's export thread).
class ExportFile
{
public:
    explicit ExportFile(const ExportRequest &request);
    ~ExportFile(); // cancels unless committed
    ExportFile(const ExportFile &) = delete;
    ExportFile &operator=(const ExportFile &) = delete;

    // Opens the file and writes the header (and the BOM for Spreadsheet).
    bool open(SourceError *error);
    // One row; the scope of the request decides which is allowed.
    bool add(const AuditEntry &entry, SourceError *error);
    bool add(const Seller &seller, SourceError *error);
    // Flushes and atomically replaces the file at the path.
    bool commit(SourceError *error);
    void cancel();

    ExportProgress progress() const;
    ExportResult result() const; // complete after commit()

private:
    struct Private;
    std::unique_ptr<Private> d;
};
