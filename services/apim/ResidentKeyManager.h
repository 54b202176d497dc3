#pragma once
// The Resident Key Manager comes with every API Manager and is what the Developer Portal generates keys with
// by default. Like the Admin Portal, the console never deletes it, and turns it off only after saying what stops.

#include "services/core/ApiError.h"

#include <QCoreApplication>
#include <QString>

namespace km {

class ResidentKeyManager
{
    Q_DECLARE_TR_FUNCTIONS(km::ResidentKeyManager)
public:
    static inline const QString Name = QStringLiteral("Resident Key Manager");
    static inline const QString Type = QStringLiteral("default");

    // By its name (the Developer Portal's constants.KEY_MANAGERS.RESIDENT_KEY_MANAGER); `type` is not enough.
    static bool is(const QString &name, const QString &type = QString());

    // Why `name` may not be deleted (a validation error), or no error when it may.
    static ApiError refuseDelete(const QString &name, const QString &type);
    // Why a key-manager file may not turn it off (plan and apply refuse it), or no error.
    static ApiError refuseDisableFromFile(const QString &name, const QString &type, bool enabled);
    // What turning it off stops, for the confirmation that asks first.
    static QString disableConsequences();
};

} // namespace km
