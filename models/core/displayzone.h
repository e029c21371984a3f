#pragma once

#include <QString>
#include <QTimeZone>

#include <optional>

// The zone times are shown in: the system's ("local"), UTC, or any IANA zone.
// Kept as the name the user chose so that "local" follows the machine.
class DisplayZone
{
public:
    DisplayZone() = default; // local
    static std::optional<DisplayZone> parse(const QString &name, QString *error);
    static DisplayZone utc();

    QString name() const { return m_name; } // "local", "UTC" or the IANA id
    QTimeZone zone() const;
    // For the status bar: "Europe/Berlin (UTC+01:00)" or "Local: Europe/Berlin".
    QString label() const;

    friend bool operator==(const DisplayZone &, const DisplayZone &) = default;

private:
    QString m_name = QStringLiteral("local");
};
