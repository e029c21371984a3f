#include "restclient.h"

#include "restcodec.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <cstring>

namespace {

// Waits before the second and third attempt of a read.
constexpr int BackoffMs[] = {250, 1000};

} // namespace

RestClient::RestClient(RestConnectionSpec spec, QObject *parent)
    : QObject(parent)
    , m_spec(std::move(spec))
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(false);
}

RestClient::~RestClient()
{
    abortAll();
}

QUrl RestClient::urlFor(const QString &path, const Query &query) const
{
    QUrl url = m_spec.baseUrl;
    url.setPath(url.path() + path);
    // QUrlQuery would leave '+' alone, and the server would read it as a
    // space (an offset like +01:00 would turn into " 01:00").
    QByteArray encoded;
    for (const auto &[key, value] : query) {
        if (!encoded.isEmpty())
            encoded += '&';
        encoded += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    if (!encoded.isEmpty())
        url.setQuery(QString::fromLatin1(encoded), QUrl::StrictMode);
    return url;
}

RestClient::CallId RestClient::get(const QString &path, const Query &query, Callback done)
{
    Call call;
    call.method = "GET";
    call.url = urlFor(path, query);
    call.done = std::move(done);
    return start(std::move(call));
}

namespace {

// A request body that can be read once and never rewound. QNetworkAccessManager
// sends a request again, once, when the connection drops before the answer
// begins; for a write that could apply it twice (upstream writes an audit row
// per call). A body that cannot be reset makes it fail with
// ContentReSendError instead, and the caller learns the outcome is unknown.
class OneShotBody : public QIODevice
{
public:
    explicit OneShotBody(QByteArray data)
        : m_data(std::move(data))
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override
    {
        return m_data.size() - m_read + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char *out, qint64 max) override
    {
        const qint64 n = std::min(max, m_data.size() - m_read);
        std::memcpy(out, m_data.constData() + m_read, size_t(n));
        m_read += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_read = 0;
};

} // namespace

RestClient::CallId RestClient::post(const QString &path, const QByteArray &json, Callback done)
{
    Call call;
    call.method = "POST";
    call.url = urlFor(path, {});
    call.body = json;
    call.done = std::move(done);
    return start(std::move(call));
}

RestClient::CallId RestClient::start(Call call)
{
    const CallId id = m_next++;
    m_calls.insert(id, std::move(call));
    send(id);
    return id;
}

void RestClient::send(CallId id)
{
    Call &call = m_calls[id];
    QNetworkRequest request(call.url);
    request.setRawHeader("Authorization", "Bearer " + m_spec.token);
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_spec.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = nullptr;
    if (call.method == "POST") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setHeader(QNetworkRequest::ContentLengthHeader, call.body.size());
        request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        auto *body = new OneShotBody(call.body);
        reply = m_network->post(request, body);
        body->setParent(reply);
    } else {
        reply = m_network->get(request);
    }
    if (m_spec.insecure) {
        // Only by the user's explicit --insecure, which the app warns about.
        connect(reply, &QNetworkReply::sslErrors, reply,
                [reply](const QList<QSslError> &) { reply->ignoreSslErrors(); });
    }
    call.reply = reply;
    ++call.attempt;
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { finished(id, reply); });
}

void RestClient::finished(CallId id, QNetworkReply *reply)
{
    reply->deleteLater();
    auto it = m_calls.find(id);
    if (it == m_calls.end() || it->reply != reply)
        return; // aborted meanwhile
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    m_status = status;
    if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
        const Callback done = std::move(it->done);
        m_calls.erase(it);
        done(body, {});
        return;
    }
    if (it->method == "GET" && it->attempt <= m_spec.retries && retryable(reply, status)) {
        auto *timer = new QTimer(this);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this, [this, id, timer] {
            timer->deleteLater();
            if (m_calls.contains(id))
                send(id);
        });
        it->retryTimer = timer;
        timer->start(BackoffMs[std::min<int>(it->attempt - 1, std::size(BackoffMs) - 1)]);
        return;
    }
    const SourceError error = errorFor(reply, status, body);
    const Callback done = std::move(it->done);
    m_calls.erase(it);
    done(std::nullopt, error);
}

bool RestClient::retryable(QNetworkReply *reply, int status) const
{
    if (status == 502 || status == 503 || status == 504)
        return true;
    if (status >= 200 && status < 300)
        return true; // the body broke off after the headers

    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // the transfer timeout
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
        return status == 0;
    default:
        return false;
    }
}

SourceError RestClient::errorFor(QNetworkReply *reply, int status, const QByteArray &body) const
{
    using Kind = SourceError::Kind;
    const QString host = m_spec.baseUrl.host();
    if (status == 0 && reply->operation() == QNetworkAccessManager::PostOperation) {
        switch (reply->error()) {
        case QNetworkReply::RemoteHostClosedError:
        case QNetworkReply::ContentReSendError:
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            // The request may have reached the server: it is not sent again.
            return {Kind::Unreachable,
                    tr("The connection to %1 broke after the change was sent, so it may or may "
                       "not have been applied; check the history before you try again.")
                        .arg(host)};
        default:
            break;
        }
    }
    if (status == 0) {
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
        case QNetworkReply::HostNotFoundError:
        case QNetworkReply::NetworkSessionFailedError:
        case QNetworkReply::TemporaryNetworkFailureError:
        case QNetworkReply::UnknownNetworkError:
            return {Kind::Unreachable, tr("Cannot reach %1: %2").arg(host, reply->errorString())};
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            return {
                Kind::Timeout,
                tr("%1 did not answer within %2 seconds.").arg(host).arg(m_spec.timeoutMs / 1000)};
        case QNetworkReply::SslHandshakeFailedError:
            return {Kind::Unreachable,
                    tr("The TLS certificate of %1 is not trusted (%2). Fix the certificate, or "
                       "use --insecure only if you understand the risk.")
                        .arg(host, reply->errorString())};
        case QNetworkReply::RemoteHostClosedError:
            return {Kind::Unreachable,
                    tr("%1 closed the connection before the answer was complete.").arg(host)};
        default:
            return {Kind::Unreachable, tr("Cannot talk to %1: %2").arg(host, reply->errorString())};
        }
    }
    if (reply->error() != QNetworkReply::NoError && status >= 200 && status < 300) {
        // Headers arrived, then the body broke off.
        return {Kind::Unreachable,
                tr("%1 closed the connection before the answer was complete.").arg(host)};
    }
    const QString detail = RestCodec::errorDetail(body);
    switch (status) {
    case 401:
        return {Kind::Unauthenticated,
                tr("The server did not accept the token: %1")
                    .arg(detail.isEmpty() ? tr("not authenticated") : detail)};
    case 403:
        return {
            Kind::Forbidden,
            tr("The server refused access: %1").arg(detail.isEmpty() ? tr("forbidden") : detail)};
    case 404:
        return {Kind::BadRequest, tr("The server has no such thing: %1")
                                      .arg(detail.isEmpty() ? tr("not found") : detail)};
    case 422:
        return {Kind::BadRequest, tr("The server rejected the request: %1").arg(detail)};
    default:
        break;
    }
    return {Kind::Failed, detail.isEmpty()
                              ? tr("The server failed (HTTP %1).").arg(status)
                              : tr("The server failed (HTTP %1): %2").arg(status).arg(detail)};
}

void RestClient::abort(CallId id)
{
    auto it = m_calls.find(id);
    if (it == m_calls.end())
        return;
    Call call = std::move(*it);
    m_calls.erase(it);
    if (call.retryTimer)
        call.retryTimer->deleteLater();
    if (call.reply)
        call.reply->abort();
}

void RestClient::abortAll()
{
    const auto ids = m_calls.keys();
    for (CallId id : ids)
        abort(id);
}
