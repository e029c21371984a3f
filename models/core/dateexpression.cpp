#include "dateexpression.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>

namespace DateExpression {

Timestamp::Micros startOfDay(QDate day, const QTimeZone &zone)
{
    return Timestamp::fromDateTime(day.startOfDay(zone));
}

std::optional<Timestamp::Micros> resolve(const QString &text, Bound bound, const QTimeZone &zone,
                                         Timestamp::Micros now, QString *error)
{
    const QString t = text.trimmed();
    static const QRegularExpression dayPattern(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (dayPattern.match(t).hasMatch()) {
        const QDate day = QDate::fromString(t, Qt::ISODate);
        if (day.isValid())
            return startOfDay(bound == Bound::Start ? day : day.addDays(1), zone);
    } else if (auto instant = Timestamp::parseIso(t)) {
        return bound == Bound::Start ? *instant : *instant + 1;
    } else {
        static const QRegularExpression relative(
            QStringLiteral("^now(?:\\s*-\\s*(\\d{1,6})\\s*([dhm]))?$"),
            QRegularExpression::CaseInsensitiveOption);
        const auto m = relative.match(t);
        if (m.hasMatch()) {
            if (m.captured(1).isEmpty())
                return now;
            const qint64 n = m.captured(1).toLongLong();
            const QChar unit = m.captured(2).at(0).toLower();
            const Timestamp::Micros step = unit == u'd'   ? Timestamp::MicrosPerDay
                                           : unit == u'h' ? Timestamp::MicrosPerHour
                                                          : Timestamp::MicrosPerMinute;
            return now - n * step;
        }
    }
    if (error)
        *error = QCoreApplication::translate(
                     "DateExpression",
                     "Cannot read the date \"%1\"; use YYYY-MM-DD, an ISO 8601 time with an "
                     "offset, or now-7d / now-12h.")
                     .arg(t);
    return std::nullopt;
}

} // namespace DateExpression
