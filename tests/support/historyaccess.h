#pragma once

#include "contractserver.h"
#include "paging.h"
#include "testdatabase.h"

#include <memory>

class HistorySource;

// How a behavioural suite reaches a test database's history: through the
// direct reader on its own connection (SQLite, Postgres), or through the
// REST source against the contract server started on that database. The
// same cases then run on every way the app can read the history.
//
// SELLER_HISTORY_TEST_BACKEND=rest selects REST (its data live in Postgres).
class HistoryAccess
{
public:
    enum class Kind
    {
        Direct,
        Rest
    };

    static Kind kindFromEnvironment();
    // The database backend the data live in for this run.
    static TestDatabase::Backend backendFromEnvironment();

    // Opens access to `db` for `org`; nullptr (and a warning) on failure.
    // For REST this starts a contract server and an admin of `org` to act as.
    static std::unique_ptr<HistoryAccess> open(TestDatabase &db, const QString &org, Kind kind);
    virtual ~HistoryAccess();

    virtual Kind kind() const = 0;
    virtual std::optional<PageResult> page(const PageRequest &request, SourceError *error) = 0;
    virtual std::optional<CountResult> counts(const CountRequest &request, SourceError *error) = 0;
    // The source behind REST access (nullptr for direct access).
    virtual HistorySource *source() { return nullptr; }
    // The contract server behind REST access (nullptr for direct access).
    virtual ContractServer *server() { return nullptr; }
    // The user the REST access acts as (empty for direct access).
    virtual QString actor() const { return {}; }

protected:
    HistoryAccess() = default;
};

// A HistorySource on a test database for this run's kind of access: a
// SqlSource of its own (writing as `actor`), or the REST source of a
// contract server (acting as an admin of `org` the server makes).
struct TestSource
{
    static TestSource open(TestDatabase &db, const QString &org, const QString &actor);
    bool isValid() const { return source != nullptr; }

    std::unique_ptr<HistoryAccess> rest;
    std::unique_ptr<HistorySource> direct;
    HistorySource *source = nullptr;
};

// Skips (or fails where required) when this run's access cannot be used.
#define SH_REQUIRE_HISTORY_ACCESS()                                                                \
    do {                                                                                           \
        SH_REQUIRE_BACKEND(HistoryAccess::backendFromEnvironment());                               \
        if (HistoryAccess::kindFromEnvironment() == HistoryAccess::Kind::Rest)                     \
            SH_REQUIRE_CONTRACT_SERVER();                                                          \
    } while (false)
