#pragma once
// A key manager as a person reads it, grouped like API Manager's Admin Portal: General, Endpoints,
// Certificates, the connector's own configuration under the labels its /settings gives ("Microsoft Graph
// API Endpoint Version", not "v1.0"), Claims, Grant types, Permissions and Advanced. Secrets never appear:
// a masked value reads "kept by API Manager". The Key Managers page shows these sections.

#include "services/apim/ConnectorSettings.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace km {

struct DetailRow
{
    QString label;
    QString value;
    QString key;        // the wire name (tooltip, tests)
    bool isUrl = false; // shown elided in the middle
};

struct DetailSection
{
    QString title;
    QList<DetailRow> rows;
};

class KeyManagerDetails
{
    Q_DECLARE_TR_FUNCTIONS(km::KeyManagerDetails)
public:
    // `keyManager` is a GET answer (or a list entry while the details load); `connector` its type's
    // description from /settings, or null when /settings could not be read (then the wire names show).
    static QList<DetailSection> sections(const QJsonObject &keyManager, const ConnectorType *connector);
    // The label of an endpoint's storage name ("token_endpoint" → "Token Endpoint").
    static QString endpointLabel(const QString &name);
};

} // namespace km
