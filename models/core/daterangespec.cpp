#include "daterangespec.h"

#include "dateexpression.h"

#include <QCoreApplication>
#include <QDateTime>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DateRangeSpec", text);
}

} // namespace

DateRangeSpec::Resolved DateRangeSpec::resolve(const QTimeZone &zone, Timestamp::Micros now) const
{
    using DateExpression::startOfDay;
    const QDate today = Timestamp::toDateTime(now, zone).date();
    Resolved r;
    const auto days = [&](QDate first, QDate last) {
        r.firstDay = first;
        r.lastDay = last;
        if (first.isValid())
            r.from = startOfDay(first, zone);
        if (last.isValid())
            r.to = startOfDay(last.addDays(1), zone);
    };
    switch (preset) {
    case Preset::AllTime:
        break;
    case Preset::Today:
        days(today, today);
        break;
    case Preset::Yesterday:
        days(today.addDays(-1), today.addDays(-1));
        break;
    case Preset::Last24Hours:
        r.from = now - Timestamp::MicrosPerDay;
        r.firstDay = Timestamp::toDateTime(*r.from, zone).date();
        r.lastDay = today;
        break;
    case Preset::Last7Days:
        days(today.addDays(-6), QDate());
        r.lastDay = today;
        break;
    case Preset::Last30Days:
        days(today.addDays(-29), QDate());
        r.lastDay = today;
        break;
    case Preset::ThisMonth:
        days(QDate(today.year(), today.month(), 1), QDate());
        r.lastDay = today;
        break;
    case Preset::LastMonth: {
        const QDate first = QDate(today.year(), today.month(), 1).addMonths(-1);
        days(first, first.addMonths(1).addDays(-1));
        break;
    }
    case Preset::Custom:
        days(from, to);
        break;
    }
    return r;
}

QList<DateRangeSpec::Preset> DateRangeSpec::presets()
{
    return {Preset::Today,     Preset::Yesterday,  Preset::Last24Hours,
            Preset::Last7Days, Preset::Last30Days, Preset::ThisMonth,
            Preset::LastMonth, Preset::AllTime,    Preset::Custom};
}

QString DateRangeSpec::label(Preset preset)
{
    switch (preset) {
    case Preset::AllTime:
        return tr("All time");
    case Preset::Today:
        return tr("Today");
    case Preset::Yesterday:
        return tr("Yesterday");
    case Preset::Last24Hours:
        return tr("Last 24 hours");
    case Preset::Last7Days:
        return tr("Last 7 days");
    case Preset::Last30Days:
        return tr("Last 30 days");
    case Preset::ThisMonth:
        return tr("This month");
    case Preset::LastMonth:
        return tr("Last month");
    case Preset::Custom:
        return tr("Custom");
    }
    return {};
}

QString DateRangeSpec::key(Preset preset)
{
    switch (preset) {
    case Preset::AllTime:
        return QStringLiteral("all");
    case Preset::Today:
        return QStringLiteral("today");
    case Preset::Yesterday:
        return QStringLiteral("yesterday");
    case Preset::Last24Hours:
        return QStringLiteral("last24hours");
    case Preset::Last7Days:
        return QStringLiteral("last7days");
    case Preset::Last30Days:
        return QStringLiteral("last30days");
    case Preset::ThisMonth:
        return QStringLiteral("thismonth");
    case Preset::LastMonth:
        return QStringLiteral("lastmonth");
    case Preset::Custom:
        return QStringLiteral("custom");
    }
    return {};
}

std::optional<DateRangeSpec::Preset> DateRangeSpec::fromKey(QStringView key)
{
    for (Preset p : presets()) {
        if (key == DateRangeSpec::key(p))
            return p;
    }
    return std::nullopt;
}

QString DateRangeSpec::toSetting() const
{
    if (preset != Preset::Custom)
        return key(preset);
    return QStringLiteral("custom:%1..%2")
        .arg(from.isValid() ? from.toString(Qt::ISODate) : QString(),
             to.isValid() ? to.toString(Qt::ISODate) : QString());
}

DateRangeSpec DateRangeSpec::fromSetting(const QString &text)
{
    DateRangeSpec spec;
    if (text.startsWith(QLatin1String("custom:"))) {
        const QStringList ends = text.mid(7).split(QStringLiteral(".."));
        if (ends.size() == 2) {
            spec.preset = Preset::Custom;
            spec.from = QDate::fromString(ends.at(0), Qt::ISODate);
            spec.to = QDate::fromString(ends.at(1), Qt::ISODate);
            // An end that is there but is no day is damage, not an open end
            // (which would widen the range).
            const bool unreadable = (!ends.at(0).isEmpty() && !spec.from.isValid()) ||
                                    (!ends.at(1).isEmpty() && !spec.to.isValid());
            if (unreadable || !spec.isValid())
                return {};
        }
        return spec;
    }
    spec.preset = fromKey(text).value_or(Preset::AllTime);
    return spec;
}
