#pragma once

#include "auditentry.h"
#include "paging.h"
#include "seller.h"

#include <QJsonObject>

// The command line's JSON shapes (product.md §5, `history --json`).
namespace EntryJson {

// {id, created_at, action, seller_name, source, source_run_id, user_id,
//  affected_count, seller_count_snapshot, details}: details is the parsed
// new_value object (old_value for removes, which keep their data there),
// the raw text when it does not parse, or null.
QJsonObject toJson(const AuditEntry &entry);

// {"entries", "total", "page", "pages", "next_cursor", "prev_cursor"}.
QJsonObject pageToJson(const PageResult &page, qint64 offset, qint64 total, int pageSize);

// A seller with upstream's column names: {id, display_name, normalized_name,
// platform, platform_id, flagged, times_seen, feedback_score, item_count,
// created_at, first_seen_run_id, last_seen_run_id}.
QJsonObject sellerToJson(const Seller &seller);

// {"sellers", "total", "page", "pages"}.
QJsonObject sellerPageToJson(const SellerPageResult &page, int pageSize);

} // namespace EntryJson
