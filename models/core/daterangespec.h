#pragma once

#include "timestamp.h"

#include <QDate>
#include <QMetaType>
#include <QString>
#include <QTimeZone>

#include <optional>

// The date range an analyst picked, as they picked it: a preset that stays
// relative ("Last 7 days" means the last seven days whenever it is
// resolved, also after a restart) or custom From/To days.
//
// Days are inclusive for people and half-open for machines: From D1 To D2
// resolves to [D1 00:00, D2+1 00:00) in the display zone, whatever the
// length of those days (23 or 25 hours across a DST change).
struct DateRangeSpec
{
    enum class Preset : quint8
    {
        AllTime,
        Today,
        Yesterday,
        Last24Hours,
        Last7Days,  // today and the six days before it
        Last30Days, // today and the 29 days before it
        ThisMonth,
        LastMonth,
        Custom,
    };

    Preset preset = Preset::AllTime;
    QDate from; // Custom: the first day shown (invalid: open)
    QDate to;   // Custom: the last day shown, inclusive (invalid: open)

    struct Resolved
    {
        std::optional<Timestamp::Micros> from; // inclusive
        std::optional<Timestamp::Micros> to;   // exclusive
        QDate firstDay;                        // the days it covers, for the picker
        QDate lastDay;                         // (invalid when open-ended)
    };

    // The instants in UTC for this spec in `zone` at `now`.
    Resolved resolve(const QTimeZone &zone, Timestamp::Micros now) const;
    // A Custom range whose To day is before its From day: refused, no query.
    bool isValid() const
    {
        return preset != Preset::Custom || !from.isValid() || !to.isValid() || from <= to;
    }

    static QList<Preset> presets();
    static QString label(Preset preset);
    // Stable names for settings and the command line: "all", "today", ...
    static QString key(Preset preset);
    static std::optional<Preset> fromKey(QStringView key);

    // "last7days" or "custom:2025-03-01..2025-03-31" (an end may be empty).
    QString toSetting() const;
    static DateRangeSpec fromSetting(const QString &text);

    friend bool operator==(const DateRangeSpec &, const DateRangeSpec &) = default;
};

Q_DECLARE_METATYPE(DateRangeSpec)
