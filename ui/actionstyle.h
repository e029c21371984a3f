#pragma once

#include "action.h"

#include <QColor>
#include <QIcon>

// How each audit action looks: one icon and one colour, used by the table,
// the details pane and (later) the filter chips and timeline.
namespace ActionStyle {

QIcon icon(Action action);
QColor color(Action action);

} // namespace ActionStyle
