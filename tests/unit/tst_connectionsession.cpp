// The window's connections end to end: a saved profile reopens at start, the
// switcher opens another, a REST token is asked for when none is saved and
// kept in the keychain where there is one (a real gnome-keyring in the
// _keychain registration, no session bus at all in _nokeychain), never in
// the settings file.
#include "apppaths.h"
#include "connectiondialog.h"
#include "connectionsession.h"
#include "faultserver.h"
#include "historypager.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "secretprompt.h"
#include "testdatabase.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

// One start of the window: its settings file, the window, the session
// (started at once) and a spy on what it opened.
struct Started
{
    Started(const QString &settingsPath, const CommandLine::CommonOptions &options = {},
            bool sourceGiven = false)
        : settings(settingsPath, QSettings::IniFormat)
        , session(&window, &settings, options, sourceGiven, QString())
        , opened(&session, &ConnectionSession::opened)
    {
        window.show();
        session.start();
    }
    QSettings settings;
    MainWindow window;
    ConnectionSession session;
    QSignalSpy opened;
};

class TestConnectionSession : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void shouldReopenTheLastConnection();
    void shouldSwitchConnectionsFromTheStatusBar();
    void shouldAskForTheTokenAndKeepItOnlyInTheKeychain();
    void shouldLetTheCommandLineWin();
    void shouldKeepTheNewTokenAfterSigningInAgain();
    void shouldNotSendASavedTokenToAnotherAddress();
    void shouldShowTheConnectionChosenLast();
    void shouldReopenTheOpenConnectionWhenItsAddressChanges();
    void shouldKeepARemovedOpenConnectionOnScreenUnsaved();
    void shouldOpenPostgresWithoutAskingForAPassword();

private:
    bool keychain() const { return m_mode == QLatin1String("real"); }
    QString settingsPath() const { return m_dir->filePath(QStringLiteral("settings.ini")); }
    ConnectionProfile saveProfile(const QString &name, const QString &source);
    void useLast(const ConnectionProfile &profile);
    static SecretPrompt *waitForPrompt(MainWindow &window);

    QString m_mode;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TestDatabase> m_first;
    std::unique_ptr<TestDatabase> m_second;
};

void TestConnectionSession::initTestCase()
{
    m_mode = qEnvironmentVariable("SELLER_HISTORY_TEST_KEYCHAIN");
    if (m_mode.isEmpty())
        QSKIP("Registered by CTest with SELLER_HISTORY_TEST_KEYCHAIN=real|none.");
    m_first = TestDatabase::createSqlite();
    m_second = TestDatabase::createSqlite();
    QVERIFY(m_first && m_second);
    QVERIFY(m_first->insert(TestDatabase::addRow(1, 1'700'000'000'000'000, QStringLiteral("A"))));
}

void TestConnectionSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

ConnectionProfile TestConnectionSession::saveProfile(const QString &name, const QString &source)
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    ProfileStore store(&settings);
    QList<ConnectionProfile> all = store.profiles();
    const ConnectionProfile profile = ConnectionProfile::create(name, source);
    all << profile;
    QString error;
    if (!store.save(all, &error))
        qWarning() << error;
    return profile;
}

void TestConnectionSession::useLast(const ConnectionProfile &profile)
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    ProfileStore(&settings).setLastUsedId(profile.id);
}

SecretPrompt *TestConnectionSession::waitForPrompt(MainWindow &window)
{
    SecretPrompt *prompt = nullptr;
    const bool shown = QTest::qWaitFor(
        [&] {
            prompt = window.findChild<SecretPrompt *>();
            return prompt && prompt->isVisible();
        },
        10'000);
    return shown ? prompt : nullptr;
}

void TestConnectionSession::shouldReopenTheLastConnection()
{
    const ConnectionProfile first = saveProfile(QStringLiteral("First"), m_first->source());
    const ConnectionProfile second = saveProfile(QStringLiteral("Second"), m_second->source());
    useLast(second);
    Started started(settingsPath());
    MainWindow &window = started.window;
    QSignalSpy &opened = started.opened;
    QVERIFY(opened.size() == 1 || opened.wait(5'000));
    QCOMPARE(opened.at(0).at(0).value<ConnectionProfile>().id, second.id);
    QCOMPARE(window.connectionButton()->text(), QStringLiteral("Second"));
    QVERIFY(window.statusText().contains(m_second->path()));
    QVERIFY(!window.infoBanner()->isVisible()); // not the demo banner
    // The switcher lists every connection, the open one checked.
    QStringList names;
    QString checked;
    for (QAction *a : window.connectMenu()->actions()) {
        if (a->data().isValid()) {
            names << a->text();
            if (a->isChecked())
                checked = a->text();
        }
    }
    QCOMPARE(names, (QStringList{QStringLiteral("Demo data"), QStringLiteral("First"),
                                 QStringLiteral("Second")}));
    QCOMPARE(checked, QStringLiteral("Second"));
}

void TestConnectionSession::shouldSwitchConnectionsFromTheStatusBar()
{
    const ConnectionProfile first = saveProfile(QStringLiteral("First"), m_first->source());
    const ConnectionProfile second = saveProfile(QStringLiteral("Second"), m_second->source());
    useLast(first);
    Started started(settingsPath());
    MainWindow &window = started.window;
    ConnectionSession &session = started.session;
    QSignalSpy &opened = started.opened;
    QCOMPARE(opened.size(), 1);
    QTRY_COMPARE(window.table()->model()->rowCount(), 1); // First's one row

    QAction *toSecond = nullptr;
    for (QAction *a : window.connectMenu()->actions()) {
        if (a->data().toString() == second.id)
            toSecond = a;
    }
    QVERIFY(toSecond);
    toSecond->trigger();
    QCOMPARE(opened.size(), 2);
    QCOMPARE(session.current().id, second.id);
    QCOMPARE(window.connectionButton()->text(), QStringLiteral("Second"));
    QTRY_COMPARE(window.table()->model()->rowCount(), 0); // Second is empty
    // The next start opens the last one used.
    QSettings again(settingsPath(), QSettings::IniFormat);
    QCOMPARE(ProfileStore(&again).lastUsedId(), second.id);
}

void TestConnectionSession::shouldAskForTheTokenAndKeepItOnlyInTheKeychain()
{
    FaultServer server;
    QList<QByteArray> authorizations;
    server.on("GET", QStringLiteral("/sellers/audit-log"), [&](const FaultServer::Request &r) {
        authorizations << r.headers.value("authorization");
        return FaultServer::Reply::json(200, R"({"entries": [], "total": 0})");
    });
    const ConnectionProfile api = saveProfile(QStringLiteral("API"), server.url().toString());
    useLast(api);
    const QByteArray token = "tok-" + api.id.toLatin1();
    {
        Started started(settingsPath());
        MainWindow &window = started.window;
        ConnectionSession &session = started.session;
        QSignalSpy &opened = started.opened;
        SecretPrompt *prompt = waitForPrompt(window);
        QVERIFY(prompt);
        QCOMPARE(opened.size(), 0); // nothing opened without a token
        QCOMPARE(prompt->rememberBox()->isEnabled(), keychain());
        QCOMPARE(prompt->rememberBox()->isChecked(), keychain());
        if (!qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS")) {
            const QDir dir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"));
            QVERIFY(prompt->grab().save(dir.filePath(
                QStringLiteral("secret-prompt-%1.png").arg(keychain() ? u"keychain" : u"none"))));
        }
        prompt->secretEdit()->setText(QString::fromLatin1(token));
        QSignalSpy written(&session.secrets(), &SecretStore::writeDone);
        QTest::mouseClick(prompt->okButton(), Qt::LeftButton);
        QVERIFY(opened.size() == 1 || opened.wait(5'000));
        QTRY_VERIFY(!authorizations.isEmpty());
        QCOMPARE(authorizations.last(), "Bearer " + token);
        // Saved (or not) by the time the keychain answers the next read.
        SecretStore check(session.secrets().service());
        QSignalSpy read(&check, &SecretStore::readDone);
        if (keychain()) // saved before it is read back
            QVERIFY(written.size() == 1 || written.wait(10'000));
        else
            QCOMPARE(written.size(), 0); // nowhere to save it
        check.read(api.id);
        QVERIFY(read.wait(10'000));
        QCOMPARE(read.at(0).at(1).value<SecretStore::Status>(),
                 keychain() ? SecretStore::Status::Found : SecretStore::Status::Unavailable);
    }
    QFile file(settingsPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(token)); // never in the settings

    // The next start: straight in with a keychain, asked again without one.
    authorizations.clear();
    Started started(settingsPath());
    MainWindow &window = started.window;
    QSignalSpy &opened = started.opened;
    if (keychain()) {
        QVERIFY(opened.size() == 1 || opened.wait(10'000));
        QVERIFY(!window.findChild<SecretPrompt *>());
        QTRY_VERIFY(!authorizations.isEmpty());
        QCOMPARE(authorizations.last(), "Bearer " + token);
    } else {
        SecretPrompt *prompt = waitForPrompt(window);
        QVERIFY(prompt);
        QCOMPARE(opened.size(), 0);
        // Cancelled: the window says why and how to go on.
        prompt->reject();
        auto *errorBanner = window.findChild<MessageBanner *>(QStringLiteral("errorBanner"));
        QVERIFY(errorBanner);
        QTRY_VERIFY(errorBanner->isVisible());
        QVERIFY2(errorBanner->text().contains(QLatin1String("File > Connections")),
                 qPrintable(errorBanner->text()));
    }
}

void TestConnectionSession::shouldLetTheCommandLineWin()
{
    const ConnectionProfile first = saveProfile(QStringLiteral("First"), m_first->source());
    useLast(first);
    CommandLine::CommonOptions options;
    options.source.source = m_second->source();
    Started started(settingsPath(), options, true);
    MainWindow &window = started.window;
    ConnectionSession &session = started.session;
    QSignalSpy &opened = started.opened;
    QCOMPARE(opened.size(), 1);
    QVERIFY(session.current().id.isEmpty());
    QCOMPARE(window.connectionButton()->text(), QStringLiteral("Command line"));
    QVERIFY(window.statusText().contains(m_second->path()));
    // An ad-hoc source is not remembered as the last connection.
    QCOMPARE(ProfileStore(&started.settings).lastUsedId(), first.id);
}

// The server stops taking the token mid-session: Sign In Again asks for a
// new one, the same page is asked again, and the new token replaces the old
// in the keychain (where there is one) for the next start.
void TestConnectionSession::shouldKeepTheNewTokenAfterSigningInAgain()
{
    FaultServer server;
    QByteArray accepted = "Bearer old";
    QList<QByteArray> authorizations;
    server.on("GET", QStringLiteral("/sellers/audit-log"), [&](const FaultServer::Request &r) {
        authorizations << r.headers.value("authorization");
        if (r.headers.value("authorization") != accepted)
            return FaultServer::Reply::json(401, R"({"detail": "Token expired"})");
        return FaultServer::Reply::json(200, R"({"entries": [], "total": 0})");
    });
    const ConnectionProfile api = saveProfile(QStringLiteral("API"), server.url().toString());
    useLast(api);
    Started started(settingsPath());
    MainWindow &window = started.window;
    ConnectionSession &session = started.session;
    QSignalSpy &opened = started.opened;
    SecretPrompt *first = waitForPrompt(window);
    QVERIFY(first);
    first->secretEdit()->setText(QStringLiteral("old"));
    QTest::mouseClick(first->okButton(), Qt::LeftButton);
    QVERIFY(opened.size() == 1 || opened.wait(5'000));
    QTRY_VERIFY(!authorizations.isEmpty() && !window.pager()->isLoading());
    QTRY_VERIFY(!window.findChild<SecretPrompt *>()); // the first prompt is gone
    QVERIFY(!authorizations.contains("Bearer new"));

    accepted = "Bearer new";
    window.pager()->refresh();
    auto *banner = window.findChild<MessageBanner *>(QStringLiteral("errorBanner"));
    QTRY_VERIFY(banner->isVisible());
    auto *signIn = banner->findChild<QPushButton *>();
    QCOMPARE(signIn->text(), QStringLiteral("&Sign In Again…"));
    QTest::mouseClick(signIn, Qt::LeftButton);
    SecretPrompt *again = waitForPrompt(window);
    QVERIFY(again);
    QCOMPARE(again->rememberBox()->isEnabled(), keychain());
    again->secretEdit()->setText(QStringLiteral("new"));
    QSignalSpy written(&session.secrets(), &SecretStore::writeDone);
    QTest::mouseClick(again->okButton(), Qt::LeftButton);
    QTRY_COMPARE(authorizations.last(), QByteArray("Bearer new"));
    QTRY_VERIFY(!banner->isVisible());

    SecretStore check(session.secrets().service());
    QSignalSpy read(&check, &SecretStore::readDone);
    if (keychain())
        QVERIFY(written.size() == 1 || written.wait(10'000));
    check.read(api.id);
    QVERIFY(read.wait(10'000));
    if (keychain())
        QCOMPARE(read.at(0).at(2).toByteArray(), QByteArray("new"));
    else
        QCOMPARE(read.at(0).at(1).value<SecretStore::Status>(), SecretStore::Status::Unavailable);
}

// --profile API --source OTHER: API's saved token is for API's server only.
void TestConnectionSession::shouldNotSendASavedTokenToAnotherAddress()
{
    FaultServer saved;
    FaultServer other;
    QList<QByteArray> seen;
    for (FaultServer *server : {&saved, &other}) {
        server->on("GET", QStringLiteral("/sellers/audit-log"), [&](const FaultServer::Request &r) {
            seen << r.headers.value("authorization");
            return FaultServer::Reply::json(200, R"({"entries": [], "total": 0})");
        });
    }
    const ConnectionProfile api = saveProfile(QStringLiteral("API"), saved.url().toString());
    if (keychain()) {
        SecretStore store(AppPaths::keychainService());
        QSignalSpy written(&store, &SecretStore::writeDone);
        store.write(api.id, "saved-token");
        QVERIFY(written.wait(10'000));
        QVERIFY(written.at(0).at(1).toBool());
    }
    CommandLine::CommonOptions options;
    options.profile = api;
    options.source.source = other.url().toString();
    Started started(settingsPath(), options, true);
    // A one-off connection: its token is asked for, none is sent unasked.
    SecretPrompt *prompt = waitForPrompt(started.window);
    QVERIFY(prompt);
    QVERIFY(!prompt->rememberBox()->isEnabled()); // nowhere to save it
    QTest::qWait(100);
    QVERIFY(seen.isEmpty());
    prompt->secretEdit()->setText(QStringLiteral("typed"));
    QTest::mouseClick(prompt->okButton(), Qt::LeftButton);
    QTRY_VERIFY(!seen.isEmpty());
    QVERIFY(!seen.contains("Bearer saved-token"));
    QCOMPARE(other.requestCount(QStringLiteral("/sellers/audit-log")), int(seen.size()));
}

// A slow keychain answer for an earlier choice must not win over a later one.
void TestConnectionSession::shouldShowTheConnectionChosenLast()
{
    FaultServer server;
    server.respond("GET", QStringLiteral("/sellers/audit-log"),
                   FaultServer::Reply::json(200, R"({"entries": [], "total": 0})"));
    const ConnectionProfile first = saveProfile(QStringLiteral("First"), m_first->source());
    const ConnectionProfile api = saveProfile(QStringLiteral("API"), server.url().toString());
    useLast(api); // its token is looked up in the keychain (none there)
    Started started(settingsPath());
    emit started.window.connectionChosen(first.id); // chosen before the keychain answers
    QTRY_COMPARE(started.session.current().id, first.id);
    QTest::qWait(300); // the keychain's answer about API comes and is ignored
    QVERIFY(!started.window.findChild<SecretPrompt *>());
    QCOMPARE(started.session.current().id, first.id);
    QCOMPARE(started.opened.size(), 1);
    QVERIFY(started.window.statusText().contains(m_first->path()));
}

void TestConnectionSession::shouldReopenTheOpenConnectionWhenItsAddressChanges()
{
    const ConnectionProfile first = saveProfile(QStringLiteral("First"), m_first->source());
    useLast(first);
    Started started(settingsPath());
    QCOMPARE(started.opened.size(), 1);
    emit started.window.manageConnectionsRequested();
    auto *dialog = started.window.findChild<ConnectionDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("First"));
    dialog->locationEdit()->selectAll();
    QTest::keyClicks(dialog->locationEdit(), m_second->path());
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    // What is on screen is what the list says: the new address is opened.
    QTRY_COMPARE(started.opened.size(), 2);
    QVERIFY(started.window.statusText().contains(m_second->path()));
    QCOMPARE(started.session.current().source, m_second->source());
}

void TestConnectionSession::shouldKeepARemovedOpenConnectionOnScreenUnsaved()
{
    const ConnectionProfile first = saveProfile(QStringLiteral("First"), m_first->source());
    useLast(first);
    Started started(settingsPath());
    emit started.window.manageConnectionsRequested();
    auto *dialog = started.window.findChild<ConnectionDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->list()->currentRow(), 1);
    QTest::mouseClick(dialog->removeButton(), Qt::LeftButton);
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QTRY_VERIFY(started.session.current().id.isEmpty());
    QCOMPARE(started.opened.size(), 1); // not reopened, not switched
    QVERIFY(started.window.statusText().contains(m_first->path()));
    QCOMPARE(started.window.connectionButton()->text(), QStringLiteral("First (removed)"));
    QCOMPARE(ProfileStore(&started.settings).profiles().size(), 1); // the demo only
    QVERIFY(ProfileStore(&started.settings).lastUsedId().isEmpty());
}

// .pgpass, trust, peer or certificates: a Postgres login may need no
// password, so none saved means none asked for until the server refuses.
void TestConnectionSession::shouldOpenPostgresWithoutAskingForAPassword()
{
    if (!TestDatabase::unavailableReason(TestDatabase::Backend::Postgres).isEmpty())
        QSKIP("Needs SELLER_HISTORY_TEST_PG.");
    auto pg = TestDatabase::create(TestDatabase::Backend::Postgres);
    QVERIFY(pg);
    ConnectionProfile saved = saveProfile(QStringLiteral("Warehouse"), pg->source());
    useLast(saved);
    Started started(settingsPath());
    QVERIFY(started.opened.size() == 1 || started.opened.wait(10'000));
    QVERIFY(!started.window.findChild<SecretPrompt *>());
    QCOMPARE(started.session.current().id, saved.id);
}

QTEST_MAIN(TestConnectionSession)
#include "tst_connectionsession.moc"
