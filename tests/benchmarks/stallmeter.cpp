#include "stallmeter.h"

#include <algorithm>
#include <ctime>

StallMeter::StallMeter(std::function<void()> onTick)
    : m_onTick(std::move(onTick))
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(TickMs);
    QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
}

double StallMeter::threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

void StallMeter::start()
{
    if (m_onTick)
        m_onTick();
    m_longestNs = 0;
    m_cpuStartMs = threadCpuMs();
    m_clock.start();
    m_last = 0;
    m_timer.start();
}

double StallMeter::stopMs()
{
    tick();
    m_timer.stop();
    m_cpuMs = threadCpuMs() - m_cpuStartMs;
    return double(m_longestNs) / 1e6;
}

void StallMeter::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    if (m_onTick)
        m_onTick();
    m_longestNs = std::max(m_longestNs, now - m_last);
    m_last = now;
}
