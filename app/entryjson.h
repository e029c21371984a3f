#pragma once

#include "auditentry.h"
#include "paging.h"

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

} // namespace EntryJson
