#pragma once

#include "auditentry.h"
#include "seller.h"

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

    static EntryDetails from(const AuditEntry &entry);
    // Fills in what a source reports separately and the row itself lacks:
    // the REST API returns no old_value, so a bulk remove's names and an
    // edit's old name come from the entry's own added/removed lists.
    void addSourceLists(const AuditEntry &entry, const QStringList &added,
                        const QStringList &removed);

    // The names of bulk, export and flag rows, else the row's seller name.
    QStringList namesOrSellerName(const AuditEntry &entry) const;
    QString listTitle() const; // "Flagged (3)", "Added (12)", ...

    // The sellers the row names, as the Sellers view looks them up: by id for
    // a row about one seller that has one (exact, survives renames), else by
    // the names it lists (or its seller name), each once, in stored order.
    struct SellerLookup
    {
        std::optional<SellerSet> sellers; // none: nothing to look up, or too many
        bool tooMany = false;             // more than the limit of distinct values
    };
    // Stops at limit + 1 distinct values, so a list of 600,000 names costs
    // no more than one of `limit`. Call it again after addSourceLists().
    SellerLookup sellerSet(const AuditEntry &entry, qsizetype limit) const;

    // A column's JSON for people to read: indented, the double-encoded shape
    // said as such, text that is not JSON as found. Built on demand only: an
    // export row's column can hold megabytes.
    static QString rawText(const QByteArray &column);
};
