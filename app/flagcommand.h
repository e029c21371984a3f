#pragma once

#include "sourcecommand.h"

// `seller-history flag (--ids ID,... | --ids-file F) [--unflag] [--reason T]`:
// flags (or unflags) the given sellers in one action and one audit entry,
// leaving out those already in that state, and prints how many changed.
class FlagCommand : public SourceCommand
{
    Q_OBJECT

protected:
    QString description() const override;
    void addOptions(QCommandLineParser &parser) override;
    bool readOptions(const QCommandLineParser &parser, QString *error) override;
    void begin() override;

private:
    void onDone(HistorySource::RequestId id, const FlagResult &result);

    FlagRequest m_request;
    HistorySource::RequestId m_flagId = 0;
};

// Seller ids as the user wrote them: separated by commas, white space or
// new lines; '#' starts a comment to the end of the line. Lower-cases and
// drops repeats; nullopt with *error naming the first one that is not a
// UUID.
std::optional<QStringList> parseSellerIds(const QString &text, QString *error);
// The same from a file ('-': standard input).
std::optional<QStringList> readSellerIdsFile(const QString &path, QString *error);
