#include "queryinterrupter.h"

#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>
#include <sqlite3.h>

namespace {

// Every this many virtual machine steps SQLite asks whether to stop.
constexpr int ProgressSteps = 1000;

int stopRequested(void *flag)
{
    return static_cast<const std::atomic<bool> *>(flag)->load(std::memory_order_relaxed) ? 1 : 0;
}

} // namespace

struct QueryInterrupter::Impl
{
    sqlite3 *sqlite = nullptr;
    PGcancel *pgCancel = nullptr;
};

QueryInterrupter::QueryInterrupter(const QSqlDatabase &db, const std::atomic<bool> *stop)
    : d(std::make_unique<Impl>())
{
    const QVariant handle = db.driver()->handle();
    const QByteArray type = handle.typeName() ? QByteArray(handle.typeName()) : QByteArray();
    if (type == "sqlite3*") {
        d->sqlite = *static_cast<sqlite3 *const *>(handle.data());
        sqlite3_progress_handler(d->sqlite, ProgressSteps, &stopRequested,
                                 const_cast<std::atomic<bool> *>(stop));
    } else if (type == "PGconn*" || type == "pg_conn*") { // the typedef or the struct name
        d->pgCancel = PQgetCancel(*static_cast<PGconn *const *>(handle.data()));
    }
}

QueryInterrupter::~QueryInterrupter()
{
    if (d->sqlite)
        sqlite3_progress_handler(d->sqlite, 0, nullptr, nullptr);
    if (d->pgCancel)
        PQfreeCancel(d->pgCancel);
}

void QueryInterrupter::interrupt()
{
    if (d->sqlite) {
        sqlite3_interrupt(d->sqlite);
    } else if (d->pgCancel) {
        char message[256];
        PQcancel(d->pgCancel, message, sizeof message);
    }
}
