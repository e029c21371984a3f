#pragma once

#include "timestamp.h"

#include <QString>

#include <functional>
#include <optional>

// What the generated demo database should hold. Counts are totals over both
// orgs: the upstream org gets about nine tenths of each, a second org the
// rest, so that org scoping is visible.
struct DemoDataOptions
{
    int events = 100000; // audit rows in total, both orgs (exact)
    int sellers = 10000; // rows in `sellers` in total, both orgs (exact)
    quint64 seed = 1;
    Timestamp::Micros end = 0; // newest possible event time; 0 = now rounded down to the hour (UTC)
    int days = 400;            // span of history before `end`
};

struct DemoDataSummary
{
    qint64 events = 0;         // audit rows written
    qint64 sellers = 0;        // seller rows written
    qint64 flagged = 0;        // of which flagged
    Timestamp::Micros end = 0; // the end actually used (resolved when the options said 0)
    qint64 elapsedMs = 0;
};

// Writes the embedded source's demo database: orgs, profiles, memberships,
// collection runs, sellers and the audit log of two orgs, from a simulated
// history in which every audit row is shaped exactly as the upstream service
// writes it, and some seller names are hostile on purpose (CSV and formula
// injection, line breaks, quotes, right-to-left and astral-plane text).
//
// Same options (seed and end included) give a byte-identical file with the
// same SQLite library: the generator draws from its own PRNG and never
// iterates an unordered container. It owns its connection for the duration
// of one call and touches no file but `path`, its -wal/-shm, and a temporary
// next to it.
namespace DemoDataGenerator {

// The main org is SqliteSchema::DefaultOrgId; this one gets the remainder.
inline constexpr auto SecondOrgId = "b0000000-0000-0000-0000-000000000002";

// Builds the database in a temporary file in the same directory, closes it
// (so no -wal/-shm remain) and renames it over `path`, removing a stale
// -wal/-shm left at `path` by an earlier database. The result is in WAL
// journal mode. On failure nothing is left behind and *error holds one
// sentence. `progress` (may be empty) gets 0..100, on the calling thread.
// Safe on any thread: it uses its own uniquely named connection.
std::optional<DemoDataSummary> write(const QString &path, const DemoDataOptions &options,
                                     QString *error, const std::function<void(int)> &progress = {});

} // namespace DemoDataGenerator
