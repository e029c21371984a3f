#pragma once

#include "auditentry.h"
#include "csvwriter.h"
#include "seller.h"
#include "timestamp.h"

#include <QByteArrayView>
#include <QLatin1String>
#include <QList>
#include <QStringEncoder>
#include <QTimeZone>
#include <QVarLengthArray>

#include <optional>

// The columns of the two CSV exports (product.md §4): their names, which of
// them hold free text, and how each cell is made from a row. Writes cells
// into a CsvWriter; knows nothing of files.
namespace ExportColumns {

struct Column
{
    QLatin1String name;
    CsvWriter::Cell cell;
};

// Text cells are the ones whose words come from stored text rather than from
// this program: history description, sellers, source, format, user; sellers
// display_name, platform. source and format are meant to be fixed words, but
// they are read from the row as stored, so they are neutralised like text
// (which changes no legitimate value).
const QList<Column> &history(); // created_at ... id
const QList<Column> &sellers(); // display_name ... id

// Up to 40 ASCII characters, on the stack.
struct TimeText
{
    char data[40];
    qsizetype size = 0;
    QByteArrayView view() const { return QByteArrayView(data, size); }
};

// Exactly Timestamp::toIsoUtc(t) ("YYYY-MM-DDTHH:MM:SS.ffffffZ": UTC, always
// six fraction digits), without building a QString.
TimeText isoUtc(Timestamp::Micros t);

// Exactly Timestamp::formatLocal(t, zone) ("YYYY-MM-DD HH:MM:SS"), without a
// QDateTime per call: the zone's offset is looked up once per stretch between
// two of its transitions (rows come in time order, so nearly never).
class LocalTimeFormatter
{
public:
    explicit LocalTimeFormatter(const QTimeZone &zone);
    // The zone of an export's local_time column: zoneId as DisplayZone reads
    // it ("UTC", "local" or an IANA id); UTC when empty or unknown.
    static QTimeZone zoneFor(const QString &zoneId);

    TimeText format(Timestamp::Micros t);

private:
    int offsetSecondsAt(Timestamp::Micros t);

    QTimeZone m_zone;
    bool m_fixed = false;
    Timestamp::Micros m_from = 0; // [m_from, m_to): m_offset applies
    Timestamp::Micros m_to = 0;
    int m_offset = 0;
};

// The cells of a history row that come from its JSON columns: the names of
// the sellers column, the flag state and the export format, always exactly
// what EntryDetails::from(entry) gives (namesOrSellerName(), flagged, format).
// The upstream shapes (a JSON string holding an object written by json.dumps,
// or a real object) are scanned directly, without JSON documents; anything
// outside the few shapes the scanner accepts strictly (numbers, nesting,
// duplicate keys, odd escapes, invalid text, ...) is handed to EntryDetails.
// Reused from row to row: its buffers keep their capacity.
class HistoryCells
{
public:
    void read(const AuditEntry &entry);

    // The names, as UTF-8 (a lone surrogate as U+FFFD), valid until the
    // next read().
    qsizetype nameCount() const { return m_ends.size(); }
    QByteArrayView name(qsizetype i) const;
    std::optional<bool> flagged() const { return m_flagged; } // flag rows only
    QByteArrayView format() const { return QByteArrayView(m_format.data(), m_format.size()); }
    bool readDirectly() const { return m_direct; } // false: EntryDetails read it

private:
    enum class Found : quint8
    {
        Absent,
        Wanted, // the list key held a list of names / format held text
        Other,  // present with another type
    };
    using Buffer = QVarLengthArray<char, 1024>;

    bool scanColumn(QByteArrayView column, QLatin1String listKey);
    bool scanObject(const char *&p, const char *end, QLatin1String listKey);
    bool scanNames(const char *&p, const char *end, bool keep);
    void appendUtf8(Buffer &out, QStringView text);
    void addName(QStringView name);
    void readWithEntryDetails(const AuditEntry &entry);

    Buffer m_names; // the names back to back
    QVarLengthArray<qsizetype, 64> m_ends;
    Buffer m_format;
    Buffer m_inner;   // a string column's text: the object's JSON
    Buffer m_key;     // the key being read
    Buffer m_discard; // values nobody needs
    // Stateless, so a lone surrogate at the end of a name becomes U+FFFD at
    // once, as CsvWriter writes it.
    QStringEncoder m_encoder{QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
    std::optional<bool> m_flagged;
    Found m_list = Found::Absent;
    Found m_formatFound = Found::Absent;
    bool m_direct = false;
};

void writeHeader(CsvWriter &writer, const QList<Column> &columns);

// One history row; `cells` must hold what read(entry) gave (the caller also
// wants the names).
void writeHistoryRow(CsvWriter &writer, const AuditEntry &entry, const HistoryCells &cells,
                     LocalTimeFormatter &localTime);
void writeSellerRow(CsvWriter &writer, const Seller &seller);

} // namespace ExportColumns
