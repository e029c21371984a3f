#include "actionstyle.h"

namespace ActionStyle {

QIcon icon(Action action)
{
    switch (action) {
    case Action::Add:
        return QIcon(QStringLiteral(":/icons/action-add.svg"));
    case Action::Edit:
        return QIcon(QStringLiteral(":/icons/action-edit.svg"));
    case Action::Remove:
        return QIcon(QStringLiteral(":/icons/action-remove.svg"));
    case Action::Export:
        return QIcon(QStringLiteral(":/icons/action-export.svg"));
    case Action::Flag:
        return QIcon(QStringLiteral(":/icons/action-flag.svg"));
    }
    return {};
}

QColor color(Action action)
{
    // Mid-tone colours that stay readable on light and dark palettes.
    switch (action) {
    case Action::Add:
        return QColor(0x2e, 0x9d, 0x4f);
    case Action::Edit:
        return QColor(0x3b, 0x7d, 0xdd);
    case Action::Remove:
        return QColor(0xd6, 0x45, 0x45);
    case Action::Export:
        return QColor(0x9a, 0x5f, 0xd6);
    case Action::Flag:
        return QColor(0xd9, 0x82, 0x2b);
    }
    return {};
}

} // namespace ActionStyle
