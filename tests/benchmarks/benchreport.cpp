#include "benchreport.h"

#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace BenchReport {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

void say(const QString &line)
{
    QTextStream(stderr) << line << Qt::endl;
}

Stats summarise(QList<double> ms)
{
    if (ms.isEmpty())
        return {};
    std::sort(ms.begin(), ms.end());
    const auto rank = [&](double p) {
        return ms.at(
            std::clamp<qsizetype>(qsizetype(std::ceil(p * ms.size())) - 1, 0, ms.size() - 1));
    };
    return {rank(0.50), rank(0.95), ms.last(), int(ms.size())};
}

QString row(const QString &name, const Stats &s, int decimals)
{
    return QStringLiteral("| %1 | %2 | %3 | %4 |")
        .arg(name)
        .arg(s.p50, 0, 'f', decimals)
        .arg(s.p95, 0, 'f', decimals)
        .arg(s.max, 0, 'f', decimals);
}

QString machine()
{
    return QStringLiteral("%1, %2, %3 cores")
        .arg(QSysInfo::prettyProductName(), QSysInfo::currentCpuArchitecture())
        .arg(QThread::idealThreadCount());
}

} // namespace BenchReport
