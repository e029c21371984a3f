#pragma once

#include "sourcecommand.h"

// `seller-history sellers [--search T] [--flagged|--unflagged] [--page N]
// [--page-size N] [--json]`: prints one page of the sellers, newest first,
// with the total of the filter.
class SellersCommand : public SourceCommand
{
    Q_OBJECT
public:
    // --search, --flagged, --unflagged; shared with `export-sellers`.
    static void addFilterOptions(QCommandLineParser &parser);
    static bool readFilter(const QCommandLineParser &parser, SellerFilter *filter, QString *error);

protected:
    QString description() const override;
    void addOptions(QCommandLineParser &parser) override;
    bool readOptions(const QCommandLineParser &parser, QString *error) override;
    void begin() override;

private:
    void onPage(HistorySource::RequestId id, const SellerPageResult &page);
    QString formatTable(const SellerPageResult &page) const;

    SellerPageRequest m_request;
    bool m_json = false;
    HistorySource::RequestId m_pageId = 0;
};
