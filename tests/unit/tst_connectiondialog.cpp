#include "connectiondialog.h"
#include "faultserver.h"
#include "restsource.h"
#include "secretstore.h"
#include "sqlsource.h"
#include "testdatabase.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

class TestConnectionDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void shouldShowTheCurrentConnectionAndKeepTheDemoReadOnly();
    void shouldAddAConnectionAndTakeThePasswordOutOfTheUrl();
    void shouldSwitchTheTypeWhenAUrlIsTyped_data();
    void shouldSwitchTheTypeWhenAUrlIsTyped();
    void shouldRefuseAConnectionWithoutLocation();
    void shouldForgetTheSecretOfARemovedConnection();
    void shouldTestAConnection_data();
    void shouldTestAConnection();
    void shouldUseTheSavedTokenOnlyForItsAddress();

private:
    QList<ConnectionProfile> sample() const;
    static ConnectionDialog::SourceBuilder sqlBuilder();
    static void type(QLineEdit *edit, const QString &text);
    static void screenshot(QWidget *widget, const QString &name);

    std::unique_ptr<TestDatabase> m_db;
    ConnectionProfile m_warehouse;
};

void TestConnectionDialog::initTestCase()
{
    m_db = TestDatabase::createSqlite();
    QVERIFY(m_db);
    QVERIFY(m_db->insert(TestDatabase::addRow(1, 1'700'000'000'000'000, QStringLiteral("A"))));
    m_warehouse = ConnectionProfile::create(QStringLiteral("Warehouse"), m_db->source());
}

QList<ConnectionProfile> TestConnectionDialog::sample() const
{
    ConnectionProfile api = ConnectionProfile::create(QStringLiteral("Prod API"),
                                                      QStringLiteral("https://api.example.com"));
    return {ConnectionProfile::demo(), m_warehouse, api};
}

ConnectionDialog::SourceBuilder TestConnectionDialog::sqlBuilder()
{
    return [](const ConnectionProfile &profile, const QByteArray &,
              QString *error) -> std::unique_ptr<HistorySource> {
        auto spec = SqlConnectionSpec::parse(profile.source, error);
        if (!spec)
            return nullptr;
        spec->orgId = QString::fromLatin1(TestDatabase::MainOrg);
        return std::make_unique<SqlSource>(*spec);
    };
}

void TestConnectionDialog::type(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

void TestConnectionDialog::screenshot(QWidget *widget, const QString &name)
{
    if (qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS"))
        return;
    const QDir dir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"));
    QTest::qWait(20); // the layout follows the last text change
    QVERIFY(widget->grab().save(dir.filePath(name)));
}

void TestConnectionDialog::shouldShowTheCurrentConnectionAndKeepTheDemoReadOnly()
{
    ConnectionDialog dialog(sample(), m_warehouse.id, nullptr, sqlBuilder());
    dialog.show();
    QCOMPARE(dialog.list()->count(), 3);
    QCOMPARE(dialog.list()->currentRow(), 1);
    QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("Warehouse"));
    QCOMPARE(dialog.locationEdit()->text(), m_db->path()); // without the sqlite: prefix
    QVERIFY(dialog.actorEdit()->isEnabled());
    QVERIFY(!dialog.secretEdit()->isVisible()); // a file needs no secret

    dialog.list()->setCurrentRow(0);
    QVERIFY(!dialog.nameEdit()->isEnabled());
    QVERIFY(!dialog.locationEdit()->isEnabled());
    QVERIFY(!dialog.removeButton()->isEnabled());

    dialog.list()->setCurrentRow(2);
    QVERIFY(dialog.secretEdit()->isVisible());
    QVERIFY(!dialog.actorEdit()->isEnabled()); // the server knows who the token is
    // No keychain was given: the dialog says the secret will be asked for.
    QVERIFY(!dialog.rememberBox()->isEnabled());
    QVERIFY(dialog.secretEdit()->placeholderText().contains(QLatin1String("no keychain")));
    // Testing it without a token says what is missing, without a request.
    QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    QVERIFY(dialog.messageLabel()->text().startsWith(QLatin1String("Type the access token")));
    QCOMPARE(finished.size(), 0);
    QVERIFY(dialog.testButton()->isEnabled());
    QVERIFY(!dialog.addButton()->toolTip().isEmpty());
    QVERIFY(!dialog.removeButton()->toolTip().isEmpty());
}

void TestConnectionDialog::shouldAddAConnectionAndTakeThePasswordOutOfTheUrl()
{
    ConnectionDialog dialog(sample(), QString(), nullptr, sqlBuilder());
    dialog.show();
    QTest::mouseClick(dialog.addButton(), Qt::LeftButton);
    QCOMPARE(dialog.list()->count(), 4);
    QCOMPARE(dialog.list()->currentRow(), 3);
    QVERIFY(dialog.nameEdit()->hasFocus() || !dialog.isActiveWindow());
    type(dialog.nameEdit(), QStringLiteral("Replica"));
    type(dialog.locationEdit(), QStringLiteral("postgresql://analyst:s3cr%40t@db.example.com/app"));
    QCOMPARE(dialog.kindCombo()->currentData().toInt(), int(ConnectionProfile::Kind::Postgres));
    QCOMPARE(dialog.locationEdit()->text(),
             QStringLiteral("postgresql://analyst@db.example.com/app"));
    QCOMPARE(dialog.secretEdit()->text(), QStringLiteral("s3cr@t"));
    type(dialog.actorEdit(), QStringLiteral("00000000-0000-0000-0000-0000000000cc"));
    QCOMPARE(dialog.list()->item(3)->text(), QStringLiteral("Replica"));
    screenshot(&dialog, QStringLiteral("connection-dialog.png"));

    QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const ConnectionProfile added = dialog.profiles().at(3);
    QCOMPARE(added.name, QStringLiteral("Replica"));
    QCOMPARE(added.source, QStringLiteral("postgresql://analyst@db.example.com/app"));
    QCOMPARE(added.actorId, QStringLiteral("00000000-0000-0000-0000-0000000000cc"));
    QCOMPARE(dialog.chosenId(), added.id);
    QCOMPARE(dialog.typedSecrets().value(added.id).secret, QByteArray("s3cr@t"));
    QVERIFY(!dialog.typedSecrets().value(added.id).remember); // there is no keychain
}

void TestConnectionDialog::shouldSwitchTheTypeWhenAUrlIsTyped_data()
{
    QTest::addColumn<QString>("location");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("secretLabel");
    QTest::newRow("rest") << QStringLiteral("https://api.example.com")
                          << int(ConnectionProfile::Kind::Rest) << QStringLiteral("Access tok&en:");
    QTest::newRow("postgres") << QStringLiteral("postgres://u@h/db")
                              << int(ConnectionProfile::Kind::Postgres)
                              << QStringLiteral("&Password:");
}

void TestConnectionDialog::shouldSwitchTheTypeWhenAUrlIsTyped()
{
    QFETCH(QString, location);
    QFETCH(int, kind);
    QFETCH(QString, secretLabel);
    ConnectionDialog dialog(sample(), m_warehouse.id, nullptr, sqlBuilder());
    dialog.show();
    type(dialog.locationEdit(), location);
    QCOMPARE(dialog.kindCombo()->currentData().toInt(), kind);
    QVERIFY(dialog.secretEdit()->isVisible());
    bool found = false;
    for (QLabel *l : dialog.findChildren<QLabel *>())
        found = found || (l->buddy() == dialog.secretEdit() && l->text() == secretLabel);
    QVERIFY(found);
}

void TestConnectionDialog::shouldRefuseAConnectionWithoutLocation()
{
    ConnectionDialog dialog(sample(), m_warehouse.id, nullptr, sqlBuilder());
    dialog.show();
    QTest::mouseClick(dialog.addButton(), Qt::LeftButton);
    QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY2(dialog.messageLabel()->text().contains(QLatin1String("Say where")),
             qPrintable(dialog.messageLabel()->text()));
    // Two of the same name are refused too.
    type(dialog.nameEdit(), QStringLiteral("warehouse"));
    type(dialog.locationEdit(), QStringLiteral("https://b.example.com"));
    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.messageLabel()->text().contains(QLatin1String("two connections named")),
             qPrintable(dialog.messageLabel()->text()));
    screenshot(&dialog, QStringLiteral("connection-dialog-refused.png"));
}

void TestConnectionDialog::shouldForgetTheSecretOfARemovedConnection()
{
    const QList<ConnectionProfile> profiles = sample();
    ConnectionDialog dialog(profiles, profiles.at(2).id, nullptr, sqlBuilder());
    dialog.show();
    QTest::mouseClick(dialog.removeButton(), Qt::LeftButton);
    QCOMPARE(dialog.list()->count(), 2);
    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.profiles().size(), 2);
    QVERIFY(dialog.chosenId().isEmpty()); // saved, nothing to open
    QCOMPARE(dialog.forgetSecretIds(), QStringList{profiles.at(2).id});
}

void TestConnectionDialog::shouldTestAConnection_data()
{
    QTest::addColumn<bool>("missingFile");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("message");
    QTest::newRow("reachable") << false << true << QStringLiteral("The newest entry is from");
    QTest::newRow("missing file") << true << false << QStringLiteral("Cannot connect:");
}

void TestConnectionDialog::shouldTestAConnection()
{
    QFETCH(bool, missingFile);
    QFETCH(bool, ok);
    QFETCH(QString, message);
    ConnectionDialog dialog(sample(), m_warehouse.id, nullptr, sqlBuilder());
    dialog.show();
    if (missingFile)
        type(dialog.locationEdit(), m_db->path() + QStringLiteral(".missing"));
    QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    QVERIFY(finished.size() == 1 || finished.wait(10'000));
    QCOMPARE(finished.at(0).at(0).toBool(), ok);
    QVERIFY2(dialog.messageLabel()->text().contains(message),
             qPrintable(dialog.messageLabel()->text()));
    QVERIFY(dialog.testButton()->isEnabled());
    screenshot(&dialog,
               QStringLiteral("connection-dialog-test-%1.png").arg(ok ? u"ok" : u"failed"));
}

// With a real keychain (the _keychain registration): a saved token is shown
// as saved, used by Test Connection, and not for another address; without
// one (_nokeychain) the dialog says the secret will be asked for.
void TestConnectionDialog::shouldUseTheSavedTokenOnlyForItsAddress()
{
    const QString mode = qEnvironmentVariable("SELLER_HISTORY_TEST_KEYCHAIN");
    if (mode.isEmpty())
        QSKIP("Registered by CTest with SELLER_HISTORY_TEST_KEYCHAIN=real|none.");
    FaultServer server;
    QList<QByteArray> seen;
    server.on("GET", QStringLiteral("/sellers/audit-log"), [&](const FaultServer::Request &r) {
        seen << r.headers.value("authorization");
        return FaultServer::Reply::json(200, R"({"entries": [], "total": 0})");
    });
    const ConnectionProfile api =
        ConnectionProfile::create(QStringLiteral("API"), server.url().toString());
    SecretStore secrets(QStringLiteral("seller-history-tests"));
    QSignalSpy written(&secrets, &SecretStore::writeDone);
    secrets.write(api.id, "kept-token");
    QVERIFY(written.wait(10'000));
    const bool keychain = mode == QLatin1String("real");
    QCOMPARE(written.at(0).at(1).toBool(), keychain);

    const auto restBuilder = [](const ConnectionProfile &profile, const QByteArray &secret,
                                QString *error) -> std::unique_ptr<HistorySource> {
        auto spec = RestConnectionSpec::parse(profile.source, error);
        if (!spec)
            return nullptr;
        spec->token = secret;
        return std::make_unique<RestSource>(*spec);
    };
    ConnectionDialog dialog({ConnectionProfile::demo(), api}, api.id, &secrets, restBuilder);
    dialog.show();
    QTRY_VERIFY(dialog.secretEdit()->placeholderText().contains(
        keychain ? QLatin1String("saved in the keychain") : QLatin1String("no keychain")));
    QCOMPARE(dialog.rememberBox()->isEnabled(), keychain);

    QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    if (keychain) {
        QVERIFY(finished.wait(10'000));
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(dialog.messageLabel()->text()));
        QVERIFY(!seen.isEmpty());
        QCOMPARE(QSet<QByteArray>(seen.cbegin(), seen.cend()),
                 QSet<QByteArray>{"Bearer kept-token"});
    } else {
        QVERIFY(dialog.messageLabel()->text().startsWith(QLatin1String("Type the access token")));
    }

    // Moved to another address: the saved token is not sent there, and it
    // is to be forgotten on Save.
    seen.clear();
    type(dialog.locationEdit(), server.url().toString() + QStringLiteral("/v2"));
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    QVERIFY(dialog.messageLabel()->text().startsWith(QLatin1String("Type the access token")));
    QTest::qWait(100);
    QVERIFY(seen.isEmpty());
    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.forgetSecretIds(), QStringList{api.id});
}

QTEST_MAIN(TestConnectionDialog)
#include "tst_connectiondialog.moc"
