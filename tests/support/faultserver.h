#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QString>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QTcpSocket;

// An HTTP/1.1 server on 127.0.0.1 whose answers a test scripts, to inject what a real server
// rarely produces: latency, replies that finish out of order, truncated bodies, dropped
// connections, requests that are never answered, chunked bodies.
//
// Owns its listening socket, every accepted connection and every pending delayed reply; all of
// them live in the thread that created it and are driven by that thread's event loop (QTRY_*,
// QSignalSpy::wait), so a test needs no extra thread. Its destructor closes every connection.
//
// It must not block: nothing here calls waitFor*(), and a delayed or hanging reply only parks its
// own connection. It is not a conforming server and must not be used as one: requests are
// answered one at a time per connection (no pipelining), request bodies need Content-Length
// (chunked uploads and Expect: 100-continue get 501), and nothing is validated beyond framing.
// It must not be destroyed from inside a handler or a requestReceived() slot: both run while
// one of its sockets is still emitting.
class FaultServer : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray method;
        // Percent-decoded, without the query.
        QString path;
        // As sent: a %2B stays %2B (QUrlQuery never turns it into '+' or a space), so a test can
        // tell whether the client encoded a literal plus.
        QUrlQuery query;
        // Lower-cased names; a repeated header is joined by ", ".
        QMap<QByteArray, QByteArray> headers;
        QByteArray body;
        // The request target exactly as it came over the wire.
        QByteArray target;
        // Serial number of the TCP connection, to tell keep-alive from a new connection or a
        // retry.
        int connection = 0;
    };

    // closeWithoutReply wins over hangForever, which wins over the rest; delayMs then applies
    // before anything is written, whether the reply is plain, chunked or truncated.
    struct Reply
    {
        int status = 200;
        QByteArray body;
        // Sent as given. Content-Type defaults to application/json and Content-Length to the full
        // body size; a header of the same name here replaces the default.
        QList<QPair<QByteArray, QByteArray>> headers;
        int delayMs = 0;
        // Bytes of the body (of the chunk framing, when chunked) sent before the connection
        // closes; the headers still announce the full length.
        qint64 truncateAfter = -1;
        bool closeWithoutReply = false;
        // Never answered: the connection stays open until the client gives up.
        bool hangForever = false;
        // Transfer-Encoding: chunked, the body split into a few chunks.
        bool chunked = false;

        static Reply json(int status, const QByteArray &body);
    };

    using Handler = std::function<Reply(const Request &)>;

    explicit FaultServer(QObject *parent = nullptr);
    ~FaultServer() override;

    QUrl url() const;

    // An empty method matches every method; the prefix is matched against Request::path.
    void on(const QByteArray &method, const QString &pathPrefix, Handler handler);
    void respond(const QByteArray &method, const QString &pathPrefix, const Reply &reply);
    // Successive matching requests get successive replies; the last one repeats.
    void queue(const QByteArray &method, const QString &pathPrefix, const QList<Reply> &replies);

    QList<Request> requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }
    int requestCount(const QString &pathPrefix) const;
    int openConnections() const { return int(m_connections.size()); }

signals:
    void requestReceived(const FaultServer::Request &request);

private:
    struct Route
    {
        QByteArray method;
        QString pathPrefix;
        Handler handler;
    };
    struct Connection
    {
        int serial = 0;
        QByteArray buffer;
        // Set while a request is being answered (delayed or hanging): later bytes wait in buffer.
        bool answering = false;
    };

    void acceptConnections();
    void dropConnection(QTcpSocket *socket);
    void processBuffer(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const Request &request, bool closeAfter);
    void send(QTcpSocket *socket, const Request &request, const Reply &reply, bool closeAfter);
    Reply dispatch(const Request &request) const;

    QTcpServer m_server;
    QList<Route> m_routes;
    QList<Request> m_requests;
    QHash<QTcpSocket *, Connection> m_connections;
    int m_nextSerial = 1;
};
