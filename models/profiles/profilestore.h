#pragma once

#include "connectionprofile.h"

#include <QList>
#include <QString>

#include <optional>

class QSettings;

// The saved connection profiles and which one was used last, in QSettings
// (group "connections"). Holds no secrets and refuses to store one: a
// password left in a postgresql:// URL is dropped before saving (the caller
// takes it out first with ConnectionProfile::takePassword to keep it).
// The built-in demo profile is always listed first and never written.
class ProfileStore
{
public:
    // settings: not owned; must outlive the store.
    explicit ProfileStore(QSettings *settings);

    QList<ConnectionProfile> profiles() const; // the demo profile first
    std::optional<ConnectionProfile> find(const QString &idOrName) const;

    // Replaces every saved profile (the demo profile in the list is skipped).
    // False with one sentence when a profile is not valid; nothing is
    // written then.
    bool save(const QList<ConnectionProfile> &profiles, QString *error);

    QString lastUsedId() const;
    void setLastUsedId(const QString &id);

    // Names present and unique, org and actor empty or UUIDs. The source
    // itself is checked by whoever builds it.
    static bool validate(const QList<ConnectionProfile> &profiles, QString *error);

private:
    QSettings *m_settings;
};
