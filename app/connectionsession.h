#pragma once

#include "commandline.h"
#include "connectionprofile.h"
#include "profilestore.h"
#include "secretstore.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSettings>

class ConnectionDialog;
class MainWindow;
class QThread;
class SecretPrompt;

// Which source the window shows, and switching it (issue 8): opens the
// connection the command line names (--source or --profile), else the one
// used last, else the demo database (made first when missing). Fetches the
// secret from the keychain, asks for it when there is none (saving it when
// the user wants and a keychain runs), builds the source and hands it to
// the window; answers the window's switcher and its Connections dialog.
// A secret never leaves memory except into the keychain.
class ConnectionSession : public QObject
{
    Q_OBJECT
public:
    // options: the command line's; sourceGiven: --source or --profile named
    // what to open. settings: where profiles live (not owned).
    ConnectionSession(MainWindow *window, QSettings *settings,
                      const CommandLine::CommonOptions &options, bool sourceGiven,
                      const QString &outboxError, QObject *parent = nullptr);
    ~ConnectionSession() override;

    void start();

    ConnectionProfile current() const { return m_current; }
    ProfileStore &store() { return m_store; }
    SecretStore &secrets() { return m_secrets; }

signals:
    // A source was handed to the window (for tests and start-up timing).
    void opened(const ConnectionProfile &profile);
    void demoPrepared();

private:
    // Every open() starts a new generation; a keychain answer, a prompt or
    // the demo generator that belongs to an older one is ignored, so the
    // connection chosen last is the one shown.
    void open(const ConnectionProfile &profile);
    void openWithSecret(const ConnectionProfile &profile, const QByteArray &secret);
    void askForSecret(const ConnectionProfile &profile, const QString &why, quint64 generation);
    void manage();
    void applyDialog(const ConnectionDialog *dialog);
    void prepareDemo(const ConnectionProfile &profile, quint64 generation);
    void keepSecret(const QString &profileId, const QByteArray &secret, bool remember);
    SourceOptions optionsFor(const ConnectionProfile &profile, const QByteArray &secret) const;
    void refreshSwitcher();
    void updateKeychainOffer();

    QPointer<MainWindow> m_window;
    ProfileStore m_store;
    SecretStore m_secrets;
    CommandLine::CommonOptions m_options;
    bool m_sourceGiven;
    QString m_startWarning; // said once, with the first source opened
    ConnectionProfile m_current;
    bool m_hasCurrent = false;
    // Typed but not saved (no keychain, or the user said not to): for this
    // session only, so switching back does not ask again.
    QHash<QString, QByteArray> m_sessionSecrets;
    quint64 m_generation = 0;
    ConnectionProfile m_pending; // the last one asked to open (with command-line changes)
    quint64 m_waiting = 0;       // the generation whose secret the keychain is reading
    QPointer<SecretPrompt> m_prompt;
    QThread *m_demoGenerator = nullptr;
};
