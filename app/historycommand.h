#pragma once

#include "sourcecommand.h"

// `seller-history history`: prints one page of the history, with its total
// and page number, as a table or as JSON. It asks the source for the page,
// then for the counts under the same snapshot, and prints only when all has
// arrived, so nothing is printed half.
class HistoryCommand : public SourceCommand
{
    Q_OBJECT
public:
    // The history filter's options (--actions, --from, --to, --search,
    // --oldest-first), shared with `export`.
    static void addFilterOptions(QCommandLineParser &parser);
    static bool readFilter(const QCommandLineParser &parser, const QTimeZone &zone,
                           HistoryFilter *filter, QString *error);

protected:
    QString description() const override;
    void addOptions(QCommandLineParser &parser) override;
    bool readOptions(const QCommandLineParser &parser, QString *error) override;
    void begin() override;

private:
    void onPage(HistorySource::RequestId id, const PageResult &page);
    void onCounts(HistorySource::RequestId id, const CountResult &counts);
    void finishIfComplete();
    QString formatTable() const;

    PageRequest m_request;
    bool m_json = false;
    PageResult m_page;
    HistorySource::RequestId m_pageId = 0;
    HistorySource::RequestId m_countsId = 0;
    HistorySource::RequestId m_beforeId = 0;
    qint64 m_total = -1;
    qint64 m_offset = -1;
};
