#pragma once

#include <QStringList>

// `seller-history demo-db PATH [--events N] [--sellers N] [--seed N] [--end T]`:
// writes a generated SQLite database (same seed and end: the same file).
namespace DemoDbCommand {

int run(const QStringList &args);

} // namespace DemoDbCommand
