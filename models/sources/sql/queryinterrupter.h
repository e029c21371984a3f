#pragma once

#include <QSqlDatabase>

#include <memory>

// Stops the statement running on one connection, from any thread
// (sqlite3_interrupt / PQcancel, both documented as thread-safe).
//
// Created on the connection's thread right after it opens and destroyed
// before the connection closes; interrupt() with nothing running is a no-op.
class QueryInterrupter
{
public:
    explicit QueryInterrupter(const QSqlDatabase &db);
    ~QueryInterrupter();
    QueryInterrupter(const QueryInterrupter &) = delete;
    QueryInterrupter &operator=(const QueryInterrupter &) = delete;

    void interrupt();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};
