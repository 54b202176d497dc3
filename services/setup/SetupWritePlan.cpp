#include "services/setup/SetupWritePlan.h"

#include <QStringList>

namespace km {

KeyManagerWrite SetupWritePlan::write(const QString &name, bool exists, int changedFields)
{
    KeyManagerWrite w;
    w.name = name;
    w.changedFields = changedFields;
    w.action = !exists ? KeyManagerWrite::Action::Create
                       : changedFields > 0 ? KeyManagerWrite::Action::Update : KeyManagerWrite::Action::Unchanged;
    return w;
}

namespace {

QStringList namesWith(const QList<KeyManagerWrite> &writes, KeyManagerWrite::Action action)
{
    QStringList names;
    for (const KeyManagerWrite &w : writes) {
        if (w.action == action)
            names << w.name;
    }
    return names;
}

} // namespace

QString SetupWritePlan::commitText(const QList<KeyManagerWrite> &writes)
{
    const QStringList created = namesWith(writes, KeyManagerWrite::Action::Create);
    const QStringList updated = namesWith(writes, KeyManagerWrite::Action::Update);
    // A mnemonic would clash with the pages' own (the button is on every page's row): none here.
    auto what = [](const QStringList &names) {
        return names.size() == 1 ? names.first() : tr("%n key manager(s)", "", int(names.size()));
    };
    if (created.isEmpty() && updated.isEmpty())
        return tr("Check and finish");
    if (updated.isEmpty())
        return tr("Create %1").arg(what(created));
    if (created.isEmpty())
        return tr("Update %1").arg(what(updated));
    return tr("Create %1 and update %2").arg(what(created), what(updated));
}

QString SetupWritePlan::summary(const QList<KeyManagerWrite> &writes)
{
    QStringList parts;
    for (const KeyManagerWrite &w : writes) {
        switch (w.action) {
        case KeyManagerWrite::Action::Create: parts << tr("“%1” will be created").arg(w.name); break;
        case KeyManagerWrite::Action::Update: parts << tr("“%1” will be updated (%n field(s))", "", w.changedFields).arg(w.name); break;
        case KeyManagerWrite::Action::Unchanged: parts << tr("“%1” already matches and stays as it is").arg(w.name); break;
        }
    }
    return parts.isEmpty() ? tr("Nothing to send.") : parts.join(QStringLiteral("; ")) + QLatin1Char('.');
}

} // namespace km
