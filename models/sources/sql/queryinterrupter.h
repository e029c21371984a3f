#pragma once

#include <QSqlDatabase>

#include <atomic>
#include <memory>

// Stops the statement running on one connection, from any thread
// (sqlite3_interrupt / PQcancel, both documented as thread-safe).
//
// A request is cancelled by raising `stop` and calling interrupt(). On
// SQLite a progress handler also polls `stop`, so a statement that starts
// just after the interrupt still stops; on Postgres a cancel that arrives
// before the statement is lost, and the statement timeout bounds it.
//
// Created on the connection's thread right after it opens and destroyed
// before the connection closes; interrupt() with nothing running is a no-op.
class QueryInterrupter
{
public:
    QueryInterrupter(const QSqlDatabase &db, const std::atomic<bool> *stop);
    ~QueryInterrupter();
    QueryInterrupter(const QueryInterrupter &) = delete;
    QueryInterrupter &operator=(const QueryInterrupter &) = delete;

    void interrupt();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};
