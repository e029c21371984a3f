#include "entrydetails.h"

#include "upstreamjson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("EntryDetails", text, disambiguation, n);
}

QString columnLabel(bool isOld)
{
    return isOld ? QStringLiteral("old_value") : QStringLiteral("new_value");
}

// Unwraps a column to its object, or records why it could not.
std::optional<QJsonObject> objectOf(const QByteArray &column, bool isOld, QStringList &warnings)
{
    const UpstreamJson::Decoded d = UpstreamJson::decodeColumn(column);
    if (d.shape == UpstreamJson::Decoded::Shape::Null)
        return std::nullopt;
    if (!d.ok()) {
        warnings << tr("%1: %2; shown raw.").arg(columnLabel(isOld), d.error);
        return std::nullopt;
    }
    if (!d.value.isObject()) {
        warnings << tr("%1: expected a JSON object; shown raw.").arg(columnLabel(isOld));
        return std::nullopt;
    }
    return d.value.toObject();
}

std::optional<QString> stringMember(const QJsonObject &o, const QString &key, bool isOld,
                                    QStringList &warnings)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isString()) {
        warnings << tr("%1: \"%2\" is not text.").arg(columnLabel(isOld), key);
        return std::nullopt;
    }
    return v.toString();
}

std::optional<QStringList> namesMember(const QJsonObject &o, const QString &key, bool isOld,
                                       QStringList &warnings)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isArray()) {
        warnings << tr("%1: \"%2\" is not a list.").arg(columnLabel(isOld), key);
        return std::nullopt;
    }
    QStringList names;
    const QJsonArray array = v.toArray();
    names.reserve(array.size());
    bool allText = true;
    for (const QJsonValue &item : array) {
        if (item.isString())
            names << item.toString();
        else
            allText = false;
    }
    if (!allText)
        warnings << tr("%1: \"%2\" holds entries that are not names; they are left out.")
                        .arg(columnLabel(isOld), key);
    return names;
}

} // namespace

QString EntryDetails::rawText(const QByteArray &column)
{
    if (column.isEmpty())
        return {};
    const UpstreamJson::Decoded d = UpstreamJson::decodeColumn(column);
    if (!d.ok())
        return QString::fromUtf8(column);
    const QJsonValue v = d.value;
    QString pretty;
    if (v.isObject())
        pretty = QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented));
    else if (v.isArray())
        pretty = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented));
    else
        pretty = QString::fromUtf8(UpstreamJson::jsonbText(v));
    if (d.shape == UpstreamJson::Decoded::Shape::StringOfJson)
        return tr("(stored as a JSON string holding:)\n%1").arg(pretty.trimmed());
    return pretty.trimmed();
}

// No English catalogue ships, so the source text is what English users read:
// counted summaries have their own singular and plural source strings. Both
// stay numerus strings (%n) so that a translation still applies its
// language's plural rules.
EntryDetails EntryDetails::from(const AuditEntry &e)
{
    EntryDetails d;
    const auto oldObj = objectOf(e.oldValue, true, d.warnings);
    const auto newObj = objectOf(e.newValue, false, d.warnings);
    const QJsonObject oldO = oldObj.value_or(QJsonObject());
    const QJsonObject newO = newObj.value_or(QJsonObject());
    const QString displayName = QStringLiteral("display_name");
    const QString names = QStringLiteral("names");
    const QString sellersKey = QStringLiteral("sellers");

    switch (e.action) {
    case Action::Add:
        if (auto list = namesMember(newO, names, false, d.warnings)) {
            d.listKind = ListKind::Added;
            d.sellers = *list;
            const int n = int(list->size());
            d.summary =
                n == 1 ? tr("Added %n seller", nullptr, n) : tr("Added %n sellers", nullptr, n);
        } else {
            d.listKind = ListKind::Seller;
            d.sellers = {stringMember(newO, displayName, false, d.warnings).value_or(e.sellerName)};
            d.summary = tr("Added seller \"%1\"").arg(d.sellers.first());
        }
        break;
    case Action::Edit:
        d.oldName = stringMember(oldO, displayName, true, d.warnings).value_or(QString());
        d.newName = stringMember(newO, displayName, false, d.warnings).value_or(e.sellerName);
        d.listKind = ListKind::Seller;
        d.sellers = {d.newName};
        d.summary = d.oldName.isEmpty() ? tr("Renamed a seller to \"%1\"").arg(d.newName)
                                        : tr("Renamed \"%1\" to \"%2\"").arg(d.oldName, d.newName);
        break;
    case Action::Remove:
        if (auto list = namesMember(oldO, names, true, d.warnings)) {
            d.listKind = ListKind::Removed;
            d.sellers = *list;
            const int n = int(list->size());
            d.summary =
                n == 1 ? tr("Removed %n seller", nullptr, n) : tr("Removed %n sellers", nullptr, n);
        } else {
            d.listKind = ListKind::Seller;
            d.sellers = {stringMember(oldO, displayName, true, d.warnings).value_or(e.sellerName)};
            d.summary = tr("Removed seller \"%1\"").arg(d.sellers.first());
        }
        break;
    case Action::Export: {
        d.format =
            stringMember(newO, QStringLiteral("format"), false, d.warnings).value_or(QString());
        d.listKind = ListKind::Exported;
        d.sellers = namesMember(newO, sellersKey, false, d.warnings).value_or(QStringList());
        const int n = e.affectedCount;
        if (d.format.isEmpty())
            d.summary = n == 1 ? tr("Exported %n seller", nullptr, n)
                               : tr("Exported %n sellers", nullptr, n);
        else
            d.summary = (n == 1 ? tr("Exported %n seller as %1", nullptr, n)
                                : tr("Exported %n sellers as %1", nullptr, n))
                            .arg(d.format);
        break;
    }
    case Action::Flag: {
        const QJsonValue f = newO.value(QStringLiteral("flagged"));
        if (f.isBool())
            d.flagged = f.toBool();
        else if (newObj)
            d.warnings << tr("new_value: \"flagged\" is missing or not true/false.");
        d.sellers = namesMember(newO, sellersKey, false, d.warnings).value_or(QStringList());
        d.reason =
            stringMember(newO, QStringLiteral("reason"), false, d.warnings).value_or(QString());
        d.listKind = d.flagged.value_or(true) ? ListKind::Flagged : ListKind::Unflagged;
        const int n = int(d.sellers.size());
        if (d.flagged.value_or(true))
            d.summary =
                n == 1 ? tr("Flagged %n seller", nullptr, n) : tr("Flagged %n sellers", nullptr, n);
        else
            d.summary = n == 1 ? tr("Unflagged %n seller", nullptr, n)
                               : tr("Unflagged %n sellers", nullptr, n);
        break;
    }
    }

    static const QStringList known{QStringLiteral("display_name"), QStringLiteral("names"),
                                   QStringLiteral("format"),       QStringLiteral("sellers"),
                                   QStringLiteral("flagged"),      QStringLiteral("reason")};
    for (auto it = newO.begin(); it != newO.end(); ++it) {
        if (!known.contains(it.key()))
            d.extras.insert(it.key(), it.value());
    }
    return d;
}

void EntryDetails::addSourceLists(const AuditEntry &entry, const QStringList &added,
                                  const QStringList &removed)
{
    if (entry.action == Action::Remove && entry.oldValue.isEmpty() && entry.affectedCount != 1 &&
        !removed.isEmpty()) {
        listKind = ListKind::Removed;
        sellers = removed;
        const int n = int(removed.size());
        summary =
            n == 1 ? tr("Removed %n seller", nullptr, n) : tr("Removed %n sellers", nullptr, n);
    } else if (entry.action == Action::Edit && oldName.isEmpty() && removed.size() == 1) {
        oldName = removed.first();
        summary = tr("Renamed \"%1\" to \"%2\"").arg(oldName, newName);
    } else if (entry.action == Action::Add && listKind == ListKind::Seller && added.size() > 1) {
        listKind = ListKind::Added;
        sellers = added;
        const int n = int(added.size());
        summary = n == 1 ? tr("Added %n seller", nullptr, n) : tr("Added %n sellers", nullptr, n);
    }
}

QStringList EntryDetails::namesOrSellerName(const AuditEntry &entry) const
{
    switch (listKind) {
    case ListKind::Added:
    case ListKind::Removed:
    case ListKind::Exported:
    case ListKind::Flagged:
    case ListKind::Unflagged:
        return sellers;
    case ListKind::None:
    case ListKind::Seller:
        break;
    }
    return {entry.sellerName};
}

EntryDetails::SellerLookup EntryDetails::sellerSet(const AuditEntry &entry, qsizetype limit) const
{
    SellerLookup lookup;
    if (listKind == ListKind::None)
        return lookup;
    SellerSet set;
    set.entryId = entry.id; // named in an export of the set
    if (listKind == ListKind::Seller && !entry.sellerId.isEmpty()) {
        set.key = SellerSet::Key::Id;
        set.values = {entry.sellerId};
        lookup.sellers = set;
        return lookup;
    }
    // A row about many sellers whose names are not (yet) known holds a
    // summary in seller_name, not a name (REST bulk removes, until the
    // source's own lists arrive).
    if (listKind == ListKind::Seller && entry.affectedCount != 1)
        return lookup;
    const QStringList names = namesOrSellerName(entry);
    QSet<QString> seen;
    seen.reserve(std::min(names.size(), limit + 1));
    for (const QString &name : names) {
        if (name.isEmpty())
            continue;
        const qsizetype before = seen.size();
        seen.insert(name);
        if (seen.size() == before)
            continue;
        if (seen.size() > limit) {
            lookup.tooMany = true;
            return lookup;
        }
        set.values << name;
    }
    if (!set.values.isEmpty())
        lookup.sellers = set;
    return lookup;
}

QString EntryDetails::listTitle() const
{
    // 672,467, not 672467: export rows list every seller of the file.
    const QString n = QLocale().toString(sellers.size());
    switch (listKind) {
    case ListKind::None:
        return {};
    case ListKind::Seller:
        return tr("Seller");
    case ListKind::Added:
        return tr("Added (%1)").arg(n);
    case ListKind::Removed:
        return tr("Removed (%1)").arg(n);
    case ListKind::Exported:
        return tr("Exported (%1)").arg(n);
    case ListKind::Flagged:
        return tr("Flagged (%1)").arg(n);
    case ListKind::Unflagged:
        return tr("Unflagged (%1)").arg(n);
    }
    return {};
}
