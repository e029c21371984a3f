#include "historycommand.h"

#include "dateexpression.h"
#include "entryjson.h"
#include "historytablemodel.h"
#include "texttable.h"

#include <QJsonDocument>
#include <QLocale>

QString HistoryCommand::description() const
{
    return tr("Prints one page of the seller history.");
}

void HistoryCommand::addOptions(QCommandLineParser &parser)
{
    addFilterOptions(parser);
    parser.addOptions({
        {QStringLiteral("page"), tr("Page number, or 'last'."), tr("N")},
        {QStringLiteral("after"), tr("The page after this cursor (next_cursor)."), tr("CURSOR")},
        {QStringLiteral("before"), tr("The page before this cursor (prev_cursor)."), tr("CURSOR")},
        {QStringLiteral("page-size"), tr("Rows per page, 1 to 1000 (default 50)."), tr("N")},
        {QStringLiteral("json"), tr("Print JSON.")},
    });
}

void HistoryCommand::addFilterOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("actions"), tr("Only these actions: add,edit,remove,export,flag."),
         tr("LIST")},
        {QStringLiteral("from"), tr("Start: YYYY-MM-DD (whole day), ISO 8601 time, now-7d."),
         tr("DATE")},
        {QStringLiteral("to"),
         tr("End, inclusive: YYYY-MM-DD (whole day), ISO 8601 time, now-12h."), tr("DATE")},
        {QStringLiteral("search"), tr("Seller name contains this text."), tr("TEXT")},
        {QStringLiteral("oldest-first"), tr("Oldest entries first.")},
    });
}

bool HistoryCommand::readFilter(const QCommandLineParser &parser, const QTimeZone &zone,
                                HistoryFilter *filter, QString *error)
{
    if (parser.isSet(QStringLiteral("actions"))) {
        const auto actions = ActionInfo::parseList(parser.value(QStringLiteral("actions")), error);
        if (!actions)
            return false;
        filter->actions = *actions;
    }
    const Timestamp::Micros now = Timestamp::now();
    for (const auto &[name, bound] :
         {std::pair{QStringLiteral("from"), DateExpression::Bound::Start},
          std::pair{QStringLiteral("to"), DateExpression::Bound::End}}) {
        if (!parser.isSet(name))
            continue;
        const auto t = DateExpression::resolve(parser.value(name), bound, zone, now, error);
        if (!t)
            return false;
        (bound == DateExpression::Bound::Start ? filter->from : filter->to) = *t;
    }
    if (!filter->hasValidRange()) {
        *error = tr("The --to date is before the --from date.");
        return false;
    }
    filter->search = parser.value(QStringLiteral("search"));
    filter->order = parser.isSet(QStringLiteral("oldest-first")) ? SortOrder::OldestFirst
                                                                 : SortOrder::NewestFirst;
    return true;
}

bool HistoryCommand::readOptions(const QCommandLineParser &parser, QString *error)
{
    if (!readFilter(parser, common().zone.zone(), &m_request.filter, error))
        return false;
    m_json = parser.isSet(QStringLiteral("json"));

    const auto size = pageSize(parser, 50, 1000, error);
    if (!size)
        return false;
    m_request.pageSize = *size;
    const int positions = int(parser.isSet(QStringLiteral("page"))) +
                          int(parser.isSet(QStringLiteral("after"))) +
                          int(parser.isSet(QStringLiteral("before")));
    if (positions > 1) {
        *error = tr("Use only one of --page, --after and --before.");
        return false;
    }
    if (parser.value(QStringLiteral("page")) == QLatin1String("last")) {
        m_request.anchor = PageAnchor::Last;
    } else if (parser.isSet(QStringLiteral("page"))) {
        const auto offset = pageOffset(parser, m_request.pageSize, error);
        if (!offset) {
            *error = tr("--page must be a page number (1 or more) or 'last'.");
            return false;
        }
        m_request.anchor = *offset == 0 ? PageAnchor::First : PageAnchor::Offset;
        m_request.offset = *offset;
    }
    for (const auto &[name, anchor] : {std::pair{QStringLiteral("after"), PageAnchor::After},
                                       std::pair{QStringLiteral("before"), PageAnchor::Before}}) {
        if (!parser.isSet(name))
            continue;
        const auto cursor = PageCursor::decode(parser.value(name));
        if (!cursor) {
            *error = tr("The --%1 cursor is not one this program printed.").arg(name);
            return false;
        }
        m_request.anchor = anchor;
        m_request.cursor = *cursor;
    }
    return true;
}

void HistoryCommand::begin()
{
    connect(&source(), &HistorySource::pageReady, this, &HistoryCommand::onPage);
    connect(&source(), &HistorySource::countsReady, this, &HistoryCommand::onCounts);
    m_pageId = source().requestPage(m_request);
}

void HistoryCommand::onPage(HistorySource::RequestId id, const PageResult &page)
{
    if (id != m_pageId)
        return;
    m_page = page;
    m_offset = page.offset;
    if (page.total >= 0)
        m_total = page.total;
    CountRequest counts;
    counts.filter = m_request.filter;
    counts.snapshot = page.snapshot;
    if (m_total < 0) {
        counts.kind = CountKind::PerAction;
        m_countsId = source().requestCounts(counts);
    }
    if (m_offset < 0 && !page.entries.isEmpty()) {
        counts.kind = CountKind::RowsBefore;
        counts.cursor = page.firstCursor();
        m_beforeId = source().requestCounts(counts);
    }
    m_pageId = 0;
    finishIfComplete();
}

void HistoryCommand::onCounts(HistorySource::RequestId id, const CountResult &counts)
{
    if (id == m_countsId) {
        m_total = counts.totalFor(m_request.filter.actions);
        m_countsId = 0;
    } else if (id == m_beforeId) {
        m_offset = counts.rowsBefore;
        m_beforeId = 0;
    }
    finishIfComplete();
}

void HistoryCommand::finishIfComplete()
{
    if (m_pageId || m_countsId || m_beforeId)
        return;
    if (m_json) {
        const QJsonObject json =
            EntryJson::pageToJson(m_page, m_offset, m_total, m_request.pageSize);
        CommandLine::printOut(
            QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));
    } else {
        CommandLine::printOut(formatTable());
    }
    finish(CommandLine::Ok);
}

QString HistoryCommand::formatTable() const
{
    HistoryTableModel model;
    model.setTimeZone(common().zone.zone());
    model.setEntries(m_page.entries);
    QString out = TextTable::render(model, {HistoryTableModel::SellersColumn});
    const QLocale locale;
    const qint64 pages = pageCountFor(m_total, m_request.pageSize);
    if (m_page.entries.isEmpty()) {
        out += tr("No entries match (%1 in all).\n").arg(locale.toString(m_total));
    } else {
        out += tr("Page %1 of %2 · rows %3–%4 of %5 · times in %6\n")
                   .arg(m_offset >= 0 ? locale.toString(m_offset / m_request.pageSize + 1)
                                      : QStringLiteral("?"),
                        locale.toString(pages),
                        m_offset >= 0 ? locale.toString(m_offset + 1) : QStringLiteral("?"),
                        m_offset >= 0 ? locale.toString(m_offset + m_page.entries.size())
                                      : QStringLiteral("?"),
                        locale.toString(m_total), common().zone.label());
    }
    if (!m_page.atEnd && !m_page.entries.isEmpty())
        out += tr("Next page: --after %1\n").arg(m_page.lastCursor().encode());
    if (!m_page.atStart && !m_page.entries.isEmpty())
        out += tr("Previous page: --before %1\n").arg(m_page.firstCursor().encode());
    return out;
}
