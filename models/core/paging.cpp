#include "paging.h"

PageCursor PageResult::firstCursor() const
{
    return entries.isEmpty() ? PageCursor{}
                             : PageCursor{entries.first().createdAt, entries.first().id};
}

PageCursor PageResult::lastCursor() const
{
    return entries.isEmpty() ? PageCursor{}
                             : PageCursor{entries.last().createdAt, entries.last().id};
}

qint64 CountResult::totalFor(Actions actions) const
{
    qint64 sum = 0;
    for (Action a : ActionInfo::list()) {
        if (actions.isEmpty() || actions.contains(a))
            sum += perAction[size_t(a)];
    }
    return sum;
}
