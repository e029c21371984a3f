#include "profilestore.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class TestProfileStore : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void shouldListTheDemoProfileFirstAndOnlyOnce();
    void shouldRoundTripProfiles();
    void shouldNeverWriteAPassword();
    void shouldTakeAPasswordOutOfAnyUrl_data();
    void shouldTakeAPasswordOutOfAnyUrl();
    void shouldRefuseInvalidProfiles_data();
    void shouldRefuseInvalidProfiles();
    void shouldFindByIdOrName();
    void shouldRememberTheLastProfile();
    void shouldTellTheKindAndSecret_data();
    void shouldTellTheKindAndSecret();
    void shouldSkipUnusableEntriesOfAHandEditedFile();

private:
    QString settingsPath() const { return m_dir->filePath(QStringLiteral("settings.ini")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestProfileStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestProfileStore::shouldListTheDemoProfileFirstAndOnlyOnce()
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    ProfileStore store(&settings);
    QCOMPARE(store.profiles().size(), 1);
    QVERIFY(store.profiles().first().isDemo());
    QString error;
    // Saving a list that holds the demo profile does not store it.
    QVERIFY(store.save({ConnectionProfile::demo(),
                        ConnectionProfile::create(QStringLiteral("Prod"),
                                                  QStringLiteral("https://api.example.com"))},
                       &error));
    const QList<ConnectionProfile> all = store.profiles();
    QCOMPARE(all.size(), 2);
    QVERIFY(all.at(0).isDemo());
    QCOMPARE(all.at(1).name, QStringLiteral("Prod"));
}

void TestProfileStore::shouldRoundTripProfiles()
{
    ConnectionProfile rest =
        ConnectionProfile::create(QStringLiteral("API"), QStringLiteral("https://api.example.com"));
    rest.orgId = QStringLiteral("00000000-0000-0000-0000-0000000000aa");
    ConnectionProfile pg = ConnectionProfile::create(
        QStringLiteral("Warehouse"), QStringLiteral("postgresql://analyst@db.example.com/app"));
    pg.actorId = QStringLiteral("00000000-0000-0000-0000-0000000000bb");
    {
        QSettings settings(settingsPath(), QSettings::IniFormat);
        ProfileStore store(&settings);
        QString error;
        QVERIFY2(store.save({rest, pg}, &error), qPrintable(error));
    }
    QSettings settings(settingsPath(), QSettings::IniFormat);
    const QList<ConnectionProfile> back = ProfileStore(&settings).profiles();
    QCOMPARE(back.size(), 3);
    QCOMPARE(back.at(1), rest);
    QCOMPARE(back.at(2), pg);
}

void TestProfileStore::shouldNeverWriteAPassword()
{
    QString source = QStringLiteral("postgresql://analyst:s%40cret@db.example.com:5433/app");
    ConnectionProfile pg = ConnectionProfile::create(QStringLiteral("Warehouse"), source);
    {
        QSettings settings(settingsPath(), QSettings::IniFormat);
        QString error;
        QVERIFY(ProfileStore(&settings).save({pg}, &error));
    }
    QFile file(settingsPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY2(!written.contains("s%40cret") && !written.contains("s@cret"), written.constData());
    QVERIFY(written.contains("analyst@db.example.com:5433/app"));

    QCOMPARE(ConnectionProfile::takePassword(&source), QStringLiteral("s@cret"));
    QCOMPARE(source, QStringLiteral("postgresql://analyst@db.example.com:5433/app"));
}

void TestProfileStore::shouldTakeAPasswordOutOfAnyUrl_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("left");
    QTest::newRow("postgres") << QStringLiteral("postgres://u:pw@h/db") << QStringLiteral("pw")
                              << QStringLiteral("postgres://u@h/db");
    QTest::newRow("token in an https URL")
        << QStringLiteral("https://me:eyJtoken@api.example.com") << QStringLiteral("eyJtoken")
        << QStringLiteral("https://me@api.example.com");
    QTest::newRow("mistyped scheme")
        << QStringLiteral("postgress://u:pw@h/db") << QStringLiteral("pw")
        << QStringLiteral("postgress://u@h/db");
    QTest::newRow("no password") << QStringLiteral("https://api.example.com") << QString()
                                 << QStringLiteral("https://api.example.com");
    QTest::newRow("sqlite path") << QStringLiteral("sqlite:/data/a:b@c.sqlite") << QString()
                                 << QStringLiteral("sqlite:/data/a:b@c.sqlite");
}

void TestProfileStore::shouldTakeAPasswordOutOfAnyUrl()
{
    QFETCH(QString, source);
    QFETCH(QString, password);
    QFETCH(QString, left);
    const QString typed = source;
    QCOMPARE(ConnectionProfile::takePassword(&source), password);
    QCOMPARE(source, left);
    // Saved as typed, it still never reaches the file.
    {
        QSettings settings(settingsPath(), QSettings::IniFormat);
        QString error;
        QVERIFY(ProfileStore(&settings).save(
            {ConnectionProfile::create(QStringLiteral("X"), typed)}, &error));
    }
    QFile file(settingsPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    if (!password.isEmpty())
        QVERIFY(!file.readAll().contains(password.toUtf8()));
}

void TestProfileStore::shouldRefuseInvalidProfiles_data()
{
    QTest::addColumn<QList<ConnectionProfile>>("profiles");
    QTest::addColumn<QString>("message");
    const auto make = [](const QString &name) {
        return ConnectionProfile::create(name, QStringLiteral("sqlite:/tmp/a.sqlite"));
    };
    QTest::newRow("no name") << QList<ConnectionProfile>{make(QStringLiteral("  "))}
                             << QStringLiteral("needs a name");
    QTest::newRow("same name, other case")
        << QList<ConnectionProfile>{make(QStringLiteral("Prod")), make(QStringLiteral("prod"))}
        << QStringLiteral("two connections named");
    ConnectionProfile badOrg = make(QStringLiteral("Org"));
    badOrg.orgId = QStringLiteral("not-a-uuid");
    QTest::newRow("org") << QList<ConnectionProfile>{badOrg} << QStringLiteral("org of");
    ConnectionProfile badActor = make(QStringLiteral("Actor"));
    badActor.actorId = QStringLiteral("42");
    QTest::newRow("actor") << QList<ConnectionProfile>{badActor} << QStringLiteral("actor of");
    ConnectionProfile twin = make(QStringLiteral("Twin"));
    ConnectionProfile copy = twin;
    copy.name = QStringLiteral("Copy");
    QTest::newRow("same id") << QList<ConnectionProfile>{twin, copy}
                             << QStringLiteral("no id of its own");
}

void TestProfileStore::shouldRefuseInvalidProfiles()
{
    QFETCH(QList<ConnectionProfile>, profiles);
    QFETCH(QString, message);
    QSettings settings(settingsPath(), QSettings::IniFormat);
    ProfileStore store(&settings);
    QString error;
    QVERIFY(store.save(
        {ConnectionProfile::create(QStringLiteral("Kept"), QStringLiteral("sqlite:/tmp/k.sqlite"))},
        &error));
    QVERIFY(!store.save(profiles, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    // Nothing was written: the earlier list stands.
    QCOMPARE(store.profiles().size(), 2);
    QCOMPARE(store.profiles().at(1).name, QStringLiteral("Kept"));
}

void TestProfileStore::shouldFindByIdOrName()
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    ProfileStore store(&settings);
    const ConnectionProfile prod =
        ConnectionProfile::create(QStringLiteral("Prod API"), QStringLiteral("https://a.example"));
    QString error;
    QVERIFY(store.save({prod}, &error));
    QCOMPARE(store.find(prod.id)->name, prod.name);
    QCOMPARE(store.find(QStringLiteral("prod api"))->id, prod.id);
    QCOMPARE(store.find(QStringLiteral(" Prod API "))->id, prod.id);
    QVERIFY(store.find(QString::fromLatin1(ConnectionProfile::DemoId))->isDemo());
    QVERIFY(!store.find(QStringLiteral("staging")));
}

void TestProfileStore::shouldRememberTheLastProfile()
{
    {
        QSettings settings(settingsPath(), QSettings::IniFormat);
        ProfileStore store(&settings);
        QVERIFY(store.lastUsedId().isEmpty());
        store.setLastUsedId(QStringLiteral("abc"));
    }
    QSettings settings(settingsPath(), QSettings::IniFormat);
    QCOMPARE(ProfileStore(&settings).lastUsedId(), QStringLiteral("abc"));
}

void TestProfileStore::shouldTellTheKindAndSecret_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<ConnectionProfile::Kind>("kind");
    QTest::addColumn<ConnectionProfile::Secret>("secret");
    using K = ConnectionProfile::Kind;
    using S = ConnectionProfile::Secret;
    QTest::newRow("demo") << QString() << K::Demo << S::None;
    QTest::newRow("sqlite") << QStringLiteral("sqlite:/data/x.sqlite") << K::Sqlite << S::None;
    QTest::newRow("postgresql") << QStringLiteral("postgresql://u@h/db") << K::Postgres
                                << S::Password;
    QTest::newRow("postgres") << QStringLiteral("postgres://u@h/db") << K::Postgres << S::Password;
    QTest::newRow("https") << QStringLiteral("https://api.example.com") << K::Rest << S::Token;
    QTest::newRow("http") << QStringLiteral("HTTP://127.0.0.1:8000") << K::Rest << S::Token;
}

void TestProfileStore::shouldTellTheKindAndSecret()
{
    QFETCH(QString, source);
    QFETCH(ConnectionProfile::Kind, kind);
    QFETCH(ConnectionProfile::Secret, secret);
    const ConnectionProfile profile = ConnectionProfile::create(QStringLiteral("x"), source);
    QCOMPARE(profile.kind(), kind);
    QCOMPARE(profile.secret(), secret);
}

void TestProfileStore::shouldSkipUnusableEntriesOfAHandEditedFile()
{
    {
        QFile file(settingsPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[connections]\n"
                   "profiles\\size=4\n"
                   "profiles\\1\\id=a\nprofiles\\1\\name=Good\n"
                   "profiles\\1\\source=postgresql://u:pw@h/db\n"
                   "profiles\\2\\name=No id\n"
                   "profiles\\3\\id=demo\nprofiles\\3\\name=Fake demo\n"
                   "profiles\\4\\id=d\n");
    }
    QSettings settings(settingsPath(), QSettings::IniFormat);
    const QList<ConnectionProfile> all = ProfileStore(&settings).profiles();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(1).name, QStringLiteral("Good"));
    QCOMPARE(all.at(1).source, QStringLiteral("postgresql://u@h/db")); // never handed on
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
