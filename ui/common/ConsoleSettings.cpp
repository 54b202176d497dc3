#include "ui/common/ConsoleSettings.h"

#include <QDir>
#include <QStandardPaths>

namespace km {

std::unique_ptr<QSettings> consoleSettings()
{
    QString dir = qEnvironmentVariable("KMCONSOLE_CONFIG_DIR");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    return std::make_unique<QSettings>(QDir(dir).filePath(QStringLiteral("window.ini")), QSettings::IniFormat);
}

} // namespace km
