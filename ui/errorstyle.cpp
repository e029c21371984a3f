#include "errorstyle.h"

#include <QPalette>

namespace ErrorStyle {

QString label(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    return QStringLiteral("QLabel { color: %1; font-weight: bold; }")
        .arg(dark ? QStringLiteral("#ff8a80") : QStringLiteral("#b3261e"));
}

} // namespace ErrorStyle
