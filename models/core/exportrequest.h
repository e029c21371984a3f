#pragma once

#include "historyfilter.h"
#include "namelist.h"
#include "seller.h"
#include "timestamp.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// How a CSV file is written (product.md §4).
// Spreadsheet: UTF-8 BOM, CRLF, every field quoted, text cells that start
// with = + - @ tab or CR prefixed with ' so a spreadsheet does not run them.
// Standard: RFC 4180, CRLF, quoted only where needed, values unaltered.
enum class CsvProfile : quint8
{
    Spreadsheet,
    Standard,
};

// An export: which rows, in which profile, to which file.
struct ExportRequest
{
    enum class Scope : quint8
    {
        History, // seller_audit_log rows
        Sellers, // sellers
    };
    Scope scope = Scope::History;
    HistoryFilter history; // History: every row matching it, in its order
    SellerFilter sellers;  // Sellers: every seller matching it, newest first
    // When not empty: only these audit entries or sellers (a selection), in
    // this order, whatever the filters say. Ids missing from the source are
    // skipped (they were removed meanwhile).
    QStringList ids;
    CsvProfile profile = CsvProfile::Standard;
    QString path;   // the file; replaced only when the export completes
    QString zoneId; // IANA id (or "UTC") of the local_time column
};

struct ExportProgress
{
    qint64 rows = 0;  // written so far
    qint64 bytes = 0; // idem
};

// A completed export: the file is committed and complete.
struct ExportResult
{
    qint64 rows = 0;
    qint64 bytes = 0;
    QString sha256; // of the file's bytes, lower-case hex
    // History: the distinct names of the file's sellers column; Sellers: the
    // exported sellers' names; both in first-seen order.
    NameList sellerNames;
    QStringList sellerIds; // Sellers: the exported sellers' ids (to flag them)
    QString path;
};

// The one audit row that records an export. Made once, on the client, with
// its own id: writing it again (a retry after a lost acknowledgement) is a
// no-op on direct sources, so it can be retried until it is known written.
struct ExportRecord
{
    QString id; // uuid
    ExportRequest::Scope scope = ExportRequest::Scope::History;
    QString format = QStringLiteral("csv");
    NameList sellerNames;
    qint64 rows = 0;
    QJsonObject filter; // what was exported, as the user chose it
    QString sha256;
    QString fileName; // for the outbox list; not written upstream
    Timestamp::Micros exportedAt = 0;
    // Who exported (direct sources write it as the row's user_id, whoever
    // retries the record later); empty: the writing source's own actor.
    QString actorId;

    QJsonObject toJson() const; // for the outbox
    static ExportRecord fromJson(const QJsonObject &json);
    // toJson() as compact UTF-8 JSON text, written in one pass without a
    // QJsonArray of the names (the outbox's stored form); fromJsonText()
    // reads it and any text an older toJson() wrote. nullopt when the text
    // is not a JSON object.
    QByteArray toJsonText() const;
    static std::optional<ExportRecord> fromJsonText(const QByteArray &text);
    friend bool operator==(const ExportRecord &, const ExportRecord &) = default;
};

Q_DECLARE_METATYPE(ExportRequest)
Q_DECLARE_METATYPE(ExportProgress)
Q_DECLARE_METATYPE(ExportResult)
Q_DECLARE_METATYPE(ExportRecord)
