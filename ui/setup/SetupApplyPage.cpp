#include "ui/setup/SetupApplyPage.h"

#include "services/setup/SetupRunner.h"
#include "ui/common/PlainToolTip.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace km {

SetupApplyPage::SetupApplyPage(QWidget *parent)
    : QWizardPage(parent)
    , m_steps(new QTreeWidget(this))
    , m_progress(new QProgressBar(this))
    , m_summary(new QLabel(this))
    , m_cancel(new QPushButton(tr("&Cancel apply"), this))
    , m_retry(new QPushButton(tr("&Retry from the failed step"), this))
{
    setTitle(tr("Apply"));
    setSubTitle(tr("Each step is checked against the live systems. Steps already done are never repeated."));
    m_steps->setObjectName(QStringLiteral("applySteps"));
    m_steps->setHeaderLabels({tr("Step"), tr("Status"), tr("Detail")});
    m_steps->setRootIsDecorated(false);
    m_steps->setWordWrap(true);
    m_steps->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_steps->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_steps->header()->setStretchLastSection(true);
    m_progress->setObjectName(QStringLiteral("applyProgress"));
    m_summary->setObjectName(QStringLiteral("applySummary"));
    m_summary->setTextFormat(Qt::PlainText); // step details quote server errors
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancel->setObjectName(QStringLiteral("applyCancel"));
    m_retry->setObjectName(QStringLiteral("applyRetry"));
    m_retry->setVisible(false);

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_runner)
            m_runner->cancel();
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (!m_runner)
            return;
        m_retry->setVisible(false);
        m_summary->clear();
        m_cancel->setEnabled(true);
        Q_EMIT busyChanged(true);
        m_runner->start();
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_retry);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_steps, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
}

void SetupApplyPage::initializePage()
{
    if (m_runner && m_runner->isRunning())
        return;
    dropRunner();
    if (!m_factory)
        return;
    SetupRunner *runner = m_factory(this);
    if (!runner) {
        m_steps->clear();
        m_retry->setVisible(false);
        m_cancel->setEnabled(false);
        m_summary->setText(tr("Nothing was applied: the connection this wizard was opened with is gone. "
                              "Close the wizard, connect to API Manager and open it again."));
        Q_EMIT completeChanged();
        return;
    }
    attach(runner);
    Q_EMIT busyChanged(true);
    runner->start();
}

void SetupApplyPage::dropRunner()
{
    if (!m_runner)
        return;
    // A late signal of the old runner must not reach this page, which may hold a new one by then.
    SetupRunner *old = m_runner;
    m_runner = nullptr;
    disconnect(old, nullptr, this, nullptr);
    if (old->isRunning())
        old->cancel();
    old->deleteLater();
}

void SetupApplyPage::invalidate(const QString &reason)
{
    const bool wasRunning = m_runner && m_runner->isRunning();
    dropRunner();
    m_retry->setVisible(false);
    m_cancel->setEnabled(false);
    m_summary->setText(reason);
    if (wasRunning)
        Q_EMIT busyChanged(false);
    Q_EMIT completeChanged();
}

void SetupApplyPage::cleanupPage()
{
    // Going Back while steps run would leave them unsupervised: stop first.
    if (m_runner && m_runner->isRunning())
        m_runner->cancel();
}

void SetupApplyPage::attach(SetupRunner *runner)
{
    m_runner = runner;
    m_steps->clear();
    m_summary->clear();
    m_retry->setVisible(false);
    m_cancel->setEnabled(true);
    for (int i = 0; i < runner->steps().size(); ++i) {
        new QTreeWidgetItem(m_steps);
        refreshStep(i);
    }
    m_progress->setRange(0, int(runner->steps().size()));
    m_progress->setValue(0);
    connect(runner, &SetupRunner::stepChanged, this, &SetupApplyPage::refreshStep);
    connect(runner, &SetupRunner::progressChanged, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
    });
    connect(runner, &SetupRunner::finished, this, &SetupApplyPage::onFinished);
}

void SetupApplyPage::refreshStep(int index)
{
    if (!m_runner || index < 0 || index >= m_steps->topLevelItemCount())
        return;
    const SetupStep &step = m_runner->steps().at(index);
    QTreeWidgetItem *item = m_steps->topLevelItem(index);
    item->setText(0, step.title);
    item->setText(2, step.detail);
    item->setToolTip(2, plainToolTip(step.detail)); // step details quote server errors
    QStyle::StandardPixmap icon = QStyle::SP_CustomBase;
    QString status;
    switch (step.status) {
    case SetupStep::Status::Pending: status = tr("Waiting"); break;
    case SetupStep::Status::Running: status = tr("Running…"); icon = QStyle::SP_BrowserReload; break;
    case SetupStep::Status::Done: status = tr("Done"); icon = QStyle::SP_DialogApplyButton; break;
    case SetupStep::Status::Skipped: status = tr("Already in place"); icon = QStyle::SP_DialogApplyButton; break;
    case SetupStep::Status::Failed: status = tr("Failed"); icon = QStyle::SP_MessageBoxCritical; break;
    case SetupStep::Status::Cancelled: status = tr("Cancelled"); icon = QStyle::SP_MessageBoxWarning; break;
    }
    item->setText(1, status);
    item->setIcon(1, icon == QStyle::SP_CustomBase ? QIcon() : style()->standardIcon(icon));
}

void SetupApplyPage::onFinished(bool success)
{
    if (!m_runner || sender() != m_runner)
        return; // a runner this page has already let go of
    m_cancel->setEnabled(false);
    Q_EMIT busyChanged(false);
    if (success) {
        const QString outcomes = m_runner->outcomeSummary();
        m_summary->setText(outcomes.isEmpty() ? tr("Everything is set up. %1").arg(m_runner->summary())
                                              : tr("Everything is set up. %1\n%2").arg(outcomes, m_runner->summary()));
    } else {
        m_retry->setVisible(true);
        QString failure;
        for (const SetupStep &s : m_runner->steps()) {
            if (s.status == SetupStep::Status::Failed || s.status == SetupStep::Status::Cancelled)
                failure = tr("“%1” did not complete: %2").arg(s.title, s.detail);
        }
        m_summary->setText(failure + QLatin1Char('\n') + m_runner->summary()
                           + tr("\nRetry resumes at the step that did not complete."));
    }
    Q_EMIT completeChanged();
    Q_EMIT applyFinished(success);
}

bool SetupApplyPage::isComplete() const
{
    return m_runner && !m_runner->isRunning() && m_runner->isComplete();
}

} // namespace km
