#pragma once

#include <QList>
#include <QString>
#include <QTextStream>

// What every benchmark prints the same way: Markdown to stdout, progress
// to stderr, percentiles of timed samples, and the machine it ran on.
namespace BenchReport {

QTextStream &out();
void say(const QString &line);

struct Stats
{
    double p50 = 0, p95 = 0, max = 0;
    int samples = 0;
};
Stats summarise(QList<double> ms);

// "| name | p50 | p95 | max |" (no newline).
QString row(const QString &name, const Stats &s, int decimals = 1);

// "Debian GNU/Linux 12 (bookworm), x86_64, 2 cores".
QString machine();

} // namespace BenchReport
