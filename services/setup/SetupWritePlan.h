#pragma once
// What a setup is about to write to API Manager, key manager by key manager (create, update, nothing), and
// the words of the button that writes it: "Create 2 key managers", "Update AzureAD-v2". The setup and
// import wizards' Review pages and the CLI's dry runs say it the same way.

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace km {

struct KeyManagerWrite
{
    enum class Action { Create, Update, Unchanged };

    QString name;
    Action action = Action::Create;
    int changedFields = 0;   // update: how many fields differ
};

class SetupWritePlan
{
    Q_DECLARE_TR_FUNCTIONS(km::SetupWritePlan)
public:
    // Create when nothing exists under the name, update when `changedFields` > 0, else unchanged.
    static KeyManagerWrite write(const QString &name, bool exists, int changedFields);

    // The label of the button that writes: "Create AzureAD", "Create 2 key managers", "Update AzureAD-v2",
    // "Create AzureAD-v1 and update AzureAD-v2"; "Check and finish" when every key manager already matches.
    static QString commitText(const QList<KeyManagerWrite> &writes);

    // One sentence for the Review page: "AzureAD-v1 will be created; AzureAD-v2 will be updated (3 fields)."
    static QString summary(const QList<KeyManagerWrite> &writes);
};

} // namespace km
