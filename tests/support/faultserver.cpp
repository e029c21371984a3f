#include "faultserver.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace {

// A client that never ends its header block must not make the server buffer without bound.
constexpr qsizetype MaxHeaderBytes = 64 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

const QByteArray *findHeader(const QList<QPair<QByteArray, QByteArray>> &headers,
                             QByteArrayView name)
{
    const auto it = std::find_if(headers.cbegin(), headers.cend(), [name](const auto &header) {
        return header.first.compare(name, Qt::CaseInsensitive) == 0;
    });
    return it == headers.cend() ? nullptr : &it->second;
}

// The body in a few chunks, so that a client really has to reassemble it.
QByteArray chunkedPayload(const QByteArray &body)
{
    QByteArray payload;
    const qsizetype piece = std::max<qsizetype>(1, (body.size() + 2) / 3);
    for (qsizetype at = 0; at < body.size(); at += piece) {
        const QByteArray part = body.mid(at, piece);
        payload += QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n";
    }
    return payload + "0\r\n\r\n";
}

// A body after these would be read by the client as the start of the next response.
bool bodyForbidden(const QByteArray &method, int status)
{
    return method == "HEAD" || (status >= 100 && status < 200) || status == 204 || status == 304;
}

} // namespace

FaultServer::Reply FaultServer::Reply::json(int status, const QByteArray &body)
{
    Reply reply;
    reply.status = status;
    reply.body = body;
    return reply;
}

FaultServer::FaultServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultServer::acceptConnections);
    if (!m_server.listen(QHostAddress::LocalHost, 0))
        qWarning("FaultServer: cannot listen on 127.0.0.1: %s", qPrintable(m_server.errorString()));
}

FaultServer::~FaultServer()
{
    m_server.close();
    // Accepted sockets are children of m_server, which outlives m_connections during member
    // destruction; disconnect them first so a socket closing now cannot call back into a
    // half-destroyed server. Sockets already dropped but not yet deleted are included.
    const auto sockets = m_server.findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly);
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
    m_connections.clear();
}

QUrl FaultServer::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_server.serverPort());
    return url;
}

void FaultServer::on(const QByteArray &method, const QString &pathPrefix, Handler handler)
{
    m_routes.append({method, pathPrefix, std::move(handler)});
}

void FaultServer::respond(const QByteArray &method, const QString &pathPrefix, const Reply &reply)
{
    on(method, pathPrefix, [reply](const Request &) { return reply; });
}

void FaultServer::queue(const QByteArray &method, const QString &pathPrefix,
                        const QList<Reply> &replies)
{
    if (replies.isEmpty()) {
        qWarning("FaultServer::queue: no replies for %s", qPrintable(pathPrefix));
        return;
    }
    // Shared so that copies of the handler (dispatch() copies it) advance the same queue.
    auto next = std::make_shared<qsizetype>(0);
    on(method, pathPrefix, [replies, next](const Request &) {
        const Reply reply = replies.at(std::min(*next, replies.size() - 1));
        ++*next;
        return reply;
    });
}

int FaultServer::requestCount(const QString &pathPrefix) const
{
    return int(std::count_if(m_requests.cbegin(), m_requests.cend(), [&](const Request &request) {
        return request.path.startsWith(pathPrefix);
    }));
}

void FaultServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_connections.insert(socket, Connection{m_nextSerial++, {}, false});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            const auto it = m_connections.find(socket);
            if (it == m_connections.end())
                return;
            it->buffer += socket->readAll();
            processBuffer(socket);
        });
        connect(socket, &QTcpSocket::disconnected, this,
                [this, socket] { dropConnection(socket); });
    }
}

void FaultServer::dropConnection(QTcpSocket *socket)
{
    m_connections.remove(socket);
    // Later, not now: this runs inside the socket's own signal.
    socket->deleteLater();
}

void FaultServer::processBuffer(QTcpSocket *socket)
{
    // Looked up again on every turn: answering may close the socket, which drops the connection.
    for (auto it = m_connections.find(socket); it != m_connections.end() && !it->answering;
         it = m_connections.find(socket)) {
        const auto fail = [&](int status, const QByteArray &message) {
            it->answering = true;
            send(socket, Request{},
                 Reply::json(status, QJsonDocument(QJsonObject{{QStringLiteral("error"),
                                                                QString::fromUtf8(message)}})
                                         .toJson(QJsonDocument::Compact)),
                 true);
        };

        const qsizetype headerEnd = it->buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (it->buffer.size() > MaxHeaderBytes)
                fail(431, "header block too large");
            return;
        }

        const QList<QByteArray> lines = it->buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
            fail(400, "malformed request line");
            return;
        }

        Request request;
        request.method = requestLine.at(0);
        request.target = requestLine.at(1);
        request.connection = it->serial;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0) {
                fail(400, "malformed header line");
                return;
            }
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            auto header = request.headers.find(name);
            if (header == request.headers.end())
                request.headers.insert(name, value);
            else
                *header += ", " + value;
        }
        if (request.headers.contains("transfer-encoding") || request.headers.contains("expect")) {
            fail(501, "request bodies need Content-Length");
            return;
        }

        bool validLength = true;
        const qint64 length = request.headers.value("content-length", "0").toLongLong(&validLength);
        if (!validLength || length < 0) {
            fail(400, "bad Content-Length");
            return;
        }
        const qsizetype requestEnd = headerEnd + 4 + length;
        if (it->buffer.size() < requestEnd)
            return;
        request.body = it->buffer.mid(headerEnd + 4, length);
        it->buffer.remove(0, requestEnd);

        const qsizetype question = request.target.indexOf('?');
        request.path = QUrl::fromPercentEncoding(question < 0 ? request.target
                                                              : request.target.left(question));
        if (question >= 0)
            request.query.setQuery(QString::fromUtf8(request.target.mid(question + 1)));

        const bool closeAfter = requestLine.at(2) == "HTTP/1.0" ||
                                request.headers.value("connection").toLower() == "close";
        it->answering = true;
        m_requests.append(request);
        emit requestReceived(request);
        if (m_connections.contains(socket))
            answer(socket, request, closeAfter);
    }
}

void FaultServer::answer(QTcpSocket *socket, const Request &request, bool closeAfter)
{
    const Reply reply = dispatch(request);
    if (reply.closeWithoutReply) {
        socket->disconnectFromHost();
        return;
    }
    // The connection stays marked as answering, so it is parked until the client leaves.
    if (reply.hangForever)
        return;
    if (reply.delayMs <= 0) {
        send(socket, request, reply, closeAfter);
        return;
    }
    // The socket is the timer's context: a client that leaves first takes the timer with it. A
    // socket that has disconnected but is not deleted yet is no longer in m_connections.
    QTimer::singleShot(reply.delayMs, socket, [this, socket, request, reply, closeAfter] {
        if (!m_connections.contains(socket))
            return;
        send(socket, request, reply, closeAfter);
        processBuffer(socket);
    });
}

void FaultServer::send(QTcpSocket *socket, const Request &request, const Reply &reply,
                       bool closeAfter)
{
    QByteArray head =
        "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    if (!findHeader(reply.headers, "content-type"))
        head += "Content-Type: application/json\r\n";
    if (reply.chunked) {
        if (!findHeader(reply.headers, "transfer-encoding"))
            head += "Transfer-Encoding: chunked\r\n";
    } else if (!findHeader(reply.headers, "content-length")) {
        head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    }
    const QByteArray *connectionHeader = findHeader(reply.headers, "connection");
    if (connectionHeader)
        closeAfter = closeAfter || connectionHeader->compare("close", Qt::CaseInsensitive) == 0;
    else if (closeAfter)
        head += "Connection: close\r\n";
    for (const auto &[name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    head += "\r\n";

    QByteArray payload;
    if (!bodyForbidden(request.method, reply.status))
        payload = reply.chunked ? chunkedPayload(reply.body) : reply.body;

    if (reply.truncateAfter >= 0) {
        socket->write(head + payload.left(reply.truncateAfter));
        socket->disconnectFromHost();
        return;
    }
    socket->write(head + payload);
    if (closeAfter) {
        socket->disconnectFromHost();
        return;
    }
    const auto it = m_connections.find(socket);
    if (it != m_connections.end())
        it->answering = false;
}

FaultServer::Reply FaultServer::dispatch(const Request &request) const
{
    const auto route = std::find_if(m_routes.crbegin(), m_routes.crend(), [&](const Route &r) {
        return (r.method.isEmpty() || r.method == request.method) &&
               request.path.startsWith(r.pathPrefix);
    });
    if (route == m_routes.crend()) {
        const QJsonObject error{
            {QStringLiteral("error"), QStringLiteral("no route for %1 %2")
                                          .arg(QString::fromLatin1(request.method), request.path)}};
        return Reply::json(404, QJsonDocument(error).toJson(QJsonDocument::Compact));
    }
    // A copy: the handler may script new routes while it runs, which can reallocate m_routes.
    const Handler handler = route->handler;
    return handler(request);
}
