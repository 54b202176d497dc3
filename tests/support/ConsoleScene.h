#pragma once
// The console as an administrator sees it on a working day, for tests that look at every page and for
// the screenshot driver: the sandbox with an Asgardeo key manager and Entra v1 and v2 key managers set up
// the console's way, profiles for all three systems, and a main window connected to API Manager.

#include "support/SandboxFixture.h"

#include <QString>

#include <memory>

namespace km {
class ApimClient;
class MainWindow;
class ServiceContext;
}

namespace km::test {

class ConsoleScene
{
public:
    ConsoleScene();
    ~ConsoleScene();

    // Starts the sandbox, sets the key managers up and opens a connected window; false with `error` set.
    bool start(QString *error);

    SandboxFixture &sandbox() { return m_sandbox; }
    ServiceContext *context() const { return m_context.get(); }
    MainWindow *window() const { return m_window.get(); }
    ApimClient *apim() const { return m_apim; }

    // A real client-credentials token of the sandbox's Asgardeo organization.
    QString asgardeoToken() const;
    // A real Entra client-credentials token of version 1 or 2 (the resource application decides).
    QString entraToken(int version) const;

    static QString apimProfileName() { return QStringLiteral("sandbox"); }

private:
    SandboxFixture m_sandbox;
    std::unique_ptr<ServiceContext> m_context;
    std::unique_ptr<MainWindow> m_window;
    ApimClient *m_apim = nullptr;
    QString m_v1Resource;
    QString m_v2Resource;
};

} // namespace km::test
