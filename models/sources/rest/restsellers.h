#pragma once

#include "historysource.h"
#include "restclient.h"

#include <QElapsedTimer>
#include <QObject>

#include <functional>

// Sellers through the upstream API, which lists them only as a whole (GET
// /sellers, no search, no filter). They are read once into memory (about
// 200 bytes each: 100,000 sellers are about 20 MB) and searched, filtered
// (also to a set of ids or names, e.g. an audit entry's) and paged here; the copy is read again
// when it is a minute old or after a flag. Flagging sends only the sellers whose state changes to
// POST /sellers/flag-batch and reports what the server says it updated.
//
// Runs on its RestClient's thread.
class RestSellers : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(std::optional<SellerPageResult>, const SourceError &)>;
    using IdsDone = std::function<void(std::optional<QStringList>, const SourceError &)>;
    using FlagDone = std::function<void(std::optional<FlagResult>, const SourceError &)>;
    using ListDone = std::function<void(std::optional<QList<Seller>>, const SourceError &)>;

    explicit RestSellers(RestClient *client, QObject *parent = nullptr);

    void page(const SellerPageRequest &request, Done done);
    void ids(const SellerFilter &filter, IdsDone done);
    void flag(const FlagRequest &request, FlagDone done);
    // For an export, from a fresh read: the sellers of `ids` in that order
    // (ids not found skipped), or when `ids` is empty every seller matching
    // the filter, newest first. The list shares its data with the copy here.
    void select(const SellerFilter &filter, const QStringList &ids, ListDone done);

    static constexpr int MaxAgeMs = 60'000;

private:
    // Calls `next` with fresh sellers (reading them first when needed).
    void withSellers(std::function<void(const SourceError *)> next);
    QList<const Seller *> matching(const SellerFilter &filter) const;
    // Completes a flag with the id of the audit row the server wrote.
    void findEntry(FlagResult result, bool flagged, Timestamp::Micros since, FlagDone done);

    RestClient *m_client;
    QList<Seller> m_sellers; // newest first by (created_at, id)
    QElapsedTimer m_age;
    bool m_loaded = false;
    QList<std::function<void(const SourceError *)>> m_waiting; // for the read in flight
};
