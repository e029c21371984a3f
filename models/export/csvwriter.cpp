#include "csvwriter.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace {

// Slack every reserve() adds: the opening and closing quote, the ' prefix and
// the separator a field may add around its content.
constexpr qsizetype FieldOverhead = 4;

// ASCII characters that force quoting in the Standard profile.
constexpr bool forcesQuotes(unsigned c)
{
    return c == '"' || c == ',' || c == '\r' || c == '\n';
}

struct QuoteTable
{
    bool forces[128] = {};
    constexpr QuoteTable()
    {
        for (unsigned c = 0; c < 128; ++c)
            forces[c] = forcesQuotes(c);
    }
};
constexpr QuoteTable Quotes;

bool startsFormula(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool isEdgeSpace(char c)
{
    return c == ' ' || c == '\t';
}

} // namespace

CsvWriter::CsvWriter(CsvProfile profile, qsizetype initialCapacity)
    : m_profile(profile)
{
    m_buffer.resize(std::max<qsizetype>(initialCapacity, 256));
    m_data = m_buffer.data();
    if (m_profile == CsvProfile::Spreadsheet) {
        std::memcpy(m_data, "\xEF\xBB\xBF", 3);
        m_size = 3;
    }
}

char *CsvWriter::reserve(qsizetype n)
{
    const qsizetype needed = m_size + n + FieldOverhead;
    if (needed > m_buffer.size()) {
        m_buffer.resize(std::max(needed, m_buffer.size() * 2));
        m_data = m_buffer.data();
    }
    return m_data + m_size;
}

void CsvWriter::beginField(Cell cell)
{
    char *out = reserve(0);
    if (m_fieldsInRow > 0)
        *out++ = ',';
    if (m_profile == CsvProfile::Spreadsheet)
        *out++ = '"';
    m_size = out - m_data;
    m_contentStart = m_size;
    m_cell = cell;
    m_needsQuotes = false;
}

void CsvWriter::append(QStringView text)
{
    // Three bytes per UTF-16 unit at most: a doubled quote is two, a
    // surrogate pair (two units) four.
    char *out = reserve(3 * text.size());
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    bool needsQuotes = false;
    while (p < end) {
#ifdef __SSE2__
        // Eight units at once while they are plain ASCII (nearly always).
        if (end - p >= 8) {
            const __m128i units = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
            const __m128i special =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi16(units, _mm_set1_epi16('"')),
                                          _mm_cmpeq_epi16(units, _mm_set1_epi16(','))),
                             _mm_or_si128(_mm_cmpeq_epi16(units, _mm_set1_epi16('\r')),
                                          _mm_cmpeq_epi16(units, _mm_set1_epi16('\n'))));
            const __m128i ascii = _mm_cmpeq_epi16(
                _mm_and_si128(units, _mm_set1_epi16(short(0xFF80))), _mm_setzero_si128());
            if (_mm_movemask_epi8(special) == 0 && _mm_movemask_epi8(ascii) == 0xFFFF) {
                _mm_storel_epi64(reinterpret_cast<__m128i *>(out), _mm_packus_epi16(units, units));
                out += 8;
                p += 8;
                continue;
            }
        }
#endif
        const char16_t *const stop = std::min(end, p + 8);
        while (p < stop) {
            const char16_t c = *p++;
            if (c < 0x80) {
                if (Quotes.forces[c]) {
                    needsQuotes = true;
                    if (c == u'"')
                        *out++ = '"';
                }
                *out++ = char(c);
            } else if (c < 0x800) {
                *out++ = char(0xC0 | (c >> 6));
                *out++ = char(0x80 | (c & 0x3F));
            } else if (!QChar::isSurrogate(c)) {
                *out++ = char(0xE0 | (c >> 12));
                *out++ = char(0x80 | ((c >> 6) & 0x3F));
                *out++ = char(0x80 | (c & 0x3F));
            } else if (QChar::isHighSurrogate(c) && p < end && QChar::isLowSurrogate(*p)) {
                const char32_t u = QChar::surrogateToUcs4(c, *p++);
                *out++ = char(0xF0 | (u >> 18));
                *out++ = char(0x80 | ((u >> 12) & 0x3F));
                *out++ = char(0x80 | ((u >> 6) & 0x3F));
                *out++ = char(0x80 | (u & 0x3F));
            } else {
                // A lone surrogate: U+FFFD.
                *out++ = char(0xEF);
                *out++ = char(0xBF);
                *out++ = char(0xBD);
            }
        }
    }
    m_size = out - m_data;
    m_needsQuotes = m_needsQuotes || needsQuotes;
}

void CsvWriter::appendUtf8(QByteArrayView utf8)
{
    char *out = reserve(2 * utf8.size());
    const char *p = utf8.data();
    const char *const end = p + utf8.size();
    bool needsQuotes = false;
    while (p < end) {
#ifdef __SSE2__
        // Sixteen bytes at once while none needs attention.
        if (end - p >= 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
            const __m128i special =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                          _mm_cmpeq_epi8(bytes, _mm_set1_epi8(','))),
                             _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\r')),
                                          _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\n'))));
            if (_mm_movemask_epi8(special) == 0) {
                _mm_storeu_si128(reinterpret_cast<__m128i *>(out), bytes);
                out += 16;
                p += 16;
                continue;
            }
        }
#endif
        const char *const stop = std::min(end, p + 16);
        for (; p < stop; ++p) {
            const auto c = static_cast<unsigned char>(*p);
            if (c < 0x80 && Quotes.forces[c]) {
                needsQuotes = true;
                if (c == '"')
                    *out++ = '"';
            }
            *out++ = char(c);
        }
    }
    m_size = out - m_data;
    m_needsQuotes = m_needsQuotes || needsQuotes;
}

// Moves the field's content one byte right to put `inserted` before it;
// reserve() always left room for it.
void CsvWriter::shiftContent(char inserted)
{
    char *content = m_data + m_contentStart;
    std::memmove(content + 1, content, size_t(m_size - m_contentStart));
    *content = inserted;
    ++m_size;
}

void CsvWriter::endField()
{
    const qsizetype length = m_size - m_contentStart;
    const char *content = m_data + m_contentStart;
    if (m_profile == CsvProfile::Spreadsheet) {
        if (m_cell == Cell::Text && length > 0 && startsFormula(*content))
            shiftContent('\'');
        m_data[m_size++] = '"';
    } else {
        const bool quote =
            m_needsQuotes ||
            (length > 0 && (isEdgeSpace(content[0]) || isEdgeSpace(content[length - 1])));
        if (quote) {
            shiftContent('"');
            m_data[m_size++] = '"';
        }
    }
    ++m_fieldsInRow;
}

void CsvWriter::field(QStringView text, Cell cell)
{
    beginField(cell);
    append(text);
    endField();
}

void CsvWriter::fieldUtf8(QByteArrayView utf8, Cell cell)
{
    beginField(cell);
    appendUtf8(utf8);
    endField();
}

void CsvWriter::field(qint64 number)
{
    beginField(Cell::Plain);
    char *out = reserve(24);
    out = std::to_chars(out, out + 24, number).ptr;
    m_size = out - m_data;
    endField();
}

void CsvWriter::endRow()
{
    char *out = reserve(2);
    *out++ = '\r';
    *out++ = '\n';
    m_size = out - m_data;
    m_fieldsInRow = 0;
}
