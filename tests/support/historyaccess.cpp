#include "historyaccess.h"

#include "restsource.h"
#include "sourcewait.h"
#include "sqlhistoryreader.h"
#include "sqlsource.h"

#include <QSignalSpy>
#include <QSqlDatabase>

namespace {

class DirectAccess : public HistoryAccess
{
public:
    DirectAccess(QSqlDatabase db, const SqlConnectionSpec &spec, QString name)
        : m_name(std::move(name))
        , m_reader(db, SqlDialect(spec.kind), spec.orgId)
    {}
    ~DirectAccess() override
    {
        m_reader =
            SqlHistoryReader(QSqlDatabase(), SqlDialect(SqlConnectionSpec::Kind::Sqlite), {});
        QSqlDatabase::removeDatabase(m_name);
    }
    Kind kind() const override { return Kind::Direct; }
    std::optional<PageResult> page(const PageRequest &request, SourceError *error) override
    {
        return m_reader.page(request, error);
    }
    std::optional<CountResult> counts(const CountRequest &request, SourceError *error) override
    {
        return m_reader.counts(request, error);
    }

private:
    QString m_name;
    SqlHistoryReader m_reader;
};

class RestAccess : public HistoryAccess
{
public:
    RestAccess(std::unique_ptr<ContractServer> server, std::unique_ptr<RestSource> source,
               QString actor)
        : m_server(std::move(server))
        , m_source(std::move(source))
        , m_actor(std::move(actor))
    {}
    Kind kind() const override { return Kind::Rest; }
    HistorySource *source() override { return m_source.get(); }
    ContractServer *server() override { return m_server.get(); }
    QString actor() const override { return m_actor; }

    std::optional<PageResult> page(const PageRequest &request, SourceError *error) override
    {
        return awaitAnswer<PageResult>(*m_source, m_source->requestPage(request),
                                       &HistorySource::pageReady, error);
    }
    std::optional<CountResult> counts(const CountRequest &request, SourceError *error) override
    {
        return awaitAnswer<CountResult>(*m_source, m_source->requestCounts(request),
                                        &HistorySource::countsReady, error);
    }

private:
    std::unique_ptr<ContractServer> m_server;
    std::unique_ptr<RestSource> m_source;
    QString m_actor;
};

} // namespace

HistoryAccess::~HistoryAccess() = default;

HistoryAccess::Kind HistoryAccess::kindFromEnvironment()
{
    return qEnvironmentVariable("SELLER_HISTORY_TEST_BACKEND") == QLatin1String("rest")
               ? Kind::Rest
               : Kind::Direct;
}

TestDatabase::Backend HistoryAccess::backendFromEnvironment()
{
    return kindFromEnvironment() == Kind::Rest ? TestDatabase::Backend::Postgres
                                               : TestDatabase::backendFromEnvironment();
}

std::unique_ptr<HistoryAccess> HistoryAccess::open(TestDatabase &db, const QString &org, Kind kind)
{
    static int counter = 0;
    if (kind == Kind::Direct) {
        const QString name = QStringLiteral("history-access-%1").arg(++counter);
        SourceError error;
        const SqlConnectionSpec spec = db.spec(org);
        QSqlDatabase conn = spec.open(name, true, &error);
        if (!conn.isOpen()) {
            qWarning("cannot open the test database: %s", qPrintable(error.message));
            return nullptr;
        }
        return std::make_unique<DirectAccess>(conn, spec, name);
    }
    // An admin of `org` (and of no other org) for the API to act as.
    const QString user = TestDatabase::uuid(77000 + quint64(++counter));
    if (!db.addProfile(user, QStringLiteral("api-%1@example.com").arg(counter), QString()) ||
        !db.exec(QStringLiteral("INSERT INTO memberships (user_id, org_id, role, status) "
                                "VALUES ('%1', '%2', 'admin', 'active')")
                     .arg(user, org)))
        return nullptr;
    QString error;
    auto server = ContractServer::start(db.source(), &error);
    if (!server) {
        qWarning("cannot start the contract server: %s", qPrintable(error));
        return nullptr;
    }
    RestConnectionSpec spec;
    spec.baseUrl = server->url();
    spec.token = server->tokenFor(user);
    auto source = std::make_unique<RestSource>(spec);
    return std::make_unique<RestAccess>(std::move(server), std::move(source), user);
}

TestSource TestSource::open(TestDatabase &db, const QString &org, const QString &actor)
{
    TestSource t;
    if (HistoryAccess::kindFromEnvironment() == HistoryAccess::Kind::Rest) {
        t.rest = HistoryAccess::open(db, org, HistoryAccess::Kind::Rest);
        t.source = t.rest ? t.rest->source() : nullptr;
    } else {
        SqlConnectionSpec spec = db.spec(org);
        spec.actorId = actor;
        t.direct = std::make_unique<SqlSource>(spec);
        t.source = t.direct.get();
    }
    return t;
}
