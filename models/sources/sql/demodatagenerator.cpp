#include "demodatagenerator.h"

#include "auditloginsert.h"
#include "sqliteschema.h"
#include "upstreamjson.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <algorithm>
#include <array>
#include <atomic>
#include <filesystem>
#include <system_error>
#include <vector>

namespace {

using Timestamp::Micros;
using Timestamp::MicrosPerDay;
using Timestamp::MicrosPerHour;
using Timestamp::MicrosPerMinute;

QString tr(const char *text)
{
    return QCoreApplication::translate("DemoDataGenerator", text);
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// xoshiro256** seeded through splitmix64. The standard distributions and
// QRandomGenerator may differ between library versions; this, and the
// integer-only helpers on top of it, give the same stream everywhere, which
// is what makes the file reproducible.
class Random
{
public:
    explicit Random(quint64 seed)
    {
        for (quint64 &word : m_state) {
            seed += 0x9e3779b97f4a7c15ULL;
            quint64 z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            word = z ^ (z >> 31);
        }
    }

    quint64 next()
    {
        const quint64 result = rotl(m_state[1] * 5, 7) * 9;
        const quint64 t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, n) for n > 0; rejects the few values that would bias a
    // plain modulo.
    quint64 below(quint64 n)
    {
        const quint64 threshold = (0 - n) % n;
        for (;;) {
            const quint64 r = next();
            if (r >= threshold)
                return r % n;
        }
    }
    int below(qsizetype n) { return int(below(quint64(n))); }
    int between(int lo, int hi) { return lo + int(below(quint64(hi - lo) + 1)); }
    bool percent(int p) { return below(quint64(100)) < quint64(p); }
    bool perMille(int p) { return below(quint64(1000)) < quint64(p); }
    // Uniform in [0, 1) from 53 bits: exact, so comparisons with it are too.
    double unit() { return double(next() >> 11) * 0x1.0p-53; }

    // A heavy-tailed size in [lo, hi]: the k-th band of sizes (2^k .. 2^(k+1)-1
    // above lo - 1) is reached with probability (p/100)^k, so most sizes are
    // small and a few are very large.
    int heavy(int lo, int hi, int p)
    {
        const qint64 span = qint64(hi) - lo + 1;
        int k = 0;
        while ((qint64(2) << k) <= span && percent(p))
            ++k;
        const qint64 first = qint64(1) << k;
        const qint64 last = std::min((qint64(2) << k) - 1, span);
        return int(lo - 1 + first + qint64(below(quint64(last - first + 1))));
    }

    // A version 4 layout uuid, lower case.
    QString uuid()
    {
        const quint64 high = (next() & ~quint64(0xF000)) | 0x4000;
        const quint64 low = (next() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
        static constexpr char Hex[] = "0123456789abcdef";
        char text[36];
        int pos = 0;
        auto put = [&](quint64 value, int digits) {
            for (int i = digits - 1; i >= 0; --i)
                text[pos++] = Hex[(value >> (4 * i)) & 0xF];
        };
        put(high >> 32, 8);
        text[pos++] = '-';
        put(high >> 16, 4);
        text[pos++] = '-';
        put(high, 4);
        text[pos++] = '-';
        put(low >> 48, 4);
        text[pos++] = '-';
        put(low, 12);
        return QString::fromLatin1(text, 36);
    }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }

    std::array<quint64, 4> m_state{};
};

// Reports 0..100 to the caller's callback, once per distinct value.
class Progress
{
public:
    explicit Progress(const std::function<void(int)> &callback)
        : m_callback(callback)
    {}

    void report(int percent)
    {
        if (m_callback && percent != m_last) {
            m_last = percent;
            m_callback(percent);
        }
    }
    // Step `done` of `total` mapped onto [from, to].
    void report(int from, int to, qint64 done, qint64 total)
    {
        report(from + int(total > 0 ? (to - from) * done / total : to - from));
    }

private:
    const std::function<void(int)> &m_callback;
    int m_last = -1;
};

QString normalized(const QString &name)
{
    return name.toLower().simplified();
}

QString titleCased(const QString &name)
{
    QString out = name;
    bool wordStart = true;
    for (QChar &c : out) {
        if (wordStart)
            c = c.toUpper();
        wordStart = c.isSpace();
    }
    return out;
}

QStringList latin1List(std::initializer_list<const char *> words)
{
    QStringList out;
    out.reserve(qsizetype(words.size()));
    for (const char *w : words)
        out.append(QLatin1String(w));
    return out;
}

struct Words
{
    QStringList adjectives = latin1List(
        {"Vintage",  "Retro",  "Classic", "Urban",  "Golden",  "Silver",   "Happy",   "Bright",
         "Prime",    "Royal",  "Modern",  "Rustic", "Little",  "Northern", "Coastal", "Green",
         "Smart",    "Budget", "Premium", "Rare",   "Lucky",   "Honest",   "Quick",   "Oldtown",
         "Highland", "Metro",  "Sunny",   "Blue",   "Crimson", "Velvet",   "Amber",   "Copper",
         "Wild",     "Hidden", "Grand",   "Maple",  "Harbour", "Cosy",     "Nifty",   "Atlantic"});
    QStringList nouns = latin1List(
        {"Finds",   "Treasures", "Deals",   "Bargains", "Goods",        "Books",       "Records",
         "Gadgets", "Parts",     "Outlet",  "Emporium", "Collectibles", "Toys",        "Fashion",
         "Wares",   "Supplies",  "Traders", "Vinyl",    "Tools",        "Antiques",    "Cameras",
         "Watches", "Comics",    "Games",   "Crafts",   "Spares",       "Electronics", "Linens",
         "Prints",  "Sneakers",  "Lamps",   "Guitars",  "Maps",         "Stamps",      "Coins",
         "Quilts",  "Ceramics",  "Bikes"});
    QStringList suffixes =
        latin1List({"UK", "Ltd", "Co", "Store", "Shop", "Direct", "Online", "Express", "Hub",
                    "Depot", "Market", "Exchange", "Trading", "& Co", "Online UK"});
    QStringList firstNames = latin1List(
        {"Bob",  "Alice", "Mia", "Tom",  "Priya", "Jack", "Olga", "Sam",  "Lena", "Raj",  "Kate",
         "Omar", "Ivy",   "Max", "Nora", "Leo",   "Ada",  "Finn", "Zara", "Hugo", "Elif", "Marta"});
    QStringList handles =
        latin1List({"acme", "retro", "tech",   "vinyl",  "book",  "toy",     "deal",
                    "zone", "hub",   "king",   "queen",  "store", "trading", "seller",
                    "swap", "loot",  "thrift", "resale", "pixel", "nova"});
    QStringList editSuffixes =
        latin1List({" Ltd", " UK", " (Official)", " Outlet", " - closed", " [EU]"});
    QStringList runKinds =
        latin1List({"eBay UK sweep", "Keyword sweep: vintage", "Category crawl: books & media",
                    "Competitor watch", "Weekly refresh"});

    // Names that break naive code: CSV and spreadsheet injection, the "; "
    // the CSV export joins names with, line breaks, quotes, backslashes,
    // right-to-left and astral-plane text, markup, QString::arg and SQL
    // metacharacters. The first few are the ones the tests look for.
    QStringList hostile = {
        QStringLiteral("=HYPERLINK(\"http://x\",\"y\")"),
        QStringLiteral("+44 Trading"),
        QStringLiteral("-50% Deals"),
        QStringLiteral("@handle_shop"),
        QStringLiteral("O'Brien's \"Best\" Bargains"),
        QStringLiteral("Line One\nLine Two Traders"),
        QStringLiteral("Zürich Uhren & Schmuck"),
        QStringLiteral("Books; Music; Games"),
        QStringLiteral("Smith, Jones, and Sons"),
        QStringLiteral("Carriage\rReturn Goods"),
        QStringLiteral("Tab\tSeparated Supplies"),
        QStringLiteral("Back\\slash\\Store"),
        QStringLiteral("Ørsted Parts"),
        QStringLiteral("東京ストア"),
        QStringLiteral("🚀 Rocket Deals"),
        QStringLiteral("متجر الشرق"),
        QStringLiteral("Cafe\u0301 Noir"),
        QStringLiteral("=SUM(A1:A10)"),
        QStringLiteral("\"Quoted\" Sellers"),
        QStringLiteral("\tTab First"),
        QStringLiteral("\rCR First"),
        QStringLiteral("<b>Bold</b> & <i>Co</i>"),
        QStringLiteral("100%1 Genuine %2"),
        QStringLiteral("Robert'); DROP TABLE sellers;--"),
        QStringLiteral("Double  Space   Shop"),
        QStringLiteral("👩‍👩‍👧 Family Shop"),
        QStringLiteral("The Extraordinarily Long-Named International Purveyors of Fine Vintage "
                       "Curiosities, Collectible Ephemera, Rare Antiquarian Books, Hand-Crafted "
                       "Furniture and Assorted Household Miscellany of Distinction Ltd"),
    };
};

const Words &words()
{
    static const Words w;
    return w;
}

// Working-hour and weekday shapes of activity (local time), and how many
// names in a thousand are hostile.
constexpr std::array<int, 24> HourWeights = {1,  1,  1,  1,  1,  2,  4, 8, 14, 18, 20, 19,
                                             15, 18, 20, 19, 16, 12, 8, 6, 5,  4,  3,  2};
constexpr std::array<int, 7> WeekdayWeights = {10, 11, 11, 10, 9, 3, 2}; // Monday first
constexpr int HostilePerMille = 60;
constexpr double FlaggedTarget = 0.13;

struct Actor
{
    QString id;
    QString email;       // empty: the actor has no profile row
    QString displayName; // null: NULL in profiles
};

struct Member
{
    int actor = 0;
    QString role;
    bool suspended = false; // acts only in the earlier part of the history
    int weight = 1;
};

struct Run
{
    QString id;
    QString name;
    int createdBy = 0; // actor index
    Micros started = 0;
    Micros completed = 0;
    bool failed = false;
    int found = 0;
    int fresh = 0;
    int snapshot = 0;
    qint64 rowsBefore = 0; // audit rows written before it completed
};

struct Seller
{
    QString id;
    QString name;
    QString normalized;
    QString platformId;
    int firstRun = -1;
    int lastRun = -1;
    int timesSeen = 1;
    int feedback = 0;
    int items = 0;
    Micros created = 0;
    Micros updated = 0;
    int livePos = -1;    // index in Org::live, -1 once removed
    int flaggedPos = -1; // index in Org::flagged, -1 when not flagged
    quint32 mark = 0;    // sampling stamp
    bool keep = false;   // never edited or removed, so the hostile set stays complete

    bool isLive() const { return livePos >= 0; }
    bool isFlagged() const { return flaggedPos >= 0; }
};

struct Org
{
    QString id;
    QString name;
    int utcOffsetHours = 0;
    int events = 0;
    int share = 0; // its exact number of seller rows at the end
    std::vector<Member> members;
    std::vector<Seller> sellers;
    std::vector<int> live;
    std::vector<int> flagged;
    std::vector<Run> runs;
    int lastCompletedRun = -1;
    QSet<QString> usedNames; // normalized; never reused, so a name names one seller for good
    int hostileCount = 0;
    Micros created = 0;
    int lastMember = -1;
    Micros lastEventAt = 0;
    int toppedUp = 0;            // sellers added to the last completed run at the end
    qint64 toppedUpAfterRow = 0; // rowid after which the log's snapshots must count them
};

struct World
{
    std::vector<Actor> actors;
    std::vector<Org> orgs;
};

enum class Kind
{
    SingleAdd,
    BulkAdd,
    Edit,
    SingleRemove,
    BulkRemove,
    Export,
    Flag
};

// The simulated history: both orgs' events in time order, applied to a live
// seller set per org. Audit rows go to the database as they happen (memory
// stays proportional to the sellers, not the events); the other tables are
// written from world() afterwards. All randomness comes from one stream,
// consumed in a fixed order.
class Simulation
{
public:
    Simulation(const DemoDataOptions &options, Micros end)
        : m_random(options.seed)
        , m_start(end - qint64(options.days) * MicrosPerDay)
        , m_end(end)
        , m_days(options.days)
        , m_manual(QStringLiteral("manual"))
        , m_collectionRun(QStringLiteral("collection_run"))
        , m_autoRemove(QStringLiteral("auto_remove"))
    {
        setUp(options);
    }

    // Writes every audit row through `insert`; false and *error on failure.
    bool run(AuditLogInsert &insert, Progress &progress, QString *error)
    {
        struct Tick
        {
            Micros time;
            int org;
            int run; // -1 for an audit event
            int order;
        };
        std::vector<Tick> ticks;
        for (int o = 0; o < int(m_world.orgs.size()); ++o) {
            Org &org = m_world.orgs[size_t(o)];
            const std::vector<Micros> times = eventTimes(org);
            for (int i = 0; i < int(times.size()); ++i)
                ticks.push_back({times[size_t(i)], o, -1, i});
            planRuns(org);
            for (int r = 0; r < int(org.runs.size()); ++r)
                ticks.push_back({org.runs[size_t(r)].completed, o, r, r});
        }
        std::sort(ticks.begin(), ticks.end(), [](const Tick &a, const Tick &b) {
            if (a.time != b.time)
                return a.time < b.time;
            if (a.org != b.org)
                return a.org < b.org;
            if ((a.run < 0) != (b.run < 0))
                return a.run >= 0;
            return a.order < b.order;
        });

        const double span = double(m_end - m_start);
        for (size_t i = 0; i < ticks.size(); ++i) {
            const Tick &tick = ticks[i];
            const double x = double(tick.time - m_start) / span;
            if (tick.run >= 0) {
                applyRun(tick.org, tick.run, x);
            } else {
                event(tick.org, tick.time, x);
                if (!insert.insert(m_row, m_world.orgs[size_t(tick.org)].id, error))
                    return false;
                ++m_rowCount;
            }
            progress.report(0, 80, qint64(i + 1), qint64(ticks.size()));
        }
        for (Org &org : m_world.orgs)
            topUp(org);
        return true;
    }

    const World &world() const { return m_world; }
    qint64 rowCount() const { return m_rowCount; }

private:
    void setUp(const DemoDataOptions &options)
    {
        struct ActorSpec
        {
            const char16_t *displayName; // nullptr: NULL display name
            const char *email;           // nullptr: no profile row at all
        };
        static constexpr ActorSpec Specs[] = {
            {u"Alice Morgan", "alice.morgan@acme-resale.example"},
            {u"Ben Carter", "ben.carter@acme-resale.example"},
            {u"Chloé Dubois", "chloe.dubois@acme-resale.example"},
            {u"Dev Patel", "dev.patel@acme-resale.example"},
            {nullptr, "sam.k@acme-resale.example"},
            {nullptr, nullptr},
            {u"Grace Lee", "grace.lee@acme-resale.example"},
            {u"Hiro Tanaka", "hiro.tanaka@acme-resale.example"},
            {u"Nina Fischer", "nina.fischer@northwind-sourcing.example"},
            {u"Omar Haddad", "omar.haddad@northwind-sourcing.example"},
            {u"Priya Nair", "priya.nair@northwind-sourcing.example"},
            {u"Quinn O'Neill", "quinn.oneill@northwind-sourcing.example"},
            {u"Rosa Álvarez", "rosa.alvarez@northwind-sourcing.example"},
            {u"Sven Ørsted", "sven.orsted@northwind-sourcing.example"},
            {u"Tom Wright", "tom.wright@northwind-sourcing.example"},
        };
        for (const ActorSpec &spec : Specs) {
            Actor a;
            a.id = m_random.uuid();
            if (spec.email)
                a.email = QLatin1String(spec.email);
            if (spec.displayName)
                a.displayName = QString::fromUtf16(spec.displayName);
            m_world.actors.push_back(a);
        }

        const int mainEvents = int((qint64(options.events) * 9 + 5) / 10);
        const int mainSellers = int((qint64(options.sellers) * 9 + 5) / 10);

        Org main;
        main.id = QLatin1String(SqliteSchema::DefaultOrgId);
        main.name = QStringLiteral("Acme Resale Ltd");
        main.events = mainEvents;
        main.share = mainSellers;
        main.members = {
            {0, QStringLiteral("admin"), false, 30}, {1, QStringLiteral("admin"), false, 22},
            {2, QStringLiteral("va"), false, 15},    {3, QStringLiteral("va"), false, 10},
            {4, QStringLiteral("va"), false, 8},     {5, QStringLiteral("va"), false, 6},
            {6, QStringLiteral("va"), true, 5},      {7, QStringLiteral("admin"), false, 4}};
        Org second;
        second.id = QLatin1String(DemoDataGenerator::SecondOrgId);
        second.name = QStringLiteral("Northwind Sourcing");
        second.utcOffsetHours = -5;
        second.events = options.events - mainEvents;
        second.share = options.sellers - mainSellers;
        // The last one is Alice, who also works for the second org: one actor
        // in both.
        second.members = {
            {8, QStringLiteral("admin"), false, 25}, {9, QStringLiteral("admin"), false, 18},
            {10, QStringLiteral("va"), false, 15},   {11, QStringLiteral("va"), false, 12},
            {12, QStringLiteral("va"), false, 9},    {13, QStringLiteral("va"), false, 6},
            {14, QStringLiteral("va"), false, 4},    {0, QStringLiteral("admin"), false, 3}};
        for (Org *org : {&main, &second}) {
            org->created = m_start - MicrosPerDay * m_random.between(20, 200);
            org->usedNames.reserve(org->share + 64);
            m_world.orgs.push_back(std::move(*org));
        }
    }

    // Event instants for one org, sorted: an hourly intensity (working hours,
    // weekdays, growth over the span, bursts) sampled exactly with integer
    // weights. A few instants are repeated on purpose so that ordering has to
    // break ties by id.
    std::vector<Micros> eventTimes(const Org &org)
    {
        const qint64 bins = qint64(m_days) * 24;
        std::vector<int> burst(size_t(bins), 1);
        const int bursts = std::max(1, m_days / 6);
        for (int i = 0; i < bursts; ++i) {
            const qint64 at = qint64(m_random.below(quint64(bins)));
            const qint64 length = m_random.between(1, 4);
            const int factor = m_random.between(3, 8);
            for (qint64 b = at; b < std::min(bins, at + length); ++b)
                burst[size_t(b)] = std::max(burst[size_t(b)], factor);
        }
        std::vector<qint64> cumulative(static_cast<size_t>(bins));
        qint64 total = 0;
        for (qint64 b = 0; b < bins; ++b) {
            const Micros local = m_start + b * MicrosPerHour + org.utcOffsetHours * MicrosPerHour;
            const qint64 day = floorDiv(local, MicrosPerDay);
            const auto hour = size_t((local - day * MicrosPerDay) / MicrosPerHour);
            const auto weekday = size_t(((day % 7) + 7 + 3) % 7); // 1970-01-01 was a Thursday
            const qint64 growth = 100 + 300 * b / bins;
            total += HourWeights[hour] * WeekdayWeights[weekday] * growth * burst[size_t(b)];
            cumulative[size_t(b)] = total;
        }

        std::vector<Micros> times(size_t(org.events));
        for (Micros &t : times) {
            const auto r = qint64(m_random.below(quint64(total)));
            const auto b =
                std::upper_bound(cumulative.begin(), cumulative.end(), r) - cumulative.begin();
            t = m_start + b * MicrosPerHour + 1 + qint64(m_random.below(quint64(MicrosPerHour)));
        }
        std::sort(times.begin(), times.end());
        if (times.size() >= 4) {
            const auto pairs = std::max<size_t>(2, times.size() / 2500);
            for (size_t i = 0; i < pairs; ++i) {
                const size_t j = 1 + size_t(m_random.below(quint64(times.size() - 1)));
                times[j] = times[j - 1];
            }
        }
        return times;
    }

    // Collection runs every few days, early in the org's morning; the first
    // one seeds the org within the first day.
    void planRuns(Org &org)
    {
        const Micros offset = org.utcOffsetHours * MicrosPerHour;
        std::vector<int> admins;
        for (const Member &m : org.members) {
            if (m.role == QLatin1String("admin") && !m.suspended)
                admins.push_back(m.actor);
        }
        Micros started = m_start + MicrosPerHour * m_random.between(1, 18) +
                         qint64(m_random.below(quint64(MicrosPerHour)));
        for (int n = 1;; ++n) {
            Run run;
            run.started = started;
            run.completed = started + MicrosPerMinute * m_random.between(8, 150) +
                            qint64(m_random.below(quint64(MicrosPerMinute)));
            if (run.completed > m_end)
                break;
            run.id = m_random.uuid();
            const QStringList &kinds = words().runKinds;
            run.name =
                kinds[m_random.below(kinds.size())] + QStringLiteral(" #") + QString::number(n);
            run.failed = n > 1 && m_random.percent(8);
            run.createdBy = admins[size_t(m_random.below(qsizetype(admins.size())))];
            org.runs.push_back(run);
            const Micros localMidnight = floorDiv(started + offset, MicrosPerDay) * MicrosPerDay;
            started = localMidnight + MicrosPerDay * m_random.between(2, 5) - offset +
                      MicrosPerHour * m_random.between(4, 7) +
                      qint64(m_random.below(quint64(MicrosPerHour)));
        }
    }

    // Where the org's live seller count should be at x (0..1 of the span):
    // a slow start, then growth to just under its final share, the rest coming
    // from the last collection run.
    int target(const Org &org, double x) const
    {
        return int(org.share * (0.08 + 0.87 * x * (0.55 + 0.45 * x)));
    }

    QString newName(Org &org)
    {
        const Words &w = words();
        QString name;
        if (m_random.perMille(HostilePerMille)) {
            const int cycle = org.hostileCount / int(w.hostile.size());
            name = w.hostile[org.hostileCount % w.hostile.size()];
            ++org.hostileCount;
            if (cycle > 0)
                name += u' ' + QString::number(cycle + 1);
        } else {
            // Names are never reused, so popular combinations run out: try a
            // few before numbering one.
            for (int attempt = 0; attempt < 8; ++attempt) {
                name = ordinaryName();
                if (!org.usedNames.contains(normalized(name)))
                    break;
            }
        }
        return reserveName(org, name);
    }

    // Reserves `name`, or "name N" with the first free N from 2, and returns it.
    static QString reserveName(Org &org, const QString &name)
    {
        QString candidate = name;
        QString key = normalized(candidate);
        for (int n = 2; org.usedNames.contains(key); ++n) {
            candidate = name + u' ' + QString::number(n);
            key = normalized(candidate);
        }
        org.usedNames.insert(key);
        return candidate;
    }

    QString ordinaryName()
    {
        const Words &w = words();
        auto pick = [this](const QStringList &list) { return list[m_random.below(list.size())]; };
        switch (m_random.below(quint64(10))) {
        case 0:
        case 1:
        case 2:
        case 3:
            return pick(w.adjectives) + u' ' + pick(w.nouns) + u' ' + pick(w.suffixes);
        case 4:
            return pick(w.handles) + u'_' + pick(w.nouns).toLower() + u'_' +
                   QString::number(m_random.between(1, 999));
        case 5: {
            const int first = m_random.below(w.handles.size());
            const int second =
                (first + 1 + m_random.below(w.handles.size() - 1)) % int(w.handles.size());
            return w.handles[first] + w.handles[second] + QString::number(m_random.between(1, 99));
        }
        case 6:
            return pick(w.firstNames) + QStringLiteral("'s ") + pick(w.nouns);
        case 7:
            return QStringLiteral("The ") + pick(w.adjectives) + u' ' + pick(w.nouns) +
                   QStringLiteral(" Company");
        case 8:
            return pick(w.nouns) + QStringLiteral(" by ") + pick(w.firstNames);
        default:
            return pick(w.adjectives) + pick(w.nouns);
        }
    }

    // An edit is usually a small correction (case, a suffix), else a new name.
    QString editedName(Org &org, const Seller &seller)
    {
        const int kind = int(m_random.below(quint64(10)));
        QString candidate;
        if (kind < 2 && seller.name.contains(u' ') && seller.name == seller.name.toLower()) {
            candidate = titleCased(seller.name);
        } else if (kind < 6) {
            const QStringList &suffixes = words().editSuffixes;
            candidate = seller.name + suffixes[m_random.below(suffixes.size())];
        }
        if (!candidate.isEmpty() && candidate != seller.name) {
            const QString key = normalized(candidate);
            if (key == seller.normalized)
                return candidate;
            if (!org.usedNames.contains(key)) {
                org.usedNames.insert(key);
                return candidate;
            }
        }
        return newName(org);
    }

    int addSeller(Org &org, const QString &name, Micros t, int run, bool keep = false)
    {
        Seller s;
        s.id = m_random.uuid();
        s.name = name;
        s.normalized = normalized(name);
        s.platformId = QString::number(m_random.between(100000000, 999999999));
        s.firstRun = run;
        s.lastRun = run;
        s.feedback = m_random.heavy(1, 250000, 72) - 1;
        s.items = m_random.heavy(1, 5000, 65) - 1;
        s.created = t;
        s.updated = t;
        s.keep = keep;
        const int index = int(org.sellers.size());
        s.livePos = int(org.live.size());
        org.live.push_back(index);
        org.sellers.push_back(std::move(s));
        return index;
    }

    void setFlagged(Org &org, int index, bool flagged)
    {
        Seller &s = org.sellers[size_t(index)];
        if (flagged == s.isFlagged())
            return;
        if (flagged) {
            s.flaggedPos = int(org.flagged.size());
            org.flagged.push_back(index);
        } else {
            const int moved = org.flagged.back();
            org.flagged[size_t(s.flaggedPos)] = moved;
            org.sellers[size_t(moved)].flaggedPos = s.flaggedPos;
            org.flagged.pop_back();
            s.flaggedPos = -1;
        }
    }

    void removeSeller(Org &org, int index)
    {
        setFlagged(org, index, false);
        Seller &s = org.sellers[size_t(index)];
        const int moved = org.live.back();
        org.live[size_t(s.livePos)] = moved;
        org.sellers[size_t(moved)].livePos = s.livePos;
        org.live.pop_back();
        s.livePos = -1;
        // Nothing reads a removed seller again; this keeps memory in line
        // with the live set for large histories.
        s.id.clear();
        s.name.clear();
        s.normalized.clear();
        s.platformId.clear();
    }

    // Starts a sampling round: sellers picked in one round are distinct
    // across every sample() call of that round.
    void newRound() { ++m_stamp; }

    // Up to k sellers from `pool` accepted by `accept`, in draw order.
    template<typename Accept>
    std::vector<int> sample(Org &org, qsizetype k, const std::vector<int> &pool, Accept accept)
    {
        std::vector<int> picked;
        if (k <= 0 || pool.empty())
            return picked;
        picked.reserve(size_t(k));
        auto take = [&](int index) {
            Seller &s = org.sellers[size_t(index)];
            if (s.mark == m_stamp || !accept(s))
                return;
            s.mark = m_stamp;
            picked.push_back(index);
        };
        for (qsizetype tries = 4 * k + 32; qsizetype(picked.size()) < k && tries > 0; --tries)
            take(pool[size_t(m_random.below(qsizetype(pool.size())))]);
        if (qsizetype(picked.size()) < k) {
            // Rejection stalls when few candidates remain: draw the rest from
            // the remaining candidates directly.
            std::vector<int> rest;
            for (int index : pool) {
                const Seller &s = org.sellers[size_t(index)];
                if (s.mark != m_stamp && accept(s))
                    rest.push_back(index);
            }
            for (size_t i = 0; i < rest.size() && qsizetype(picked.size()) < k; ++i) {
                std::swap(rest[i], rest[i + size_t(m_random.below(qsizetype(rest.size() - i)))]);
                take(rest[i]);
            }
        }
        return picked;
    }

    QStringList namesOf(const Org &org, const std::vector<int> &indexes) const
    {
        QStringList names;
        names.reserve(qsizetype(indexes.size()));
        for (int index : indexes)
            names.append(org.sellers[size_t(index)].name);
        return names;
    }

    // The event's audit row, filled after the change it records (so the
    // snapshot is the count after it). A seller's id is written even when a
    // later remove will null it, as the upstream foreign key does.
    AuditEntry &appendRow(int o, Micros t, Action action, const QString &user, int seller = -1)
    {
        const Org &org = m_world.orgs[size_t(o)];
        m_row = AuditEntry();
        m_row.id = m_random.uuid();
        m_row.createdAt = t;
        m_row.action = action;
        m_row.source = m_manual;
        m_row.userId = user;
        m_row.sellerCountSnapshot = int(org.live.size());
        if (seller >= 0)
            m_row.sellerId = org.sellers[size_t(seller)].id;
        return m_row;
    }

    void applyRun(int o, int index, double x)
    {
        Org &org = m_world.orgs[size_t(o)];
        Run &run = org.runs[size_t(index)];
        run.rowsBefore = m_rowCount;
        if (!run.failed) {
            const int live = int(org.live.size());
            int fresh = 0;
            const bool seedKeepers = index == 0 &&
                                     org.id == QLatin1String(SqliteSchema::DefaultOrgId) &&
                                     org.share >= 4 * int(words().hostile.size());
            if (index == 0) {
                fresh = std::max(target(org, x), seedKeepers ? int(words().hostile.size()) : 0);
            } else {
                const int gap = target(org, x) - live;
                if (gap > 0)
                    fresh = int(gap * (0.5 + 0.5 * m_random.unit()));
                fresh += m_random.below(qsizetype(2 + org.share / 400));
            }
            fresh = std::clamp(fresh, 0, org.share - live);

            newRound();
            const std::vector<int> seen = sample(org, m_random.below(qsizetype(live / 8 + 1)),
                                                 org.live, [](const Seller &) { return true; });
            for (int s : seen) {
                Seller &seller = org.sellers[size_t(s)];
                ++seller.timesSeen;
                seller.lastRun = index;
                seller.updated = run.completed;
            }
            for (int i = 0; i < fresh; ++i) {
                if (seedKeepers && i < int(words().hostile.size())) {
                    // The main org's seed run brings one of each hostile name,
                    // kept to the end, so every generated database has them all.
                    addSeller(org, reserveName(org, words().hostile[i]), run.completed, index,
                              true);
                    ++org.hostileCount;
                } else {
                    addSeller(org, newName(org), run.completed, index);
                }
            }
            run.fresh = fresh;
            run.found = fresh + int(seen.size());
            org.lastCompletedRun = index;
        }
        run.snapshot = int(org.live.size());
    }

    // The rest of the org's share arrives with its last collection run, which
    // writes no audit rows; what was logged after it must count those sellers
    // too (see Org::toppedUpAfterRow).
    void topUp(Org &org)
    {
        const int missing = org.share - int(org.live.size());
        if (missing <= 0 || org.lastCompletedRun < 0)
            return;
        const int index = org.lastCompletedRun;
        Run &run = org.runs[size_t(index)];
        for (int i = 0; i < missing; ++i)
            addSeller(org, newName(org), run.completed, index);
        run.fresh += missing;
        run.found += missing;
        for (size_t r = size_t(index); r < org.runs.size(); ++r)
            org.runs[r].snapshot += missing;
        org.toppedUp = missing;
        org.toppedUpAfterRow = run.rowsBefore;
    }

    QString pickUser(Org &org, Micros t, double x)
    {
        // Work comes in sessions: an event soon after another is usually by
        // the same person. The suspended member stopped working at 60%.
        auto eligible = [x](const Member &m) { return !m.suspended || x < 0.6; };
        int member = -1;
        if (org.lastMember >= 0 && t - org.lastEventAt < 15 * MicrosPerMinute &&
            eligible(org.members[size_t(org.lastMember)]) && m_random.percent(70)) {
            member = org.lastMember;
        } else {
            int total = 0;
            for (const Member &m : org.members)
                total += eligible(m) ? m.weight : 0;
            int r = m_random.below(qsizetype(total));
            for (size_t i = 0; i < org.members.size(); ++i) {
                const Member &m = org.members[i];
                if (!eligible(m))
                    continue;
                if (r < m.weight) {
                    member = int(i);
                    break;
                }
                r -= m.weight;
            }
        }
        org.lastMember = member;
        org.lastEventAt = t;
        if (m_random.perMille(20))
            return {}; // the acting user was deleted since
        return m_world.actors[size_t(org.members[size_t(member)].actor)].id;
    }

    Kind pickKind(const Org &org, double x)
    {
        const int r = int(m_random.below(quint64(1000)));
        Kind kind = r < 300   ? Kind::SingleAdd
                    : r < 350 ? Kind::BulkAdd
                    : r < 550 ? Kind::Edit
                    : r < 650 ? Kind::SingleRemove
                    : r < 670 ? Kind::BulkRemove
                    : r < 800 ? Kind::Export
                              : Kind::Flag;
        if (kind == Kind::SingleAdd || kind == Kind::BulkAdd) {
            // Adds outnumber removes; above the growth curve some of them
            // become removes, so the live set follows the curve (and the mix
            // stays close to the one above).
            const int live = int(org.live.size());
            const double goal = std::max(10.0, double(target(org, x)));
            const double convert =
                live >= org.share ? 1.0 : std::clamp(0.05 + 3.0 * (live - goal) / goal, 0.0, 0.95);
            if (m_random.unit() < convert)
                kind = kind == Kind::SingleAdd ? Kind::SingleRemove : Kind::BulkRemove;
        }
        return kind;
    }

    void event(int o, Micros t, double x)
    {
        Org &org = m_world.orgs[size_t(o)];
        const QString user = pickUser(org, t, x);
        const Kind kind = pickKind(org, x);
        // An action the current state cannot support (nothing to edit, no
        // room to add) falls back to an add, then to an export, which always
        // works (with an empty list when the org has no sellers).
        if (!perform(o, kind, t, x, user) &&
            (kind == Kind::SingleAdd || !perform(o, Kind::SingleAdd, t, x, user)))
            perform(o, Kind::Export, t, x, user);
    }

    bool perform(int o, Kind kind, Micros t, double x, const QString &user)
    {
        switch (kind) {
        case Kind::SingleAdd:
            return addOne(o, t, x, user);
        case Kind::BulkAdd:
            return addMany(o, t, user);
        case Kind::Edit:
            return edit(o, t, user);
        case Kind::SingleRemove:
            return removeOne(o, t, x, user);
        case Kind::BulkRemove:
            return removeMany(o, t, user);
        case Kind::Export:
            return exportSome(o, t, user);
        case Kind::Flag:
            return flag(o, t, user);
        }
        return false;
    }

    static QString key(const char *name) { return QLatin1String(name); }

    bool addOne(int o, Micros t, double x, const QString &user)
    {
        Org &org = m_world.orgs[size_t(o)];
        if (int(org.live.size()) >= org.share)
            return false;
        const QString name = newName(org);
        const int seller = addSeller(org, name, t, -1);
        AuditEntry &e = appendRow(o, t, Action::Add, user, seller);
        e.sellerName = name;
        e.newValue = UpstreamJson::encodeColumn({{key("display_name"), name}});
        // Rows from before every path logged as 'manual'.
        if (x < 0.25 && org.lastCompletedRun >= 0 && m_random.percent(6)) {
            const Run &run = org.runs[size_t(org.lastCompletedRun)];
            e.source = m_collectionRun;
            e.sourceRunId = run.id;
            e.userId = m_world.actors[size_t(run.createdBy)].id;
        }
        return true;
    }

    bool addMany(int o, Micros t, const QString &user)
    {
        Org &org = m_world.orgs[size_t(o)];
        const int room = org.share - int(org.live.size());
        if (room < 2)
            return false;
        const int count = std::min(m_random.heavy(2, 200, 45), room);
        QStringList names;
        names.reserve(count);
        for (int i = 0; i < count; ++i) {
            names.append(newName(org));
            addSeller(org, names.last(), t, -1);
        }
        AuditEntry &e = appendRow(o, t, Action::Add, user);
        e.sellerName = names.first() + QStringLiteral(" (+") + QString::number(count - 1) +
                       QStringLiteral(" more)");
        e.newValue =
            UpstreamJson::encodeColumn({{key("names"), QJsonArray::fromStringList(names)}});
        e.affectedCount = count;
        return true;
    }

    bool edit(int o, Micros t, const QString &user)
    {
        Org &org = m_world.orgs[size_t(o)];
        newRound();
        const std::vector<int> picked =
            sample(org, 1, org.live, [](const Seller &s) { return !s.keep; });
        if (picked.empty())
            return false;
        Seller &s = org.sellers[size_t(picked.front())];
        const QString old = s.name;
        s.name = editedName(org, s);
        s.normalized = normalized(s.name);
        s.updated = t;
        AuditEntry &e = appendRow(o, t, Action::Edit, user, picked.front());
        e.sellerName = s.name;
        e.oldValue = UpstreamJson::encodeColumn({{key("display_name"), old}});
        e.newValue = UpstreamJson::encodeColumn({{key("display_name"), s.name}});
        return true;
    }

    // Flagged sellers are the likelier ones to go.
    std::vector<int> pickForRemoval(Org &org, int count)
    {
        auto removable = [](const Seller &s) { return !s.keep; };
        newRound();
        std::vector<int> picked;
        if (m_random.percent(60))
            picked = sample(org, (count + 1) / 2, org.flagged, removable);
        const std::vector<int> more =
            sample(org, count - qsizetype(picked.size()), org.live, removable);
        picked.insert(picked.end(), more.begin(), more.end());
        return picked;
    }

    bool removeOne(int o, Micros t, double x, const QString &user)
    {
        Org &org = m_world.orgs[size_t(o)];
        const std::vector<int> picked = pickForRemoval(org, 1);
        if (picked.empty())
            return false;
        const int seller = picked.front();
        const QString name = org.sellers[size_t(seller)].name;
        removeSeller(org, seller);
        // Written with the seller's id upstream, which its deletion nulls at
        // once (ON DELETE SET NULL): what is stored is NULL.
        AuditEntry &e = appendRow(o, t, Action::Remove, user);
        e.sellerName = name;
        e.oldValue = UpstreamJson::encodeColumn({{key("display_name"), name}});
        // Rows from the automatic clean-up an early version ran.
        if (x < 0.25 && m_random.percent(10)) {
            e.source = m_autoRemove;
            e.userId.clear();
        }
        return true;
    }

    bool removeMany(int o, Micros t, const QString &user)
    {
        Org &org = m_world.orgs[size_t(o)];
        const std::vector<int> picked = pickForRemoval(org, m_random.heavy(2, 50, 72));
        if (picked.size() < 2)
            return false;
        const QStringList names = namesOf(org, picked);
        for (int seller : picked)
            removeSeller(org, seller);
        AuditEntry &e = appendRow(o, t, Action::Remove, user);
        e.sellerName = QStringLiteral("Removed %1 sellers").arg(names.size());
        // The bulk-delete database function writes a real object, not the
        // service's double-encoded string.
        e.oldValue =
            UpstreamJson::jsonbText(QJsonObject{{key("names"), QJsonArray::fromStringList(names)}});
        e.affectedCount = int(names.size());
        return true;
    }

    bool exportSome(int o, Micros t, const QString &user)
    {
        Org &org = m_world.orgs[size_t(o)];
        std::vector<int> picked;
        if (!org.flagged.empty() && m_random.percent(4)) {
            // "Export the flagged ones" (up to the largest export seen upstream).
            picked.assign(org.flagged.begin(),
                          org.flagged.begin() + std::min<qsizetype>(500, org.flagged.size()));
        } else {
            newRound();
            picked = sample(org, std::min<qsizetype>(m_random.heavy(1, 500, 58), org.live.size()),
                            org.live, [](const Seller &) { return true; });
        }
        const int r = int(m_random.below(quint64(100)));
        const QString format = r < 60   ? QStringLiteral("csv")
                               : r < 75 ? QStringLiteral("json")
                                        : QStringLiteral("clipboard");
        const QStringList names = namesOf(org, picked);
        AuditEntry &e = appendRow(o, t, Action::Export, user);
        e.sellerName =
            QStringLiteral("Exported %1 sellers as %2").arg(QString::number(names.size()), format);
        e.newValue = UpstreamJson::encodeColumn(
            {{key("format"), format}, {key("sellers"), QJsonArray::fromStringList(names)}});
        e.affectedCount = int(names.size());
        return true;
    }

    bool flag(int o, Micros t, const QString &user)
    {
        Org &org = m_world.orgs[size_t(o)];
        const auto live = qsizetype(org.live.size());
        if (live == 0)
            return false;
        // Mostly flagging, a few at a time; unflagging, in larger batches,
        // becomes more frequent while the flagged share is above its target.
        const qsizetype flaggedCount = qsizetype(org.flagged.size());
        const qsizetype unflaggedCount = live - flaggedCount;
        const bool over = double(flaggedCount) > FlaggedTarget * double(live);
        bool flagged = !m_random.percent(over ? 45 : 15);
        if (flagged && unflaggedCount == 0)
            flagged = false;
        else if (!flagged && flaggedCount == 0)
            flagged = true;

        auto isFlagged = [](const Seller &s) { return s.isFlagged(); };
        auto isUnflagged = [](const Seller &s) { return !s.isFlagged(); };
        newRound();
        std::vector<int> picked;
        std::vector<int> already; // the service lists sellers already in the target state too
        if (flagged) {
            picked = sample(org, std::min(qsizetype(m_random.heavy(1, 300, 35)), unflaggedCount),
                            org.live, isUnflagged);
            if (m_random.percent(5))
                already = sample(org, 1, org.flagged, isFlagged);
        } else {
            picked = sample(org, std::min(qsizetype(m_random.heavy(1, 300, 45)), flaggedCount),
                            org.flagged, isFlagged);
            if (m_random.percent(5))
                already = sample(org, 1, org.live, isUnflagged);
        }
        picked.insert(picked.end(), already.begin(), already.end());
        for (int s : picked) {
            setFlagged(org, s, flagged);
            org.sellers[size_t(s)].updated = t; // the update trigger fires either way
        }
        const QStringList names = namesOf(org, picked);
        AuditEntry &e = appendRow(o, t, Action::Flag, user);
        e.sellerName = (flagged ? QStringLiteral("Flagged %1 sellers")
                                : QStringLiteral("Unflagged %1 sellers"))
                           .arg(names.size());
        e.newValue = UpstreamJson::encodeColumn(
            {{key("flagged"), flagged}, {key("sellers"), QJsonArray::fromStringList(names)}});
        e.affectedCount = int(names.size());
        return true;
    }

    Random m_random;
    World m_world;
    Micros m_start;
    Micros m_end;
    int m_days;
    quint32 m_stamp = 0;
    AuditEntry m_row;
    qint64 m_rowCount = 0;
    const QString m_manual;
    const QString m_collectionRun;
    const QString m_autoRemove;
};

QVariant textOrNull(const QString &s)
{
    return s.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

QVariant isoTime(Micros t)
{
    return Timestamp::toIsoUtc(t);
}

// Runs a statement prepared once, for many rows bound by position.
class Statement
{
public:
    Statement(QSqlDatabase &db, const QString &sql, QString *error)
        : m_query(db)
        , m_error(error)
    {
        m_ok = m_query.prepare(sql);
        if (!m_ok)
            *m_error = m_query.lastError().text();
    }

    bool run(std::initializer_list<QVariant> values)
    {
        if (!m_ok)
            return false;
        int i = 0;
        for (const QVariant &v : values)
            m_query.bindValue(i++, v);
        m_ok = m_query.exec();
        if (!m_ok)
            *m_error = m_query.lastError().text();
        return m_ok;
    }

private:
    QSqlQuery m_query;
    QString *m_error;
    bool m_ok = false;
};

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    *error = q.lastError().text();
    return false;
}

bool writeSmallTables(QSqlDatabase &db, const World &world, QString *error)
{
    Statement org(db,
                  QStringLiteral("INSERT INTO orgs (id, name, owner_user_id, created_at, "
                                 "updated_at) VALUES (?, ?, ?, ?, ?)"),
                  error);
    for (const Org &o : world.orgs) {
        const QString owner = world.actors[size_t(o.members.front().actor)].id;
        if (!org.run({o.id, o.name, owner, isoTime(o.created), isoTime(o.created)}))
            return false;
    }
    Statement profile(
        db, QStringLiteral("INSERT INTO profiles (user_id, email, display_name) VALUES (?, ?, ?)"),
        error);
    for (const Actor &a : world.actors) {
        if (!a.email.isEmpty() && !profile.run({a.id, a.email, textOrNull(a.displayName)}))
            return false;
    }
    Statement membership(db,
                         QStringLiteral("INSERT INTO memberships (user_id, org_id, role, status) "
                                        "VALUES (?, ?, ?, ?)"),
                         error);
    for (const Org &o : world.orgs) {
        for (const Member &m : o.members) {
            const QString status =
                m.suspended ? QStringLiteral("suspended") : QStringLiteral("active");
            if (!membership.run({world.actors[size_t(m.actor)].id, o.id, m.role, status}))
                return false;
        }
    }
    Statement run(db,
                  QStringLiteral("INSERT INTO collection_runs (id, org_id, name, status, "
                                 "started_at, completed_at, sellers_found, sellers_new, "
                                 "created_by, seller_count_snapshot) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                  error);
    for (const Org &o : world.orgs) {
        for (const Run &r : o.runs) {
            const QString status =
                r.failed ? QStringLiteral("failed") : QStringLiteral("completed");
            if (!run.run({r.id, o.id, r.name, status, isoTime(r.started), isoTime(r.completed),
                          r.found, r.fresh, world.actors[size_t(r.createdBy)].id, r.snapshot}))
                return false;
        }
    }
    return true;
}

bool writeSellers(QSqlDatabase &db, const World &world, DemoDataSummary &summary, QString *error)
{
    Statement insert(db,
                     QStringLiteral("INSERT INTO sellers (id, org_id, display_name, "
                                    "normalized_name, platform, platform_id, first_seen_run_id, "
                                    "last_seen_run_id, times_seen, feedback_score, item_count, "
                                    "created_at, updated_at, flagged) "
                                    "VALUES (?, ?, ?, ?, 'ebay', ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                     error);
    for (const Org &o : world.orgs) {
        auto runId = [&o](int run) {
            return textOrNull(run < 0 ? QString() : o.runs[size_t(run)].id);
        };
        for (const Seller &s : o.sellers) {
            if (!s.isLive())
                continue;
            if (!insert.run({s.id, o.id, s.name, s.normalized, s.platformId, runId(s.firstRun),
                             runId(s.lastRun), s.timesSeen, s.feedback, s.items, isoTime(s.created),
                             isoTime(s.updated), s.isFlagged() ? 1 : 0}))
                return false;
            ++summary.sellers;
            summary.flagged += s.isFlagged() ? 1 : 0;
        }
    }
    return true;
}

// Emulates the upstream foreign keys' ON DELETE SET NULL for removed sellers,
// and counts the last run's top-up in the snapshots logged after it.
bool finishAuditLog(QSqlDatabase &db, const World &world, QString *error)
{
    if (!exec(db,
              QStringLiteral("UPDATE seller_audit_log SET seller_id = NULL WHERE seller_id IS NOT "
                             "NULL AND seller_id NOT IN (SELECT id FROM sellers)"),
              error))
        return false;
    Statement snapshots(db,
                        QStringLiteral("UPDATE seller_audit_log SET seller_count_snapshot = "
                                       "seller_count_snapshot + ? WHERE org_id = ? AND rowid > ?"),
                        error);
    for (const Org &o : world.orgs) {
        if (o.toppedUp > 0 && !snapshots.run({o.toppedUp, o.id, o.toppedUpAfterRow}))
            return false;
    }
    return true;
}

bool fill(QSqlDatabase &db, Simulation &simulation, Progress &progress, DemoDataSummary &summary,
          QString *error)
{
    // Nothing here needs to survive a crash: a failed build is deleted. So no
    // journal and no syncing while loading, and indexes after the rows. The
    // rows are valid by construction (the tests check every value), and the
    // schema's IN-list checks would build a temporary table for every row.
    for (const char *pragma :
         {"PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-131072",
          "PRAGMA temp_store=MEMORY", "PRAGMA ignore_check_constraints=ON"}) {
        if (!exec(db, QLatin1String(pragma), error))
            return false;
    }
    if (!db.transaction()) {
        *error = db.lastError().text();
        return false;
    }
    if (!SqliteSchema::createTables(db, error))
        return false;
    {
        AuditLogInsert insert(db, SqlDialect(SqlConnectionSpec::Kind::Sqlite));
        if (!simulation.run(insert, progress, error))
            return false;
    }
    summary.events = simulation.rowCount();
    const World &world = simulation.world();
    if (!writeSmallTables(db, world, error) || !writeSellers(db, world, summary, error) ||
        !finishAuditLog(db, world, error))
        return false;
    progress.report(85);
    if (!SqliteSchema::createIndexes(db, error))
        return false;
    progress.report(97);
    if (!db.commit()) {
        *error = db.lastError().text();
        return false;
    }
    // The app reads while it writes (flagging, export records).
    return exec(db, QStringLiteral("PRAGMA journal_mode=WAL"), error);
}

// Builds the database on a connection of its own, closed and removed before
// returning so that SQLite checkpoints and deletes the -wal and -shm files.
bool buildDatabase(const QString &file, Simulation &simulation, Progress &progress,
                   DemoDataSummary &summary, QString *error)
{
    static std::atomic<quint64> serial{0};
    const QString connection = QStringLiteral("demodatagenerator-") + QString::number(++serial);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(file);
        if (!db.open())
            *error = db.lastError().text();
        else
            ok = fill(db, simulation, progress, summary, error);
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

void removeWithSidecars(const QString &file)
{
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(file + QLatin1String(suffix));
}

// Deletes the temporary database and its sidecars unless released.
class TemporaryDatabase
{
public:
    explicit TemporaryDatabase(QString path)
        : m_path(std::move(path))
    {}
    ~TemporaryDatabase()
    {
        if (!m_path.isEmpty())
            removeWithSidecars(m_path);
    }
    TemporaryDatabase(const TemporaryDatabase &) = delete;
    TemporaryDatabase &operator=(const TemporaryDatabase &) = delete;

    void release() { m_path.clear(); }

private:
    QString m_path;
};

// A new, empty file next to `target` (so the final rename stays within one
// file system), created exclusively so two generators never share one.
QString createTemporary(const QString &target, QString *why)
{
    static std::atomic<quint64> serial{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
        const QString candidate = target + u'.' +
                                  QString::number(QCoreApplication::applicationPid()) + u'-' +
                                  QString::number(++serial) + QStringLiteral(".tmp");
        QFile file(candidate);
        if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return candidate;
        if (!file.exists()) {
            *why = file.errorString();
            return {};
        }
    }
    *why = tr("every temporary name is taken");
    return {};
}

QString validate(const DemoDataOptions &options, Micros end)
{
    if (options.events < 0)
        return tr("The number of events cannot be negative.");
    if (options.sellers < 0)
        return tr("The number of sellers cannot be negative.");
    if (options.days < 1 || options.days > 36500)
        return tr("The history must span between 1 and 36500 days.");
    if (end - qint64(options.days) * MicrosPerDay < 0)
        return tr("The history cannot start before 1970.");
    return {};
}

} // namespace

namespace DemoDataGenerator {

std::optional<DemoDataSummary> write(const QString &path, const DemoDataOptions &options,
                                     QString *error, const std::function<void(int)> &progress)
{
    QElapsedTimer timer;
    timer.start();
    Progress reporter(progress);
    reporter.report(0);
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };

    const Micros end =
        options.end != 0 ? options.end : floorDiv(Timestamp::now(), MicrosPerHour) * MicrosPerHour;
    if (const QString problem = validate(options, end); !problem.isEmpty())
        return fail(problem);

    const QString target = QFileInfo(path).absoluteFilePath();
    const QString shown = QDir::toNativeSeparators(target);
    QString why;
    const QString temporary = createTemporary(target, &why);
    if (temporary.isEmpty())
        return fail(tr("Cannot create a file next to %1: %2.").arg(shown, why));
    TemporaryDatabase cleanup(temporary);

    Simulation simulation(options, end);
    DemoDataSummary summary;
    if (!buildDatabase(temporary, simulation, reporter, summary, &why))
        return fail(tr("Cannot write the demo database %1: %2.").arg(shown, why));

    // A -wal left by an earlier database at `target` would be replayed into
    // this one when it is next opened.
    for (const char *suffix : {"-wal", "-shm", "-journal"})
        QFile::remove(target + QLatin1String(suffix));
    std::error_code ec;
    std::filesystem::rename(std::filesystem::path(temporary.toStdU16String()),
                            std::filesystem::path(target.toStdU16String()), ec);
    if (ec)
        return fail(tr("Cannot replace %1: %2.").arg(shown, QString::fromStdString(ec.message())));
    cleanup.release();

    summary.end = end;
    summary.elapsedMs = timer.elapsed();
    reporter.report(100);
    return summary;
}

} // namespace DemoDataGenerator
