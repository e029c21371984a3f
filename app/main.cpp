#include "apppaths.h"
#include "commandline.h"
#include "guilauncher.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char *argv[])
{
    AppPaths::setApplicationIdentity();
    QStringList args;
    args.reserve(argc);
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    // A command runs without a display; only the window needs QApplication.
    if (!CommandLine::commandIn(args).isEmpty()) {
        QCoreApplication app(argc, argv);
        return CommandLine::run(QCoreApplication::arguments());
    }
    QApplication app(argc, argv);
    app.setWindowIcon(QIcon(QStringLiteral(":/icons/seller-history.svg")));
    return GuiLauncher::run(QCoreApplication::arguments());
}
