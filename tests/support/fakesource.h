#pragma once

#include "historysource.h"

#include <QList>

// A HistorySource whose answers the test scripts: it records every request
// and cancel, and replies only when told, in any order. For timing and fault
// injection only; behaviour is tested against real sources.
class FakeSource : public HistorySource
{
    Q_OBJECT
public:
    struct PageCall
    {
        RequestId id;
        PageRequest request;
    };
    struct CountCall
    {
        RequestId id;
        CountRequest request;
    };

    using HistorySource::HistorySource;

    QString description() const override { return QStringLiteral("fake:"); }
    Capabilities capabilities() const override { return caps; }
    bool canReauthenticate() const override { return reauthenticates; }
    void setCredentials(const QByteArray &secret) override { credentials = secret; }
    RequestId requestPage(const PageRequest &request) override;
    RequestId requestCounts(const CountRequest &request) override;
    RequestId requestSellerPage(const SellerPageRequest &request) override;
    RequestId requestSellerIds(const SellerFilter &filter) override;
    RequestId requestFlag(const FlagRequest &request) override;
    RequestId requestExport(const ExportRequest &request) override;
    RequestId requestRecordExport(const ExportRecord &record) override;
    void cancel(RequestId id) override { cancelled << id; }

    void replyPage(RequestId id, const PageResult &result) { emit pageReady(id, result); }
    void replyCounts(RequestId id, const CountResult &result) { emit countsReady(id, result); }
    void replySellerPage(RequestId id, const SellerPageResult &result)
    {
        emit sellerPageReady(id, result);
    }
    void replySellerIds(RequestId id, const QStringList &ids) { emit sellerIdsReady(id, ids); }
    void replyFlag(RequestId id, const FlagResult &result) { emit flagDone(id, result); }
    void replyExportProgress(RequestId id, const ExportProgress &progress)
    {
        emit exportProgress(id, progress);
    }
    void replyExport(RequestId id, const ExportResult &result) { emit exportDone(id, result); }
    void replyRecorded(RequestId id) { emit exportRecorded(id); }
    void fail(RequestId id, const SourceError &error) { emit failed(id, error); }

    Capabilities caps;
    bool reauthenticates = false;
    QByteArray credentials;
    struct SellerPageCall
    {
        RequestId id;
        SellerPageRequest request;
    };
    struct SellerIdsCall
    {
        RequestId id;
        SellerFilter filter;
    };
    struct FlagCall
    {
        RequestId id;
        FlagRequest request;
    };
    struct ExportCall
    {
        RequestId id;
        ExportRequest request;
    };
    struct RecordCall
    {
        RequestId id;
        ExportRecord record;
    };
    QList<ExportCall> exports;
    QList<RecordCall> records;
    QList<SellerPageCall> sellerPages;
    QList<SellerIdsCall> sellerIds;
    QList<FlagCall> flags;
    QList<PageCall> pages;
    QList<CountCall> counts;
    QList<RequestId> cancelled;

private:
    RequestId m_next = 1;
};
