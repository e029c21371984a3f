#include "action.h"

#include <QCoreApplication>

namespace ActionInfo {

const QList<Action> &list()
{
    static const QList<Action> all{Action::Add, Action::Edit, Action::Remove, Action::Export,
                                   Action::Flag};
    return all;
}

QString dbValue(Action a)
{
    switch (a) {
    case Action::Add:
        return QStringLiteral("add");
    case Action::Edit:
        return QStringLiteral("edit");
    case Action::Remove:
        return QStringLiteral("remove");
    case Action::Export:
        return QStringLiteral("export");
    case Action::Flag:
        return QStringLiteral("flag");
    }
    return {};
}

std::optional<Action> fromDbValue(QStringView value)
{
    for (Action a : list()) {
        if (value == dbValue(a))
            return a;
    }
    return std::nullopt;
}

QString label(Action a)
{
    switch (a) {
    case Action::Add:
        return QCoreApplication::translate("Action", "Added");
    case Action::Edit:
        return QCoreApplication::translate("Action", "Edited");
    case Action::Remove:
        return QCoreApplication::translate("Action", "Removed");
    case Action::Export:
        return QCoreApplication::translate("Action", "Exported");
    case Action::Flag:
        return QCoreApplication::translate("Action", "Flagged");
    }
    return {};
}

std::optional<Actions> parseList(QStringView text, QString *error)
{
    static const char *const chipWords[] = {"added", "edited", "removed", "exported", "flagged"};
    Actions result;
    for (QStringView word : text.split(u',', Qt::SkipEmptyParts)) {
        word = word.trimmed();
        if (word.isEmpty())
            continue;
        const QString lower = word.toString().toLower();
        std::optional<Action> found = fromDbValue(lower);
        for (int i = 0; !found && i < ActionCount; ++i) {
            if (lower == QLatin1String(chipWords[i]))
                found = Action(i);
        }
        if (!found) {
            if (error) {
                *error =
                    QCoreApplication::translate(
                        "Action", "Unknown action \"%1\"; use add, edit, remove, export or flag.")
                        .arg(word.toString());
            }
            return std::nullopt;
        }
        result |= *found;
    }
    return result;
}

QString toList(Actions actions)
{
    QStringList words;
    for (Action a : list()) {
        if (actions.contains(a))
            words << dbValue(a);
    }
    return words.join(u',');
}

} // namespace ActionInfo
