#include "connectiondialog.h"

#include "errorstyle.h"
#include "paging.h"
#include "profilestore.h"
#include "secretstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

using Kind = ConnectionProfile::Kind;

QString sqlitePrefix()
{
    return QStringLiteral("sqlite:");
}

} // namespace

ConnectionDialog::ConnectionDialog(QList<ConnectionProfile> profiles, const QString &currentId,
                                   SecretStore *secrets, SourceBuilder builder, QWidget *parent)
    : QDialog(parent)
    , m_profiles(std::move(profiles))
    , m_secrets(secrets)
    , m_builder(std::move(builder))
{
    setWindowTitle(tr("Connections"));

    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Saved connections"));
    m_add = new QToolButton(this);
    m_add->setIcon(QIcon(QStringLiteral(":/icons/list-add.svg")));
    m_add->setToolTip(tr("Add a connection"));
    m_add->setAccessibleName(tr("Add a connection"));
    m_remove = new QToolButton(this);
    m_remove->setIcon(QIcon(QStringLiteral(":/icons/list-remove.svg")));
    m_remove->setToolTip(tr("Remove the selected connection (and its saved secret)"));
    m_remove->setAccessibleName(tr("Remove the selected connection"));
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_remove);
    listButtons->addStretch();
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);

    m_name = new QLineEdit(this);
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("Demo data (generated)"), int(Kind::Demo));
    m_kind->addItem(tr("SQLite file"), int(Kind::Sqlite));
    m_kind->addItem(tr("Postgres database"), int(Kind::Postgres));
    m_kind->addItem(tr("REST API"), int(Kind::Rest));
    m_location = new QLineEdit(this);
    m_browse = new QPushButton(tr("&Browse…"), this);
    auto *locationRow = new QHBoxLayout;
    locationRow->addWidget(m_location, 1);
    locationRow->addWidget(m_browse);
    m_locationHint = new QLabel(this);
    m_locationHint->setWordWrap(true);
    m_locationHint->setForegroundRole(QPalette::PlaceholderText);
    m_org = new QLineEdit(this);
    m_org->setPlaceholderText(tr("the upstream org"));
    m_org->setToolTip(tr("The org whose sellers are shown (a UUID); empty: the upstream org"));
    m_actor = new QLineEdit(this);
    m_actor->setToolTip(tr("The user id written into the audit entries this app adds when it "
                           "writes to the database directly (a UUID); empty: none"));
    m_secretLabel = new QLabel(this);
    m_secret = new QLineEdit(this);
    m_secret->setEchoMode(QLineEdit::Password);
    m_remember = new QCheckBox(tr("Save in the &keychain"), this);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Type:"), m_kind);
    auto *locationLabel = new QLabel(tr("&Location:"), this);
    locationLabel->setBuddy(m_location);
    form->addRow(locationLabel, locationRow);
    form->addRow(QString(), m_locationHint);
    form->addRow(tr("&Org:"), m_org);
    form->addRow(tr("&Actor:"), m_actor);
    form->addRow(m_secretLabel, m_secret);
    form->addRow(QString(), m_remember);
    m_secretLabel->setBuddy(m_secret);

    m_test = new QPushButton(tr("Test Connect&ion"), this);
    m_test->setToolTip(tr("Open the source with these settings and read its newest entry"));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addStretch();

    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addLayout(testRow);
    right->addWidget(m_message);
    right->addStretch();

    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addLayout(right, 5);

    m_buttons = new QDialogButtonBox(this);
    m_connect = m_buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setDefault(true);
    m_save = m_buttons->addButton(tr("&Save"), QDialogButtonBox::ApplyRole);
    m_save->setToolTip(tr("Save the connections and stay with the current one"));
    m_buttons->addButton(QDialogButtonBox::Cancel);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_buttons);
    resize(760, 440);

    for (const ConnectionProfile &profile : std::as_const(m_profiles)) {
        m_list->addItem(profile.name);
        m_savedSource.insert(profile.id, profile.source);
    }
    int row = 0;
    for (qsizetype i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles.at(i).id == currentId)
            row = int(i);
    }

    connect(m_list, &QListWidget::currentRowChanged, this, &ConnectionDialog::showProfile);
    connect(m_add, &QToolButton::clicked, this, &ConnectionDialog::addProfile);
    connect(m_remove, &QToolButton::clicked, this, &ConnectionDialog::removeProfile);
    for (QLineEdit *edit : {m_name, m_location, m_org, m_actor})
        connect(edit, &QLineEdit::textEdited, this, &ConnectionDialog::storeForm);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        if (m_loading)
            return;
        storeForm();
        updateKind();
    });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open an SQLite Database"), m_location->text(),
            tr("SQLite databases (*.sqlite *.sqlite3 *.db);;All files (*)"));
        if (path.isEmpty())
            return;
        m_location->setText(path);
        storeForm();
    });
    connect(m_secret, &QLineEdit::textEdited, this, [this](const QString &text) {
        const int r = currentRow();
        if (r < 0)
            return;
        const ConnectionProfile &profile = m_profiles.at(r);
        // A pasted token brings spaces and line ends; a password is as typed.
        const QString secret =
            profile.secret() == ConnectionProfile::Secret::Token ? text.trimmed() : text;
        if (secret.isEmpty())
            m_typed.remove(profile.id);
        else
            m_typed[profile.id] = {secret.toUtf8(), m_remember->isChecked()};
    });
    connect(m_remember, &QCheckBox::toggled, this, [this](bool on) {
        const int r = currentRow();
        if (r < 0 || m_loading)
            return;
        const QString id = m_profiles.at(r).id;
        if (m_typed.contains(id))
            m_typed[id].remember = on;
        if (on)
            m_forget.removeAll(id);
        else if (m_stored.value(id) && !m_forget.contains(id))
            m_forget << id;
    });
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_connect, &QPushButton::clicked, this, [this] {
        const int r = currentRow();
        m_chosenId = r >= 0 ? m_profiles.at(r).id : QString();
        accept();
    });
    connect(m_save, &QPushButton::clicked, this, [this] {
        m_chosenId.clear();
        accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (m_secrets) {
        connect(m_secrets, &SecretStore::readDone, this,
                [this](const QString &id, SecretStore::Status status, const QByteArray &secret,
                       const QString &) {
                    m_stored[id] = status == SecretStore::Status::Found;
                    const int r = currentRow();
                    if (r >= 0 && m_profiles.at(r).id == id)
                        updateKind();
                    if (id != m_testWaitsForSecret)
                        return;
                    m_testWaitsForSecret.clear();
                    // The test goes on for the connection it was started for,
                    // even if another row is selected now.
                    const auto it =
                        std::find_if(m_profiles.cbegin(), m_profiles.cend(),
                                     [&id](const ConnectionProfile &p) { return p.id == id; });
                    if (it == m_profiles.cend())
                        finishTest(false, tr("The connection was removed."));
                    else if (status != SecretStore::Status::Found &&
                             it->secret() == ConnectionProfile::Secret::Token)
                        refuseTestWithoutToken();
                    else
                        runTest(*it, secret);
                });
    }
    m_list->setCurrentRow(row);
    m_list->setFocus();
}

ConnectionDialog::~ConnectionDialog()
{
    if (m_testSource && m_testRequest)
        m_testSource->cancel(m_testRequest);
}

int ConnectionDialog::currentRow() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_profiles.size() ? row : -1;
}

void ConnectionDialog::showProfile(int row)
{
    if (row < 0 || row >= m_profiles.size())
        return;
    const ConnectionProfile &profile = m_profiles.at(row);
    m_loading = true;
    m_name->setText(profile.name);
    m_kind->setCurrentIndex(m_kind->findData(int(profile.kind())));
    m_location->setText(profile.kind() == Kind::Sqlite && profile.source.startsWith(sqlitePrefix())
                            ? profile.source.mid(sqlitePrefix().size())
                            : profile.source);
    m_org->setText(profile.orgId);
    m_actor->setText(profile.actorId);
    const auto typed = m_typed.constFind(profile.id);
    m_secret->setText(typed != m_typed.cend() ? QString::fromUtf8(typed->secret) : QString());
    const bool available = m_secrets && m_secrets->isAvailable();
    m_remember->setChecked(available && !m_forget.contains(profile.id) &&
                           (typed == m_typed.cend() || typed->remember));
    m_loading = false;
    if (available && profile.secret() != ConnectionProfile::Secret::None &&
        !m_stored.contains(profile.id))
        m_secrets->read(profile.id);
    updateKind();
    m_message->clear();
}

void ConnectionDialog::updateKind()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const ConnectionProfile &profile = m_profiles.at(row);
    const bool demo = profile.isDemo();
    const auto kind = Kind(m_kind->currentData().toInt());
    for (QWidget *w : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_kind)})
        w->setEnabled(!demo);
    m_remove->setEnabled(!demo);
    // There is one demo database: other entries cannot become it.
    if (auto *items = qobject_cast<QStandardItemModel *>(m_kind->model()))
        items->item(m_kind->findData(int(Kind::Demo)))->setEnabled(demo);
    m_location->setEnabled(!demo);
    m_browse->setVisible(kind == Kind::Sqlite);
    m_org->setEnabled(!demo);
    m_actor->setEnabled(kind == Kind::Sqlite || kind == Kind::Postgres);
    m_actor->setPlaceholderText(kind == Kind::Rest ? tr("set by the server (your token)")
                                                   : tr("none"));
    switch (kind) {
    case Kind::Demo:
        m_location->setPlaceholderText(tr("generated in the app's data folder"));
        m_locationHint->setText(tr("Generated sample data, to try every feature safely."));
        break;
    case Kind::Sqlite:
        m_location->setPlaceholderText(tr("/path/to/history.sqlite"));
        m_locationHint->setText(tr("A database file with upstream's tables."));
        break;
    case Kind::Postgres:
        m_location->setPlaceholderText(
            tr("postgresql://analyst@db.example.com:5432/app?sslmode=require"));
        m_locationHint->setText(
            tr("Ask your database admin for a login in the seller_history_analyst role "
               "(packaging/sql/): it reads the history and may only flag sellers and record "
               "exports."));
        break;
    case Kind::Rest:
        m_location->setPlaceholderText(tr("https://api.example.com"));
        m_locationHint->setText(tr("The API's base URL; every request carries your access "
                                   "token. The API cannot search."));
        break;
    }
    const bool needsSecret = kind == Kind::Postgres || kind == Kind::Rest;
    m_secretLabel->setText(kind == Kind::Rest ? tr("Access tok&en:") : tr("&Password:"));
    m_secretLabel->setVisible(needsSecret);
    m_secret->setVisible(needsSecret);
    m_remember->setVisible(needsSecret);
    const bool available = m_secrets && m_secrets->isAvailable();
    m_remember->setEnabled(available);
    m_remember->setToolTip(available ? tr("Keep it in the desktop's keychain, never in a file")
                                     : tr("No keychain service is running: the secret is asked "
                                          "for at each connection and never saved"));
    if (!available)
        m_secret->setPlaceholderText(tr("no keychain: asked when connecting"));
    else if (m_stored.value(profile.id))
        m_secret->setPlaceholderText(tr("saved in the keychain (type to replace)"));
    else
        m_secret->setPlaceholderText(tr("asked when connecting if left empty"));
}

QString ConnectionDialog::sourceFromForm() const
{
    const QString location = m_location->text().trimmed();
    switch (Kind(m_kind->currentData().toInt())) {
    case Kind::Demo:
        return {};
    case Kind::Sqlite:
        return location.isEmpty() || location.startsWith(sqlitePrefix())
                   ? location
                   : sqlitePrefix() + location;
    case Kind::Postgres:
    case Kind::Rest:
        break;
    }
    return location;
}

void ConnectionDialog::storeForm()
{
    const int row = currentRow();
    if (row < 0 || m_loading || m_profiles.at(row).isDemo())
        return;
    ConnectionProfile &profile = m_profiles[row];
    profile.name = m_name->text();
    // A URL typed under the wrong type switches the type to match.
    const Kind typed = ConnectionProfile::kindOf(m_location->text().trimmed());
    if ((typed == Kind::Postgres || typed == Kind::Rest) &&
        typed != Kind(m_kind->currentData().toInt())) {
        m_loading = true;
        m_kind->setCurrentIndex(m_kind->findData(int(typed)));
        m_loading = false;
        updateKind();
    }
    QString source = sourceFromForm();
    // A URL pasted with its password: the password moves to the secret
    // field, so it is never saved with the profile.
    const QString password = ConnectionProfile::takePassword(&source);
    if (!password.isEmpty()) {
        m_location->setText(source);
        m_secret->setText(password);
        m_typed[profile.id] = {password.toUtf8(), m_remember->isChecked()};
    }
    profile.source = source;
    profile.orgId = m_org->text().trimmed();
    profile.actorId = m_actor->isEnabled() ? m_actor->text().trimmed() : QString();
    m_list->item(row)->setText(profile.name);
}

void ConnectionDialog::addProfile()
{
    QString name;
    for (qsizetype n = m_profiles.size();; ++n) {
        name = tr("New connection %1").arg(n);
        if (std::none_of(m_profiles.cbegin(), m_profiles.cend(),
                         [&name](const ConnectionProfile &p) {
                             return p.name.compare(name, Qt::CaseInsensitive) == 0;
                         }))
            break;
    }
    ConnectionProfile profile = ConnectionProfile::create(name, QStringLiteral("https://"));
    m_profiles << profile;
    m_list->addItem(profile.name);
    m_list->setCurrentRow(int(m_profiles.size() - 1));
    m_name->setFocus();
    m_name->selectAll();
}

void ConnectionDialog::removeProfile()
{
    const int row = currentRow();
    if (row < 0 || m_profiles.at(row).isDemo())
        return;
    const QString id = m_profiles.at(row).id;
    m_typed.remove(id);
    if (!m_forget.contains(id))
        m_forget << id;
    m_profiles.removeAt(row);
    delete m_list->takeItem(row);
    m_list->setCurrentRow(qMin(row, int(m_profiles.size()) - 1));
}

void ConnectionDialog::showMessage(bool error, const QString &text)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? ErrorStyle::label(palette()) : QString());
}

bool ConnectionDialog::validate()
{
    QString error;
    if (!ProfileStore::validate(m_profiles, &error)) {
        showMessage(true, error);
        return false;
    }
    for (qsizetype i = 0; i < m_profiles.size(); ++i) {
        const ConnectionProfile &profile = m_profiles.at(i);
        const QString source = profile.source.trimmed();
        if (!profile.isDemo() &&
            (source.isEmpty() || source == sqlitePrefix() ||
             source.compare(QLatin1String("https://"), Qt::CaseInsensitive) == 0 ||
             source.compare(QLatin1String("http://"), Qt::CaseInsensitive) == 0 ||
             source.compare(QLatin1String("postgresql://"), Qt::CaseInsensitive) == 0 ||
             source.compare(QLatin1String("postgres://"), Qt::CaseInsensitive) == 0)) {
            m_list->setCurrentRow(int(i));
            showMessage(true, tr("Say where \"%1\" is: a file, a postgresql:// URL or the "
                                 "API's https:// address.")
                                  .arg(profile.name));
            m_location->setFocus();
            return false;
        }
    }
    return true;
}

void ConnectionDialog::accept()
{
    storeForm();
    if (!validate())
        return;
    // A connection moved to another address keeps no secret of the old one
    // unless a new one was typed.
    for (const ConnectionProfile &profile : std::as_const(m_profiles)) {
        const auto saved = m_savedSource.constFind(profile.id);
        if (saved != m_savedSource.cend() && *saved != profile.source &&
            !m_typed.contains(profile.id) && !m_forget.contains(profile.id))
            m_forget << profile.id;
    }
    QDialog::accept();
}

void ConnectionDialog::testConnection()
{
    storeForm();
    const int row = currentRow();
    if (row < 0)
        return;
    const ConnectionProfile profile = m_profiles.at(row);
    const QByteArray typed = m_typed.value(profile.id).secret;
    // A saved secret belongs to the address it was saved with.
    const bool stored = m_secrets && m_secrets->isAvailable() && m_stored.value(profile.id, true) &&
                        m_savedSource.value(profile.id) == profile.source;
    // The API answers nothing without a token (a Postgres login may need no
    // password: .pgpass, trust or peer authentication).
    if (typed.isEmpty() && !stored && profile.secret() == ConnectionProfile::Secret::Token) {
        refuseTestWithoutToken();
        return;
    }
    m_test->setEnabled(false);
    showMessage(false, tr("Testing…"));
    if (typed.isEmpty() && profile.secret() != ConnectionProfile::Secret::None && stored) {
        m_testWaitsForSecret = profile.id;
        m_secrets->read(profile.id);
        return;
    }
    runTest(profile, typed);
}

void ConnectionDialog::refuseTestWithoutToken()
{
    m_test->setEnabled(true);
    showMessage(true, tr("Type the access token first: the API answers nothing without it."));
    m_secret->setFocus();
}

void ConnectionDialog::runTest(const ConnectionProfile &profile, const QByteArray &secret)
{
    if (m_testSource) {
        m_testSource->cancel(m_testRequest);
        m_testSource.release()->deleteLater();
    }
    QString error;
    m_testSource = m_builder ? m_builder(profile, secret, &error) : nullptr;
    if (!m_testSource) {
        finishTest(false, error);
        return;
    }
    HistorySource *source = m_testSource.get();
    const QString where = source->description();
    connect(source, &HistorySource::pageReady, this,
            [this, where](HistorySource::RequestId id, const PageResult &result) {
                if (id != m_testRequest)
                    return;
                if (result.entries.isEmpty()) {
                    finishTest(true, tr("Connected to %1. Its history is empty.").arg(where));
                    return;
                }
                const QDateTime newest =
                    QDateTime::fromMSecsSinceEpoch(result.entries.first().createdAt / 1000,
                                                   QTimeZone::utc())
                        .toLocalTime();
                finishTest(true, tr("Connected to %1. The newest entry is from %2.")
                                     .arg(where, QLocale().toString(newest, QLocale::ShortFormat)));
            });
    connect(source, &HistorySource::failed, this,
            [this](HistorySource::RequestId id, const SourceError &failure) {
                if (id == m_testRequest)
                    finishTest(false, failure.message);
            });
    PageRequest request;
    request.pageSize = 1;
    m_testRequest = source->requestPage(request);
}

void ConnectionDialog::finishTest(bool ok, const QString &text)
{
    m_testRequest = 0;
    if (m_testSource)
        m_testSource.release()->deleteLater();
    m_test->setEnabled(true);
    showMessage(!ok, ok ? text : tr("Cannot connect: %1").arg(text));
    emit testFinished(ok);
}
