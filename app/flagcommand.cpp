#include "flagcommand.h"

#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>
#include <QUuid>

std::optional<QStringList> parseSellerIds(const QString &text, QString *error)
{
    static const QRegularExpression comment(QStringLiteral("#[^\n]*"));
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    QString clean = text;
    clean.remove(comment);
    QStringList ids;
    QSet<QString> seen;
    for (const QString &token : clean.split(separators, Qt::SkipEmptyParts)) {
        const QUuid uuid = QUuid::fromString(token);
        if (uuid.isNull()) {
            *error =
                QCoreApplication::translate("FlagCommand", "\"%1\" is not a seller id (a UUID).")
                    .arg(token.left(60));
            return std::nullopt;
        }
        const QString id = uuid.toString(QUuid::WithoutBraces);
        if (!seen.contains(id)) {
            seen.insert(id);
            ids << id;
        }
    }
    return ids;
}

std::optional<QStringList> readSellerIdsFile(const QString &path, QString *error)
{
    QFile f(path);
    const bool opened = path == QLatin1String("-") ? f.open(stdin, QIODevice::ReadOnly)
                                                   : f.open(QIODevice::ReadOnly);
    if (!opened) {
        *error = QCoreApplication::translate("FlagCommand", "Cannot read the ids file %1: %2.")
                     .arg(path, f.errorString());
        return std::nullopt;
    }
    return parseSellerIds(QString::fromUtf8(f.readAll()), error);
}

QString FlagCommand::description() const
{
    return tr("Flags or unflags sellers by id: one action, one history entry; sellers already "
              "in that state are left out.");
}

void FlagCommand::addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("ids"), tr("Seller ids, separated by commas."), tr("ID,...")},
        {QStringLiteral("ids-file"),
         tr("A file of seller ids, one per line ('-' reads standard input)."), tr("FILE")},
        {QStringLiteral("unflag"), tr("Unflag instead of flag.")},
        {QStringLiteral("reason"), tr("Why, stored with the history entry."), tr("TEXT")},
    });
}

bool FlagCommand::readOptions(const QCommandLineParser &parser, QString *error)
{
    const bool ids = parser.isSet(QStringLiteral("ids"));
    const bool file = parser.isSet(QStringLiteral("ids-file"));
    if (ids == file) {
        *error = tr("Give the sellers with either --ids or --ids-file.");
        return false;
    }
    const auto parsed = file ? readSellerIdsFile(parser.value(QStringLiteral("ids-file")), error)
                             : parseSellerIds(parser.value(QStringLiteral("ids")), error);
    if (!parsed)
        return false;
    if (parsed->isEmpty()) {
        *error = tr("No seller ids given.");
        return false;
    }
    m_request.sellerIds = *parsed;
    m_request.flagged = !parser.isSet(QStringLiteral("unflag"));
    m_request.reason = parser.value(QStringLiteral("reason")).trimmed();
    return true;
}

void FlagCommand::begin()
{
    if (!m_request.reason.isEmpty() && !source().capabilities().flagReason) {
        CommandLine::printError(tr("This source cannot store a reason with the entry (the "
                                   "upstream API has no field for it); run again without "
                                   "--reason."));
        finish(CommandLine::Usage);
        return;
    }
    connect(&source(), &HistorySource::flagDone, this, &FlagCommand::onDone);
    m_flagId = source().requestFlag(m_request);
}

void FlagCommand::onDone(HistorySource::RequestId id, const FlagResult &result)
{
    if (id != m_flagId)
        return;
    const QLocale locale;
    const qint64 left = m_request.sellerIds.size() - result.changed;
    QString out;
    if (result.changed == 0) {
        out = m_request.flagged
                  ? tr("Nothing to change: the %1 given sellers are flagged already or not in "
                       "this org.\n")
                  : tr("Nothing to change: the %1 given sellers are not flagged or not in this "
                       "org.\n");
        out = out.arg(locale.toString(m_request.sellerIds.size()));
    } else {
        out =
            (m_request.flagged ? tr("Flagged %1 of %2 sellers.")
                               : tr("Unflagged %1 of %2 sellers."))
                .arg(locale.toString(result.changed), locale.toString(m_request.sellerIds.size()));
        if (left > 0)
            out += u' ' + (m_request.flagged
                               ? tr("The other %1 were flagged already or are not in this org.")
                               : tr("The other %1 were not flagged or are not in this org."))
                              .arg(locale.toString(left));
        out += u'\n';
        if (!result.auditEntryId.isEmpty())
            out += tr("History entry: %1\n").arg(result.auditEntryId);
    }
    CommandLine::printOut(out);
    if (result.serverCount && *result.serverCount != result.changed) {
        CommandLine::printError(
            tr("The server reports %1 sellers updated, but %2 were sent to change; check the "
               "Sellers list.")
                .arg(locale.toString(*result.serverCount), locale.toString(result.changed)));
        finish(CommandLine::BadData);
        return;
    }
    finish(CommandLine::Ok);
}
