#pragma once

#include "historysource.h"

#include <QSignalSpy>
#include <QTest>

#include <optional>

// Waits (tests may; the app never does) for the answer to one request of a
// HistorySource: the result, or the error it failed with.
template<typename Result, typename Signal>
std::optional<Result> awaitAnswer(HistorySource &source, HistorySource::RequestId id, Signal ready,
                                  SourceError *error, int timeoutMs = 60000)
{
    QSignalSpy done(&source, ready);
    QSignalSpy failed(&source, &HistorySource::failed);
    const auto find = [id](const QSignalSpy &spy) -> qsizetype {
        for (qsizetype i = 0; i < spy.size(); ++i) {
            if (spy.at(i).at(0).template value<HistorySource::RequestId>() == id)
                return i;
        }
        return -1;
    };
    for (int waited = 0; waited < timeoutMs && find(done) < 0 && find(failed) < 0; waited += 10)
        done.wait(10);
    if (const qsizetype i = find(done); i >= 0)
        return done.at(i).at(1).template value<Result>();
    if (const qsizetype i = find(failed); i >= 0) {
        if (error)
            *error = failed.at(i).at(1).template value<SourceError>();
        return std::nullopt;
    }
    if (error)
        *error = {SourceError::Kind::Timeout, QStringLiteral("no answer in time")};
    return std::nullopt;
}
