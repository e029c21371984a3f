#include "restcodec.h"

#include "upstreamjson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <cmath>

namespace RestCodec {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RestCodec", text);
}

// Reads fields of one JSON object, remembering the first problem.
class FieldReader
{
public:
    FieldReader(const QJsonObject &object, QString where)
        : m_object(object)
        , m_where(std::move(where))
    {}

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    QString text(const char *name, bool nullable = false)
    {
        const QJsonValue v = value(name);
        if (v.isString())
            return v.toString();
        if (nullable && v.isNull())
            return {};
        fail(name, nullable ? tr("is not text or null") : tr("is not text"));
        return {};
    }

    QString uuid(const char *name, bool nullable)
    {
        const QString s = text(name, nullable);
        if (!s.isEmpty() && QUuid::fromString(s).isNull())
            fail(name, tr("is not a UUID"));
        return s.toLower();
    }

    std::optional<qint64> integer(const char *name, bool nullable = false)
    {
        const QJsonValue v = value(name);
        if (nullable && v.isNull())
            return std::nullopt;
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || std::trunc(d) != d || std::abs(d) > 9.0e15) {
            fail(name,
                 nullable ? tr("is not a whole number or null") : tr("is not a whole number"));
            return std::nullopt;
        }
        return qint64(d);
    }

    QJsonValue value(const char *name)
    {
        const QJsonValue v = m_object.value(QLatin1String(name));
        if (v.isUndefined())
            fail(name, tr("is missing"));
        return v;
    }

    void fail(const char *name, const QString &what)
    {
        if (m_error.isEmpty())
            m_error = tr("%1: \"%2\" %3.").arg(m_where, QLatin1String(name), what);
    }

private:
    QJsonObject m_object;
    QString m_where;
    QString m_error;
};

std::optional<QJsonObject> document(const QByteArray &body, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError) {
        if (error)
            *error = tr("The server's answer is not valid JSON (%1 at byte %2).")
                         .arg(pe.errorString())
                         .arg(pe.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        if (error)
            *error = tr("The server's answer is not a JSON object.");
        return std::nullopt;
    }
    return doc.object();
}

std::optional<QStringList> names(const QJsonValue &v)
{
    if (!v.isArray())
        return std::nullopt;
    QStringList out;
    for (const QJsonValue &item : v.toArray()) {
        if (!item.isString())
            return std::nullopt;
        out << item.toString();
    }
    return out;
}

} // namespace

std::optional<AuditLogPage> auditLog(const QByteArray &body, QString *error)
{
    const auto root = document(body, error);
    if (!root)
        return std::nullopt;
    FieldReader top(*root, tr("The audit log answer"));
    const QJsonValue entries = top.value("entries");
    const auto total = top.integer("total");
    if (top.ok() && !entries.isArray())
        top.fail("entries", tr("is not a list"));
    if (!top.ok()) {
        if (error)
            *error = top.error();
        return std::nullopt;
    }
    AuditLogPage page;
    page.total = *total;
    const QJsonArray list = entries.toArray();
    page.entries.reserve(list.size());
    int index = 0;
    for (const QJsonValue &item : list) {
        ++index;
        if (!item.isObject()) {
            if (error)
                *error = tr("Entry %1 of the audit log answer is not an object.").arg(index);
            return std::nullopt;
        }
        const QJsonObject o = item.toObject();
        const QString id = o.value(QLatin1String("id")).toString();
        FieldReader r(o, id.isEmpty() ? tr("Entry %1").arg(index) : tr("Entry %1").arg(id));
        AuditEntry e;
        e.id = r.uuid("id", false);
        const QString action = r.text("action");
        const QString created = r.text("created_at");
        e.sellerName = r.text("seller_name");
        e.source = r.text("source");
        e.sourceRunId = r.uuid("source_run_id", true);
        e.userId = r.uuid("user_id", true);
        const auto affected = r.integer("affected_count");
        const QJsonValue snapshotValue = o.value(QLatin1String("seller_count_snapshot"));
        // Older serializers leave seller_count_snapshot out when null.
        const auto snapshot =
            snapshotValue.isUndefined() ? std::nullopt : r.integer("seller_count_snapshot", true);
        const QJsonValue newValue = r.value("new_value");
        if (r.ok()) {
            if (const auto a = ActionInfo::fromDbValue(action))
                e.action = *a;
            else
                r.fail("action", tr("is \"%1\", not an action this app knows").arg(action));
        }
        if (r.ok()) {
            if (const auto t = Timestamp::parseIso(created))
                e.createdAt = *t;
            else
                r.fail("created_at", tr("is not an ISO 8601 time (\"%1\")").arg(created));
        }
        if (!r.ok()) {
            if (error)
                *error = r.error();
            return std::nullopt;
        }
        e.affectedCount = int(*affected);
        e.sellerCountSnapshot = snapshot ? std::optional<int>(int(*snapshot)) : std::nullopt;
        // Kept as the column text it stands for: the API sends the JSONB
        // string's content, or (in rows it cannot list) a real value.
        if (newValue.isString())
            e.newValue = UpstreamJson::jsonbStringText(newValue.toString().toUtf8());
        else if (!newValue.isNull())
            e.newValue = UpstreamJson::jsonbText(newValue);
        page.entries.append(std::move(e));
    }
    return page;
}

std::optional<QList<Seller>> sellers(const QByteArray &body, qint64 *total, QString *error)
{
    const auto root = document(body, error);
    if (!root)
        return std::nullopt;
    FieldReader top(*root, tr("The sellers answer"));
    const QJsonValue list = top.value("sellers");
    const auto count = top.integer("total");
    if (top.ok() && !list.isArray())
        top.fail("sellers", tr("is not a list"));
    if (!top.ok()) {
        if (error)
            *error = top.error();
        return std::nullopt;
    }
    if (total)
        *total = *count;
    QList<Seller> out;
    out.reserve(list.toArray().size());
    int index = 0;
    for (const QJsonValue &item : list.toArray()) {
        ++index;
        const QJsonObject o = item.toObject();
        FieldReader r(
            o, tr("Seller %1").arg(o.value(QLatin1String("id")).toString(QString::number(index))));
        Seller s;
        s.id = r.uuid("id", false);
        s.displayName = r.text("display_name");
        s.normalizedName = r.text("normalized_name");
        s.platform = r.text("platform");
        s.platformId = r.text("platform_id", true);
        s.firstSeenRunId = r.uuid("first_seen_run_id", true);
        s.lastSeenRunId = r.uuid("last_seen_run_id", true);
        const auto times = r.integer("times_seen");
        const QJsonValue flagged = r.value("flagged");
        const QString created = r.text("created_at");
        if (r.ok() && !flagged.isBool())
            r.fail("flagged", tr("is not true or false"));
        std::optional<Timestamp::Micros> createdAt;
        if (r.ok() && !(createdAt = Timestamp::parseIso(created)))
            r.fail("created_at", tr("is not an ISO 8601 time (\"%1\")").arg(created));
        if (!item.isObject() || !r.ok()) {
            if (error)
                *error = item.isObject()
                             ? r.error()
                             : tr("Seller %1 of the answer is not an object.").arg(index);
            return std::nullopt;
        }
        s.flagged = flagged.toBool();
        s.timesSeen = int(*times);
        s.createdAt = *createdAt;
        out << s;
    }
    return out;
}

std::optional<int> updatedCount(const QByteArray &body, QString *error)
{
    const auto root = document(body, error);
    if (!root)
        return std::nullopt;
    FieldReader r(*root, tr("The flag answer"));
    const auto n = r.integer("updated_count");
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return int(*n);
}

std::optional<EntrySellers> entrySellers(const QByteArray &body, QString *error)
{
    const auto root = document(body, error);
    if (!root)
        return std::nullopt;
    const auto added = names(root->value(QLatin1String("added")));
    const auto removed = names(root->value(QLatin1String("removed")));
    if (!added || !removed) {
        if (error)
            *error = tr("The entry's seller lists in the server's answer are missing or not lists "
                        "of names.");
        return std::nullopt;
    }
    return EntrySellers{*added, *removed};
}

QString errorDetail(const QByteArray &body)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return QString::fromUtf8(body.left(200)).simplified();
    const QJsonValue detail = doc.object().value(QLatin1String("detail"));
    if (detail.isString())
        return detail.toString();
    if (detail.isArray()) {
        QStringList parts;
        for (const QJsonValue &item : detail.toArray()) {
            const QJsonObject o = item.toObject();
            QStringList loc;
            for (const QJsonValue &l : o.value(QLatin1String("loc")).toArray())
                loc << (l.isString() ? l.toString() : QString::number(l.toInt()));
            parts << QStringLiteral("%1: %2").arg(loc.join(u'.'),
                                                  o.value(QLatin1String("msg")).toString());
        }
        return parts.join(QStringLiteral("; "));
    }
    return {};
}

} // namespace RestCodec
