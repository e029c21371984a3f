#pragma once

#include "connectionprofile.h"
#include "historysource.h"

#include <QDialog>
#include <QHash>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QToolButton;
class SecretStore;

// Edits the saved connections (product.md §1, issue 8): a list on the left,
// the selected one's name, type, location, org, actor and secret on the
// right, "Test Connection", and Connect / Save / Cancel. It edits a copy:
// nothing is saved, written to the keychain or opened until the caller
// reads the result after accept(). It reads the keychain only to say
// whether a secret is stored, and builds a source only to test it.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    // Builds a source for a test: the profile and the secret to use (empty
    // when none); nullptr and *error when it cannot be built.
    using SourceBuilder = std::function<std::unique_ptr<HistorySource>(
        const ConnectionProfile &profile, const QByteArray &secret, QString *error)>;

    struct TypedSecret
    {
        QByteArray secret;
        bool remember = false; // save it in the keychain; else for this session only
    };

    ConnectionDialog(QList<ConnectionProfile> profiles, const QString &currentId,
                     SecretStore *secrets, SourceBuilder builder, QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    // After accept(): the edited list (the demo profile first), the profile
    // to open (empty after Save), the secrets typed, and the profiles whose
    // stored secret must go (removed, or "save in the keychain" unticked).
    QList<ConnectionProfile> profiles() const { return m_profiles; }
    QString chosenId() const { return m_chosenId; }
    QHash<QString, TypedSecret> typedSecrets() const { return m_typed; }
    QStringList forgetSecretIds() const { return m_forget; }

    // Widgets, for tests and screenshots.
    QListWidget *list() const { return m_list; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *kindCombo() const { return m_kind; }
    QLineEdit *locationEdit() const { return m_location; }
    QLineEdit *orgEdit() const { return m_org; }
    QLineEdit *actorEdit() const { return m_actor; }
    QLineEdit *secretEdit() const { return m_secret; }
    QCheckBox *rememberBox() const { return m_remember; }
    QPushButton *testButton() const { return m_test; }
    QPushButton *connectButton() const { return m_connect; }
    QPushButton *saveButton() const { return m_save; }
    QToolButton *addButton() const { return m_add; }
    QToolButton *removeButton() const { return m_remove; }
    QLabel *messageLabel() const { return m_message; }

    void accept() override; // refuses (with a message) while a profile is not valid

signals:
    void testFinished(bool ok); // after Test Connection answered

private:
    int currentRow() const;
    void showProfile(int row);
    void storeForm();
    void updateKind();
    void addProfile();
    void removeProfile();
    void testConnection();
    void runTest(const ConnectionProfile &profile, const QByteArray &secret);
    void refuseTestWithoutToken();
    void finishTest(bool ok, const QString &text);
    void showMessage(bool error, const QString &text);
    void onSecretRead(const QString &id, int status);
    bool validate();
    QString sourceFromForm() const;

    QList<ConnectionProfile> m_profiles;
    SecretStore *m_secrets;
    SourceBuilder m_builder;
    QHash<QString, TypedSecret> m_typed;
    QHash<QString, bool> m_stored;         // profile id -> a secret is in the keychain
    QHash<QString, QString> m_savedSource; // profile id -> its address when the dialog opened
    QStringList m_forget;
    QString m_chosenId;
    bool m_loading = false;       // the form is being filled, not edited
    QString m_testWaitsForSecret; // profile id of a test waiting for the keychain

    std::unique_ptr<HistorySource> m_testSource;
    HistorySource::RequestId m_testRequest = 0;

    QListWidget *m_list;
    QToolButton *m_add;
    QToolButton *m_remove;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QLineEdit *m_location;
    QPushButton *m_browse;
    QLabel *m_locationHint;
    QLineEdit *m_org;
    QLineEdit *m_actor;
    QLabel *m_secretLabel;
    QLineEdit *m_secret;
    QCheckBox *m_remember;
    QPushButton *m_test;
    QLabel *m_message;
    QPushButton *m_connect;
    QPushButton *m_save;
    QDialogButtonBox *m_buttons;
};
