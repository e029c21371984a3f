#pragma once

#include "exportcontroller.h"
#include "exportoutbox.h"
#include "sourcecommand.h"

#include <memory>

// `seller-history export [history filters] --output FILE [--excel]` and
// `seller-history export-sellers [--search T] [--flagged|--unflagged]
// [--ids-file F] --output FILE [--excel]`: writes the CSV (Standard profile,
// or Spreadsheet with --excel), then records it. Exit 0 when both are done;
// 4 when the file is written but its record is queued in the outbox; the
// source's exit code when the file could not be written (then there is no
// file and no record).
class ExportCommand : public SourceCommand
{
    Q_OBJECT
public:
    explicit ExportCommand(ExportRequest::Scope scope);
    ~ExportCommand() override;

protected:
    QString description() const override;
    void addOptions(QCommandLineParser &parser) override;
    bool readOptions(const QCommandLineParser &parser, QString *error) override;
    void begin() override;
    void onSourceFailed(HistorySource::RequestId id, const SourceError &error) override;

private:
    void onFinished(const ExportOutcome &outcome);

    ExportRequest m_request;
    std::unique_ptr<ExportOutbox> m_outbox;
    std::unique_ptr<ExportController> m_controller;
};

// `seller-history outbox [--retry]`: lists the export records waiting to be
// written (all sources), or with --retry sends those of --source. Exit 4
// while any of that source are still queued.
class OutboxCommand : public SourceCommand
{
    Q_OBJECT
public:
    OutboxCommand();
    ~OutboxCommand() override;

protected:
    QString description() const override;
    void addOptions(QCommandLineParser &parser) override;
    bool readOptions(const QCommandLineParser &parser, QString *error) override;
    void begin() override;
    void onSourceFailed(HistorySource::RequestId id, const SourceError &error) override;
    bool needsSource() const override;

private:
    bool m_retry = false;
    std::unique_ptr<ExportOutbox> m_outbox;
    std::unique_ptr<ExportController> m_controller;
};
