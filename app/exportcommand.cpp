#include "exportcommand.h"

#include "flagcommand.h"
#include "historycommand.h"
#include "sellerscommand.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>

ExportCommand::ExportCommand(ExportRequest::Scope scope)
{
    m_request.scope = scope;
}

ExportCommand::~ExportCommand() = default;

QString ExportCommand::description() const
{
    return m_request.scope == ExportRequest::Scope::History
               ? tr("Exports the history rows matching the filters to a CSV file and records "
                    "the export in the history.")
               : tr("Exports the sellers matching the filters (or listed in --ids-file) to a "
                    "CSV file and records the export in the history.");
}

void ExportCommand::addOptions(QCommandLineParser &parser)
{
    if (m_request.scope == ExportRequest::Scope::History) {
        HistoryCommand::addFilterOptions(parser);
    } else {
        SellersCommand::addFilterOptions(parser);
        parser.addOption({QStringLiteral("ids-file"),
                          tr("Only these sellers: a file of seller ids ('-' reads standard "
                             "input)."),
                          tr("FILE")});
    }
    parser.addOptions({
        {QStringLiteral("output"), tr("The CSV file to write (replaced when complete)."),
         tr("FILE")},
        {QStringLiteral("excel"),
         tr("Spreadsheet-safe CSV: UTF-8 BOM, every field quoted, formulas neutralised.")},
    });
}

bool ExportCommand::readOptions(const QCommandLineParser &parser, QString *error)
{
    if (m_request.scope == ExportRequest::Scope::History) {
        if (!HistoryCommand::readFilter(parser, common().zone.zone(), &m_request.history, error))
            return false;
    } else {
        if (!SellersCommand::readFilter(parser, &m_request.sellers, error))
            return false;
        if (parser.isSet(QStringLiteral("ids-file"))) {
            const auto ids = readSellerIdsFile(parser.value(QStringLiteral("ids-file")), error);
            if (!ids)
                return false;
            if (ids->isEmpty()) {
                *error = tr("The ids file lists no sellers.");
                return false;
            }
            m_request.ids = *ids;
        }
    }
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty()) {
        *error = tr("Give the file to write with --output FILE.");
        return false;
    }
    m_request.path = QFileInfo(output).absoluteFilePath();
    m_request.profile =
        parser.isSet(QStringLiteral("excel")) ? CsvProfile::Spreadsheet : CsvProfile::Standard;
    m_request.zoneId = QString::fromUtf8(common().zone.zone().id());
    return true;
}

void ExportCommand::begin()
{
    QString error;
    m_outbox = ExportOutbox::openDefault(&error);
    if (!m_outbox) {
        // Without an outbox a failed record could be lost: refuse up front.
        CommandLine::printError(
            tr("Cannot export: the outbox that keeps unrecorded exports is unusable. %1")
                .arg(error));
        finish(CommandLine::Usage);
        return;
    }
    m_controller = std::make_unique<ExportController>(m_outbox.get());
    m_controller->setSource(&source());
    connect(m_controller.get(), &ExportController::finished, this, &ExportCommand::onFinished);
    connect(m_controller.get(), &ExportController::failed, this, [this](const SourceError &e) {
        CommandLine::printError(e.message);
        finish(CommandLine::exitCodeFor(e));
    });
    m_controller->start(m_request);
}

void ExportCommand::onSourceFailed(HistorySource::RequestId, const SourceError &)
{
    // The controller hears of it and says what it means for the file and
    // its record.
}

void ExportCommand::onFinished(const ExportOutcome &outcome)
{
    const QLocale locale;
    const qint64 rows = outcome.file.rows;
    const QString path = QDir::toNativeSeparators(outcome.file.path);
    CommandLine::printOut(rows == 1
                              ? tr("Exported 1 row to %1.\n").arg(path)
                              : tr("Exported %1 rows to %2.\n").arg(locale.toString(rows), path));
    if (outcome.recorded) {
        finish(CommandLine::Ok);
        return;
    }
    CommandLine::printError(tr("The file is complete, but its record could not be written to "
                               "the history (%1). It is kept in the outbox; run "
                               "'seller-history outbox --retry' to write it.")
                                .arg(outcome.recordError));
    finish(CommandLine::RecordQueued);
}

OutboxCommand::OutboxCommand() = default;
OutboxCommand::~OutboxCommand() = default;

QString OutboxCommand::description() const
{
    return tr("Lists the export records not yet written to the history, or writes those of "
              "the source with --retry.");
}

void OutboxCommand::addOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("retry"), tr("Write the queued records of this source now.")});
}

bool OutboxCommand::readOptions(const QCommandLineParser &parser, QString *)
{
    m_retry = parser.isSet(QStringLiteral("retry"));
    return true;
}

bool OutboxCommand::needsSource() const
{
    return m_retry; // listing reads the outbox only
}

void OutboxCommand::begin()
{
    QString error;
    m_outbox = ExportOutbox::openDefault(&error);
    if (!m_outbox) {
        CommandLine::printError(error);
        finish(CommandLine::Usage);
        return;
    }
    if (!m_retry) {
        const QList<ExportOutbox::Entry> entries = m_outbox->pending({}, &error);
        if (!error.isEmpty()) {
            CommandLine::printError(error);
            finish(CommandLine::BadData);
            return;
        }
        if (entries.isEmpty()) {
            CommandLine::printOut(tr("No exports are waiting to be recorded.\n"));
            finish(CommandLine::Ok);
            return;
        }
        const QLocale locale;
        QString out = (entries.size() == 1 ? tr("1 export is waiting to be recorded:\n")
                                           : tr("%1 exports are waiting to be recorded:\n")
                                                 .arg(locale.toString(entries.size())));
        for (const ExportOutbox::Entry &e : entries) {
            out +=
                tr("  %1  %2  %3 rows  %4 tries  %5\n")
                    .arg(Timestamp::toIsoUtc(e.record.exportedAt), e.record.fileName,
                         locale.toString(e.record.rows), locale.toString(e.attempts), e.sourceKey);
            if (!e.lastError.isEmpty())
                out += tr("      last error: %1\n").arg(e.lastError.simplified());
        }
        CommandLine::printOut(out);
        finish(CommandLine::Ok);
        return;
    }
    m_controller = std::make_unique<ExportController>(m_outbox.get());
    m_controller->setSource(&source());
    connect(m_controller.get(), &ExportController::outboxRetried, this,
            [this](int written, int stillPending, const QString &lastError) {
                const QLocale locale;
                CommandLine::printOut(
                    tr("Recorded %1 of the queued exports; %2 still queued.\n")
                        .arg(locale.toString(written), locale.toString(stillPending)));
                if (stillPending > 0) {
                    CommandLine::printError(tr("Still failing: %1").arg(lastError));
                    finish(CommandLine::RecordQueued);
                } else {
                    finish(CommandLine::Ok);
                }
            });
    m_controller->retryOutbox();
}

void OutboxCommand::onSourceFailed(HistorySource::RequestId, const SourceError &)
{
    // The controller counts a failed record and reports the tally.
}
