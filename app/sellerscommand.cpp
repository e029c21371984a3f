#include "sellerscommand.h"

#include "entryjson.h"
#include "sellertablemodel.h"
#include "texttable.h"

#include <QJsonDocument>
#include <QLocale>

QString SellersCommand::description() const
{
    return tr("Prints one page of the sellers, newest first.");
}

void SellersCommand::addOptions(QCommandLineParser &parser)
{
    addFilterOptions(parser);
    parser.addOptions({
        {QStringLiteral("page"), tr("Page number (default 1)."), tr("N")},
        {QStringLiteral("page-size"), tr("Sellers per page, 1 to 1000 (default 50)."), tr("N")},
        {QStringLiteral("json"), tr("Print JSON.")},
    });
}

void SellersCommand::addFilterOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("search"), tr("Display name contains this text."), tr("TEXT")},
        {QStringLiteral("flagged"), tr("Only flagged sellers.")},
        {QStringLiteral("unflagged"), tr("Only sellers not flagged.")},
    });
}

bool SellersCommand::readFilter(const QCommandLineParser &parser, SellerFilter *filter,
                                QString *error)
{
    const bool flagged = parser.isSet(QStringLiteral("flagged"));
    const bool unflagged = parser.isSet(QStringLiteral("unflagged"));
    if (flagged && unflagged) {
        *error = tr("Use only one of --flagged and --unflagged.");
        return false;
    }
    filter->search = parser.value(QStringLiteral("search"));
    filter->state = flagged     ? SellerFilter::State::Flagged
                    : unflagged ? SellerFilter::State::Unflagged
                                : SellerFilter::State::All;
    return true;
}

bool SellersCommand::readOptions(const QCommandLineParser &parser, QString *error)
{
    if (!readFilter(parser, &m_request.filter, error))
        return false;
    m_json = parser.isSet(QStringLiteral("json"));
    const auto size = pageSize(parser, 50, 1000, error);
    if (!size)
        return false;
    m_request.pageSize = *size;
    const auto offset = pageOffset(parser, *size, error);
    if (!offset)
        return false;
    m_request.offset = *offset;
    return true;
}

void SellersCommand::begin()
{
    connect(&source(), &HistorySource::sellerPageReady, this, &SellersCommand::onPage);
    m_pageId = source().requestSellerPage(m_request);
}

void SellersCommand::onPage(HistorySource::RequestId id, const SellerPageResult &page)
{
    if (id != m_pageId)
        return;
    if (m_json) {
        const QJsonObject json = EntryJson::sellerPageToJson(page, m_request.pageSize);
        CommandLine::printOut(
            QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));
    } else {
        CommandLine::printOut(formatTable(page));
    }
    finish(CommandLine::Ok);
}

QString SellersCommand::formatTable(const SellerPageResult &page) const
{
    SellerTableModel model;
    model.setTimeZone(common().zone.zone());
    model.setSellers(page.sellers);
    QString out = TextTable::render(
        model, {SellerTableModel::TimesSeenColumn, SellerTableModel::FeedbackColumn});
    const QLocale locale;
    if (page.sellers.isEmpty()) {
        out +=
            page.offset > 0 && page.total > 0
                ? tr("No sellers on this page; %1 match in all.\n").arg(locale.toString(page.total))
                : tr("No sellers match.\n");
        return out;
    }
    const qint64 pages = pageCountFor(page.total, m_request.pageSize);
    out += tr("Page %1 of %2 · sellers %3–%4 of %5 · times in %6\n")
               .arg(locale.toString(page.offset / m_request.pageSize + 1), locale.toString(pages),
                    locale.toString(page.offset + 1),
                    locale.toString(page.offset + page.sellers.size()), locale.toString(page.total),
                    common().zone.label());
    return out;
}
