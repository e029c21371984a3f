#include "historycommand.h"

#include "apppaths.h"
#include "dateexpression.h"
#include "demodatabase.h"
#include "entryjson.h"
#include "historytablemodel.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLocale>

HistoryCommand::HistoryCommand() = default;
HistoryCommand::~HistoryCommand() = default;

bool HistoryCommand::start(const QStringList &args, int *exitCode)
{
    using namespace CommandLine;
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Prints one page of the seller history."));
    addCommonOptions(parser);
    parser.addOptions({
        {QStringLiteral("actions"), tr("Only these actions: add,edit,remove,export,flag."),
         tr("LIST")},
        {QStringLiteral("from"), tr("Start: YYYY-MM-DD (whole day), ISO 8601 time, now-7d."),
         tr("DATE")},
        {QStringLiteral("to"),
         tr("End, inclusive: YYYY-MM-DD (whole day), ISO 8601 time, now-12h."), tr("DATE")},
        {QStringLiteral("search"), tr("Seller name contains this text."), tr("TEXT")},
        {QStringLiteral("page"), tr("Page number, or 'last'."), tr("N")},
        {QStringLiteral("after"), tr("The page after this cursor (next_cursor)."), tr("CURSOR")},
        {QStringLiteral("before"), tr("The page before this cursor (prev_cursor)."), tr("CURSOR")},
        {QStringLiteral("page-size"), tr("Rows per page, 1 to 1000 (default 50)."), tr("N")},
        {QStringLiteral("oldest-first"), tr("Oldest entries first.")},
        {QStringLiteral("json"), tr("Print JSON.")},
    });
    const auto usageError = [&](const QString &message) {
        printError(message);
        *exitCode = Usage;
        return false;
    };
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText());
        *exitCode = Ok;
        return false;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            tr("Unexpected argument \"%1\".").arg(parser.positionalArguments().first()));
    QString error;
    if (!readCommonOptions(parser, &m_common, &error))
        return usageError(error);

    HistoryFilter &filter = m_request.filter;
    if (parser.isSet(QStringLiteral("actions"))) {
        const auto actions = ActionInfo::parseList(parser.value(QStringLiteral("actions")), &error);
        if (!actions)
            return usageError(error);
        filter.actions = *actions;
    }
    const QTimeZone zone = m_common.zone.zone();
    const Timestamp::Micros now = Timestamp::now();
    for (const auto &[name, bound] :
         {std::pair{QStringLiteral("from"), DateExpression::Bound::Start},
          std::pair{QStringLiteral("to"), DateExpression::Bound::End}}) {
        if (!parser.isSet(name))
            continue;
        const auto t = DateExpression::resolve(parser.value(name), bound, zone, now, &error);
        if (!t)
            return usageError(error);
        (bound == DateExpression::Bound::Start ? filter.from : filter.to) = *t;
    }
    if (!filter.hasValidRange())
        return usageError(tr("The --to date is before the --from date."));
    filter.search = parser.value(QStringLiteral("search"));
    filter.order = parser.isSet(QStringLiteral("oldest-first")) ? SortOrder::OldestFirst
                                                                : SortOrder::NewestFirst;
    m_json = parser.isSet(QStringLiteral("json"));

    m_request.pageSize = 50;
    if (parser.isSet(QStringLiteral("page-size"))) {
        bool ok = false;
        const int size = parser.value(QStringLiteral("page-size")).toInt(&ok);
        if (!ok || size < 1 || size > 1000)
            return usageError(tr("--page-size must be a number from 1 to 1000."));
        m_request.pageSize = size;
    }
    const int positions = int(parser.isSet(QStringLiteral("page"))) +
                          int(parser.isSet(QStringLiteral("after"))) +
                          int(parser.isSet(QStringLiteral("before")));
    if (positions > 1)
        return usageError(tr("Use only one of --page, --after and --before."));
    if (parser.isSet(QStringLiteral("page"))) {
        const QString page = parser.value(QStringLiteral("page"));
        bool ok = false;
        const qint64 n = page.toLongLong(&ok);
        if (page == QLatin1String("last")) {
            m_request.anchor = PageAnchor::Last;
        } else if (ok && n >= 1) {
            m_request.anchor = n == 1 ? PageAnchor::First : PageAnchor::Offset;
            m_request.offset = (n - 1) * m_request.pageSize;
        } else {
            return usageError(tr("--page must be a page number (1 or more) or 'last'."));
        }
    }
    for (const auto &[name, anchor] : {std::pair{QStringLiteral("after"), PageAnchor::After},
                                       std::pair{QStringLiteral("before"), PageAnchor::Before}}) {
        if (!parser.isSet(name))
            continue;
        const auto cursor = PageCursor::decode(parser.value(name));
        if (!cursor)
            return usageError(tr("The --%1 cursor is not one this program printed.").arg(name));
        m_request.anchor = anchor;
        m_request.cursor = *cursor;
    }

    if (AppPaths::isDefaultDemo(m_common.source.source)) {
        if (!DemoDatabase::ensure(&error)) {
            printError(error);
            *exitCode = SourceUnavailable;
            return false;
        }
    }
    m_source = SourceFactory::create(m_common.source, &error);
    if (!m_source)
        return usageError(error);
    connect(m_source.get(), &HistorySource::pageReady, this, &HistoryCommand::onPage);
    connect(m_source.get(), &HistorySource::countsReady, this, &HistoryCommand::onCounts);
    connect(m_source.get(), &HistorySource::failed, this, &HistoryCommand::onFailed);
    m_pageId = m_source->requestPage(m_request);
    return true;
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
        m_countsId = m_source->requestCounts(counts);
    }
    if (m_offset < 0 && !page.entries.isEmpty()) {
        counts.kind = CountKind::RowsBefore;
        counts.cursor = page.firstCursor();
        m_beforeId = m_source->requestCounts(counts);
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

void HistoryCommand::onFailed(HistorySource::RequestId, const SourceError &error)
{
    CommandLine::printError(error.message);
    QCoreApplication::exit(CommandLine::exitCodeFor(error));
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
    QCoreApplication::exit(CommandLine::Ok);
}

QString HistoryCommand::formatTable() const
{
    HistoryTableModel model;
    model.setTimeZone(m_common.zone.zone());
    model.setEntries(m_page.entries);
    const int columns = model.columnCount();
    constexpr int MaxWidth = 48;
    QList<QStringList> cells;
    QList<int> widths(columns, 0);
    QStringList header;
    for (int c = 0; c < columns; ++c)
        header << model.headerData(c, Qt::Horizontal).toString();
    cells << header;
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < columns; ++c) {
            QString text = model.data(model.index(r, c)).toString();
            if (text.size() > MaxWidth)
                text = text.left(MaxWidth - 1) + QChar(0x2026);
            row << text;
        }
        cells << row;
    }
    for (const QStringList &row : std::as_const(cells)) {
        for (int c = 0; c < columns; ++c)
            widths[c] = std::max(widths[c], int(row.at(c).size()));
    }
    QString out;
    for (const QStringList &row : std::as_const(cells)) {
        QStringList padded;
        for (int c = 0; c < columns; ++c) {
            const bool right = c == HistoryTableModel::SellersColumn;
            padded << (right ? row.at(c).rightJustified(widths[c])
                             : row.at(c).leftJustified(widths[c]));
        }
        out += padded.join(QStringLiteral("  ")).trimmed() + u'\n';
    }
    const QLocale locale;
    const qint64 pages =
        std::max<qint64>(1, (m_total + m_request.pageSize - 1) / m_request.pageSize);
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
                        locale.toString(m_total), m_common.zone.label());
    }
    if (!m_page.atEnd && !m_page.entries.isEmpty())
        out += tr("Next page: --after %1\n").arg(m_page.lastCursor().encode());
    if (!m_page.atStart && !m_page.entries.isEmpty())
        out += tr("Previous page: --before %1\n").arg(m_page.firstCursor().encode());
    return out;
}
