#include "guilauncher.h"

#include "apppaths.h"
#include "commandline.h"
#include "demodatabase.h"
#include "exportoutbox.h"
#include "mainwindow.h"
#include "sourcefactory.h"

#include <QApplication>
#include <QGuiApplication>
#include <QPointer>
#include <QThread>

namespace GuiLauncher {
namespace {

void openSource(MainWindow *window, const CommandLine::CommonOptions &options,
                const QString &outboxError)
{
    QString error;
    auto source = SourceFactory::create(options.source, &error);
    if (!source) {
        window->showStartupError(error);
        return;
    }
    window->setSource(std::move(source), AppPaths::isDefaultDemo(options.source.source));
    QStringList warnings;
    if (options.source.insecure)
        warnings << QApplication::translate(
            "GuiLauncher", "TLS certificate checks are off (--insecure): anyone on the network "
                           "path can read and change what you see and send.");
    if (!outboxError.isEmpty())
        warnings << QApplication::translate("GuiLauncher",
                                            "%1 Exports still work, but a record that cannot be "
                                            "written is not kept for a later retry.")
                        .arg(outboxError);
    if (!warnings.isEmpty())
        window->showWarning(warnings.join(u' '));
}

} // namespace

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

    if (AppPaths::isDefaultDemo(options.source.source) && !DemoDatabase::exists()) {
        QPointer<MainWindow> target(&window);
        const QString preparing =
            QApplication::translate("GuiLauncher", "Preparing the demo database…");
        window.showPreparing(preparing, 0);
        auto result = std::make_shared<QString>();
        QThread *generator = QThread::create([target, preparing, result] {
            DemoDatabase::ensure(result.get(), [target, preparing](int percent) {
                QMetaObject::invokeMethod(
                    qApp,
                    [target, preparing, percent] {
                        if (target)
                            target->showPreparing(preparing, percent);
                    },
                    Qt::QueuedConnection);
            });
        });
        QObject::connect(generator, &QThread::finished, &window,
                         [&window, options, result, generator, outboxError] {
                             generator->deleteLater();
                             if (DemoDatabase::exists())
                                 openSource(&window, options, outboxError);
                             else
                                 window.showStartupError(
                                     QApplication::translate("GuiLauncher",
                                                             "Cannot create the demo database: %1")
                                         .arg(*result));
                         });
        generator->start();
        const int code = QApplication::exec();
        generator->wait();
        return code;
    }
    openSource(&window, options, outboxError);
    return QApplication::exec();
}

} // namespace GuiLauncher
