// The window's own budgets of product.md §6, measured through the real
// window (MainWindow opened by ConnectionSession, as GuiLauncher does):
//
//   sh-bench-window --cold-start N
//       Cold start to the first page on the default demo database: runs
//       itself N times as a new process (--cold-start-child), each going
//       through main.cpp's steps and GuiLauncher::run() unchanged, and
//       prints how long each took from the spawn to the first page's rows
//       in the History table, and to their first paint. The data directory
//       is the caller's ($XDG_DATA_HOME): a missing demo database is made by
//       the first run, which is reported apart (first run only).
//
//   sh-bench-window --browse [--source SRC --org UUID] --out DIR
//       One window session driven by a script (first page, next ×20, last,
//       first, a page jump, go to date, filter chips, a search, the Sellers
//       tab with Select All Matching, an export of the whole history to
//       DIR/history.csv through the window's dialog and ExportController),
//       with a 5 ms timer on the GUI thread recording the longest gap of
//       each step, and the process's peak RSS after browsing and after the
//       export. Prints tab-separated lines; without --source it opens what
//       the window opens by default (the demo database).
//
//   sh-bench-window --summarize FILE...
//       Markdown tables of the p50 / max of --browse lines (one FILE per
//       platform or source, each holding any number of sessions).
#include "apppaths.h"
#include "benchreport.h"
#include "commandline.h"
#include "connectionsession.h"
#include "exportcontroller.h"
#include "exportdialog.h"
#include "exportoutbox.h"
#include "filterchipbar.h"
#include "guilauncher.h"
#include "historypager.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "paginationbar.h"
#include "sellerpager.h"
#include "sellersview.h"
#include "stallmeter.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QLineEdit>
#include <QMap>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTimeZone>
#include <QTimer>
#include <QToolButton>
#include <QWindow>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <functional>
#include <mutex>
#include <thread>
#include <unistd.h>

using BenchReport::out;
using BenchReport::say;

namespace {

constexpr double ColdStartBudgetMs = 500;
constexpr double StallBudgetMs = 50;
constexpr double MemoryBudgetMb = 150;
// After a step's last answer: whatever it set off on the GUI thread (a
// repaint, counts arriving, the details of the selected row) belongs to it.
constexpr int SettleMs = 150;
constexpr int StepTimeoutMs = 10 * 60 * 1000;
constexpr auto SpawnEnv = "SH_BENCH_WINDOW_SPAWN_NS";

// The GUI thread's last tick, and the step it is in, for the watchdog.
std::atomic<qint64> lastTickNs{0};
std::mutex stepMutex;
QByteArray currentStep;

qint64 nowNs(clockid_t clock)
{
    timespec t{};
    clock_gettime(clock, &t);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// The watchdog's heartbeat: every tick of the stall meter.
void heartbeat()
{
    lastTickNs = nowNs(CLOCK_MONOTONIC);
}

// When the kernel created this process (fork), on CLOCK_BOOTTIME: field 22
// of /proc/self/stat, in clock ticks (10 ms here), so only a cross-check of
// the launcher's own stamp.
qint64 processStartBoottimeNs()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // The command name may hold spaces and parentheses: count after the last ')'.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    return fields.at(19).toLongLong() * (1'000'000'000 / sysconf(_SC_CLK_TCK));
}

// VmHWM / VmRSS of /proc/self/status, in MB.
double statusMb(const QByteArray &key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key + ':'))
            return line.mid(key.size() + 1).trimmed().split(' ').first().toDouble() / 1024;
    }
    return -1;
}

MainWindow *findWindow()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *window = qobject_cast<MainWindow *>(w))
            return window;
    }
    return nullptr;
}

// ---- cold start -----------------------------------------------------------

// Watches GuiLauncher's window from inside its event loop: the moment the
// History table's model first has rows, then the end of the first paint of
// the table after that. Prints the times and quits the app.
class FirstPageProbe : public QObject
{
public:
    explicit FirstPageProbe(qint64 mainNs)
        : m_mainNs(mainNs)
    {}

    void attach()
    {
        m_window = findWindow();
        if (!m_window) {
            say(QStringLiteral("no MainWindow after GuiLauncher started"));
            QCoreApplication::exit(3);
            return;
        }
        QAbstractItemModel *model = m_window->table()->model();
        connect(model, &QAbstractItemModel::modelReset, this, &FirstPageProbe::check);
        connect(model, &QAbstractItemModel::layoutChanged, this, &FirstPageProbe::check);
        connect(model, &QAbstractItemModel::rowsInserted, this, &FirstPageProbe::check);
        m_window->table()->viewport()->installEventFilter(this);
        QTimer::singleShot(120000, this, [] {
            say(QStringLiteral("no first page within two minutes"));
            QCoreApplication::exit(3);
        });
        check(); // in case the page was quicker than this queued call
    }

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && m_rowsNs && !m_paintSeen) {
            m_paintSeen = true;
            // Runs once the paint (and the backing store flush it belongs
            // to) has returned to the event loop.
            QMetaObject::invokeMethod(this, &FirstPageProbe::painted, Qt::QueuedConnection);
        }
        return false;
    }

private:
    void check()
    {
        if (!m_rowsNs && m_window->table()->model()->rowCount() > 0)
            m_rowsNs = nowNs(CLOCK_MONOTONIC);
    }

    void painted()
    {
        const qint64 paintedNs = nowNs(CLOCK_MONOTONIC);
        const qint64 spawned = qgetenv(SpawnEnv).toLongLong();
        const qint64 started = processStartBoottimeNs();
        const qint64 bootNow = nowNs(CLOCK_BOOTTIME);
        const qint64 monoNow = nowNs(CLOCK_MONOTONIC);
        // The /proc start time, moved onto CLOCK_MONOTONIC.
        const qint64 startedMono = started < 0 ? -1 : started - (bootNow - monoNow);
        const auto ms = [](qint64 from, qint64 to) {
            return from <= 0 ? QStringLiteral("-")
                             : QString::number(double(to - from) / 1e6, 'f', 1);
        };
        // spawn→main, spawn→rows, spawn→painted, /proc start→rows, /proc start→painted
        out() << ms(spawned, m_mainNs) << '\t' << ms(spawned, m_rowsNs) << '\t'
              << ms(spawned, paintedNs) << '\t' << ms(startedMono, m_rowsNs) << '\t'
              << ms(startedMono, paintedNs) << '\t' << m_window->table()->model()->rowCount()
              << Qt::endl;
        QCoreApplication::exit(0);
    }

    qint64 m_mainNs;
    MainWindow *m_window = nullptr;
    qint64 m_rowsNs = 0;
    bool m_paintSeen = false;
};

// main.cpp, step by step, with the probe queued before GuiLauncher's event
// loop starts: the window exists by then, its first page cannot have been
// delivered yet (that is a later queued signal), and nothing of the app's
// own start-up is changed.
int coldStartChild(int argc, char *argv[], qint64 mainNs)
{
    AppPaths::setApplicationIdentity();
    QApplication app(argc, argv);
    app.setWindowIcon(QIcon(QStringLiteral(":/icons/seller-history.svg")));
    FirstPageProbe probe(mainNs);
    QTimer::singleShot(0, &probe, &FirstPageProbe::attach);
    return GuiLauncher::run({QCoreApplication::arguments().constFirst()});
}

struct ChildRun
{
    QList<double> values; // as coldStartChild prints them
    QString error;
};

ChildRun runChild()
{
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(SpawnEnv), QString::number(nowNs(CLOCK_MONOTONIC)));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--cold-start-child")});
    ChildRun run;
    if (!child.waitForFinished(180000) || child.exitCode() != 0) {
        run.error = QStringLiteral("the child failed (exit %1)").arg(child.exitCode());
        return run;
    }
    for (const QByteArray &v : child.readAllStandardOutput().trimmed().split('\t'))
        run.values << v.toDouble();
    if (run.values.size() < 6)
        run.error = QStringLiteral("the child printed no times");
    return run;
}

int coldStart(int reps)
{
    const QString demo = AppPaths::defaultDemoDatabase();
    const QString platform = QGuiApplication::platformName();
    out() << "### Cold start to the first page, demo database (" << platform << ")\n\n";
    if (!QFileInfo::exists(demo)) {
        say(QStringLiteral("no %1 yet: the first run makes it").arg(demo));
        const ChildRun first = runChild();
        if (!first.error.isEmpty()) {
            say(first.error);
            return 2;
        }
        out() << "First run, which generates the demo database (" << QFileInfo(demo).size() / 1024
              << " KiB) before opening it (not part of the budget): "
              << QString::number(first.values.at(2) / 1000, 'f', 2)
              << " s to the painted page.\n\n";
        // The new file's writeback would otherwise land on the next start.
        ::sync();
        QThread::sleep(1);
    }
    QList<double> toMain, toRows, toPainted, procRows, procPainted;
    int rows = 0;
    for (int i = 0; i < reps; ++i) {
        const ChildRun run = runChild();
        if (!run.error.isEmpty()) {
            say(run.error);
            return 2;
        }
        toMain << run.values.at(0);
        toRows << run.values.at(1);
        toPainted << run.values.at(2);
        procRows << run.values.at(3);
        procPainted << run.values.at(4);
        rows = int(run.values.at(5));
    }
    const auto painted = BenchReport::summarise(toPainted);
    out() << "| from the spawn (" << reps << " runs, " << rows
          << " rows on the page) | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|\n"
          << BenchReport::row(QStringLiteral("to main() (exec, dynamic linking)"),
                              BenchReport::summarise(toMain))
          << '\n'
          << BenchReport::row(QStringLiteral("to the first page's rows in the History model"),
                              BenchReport::summarise(toRows))
          << '\n'
          << BenchReport::row(QStringLiteral("**to the first page painted in the History table**"),
                              painted)
          << '\n'
          << BenchReport::row(QStringLiteral("the same from /proc/self/stat's start time (10 ms "
                                             "ticks): rows"),
                              BenchReport::summarise(procRows))
          << '\n'
          << BenchReport::row(QStringLiteral("the same from /proc/self/stat's start time: painted"),
                              BenchReport::summarise(procPainted))
          << "\n\nBudget ≤ " << ColdStartBudgetMs
          << " ms: " << (painted.max <= ColdStartBudgetMs ? "met" : "**missed**") << " (max "
          << QString::number(painted.max, 'f', 1) << " ms).\n\n";
    return 0;
}

// ---- browsing and exporting -----------------------------------------------

// Runs the event loop until done() (checked every millisecond). Not
// QTest::qWaitFor: it sleeps between its checks, which the stall meter
// would count as a stall of the window.
bool waitUntil(const std::function<bool()> &done, int timeoutMs = StepTimeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return done();
}

void waitMs(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

class Script
{
public:
    explicit Script(MainWindow &window)
        : w(window)
    {
        QObject::connect(w.pager(), &HistoryPager::pageChanged, [this] { ++m_pages; });
    }

    // The pager has shown a page since `since` and has nothing on its way:
    // the page, and its exact counts.
    bool historySettled(int since) const
    {
        const HistoryPager *p = w.pager();
        return m_pages > since && !p->isLoading() && !p->entries().isEmpty() &&
               p->totalAccuracy() == CountAccuracy::Exact && !p->error();
    }

    // One step: its action, then the event loop until it is done and has
    // settled; prints its longest GUI-thread gap.
    bool step(const QString &name, const std::function<void()> &action,
              const std::function<bool()> &done, bool settle = true)
    {
        {
            const std::lock_guard lock(stepMutex);
            currentStep = name.toUtf8();
        }
        m_meter.start();
        QElapsedTimer t;
        t.start();
        action();
        const bool ok = waitUntil(done);
        const double wallMs = double(t.nsecsElapsed()) / 1e6;
        if (settle)
            waitMs(SettleMs);
        const double gapMs = m_meter.stopMs();
        if (!ok) {
            say(QStringLiteral("step “%1” did not finish").arg(name));
            return false;
        }
        out() << "step\t" << name << '\t' << gapMs << '\t' << m_meter.cpuMs() << '\t' << wallMs
              << Qt::endl;
        return true;
    }

    // A navigation through the window that loads one page, `times` times,
    // each waited for: a debounced search loads nothing right away.
    bool page(const QString &name, const std::function<void()> &action, int times = 1)
    {
        bool ok = true;
        return step(
            name,
            [&] {
                for (int i = 0; i < times && ok; ++i) {
                    const int before = m_pages;
                    action();
                    ok = waitUntil([&] { return historySettled(before); });
                }
            },
            [&] { return ok; });
    }

    int pages() const { return m_pages; }

    MainWindow &w;

private:
    StallMeter m_meter{heartbeat};
    int m_pages = 0;
};

void memory(const QString &when)
{
    out() << "mem\t" << when << '\t' << statusMb("VmHWM") << '\t' << statusMb("VmRSS") << Qt::endl;
}

template<typename T>
T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no %s in the window", name);
    return found;
}

// A GUI thread blocked for minutes cannot report its own stall: this
// thread does, with the peak RSS at that moment, and ends the process.
void startWatchdog(int seconds)
{
    std::thread([seconds] {
        for (;;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            const qint64 blockedNs = nowNs(CLOCK_MONOTONIC) - lastTickNs;
            if (lastTickNs == 0 || blockedNs < qint64(seconds) * 1'000'000'000)
                continue;
            const std::lock_guard lock(stepMutex);
            std::printf("step\t%s\t%f\t-1\t-1\nblocked\t%s\t%d\nmem\t%s\t%f\t%f\n",
                        currentStep.constData(), double(blockedNs) / 1e6, currentStep.constData(),
                        seconds, "when the watchdog stopped it", statusMb("VmHWM"),
                        statusMb("VmRSS"));
            std::fflush(stdout);
            std::_Exit(4);
        }
    }).detach();
}

int browse(const QStringList &args)
{
    const auto value = [&](const QString &option) {
        const qsizetype i = args.indexOf(option);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : QString();
    };
    const QString outDir = value(QStringLiteral("--out"));
    const int watchdog = value(QStringLiteral("--watchdog")).isEmpty()
                             ? 60
                             : value(QStringLiteral("--watchdog")).toInt();
    if (outDir.isEmpty()) {
        say(QStringLiteral("--browse needs --out DIR"));
        return 1;
    }

    // GuiLauncher::run(), with the window kept at hand.
    QStringList launcherArgs{args.constFirst()};
    for (const QString &option : {QStringLiteral("--source"), QStringLiteral("--org")}) {
        if (!value(option).isEmpty())
            launcherArgs << option << value(option);
    }
    QCommandLineParser parser;
    CommandLine::addCommonOptions(parser);
    CommandLine::CommonOptions options;
    QString error;
    if (!parser.parse(launcherArgs) || !CommandLine::readCommonOptions(parser, &options, &error)) {
        say(parser.errorText() + error);
        return 1;
    }
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.sellerhistory.SellerHistory"));
    QString outboxError;
    MainWindow window(ExportOutbox::openDefault(&outboxError));
    Script s(window);
    QElapsedTimer shown;
    shown.start();
    {
        StallMeter meter(heartbeat);
        meter.start();
        window.show();
        waitUntil([&] { return window.windowHandle() && window.windowHandle()->isExposed(); });
        waitMs(SettleMs);
        // Start-up, not a load: listed apart, outside the budget.
        out() << "startup\twindow shown and painted, no source yet\t" << meter.stopMs() << '\t'
              << meter.cpuMs() << '\t' << double(shown.nsecsElapsed()) / 1e6 << Qt::endl;
    }
    memory(QStringLiteral("window shown, no source"));
    QSettings settings;
    ConnectionSession session(&window, &settings, options, launcherArgs.size() > 1, outboxError);
    HistoryPager *pager = window.pager();
    PaginationBar *bar = window.paginationBar();

    bool ok = s.page(QStringLiteral("open the source: first page and its counts"),
                     [&] { session.start(); });
    out() << "info\trows in the org\t" << pager->total() << Qt::endl;
    const QDate newest = ok ? QDateTime::fromMSecsSinceEpoch(
                                  pager->entries().constFirst().createdAt / 1000, QTimeZone::utc())
                                  .date()
                            : QDate();

    auto *pageSize = child<QComboBox>(bar, "pageSize");
    ok = ok && s.page(QStringLiteral("page size 100 → 50"), [&] {
        const int i = pageSize->findData(50);
        pageSize->setCurrentIndex(i);
        emit pageSize->activated(i);
    });
    ok = ok &&
         s.page(
             QStringLiteral("Next ×20"), [&] { child<QToolButton>(bar, "nextPage")->click(); }, 20);
    ok =
        ok && s.page(QStringLiteral("Last"), [&] { child<QToolButton>(bar, "lastPage")->click(); });
    ok = ok &&
         s.page(QStringLiteral("First"), [&] { child<QToolButton>(bar, "firstPage")->click(); });
    // Page 10,000 of 50 rows where there is one (the million rows); the
    // middle page of a smaller log.
    const qint64 target =
        pager->pageCount() >= 10000 ? 10000 : std::max<qint64>(2, pager->pageCount() / 2);
    ok = ok && s.page(QStringLiteral("jump to page %1 (typed in the page box)").arg(target),
                      [&] { child<QSpinBox>(bar, "pageNumber")->setValue(int(target)); });
    out() << "info\tpage jumped to\t" << pager->currentPage() << Qt::endl;
    ok = ok && s.page(QStringLiteral("go to the day 100 days before the newest entry"), [&] {
        child<QDateEdit>(bar, "goToDate")->setDate(newest.addDays(-100));
        child<QToolButton>(bar, "goToDateButton")->click();
    });
    FilterChipBar *chips = window.filterChips();
    ok = ok && s.page(
                   QStringLiteral("filter chips: Flagged, + Exported, All"),
                   [&, n = 0]() mutable {
                       chips
                           ->chip(n == 0   ? std::optional(Action::Flag)
                                  : n == 1 ? std::optional(Action::Export)
                                           : std::nullopt)
                           ->click();
                       ++n;
                   },
                   3);
    // Typed, then the debounce: the step waits for the page it brings.
    ok = ok &&
         s.page(
             QStringLiteral("search “Velvet” (typed, debounced), then cleared"),
             [&, n = 0]() mutable {
                 window.searchField()->setText(n++ == 0 ? QStringLiteral("Velvet") : QString());
             },
             2);
    SellersView *sellers = window.sellersView();
    ok = ok && s.step(
                   QStringLiteral("Sellers tab, Select All Matching, back to History"),
                   [&] {
                       window.tabs()->setCurrentWidget(sellers);
                       waitUntil([&] {
                           return !sellers->pager()->isLoading() && sellers->pager()->total() > 0;
                       });
                       sellers->selectAllMatchingAction()->trigger();
                       waitMs(SettleMs); // the selection painted on the Sellers tab
                       window.tabs()->setCurrentIndex(0);
                   },
                   [&] { return sellers->isAllMatchingSelected(); });
    out() << "info\tsellers selected (all matching)\t" << sellers->pager()->total() << Qt::endl;
    memory(QStringLiteral("after browsing"));

    // The whole history of the org (no filter left), through the dialog.
    ExportOutcome outcome;
    bool exported = false;
    QObject::connect(window.exportController(), &ExportController::finished,
                     [&](const ExportOutcome &o) {
                         outcome = o;
                         exported = true;
                     });
    QObject::connect(
        window.exportController(), &ExportController::failed,
        [&](const SourceError &e) { say(QStringLiteral("export failed: ") + e.message); });
    const QString path = QDir(outDir).filePath(QStringLiteral("history.csv"));
    QFile::remove(path);
    int pagesBefore = 0;
    startWatchdog(watchdog);
    // Ends at ExportController::finished, before the page the window then
    // reloads to show the record can arrive: that one is the next step.
    ok = ok && s.step(
                   QStringLiteral("export the history to CSV (dialog, file, record written)"),
                   [&] {
                       window.exportRows(ExportRequest::Scope::History);
                       auto *dialog = window.findChild<ExportDialog *>();
                       if (!dialog)
                           qFatal("no export dialog");
                       dialog->pathField()->setText(path);
                       pagesBefore = s.pages();
                       dialog->exportButton()->click();
                   },
                   [&] { return exported; }, false);
    memory(QStringLiteral("after the export (file and record)"));
    ok = ok &&
         s.step(
             QStringLiteral("then the page showing the export's record, selected"), [] {},
             [&] { return !window.exportController()->isBusy() && s.historySettled(pagesBefore); });
    out() << "info\trows exported\t" << outcome.file.rows << Qt::endl;
    out() << "info\trecord written\t" << (outcome.recorded ? 1 : 0) << Qt::endl;
    memory(QStringLiteral("after the page showing the record"));
    QFile::remove(path);
    return ok && outcome.recorded ? 0 : 2;
}

// ---- summary --------------------------------------------------------------

int summarize(const QStringList &files)
{
    for (const QString &file : files) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            say(QStringLiteral("cannot read ") + file);
            return 1;
        }
        QStringList order;
        QMap<QString, QList<double>> gap, cpu, wall, hwm, rss;
        QMap<QString, QString> info;
        QMap<QString, int> blocked; // step → sessions the watchdog ended in it
        QString blockedAfter;
        QStringList memOrder;
        for (const QByteArray &raw : f.readAll().split('\n')) {
            const QStringList c = QString::fromUtf8(raw).split(u'\t');
            if (c.size() >= 5 && (c.at(0) == u"step" || c.at(0) == u"startup")) {
                const QString name =
                    c.at(0) == u"startup" ? QStringLiteral("(start-up) ") + c.at(1) : c.at(1);
                if (!order.contains(name))
                    order << name;
                gap[name] << c.at(2).toDouble();
                cpu[name] << c.at(3).toDouble();
                wall[name] << c.at(4).toDouble();
            } else if (c.size() >= 4 && c.at(0) == u"mem") {
                if (!memOrder.contains(c.at(1)))
                    memOrder << c.at(1);
                hwm[c.at(1)] << c.at(2).toDouble();
                rss[c.at(1)] << c.at(3).toDouble();
            } else if (c.size() >= 3 && c.at(0) == u"blocked") {
                blocked[c.at(1)] += 1;
                blockedAfter = c.at(2);
            } else if (c.size() >= 3 && c.at(0) == u"info") {
                info[c.at(1)] = c.at(2);
            }
        }
        out() << "### " << QFileInfo(file).completeBaseName() << "\n\n";
        for (auto it = info.cbegin(); it != info.cend(); ++it)
            out() << "- " << it.key() << ": " << it.value() << '\n';
        for (auto it = blocked.cbegin(); it != blocked.cend(); ++it)
            out() << "- **" << it.value() << " session(s) stopped by the watchdog: the GUI thread "
                  << "was blocked for " << blockedAfter << " s in “" << it.key()
                  << "”** (its gap below is how long it had been blocked then)\n";
        double worst = 0;
        int sessions = 0;
        out()
            << "\n| step | sessions | p50 longest gap ms | max longest gap ms | p50 GUI-thread CPU "
               "ms | p50 wall ms |\n|---|---:|---:|---:|---:|---:|\n";
        for (const QString &name : std::as_const(order)) {
            const auto g = BenchReport::summarise(gap[name]);
            if (!name.startsWith(u'(')) {
                worst = std::max(worst, g.max);
                sessions = g.samples;
            }
            out() << "| " << name << " | " << g.samples << " | " << QString::number(g.p50, 'f', 1)
                  << " | " << QString::number(g.max, 'f', 1) << " | "
                  << QString::number(BenchReport::summarise(cpu[name]).p50, 'f', 1) << " | "
                  << QString::number(BenchReport::summarise(wall[name]).p50, 'f', 1) << " |\n";
        }
        double peak = 0;
        out()
            << "\n| peak memory (" << sessions
            << " sessions) | p50 VmHWM MB | max VmHWM MB | p50 VmRSS MB |\n|---|---:|---:|---:|\n";
        for (const QString &when : std::as_const(memOrder)) {
            const auto h = BenchReport::summarise(hwm[when]);
            peak = std::max(peak, h.max);
            out() << "| " << when << " | " << QString::number(h.p50, 'f', 1) << " | "
                  << QString::number(h.max, 'f', 1) << " | "
                  << QString::number(BenchReport::summarise(rss[when]).p50, 'f', 1) << " |\n";
        }
        out() << "\nLongest GUI-thread stall of any load or export: "
              << QString::number(worst, 'f', 1) << " ms, budget ≤ " << StallBudgetMs
              << " ms: " << (worst <= StallBudgetMs ? "met" : "**missed**") << ". Peak RSS "
              << QString::number(peak, 'f', 1) << " MB, budget ≤ " << MemoryBudgetMb
              << " MB: " << (peak <= MemoryBudgetMb ? "met" : "**missed**") << ".\n\n";
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Before anything else, so that the child's main() is stamped as early
    // as the app's own would run.
    const qint64 mainNs = nowNs(CLOCK_MONOTONIC);
    if (argc > 1 && qstrcmp(argv[1], "--cold-start-child") == 0)
        return coldStartChild(argc, argv, mainNs);

    AppPaths::setApplicationIdentity();
    if (argc > 2 && qstrcmp(argv[1], "--summarize") == 0) {
        QCoreApplication app(argc, argv); // no display needed
        return summarize(QCoreApplication::arguments().mid(2));
    }
    QApplication app(argc, argv);
    app.setWindowIcon(QIcon(QStringLiteral(":/icons/seller-history.svg")));
    const QStringList args = QCoreApplication::arguments();
    if (args.size() > 2 && args.at(1) == u"--cold-start")
        return coldStart(args.at(2).toInt());
    if (args.size() > 1 && args.at(1) == u"--browse")
        return browse(args);
    say(QStringLiteral("usage: sh-bench-window --cold-start N | --browse [--source SRC --org "
                       "UUID] --out DIR | --summarize FILE..."));
    return 1;
}
