#include "restsellers.h"

#include "entrydetails.h"
#include "restauditlog.h"
#include "restcodec.h"
#include "restwindowwalk.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

RestSellers::RestSellers(RestClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

void RestSellers::withSellers(std::function<void(const SourceError *)> next)
{
    if (m_loaded && m_age.isValid() && m_age.elapsed() < MaxAgeMs) {
        next(nullptr);
        return;
    }
    m_waiting << std::move(next);
    if (m_waiting.size() > 1)
        return; // a read is already on its way
    // limit above 1,000: the service pages internally and returns them all.
    m_client->get(QStringLiteral("/sellers"),
                  {{QStringLiteral("limit"), QStringLiteral("10000000")}},
                  [this](std::optional<QByteArray> body, const SourceError &error) {
                      SourceError failure = error;
                      if (body) {
                          QString why;
                          qint64 total = 0;
                          if (auto list = RestCodec::sellers(*body, &total, &why)) {
                              m_sellers = std::move(*list);
                              // The API orders by created_at alone; ties by id,
                              // as every other source does.
                              std::sort(m_sellers.begin(), m_sellers.end(),
                                        [](const Seller &a, const Seller &b) {
                                            return a.createdAt != b.createdAt
                                                       ? a.createdAt > b.createdAt
                                                       : a.id > b.id;
                                        });
                              m_loaded = true;
                              m_age.start();
                          } else {
                              failure = {SourceError::Kind::BadData, why};
                          }
                      }
                      const auto waiting = std::move(m_waiting);
                      m_waiting.clear();
                      for (const auto &w : waiting)
                          w(body && m_loaded ? nullptr : &failure);
                  });
}

QList<const Seller *> RestSellers::matching(const SellerFilter &filter) const
{
    QList<const Seller *> out;
    const QString search = filter.search.trimmed();
    // The API has no id or name filter: the copy here is filtered instead.
    QSet<QString> only;
    const bool byId = filter.only && filter.only->key == SellerSet::Key::Id;
    if (filter.only) {
        only.reserve(filter.only->values.size());
        for (const QString &v : filter.only->values)
            only.insert(byId ? v.toLower() : v);
    }
    for (const Seller &s : m_sellers) {
        if (filter.only && !only.contains(byId ? s.id : s.displayName))
            continue;
        if (filter.state == SellerFilter::State::Flagged && !s.flagged)
            continue;
        if (filter.state == SellerFilter::State::Unflagged && s.flagged)
            continue;
        if (!search.isEmpty() && !s.displayName.contains(search, Qt::CaseInsensitive))
            continue;
        out << &s;
    }
    return out;
}

void RestSellers::page(const SellerPageRequest &request, Done done)
{
    withSellers([this, request, done](const SourceError *error) {
        if (error) {
            done(std::nullopt, *error);
            return;
        }
        const QList<const Seller *> all = matching(request.filter);
        SellerPageResult result;
        result.total = all.size();
        result.offset = std::clamp<qint64>(request.offset, 0, std::max<qint64>(0, all.size()));
        for (qint64 i = result.offset; i < all.size() && i < result.offset + request.pageSize; ++i)
            result.sellers << *all.at(i);
        done(result, {});
    });
}

void RestSellers::ids(const SellerFilter &filter, IdsDone done)
{
    withSellers([this, filter, done](const SourceError *error) {
        if (error) {
            done(std::nullopt, *error);
            return;
        }
        QStringList ids;
        for (const Seller *s : matching(filter))
            ids << s->id;
        done(ids, {});
    });
}

void RestSellers::select(const SellerFilter &filter, const QStringList &ids, ListDone done)
{
    // An export re-reads: it must write the sellers as they are now.
    m_loaded = false;
    withSellers([this, filter, ids, done](const SourceError *error) {
        if (error) {
            done(std::nullopt, *error);
            return;
        }
        QList<Seller> out;
        if (ids.isEmpty()) {
            for (const Seller *s : matching(filter))
                out << *s;
            done(out, {});
            return;
        }
        QHash<QString, const Seller *> byId;
        for (const Seller &s : std::as_const(m_sellers))
            byId.insert(s.id, &s);
        for (const QString &id : ids) {
            if (const Seller *s = byId.value(id.toLower()))
                out << *s;
        }
        done(out, {});
    });
}

void RestSellers::flag(const FlagRequest &request, FlagDone done)
{
    // The state must be current to send only changes: read the sellers again.
    m_loaded = false;
    withSellers([this, request, done](const SourceError *error) {
        if (error) {
            done(std::nullopt, *error);
            return;
        }
        QHash<QString, const Seller *> byId;
        for (const Seller &s : std::as_const(m_sellers))
            byId.insert(s.id, &s);
        FlagResult result;
        result.requested = int(request.sellerIds.size());
        for (const QString &id : request.sellerIds) {
            // take(): each seller once, however often it was asked for.
            const Seller *s = byId.take(id.toLower());
            if (s && s->flagged != request.flagged) {
                result.changedIds << s->id;
                result.changedNames << s->displayName;
            }
        }
        result.changed = int(result.changedIds.size());
        if (result.changed == 0) {
            done(result, {});
            return;
        }
        const QJsonObject body{
            {QStringLiteral("seller_ids"), QJsonArray::fromStringList(result.changedIds)},
            {QStringLiteral("flagged"), request.flagged}};
        // A minute of clock skew between here and the server is allowed for.
        const Timestamp::Micros sentAt = Timestamp::now() - 60 * Timestamp::MicrosPerSecond;
        m_client->post(QStringLiteral("/sellers/flag-batch"),
                       QJsonDocument(body).toJson(QJsonDocument::Compact),
                       [this, result, done, request, sentAt](std::optional<QByteArray> answer,
                                                             const SourceError &error) mutable {
                           m_loaded = false; // whatever happened, read the states again next time
                           if (!answer) {
                               SourceError failure = error;
                               // The server updates in batches and is not atomic: a
                               // failure there may come after some of them.
                               if (m_client->status() >= 500)
                                   failure.message = tr("%1 The server may have changed some of "
                                                        "the sellers before it failed; check the "
                                                        "list.")
                                                         .arg(error.message);
                               done(std::nullopt, failure);
                               return;
                           }
                           // A 2xx means the write went through: only its count is unknown.
                           if (const auto count = RestCodec::updatedCount(*answer, nullptr))
                               result.serverCount = *count;
                           else
                               result.warning = tr("The server accepted the change but its answer "
                                                   "could not be read; check the list.");
                           findEntry(result, request.flagged, sentAt, std::move(done));
                       });
    });
}

void RestSellers::findEntry(FlagResult result, bool flagged, Timestamp::Micros since, FlagDone done)
{
    // The API does not say which row it wrote: the newest flag row since the
    // request whose state, count and names are exactly this action's is it.
    // The server reads the names back from the database, in no set order.
    // Not finding it (or failing to look) leaves the id empty; the flag stands.
    RestClient::Query query{{QStringLiteral("action_types"), QStringLiteral("flag")},
                            {QStringLiteral("limit"), QStringLiteral("50")}};
    RestWindowWalk::addRange(query, since, std::nullopt);
    RestAuditLog::get(m_client, query,
                      [result, flagged, done](std::optional<RestCodec::AuditLogPage> page,
                                              const SourceError &) mutable {
                          QStringList names = result.changedNames;
                          names.sort();
                          for (const AuditEntry &e : page ? page->entries : QList<AuditEntry>()) {
                              const EntryDetails details = EntryDetails::from(e);
                              QStringList stored = details.sellers;
                              stored.sort();
                              if (details.flagged == flagged && e.affectedCount == result.changed &&
                                  stored == names) {
                                  result.auditEntryId = e.id;
                                  break;
                              }
                          }
                          done(result, {});
                      });
}
