#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

// The connection secrets (Postgres passwords, REST tokens) in the desktop's
// keychain through QtKeychain (Secret Service / KWallet on Linux), one entry
// per profile id under the service name given. Asynchronous: each call
// answers once by signal, on the thread that made it.
//
// It never writes a secret anywhere else: QtKeychain's plain-text fallback
// stays off. When there is no keychain service, reads say Unavailable and
// the caller asks the user each time; isAvailable() turns false for the rest
// of the session so the UI can say so before the user types anything.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Status : quint8
    {
        Found,
        Missing,     // the keychain works and holds nothing for this profile
        Unavailable, // no keychain service (or it failed): ask, do not store
        Denied,      // the user or the keychain refused access this time
    };
    Q_ENUM(Status)

    explicit SecretStore(QString service, QObject *parent = nullptr);

    void read(const QString &profileId);
    void write(const QString &profileId, const QByteArray &secret);
    void remove(const QString &profileId); // removing what is not there succeeds

    bool isAvailable() const { return m_available; }
    QString service() const { return m_service; }

signals:
    void readDone(const QString &profileId, SecretStore::Status status, const QByteArray &secret,
                  const QString &message);
    void writeDone(const QString &profileId, bool ok, const QString &message);
    void removeDone(const QString &profileId, bool ok, const QString &message);
    void availabilityChanged(bool available);

private:
    QString key(const QString &profileId) const;
    void noteUnavailable();

    QString m_service;
    bool m_available = true;
};
