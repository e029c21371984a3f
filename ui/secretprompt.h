#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

// Asks for a connection's password or access token: when none is saved,
// when the keychain is missing, or when the server stopped accepting the
// one it had. Offers to save it in the keychain only where there is one.
// It only asks; the caller stores and uses the answer.
class SecretPrompt : public QDialog
{
    Q_OBJECT
public:
    enum class Kind : quint8
    {
        Password,
        Token,
    };

    // what: the connection's name and where it points; why: an optional
    // first sentence (e.g. the server's refusal); keychain: whether one runs.
    SecretPrompt(Kind kind, const QString &what, const QString &why, bool keychain,
                 QWidget *parent = nullptr);

    QByteArray secret() const;
    bool remember() const;

    QLineEdit *secretEdit() const { return m_secret; }
    QCheckBox *rememberBox() const { return m_remember; }
    QPushButton *okButton() const { return m_ok; }

private:
    Kind m_kind;
    QLineEdit *m_secret;
    QCheckBox *m_remember;
    QPushButton *m_ok;
};
