#pragma once

#include "testdatabase.h"

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QUrl>

#include <memory>

// The upstream-compatible contract server (tests/support/contract-server/
// upstream_api.py) as a child process of a test: the REST API of upstream.md,
// quirks included, over a Postgres database with the upstream schema (e.g. a
// TestDatabase's source()), on a free loopback port.
//
// It runs with Debian's /usr/bin/python3 and its packages; unavailableReason()
// says when they are missing so a test can skip (or fail where Postgres is
// required). The server gets a fresh random JWT secret unless one is given;
// tokens for it come from token()/tokenFor(). The destructor stops it
// (SIGTERM, then SIGKILL); it also exits on its own when this process dies,
// because it watches its stdin.
class ContractServer
{
public:
    // How created_at ends: "...Z", "...+00:00", or alternating per row.
    enum class Timestamps
    {
        Z,
        Offset,
        Mixed
    };

    struct Options
    {
        Timestamps timestamps = Timestamps::Z;
        QString secret;                                               // empty: a random one
        QString supabaseUrl = QStringLiteral("http://supabase.test"); // issuer = this + /auth/v1
        int startTimeoutMs = 20000;
    };

    static constexpr auto DefaultIssuer = "http://supabase.test/auth/v1";

    // Starts the server on `databaseUrl` and waits until it listens; nullptr
    // on failure, with the reason (and the server's stderr) in *error.
    static std::unique_ptr<ContractServer> start(const QString &databaseUrl, const Options &options,
                                                 QString *error = nullptr);
    static std::unique_ptr<ContractServer> start(const QString &databaseUrl,
                                                 QString *error = nullptr)
    {
        return start(databaseUrl, Options(), error);
    }
    ~ContractServer();

    ContractServer(const ContractServer &) = delete;
    ContractServer &operator=(const ContractServer &) = delete;

    // Base URL without a trailing slash, e.g. http://127.0.0.1:41234.
    QUrl url() const { return m_url; }
    QString secret() const { return m_secret; }
    QString issuer() const { return m_issuer; }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    // What the server wrote to stderr so far (its last 64 KiB): one line per
    // 500 it answered, for failure messages.
    QString log();

    // A token this server accepts for `userId` (until it expires).
    QByteArray tokenFor(const QString &userId, qint64 expiresInSeconds = 3600) const
    {
        return token(userId, expiresInSeconds, m_secret, m_issuer);
    }

    // A Supabase-like HS256 access token: sub, aud, iss, role, iat, exp =
    // now + expiresInSeconds (negative: already expired).
    static QByteArray token(const QString &userId, qint64 expiresInSeconds, const QString &secret,
                            const QString &issuer = QString::fromLatin1(DefaultIssuer),
                            const QString &audience = QStringLiteral("authenticated"));

    // Empty when the server can run here (/usr/bin/python3 imports fastapi,
    // uvicorn, jwt and psycopg2); else why not. Checked once per process.
    static QString unavailableReason();
    static QString scriptPath();
    static QString pythonPath();

private:
    ContractServer() = default;
    bool waitUntilListening(int timeoutMs, QString *error);
    void drainStderr();
    void stop();

    QProcess m_process;
    QUrl m_url;
    QString m_secret;
    QString m_issuer;
    QByteArray m_stdout;
    QByteArray m_stderr;
};

// In a test function: skips (or, where Postgres is required, fails) when the
// contract server cannot run here.
#define SH_REQUIRE_CONTRACT_SERVER()                                                               \
    do {                                                                                           \
        const QString why_ = ContractServer::unavailableReason();                                  \
        if (!why_.isEmpty()) {                                                                     \
            if (TestDatabase::postgresRequired())                                                  \
                QFAIL(qPrintable(why_));                                                           \
            QSKIP(qPrintable(why_));                                                               \
        }                                                                                          \
    } while (false)
