#pragma once

#include "auditentry.h"
#include "seller.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <optional>

// Strict reading of the upstream API's answers (upstream.md, "REST API").
// A field that is missing or of the wrong type fails the whole answer with a
// message naming the entry and the field: nothing is guessed, and no row is
// ever shown half-read. new_value is kept as the column text it stands for
// (a JSON string holding JSON, normally), so the details pane reads it like
// any other source's.
namespace RestCodec {

struct AuditLogPage
{
    QList<AuditEntry> entries;
    qint64 total = 0;
};

std::optional<AuditLogPage> auditLog(const QByteArray &body, QString *error);

// GET /sellers/audit-log/{id}/sellers: the entry's own diff.
struct EntrySellers
{
    QStringList added;
    QStringList removed;
};
std::optional<EntrySellers> entrySellers(const QByteArray &body, QString *error);

// GET /sellers: every seller (the service pages internally past 1,000).
std::optional<QList<Seller>> sellers(const QByteArray &body, qint64 *total, QString *error);

// POST /sellers/flag-batch: {"updated_count": n}.
std::optional<int> updatedCount(const QByteArray &body, QString *error);

// FastAPI's error body: {"detail": "text"} or {"detail": [{"loc": [...],
// "msg": "..."}]}; empty when the body says nothing readable.
QString errorDetail(const QByteArray &body);

} // namespace RestCodec
