#pragma once

#include <QStringList>

// Opens the window: reads the common options, makes the demo database in the
// background when it is missing (the window shows progress meanwhile), then
// builds the source and hands it to the window. Returns the exit code.
namespace GuiLauncher {

int run(const QStringList &args);

} // namespace GuiLauncher
