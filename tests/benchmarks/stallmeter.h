#pragma once

#include <QElapsedTimer>
#include <QTimer>

#include <functional>

// The longest gap between the ticks of a 5 ms timer on the calling thread
// (the GUI thread in the benchmarks): what a user feels as a frozen window.
// With the CPU time that thread used meanwhile, which tells a stall of ours
// from a busy machine. Shared by sh-bench-export and sh-bench-window.
class StallMeter
{
public:
    static constexpr int TickMs = 5;

    // onTick: also called at every tick (a watchdog's heartbeat); may be empty.
    explicit StallMeter(std::function<void()> onTick = {});

    void start();
    double stopMs(); // the longest gap since start()
    double cpuMs() const { return m_cpuMs; }

    static double threadCpuMs();

private:
    void tick();

    std::function<void()> m_onTick;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longestNs = 0;
    double m_cpuStartMs = 0;
    double m_cpuMs = 0;
};
