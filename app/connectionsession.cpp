#include "connectionsession.h"

#include "apppaths.h"
#include "connectiondialog.h"
#include "demodatabase.h"
#include "mainwindow.h"
#include "secretprompt.h"
#include "sourcefactory.h"

#include <QApplication>
#include <QThread>

ConnectionSession::ConnectionSession(MainWindow *window, QSettings *settings,
                                     const CommandLine::CommonOptions &options, bool sourceGiven,
                                     const QString &outboxError, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_store(settings)
    , m_secrets(AppPaths::keychainService())
    , m_options(options)
    , m_sourceGiven(sourceGiven)
{
    QStringList warnings;
    if (options.source.insecure)
        warnings << tr("TLS certificate checks are off (--insecure): anyone on the network "
                       "path can read and change what you see and send.");
    if (!outboxError.isEmpty())
        warnings << tr("%1 Exports still work, but a record that cannot be written is not kept "
                       "for a later retry.")
                        .arg(outboxError);
    m_startWarning = warnings.join(u' ');

    m_window->setKeychainAvailable(m_secrets.isAvailable());
    connect(&m_secrets, &SecretStore::availabilityChanged, m_window.data(),
            &MainWindow::setKeychainAvailable);
    connect(m_window.data(), &MainWindow::connectionChosen, this, [this](const QString &id) {
        if (const auto profile = m_store.find(id))
            open(*profile);
    });
    connect(m_window.data(), &MainWindow::manageConnectionsRequested, this,
            &ConnectionSession::manage);
    connect(m_window.data(), &MainWindow::credentialsReplaced, this,
            [this](const QByteArray &secret, bool remember) {
                if (m_hasCurrent && !m_current.id.isEmpty())
                    keepSecret(m_current.id, secret, remember);
            });
    connect(&m_secrets, &SecretStore::readDone, this,
            [this](const QString &id, SecretStore::Status status, const QByteArray &secret,
                   const QString &message) {
                if (id != m_waitingFor)
                    return;
                m_waitingFor.clear();
                const auto profile = m_store.find(id);
                if (!profile)
                    return;
                if (status == SecretStore::Status::Found)
                    openWithSecret(*profile, secret);
                else
                    askForSecret(*profile, message);
            });
    connect(&m_secrets, &SecretStore::writeDone, this,
            [this](const QString &, bool ok, const QString &message) {
                if (!ok && m_window)
                    m_window->showWarning(message);
            });
}

ConnectionSession::~ConnectionSession()
{
    if (m_demoGenerator)
        m_demoGenerator->wait();
}

void ConnectionSession::start()
{
    if (!m_options.profileId.isEmpty()) {
        // --profile, with what the command line gave alongside it.
        if (auto profile = m_store.find(m_options.profileId)) {
            profile->source = m_options.source.source;
            profile->orgId = m_options.source.orgId;
            profile->actorId = m_options.source.actorId;
            open(*profile);
            return;
        }
    }
    if (m_sourceGiven) {
        ConnectionProfile adHoc;
        adHoc.name = tr("Command line");
        adHoc.source = m_options.source.source;
        adHoc.orgId = m_options.source.orgId;
        adHoc.actorId = m_options.source.actorId;
        open(adHoc);
        return;
    }
    const auto last = m_store.find(m_store.lastUsedId());
    open(last && !m_store.lastUsedId().isEmpty() ? *last : ConnectionProfile::demo());
}

SourceOptions ConnectionSession::optionsFor(const ConnectionProfile &profile,
                                            const QByteArray &secret) const
{
    SourceOptions options = m_options.source;
    options.source = profile.source;
    options.orgId = profile.orgId;
    options.actorId = profile.actorId;
    options.profileName = profile.name;
    options.secret = secret;
    // A token file named on the command line belongs to what it opened.
    if (!m_sourceGiven || profile.source != m_options.source.source)
        options.tokenFile.clear();
    return options;
}

void ConnectionSession::open(const ConnectionProfile &profile)
{
    if (AppPaths::isDefaultDemo(profile.source) && !DemoDatabase::exists()) {
        prepareDemo(profile);
        return;
    }
    if (!SourceFactory::wantsSecret(optionsFor(profile, {}))) {
        openWithSecret(profile, {});
        return;
    }
    const auto typed = m_sessionSecrets.constFind(profile.id);
    if (!profile.id.isEmpty() && typed != m_sessionSecrets.cend()) {
        openWithSecret(profile, *typed);
        return;
    }
    if (!profile.id.isEmpty() && m_secrets.isAvailable()) {
        m_waitingFor = profile.id;
        m_secrets.read(profile.id);
        return;
    }
    askForSecret(profile, QString());
}

void ConnectionSession::askForSecret(const ConnectionProfile &profile, const QString &why)
{
    if (!m_window)
        return;
    const QString what =
        tr("“%1” (%2)").arg(profile.name, optionsFor(profile, {}).source.section(u'?', 0, 0));
    auto *prompt = new SecretPrompt(
        profile.secret() == ConnectionProfile::Secret::Token ? SecretPrompt::Kind::Token
                                                             : SecretPrompt::Kind::Password,
        what, why, m_secrets.isAvailable() && !profile.id.isEmpty(), m_window);
    prompt->setAttribute(Qt::WA_DeleteOnClose);
    connect(prompt, &QDialog::accepted, this, [this, prompt, profile] {
        keepSecret(profile.id, prompt->secret(), prompt->remember());
        openWithSecret(profile, prompt->secret());
    });
    connect(prompt, &QDialog::rejected, this, [this, profile] {
        if (!m_hasCurrent && m_window) {
            m_window->showStartupError(
                tr("Not connected to “%1”: it needs a password or token. Choose File > "
                   "Connections to try again or to pick another connection.")
                    .arg(profile.name));
            refreshSwitcher();
        }
    });
    prompt->open();
}

void ConnectionSession::keepSecret(const QString &profileId, const QByteArray &secret,
                                   bool remember)
{
    if (profileId.isEmpty())
        return;
    m_sessionSecrets[profileId] = secret;
    if (remember && m_secrets.isAvailable())
        m_secrets.write(profileId, secret);
}

void ConnectionSession::openWithSecret(const ConnectionProfile &profile, const QByteArray &secret)
{
    if (!m_window)
        return;
    QString error;
    auto source = SourceFactory::create(optionsFor(profile, secret), &error);
    if (!source) {
        if (m_hasCurrent)
            m_window->showWarning(tr("Cannot open “%1”: %2").arg(profile.name, error));
        else
            m_window->showStartupError(error);
        return;
    }
    const bool firstOpen = !m_hasCurrent;
    m_window->setSource(std::move(source), AppPaths::isDefaultDemo(profile.source));
    m_current = profile;
    m_hasCurrent = true;
    if (!profile.id.isEmpty())
        m_store.setLastUsedId(profile.id);
    refreshSwitcher();
    if (firstOpen && !m_startWarning.isEmpty())
        m_window->showWarning(m_startWarning);
    emit opened(profile);
}

void ConnectionSession::refreshSwitcher()
{
    if (!m_window)
        return;
    QString name;
    if (m_hasCurrent)
        name = m_current.id.isEmpty() ? tr("Command line") : m_current.name;
    m_window->setConnections(m_store.profiles(), m_hasCurrent ? m_current.id : QString(), name);
}

void ConnectionSession::prepareDemo(const ConnectionProfile &profile)
{
    if (m_demoGenerator)
        return; // already being made; it opens when done
    const QString preparing = tr("Preparing the demo database…");
    m_window->showPreparing(preparing, 0);
    auto result = std::make_shared<QString>();
    QPointer<MainWindow> target = m_window;
    m_demoGenerator = QThread::create([target, preparing, result] {
        DemoDatabase::ensure(result.get(), [target, preparing](int percent) {
            QMetaObject::invokeMethod(
                qApp,
                [target, preparing, percent] {
                    if (target)
                        target->showPreparing(preparing, percent);
                },
                Qt::QueuedConnection);
        });
    });
    connect(m_demoGenerator, &QThread::finished, this, [this, profile, result] {
        m_demoGenerator->deleteLater();
        m_demoGenerator = nullptr;
        if (DemoDatabase::exists())
            open(profile);
        else if (m_window)
            m_window->showStartupError(tr("Cannot create the demo database: %1").arg(*result));
    });
    m_demoGenerator->start();
}

void ConnectionSession::manage()
{
    if (!m_window)
        return;
    auto builder = [this](const ConnectionProfile &profile, const QByteArray &secret,
                          QString *error) {
        return SourceFactory::create(optionsFor(profile, secret), error);
    };
    auto *dialog = new ConnectionDialog(m_store.profiles(), m_hasCurrent ? m_current.id : QString(),
                                        &m_secrets, builder, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QString error;
        if (!m_store.save(dialog->profiles(), &error)) {
            m_window->showWarning(error);
            return;
        }
        const QStringList forget = dialog->forgetSecretIds();
        for (const QString &id : forget) {
            m_sessionSecrets.remove(id);
            if (m_secrets.isAvailable())
                m_secrets.remove(id);
        }
        const auto typed = dialog->typedSecrets();
        for (auto it = typed.cbegin(); it != typed.cend(); ++it)
            keepSecret(it.key(), it->secret, it->remember);
        // The open connection may have been renamed or changed.
        if (m_hasCurrent && !m_current.id.isEmpty()) {
            if (const auto now = m_store.find(m_current.id))
                m_current.name = now->name;
        }
        refreshSwitcher();
        if (const auto chosen = m_store.find(dialog->chosenId());
            chosen && !dialog->chosenId().isEmpty())
            open(*chosen);
    });
    dialog->open();
}
