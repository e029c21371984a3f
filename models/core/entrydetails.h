#pragma once

#include "auditentry.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

// What an audit row means, read from its JSON columns in either upstream
// shape (double-encoded string or real object). Used by the details pane and
// by exports (the `sellers` column); it never throws away what it cannot
// read: such a column is kept as raw text with a warning.
struct EntryDetails
{
    enum class ListKind : quint8
    {
        None,
        Seller,
        Added,
        Removed,
        Exported,
        Flagged,
        Unflagged
    };

    QString summary; // one sentence, e.g. "Flagged 3 sellers"
    ListKind listKind = ListKind::None;
    QStringList sellers;         // the names the row is about, in stored order
    QString oldName;             // edit: the name before
    QString newName;             // edit: the name after
    QString format;              // export: csv, json, clipboard
    std::optional<bool> flagged; // flag: the target state
    QString reason;              // flag written by this app: the analyst's reason
    QJsonObject extras;          // keys beyond the upstream shape (scope, rows, ...)
    QStringList warnings;        // what could not be read, in words
    QString oldRaw;              // the stored column text, for "raw JSON"
    QString newRaw;

    static EntryDetails from(const AuditEntry &entry);
    // Fills in what a source reports separately and the row itself lacks:
    // the REST API returns no old_value, so a bulk remove's names and an
    // edit's old name come from the entry's own added/removed lists.
    void addSourceLists(const AuditEntry &entry, const QStringList &added,
                        const QStringList &removed);

    // The names of bulk, export and flag rows, else the row's seller name.
    QStringList namesOrSellerName(const AuditEntry &entry) const;
    QString listTitle() const; // "Flagged (3)", "Added (12)", ...
};
