#include "sqlexporter.h"

#include "auditloginsert.h"
#include "exportfile.h"
#include "pgcopy.h"
#include "sqlhistoryreader.h"
#include "sqlsellerreader.h"
#include "upstreamjson.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SqlExporter", text);
}

// Progress is reported at most this often.
constexpr qint64 ProgressIntervalMs = 200;

} // namespace

SqlExporter::SqlExporter(QSqlDatabase db, SqlDialect dialect, QString orgId, QString actorId)
    : m_db(std::move(db))
    , m_dialect(dialect)
    , m_orgId(std::move(orgId))
    , m_actorId(std::move(actorId))
{}

std::optional<ExportResult> SqlExporter::exportFile(const ExportRequest &request,
                                                    const std::atomic<bool> &stop,
                                                    const Progress &progress, SourceError *error)
{
    const bool history = request.scope == ExportRequest::Scope::History;
    const QString doing = history ? tr("Exporting the history") : tr("Exporting the sellers");
    ExportFile file(request);
    if (!file.open(error))
        return std::nullopt;

    const HistoryQuery historyQuery(m_dialect, m_orgId);
    const SqlSellerReader sellers(m_db, m_dialect, m_orgId);
    const bool selection = !request.ids.isEmpty();
    QStringList ids; // as stored: lower-case
    for (const QString &id : request.ids)
        ids << id.toLower();
    SqlStatement statement;
    if (history)
        statement =
            selection ? historyQuery.selectIds(ids) : historyQuery.selectAll(request.history);
    else
        statement = selection ? sellers.selectIds(ids) : sellers.selectAll(request.sellers);

    QElapsedTimer sinceProgress;
    sinceProgress.start();
    SourceError rowError;
    bool stopped = false;
    // A selection is a page or so: its rows are kept to write them in the
    // order given. Everything else streams straight into the file.
    QHash<QString, AuditEntry> selectedEntries;
    QHash<QString, Seller> selectedSellers;
    const auto handle = [&](const SqlRow &row) {
        if (stop.load(std::memory_order_relaxed)) {
            stopped = true;
            return false;
        }
        bool ok = true;
        if (history) {
            QString why;
            const auto entry = HistoryQuery::readEntry(row, &why);
            if (!entry) {
                rowError = {SourceError::Kind::BadData, why};
                return false;
            }
            if (selection)
                selectedEntries.insert(entry->id, *entry);
            else
                ok = file.add(*entry, &rowError);
        } else {
            const auto seller = SqlSellerReader::readSeller(row, &rowError);
            if (!seller)
                return false;
            if (selection)
                selectedSellers.insert(seller->id, *seller);
            else
                ok = file.add(*seller, &rowError);
        }
        if (ok && sinceProgress.elapsed() >= ProgressIntervalMs) {
            progress(file.progress());
            sinceProgress.restart();
        }
        return ok;
    };

    bool read = false;
    if (m_dialect.isPostgres()) {
        read = PgCopy::forEachRow(m_db, statement, handle, doing, error);
    } else {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        read = q.prepare(statement.sql);
        for (const QVariant &b : std::as_const(statement.binds))
            q.addBindValue(b);
        read = read && q.exec();
        if (!read && error)
            *error = SqlHistoryReader::classify(q, doing);
        const QueryRow row(q);
        while (read && q.next())
            read = handle(row);
        if (read && q.lastError().isValid()) {
            read = false;
            if (error)
                *error = SqlHistoryReader::classify(q, doing);
        }
    }
    if (stopped) {
        if (error)
            *error = {SourceError::Kind::Failed, tr("The export was cancelled.")};
        return std::nullopt;
    }
    if (!read) {
        if (error && !rowError.message.isEmpty())
            *error = rowError;
        return std::nullopt;
    }
    for (const QString &key : std::as_const(ids)) {
        // Rows removed since they were selected are left out.
        bool ok = true;
        if (history && selectedEntries.contains(key))
            ok = file.add(selectedEntries.value(key), error);
        else if (!history && selectedSellers.contains(key))
            ok = file.add(selectedSellers.value(key), error);
        if (!ok)
            return std::nullopt;
    }
    if (stop.load()) { // the last moment a cancel can still leave no file
        if (error)
            *error = {SourceError::Kind::Failed, tr("The export was cancelled.")};
        return std::nullopt;
    }
    if (!file.commit(error))
        return std::nullopt;
    progress(file.progress());
    return file.result();
}

bool SqlExporter::record(const ExportRecord &record, SourceError *error)
{
    const QString doing = tr("Recording the export");
    if (!m_db.transaction()) {
        if (error)
            *error = {SourceError::Kind::Failed,
                      tr("%1 failed: %2").arg(doing, m_db.lastError().text())};
        return false;
    }
    QSqlQuery q(m_db);
    // The exporter's actor, when the record says who it was: a record
    // retried later (another process, another --actor) keeps its author.
    const QString actor = record.actorId.isEmpty() ? m_actorId : record.actorId;
    const auto context = AuditLogInsert::readContext(q, m_dialect, m_orgId, actor, error);
    if (!context) {
        m_db.rollback();
        return false;
    }
    // Upstream's export row, with this app's keys after its own.
    AuditEntry row;
    row.id = record.id;
    row.createdAt = context->now;
    row.action = Action::Export;
    const qsizetype n = record.sellerNames.size();
    row.sellerName = QStringLiteral("Exported %1 sellers as %2").arg(n).arg(record.format);
    // The names (hundreds of thousands of them) are streamed straight into
    // the column text, the same bytes encodeColumn writes for a QJsonArray.
    row.newValue = UpstreamJson::encodeColumn(
        UpstreamJson::Members{
            {QStringLiteral("format"), record.format},
            {QStringLiteral("sellers"), QJsonValue()},
            {QStringLiteral("scope"), record.scope == ExportRequest::Scope::Sellers
                                          ? QStringLiteral("sellers")
                                          : QStringLiteral("history")},
            {QStringLiteral("rows"), record.rows},
            {QStringLiteral("filter"), record.filter},
            {QStringLiteral("file_sha256"), record.sha256}},
        u"sellers", record.sellerNames);
    row.source = QStringLiteral("manual");
    row.userId = context->actor;
    row.affectedCount = int(n);
    row.sellerCountSnapshot = context->sellerCount;
    AuditLogInsert insert(m_db, m_dialect);
    insert.setIgnoreExisting(true);
    QString why;
    if (!insert.insert(row, m_orgId, &why) || !m_db.commit()) {
        if (why.isEmpty())
            why = m_db.lastError().text();
        m_db.rollback();
        if (error)
            *error = {SourceError::Kind::Failed, tr("%1 failed: %2").arg(doing, why)};
        return false;
    }
    return true;
}
