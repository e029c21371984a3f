#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

// Where the upstream REST API lives and how to authenticate to it. The
// token is a secret: it is never printed, logged or part of description().
struct RestConnectionSpec
{
    QUrl baseUrl;          // http(s)://host[:port][/prefix], no trailing slash
    QByteArray token;      // the bearer token (a Supabase access token)
    bool insecure = false; // skip TLS verification (only by explicit, warned choice)
    int timeoutMs = 20'000;
    int retries = 2; // extra attempts for idempotent reads

    static bool looksLikeRest(const QString &source);
    static std::optional<RestConnectionSpec> parse(const QString &source, QString *error);
    // The token from --token-file, else SELLER_HISTORY_TOKEN; empty if none.
    static QByteArray tokenFrom(const QString &tokenFile, QString *error);

    QString description() const;
};
