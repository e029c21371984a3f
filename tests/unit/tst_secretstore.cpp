// SecretStore against a real Secret Service (gnome-keyring in a private
// D-Bus session) and against no keychain at all: the two registrations of
// this test (tests/CMakeLists.txt, sh_add_keychain_variants).
#include "secretstore.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

class TestSecretStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void shouldKeepAndReturnTheSecret_data();
    void shouldKeepAndReturnTheSecret();
    void shouldSayMissingForAnUnknownProfile();
    void shouldRemoveTheSecret();
    void shouldKeepProfilesApart();
    void shouldSayUnavailableWithoutAKeychain();

private:
    static QString newId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }
    bool real() const { return m_mode == QLatin1String("real"); }

    struct ReadAnswer
    {
        SecretStore::Status status = SecretStore::Status::Denied;
        QByteArray secret;
        QString message;
    };
    static ReadAnswer readBack(SecretStore &store, const QString &id);
    static bool writeAndWait(SecretStore &store, const QString &id, const QByteArray &secret);

    QString m_mode;
};

void TestSecretStore::initTestCase()
{
    m_mode = qEnvironmentVariable("SELLER_HISTORY_TEST_KEYCHAIN");
    if (m_mode.isEmpty())
        QSKIP("Registered by CTest with SELLER_HISTORY_TEST_KEYCHAIN=real|none.");
}

TestSecretStore::ReadAnswer TestSecretStore::readBack(SecretStore &store, const QString &id)
{
    QSignalSpy spy(&store, &SecretStore::readDone);
    store.read(id);
    ReadAnswer answer;
    if (!spy.wait(10'000) || spy.size() != 1)
        return answer;
    const QList<QVariant> args = spy.takeFirst();
    if (args.at(0).toString() != id)
        return answer;
    answer.status = args.at(1).value<SecretStore::Status>();
    answer.secret = args.at(2).toByteArray();
    answer.message = args.at(3).toString();
    return answer;
}

bool TestSecretStore::writeAndWait(SecretStore &store, const QString &id, const QByteArray &secret)
{
    QSignalSpy spy(&store, &SecretStore::writeDone);
    store.write(id, secret);
    return spy.wait(10'000) && spy.size() == 1 && spy.at(0).at(0).toString() == id &&
           spy.at(0).at(1).toBool();
}

void TestSecretStore::shouldKeepAndReturnTheSecret_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("password") << QByteArray("correct horse battery staple");
    QTest::newRow("jwt") << QByteArray("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl");
    QTest::newRow("utf-8 and symbols") << QStringLiteral("pässwörd;'\"\\ %").toUtf8();
    QTest::newRow("long") << QByteArray(4096, 'x');
}

void TestSecretStore::shouldKeepAndReturnTheSecret()
{
    if (!real())
        QSKIP("Needs a keychain.");
    QFETCH(QByteArray, secret);
    SecretStore store(QStringLiteral("seller-history-tests"));
    const QString id = newId();
    QVERIFY(writeAndWait(store, id, secret));
    const ReadAnswer answer = readBack(store, id);
    QCOMPARE(answer.status, SecretStore::Status::Found);
    QCOMPARE(answer.secret, secret);
    QVERIFY(store.isAvailable());
    // A second store (as a later start of the app) finds it too.
    SecretStore later(QStringLiteral("seller-history-tests"));
    QCOMPARE(readBack(later, id).secret, secret);
}

void TestSecretStore::shouldSayMissingForAnUnknownProfile()
{
    if (!real())
        QSKIP("Needs a keychain.");
    SecretStore store(QStringLiteral("seller-history-tests"));
    const ReadAnswer answer = readBack(store, newId());
    QCOMPARE(answer.status, SecretStore::Status::Missing);
    QVERIFY(answer.secret.isEmpty());
    QVERIFY(store.isAvailable());
}

void TestSecretStore::shouldRemoveTheSecret()
{
    if (!real())
        QSKIP("Needs a keychain.");
    SecretStore store(QStringLiteral("seller-history-tests"));
    const QString id = newId();
    QVERIFY(writeAndWait(store, id, "to be removed"));
    QSignalSpy removed(&store, &SecretStore::removeDone);
    store.remove(id);
    QVERIFY(removed.wait(10'000));
    QVERIFY(removed.at(0).at(1).toBool());
    QCOMPARE(readBack(store, id).status, SecretStore::Status::Missing);
    // Removing again (nothing there) is not an error.
    store.remove(id);
    QVERIFY(removed.wait(10'000));
    QVERIFY(removed.at(1).at(1).toBool());
}

void TestSecretStore::shouldKeepProfilesApart()
{
    if (!real())
        QSKIP("Needs a keychain.");
    SecretStore store(QStringLiteral("seller-history-tests"));
    SecretStore otherApp(QStringLiteral("another-service"));
    const QString a = newId();
    const QString b = newId();
    QVERIFY(writeAndWait(store, a, "first"));
    QVERIFY(writeAndWait(store, b, "second"));
    QVERIFY(writeAndWait(store, a, "first, changed"));
    QCOMPARE(readBack(store, a).secret, QByteArray("first, changed"));
    QCOMPARE(readBack(store, b).secret, QByteArray("second"));
    QCOMPARE(readBack(otherApp, a).status, SecretStore::Status::Missing);
}

void TestSecretStore::shouldSayUnavailableWithoutAKeychain()
{
    if (real())
        QSKIP("Needs no keychain.");
    SecretStore store(QStringLiteral("seller-history-tests"));
    QSignalSpy availability(&store, &SecretStore::availabilityChanged);
    const ReadAnswer answer = readBack(store, newId());
    QCOMPARE(answer.status, SecretStore::Status::Unavailable);
    QVERIFY(answer.secret.isEmpty());
    QVERIFY2(answer.message.contains(QLatin1String("asked for each time")),
             qPrintable(answer.message));
    QVERIFY(!store.isAvailable());
    QCOMPARE(availability.size(), 1);
    QCOMPARE(availability.at(0).at(0).toBool(), false);

    QSignalSpy written(&store, &SecretStore::writeDone);
    store.write(newId(), "never stored");
    QVERIFY(written.wait(10'000));
    QCOMPARE(written.at(0).at(1).toBool(), false);
    QCOMPARE(availability.size(), 1); // said once per session
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
