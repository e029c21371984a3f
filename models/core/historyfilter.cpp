#include "historyfilter.h"

#include <QJsonArray>

HistoryFilter HistoryFilter::withoutActions() const
{
    HistoryFilter f = *this;
    f.actions = {};
    return f;
}

HistoryFilter HistoryFilter::countKey() const
{
    HistoryFilter f = *this;
    f.order = SortOrder::NewestFirst;
    return f;
}

QJsonObject HistoryFilter::toJson() const
{
    QJsonObject o;
    QJsonArray actionList;
    for (Action a : ActionInfo::list()) {
        if (actions.contains(a))
            actionList.append(ActionInfo::dbValue(a));
    }
    o.insert(QStringLiteral("actions"), actionList);
    o.insert(QStringLiteral("from"), from ? QJsonValue(Timestamp::toIsoUtc(*from)) : QJsonValue());
    o.insert(QStringLiteral("to"), to ? QJsonValue(Timestamp::toIsoUtc(*to)) : QJsonValue());
    o.insert(QStringLiteral("search"), search);
    o.insert(QStringLiteral("order"),
             order == SortOrder::NewestFirst ? QStringLiteral("newest") : QStringLiteral("oldest"));
    return o;
}

size_t qHash(const HistoryFilter &f, size_t seed) noexcept
{
    return qHashMulti(seed, f.actions.bits(), f.from.value_or(-1), f.from.has_value(),
                      f.to.value_or(-1), f.to.has_value(), f.search, int(f.order));
}
