#pragma once

#include "action.h"
#include "timestamp.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <optional>

// One seller_audit_log row as a source delivers it: a plain value, cheap to
// copy (implicitly shared strings), with JSON columns kept as the raw text the
// source stored so that nothing is lost before the details parser looks at it.
struct AuditEntry
{
    QString id; // uuid, lower-case canonical text
    Timestamp::Micros createdAt = 0;
    Action action = Action::Add;
    QString sellerId; // uuid or empty
    QString sellerName;
    QByteArray oldValue; // JSON text as stored (may be a JSON string holding JSON)
    QByteArray newValue; // idem; empty means SQL NULL
    QString source;      // manual, collection_run, auto_remove, export
    QString sourceRunId; // uuid or empty
    QString userId;      // uuid or empty
    QString userName;    // from profiles: display name, else email; may be empty
    int affectedCount = 1;
    std::optional<int> sellerCountSnapshot;

    // What the User column shows: the profile's name when the source has one,
    // else the raw id.
    QString userLabel() const { return userName.isEmpty() ? userId : userName; }

    friend bool operator==(const AuditEntry &, const AuditEntry &) = default;
};

Q_DECLARE_METATYPE(AuditEntry)
