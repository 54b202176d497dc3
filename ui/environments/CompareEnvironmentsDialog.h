#pragma once
// File › Compare environments: the key managers of two API Manager profiles side by side (dev against
// prod): which are only in one, which differ and in which fields with both values (secrets never shown),
// which are the same. The comparison is KeyManagerPlan::compareProfiles, the one behind
// `kmconsole-cli key-managers diff --profile A --against B`.

#include "services/core/JobSlot.h"

#include <QDialog>

class QComboBox;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace km {

class InlineMessage;
class Job;
class ServiceContext;

class CompareEnvironmentsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CompareEnvironmentsDialog(ServiceContext *context, QWidget *parent = nullptr);

    QComboBox *profileCombo() const { return m_profile; }
    QComboBox *againstCombo() const { return m_against; }
    QPushButton *compareButton() const { return m_compare; }
    QTreeWidget *tree() const { return m_tree; }
    InlineMessage *message() const { return m_message; }
    bool isComparing() const { return m_job.isBusy(); }

public Q_SLOTS:
    // Compares the two chosen profiles (the Compare button).
    void compare();

private:
    void fillProfiles();
    void selectionChanged();
    void setBusy(bool busy);

    ServiceContext *m_context;
    QComboBox *m_profile;
    QComboBox *m_against;
    QPushButton *m_compare;
    QTreeWidget *m_tree;
    QProgressBar *m_progress;
    InlineMessage *m_message;
    JobSlot m_job{this};
};

} // namespace km
