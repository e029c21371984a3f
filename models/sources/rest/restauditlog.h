#pragma once

#include "restclient.h"
#include "restcodec.h"

#include <functional>
#include <optional>

// One GET /sellers/audit-log, parsed: the call that the page reader, the
// window walks and the export's probe all make. A transport failure comes
// back as the client's SourceError, an unreadable body as BadData naming
// what was wrong; never both a page and an error.
namespace RestAuditLog {

using Done =
    std::function<void(std::optional<RestCodec::AuditLogPage> page, const SourceError &error)>;

RestClient::CallId get(RestClient *client, const RestClient::Query &query, Done done);

} // namespace RestAuditLog
