#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

// A saved way to open a source (product.md §1): a name the user chose, the
// source string the command line would take, the org and the actor. Never
// holds a secret: a Postgres password or REST token lives in the keychain
// (SecretStore) under the profile's id, or is asked for each time.
struct ConnectionProfile
{
    enum class Kind : quint8
    {
        Demo,     // the generated demo database (source empty)
        Sqlite,   // sqlite:PATH
        Postgres, // postgresql://...
        Rest,     // http(s)://...
    };
    enum class Secret : quint8
    {
        None,
        Password, // Postgres
        Token,    // REST bearer token
    };

    // The built-in profile that opens the demo database; always listed first,
    // never saved, renamed or removed.
    static constexpr const char *DemoId = "demo";

    QString id; // stable and unique; the keychain key; never shown
    QString name;
    QString source; // as --source takes it; empty: the demo database
    QString orgId;  // empty: the upstream org
    QString actorId;

    static ConnectionProfile demo();
    static ConnectionProfile create(const QString &name, const QString &source);
    // From the source string alone; an unknown scheme counts as SQLite so the
    // source factory can say what is wrong with it.
    static Kind kindOf(const QString &source);

    Kind kind() const { return kindOf(source); }
    Secret secret() const;
    bool isDemo() const { return id == QLatin1String(DemoId); }

    // A password in a URL's user info (postgresql://u:PW@…, and any other
    // scheme) is taken out of *source, so it is never saved with the
    // profile, and returned; empty when none.
    static QString takePassword(QString *source);

    bool operator==(const ConnectionProfile &) const = default;
};

Q_DECLARE_METATYPE(ConnectionProfile)
