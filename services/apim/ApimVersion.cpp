#include "services/apim/ApimVersion.h"
#include "services/core/ConstRange.h"

#include "services/apim/ApimClient.h"
#include "services/core/Job.h"
#include "services/core/Tasks.h"
#include "services/http/HttpRequest.h"
#include "services/profiles/ProfileStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

namespace km {

namespace {
const QLatin1StringView kMcpViewScope{"apim:mcp_server_view"};
} // namespace

ApimVersion::ApimVersion(int majorNumber, int minorNumber, int patchNumber)
    : m_major(majorNumber)
    , m_minor(minorNumber)
    , m_patch(patchNumber)
    , m_text(QStringLiteral("%1.%2.%3").arg(majorNumber).arg(minorNumber).arg(patchNumber))
{
}

ApimVersion ApimVersion::parse(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^[vV]?(\\d{1,3})\\.(\\d{1,3})(?:\\.(\\d{1,3}))?(?:[.+-][0-9A-Za-z.+-]*)?$"));
    ApimVersion v;
    v.m_text = text.trimmed();
    const QRegularExpressionMatch m = form.match(v.m_text);
    if (!m.hasMatch())
        return v;
    const int first = m.captured(1).toInt();
    if (first == 0)
        return v;
    v.m_major = first;
    v.m_minor = m.captured(2).toInt();
    v.m_patch = m.captured(3).isEmpty() ? 0 : m.captured(3).toInt();
    return v;
}

QString ApimVersion::toString() const
{
    return isValid() ? QStringLiteral("%1.%2.%3").arg(m_major).arg(m_minor).arg(m_patch) : m_text;
}

QString ApimVersion::problem() const
{
    if (!isValid()) {
        if (m_text.isEmpty())
            return tr("No API Manager version was given.");
        return tr("“%1” is not an API Manager version (a release reads like 4.6.0).").arg(m_text);
    }
    if (m_major < 4)
        return tr("API Manager %1 is older than 4.0: the console works with the 4.x REST APIs (Admin v4, Publisher v4) only.")
            .arg(toString());
    if (m_major > 4 || m_minor > NewestKnownMinor)
        return tr("API Manager %1 is newer than the releases the console knows (up to 4.%2): it assumes what 4.%2 offers, "
                  "and goes by what the server shows of itself.")
            .arg(toString())
            .arg(NewestKnownMinor);
    return QString();
}

int ApimVersion::compare(const ApimVersion &o) const
{
    if (isValid() != o.isValid())
        return isValid() ? 1 : -1;
    const int a[] = {m_major, m_minor, m_patch};
    const int b[] = {o.m_major, o.m_minor, o.m_patch};
    for (int i = 0; i < 3; ++i) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    }
    return 0;
}

ApimServerInfo::Mcp ApimServerInfo::mcpFromSettings(const QJsonObject &settings)
{
    const QJsonValue scopes = settings.value(QLatin1String("scopes"));
    if (!scopes.isArray())
        return Mcp::Unknown;
    for (const QJsonValue &s : km::constTemporary(scopes.toArray())) {
        if (s.toString() == kMcpViewScope)
            return Mcp::Present;
    }
    return Mcp::Absent;
}

Job *ApimServerInfo::detect(ApimClient *apim, const ApimVersion &declared, QObject *parent)
{
    ApimServerInfo info;
    info.declared = declared;
    if (!apim)
        return tasks::done(info.toJson(), parent);
    auto *job = new FunctionJob(parent);
    HttpRequest req = HttpRequest::get(QUrl(QString(ApimClient::PublisherBase) + QStringLiteral("/settings")));
    req.purpose = ApimVersion::tr("Read the Publisher settings (which features the server has)");
    job->whenDone(apim->call(req), [job, info](const ApiError &error, const QJsonValue &settings) mutable {
        if (error.isError()) {
            info.unknownBecause = tr("the Publisher settings could not be read: %1").arg(error.toUserText());
        } else {
            info.mcp = mcpFromSettings(settings.toObject());
            if (info.mcp == Mcp::Unknown)
                info.unknownBecause = tr("the Publisher settings list no scopes");
        }
        job->succeed(info.toJson());
    });
    return job;
}

bool ApimServerInfo::keepInProfile(ProfileStore *profiles, const QString &profileName, QJsonObject detected, ApiError *error)
{
    auto profile = profiles->apimProfile(profileName);
    if (!profile || fromJson(detected).mcp == Mcp::Unknown)
        return true; // an open question is not worth keeping
    detected.remove(QStringLiteral("summary")); // said again from the profile's declared version when listed
    detected.remove(QStringLiteral("declaredVersion"));
    QJsonObject before = profile->server;
    before.remove(QStringLiteral("checkedAt"));
    if (before == detected)
        return true; // nothing new: the profile file is left alone
    detected.insert(QStringLiteral("checkedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    profile->server = detected;
    profiles->upsertApim(*profile);
    return profiles->save(error);
}

bool ApimServerInfo::expectsMcpServers() const
{
    if (mcp != Mcp::Unknown)
        return mcp == Mcp::Present;
    if (declared.isValid())
        return declared.hasMcpServers();
    return true;
}

QString ApimServerInfo::summary() const
{
    const bool known = declared.isValid() && declared.problem().isEmpty();
    QString version;
    if (known)
        version = tr("API Manager %1 (declared)").arg(declared.toString());
    else if (mcp == Mcp::Present)
        version = tr("API Manager 4.%1 or later").arg(ApimVersion::McpServersMinor);
    else if (mcp == Mcp::Absent)
        version = tr("API Manager 4.x before 4.%1").arg(ApimVersion::McpServersMinor);
    else
        version = tr("API Manager version unknown");
    QString out = version;
    switch (mcp) {
    case Mcp::Present: out += tr("; its Publisher has MCP servers"); break;
    case Mcp::Absent: out += tr("; no MCP servers (they came with 4.%1)").arg(ApimVersion::McpServersMinor); break;
    case Mcp::Unknown:
        if (!unknownBecause.isEmpty())
            out += tr("; whether it has MCP servers is unknown: %1").arg(unknownBecause);
        break;
    }
    if (!declared.text().isEmpty() && !declared.problem().isEmpty())
        out += QLatin1Char(' ') + declared.problem();
    const QString disagree = conflict();
    if (!disagree.isEmpty())
        out += QLatin1Char(' ') + disagree;
    return out;
}

QString ApimServerInfo::conflict() const
{
    if (!declared.isValid() || !declared.problem().isEmpty() || mcp == Mcp::Unknown)
        return QString();
    if (declared.hasMcpServers() && mcp == Mcp::Absent)
        return tr("The profile says %1, but the server's Publisher has no MCP servers, as before 4.%2: the console goes by the server; "
                  "correct the profile's version.")
            .arg(declared.toString())
            .arg(ApimVersion::McpServersMinor);
    if (!declared.hasMcpServers() && mcp == Mcp::Present)
        return tr("The profile says %1, but the server's Publisher has MCP servers, as from 4.%2 on: the console goes by the server; "
                  "correct the profile's version.")
            .arg(declared.toString())
            .arg(ApimVersion::McpServersMinor);
    return QString();
}

QJsonObject ApimServerInfo::toJson() const
{
    const char *mcpText = mcp == Mcp::Present ? "present" : mcp == Mcp::Absent ? "absent" : "unknown";
    QJsonObject out{{QStringLiteral("declaredVersion"), declared.text().isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(declared.text())},
                    {QStringLiteral("mcpServers"), QLatin1String(mcpText)},
                    {QStringLiteral("summary"), summary()}};
    if (!unknownBecause.isEmpty())
        out.insert(QStringLiteral("unknownBecause"), unknownBecause);
    return out;
}

ApimServerInfo ApimServerInfo::fromJson(const QJsonObject &json)
{
    ApimServerInfo info;
    info.declared = ApimVersion::parse(json.value(QLatin1String("declaredVersion")).toString());
    const QString mcp = json.value(QLatin1String("mcpServers")).toString();
    info.mcp = mcp == QLatin1String("present") ? Mcp::Present : mcp == QLatin1String("absent") ? Mcp::Absent : Mcp::Unknown;
    info.unknownBecause = json.value(QLatin1String("unknownBecause")).toString();
    return info;
}

} // namespace km
