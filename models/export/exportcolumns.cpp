#include "exportcolumns.h"

#include "displayzone.h"
#include "entrydetails.h"

#include <QDateTime>

#include <array>
#include <bit>
#include <cstring>
#include <limits>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace ExportColumns {
namespace {

using Cell = CsvWriter::Cell;
using Timestamp::Micros;

// Indexes into history() and sellers(): the row writers take each cell's kind
// from the same list the header is written from.
enum HistoryColumn : quint8
{
    HCreatedAt,
    HLocalTime,
    HAction,
    HDescription,
    HAffectedCount,
    HSellers,
    HFlagged,
    HFormat,
    HSource,
    HUser,
    HId,
};

enum SellerColumn : quint8
{
    SDisplayName,
    SFlagged,
    SPlatform,
    STimesSeen,
    SFeedbackScore,
    SCreatedAt,
    SId,
};

using Timestamp::civilFromDays;
using Timestamp::floorDiv;

char *putDigits(char *out, qint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = char('0' + value % 10);
        value /= 10;
    }
    return out + width;
}

// "YYYY-MM-DD?HH:MM:SS" for the seconds since the epoch; false outside the
// years 1 to 9999 (the callers then ask Timestamp, whatever it writes: QDate
// has no year 0).
bool putDateTime(char *&out, qint64 seconds, char separator)
{
    const qint64 days = floorDiv(seconds, 86400);
    const qint64 inDay = seconds - days * 86400;
    int y = 0, m = 0, d = 0;
    civilFromDays(days, y, m, d);
    if (y < 1 || y > 9999)
        return false;
    out = putDigits(out, y, 4);
    *out++ = '-';
    out = putDigits(out, m, 2);
    *out++ = '-';
    out = putDigits(out, d, 2);
    *out++ = separator;
    out = putDigits(out, inDay / 3600, 2);
    *out++ = ':';
    out = putDigits(out, (inDay / 60) % 60, 2);
    *out++ = ':';
    out = putDigits(out, inDay % 60, 2);
    return true;
}

TimeText fromString(const QString &text)
{
    TimeText t;
    const QByteArray latin1 = text.toLatin1();
    t.size = std::min<qsizetype>(latin1.size(), qsizetype(sizeof t.data));
    std::memcpy(t.data, latin1.constData(), size_t(t.size));
    return t;
}

QByteArrayView actionText(Action action)
{
    static const std::array<QByteArray, ActionCount> texts = [] {
        std::array<QByteArray, ActionCount> t;
        for (Action a : ActionInfo::list())
            t[size_t(a)] = ActionInfo::dbValue(a).toUtf8();
        return t;
    }();
    return texts[size_t(action)];
}

QByteArrayView boolText(bool value)
{
    return value ? QByteArrayView("true") : QByteArrayView("false");
}

// --- The JSON scanner -------------------------------------------------------
// Accepts a strict subset of JSON, one on which Qt's parser (what EntryDetails
// uses) agrees with it; whatever it does not accept goes to EntryDetails.

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void skipSpace(const char *&p, const char *end)
{
    while (p < end && isJsonSpace(*p))
        ++p;
}

bool readHex4(const char *&p, const char *end, char16_t &unit)
{
    if (end - p < 4)
        return false;
    unsigned value = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = *p++;
        unsigned digit = 0;
        if (c >= '0' && c <= '9')
            digit = unsigned(c - '0');
        else if (c >= 'a' && c <= 'f')
            digit = unsigned(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            digit = unsigned(c - 'A' + 10);
        else
            return false;
        value = value * 16 + digit;
    }
    unit = char16_t(value);
    return true;
}

char *putCodePoint(char *out, char32_t u)
{
    if (u < 0x80) {
        *out++ = char(u);
    } else if (u < 0x800) {
        *out++ = char(0xC0 | (u >> 6));
        *out++ = char(0x80 | (u & 0x3F));
    } else if (u < 0x10000) {
        *out++ = char(0xE0 | (u >> 12));
        *out++ = char(0x80 | ((u >> 6) & 0x3F));
        *out++ = char(0x80 | (u & 0x3F));
    } else {
        *out++ = char(0xF0 | (u >> 18));
        *out++ = char(0x80 | ((u >> 12) & 0x3F));
        *out++ = char(0x80 | ((u >> 6) & 0x3F));
        *out++ = char(0x80 | (u & 0x3F));
    }
    return out;
}

// The first byte from p on that is a quote, a backslash, a control character
// or not ASCII.
const char *skipPlainAscii(const char *p, const char *end)
{
#ifdef __SSE2__
    while (end - p >= 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        // Signed: bytes of 0x80 and up are negative, so below 0x20 too.
        const __m128i stop = _mm_or_si128(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)),
                                          _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                                       _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
        const int mask = _mm_movemask_epi8(stop);
        if (mask != 0)
            return p + std::countr_zero(unsigned(mask));
        p += 16;
    }
#endif
    for (; p < end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
            break;
    }
    return p;
}

// A JSON string at p (on its opening quote), appended to out as UTF-8. Not
// accepted: control characters, invalid UTF-8, escapes other than JSON's,
// and \u escapes of lone surrogates.
template<typename Buffer>
bool readString(const char *&p, const char *end, Buffer &out)
{
    ++p;
    // Decoded text is never longer than its JSON (an escape is at least as
    // long as what it stands for), so the rest of the input bounds it.
    const qsizetype start = out.size();
    out.resize(start + (end - p));
    char *o = out.data() + start;
    bool nonAscii = false;
    const auto done = [&](bool ok) {
        out.resize(ok ? o - out.data() : start);
        return ok;
    };
    while (p < end) {
        const char *run = p;
        for (;;) {
            p = skipPlainAscii(p, end);
            if (p == end || static_cast<unsigned char>(*p) < 0x80)
                break;
            nonAscii = true;
            ++p;
        }
        std::memcpy(o, run, size_t(p - run));
        o += p - run;
        if (p == end)
            return done(false);
        const char c = *p++;
        if (c == '"') {
            return done(!nonAscii ||
                        QByteArrayView(out.data() + start, o - out.data() - start).isValidUtf8());
        }
        if (c != '\\' || p == end)
            return done(false);
        switch (*p++) {
        case '"':
            *o++ = '"';
            break;
        case '\\':
            *o++ = '\\';
            break;
        case '/':
            *o++ = '/';
            break;
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'u': {
            char16_t unit = 0;
            if (!readHex4(p, end, unit))
                return done(false);
            char32_t u = unit;
            if (QChar::isHighSurrogate(unit)) {
                char16_t low = 0;
                if (end - p < 2 || p[0] != '\\' || p[1] != 'u')
                    return done(false);
                p += 2;
                if (!readHex4(p, end, low) || !QChar::isLowSurrogate(low))
                    return done(false);
                u = QChar::surrogateToUcs4(unit, low);
            } else if (QChar::isLowSurrogate(unit)) {
                return done(false);
            }
            o = putCodePoint(o, u);
            break;
        }
        default:
            return done(false);
        }
    }
    return done(false);
}

bool readLiteral(const char *&p, const char *end, QByteArrayView word)
{
    if (end - p < word.size() || std::memcmp(p, word.data(), size_t(word.size())) != 0)
        return false;
    p += word.size();
    return true;
}

} // namespace

const QList<Column> &history()
{
    static const QList<Column> columns{
        {QLatin1String("created_at"), Cell::Plain},
        {QLatin1String("local_time"), Cell::Plain},
        {QLatin1String("action"), Cell::Plain},
        {QLatin1String("description"), Cell::Text},
        {QLatin1String("affected_count"), Cell::Plain},
        {QLatin1String("sellers"), Cell::Text},
        {QLatin1String("flagged"), Cell::Plain},
        {QLatin1String("format"), Cell::Text},
        {QLatin1String("source"), Cell::Text},
        {QLatin1String("user"), Cell::Text},
        {QLatin1String("id"), Cell::Plain},
    };
    return columns;
}

const QList<Column> &sellers()
{
    static const QList<Column> columns{
        {QLatin1String("display_name"), Cell::Text},
        {QLatin1String("flagged"), Cell::Plain},
        {QLatin1String("platform"), Cell::Text},
        {QLatin1String("times_seen"), Cell::Plain},
        {QLatin1String("feedback_score"), Cell::Plain},
        {QLatin1String("created_at"), Cell::Plain},
        {QLatin1String("id"), Cell::Plain},
    };
    return columns;
}

TimeText isoUtc(Micros t)
{
    const qint64 seconds = floorDiv(t, Timestamp::MicrosPerSecond);
    TimeText text;
    char *out = text.data;
    if (!putDateTime(out, seconds, 'T'))
        return fromString(Timestamp::toIsoUtc(t));
    *out++ = '.';
    out = putDigits(out, t - seconds * Timestamp::MicrosPerSecond, 6);
    *out++ = 'Z';
    text.size = out - text.data;
    return text;
}

LocalTimeFormatter::LocalTimeFormatter(const QTimeZone &zone)
    : m_zone(zone.isValid() ? zone : QTimeZone::utc())
{
    // Zones without transition data are fixed offsets (UTC, UTC+hh:mm).
    m_fixed = !m_zone.hasTransitions();
    if (m_fixed)
        m_offset = m_zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(0, QTimeZone::utc()));
}

QTimeZone LocalTimeFormatter::zoneFor(const QString &zoneId)
{
    if (zoneId.trimmed().isEmpty())
        return QTimeZone::utc();
    const std::optional<DisplayZone> zone = DisplayZone::parse(zoneId, nullptr);
    if (!zone || !zone->zone().isValid())
        return QTimeZone::utc();
    return zone->zone();
}

int LocalTimeFormatter::offsetSecondsAt(Micros t)
{
    if (m_fixed || (t >= m_from && t < m_to))
        return m_offset;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(floorDiv(t, 1000), QTimeZone::utc());
    m_offset = m_zone.offsetFromUtc(at);
    const QTimeZone::OffsetData before = m_zone.previousTransition(at.addMSecs(1));
    const QTimeZone::OffsetData after = m_zone.nextTransition(at);
    m_from = before.atUtc.isValid() ? before.atUtc.toMSecsSinceEpoch() * 1000
                                    : std::numeric_limits<Micros>::min();
    m_to = after.atUtc.isValid() ? after.atUtc.toMSecsSinceEpoch() * 1000
                                 : std::numeric_limits<Micros>::max();
    if (t < m_from || t >= m_to) {
        // Transitions that do not bracket the instant: trust this second only.
        m_from = floorDiv(t, Timestamp::MicrosPerSecond) * Timestamp::MicrosPerSecond;
        m_to = m_from + Timestamp::MicrosPerSecond;
    }
    return m_offset;
}

TimeText LocalTimeFormatter::format(Micros t)
{
    const qint64 seconds = floorDiv(t, Timestamp::MicrosPerSecond) + offsetSecondsAt(t);
    TimeText text;
    char *out = text.data;
    if (!putDateTime(out, seconds, ' '))
        return fromString(Timestamp::formatLocal(t, m_zone));
    text.size = out - text.data;
    return text;
}

QByteArrayView HistoryCells::name(qsizetype i) const
{
    const qsizetype start = i == 0 ? 0 : m_ends[i - 1];
    return QByteArrayView(m_names.data() + start, m_ends[i] - start);
}

void HistoryCells::appendUtf8(Buffer &out, QStringView text)
{
    const qsizetype at = out.size();
    out.resize(at + m_encoder.requiredSpace(text.size()));
    char *end = m_encoder.appendToBuffer(out.data() + at, text);
    out.resize(end - out.data());
}

void HistoryCells::addName(QStringView name)
{
    appendUtf8(m_names, name);
    m_ends.append(m_names.size());
}

bool HistoryCells::scanNames(const char *&p, const char *end, bool keep)
{
    ++p;
    skipSpace(p, end);
    if (p < end && *p == ']') {
        ++p;
        return true;
    }
    for (;;) {
        if (p == end || *p != '"')
            return false; // not a name: EntryDetails says which are left out
        if (keep) {
            if (!readString(p, end, m_names))
                return false;
            m_ends.append(m_names.size());
        } else {
            m_discard.clear();
            if (!readString(p, end, m_discard))
                return false;
        }
        skipSpace(p, end);
        if (p == end)
            return false;
        if (*p == ']') {
            ++p;
            return true;
        }
        if (*p++ != ',')
            return false;
        skipSpace(p, end);
    }
}

bool HistoryCells::scanObject(const char *&p, const char *end, QLatin1String listKey)
{
    const QByteArrayView listName(listKey.data(), listKey.size());
    bool listSeen = false, formatSeen = false, flaggedSeen = false;
    ++p;
    skipSpace(p, end);
    if (p < end && *p == '}') {
        ++p;
        return true;
    }
    for (;;) {
        if (p == end || *p != '"')
            return false;
        m_key.clear();
        if (!readString(p, end, m_key))
            return false;
        skipSpace(p, end);
        if (p == end || *p++ != ':')
            return false;
        skipSpace(p, end);
        if (p == end)
            return false;
        const QByteArrayView key(m_key.data(), m_key.size());
        const bool isList = key == listName;
        const bool isFormat = key == QByteArrayView("format");
        const bool isFlagged = key == QByteArrayView("flagged");
        // Which of two equal keys counts is Qt's business.
        if ((isList && listSeen) || (isFormat && formatSeen) || (isFlagged && flaggedSeen))
            return false;
        listSeen = listSeen || isList;
        formatSeen = formatSeen || isFormat;
        flaggedSeen = flaggedSeen || isFlagged;

        Found found = Found::Other;
        switch (*p) {
        case '"':
            if (isFormat) {
                m_format.clear();
                if (!readString(p, end, m_format))
                    return false;
                found = Found::Wanted;
            } else {
                m_discard.clear();
                if (!readString(p, end, m_discard))
                    return false;
            }
            break;
        case '[':
            if (!scanNames(p, end, isList))
                return false;
            found = isList ? Found::Wanted : Found::Other;
            break;
        case 't':
        case 'f': {
            const bool value = *p == 't';
            if (!readLiteral(p, end, value ? QByteArrayView("true") : QByteArrayView("false")))
                return false;
            if (isFlagged)
                m_flagged = value;
            break;
        }
        case 'n':
            if (!readLiteral(p, end, QByteArrayView("null")))
                return false;
            break;
        default:
            return false; // numbers, objects: left to EntryDetails
        }
        if (isList)
            m_list = found;
        if (isFormat)
            m_formatFound = found;

        skipSpace(p, end);
        if (p == end)
            return false;
        if (*p == '}') {
            ++p;
            return true;
        }
        if (*p++ != ',')
            return false;
        skipSpace(p, end);
    }
}

bool HistoryCells::scanColumn(QByteArrayView column, QLatin1String listKey)
{
    const char *p = column.data();
    const char *end = p + column.size();
    skipSpace(p, end);
    if (p == end)
        return false;
    if (*p == '{') {
        if (!scanObject(p, end, listKey))
            return false;
        skipSpace(p, end);
        return p == end;
    }
    if (*p != '"')
        return false;
    // The upstream shape: a string holding the object's JSON text.
    m_inner.clear();
    if (!readString(p, end, m_inner))
        return false;
    skipSpace(p, end);
    if (p != end)
        return false;
    const char *q = m_inner.data();
    const char *innerEnd = q + m_inner.size();
    skipSpace(q, innerEnd);
    if (q == innerEnd || *q != '{' || !scanObject(q, innerEnd, listKey))
        return false;
    skipSpace(q, innerEnd);
    return q == innerEnd;
}

void HistoryCells::readWithEntryDetails(const AuditEntry &entry)
{
    m_direct = false;
    m_names.clear();
    m_ends.clear();
    m_format.clear();
    m_flagged.reset();
    const EntryDetails details = EntryDetails::from(entry);
    for (const QString &n : details.namesOrSellerName(entry))
        addName(n);
    if (entry.action == Action::Flag)
        m_flagged = details.flagged;
    if (entry.action == Action::Export)
        appendUtf8(m_format, details.format);
}

void HistoryCells::read(const AuditEntry &entry)
{
    m_names.clear();
    m_ends.clear();
    m_format.clear();
    m_flagged.reset();
    m_list = Found::Absent;
    m_formatFound = Found::Absent;
    m_direct = true;

    switch (entry.action) {
    case Action::Edit:
        addName(entry.sellerName);
        return;
    case Action::Add:
    case Action::Remove: {
        // A bulk add lists its names in new_value, a bulk remove in old_value;
        // any other row is about the seller it names.
        const QByteArray &column = entry.action == Action::Add ? entry.newValue : entry.oldValue;
        if (!column.isEmpty() && !scanColumn(column, QLatin1String("names")))
            return readWithEntryDetails(entry);
        if (m_list != Found::Wanted) {
            m_names.clear();
            m_ends.clear();
            addName(entry.sellerName);
        }
        m_format.clear();
        m_flagged.reset();
        return;
    }
    case Action::Export:
    case Action::Flag:
        if (!entry.newValue.isEmpty() && !scanColumn(entry.newValue, QLatin1String("sellers")))
            return readWithEntryDetails(entry);
        if (m_list != Found::Wanted) {
            m_names.clear();
            m_ends.clear();
        }
        if (entry.action != Action::Export || m_formatFound != Found::Wanted)
            m_format.clear();
        if (entry.action != Action::Flag)
            m_flagged.reset();
        return;
    }
}

void writeHeader(CsvWriter &writer, const QList<Column> &columns)
{
    for (const Column &c : columns)
        writer.fieldUtf8(QByteArrayView(c.name.data(), c.name.size()));
    writer.endRow();
}

void writeHistoryRow(CsvWriter &w, const AuditEntry &e, const HistoryCells &cells,
                     LocalTimeFormatter &localTime)
{
    const QList<Column> &c = history();
    w.fieldUtf8(isoUtc(e.createdAt).view(), c[HCreatedAt].cell);
    w.fieldUtf8(localTime.format(e.createdAt).view(), c[HLocalTime].cell);
    w.fieldUtf8(actionText(e.action), c[HAction].cell);
    w.field(e.sellerName, c[HDescription].cell);
    w.field(e.affectedCount);

    w.beginField(c[HSellers].cell);
    for (qsizetype i = 0; i < cells.nameCount(); ++i) {
        if (i > 0)
            w.appendUtf8("; ");
        w.appendUtf8(cells.name(i));
    }
    w.endField();

    const std::optional<bool> flagged = e.action == Action::Flag ? cells.flagged() : std::nullopt;
    w.fieldUtf8(flagged ? boolText(*flagged) : QByteArrayView(), c[HFlagged].cell);
    w.fieldUtf8(cells.format(), c[HFormat].cell);
    w.field(e.source, c[HSource].cell);
    w.field(e.userLabel(), c[HUser].cell);
    w.field(e.id, c[HId].cell);
    w.endRow();
}

void writeSellerRow(CsvWriter &w, const Seller &s)
{
    const QList<Column> &c = sellers();
    w.field(s.displayName, c[SDisplayName].cell);
    w.fieldUtf8(boolText(s.flagged), c[SFlagged].cell);
    w.field(s.platform, c[SPlatform].cell);
    w.field(s.timesSeen);
    if (s.feedbackScore)
        w.field(*s.feedbackScore);
    else
        w.fieldUtf8({}, c[SFeedbackScore].cell);
    w.fieldUtf8(isoUtc(s.createdAt).view(), c[SCreatedAt].cell);
    w.field(s.id, c[SId].cell);
    w.endRow();
}

} // namespace ExportColumns
