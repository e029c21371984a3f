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
};

namespace SourceFactory {

QString defaultOrgId();

// nullptr and *error (one sentence) when the source cannot be built;
// reaching the source is checked later, asynchronously, by its first request.
std::unique_ptr<HistorySource> create(const SourceOptions &options, QString *error);

} // namespace SourceFactory
