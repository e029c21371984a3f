#include "restauditlog.h"

namespace RestAuditLog {

RestClient::CallId get(RestClient *client, const RestClient::Query &query, Done done)
{
    return client->get(
        QStringLiteral("/sellers/audit-log"), query,
        [done = std::move(done)](std::optional<QByteArray> body, const SourceError &error) {
            if (!body) {
                done(std::nullopt, error);
                return;
            }
            QString why;
            auto page = RestCodec::auditLog(*body, &why);
            if (!page) {
                done(std::nullopt, {SourceError::Kind::BadData, why});
                return;
            }
            done(std::move(page), {});
        });
}

} // namespace RestAuditLog
