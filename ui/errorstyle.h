#pragma once

#include <QString>

class QPalette;

// The style sheet of an inline error label: a red that reads (4.5:1) on the
// window, light or dark.
namespace ErrorStyle {

QString label(const QPalette &palette);

} // namespace ErrorStyle
