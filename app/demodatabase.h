#pragma once

#include <QString>

#include <functional>

// The default embedded database: generated with the default options on
// first use, into the data directory. Blocking; the window calls it from a
// worker thread, the command line directly.
namespace DemoDatabase {

bool exists();
bool ensure(QString *error, const std::function<void(int)> &progress = {});

} // namespace DemoDatabase
