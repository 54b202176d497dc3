#pragma once
// Where the GUI keeps its window layout: beside profiles.json, so KMCONSOLE_CONFIG_DIR (tests,
// --sandbox) keeps a throw-away run from touching the user's own settings. Never holds secrets.

#include <QSettings>

#include <memory>

namespace km {

std::unique_ptr<QSettings> consoleSettings();

} // namespace km
