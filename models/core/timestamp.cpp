#include "timestamp.h"

#include <QCoreApplication>

#include <chrono>

namespace Timestamp {
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's
// algorithm); exact for every date the formats below can express.
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

class Scanner
{
public:
    explicit Scanner(QStringView s)
        : m_s(s)
    {}
    bool atEnd() const { return m_pos >= m_s.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_s[m_pos]; }
    bool take(QChar c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    // Reads exactly n ASCII digits.
    bool digits(int n, int &out)
    {
        out = 0;
        for (int i = 0; i < n; ++i) {
            const QChar c = peek();
            if (c < u'0' || c > u'9')
                return false;
            out = out * 10 + (c.unicode() - u'0');
            ++m_pos;
        }
        return true;
    }
    int digitRun(qint64 &value, int maxKept)
    {
        int count = 0;
        value = 0;
        while (!atEnd() && peek() >= u'0' && peek() <= u'9') {
            if (count < maxKept)
                value = value * 10 + (peek().unicode() - u'0');
            ++count;
            ++m_pos;
        }
        return count;
    }

private:
    QStringView m_s;
    qsizetype m_pos = 0;
};

} // namespace

QString toIsoUtc(Micros t)
{
    const qint64 days = floorDiv(t, MicrosPerDay);
    const qint64 inDay = t - days * MicrosPerDay;
    int y = 0, m = 0, d = 0;
    civilFromDays(days, y, m, d);
    const qint64 secs = inDay / MicrosPerSecond;
    const qint64 frac = inDay % MicrosPerSecond;
    return QStringLiteral("%1-%2-%3T%4:%5:%6.%7Z")
        .arg(y, 4, 10, QLatin1Char('0'))
        .arg(m, 2, 10, QLatin1Char('0'))
        .arg(d, 2, 10, QLatin1Char('0'))
        .arg(secs / 3600, 2, 10, QLatin1Char('0'))
        .arg((secs / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(secs % 60, 2, 10, QLatin1Char('0'))
        .arg(frac, 6, 10, QLatin1Char('0'));
}

std::optional<Micros> parseIso(QStringView text)
{
    Scanner s(text.trimmed());
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!s.digits(4, y) || !s.take(u'-') || !s.digits(2, mo) || !s.take(u'-') || !s.digits(2, d))
        return std::nullopt;
    if (!s.take(u'T') && !s.take(u't') && !s.take(u' '))
        return std::nullopt;
    if (!s.digits(2, h) || !s.take(u':') || !s.digits(2, mi))
        return std::nullopt;
    if (s.take(u':') && !s.digits(2, sec))
        return std::nullopt;
    qint64 frac = 0;
    if (s.take(u'.') || s.take(u',')) {
        const int n = s.digitRun(frac, 6);
        if (n == 0)
            return std::nullopt;
        for (int i = std::min(n, 6); i < 6; ++i)
            frac *= 10;
    }
    qint64 offsetMinutes = 0;
    if (s.take(u'Z') || s.take(u'z')) {
        offsetMinutes = 0;
    } else if (s.peek() == u'+' || s.peek() == u'-') {
        const int sign = s.take(u'-') ? -1 : (s.take(u'+'), 1);
        int oh = 0, om = 0;
        if (!s.digits(2, oh))
            return std::nullopt;
        if (s.take(u':')) {
            if (!s.digits(2, om))
                return std::nullopt;
        } else if (!s.atEnd() && !s.digits(2, om)) {
            return std::nullopt;
        }
        if (oh > 23 || om > 59)
            return std::nullopt;
        offsetMinutes = sign * (oh * 60 + om);
    } else {
        return std::nullopt; // an instant needs its zone
    }
    if (!s.atEnd())
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 60)
        return std::nullopt;
    static constexpr int monthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > monthDays[mo - 1] || (mo == 2 && d == 29 && !leap))
        return std::nullopt;
    const qint64 days = daysFromCivil(y, mo, d);
    const qint64 secs = days * 86400 + h * 3600 + mi * 60 + std::min(sec, 59);
    return secs * MicrosPerSecond + frac - offsetMinutes * MicrosPerMinute;
}

QDateTime toDateTime(Micros t, const QTimeZone &zone)
{
    return QDateTime::fromMSecsSinceEpoch(floorDiv(t, 1000), zone);
}

Micros fromDateTime(const QDateTime &dt)
{
    return dt.toMSecsSinceEpoch() * 1000;
}

QString formatLocal(Micros t, const QTimeZone &zone)
{
    return toDateTime(t, zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString formatRelative(Micros t, Micros now)
{
    const qint64 delta = now - t;
    const bool future = delta < 0;
    const qint64 secs = (future ? -delta : delta) / MicrosPerSecond;
    if (secs < 45)
        return QCoreApplication::translate("Timestamp", "just now");
    // No English catalogue ships, so the source text is what English users
    // read and needs its own singular and plural; both stay numerus strings
    // so that a translation still applies its language's plural rules.
    struct Unit
    {
        qint64 seconds;
        const char *pastOne;
        const char *pastMany;
        const char *futureOne;
        const char *futureMany;
    };
    static constexpr Unit units[] = {
        {365 * 86400, QT_TRANSLATE_N_NOOP("Timestamp", "%n year ago"),
         QT_TRANSLATE_N_NOOP("Timestamp", "%n years ago"),
         QT_TRANSLATE_N_NOOP("Timestamp", "in %n year"),
         QT_TRANSLATE_N_NOOP("Timestamp", "in %n years")},
        {30 * 86400, QT_TRANSLATE_N_NOOP("Timestamp", "%n month ago"),
         QT_TRANSLATE_N_NOOP("Timestamp", "%n months ago"),
         QT_TRANSLATE_N_NOOP("Timestamp", "in %n month"),
         QT_TRANSLATE_N_NOOP("Timestamp", "in %n months")},
        {86400, QT_TRANSLATE_N_NOOP("Timestamp", "%n day ago"),
         QT_TRANSLATE_N_NOOP("Timestamp", "%n days ago"),
         QT_TRANSLATE_N_NOOP("Timestamp", "in %n day"),
         QT_TRANSLATE_N_NOOP("Timestamp", "in %n days")},
        {3600, QT_TRANSLATE_N_NOOP("Timestamp", "%n hour ago"),
         QT_TRANSLATE_N_NOOP("Timestamp", "%n hours ago"),
         QT_TRANSLATE_N_NOOP("Timestamp", "in %n hour"),
         QT_TRANSLATE_N_NOOP("Timestamp", "in %n hours")},
        {60, QT_TRANSLATE_N_NOOP("Timestamp", "%n minute ago"),
         QT_TRANSLATE_N_NOOP("Timestamp", "%n minutes ago"),
         QT_TRANSLATE_N_NOOP("Timestamp", "in %n minute"),
         QT_TRANSLATE_N_NOOP("Timestamp", "in %n minutes")},
    };
    for (const Unit &u : units) {
        if (secs >= u.seconds || u.seconds == 60) {
            const int n = int(std::max<qint64>(1, (secs + u.seconds / 2) / u.seconds));
            const char *text =
                future ? (n == 1 ? u.futureOne : u.futureMany) : (n == 1 ? u.pastOne : u.pastMany);
            return QCoreApplication::translate("Timestamp", text, nullptr, n);
        }
    }
    return {};
}

Micros now()
{
    // Microseconds, not QDateTime's milliseconds: rows written in the same
    // millisecond would otherwise tie.
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void civilFromDays(qint64 z, int &y, int &m, int &d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    d = int(doy - (153 * mp + 2) / 5 + 1);
    m = int(mp < 10 ? mp + 3 : mp - 9);
    y = int(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

} // namespace Timestamp
