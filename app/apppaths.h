#pragma once

#include <QString>

// Where the app keeps its files. Data: $XDG_DATA_HOME/seller-history
// (usually ~/.local/share/seller-history), holding demo.sqlite and, later,
// the export outbox. Settings: QSettings under the organisation and
// application name "seller-history" (~/.config/seller-history/).
namespace AppPaths {

void setApplicationIdentity();
QString dataDirectory();       // created on demand
QString defaultDemoDatabase(); // dataDirectory()/demo.sqlite
QString defaultSource();       // "sqlite:" + defaultDemoDatabase()
bool isDefaultDemo(const QString &source);
// The keychain service name the connection secrets are filed under.
QString keychainService();

} // namespace AppPaths
