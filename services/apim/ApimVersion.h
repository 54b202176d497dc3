#pragma once
// Which WSO2 API Manager the console talks to, and what that version offers.
//
// No REST API of API Manager 4.x returns the product version (docs/fidelity.md, "API Manager version"), so
// the console knows it two ways: the version the administrator declares in the profile
// (`profile add apim … --apim-version 4.6.0`), and what the server shows of itself: the Publisher's
// GET /settings lists the scopes of the server's own Publisher API, and `apim:mcp_server_view` is in that list
// from 4.6 on, when MCP servers came. What the server shows wins over what was declared.

#include "services/core/ApiError.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

class QObject;

namespace km {

class ApimClient;
class Job;
class ProfileStore;

class ApimVersion
{
    Q_DECLARE_TR_FUNCTIONS(km::ApimVersion)
public:
    // The newest release whose behaviour the console knows.
    static constexpr int NewestKnownMinor = 7;
    // MCP servers in the Publisher: new in API Manager 4.6.0 ("About this release", 4.6.0).
    static constexpr int McpServersMinor = 6;

    ApimVersion() = default;
    ApimVersion(int majorNumber, int minorNumber, int patchNumber = 0);

    // "4.6.0", "4.6", "v4.6.0", "4.6.0-wum" and "4.6.0.1" are read; anything else is not a version
    // (isValid() false, problem() says what to type). A valid 3.x or a 4.x newer than the console knows is
    // read too, and problem() says what the console does with it.
    static ApimVersion parse(const QString &text);

    bool isValid() const { return m_major > 0; }
    int majorNumber() const { return m_major; }
    int minorNumber() const { return m_minor; }
    int patchNumber() const { return m_patch; }
    // What was typed, as typed (trimmed).
    QString text() const { return m_text; }
    // "4.6.0".
    QString toString() const;
    // Empty for a 4.x release the console knows; otherwise what is wrong and what the console does.
    QString problem() const;

    // -1, 0, 1; an invalid version sorts before every valid one.
    int compare(const ApimVersion &other) const;
    bool operator<(const ApimVersion &o) const { return compare(o) < 0; }
    bool operator==(const ApimVersion &o) const { return compare(o) == 0; }
    bool atLeast(int majorNumber, int minorNumber) const { return compare(ApimVersion(majorNumber, minorNumber)) >= 0; }

    // Whether a server of this version has MCP servers in its Publisher.
    bool hasMcpServers() const { return atLeast(4, McpServersMinor); }

private:
    int m_major = 0;
    int m_minor = 0;
    int m_patch = 0;
    QString m_text;
};

// What the console knows of a server: its declared version and what its Publisher shows.
class ApimServerInfo
{
    Q_DECLARE_TR_FUNCTIONS(km::ApimServerInfo)
public:
    enum class Mcp { Unknown, Present, Absent };

    ApimVersion declared;
    Mcp mcp = Mcp::Unknown;
    // Why `mcp` is Unknown (e.g. the settings could not be read).
    QString unknownBecause;

    // GET /api/am/publisher/v4/settings and reads its `scopes`. Never fails: a settings call that fails
    // leaves `mcp` Unknown with the reason. Result: toJson().
    static Job *detect(ApimClient *apim, const ApimVersion &declared, QObject *parent = nullptr);
    // Records what detect() found (its result) in the API Manager profile, for `profile list`; the profile
    // file is written only when that changed and the MCP question was answered. False (with `error`) when
    // the file could not be saved.
    static bool keepInProfile(ProfileStore *profiles, const QString &profileName, QJsonObject detected, ApiError *error);
    // From the Publisher settings' `scopes`.
    static Mcp mcpFromSettings(const QJsonObject &settings);

    // Whether the console should read MCP servers: what the server shows, else the declared version,
    // else yes (a 404 is then explained).
    bool expectsMcpServers() const;
    // One line for the status bar and `profile list`, e.g. "API Manager 4.6 or later (its Publisher has MCP
    // servers)", "API Manager 4.2.0 (declared); no MCP servers (they came with 4.6)".
    QString summary() const;
    // Declared and shown disagree (e.g. 4.6.0 declared, no MCP servers shown): what to believe; else empty.
    QString conflict() const;

    QJsonObject toJson() const;
    static ApimServerInfo fromJson(const QJsonObject &json);
};

} // namespace km
