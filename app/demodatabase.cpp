#include "demodatabase.h"

#include "apppaths.h"
#include "demodatagenerator.h"

#include <QFileInfo>

namespace DemoDatabase {

bool exists()
{
    return QFileInfo::exists(AppPaths::defaultDemoDatabase());
}

bool ensure(QString *error, const std::function<void(int)> &progress)
{
    if (exists())
        return true;
    return DemoDataGenerator::write(AppPaths::defaultDemoDatabase(), DemoDataOptions{}, error,
                                    progress)
        .has_value();
}

} // namespace DemoDatabase
