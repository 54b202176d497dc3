#pragma once
// Desired state against one API Manager: what a file of key managers would change there (plan: create,
// update field by field, unchanged, only on the server), and doing it in the fewest requests (apply: one
// POST or PUT per change, stopping at the first failure with what was done). Shared by
// `kmconsole-cli plan|apply|key-managers diff` and the console's Import. The comparison is
// KeyManagerCompare's: only what the console owns, "*****" being a secret the server keeps.

#include "services/apim/KeyManagerConfig.h"
#include "services/core/Job.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

namespace km {

class ApimClient;
class SecretStore;
class ServiceContext;
class SetupRunner;

struct KeyManagerChange
{
    enum class Action { Create, Update, Unchanged, OnlyOnServer };

    Action action = Action::Unchanged;
    QString name;
    QString type;
    QString id;                        // on the server: update, unchanged, only on the server
    KeyManagerComparison comparison;   // update: what differs
    // The POST (create) or PUT (update) body. Holds the secrets resolved from the keychain: never printed.
    QJsonObject payload;

    // One differing field as the plan shows it. A secret carries no value, only that it changes.
    struct Field
    {
        QString field;    // its path in wire names ("additionalProperties.client_secret")
        bool secret = false;
        QJsonValue from;  // what the server has (null when it has none); for an environment comparison, the other one
        QJsonValue to;    // what the plan sends; for an environment comparison, the first one

        // {"field", "from", "to"}, or {"field", "secret": true}.
        QJsonObject toJson() const;
    };

    static QString actionName(Action action);   // "create", "update", "unchanged", "only-on-server"
    QList<Field> fields() const;
    QJsonArray fieldsJson() const;
};

// The plan of KeyManagerPlan::plan: its result is KeyManagerPlan::toJson of changes().
class PlanJob : public FunctionJob
{
    Q_OBJECT
public:
    using FunctionJob::FunctionJob;
    const QList<KeyManagerChange> &changes() const { return m_changes; }
    void setChanges(const QList<KeyManagerChange> &changes) { m_changes = changes; }
    // Finishes with the outcome of the plan `inner` (tracked: cancelling this cancels it) and its changes: all
    // of them, or only those `keep` accepts (the result is then KeyManagerPlan::toJson of those).
    void followPlan(PlanJob *inner, const std::function<bool(const KeyManagerChange &)> &keep = {});

private:
    QList<KeyManagerChange> m_changes;
};

class KeyManagerPlan
{
    Q_DECLARE_TR_FUNCTIONS(km::KeyManagerPlan)
public:
    // Reads API Manager's /settings, its key-manager list and each key manager of `wanted` it already has
    // (nothing else), then compares. Fails, changing nothing, when a type has no connector installed there
    // (naming it and those installed) or a connector value has the wrong type for its field. With a
    // `ledger`, a secret that differs from the one last pushed is a change (see KeyManagerSteps).
    static PlanJob *plan(ApimClient *apim, const QList<QJsonObject> &wanted, QObject *parent, SecretStore *ledger = nullptr);

    // The plan of a file (`document`, checked by KeyManagerExport::read): its secrets taken from this
    // computer's keychain first (KeyManagerExport::resolveSecrets: only for the hosts they were stored for,
    // every missing one named), then plan().
    static PlanJob *planDocument(ServiceContext *context, ApimClient *apim, const QJsonObject &document, bool allowElsewhere,
                                 QObject *parent);

    // Compare environments: the key managers of the API Manager of `source` (read as an export reads them,
    // secrets left out) planned against API Manager profile `against`.
    static PlanJob *compareEnvironments(ServiceContext *context, ApimClient *source, const QString &against, QObject *parent);
    // The same between two saved API Manager profiles (the console's Compare environments): opens `profile`,
    // then compareEnvironments against `against`. Fails, reading nothing, when both name the same profile.
    static PlanJob *compareProfiles(ServiceContext *context, const QString &profile, const QString &against, QObject *parent);
    // compareEnvironments' changes as two environments side by side: {"profile", "against", "differ",
    // "keyManagers": [{"keyManager", "type", "status": "same|differs|only-in-profile|only-in-against",
    // "fields": [{"field", <profile>: value, <against>: value} | {"field", "secret": true}]}]}.
    static QJsonObject differenceJson(const QList<KeyManagerChange> &changes, const QString &profile, const QString &against);
    // A change of compareEnvironments as the status between the two: "only-in-profile" (create),
    // "only-in-against" (only on the server), "differs" (update; its fields: "to" is the profile's value,
    // "from" the other's), "same".
    static QString differenceStatus(KeyManagerChange::Action action);

    // A field's value as a person reads it: text as it is, "(not set)", true/false, numbers, compact JSON.
    static QString valueText(const QJsonValue &value);

    // {"changes":[{"keyManager","type","action","fields":[…]}]}, in the file's order, then those only on
    // the server. No secret value is in it.
    static QJsonObject toJson(const QList<KeyManagerChange> &changes);
    // True when applying would send anything (a create or an update).
    static bool hasWork(const QList<KeyManagerChange> &changes);

    // Checks each key manager against the connector configuration of /settings (`settings` is its answer;
    // `apim` names the server in the message): its type is installed, and every connector value has the type
    // its field declares (checkbox: true/false; select/options: one of the listed values; input: text).
    static ApiError checkAgainstSettings(const QList<QJsonObject> &wanted, const QJsonObject &settings, const QUrl &apim);

    // One step per create (POST) or update (PUT) of `changes`, in order, and nothing else; `selected`
    // (names), when not empty, limits it. The runner stops at the first failure; its summary names what
    // was created or updated before.
    static SetupRunner *createApplyRunner(ApimClient *apim, const QList<KeyManagerChange> &changes, QObject *parent,
                                          SecretStore *ledger = nullptr, const QStringList &selected = {});
};

} // namespace km
