#pragma once

#include "timestamp.h"

#include <QDate>
#include <QString>
#include <QTimeZone>

#include <optional>

// Turns what people type for a range boundary into an instant, the same way
// for the command line and the window.
//
// Days are inclusive for people and half-open for machines: as a start,
// "2025-03-30" is that day's first instant in the zone; as an end, it is the
// first instant of the next day (exclusive). Instants ("2025-03-30T10:00Z",
// with an offset) are taken as given, an end being inclusive. "now",
// "now-7d", "now-12h", "now-30m" are relative to `now`.
namespace DateExpression {

enum class Bound : quint8
{
    Start,
    End
};

std::optional<Timestamp::Micros> resolve(const QString &text, Bound bound, const QTimeZone &zone,
                                         Timestamp::Micros now, QString *error);

// The first instant of a day in a zone, also where midnight does not exist.
Timestamp::Micros startOfDay(QDate day, const QTimeZone &zone);

} // namespace DateExpression
