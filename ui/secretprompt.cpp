#include "secretprompt.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

SecretPrompt::SecretPrompt(Kind kind, const QString &what, const QString &why, bool keychain,
                           QWidget *parent)
    : QDialog(parent)
    , m_kind(kind)
{
    setWindowTitle(kind == Kind::Token ? tr("Access Token") : tr("Password"));
    auto *text = new QLabel(this);
    text->setWordWrap(true);
    const QString ask = kind == Kind::Token ? tr("Paste the access token for %1.").arg(what)
                                            : tr("Type the password for %1.").arg(what);
    text->setText(why.isEmpty() ? ask : why + u' ' + ask);
    m_secret = new QLineEdit(this);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setAccessibleName(kind == Kind::Token ? tr("Access token") : tr("Password"));
    m_remember = new QCheckBox(tr("Save in the &keychain"), this);
    m_remember->setChecked(keychain);
    m_remember->setEnabled(keychain);
    m_remember->setToolTip(keychain ? tr("Keep it in the desktop's keychain, never in a file")
                                    : tr("No keychain service is running: it is asked for at "
                                         "each connection and never saved"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Connect"));
    m_ok->setEnabled(false);
    connect(m_secret, &QLineEdit::textChanged, this,
            [this](const QString &typed) { m_ok->setEnabled(!typed.isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(kind == Kind::Token ? tr("&Token:") : tr("&Password:"), m_secret);
    form->addRow(QString(), m_remember);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addLayout(form);
    layout->addWidget(buttons);
    setMinimumWidth(440);
}

QByteArray SecretPrompt::secret() const
{
    // A pasted token brings spaces and line ends; a password is as typed.
    return (m_kind == Kind::Token ? m_secret->text().trimmed() : m_secret->text()).toUtf8();
}

bool SecretPrompt::remember() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}
