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

    m_window->setKeychainAvailable(false);
    connect(&m_secrets, &SecretStore::availabilityChanged, this,
            &ConnectionSession::updateKeychainOffer);
    connect(m_window.data(), &MainWindow::connectionChosen, this, [this](const QString &id) {
        if (const auto profile = m_store.find(id))
            open(*profile);
    });
    connect(m_window.data(), &MainWindow::manageConnectionsRequested, this,
            &ConnectionSession::manage);
    connect(m_window.data(), &MainWindow::credentialsReplaced, this,
            [this](const QByteArray &secret, bool remember) {
                if (m_hasCurrent)
                    keepSecret(m_current.id, secret, remember);
            });
    connect(m_window.data(), &MainWindow::passwordRequested, this, [this] {
        if (m_hasCurrent)
            askForSecret(m_current, tr("The server did not accept the login."), ++m_generation);
    });
    connect(&m_secrets, &SecretStore::readDone, this,
            [this](const QString &id, SecretStore::Status status, const QByteArray &secret,
                   const QString &message) {
                // Only the answer for what was asked last: the user may have
                // chosen another connection meanwhile.
                if (!m_waiting || id != m_pending.id || m_waiting != m_generation)
                    return;
                m_waiting = 0;
                if (status == SecretStore::Status::Found)
                    openWithSecret(m_pending, secret);
                else if (m_pending.secret() == ConnectionProfile::Secret::Password)
                    openWithSecret(m_pending, {}); // libpq may need none; asked if refused
                else
                    askForSecret(m_pending,
                                 status == SecretStore::Status::Missing ? QString() : message,
                                 m_generation);
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
    if (const auto &saved = m_options.profile) {
        // --profile, with what the command line gave alongside it. Another
        // address is another server: the saved secret is not for it.
        ConnectionProfile profile = *saved;
        profile.orgId = m_options.source.orgId;
        profile.actorId = m_options.source.actorId;
        if (m_options.source.source != saved->source) {
            profile.id.clear();
            profile.name = tr("Command line");
            profile.source = m_options.source.source;
        }
        open(profile);
        return;
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
    const QString last = m_store.lastUsedId();
    const auto profile = last.isEmpty() ? std::nullopt : m_store.find(last);
    open(profile ? *profile : ConnectionProfile::demo());
}

SourceOptions ConnectionSession::optionsFor(const ConnectionProfile &profile,
                                            const QByteArray &secret) const
{
    SourceOptions options = m_options.source;
    options.source = profile.source;
    options.orgId = profile.orgId;
    options.actorId = profile.actorId;
    options.secret = secret;
    // A token file or SELLER_HISTORY_TOKEN belongs to what the command line
    // opened, not to every saved server.
    if (!m_sourceGiven || profile.source != m_options.source.source)
        options.tokenFile.clear();
    options.environmentToken = m_sourceGiven && profile.source == m_options.source.source;
    return options;
}

void ConnectionSession::open(const ConnectionProfile &profile)
{
    const quint64 generation = ++m_generation;
    m_waiting = 0;
    if (m_prompt)
        m_prompt->deleteLater(); // a question about an earlier choice
    m_pending = profile;
    if (AppPaths::isDefaultDemo(profile.source) && !DemoDatabase::exists()) {
        prepareDemo(profile, generation);
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
    if (!profile.id.isEmpty()) {
        // Asked even when an earlier call found no keychain: it may run now.
        m_waiting = generation;
        m_secrets.read(profile.id);
        return;
    }
    if (profile.secret() == ConnectionProfile::Secret::Password)
        openWithSecret(profile, {}); // asked for if the server refuses
    else
        askForSecret(profile, QString(), generation);
}

void ConnectionSession::askForSecret(const ConnectionProfile &profile, const QString &why,
                                     quint64 generation)
{
    if (!m_window)
        return;
    if (m_prompt)
        m_prompt->deleteLater();
    const QString what =
        tr("“%1” (%2)").arg(profile.name, optionsFor(profile, {}).source.section(u'?', 0, 0));
    auto *prompt = new SecretPrompt(
        profile.secret() == ConnectionProfile::Secret::Token ? SecretPrompt::Kind::Token
                                                             : SecretPrompt::Kind::Password,
        what, why, m_secrets.isAvailable() && !profile.id.isEmpty(), m_window);
    m_prompt = prompt;
    prompt->setAttribute(Qt::WA_DeleteOnClose);
    connect(prompt, &QDialog::accepted, this, [this, prompt, profile, generation] {
        if (generation != m_generation)
            return;
        keepSecret(profile.id, prompt->secret(), prompt->remember());
        openWithSecret(profile, prompt->secret());
    });
    connect(prompt, &QDialog::rejected, this, [this, profile, generation] {
        if (generation != m_generation || m_hasCurrent || !m_window)
            return;
        m_window->showStartupError(
            tr("Not connected to “%1”: it needs a password or token. Choose File > "
               "Connections to try again or to pick another connection.")
                .arg(profile.name));
        refreshSwitcher();
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
    updateKeychainOffer();
    if (firstOpen && !m_startWarning.isEmpty())
        m_window->showWarning(m_startWarning);
    emit opened(profile);
}

void ConnectionSession::updateKeychainOffer()
{
    // Sign In Again may offer to save only what has somewhere to go.
    if (m_window)
        m_window->setKeychainAvailable(m_secrets.isAvailable() && m_hasCurrent &&
                                       !m_current.id.isEmpty());
}

void ConnectionSession::refreshSwitcher()
{
    if (!m_window)
        return;
    m_window->setConnections(m_store.profiles(), m_hasCurrent ? m_current.id : QString(),
                             m_hasCurrent ? m_current.name : QString());
}

void ConnectionSession::prepareDemo(const ConnectionProfile &profile, quint64 generation)
{
    if (!m_demoGenerator) {
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
        connect(m_demoGenerator, &QThread::finished, this, [this, result] {
            m_demoGenerator->deleteLater();
            m_demoGenerator = nullptr;
            if (!DemoDatabase::exists() && m_window)
                m_window->showStartupError(tr("Cannot create the demo database: %1").arg(*result));
            emit demoPrepared();
        });
        m_demoGenerator->start();
    }
    // Opened when ready, unless the user chose something else meanwhile.
    connect(
        this, &ConnectionSession::demoPrepared, this,
        [this, profile, generation] {
            if (generation == m_generation && DemoDatabase::exists())
                open(profile);
        },
        Qt::SingleShotConnection);
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
    connect(dialog, &QDialog::accepted, this, [this, dialog] { applyDialog(dialog); });
    dialog->open();
}

void ConnectionSession::applyDialog(const ConnectionDialog *dialog)
{
    QString error;
    if (!m_store.save(dialog->profiles(), &error)) {
        m_window->showWarning(error);
        return;
    }
    // Removed connections, and those whose address changed without a new
    // secret: their secret was for another server.
    const QStringList forget = dialog->forgetSecretIds();
    for (const QString &id : forget) {
        m_sessionSecrets.remove(id);
        m_secrets.remove(id); // tried even without a keychain: it may run now
    }
    const auto typed = dialog->typedSecrets();
    for (auto it = typed.cbegin(); it != typed.cend(); ++it)
        keepSecret(it.key(), it->secret, it->remember);

    if (const auto chosen = m_store.find(dialog->chosenId());
        chosen && !dialog->chosenId().isEmpty()) {
        open(*chosen);
        return;
    }
    if (m_hasCurrent && !m_current.id.isEmpty()) {
        const auto now = m_store.find(m_current.id);
        if (!now) {
            // Removed while open: it stays on screen, no longer a saved
            // connection (nothing is saved for it, the next start opens the
            // demo data).
            m_current.id.clear();
            m_current.name = tr("%1 (removed)").arg(m_current.name);
            m_store.setLastUsedId(QString());
            updateKeychainOffer();
        } else if (now->source != m_current.source || now->orgId != m_current.orgId ||
                   now->actorId != m_current.actorId) {
            open(*now); // what is on screen must be what the list says
            return;
        } else {
            m_current.name = now->name;
        }
    }
    refreshSwitcher();
}
