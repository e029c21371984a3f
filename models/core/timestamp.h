#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <optional>

// An instant as microseconds since the Unix epoch, UTC.
//
// Postgres keeps timestamptz to the microsecond and keyset paging compares
// timestamps exactly, so the data layer never goes through QDateTime (which
// stops at milliseconds). Time zones are applied only when formatting.
namespace Timestamp {

using Micros = qint64;

constexpr Micros MicrosPerSecond = 1'000'000;
constexpr Micros MicrosPerMinute = 60 * MicrosPerSecond;
constexpr Micros MicrosPerHour = 60 * MicrosPerMinute;
constexpr Micros MicrosPerDay = 24 * MicrosPerHour;

// Fixed-width "YYYY-MM-DDTHH:MM:SS.ffffffZ": sorts as text in instant order,
// which is what the embedded database stores and compares.
QString toIsoUtc(Micros t);

// Accepts ISO 8601 with a 'Z' or a numeric offset (+HH:MM, +HHMM, +HH), a 'T'
// or a space between date and time, and 0 to 9 fraction digits (digits past
// the sixth are truncated). Returns nullopt for anything else.
std::optional<Micros> parseIso(QStringView text);

QDateTime toDateTime(Micros t, const QTimeZone &zone);
Micros fromDateTime(const QDateTime &dt);

// "YYYY-MM-DD HH:MM:SS" in the given zone.
QString formatLocal(Micros t, const QTimeZone &zone);

// The proleptic Gregorian date of a day count since 1970-01-01, and a
// division rounding towards minus infinity: the pieces fast formatters
// (CSV export) build on.
void civilFromDays(qint64 days, int &y, int &m, int &d);
qint64 floorDiv(qint64 a, qint64 b);

// "3 hours ago", "in 2 days", "just now", relative to now.
QString formatRelative(Micros t, Micros now);

Micros now();

} // namespace Timestamp
