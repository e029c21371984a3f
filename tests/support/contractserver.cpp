#include "contractserver.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QProcessEnvironment>
#include <QRandomGenerator>

namespace {

constexpr qsizetype MaxLogBytes = 64 * 1024;
constexpr int StopTimeoutMs = 5000;
constexpr auto ListeningPrefix = "listening on ";

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// Debian's interpreter must see Debian's packages only: a developer's
// PYTHONPATH (a virtualenv, pyenv) could shadow them with other versions.
QProcessEnvironment pythonEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("PYTHONPATH"));
    env.remove(QStringLiteral("PYTHONHOME"));
    env.remove(QStringLiteral("PYTHONSTARTUP"));
    env.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    // Nothing may be written into the source tree.
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    return env;
}

QString timestampsArgument(ContractServer::Timestamps timestamps)
{
    switch (timestamps) {
    case ContractServer::Timestamps::Z:
        return QStringLiteral("z");
    case ContractServer::Timestamps::Offset:
        return QStringLiteral("offset");
    case ContractServer::Timestamps::Mixed:
        return QStringLiteral("mixed");
    }
    return QStringLiteral("z");
}

QString randomSecret()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / qsizetype(sizeof(quint32)));
    return QString::fromLatin1(bytes.toHex());
}

} // namespace

QString ContractServer::pythonPath()
{
    return QStringLiteral("/usr/bin/python3");
}

QString ContractServer::scriptPath()
{
    return QStringLiteral(SELLER_HISTORY_CONTRACT_SERVER);
}

QString ContractServer::unavailableReason()
{
    static const QString reason = [] {
        if (!QFileInfo(pythonPath()).isExecutable())
            return QStringLiteral("no contract server: %1 is missing").arg(pythonPath());
        if (!QFile::exists(scriptPath()))
            return QStringLiteral("no contract server: %1 is missing").arg(scriptPath());
        QProcess probe;
        probe.setProcessEnvironment(pythonEnvironment());
        probe.start(pythonPath(), {QStringLiteral("-c"),
                                   QStringLiteral("import fastapi, uvicorn, jwt, psycopg2")});
        if (!probe.waitForFinished(30000)) {
            probe.kill();
            probe.waitForFinished();
            return QStringLiteral("no contract server: %1 did not answer").arg(pythonPath());
        }
        if (probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0) {
            const QStringList lines =
                QString::fromUtf8(probe.readAllStandardError()).split(u'\n', Qt::SkipEmptyParts);
            return QStringLiteral("no contract server: %1 cannot import its packages (%2); "
                                  "install python3-fastapi python3-uvicorn python3-jwt "
                                  "python3-psycopg2")
                .arg(pythonPath(),
                     lines.isEmpty() ? QStringLiteral("no message") : lines.constLast().trimmed());
        }
        return QString();
    }();
    return reason;
}

std::unique_ptr<ContractServer> ContractServer::start(const QString &databaseUrl,
                                                      const Options &options, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::unique_ptr<ContractServer>();
    };
    if (const QString why = unavailableReason(); !why.isEmpty())
        return fail(why);

    std::unique_ptr<ContractServer> server(new ContractServer);
    server->m_secret = options.secret.isEmpty() ? randomSecret() : options.secret;
    QString supabaseUrl = options.supabaseUrl;
    while (supabaseUrl.endsWith(u'/'))
        supabaseUrl.chop(1);
    server->m_issuer = supabaseUrl + QStringLiteral("/auth/v1");

    QProcess &process = server->m_process;
    process.setProcessEnvironment(pythonEnvironment());
    process.setProgram(pythonPath());
    process.setArguments(
        {scriptPath(), QStringLiteral("--database-url"), databaseUrl, QStringLiteral("--host"),
         QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0"),
         QStringLiteral("--jwt-secret"), server->m_secret, QStringLiteral("--supabase-url"),
         supabaseUrl, QStringLiteral("--timestamps"), timestampsArgument(options.timestamps),
         // Exits when our end of its stdin closes, i.e. when this
         // process dies without running the destructor.
         QStringLiteral("--watch-stdin")});
    // Kept, not forwarded: the server's stderr is read continuously so its
    // pipe never fills and blocks it, and quoted in failure messages.
    ContractServer *raw = server.get();
    QObject::connect(&process, &QProcess::readyReadStandardError, &process,
                     [raw] { raw->drainStderr(); });
    process.start();
    if (!process.waitForStarted(StopTimeoutMs))
        return fail(QStringLiteral("cannot start %1: %2").arg(pythonPath(), process.errorString()));
    QString why;
    if (!server->waitUntilListening(options.startTimeoutMs, &why))
        return fail(why);
    return server;
}

bool ContractServer::waitUntilListening(int timeoutMs, QString *error)
{
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        m_stdout += m_process.readAllStandardOutput();
        if (const qsizetype newline = m_stdout.indexOf('\n'); newline >= 0) {
            const QByteArray line = m_stdout.left(newline).trimmed();
            if (line.startsWith(ListeningPrefix)) {
                m_url = QUrl(QString::fromUtf8(line.mid(qsizetype(qstrlen(ListeningPrefix)))));
                if (m_url.isValid() && m_url.port() > 0)
                    return true;
            }
            *error = QStringLiteral("the contract server said %1 instead of where it listens")
                         .arg(QString::fromUtf8(line));
            return false;
        }
        if (m_process.state() != QProcess::Running) {
            drainStderr();
            *error = QStringLiteral("the contract server exited (code %1) before listening: %2")
                         .arg(m_process.exitCode())
                         .arg(QString::fromUtf8(m_stderr).trimmed());
            return false;
        }
        const qint64 remaining = timeoutMs - timer.elapsed();
        if (remaining <= 0) {
            drainStderr();
            *error = QStringLiteral("the contract server did not listen within %1 ms: %2")
                         .arg(timeoutMs)
                         .arg(QString::fromUtf8(m_stderr).trimmed());
            return false;
        }
        m_process.waitForReadyRead(int(remaining));
    }
}

void ContractServer::drainStderr()
{
    m_stderr += m_process.readAllStandardError();
    if (m_stderr.size() > MaxLogBytes)
        m_stderr.remove(0, m_stderr.size() - MaxLogBytes);
}

QString ContractServer::log()
{
    drainStderr();
    return QString::fromUtf8(m_stderr);
}

void ContractServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    // uvicorn shuts down gracefully on SIGTERM: open keep-alive connections
    // are closed and running requests finish (bounded by its statement
    // timeout); SIGKILL only if that does not happen in time.
    m_process.closeWriteChannel();
    m_process.terminate();
    if (!m_process.waitForFinished(StopTimeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(StopTimeoutMs);
    }
}

ContractServer::~ContractServer()
{
    stop();
    // m_process outlives the other members; nothing may call back into them.
    QObject::disconnect(&m_process, nullptr, nullptr, nullptr);
}

QByteArray ContractServer::token(const QString &userId, qint64 expiresInSeconds,
                                 const QString &secret, const QString &issuer,
                                 const QString &audience)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("HS256")},
                             {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QJsonObject claims{
        {QStringLiteral("sub"), userId}, {QStringLiteral("aud"), audience},
        {QStringLiteral("iss"), issuer}, {QStringLiteral("role"), QStringLiteral("authenticated")},
        {QStringLiteral("iat"), now},    {QStringLiteral("exp"), now + expiresInSeconds}};
    const QByteArray signingInput =
        base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
        base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signature =
        QMessageAuthenticationCode::hash(signingInput, secret.toUtf8(), QCryptographicHash::Sha256);
    return signingInput + '.' + base64Url(signature);
}
