#include "historyaccess.h"

#include "restsource.h"
#include "sqlhistoryreader.h"

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
    RestAccess(std::unique_ptr<ContractServer> server, std::unique_ptr<RestSource> source)
        : m_server(std::move(server))
        , m_source(std::move(source))
    {}
    Kind kind() const override { return Kind::Rest; }
    HistorySource *source() override { return m_source.get(); }

    std::optional<PageResult> page(const PageRequest &request, SourceError *error) override
    {
        return wait<PageResult>(m_source->requestPage(request), &HistorySource::pageReady, error);
    }
    std::optional<CountResult> counts(const CountRequest &request, SourceError *error) override
    {
        return wait<CountResult>(m_source->requestCounts(request), &HistorySource::countsReady,
                                 error);
    }

private:
    // Tests may wait; the app never does.
    template<typename Result, typename Signal>
    std::optional<Result> wait(HistorySource::RequestId id, Signal ready, SourceError *error)
    {
        QSignalSpy done(m_source.get(), ready);
        QSignalSpy failed(m_source.get(), &HistorySource::failed);
        const auto find = [id](const QSignalSpy &spy) -> qsizetype {
            for (qsizetype i = 0; i < spy.size(); ++i) {
                if (spy.at(i).at(0).value<HistorySource::RequestId>() == id)
                    return i;
            }
            return -1;
        };
        for (int waited = 0; waited < 60000 && find(done) < 0 && find(failed) < 0; waited += 10)
            done.wait(10);
        if (const qsizetype i = find(done); i >= 0)
            return done.at(i).at(1).template value<Result>();
        if (const qsizetype i = find(failed); i >= 0) {
            if (error)
                *error = failed.at(i).at(1).value<SourceError>();
            return std::nullopt;
        }
        if (error)
            *error = {SourceError::Kind::Timeout, QStringLiteral("no answer within a minute")};
        return std::nullopt;
    }

    std::unique_ptr<ContractServer> m_server;
    std::unique_ptr<RestSource> m_source;
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
    return std::make_unique<RestAccess>(std::move(server), std::move(source));
}
