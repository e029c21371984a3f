#include "profilestore.h"

#include <QCoreApplication>
#include <QSet>
#include <QSettings>
#include <QUuid>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ProfileStore", text);
}

const QString Group = QStringLiteral("connections");
const QString Profiles = QStringLiteral("profiles");
const QString LastUsed = QStringLiteral("lastUsed");

bool isUuidOrEmpty(const QString &value)
{
    return value.isEmpty() || !QUuid::fromString(value).isNull();
}

} // namespace

ProfileStore::ProfileStore(QSettings *settings)
    : m_settings(settings)
{}

QList<ConnectionProfile> ProfileStore::profiles() const
{
    QList<ConnectionProfile> result{ConnectionProfile::demo()};
    m_settings->beginGroup(Group);
    const int count = m_settings->beginReadArray(Profiles);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        ConnectionProfile profile;
        profile.id = m_settings->value(QStringLiteral("id")).toString();
        profile.name = m_settings->value(QStringLiteral("name")).toString();
        profile.source = m_settings->value(QStringLiteral("source")).toString();
        profile.orgId = m_settings->value(QStringLiteral("org")).toString();
        profile.actorId = m_settings->value(QStringLiteral("actor")).toString();
        // A hand-edited file may hold anything: an entry without id or name
        // cannot be addressed, and a second demo would shadow the real one.
        if (profile.id.isEmpty() || profile.name.isEmpty() || profile.isDemo())
            continue;
        ConnectionProfile::takePassword(&profile.source);
        result << profile;
    }
    m_settings->endArray();
    m_settings->endGroup();
    return result;
}

std::optional<ConnectionProfile> ProfileStore::find(const QString &idOrName) const
{
    const QList<ConnectionProfile> all = profiles();
    for (const ConnectionProfile &profile : all) {
        if (profile.id == idOrName)
            return profile;
    }
    for (const ConnectionProfile &profile : all) {
        if (profile.name.trimmed().compare(idOrName.trimmed(), Qt::CaseInsensitive) == 0)
            return profile;
    }
    return std::nullopt;
}

bool ProfileStore::save(const QList<ConnectionProfile> &profiles, QString *error)
{
    if (!validate(profiles, error))
        return false;
    m_settings->beginGroup(Group);
    m_settings->remove(Profiles);
    m_settings->beginWriteArray(Profiles);
    int index = 0;
    for (ConnectionProfile profile : profiles) {
        if (profile.isDemo())
            continue;
        ConnectionProfile::takePassword(&profile.source);
        m_settings->setArrayIndex(index++);
        m_settings->setValue(QStringLiteral("id"), profile.id);
        m_settings->setValue(QStringLiteral("name"), profile.name.trimmed());
        m_settings->setValue(QStringLiteral("source"), profile.source);
        m_settings->setValue(QStringLiteral("org"), profile.orgId);
        m_settings->setValue(QStringLiteral("actor"), profile.actorId);
    }
    m_settings->endArray();
    m_settings->endGroup();
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError) {
        if (error)
            *error = tr("Cannot save the connections to %1.").arg(m_settings->fileName());
        return false;
    }
    return true;
}

QString ProfileStore::lastUsedId() const
{
    return m_settings->value(Group + u'/' + LastUsed).toString();
}

void ProfileStore::setLastUsedId(const QString &id)
{
    m_settings->setValue(Group + u'/' + LastUsed, id);
}

bool ProfileStore::validate(const QList<ConnectionProfile> &profiles, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QSet<QString> names;
    QSet<QString> ids;
    for (const ConnectionProfile &profile : profiles) {
        const QString name = profile.name.trimmed();
        if (name.isEmpty())
            return fail(tr("Every connection needs a name."));
        if (names.contains(name.toCaseFolded()))
            return fail(tr("There are two connections named \"%1\".").arg(name));
        names.insert(name.toCaseFolded());
        if (profile.id.isEmpty() || ids.contains(profile.id))
            return fail(tr("The connection \"%1\" has no id of its own.").arg(name));
        ids.insert(profile.id);
        if (!isUuidOrEmpty(profile.orgId))
            return fail(tr("The org of \"%1\" is not a UUID: \"%2\".").arg(name, profile.orgId));
        if (!isUuidOrEmpty(profile.actorId))
            return fail(
                tr("The actor of \"%1\" is not a UUID: \"%2\".").arg(name, profile.actorId));
    }
    return true;
}
