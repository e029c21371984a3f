#include "guilauncher.h"

#include "commandline.h"
#include "connectionsession.h"
#include "exportoutbox.h"
#include "mainwindow.h"

#include <QApplication>
#include <QGuiApplication>
#include <QSettings>

namespace GuiLauncher {

int run(const QStringList &args)
{
    QCommandLineParser parser;
    CommandLine::addCommonOptions(parser);
    parser.addVersionOption();
    if (!parser.parse(args)) {
        CommandLine::printError(parser.errorText());
        return CommandLine::Usage;
    }
    CommandLine::CommonOptions options;
    QString error;
    if (!CommandLine::readCommonOptions(parser, &options, &error)) {
        CommandLine::printError(error);
        return CommandLine::Usage;
    }

    // Lets the desktop match the window to its menu entry (Wayland's app id).
    QGuiApplication::setDesktopFileName(QStringLiteral(SELLER_HISTORY_APP_ID));
    QString outboxError;
    MainWindow window(ExportOutbox::openDefault(&outboxError));
    if (parser.isSet(QStringLiteral("tz")))
        window.setDisplayZone(options.zone);
    window.show();

    QSettings settings;
    const bool sourceGiven =
        parser.isSet(QStringLiteral("source")) || parser.isSet(QStringLiteral("profile"));
    ConnectionSession session(&window, &settings, options, sourceGiven, outboxError);
    session.start();
    return QApplication::exec();
}

} // namespace GuiLauncher
