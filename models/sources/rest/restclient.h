#pragma once

#include "restconnectionspec.h"
#include "sourceerror.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

// Talks HTTP to the upstream API for one thread: adds the bearer token,
// times requests out, retries idempotent reads (connection errors, timeouts,
// 502/503/504) with backoff, never retries a write, and turns every failure
// into a SourceError with the server's own words where it gave some.
//
// Must be used on the thread that owns it; callbacks run there. It does not
// parse answers (see RestCodec) and knows nothing of paging.
class RestClient : public QObject
{
    Q_OBJECT
public:
    using CallId = quint64;
    using Query = QList<QPair<QString, QString>>;
    // The body of a 2xx answer, or the error (exactly one is set).
    using Callback = std::function<void(std::optional<QByteArray> body, const SourceError &error)>;

    explicit RestClient(RestConnectionSpec spec, QObject *parent = nullptr);
    ~RestClient() override;

    CallId get(const QString &path, const Query &query, Callback done);
    CallId post(const QString &path, const QByteArray &json, Callback done);
    // Drops a call: aborts its reply, cancels its retry; its callback never runs.
    void abort(CallId id);
    void abortAll();

    // Inside a callback: the HTTP status of its answer, 0 when none came. A
    // failed write's remedy depends on it (a 5xx may come after part of it).
    int status() const { return m_status; }

    void setToken(const QByteArray &token) { m_spec.token = token; }
    const RestConnectionSpec &spec() const { return m_spec; }

    // Builds the URL of a request (query values percent-encoded, '+' too).
    QUrl urlFor(const QString &path, const Query &query) const;

private:
    struct Call
    {
        QByteArray method;
        QUrl url;
        QByteArray body;
        Callback done;
        int attempt = 0;
        QPointer<QNetworkReply> reply;
        QPointer<QTimer> retryTimer;
    };

    CallId start(Call call);
    void send(CallId id);
    void finished(CallId id, QNetworkReply *reply);
    SourceError errorFor(QNetworkReply *reply, int status, const QByteArray &body) const;
    bool retryable(QNetworkReply *reply, int status) const;

    RestConnectionSpec m_spec;
    QNetworkAccessManager *m_network;
    QHash<CallId, Call> m_calls;
    CallId m_next = 1;
    int m_status = 0; // of the answer whose callback runs
};
