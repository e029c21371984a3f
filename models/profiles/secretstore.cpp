#include "secretstore.h"

#include <QCoreApplication>
#include <qt6keychain/keychain.h>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SecretStore", text);
}

bool meansNoKeychain(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented ||
           error == QKeychain::OtherError;
}

QString unavailableMessage(const QString &detail)
{
    return tr("No keychain is available (%1), so the secret is asked for each time and never "
              "saved.")
        .arg(detail);
}

// Every job: deleted once it has answered, never falling back to a plain
// file, filed under the profile's key.
template<typename Job>
Job *newJob(const QString &service, const QString &key, QObject *parent)
{
    auto *job = new Job(service, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

SecretStore::SecretStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{}

QString SecretStore::key(const QString &profileId) const
{
    return QStringLiteral("connection/") + profileId;
}

void SecretStore::noteUnavailable()
{
    if (!m_available)
        return;
    m_available = false;
    emit availabilityChanged(false);
}

void SecretStore::read(const QString &profileId)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(m_service, key(profileId), this);
    connect(job, &QKeychain::Job::finished, this, [this, profileId](QKeychain::Job *done) {
        auto *reader = static_cast<QKeychain::ReadPasswordJob *>(done);
        const QKeychain::Error error = reader->error();
        if (error == QKeychain::NoError) {
            emit readDone(profileId, Status::Found, reader->binaryData(), QString());
        } else if (error == QKeychain::EntryNotFound) {
            emit readDone(profileId, Status::Missing, {}, QString());
        } else if (meansNoKeychain(error)) {
            noteUnavailable();
            emit readDone(profileId, Status::Unavailable, {},
                          unavailableMessage(reader->errorString()));
        } else {
            emit readDone(
                profileId, Status::Denied, {},
                tr("The keychain did not give the secret: %1").arg(reader->errorString()));
        }
    });
    job->start();
}

void SecretStore::write(const QString &profileId, const QByteArray &secret)
{
    auto *job = newJob<QKeychain::WritePasswordJob>(m_service, key(profileId), this);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, profileId](QKeychain::Job *done) {
        const QKeychain::Error error = done->error();
        if (error == QKeychain::NoError) {
            emit writeDone(profileId, true, QString());
            return;
        }
        if (meansNoKeychain(error)) {
            noteUnavailable();
            emit writeDone(profileId, false, unavailableMessage(done->errorString()));
            return;
        }
        emit writeDone(profileId, false,
                       tr("The keychain did not save the secret: %1").arg(done->errorString()));
    });
    job->start();
}

void SecretStore::remove(const QString &profileId)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(m_service, key(profileId), this);
    connect(job, &QKeychain::Job::finished, this, [this, profileId](QKeychain::Job *done) {
        const QKeychain::Error error = done->error();
        if (error == QKeychain::NoError || error == QKeychain::EntryNotFound) {
            emit removeDone(profileId, true, QString());
            return;
        }
        if (meansNoKeychain(error))
            noteUnavailable();
        emit removeDone(profileId, false,
                        tr("The keychain did not remove the secret: %1").arg(done->errorString()));
    });
    job->start();
}
