#pragma once

#include "timestamp.h"

#include <QString>

#include <optional>

// A position in the (created_at, id) order: the key of one row. Encoded for
// the command line as an opaque token so callers do not depend on its shape.
struct PageCursor
{
    Timestamp::Micros createdAt = 0;
    QString id;

    QString encode() const;
    static std::optional<PageCursor> decode(QStringView token);

    friend bool operator==(const PageCursor &, const PageCursor &) = default;
};
