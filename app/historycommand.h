#pragma once

#include "commandline.h"
#include "historysource.h"

#include <QObject>

#include <memory>

// `seller-history history`: prints one page of the history, with its total
// and page number, as a table or as JSON. It asks the source for the page,
// then for the counts under the same snapshot, and prints only when all has
// arrived, so nothing is printed half.
class HistoryCommand : public QObject
{
    Q_OBJECT
public:
    HistoryCommand();
    ~HistoryCommand() override;

    // Parses and sends the first request. Returns false, with *exitCode set,
    // when it is already finished (bad usage, help, a source that cannot be
    // built); otherwise the event loop runs until it calls exit().
    bool start(const QStringList &args, int *exitCode);

private:
    void onPage(HistorySource::RequestId id, const PageResult &page);
    void onCounts(HistorySource::RequestId id, const CountResult &counts);
    void onFailed(HistorySource::RequestId id, const SourceError &error);
    void finishIfComplete();
    QString formatTable() const;

    CommandLine::CommonOptions m_common;
    std::unique_ptr<HistorySource> m_source;
    PageRequest m_request;
    bool m_json = false;
    PageResult m_page;
    HistorySource::RequestId m_pageId = 0;
    HistorySource::RequestId m_countsId = 0;
    HistorySource::RequestId m_beforeId = 0;
    qint64 m_total = -1;
    qint64 m_offset = -1;
};
