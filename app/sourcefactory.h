#pragma once

#include "historysource.h"

#include <QString>

#include <memory>

// Builds the source the user named (the composition root's one place that
// knows concrete sources). The window and the command line both use it.
struct SourceOptions
{
    QString source;        // sqlite:PATH, postgresql://..., http(s)://...; empty: the demo database
    QString orgId;         // empty: the upstream org
    QString tokenFile;     // REST
    QString actorId;       // user_id written in direct modes
    bool insecure = false; // REST: skip TLS verification (explicit, warned)
    // A Postgres password or REST token from the keychain or the user; used
    // only where the source string, --token-file and the environment give none.
    QByteArray secret;
    // Whether SELLER_HISTORY_TOKEN may serve. Not for a saved connection in
    // the window: one token in the environment is not every server's.
    bool environmentToken = true;
};

namespace SourceFactory {

QString defaultOrgId();

// True when the options name a source that needs a secret (a Postgres
// password, a REST token) and give none themselves: no password in the URL,
// no --token-file, no SELLER_HISTORY_TOKEN. Then the keychain is asked.
bool wantsSecret(const SourceOptions &options);

// nullptr and *error (one sentence) when the source cannot be built;
// reaching the source is checked later, asynchronously, by its first request.
std::unique_ptr<HistorySource> create(const SourceOptions &options, QString *error);

} // namespace SourceFactory
