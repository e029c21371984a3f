#pragma once

#include "exportrequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

// Encodes CSV rows as UTF-8 into one buffer, by the rules of a CsvProfile
// (product.md §4). Owns only that buffer: the caller takes the pending bytes
// (pending(), then clearPending()) and writes them wherever it likes, between
// rows. Knows no columns and no files.
//
// Spreadsheet: a BOM first; every field quoted; a Text field whose first
// character is = + - @ tab or CR gets a ' in front, so a spreadsheet shows it
// rather than running it as a formula. Standard (RFC 4180): no BOM; a field
// is quoted when it holds a quote, a comma, CR or LF, or starts or ends with
// a space or a tab (readers that trim unquoted fields keep it whole); the
// value is never changed. Both: quotes inside a quoted field are doubled,
// rows end with CRLF (also the last), a lone UTF-16 surrogate becomes U+FFFD
// (the replacement character, where Qt 6.4's toUtf8() writes '?').
//
// Built for millions of rows: a field is encoded straight into the buffer,
// in parts (beginField, append..., endField) so that a joined list needs no
// temporary string; nothing is allocated per field. The buffer grows only
// when pending bytes outgrow it: a caller that takes the bytes whenever they
// pass a threshold below the initial capacity keeps memory bounded by that
// capacity and the largest row.
class CsvWriter
{
public:
    enum class Cell : quint8
    {
        Plain, // numbers, dates, ids, fixed words: never altered
        Text,  // free text: neutralised in the Spreadsheet profile
    };

    explicit CsvWriter(CsvProfile profile, qsizetype initialCapacity = 1 << 20);

    CsvProfile profile() const { return m_profile; }

    void beginField(Cell cell = Cell::Plain);
    void append(QStringView text);
    void appendUtf8(QByteArrayView utf8); // valid UTF-8 (ASCII included)
    void endField();

    void field(QStringView text, Cell cell = Cell::Plain);
    void fieldUtf8(QByteArrayView utf8, Cell cell = Cell::Plain);
    void field(qint64 number);
    void endRow();

    // The bytes encoded and not yet taken: whole rows, after endRow().
    QByteArrayView pending() const { return QByteArrayView(m_data, m_size); }
    void clearPending() { m_size = 0; }

private:
    // Room for n more bytes plus a field's quotes, prefix and separator.
    char *reserve(qsizetype n);
    void shiftContent(char inserted);

    QByteArray m_buffer;
    char *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_contentStart = 0;
    int m_fieldsInRow = 0;
    CsvProfile m_profile;
    Cell m_cell = Cell::Plain;
    bool m_needsQuotes = false;
};
