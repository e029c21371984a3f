#include "queryinterrupter.h"

#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>
#include <sqlite3.h>

struct QueryInterrupter::Impl
{
    sqlite3 *sqlite = nullptr;
    PGcancel *pgCancel = nullptr;
};

QueryInterrupter::QueryInterrupter(const QSqlDatabase &db)
    : d(std::make_unique<Impl>())
{
    const QVariant handle = db.driver()->handle();
    const QByteArray type = handle.typeName() ? QByteArray(handle.typeName()) : QByteArray();
    if (type == "sqlite3*")
        d->sqlite = *static_cast<sqlite3 *const *>(handle.data());
    else if (type == "PGconn*")
        d->pgCancel = PQgetCancel(*static_cast<PGconn *const *>(handle.data()));
}

QueryInterrupter::~QueryInterrupter()
{
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
