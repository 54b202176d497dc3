#pragma once
// The one-line meaning of every token claim and header parameter the console knows, read from
// resources/claims/claims.json (compiled in as :/kmconsole/claims/claims.json): data, not code.

#include <QHash>
#include <QString>

namespace km {

class ClaimCatalogue
{
public:
    enum class Part { Header, Payload };

    // Empty when the name is not a known one.
    static QString description(Part part, const QString &name);
    // Every known name of a part, for tests and the claims table.
    static QStringList names(Part part);

private:
    static const QHash<QString, QString> &table(Part part);
};

} // namespace km
