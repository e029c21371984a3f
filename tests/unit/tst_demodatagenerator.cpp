#include "demodatagenerator.h"
#include "sqliteschema.h"
#include "timestamp.h"
#include "upstreamjson.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <set>

namespace {

const QString MainOrg = QLatin1String(SqliteSchema::DefaultOrgId);
const QString SecondOrg = QLatin1String(DemoDataGenerator::SecondOrgId);

Timestamp::Micros fixedEnd()
{
    return Timestamp::parseIso(u"2024-06-15T12:00:00Z").value();
}

DemoDataOptions smallOptions()
{
    DemoDataOptions o;
    o.events = 2000;
    o.sellers = 300;
    o.seed = 7;
    o.end = fixedEnd();
    return o;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A connection of the test's own to a generated file, removed on destruction.
// Queries made through it must not outlive it.
class Connection
{
public:
    explicit Connection(const QString &path)
        : m_name(QStringLiteral("tst-demodata-") + QString::number(++s_serial))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        if (!db.open())
            qWarning("cannot open %s: %s", qPrintable(path), qPrintable(db.lastError().text()));
    }
    ~Connection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlQuery select(const QString &sql, const QVariantList &values = {}) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        q.setForwardOnly(true);
        if (!q.prepare(sql))
            qWarning("cannot prepare %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values[i]);
        if (!q.exec())
            qWarning("cannot run %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return q;
    }

    QVariant value(const QString &sql, const QVariantList &values = {}) const
    {
        QSqlQuery q = select(sql, values);
        return q.next() ? q.value(0) : QVariant();
    }
    qint64 count(const QString &sql, const QVariantList &values = {}) const
    {
        return value(sql, values).toLongLong();
    }

private:
    static inline std::atomic<int> s_serial{0};
    QString m_name;
};

QStringList stringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &item : v.toArray())
        out.append(item.toString());
    return out;
}

// The stored text of a decoded object, written back with `keys` in this
// order: equal to the column only if the generator used the same order and
// the upstream encoding.
QByteArray reencode(const UpstreamJson::Decoded &d, const QStringList &keys)
{
    if (d.shape == UpstreamJson::Decoded::Shape::Value)
        return UpstreamJson::jsonbText(d.value);
    UpstreamJson::Members members;
    for (const QString &k : keys)
        members.append({k, d.value.toObject().value(k)});
    return UpstreamJson::encodeColumn(members);
}

} // namespace

class TestDemoDataGenerator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void shouldGenerateTheDefaultsQuickly();
    void shouldBeDeterministic_data();
    void shouldBeDeterministic();
    void shouldDependOnSeedAndSpan_data();
    void shouldDependOnSeedAndSpan();
    void shouldWriteExactCounts_data();
    void shouldWriteExactCounts();
    void shouldWriteBothOrgsAndTheirPeople();
    void shouldShapeEveryRowAsUpstream_data();
    void shouldShapeEveryRowAsUpstream();
    void shouldStoreJsonColumnsInUpstreamShapes_data();
    void shouldStoreJsonColumnsInUpstreamShapes();
    void shouldSayPluralSellersEvenForOne();
    void shouldIncludeHostileNames_data();
    void shouldIncludeHostileNames();
    void shouldKeepSellersConsistentWithTheLog_data();
    void shouldKeepSellersConsistentWithTheLog();
    void shouldKeepTimesInRange_data();
    void shouldKeepTimesInRange();
    void shouldRepeatSomeTimestamps_data();
    void shouldRepeatSomeTimestamps();
    void shouldLookLikeRealWork();
    void shouldLeaveOnlyTheDatabaseInWalMode();
    void shouldReplaceAnExistingDatabase();
    void shouldFailWithoutLeavingFiles_data();
    void shouldFailWithoutLeavingFiles();
    void shouldRejectBadOptions_data();
    void shouldRejectBadOptions();
    void shouldEndAtTheCurrentHourByDefault();
    void shouldWorkOnAnotherThread();
    void shouldReportProgressOnTheCallingThread();

private:
    void addDatabaseRows();
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    QString m_smallPath;
    QString m_defaultPath;
    DemoDataSummary m_defaultSummary;
};

void TestDemoDataGenerator::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_smallPath = path(QStringLiteral("small.sqlite"));
    QVERIFY2(DemoDataGenerator::write(m_smallPath, smallOptions(), &error), qPrintable(error));

    DemoDataOptions defaults;
    defaults.end = fixedEnd();
    m_defaultPath = path(QStringLiteral("default.sqlite"));
    const auto summary = DemoDataGenerator::write(m_defaultPath, defaults, &error);
    QVERIFY2(summary, qPrintable(error));
    m_defaultSummary = *summary;
}

// The small and the default database, for the tests that check both.
void TestDemoDataGenerator::addDatabaseRows()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("small") << m_smallPath;
    QTest::newRow("default") << m_defaultPath;
}

void TestDemoDataGenerator::shouldGenerateTheDefaultsQuickly()
{
    // Measured in initTestCase; the budget is 3 s on a 2-core machine. Only
    // an optimized build is held to a (generous) bound, so that a slow or
    // instrumented build does not fail on timing alone.
    qInfo("defaults (%lld events, %lld sellers, %lld flagged) generated in %lld ms",
          m_defaultSummary.events, m_defaultSummary.sellers, m_defaultSummary.flagged,
          m_defaultSummary.elapsedMs);
#ifdef NDEBUG
    QVERIFY2(m_defaultSummary.elapsedMs < 6000,
             qPrintable(QString::number(m_defaultSummary.elapsedMs)));
#endif
}

void TestDemoDataGenerator::shouldBeDeterministic_data()
{
    QTest::addColumn<int>("events");
    QTest::addColumn<int>("sellers");
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<int>("days");

    QTest::newRow("small") << 2000 << 300 << quint64(7) << 400;
    QTest::newRow("other seed, short span") << 3000 << 500 << quint64(123456789) << 30;
    QTest::newRow("few sellers") << 500 << 3 << quint64(1) << 10;
    QTest::newRow("empty") << 0 << 0 << quint64(1) << 1;
}

void TestDemoDataGenerator::shouldBeDeterministic()
{
    QFETCH(int, events);
    QFETCH(int, sellers);
    QFETCH(quint64, seed);
    QFETCH(int, days);
    DemoDataOptions options;
    options.events = events;
    options.sellers = sellers;
    options.seed = seed;
    options.days = days;
    options.end = fixedEnd();

    QString error;
    const QString first = path(QStringLiteral("deterministic-1.sqlite"));
    const QString second = path(QStringLiteral("deterministic-2.sqlite"));
    QVERIFY2(DemoDataGenerator::write(first, options, &error), qPrintable(error));
    QVERIFY2(DemoDataGenerator::write(second, options, &error), qPrintable(error));
    const QByteArray a = readAll(first);
    QVERIFY(!a.isEmpty());
    QVERIFY(a == readAll(second));
    QVERIFY(QFile::remove(first));
    QVERIFY(QFile::remove(second));
}

void TestDemoDataGenerator::shouldDependOnSeedAndSpan_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<qint64>("endShift");
    QTest::addColumn<int>("days");

    QTest::newRow("seed") << quint64(8) << qint64(0) << 400;
    QTest::newRow("end") << quint64(7) << Timestamp::MicrosPerHour << 400;
    QTest::newRow("days") << quint64(7) << qint64(0) << 399;
}

void TestDemoDataGenerator::shouldDependOnSeedAndSpan()
{
    QFETCH(quint64, seed);
    QFETCH(qint64, endShift);
    QFETCH(int, days);
    DemoDataOptions options = smallOptions();
    options.seed = seed;
    options.end += endShift;
    options.days = days;

    QString error;
    const QString other = path(QStringLiteral("other.sqlite"));
    QVERIFY2(DemoDataGenerator::write(other, options, &error), qPrintable(error));
    QVERIFY(readAll(other) != readAll(m_smallPath));
    QVERIFY(QFile::remove(other));
}

void TestDemoDataGenerator::shouldWriteExactCounts_data()
{
    QTest::addColumn<int>("events");
    QTest::addColumn<int>("sellers");
    QTest::addColumn<int>("days");
    QTest::addColumn<bool>("generated"); // by initTestCase already

    QTest::newRow("defaults") << 100000 << 10000 << 400 << true;
    QTest::newRow("small") << 2000 << 300 << 400 << false;
    QTest::newRow("no events") << 0 << 50 << 400 << false;
    QTest::newRow("no sellers") << 200 << 0 << 400 << false;
    QTest::newRow("more sellers than events") << 100 << 2000 << 400 << false;
    QTest::newRow("one seller") << 300 << 1 << 400 << false;
    QTest::newRow("one day") << 500 << 100 << 1 << false;
    QTest::newRow("ten years") << 1000 << 100 << 3650 << false;
}

void TestDemoDataGenerator::shouldWriteExactCounts()
{
    QFETCH(int, events);
    QFETCH(int, sellers);
    QFETCH(int, days);
    QFETCH(bool, generated);

    QString file = m_defaultPath;
    DemoDataSummary summary = m_defaultSummary;
    if (!generated) {
        DemoDataOptions options;
        options.events = events;
        options.sellers = sellers;
        options.days = days;
        options.end = fixedEnd();
        QString error;
        file = path(QStringLiteral("counts.sqlite"));
        const auto written = DemoDataGenerator::write(file, options, &error);
        QVERIFY2(written, qPrintable(error));
        summary = *written;
    }
    QCOMPARE(summary.events, events);
    QCOMPARE(summary.sellers, sellers);
    QCOMPARE(summary.end, fixedEnd());

    Connection c(file);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log")), events);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM sellers")), sellers);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM sellers WHERE flagged = 1")),
             summary.flagged);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM orgs")), 2);

    // About nine tenths for the main org, the rest for the second one.
    const qint64 mainEvents = c.count(
        QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE org_id = ?"), {MainOrg});
    const qint64 mainSellers =
        c.count(QStringLiteral("SELECT count(*) FROM sellers WHERE org_id = ?"), {MainOrg});
    QVERIFY(qAbs(mainEvents * 10 - qint64(events) * 9) <= 10);
    QVERIFY(qAbs(mainSellers * 10 - qint64(sellers) * 9) <= 10);
    if (events >= 20) {
        QVERIFY(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE org_id = ?"),
                        {SecondOrg}) > 0);
    }

    // Upstream's unique key, and the normalization it relies on.
    QSqlQuery q = c.select(QStringLiteral("SELECT display_name, normalized_name FROM sellers"));
    while (q.next())
        QCOMPARE(q.value(1).toString(), q.value(0).toString().toLower().simplified());
}

void TestDemoDataGenerator::shouldWriteBothOrgsAndTheirPeople()
{
    Connection c(m_defaultPath);
    QCOMPARE(c.value(QStringLiteral("SELECT name FROM orgs WHERE id = ?"), {MainOrg}).toString(),
             QStringLiteral("Acme Resale Ltd"));
    QCOMPARE(c.value(QStringLiteral("SELECT name FROM orgs WHERE id = ?"), {SecondOrg}).toString(),
             QStringLiteral("Northwind Sourcing"));

    for (const QString &org : {MainOrg, SecondOrg}) {
        const qint64 members =
            c.count(QStringLiteral("SELECT count(*) FROM memberships WHERE org_id = ?"), {org});
        QVERIFY2(members >= 6 && members <= 10, qPrintable(QString::number(members)));
        QVERIFY(c.count(QStringLiteral("SELECT count(*) FROM memberships WHERE org_id = ? AND "
                                       "role = 'admin'"),
                        {org}) > 0);
        QVERIFY(c.count(QStringLiteral("SELECT count(*) FROM memberships WHERE org_id = ? AND "
                                       "role = 'va'"),
                        {org}) > 0);
        QVERIFY(c.count(QStringLiteral("SELECT count(*) FROM collection_runs WHERE org_id = ?"),
                        {org}) > 400 / 6);
    }
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM memberships WHERE status = "
                                    "'suspended'")),
             1);

    // One actor of the main org has no profile at all (the UI shows the raw
    // id) and still acts; one profile has an email and no display name.
    const QString noProfile = c.value(QStringLiteral("SELECT m.user_id FROM memberships m "
                                                     "LEFT JOIN profiles p USING (user_id) "
                                                     "WHERE p.user_id IS NULL AND m.org_id = ?"),
                                      {MainOrg})
                                  .toString();
    QVERIFY(!noProfile.isEmpty());
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM memberships m LEFT JOIN profiles p "
                                    "USING (user_id) WHERE p.user_id IS NULL")),
             1);
    QVERIFY(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE user_id = ?"),
                    {noProfile}) > 0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM profiles WHERE display_name IS NULL "
                                    "AND email IS NOT NULL")),
             1);

    // Every actor is a member of the org the row belongs to; a few are gone.
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log a WHERE user_id IS "
                                    "NOT NULL AND NOT EXISTS (SELECT 1 FROM memberships m WHERE "
                                    "m.user_id = a.user_id AND m.org_id = a.org_id)")),
             0);
    const qint64 anonymous =
        c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE user_id IS NULL"));
    QVERIFY2(anonymous > 500 && anonymous < 5000, qPrintable(QString::number(anonymous)));

    // Runs: plausible statuses, times and counts, in their org.
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM collection_runs WHERE status NOT IN "
                                    "('completed', 'failed') OR completed_at <= started_at OR "
                                    "sellers_new > sellers_found OR created_by IS NULL")),
             0);
    QVERIFY(c.count(QStringLiteral("SELECT count(*) FROM collection_runs WHERE status = "
                                   "'failed'")) > 0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM sellers s JOIN collection_runs r ON "
                                    "r.id = s.first_seen_run_id WHERE r.org_id <> s.org_id")),
             0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM collection_runs r WHERE sellers_new < "
                                    "(SELECT count(*) FROM sellers s WHERE s.first_seen_run_id = "
                                    "r.id)")),
             0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM sellers WHERE first_seen_run_id IS "
                                    "NULL AND last_seen_run_id IS NULL AND times_seen <> 1")),
             0);
}

void TestDemoDataGenerator::shouldShapeEveryRowAsUpstream_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QStringList>("oldKeys"); // empty: NULL
    QTest::addColumn<bool>("oldIsObject");
    QTest::addColumn<QStringList>("newKeys"); // empty: NULL
    QTest::addColumn<bool>("sellerIdNull");
    QTest::addColumn<QString>("summary");

    const QStringList none;
    const QStringList displayName{QStringLiteral("display_name")};
    const QStringList names{QStringLiteral("names")};
    const QStringList exportKeys{QStringLiteral("format"), QStringLiteral("sellers")};
    const QStringList flagKeys{QStringLiteral("flagged"), QStringLiteral("sellers")};
    for (const auto &[name, file] :
         {std::pair{"small", m_smallPath}, std::pair{"default", m_defaultPath}}) {
        auto row = [&](const char *tag) -> QTestData & {
            return QTest::addRow("%s: %s", name, tag) << file;
        };
        row("add one") << QStringLiteral("add") << QStringLiteral("affected_count = 1") << none
                       << false << displayName << false << QStringLiteral("new name");
        row("add bulk") << QStringLiteral("add") << QStringLiteral("affected_count <> 1") << none
                        << false << names << true << QStringLiteral("first (+N more)");
        row("edit") << QStringLiteral("edit") << QStringLiteral("1 = 1") << displayName << false
                    << displayName << false << QStringLiteral("new name");
        // The seller is gone, so the foreign key has nulled its id.
        row("remove one") << QStringLiteral("remove") << QStringLiteral("affected_count = 1")
                          << displayName << false << none << true << QStringLiteral("old name");
        row("remove bulk") << QStringLiteral("remove") << QStringLiteral("affected_count <> 1")
                           << names << true << none << true << QStringLiteral("Removed N sellers");
        row("export") << QStringLiteral("export") << QStringLiteral("1 = 1") << none << false
                      << exportKeys << true << QStringLiteral("Exported N sellers as FMT");
        row("flag") << QStringLiteral("flag") << QStringLiteral("1 = 1") << none << false
                    << flagKeys << true << QStringLiteral("Flagged N sellers");
    }
}

void TestDemoDataGenerator::shouldShapeEveryRowAsUpstream()
{
    QFETCH(QString, file);
    QFETCH(QString, action);
    QFETCH(QString, where);
    QFETCH(QStringList, oldKeys);
    QFETCH(bool, oldIsObject);
    QFETCH(QStringList, newKeys);
    QFETCH(bool, sellerIdNull);
    QFETCH(QString, summary);
    using Shape = UpstreamJson::Decoded::Shape;

    Connection c(file);
    QSqlQuery q = c.select(QStringLiteral("SELECT id, seller_id, seller_name, old_value, "
                                          "new_value, affected_count FROM seller_audit_log "
                                          "WHERE action = ? AND ") +
                               where,
                           {action});
    int rows = 0;
    while (q.next()) {
        ++rows;
        const QString id = q.value(0).toString();
        const QString sellerName = q.value(2).toString();
        const QByteArray oldText = q.value(3).toString().toUtf8();
        const QByteArray newText = q.value(4).toString().toUtf8();
        const int affected = q.value(5).toInt();
        const auto context = [&] {
            return (id + u' ' + QString::fromUtf8(oldText) + u' ' + QString::fromUtf8(newText))
                .toUtf8();
        };
        if (sellerIdNull)
            QVERIFY2(q.value(1).isNull(), context().constData());

        const UpstreamJson::Decoded oldValue = UpstreamJson::decodeColumn(oldText);
        const UpstreamJson::Decoded newValue = UpstreamJson::decodeColumn(newText);
        QVERIFY2(oldValue.shape == (oldKeys.isEmpty() ? Shape::Null
                                    : oldIsObject     ? Shape::Value
                                                      : Shape::StringOfJson),
                 context().constData());
        QVERIFY2(newValue.shape == (newKeys.isEmpty() ? Shape::Null : Shape::StringOfJson),
                 context().constData());
        if (!oldKeys.isEmpty()) {
            QCOMPARE(oldValue.value.toObject().keys(), oldKeys);
            QCOMPARE(reencode(oldValue, oldKeys), oldText);
        }
        if (!newKeys.isEmpty()) {
            QStringList sorted = newKeys;
            sorted.sort();
            QCOMPARE(newValue.value.toObject().keys(), sorted);
            QCOMPARE(reencode(newValue, newKeys), newText);
        }
        const QJsonObject o = oldValue.value.toObject();
        const QJsonObject n = newValue.value.toObject();

        if (summary == QLatin1String("new name")) {
            QCOMPARE(affected, 1);
            QCOMPARE(sellerName, n.value(QLatin1String("display_name")).toString());
            if (!oldKeys.isEmpty()) {
                QVERIFY(o.value(QLatin1String("display_name")).toString() != sellerName);
            }
        } else if (summary == QLatin1String("old name")) {
            QCOMPARE(affected, 1);
            QCOMPARE(sellerName, o.value(QLatin1String("display_name")).toString());
        } else if (summary == QLatin1String("first (+N more)")) {
            const QStringList list = stringList(n.value(QLatin1String("names")));
            QVERIFY(list.size() >= 2 && list.size() <= 200);
            QCOMPARE(affected, list.size());
            QCOMPARE(sellerName, list.first() + QStringLiteral(" (+") +
                                     QString::number(list.size() - 1) + QStringLiteral(" more)"));
        } else if (summary == QLatin1String("Removed N sellers")) {
            const QStringList list = stringList(o.value(QLatin1String("names")));
            QVERIFY(list.size() >= 2 && list.size() <= 50);
            QCOMPARE(affected, list.size());
            QVERIFY(oldText.startsWith('{'));
            QCOMPARE(sellerName, QStringLiteral("Removed ") + QString::number(affected) +
                                     QStringLiteral(" sellers"));
        } else if (summary == QLatin1String("Exported N sellers as FMT")) {
            const QStringList list = stringList(n.value(QLatin1String("sellers")));
            const QString format = n.value(QLatin1String("format")).toString();
            QVERIFY2(format == QLatin1String("csv") || format == QLatin1String("json") ||
                         format == QLatin1String("clipboard"),
                     context().constData());
            QVERIFY(list.size() <= 500);
            QCOMPARE(affected, list.size());
            QCOMPARE(sellerName, QStringLiteral("Exported ") + QString::number(affected) +
                                     QStringLiteral(" sellers as ") + format);
        } else {
            const QJsonValue flagged = n.value(QLatin1String("flagged"));
            const QStringList list = stringList(n.value(QLatin1String("sellers")));
            QVERIFY2(flagged.isBool(), context().constData());
            QVERIFY(list.size() >= 1 && list.size() <= 301);
            QCOMPARE(affected, list.size());
            QCOMPARE(sellerName, (flagged.toBool() ? QStringLiteral("Flagged ")
                                                   : QStringLiteral("Unflagged ")) +
                                     QString::number(affected) + QStringLiteral(" sellers"));
        }
    }
    QVERIFY2(rows > 0, "no row of this shape");
}

void TestDemoDataGenerator::shouldStoreJsonColumnsInUpstreamShapes_data()
{
    addDatabaseRows();
}

void TestDemoDataGenerator::shouldStoreJsonColumnsInUpstreamShapes()
{
    QFETCH(QString, file);
    Connection c(file);
    // jsonb_typeof(new_value) = 'string' for every row: the API's listing
    // fails on anything else. Only bulk removes store a real object.
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE new_value IS "
                                    "NOT NULL AND substr(new_value, 1, 1) <> '\"'")),
             0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE old_value IS "
                                    "NOT NULL AND substr(old_value, 1, 1) <> CASE WHEN action = "
                                    "'remove' AND affected_count <> 1 THEN '{' ELSE '\"' END")),
             0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE (action IN "
                                    "('add', 'export', 'flag') AND old_value IS NOT NULL) OR "
                                    "(action = 'remove' AND new_value IS NOT NULL) OR "
                                    "(action <> 'remove' AND new_value IS NULL) OR source_criteria "
                                    "IS NOT NULL")),
             0);
    // The schema's checks (the generator loads without evaluating them).
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE action NOT IN "
                                    "('add', 'edit', 'remove', 'export', 'flag') OR "
                                    "affected_count < 0 OR seller_count_snapshot < 0")),
             0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM sellers WHERE platform <> 'ebay' OR "
                                    "flagged NOT IN (0, 1) OR times_seen < 1")),
             0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM memberships WHERE role NOT IN "
                                    "('admin', 'va', 'client') OR status NOT IN ('active', "
                                    "'suspended')")),
             0);
    // Sources: manual, plus a few rows of the oldest quarter from the older
    // code paths, each in its own shape.
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE source NOT IN "
                                    "('manual', 'collection_run', 'auto_remove')")),
             0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log a WHERE (source = "
                                    "'collection_run') <> (source_run_id IS NOT NULL)")),
             0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log a WHERE source = "
                                    "'collection_run' AND (action <> 'add' OR NOT EXISTS (SELECT "
                                    "1 FROM collection_runs r WHERE r.id = a.source_run_id AND "
                                    "r.org_id = a.org_id AND r.completed_at <= a.created_at))")),
             0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE source = "
                                    "'auto_remove' AND (action <> 'remove' OR user_id IS NOT "
                                    "NULL)")),
             0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE source <> "
                                    "'manual' AND created_at > (SELECT min(created_at) FROM "
                                    "seller_audit_log) AND julianday(substr(created_at, 1, 19)) "
                                    "- julianday(substr((SELECT min(created_at) FROM "
                                    "seller_audit_log), 1, 19)) > 110")),
             0);
}

void TestDemoDataGenerator::shouldSayPluralSellersEvenForOne()
{
    Connection c(m_defaultPath);
    QVERIFY(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE action = 'flag' "
                                   "AND seller_name = 'Flagged 1 sellers'")) > 0);
    QVERIFY(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE action = 'flag' "
                                   "AND seller_name LIKE 'Unflagged %'")) > 0);
    QVERIFY(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE action = "
                                   "'export' AND seller_name = 'Exported 1 sellers as csv'")) > 0);
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE seller_name "
                                    "LIKE '% seller' OR seller_name LIKE '% seller as %'")),
             0);
}

void TestDemoDataGenerator::shouldIncludeHostileNames_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("pattern");

    const std::pair<const char *, const char *> patterns[] = {
        {"starts with =", "^="},
        {"starts with +", "^\\+"},
        {"starts with -", "^-"},
        {"starts with @", "^@"},
        {"starts with a tab", "^\\t"},
        {"newline", "\\n"},
        {"carriage return", "\\r"},
        {"double quote", "\""},
        {"single quote", "'"},
        {"comma", ","},
        {"CSV joiner", "; "},
        {"backslash", "\\\\"},
        {"non-ASCII", "[^\\x{0}-\\x{7f}]"},
        {"outside the BMP", "[\\x{10000}-\\x{10ffff}]"},
        {"right to left", "[\\x{0600}-\\x{06ff}]"},
        {"QString::arg marker", "%1"},
        {"very long", "^.{190,}$"},
    };
    for (const auto &[name, file] :
         {std::pair{"small", m_smallPath}, std::pair{"default", m_defaultPath}}) {
        for (const auto &[tag, pattern] : patterns)
            QTest::addRow("%s: %s", name, tag) << file << QString::fromLatin1(pattern);
    }
}

void TestDemoDataGenerator::shouldIncludeHostileNames()
{
    QFETCH(QString, file);
    QFETCH(QString, pattern);
    const QRegularExpression re(pattern);
    QVERIFY(re.isValid());

    Connection c(file);
    QSqlQuery q = c.select(QStringLiteral("SELECT display_name FROM sellers"));
    int matches = 0;
    while (q.next())
        matches += re.match(q.value(0).toString()).hasMatch() ? 1 : 0;
    QVERIFY(matches > 0);
}

void TestDemoDataGenerator::shouldKeepSellersConsistentWithTheLog_data()
{
    addDatabaseRows();
}

// Replays the log in order (names are never reused within an org, so a name
// identifies one seller): the flag state of every seller must be the one its
// last flag row set, single add/edit rows must carry the id of a seller that
// is still there, and remove rows none; each org's newest snapshot must count
// the sellers that existed then.
void TestDemoDataGenerator::shouldKeepSellersConsistentWithTheLog()
{
    QFETCH(QString, file);
    struct Known
    {
        bool flagged = false;
        QStringList rows; // single add/edit rows about this seller
    };
    std::map<QString, Known> known; // org + '/' + name
    std::map<QString, QString> sellerIdOfRow;
    std::set<QString> removedRows;

    Connection c(file);
    {
        QSqlQuery q = c.select(QStringLiteral("SELECT org_id, action, seller_name, old_value, "
                                              "new_value, affected_count, id, seller_id FROM "
                                              "seller_audit_log ORDER BY created_at, rowid"));
        while (q.next()) {
            const QString org = q.value(0).toString() + u'/';
            const QString action = q.value(1).toString();
            const QJsonObject o =
                UpstreamJson::decodeColumn(q.value(3).toString().toUtf8()).value.toObject();
            const QJsonObject n =
                UpstreamJson::decodeColumn(q.value(4).toString().toUtf8()).value.toObject();
            const bool single = q.value(5).toInt() == 1;
            const QString id = q.value(6).toString();
            sellerIdOfRow[id] = q.value(7).toString();
            if (action == QLatin1String("add")) {
                const QStringList names =
                    single ? QStringList{n.value(QLatin1String("display_name")).toString()}
                           : stringList(n.value(QLatin1String("names")));
                for (const QString &name : names) {
                    QVERIFY2(!known.contains(org + name), qPrintable(name));
                    known[org + name] = Known{false, single ? QStringList{id} : QStringList{}};
                }
            } else if (action == QLatin1String("edit")) {
                const QString from = org + o.value(QLatin1String("display_name")).toString();
                const QString to = org + n.value(QLatin1String("display_name")).toString();
                Known k = known[from];
                known.erase(from);
                k.rows.append(id);
                known[to] = k;
            } else if (action == QLatin1String("remove")) {
                const QStringList names =
                    single ? QStringList{o.value(QLatin1String("display_name")).toString()}
                           : stringList(o.value(QLatin1String("names")));
                for (const QString &name : names) {
                    if (auto it = known.find(org + name); it != known.end()) {
                        removedRows.insert(it->second.rows.cbegin(), it->second.rows.cend());
                        known.erase(it);
                    }
                }
                if (single)
                    removedRows.insert(id);
            } else if (action == QLatin1String("flag")) {
                const bool flagged = n.value(QLatin1String("flagged")).toBool();
                for (const QString &name : stringList(n.value(QLatin1String("sellers"))))
                    known[org + name].flagged = flagged;
            }
        }
    }
    for (const QString &row : removedRows)
        QVERIFY2(sellerIdOfRow[row].isEmpty(), qPrintable(row));

    qint64 flaggedSellers = 0;
    qint64 total = 0;
    QSqlQuery q = c.select(QStringLiteral("SELECT org_id, display_name, flagged, id FROM sellers"));
    while (q.next()) {
        ++total;
        const QString key = q.value(0).toString() + u'/' + q.value(1).toString();
        const auto it = known.find(key);
        const bool expected = it != known.end() && it->second.flagged;
        QVERIFY2(q.value(2).toBool() == expected, qPrintable(key));
        flaggedSellers += expected ? 1 : 0;
        if (it != known.end()) {
            for (const QString &row : it->second.rows)
                QCOMPARE(sellerIdOfRow[row], q.value(3).toString());
        }
    }
    // Every seller_id still points at a seller of the row's org.
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log a WHERE seller_id IS "
                                    "NOT NULL AND NOT EXISTS (SELECT 1 FROM sellers s WHERE "
                                    "s.id = a.seller_id AND s.org_id = a.org_id)")),
             0);
    if (total >= 1000) {
        const double share = double(flaggedSellers) / double(total);
        qInfo("%.1f%% of the sellers are flagged", 100 * share);
        QVERIFY2(share > 0.08 && share < 0.18, qPrintable(QString::number(share)));
    }

    for (const QString &org : {MainOrg, SecondOrg}) {
        QSqlQuery last = c.select(
            QStringLiteral("SELECT created_at, seller_count_snapshot FROM seller_audit_log WHERE "
                           "org_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1"),
            {org});
        QVERIFY(last.next());
        QCOMPARE(last.value(1).toLongLong(),
                 c.count(QStringLiteral("SELECT count(*) FROM sellers WHERE org_id = ? AND "
                                        "created_at <= ?"),
                         {org, last.value(0)}));
    }
}

void TestDemoDataGenerator::shouldKeepTimesInRange_data()
{
    addDatabaseRows();
}

void TestDemoDataGenerator::shouldKeepTimesInRange()
{
    QFETCH(QString, file);
    const Timestamp::Micros end = fixedEnd();
    const Timestamp::Micros start = end - DemoDataOptions().days * Timestamp::MicrosPerDay;
    static const QRegularExpression fixedWidth(
        QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$"));

    Connection c(file);
    QSqlQuery q = c.select(QStringLiteral("SELECT created_at FROM seller_audit_log"));
    while (q.next()) {
        const QString text = q.value(0).toString();
        QVERIFY2(fixedWidth.match(text).hasMatch(), qPrintable(text));
        const auto t = Timestamp::parseIso(text);
        QVERIFY2(t && *t > start && *t <= end, qPrintable(text));
        QCOMPARE(Timestamp::toIsoUtc(*t), text);
    }
    for (const char *column : {"sellers.created_at", "sellers.updated_at",
                               "collection_runs.started_at", "collection_runs.completed_at"}) {
        const QString table = QString::fromLatin1(column).section(u'.', 0, 0);
        const QString field = QString::fromLatin1(column).section(u'.', 1);
        QSqlQuery other =
            c.select(QStringLiteral("SELECT ") + field + QStringLiteral(" FROM ") + table);
        while (other.next()) {
            const QString text = other.value(0).toString();
            QVERIFY2(fixedWidth.match(text).hasMatch(), qPrintable(text));
            QVERIFY2(*Timestamp::parseIso(text) <= end, column);
        }
    }
    QCOMPARE(c.count(QStringLiteral("SELECT count(*) FROM sellers WHERE updated_at < "
                                    "created_at OR deleted_at IS NOT NULL")),
             0);
}

void TestDemoDataGenerator::shouldRepeatSomeTimestamps_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("minimum");
    QTest::newRow("small") << m_smallPath << 2;
    QTest::newRow("default") << m_defaultPath << 20;
}

void TestDemoDataGenerator::shouldRepeatSomeTimestamps()
{
    QFETCH(QString, file);
    QFETCH(int, minimum);
    // Same org, same microsecond: paging has to break the tie by id.
    Connection c(file);
    const qint64 ties = c.count(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM "
                                               "seller_audit_log GROUP BY org_id, created_at "
                                               "HAVING count(*) > 1)"));
    QVERIFY2(ties >= minimum, qPrintable(QString::number(ties)));
    QVERIFY2(ties < 200, qPrintable(QString::number(ties)));
}

void TestDemoDataGenerator::shouldLookLikeRealWork()
{
    Connection c(m_defaultPath);
    // The action mix: adds, edits and flags dominate, bulk rows are rarer.
    std::map<QString, qint64> mix;
    QSqlQuery q = c.select(QStringLiteral(
        "SELECT action || CASE WHEN action IN ('add', 'remove') AND affected_count <> 1 THEN "
        "' bulk' ELSE '' END, count(*) FROM seller_audit_log GROUP BY 1"));
    while (q.next())
        mix[q.value(0).toString()] = q.value(1).toLongLong();
    QString text;
    for (const auto &[action, count] : mix)
        text +=
            action + u' ' + QString::number(double(count) / 1000.0, 'f', 1) + QStringLiteral("% ");
    qInfo("action mix: %s", qPrintable(text));
    const auto share = [&](const char *action) { return double(mix[QLatin1String(action)]) / 1e5; };
    QVERIFY2(share("add") > 0.15 && share("add") < 0.35, qPrintable(text));
    QVERIFY2(share("add bulk") > 0.02 && share("add bulk") < 0.07, qPrintable(text));
    QVERIFY2(share("edit") > 0.15 && share("edit") < 0.25, qPrintable(text));
    QVERIFY2(share("remove") > 0.08 && share("remove") < 0.25, qPrintable(text));
    QVERIFY2(share("remove bulk") > 0.01 && share("remove bulk") < 0.06, qPrintable(text));
    QVERIFY2(share("export") > 0.10 && share("export") < 0.16, qPrintable(text));
    QVERIFY2(share("flag") > 0.17 && share("flag") < 0.23, qPrintable(text));

    // Busier on weekdays and in working hours, and busier later than earlier.
    const qint64 weekend =
        c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE org_id = ? AND "
                               "strftime('%w', substr(created_at, 1, 19)) IN ('0', '6')"),
                {MainOrg});
    const qint64 night =
        c.count(QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE org_id = ? AND "
                               "substr(created_at, 12, 2) < '06'"),
                {MainOrg});
    const QString middle = Timestamp::toIsoUtc(fixedEnd() - 200 * Timestamp::MicrosPerDay);
    const qint64 older = c.count(
        QStringLiteral("SELECT count(*) FROM seller_audit_log WHERE created_at <= ?"), {middle});
    QVERIFY2(weekend < 90000 / 7, qPrintable(QString::number(weekend)));
    QVERIFY2(night < 90000 / 16, qPrintable(QString::number(night)));
    QVERIFY2(older < 100000 / 2, qPrintable(QString::number(older)));

    // The seller count grows over time.
    const qint64 earlySnapshot = c.count(
        QStringLiteral("SELECT seller_count_snapshot FROM seller_audit_log WHERE org_id = ? "
                       "ORDER BY created_at LIMIT 1 OFFSET 1000"),
        {MainOrg});
    QVERIFY2(earlySnapshot < 9000 / 2, qPrintable(QString::number(earlySnapshot)));
}

void TestDemoDataGenerator::shouldLeaveOnlyTheDatabaseInWalMode()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("demo.sqlite"));
    QString error;
    QVERIFY2(DemoDataGenerator::write(file, smallOptions(), &error), qPrintable(error));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList{QStringLiteral("demo.sqlite")});
    // Header bytes 18 and 19 are 2 in WAL mode.
    const QByteArray header = readAll(file).left(100);
    QVERIFY(header.startsWith("SQLite format 3"));
    QCOMPARE(int(header.at(18)), 2);
    QCOMPARE(int(header.at(19)), 2);

    Connection c(file);
    QCOMPARE(c.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(c.value(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    QVERIFY(c.count(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                                   "name = 'seller_audit_log_org_time'")) == 1);
}

void TestDemoDataGenerator::shouldReplaceAnExistingDatabase()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("demo.sqlite"));
    // An older file, and the -wal an unclean shutdown left next to it: that
    // one must not be replayed into the new database.
    for (const QString &name : {file, file + QStringLiteral("-wal")}) {
        QFile f(name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a database");
    }
    QString error;
    QVERIFY2(DemoDataGenerator::write(file, smallOptions(), &error), qPrintable(error));
    QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
    QCOMPARE(readAll(file), readAll(m_smallPath));
}

void TestDemoDataGenerator::shouldFailWithoutLeavingFiles_data()
{
    QTest::addColumn<QString>("subdirectory"); // created, or a file when it is "file"
    QTest::addColumn<QString>("target");       // relative to the scratch directory

    QTest::newRow("missing directory") << QString() << QStringLiteral("missing/demo.sqlite");
    QTest::newRow("parent is a file")
        << QStringLiteral("file") << QStringLiteral("file/demo.sqlite");
    QTest::newRow("target is a directory")
        << QStringLiteral("demo.sqlite") << QStringLiteral("demo.sqlite");
}

void TestDemoDataGenerator::shouldFailWithoutLeavingFiles()
{
    QFETCH(QString, subdirectory);
    QFETCH(QString, target);
    QTemporaryDir dir;
    if (subdirectory == QLatin1String("file")) {
        QFile f(dir.filePath(subdirectory));
        QVERIFY(f.open(QIODevice::WriteOnly));
    } else if (!subdirectory.isEmpty()) {
        QVERIFY(QDir(dir.path()).mkdir(subdirectory));
    }
    const QStringList before =
        QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);

    QString error;
    DemoDataOptions options = smallOptions();
    options.events = 100;
    options.sellers = 20;
    QVERIFY(!DemoDataGenerator::write(dir.filePath(target), options, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QDir::toNativeSeparators(dir.filePath(target))), qPrintable(error));
    qInfo("%s", qPrintable(error));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             before);
    if (!subdirectory.isEmpty() && subdirectory != QLatin1String("file")) {
        QVERIFY(QDir(dir.filePath(subdirectory))
                    .isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
    }
}

void TestDemoDataGenerator::shouldRejectBadOptions_data()
{
    QTest::addColumn<int>("events");
    QTest::addColumn<int>("sellers");
    QTest::addColumn<int>("days");

    QTest::newRow("negative events") << -1 << 10 << 10;
    QTest::newRow("negative sellers") << 10 << -1 << 10;
    QTest::newRow("no days") << 10 << 10 << 0;
    QTest::newRow("before 1970") << 10 << 10 << 36000;
}

void TestDemoDataGenerator::shouldRejectBadOptions()
{
    QFETCH(int, events);
    QFETCH(int, sellers);
    QFETCH(int, days);
    DemoDataOptions options;
    options.events = events;
    options.sellers = sellers;
    options.days = days;
    options.end = fixedEnd();
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("demo.sqlite"));
    QString error;
    QVERIFY(!DemoDataGenerator::write(file, options, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!QFile::exists(file));
}

void TestDemoDataGenerator::shouldEndAtTheCurrentHourByDefault()
{
    DemoDataOptions options;
    options.events = 200;
    options.sellers = 20;
    const auto hour = [] {
        return Timestamp::now() / Timestamp::MicrosPerHour * Timestamp::MicrosPerHour;
    };
    const Timestamp::Micros before = hour();
    QString error;
    const QString file = path(QStringLiteral("now.sqlite"));
    const auto summary = DemoDataGenerator::write(file, options, &error);
    QVERIFY2(summary, qPrintable(error));
    QVERIFY(summary->end == before || summary->end == hour());

    Connection c(file);
    const auto newest = Timestamp::parseIso(
        c.value(QStringLiteral("SELECT max(created_at) FROM seller_audit_log")).toString());
    QVERIFY(newest && *newest <= summary->end);
    QVERIFY(*newest > summary->end - options.days * Timestamp::MicrosPerDay);
}

void TestDemoDataGenerator::shouldWorkOnAnotherThread()
{
    const QStringList connections = QSqlDatabase::connectionNames();
    const QString file = path(QStringLiteral("thread.sqlite"));
    std::optional<DemoDataSummary> summary;
    QString error;
    std::unique_ptr<QThread> thread(
        QThread::create([&] { summary = DemoDataGenerator::write(file, smallOptions(), &error); }));
    thread->start();
    QVERIFY(thread->wait(30000));
    QVERIFY2(summary, qPrintable(error));
    QCOMPARE(QSqlDatabase::connectionNames(), connections);
    QCOMPARE(readAll(file), readAll(m_smallPath));
    QVERIFY(QFile::remove(file));
}

void TestDemoDataGenerator::shouldReportProgressOnTheCallingThread()
{
    QList<int> values;
    bool onThisThread = true;
    QThread *const self = QThread::currentThread();
    QString error;
    const QString file = path(QStringLiteral("progress.sqlite"));
    QVERIFY2(DemoDataGenerator::write(file, smallOptions(), &error,
                                      [&](int percent) {
                                          values.append(percent);
                                          onThisThread &= QThread::currentThread() == self;
                                      }),
             qPrintable(error));
    QVERIFY(onThisThread);
    QVERIFY(values.size() > 10);
    QCOMPARE(values.first(), 0);
    QCOMPARE(values.last(), 100);
    QVERIFY(std::is_sorted(values.cbegin(), values.cend()));
    QVERIFY(QFile::remove(file));
}

QTEST_GUILESS_MAIN(TestDemoDataGenerator)
#include "tst_demodatagenerator.moc"
