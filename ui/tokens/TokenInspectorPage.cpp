#include "ui/tokens/TokenInspectorPage.h"
#include "services/core/ConstRange.h"

#include "models/tokens/TokenClaimsModel.h"
#include "services/apim/ApimClient.h"
#include "services/core/Job.h"
#include "services/tokens/TokenInspection.h"
#include "ui/common/EmptyStateView.h"
#include "ui/widgets/CopyButton.h"
#include "ui/widgets/InlineMessage.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace km {

namespace {

QTableView *claimsTable(TokenClaimsModel *model, const char *name)
{
    auto *view = new QTableView;
    view->setObjectName(QString::fromLatin1(name));
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(TokenClaimsModel::NameColumn, QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(TokenClaimsModel::ValueColumn, QHeaderView::Interactive);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setColumnWidth(TokenClaimsModel::ValueColumn, 320);
    view->setAlternatingRowColors(true);
    return view;
}

} // namespace

TokenInspectorPage::TokenInspectorPage(HttpSession *http, QWidget *parent)
    : QWidget(parent)
    , m_http(http)
    , m_input(new QPlainTextEdit)
    , m_keyManager(new QComboBox)
    , m_jwksUrl(new QLineEdit)
    , m_inspect(new QPushButton(tr("&Inspect")))
    , m_clear(new QPushButton(tr("C&lear")))
    , m_verdict(new InlineMessage)
    , m_status(new QLabel)
    , m_tabs(new QTabWidget)
    , m_empty(new EmptyStateView(tr("Paste an access token"),
                                 tr("Paste a JWT access token above and press Inspect (Ctrl+Return). Pick the key manager it is "
                                    "meant for, and the console tells whether API Manager's gateway would accept it, and why not.")))
    , m_findings(new QTextBrowser)
    , m_json(new QPlainTextEdit)
    , m_claims(new TokenClaimsModel(this))
    , m_header(new TokenClaimsModel(this))
{
    setObjectName(QStringLiteral("tokenInspectorPage"));
    m_input->setObjectName(QStringLiteral("tokenInput"));
    m_keyManager->setObjectName(QStringLiteral("tokenKeyManager"));
    m_jwksUrl->setObjectName(QStringLiteral("tokenJwksUrl"));
    m_inspect->setObjectName(QStringLiteral("tokenInspect"));
    m_clear->setObjectName(QStringLiteral("tokenClear"));
    m_verdict->setObjectName(QStringLiteral("tokenVerdict"));
    m_status->setObjectName(QStringLiteral("tokenStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_findings->setObjectName(QStringLiteral("tokenFindings"));
    m_json->setObjectName(QStringLiteral("tokenJson"));
    m_empty->setObjectName(QStringLiteral("tokenEmptyState"));

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_input->setFont(mono);
    m_input->setPlaceholderText(tr("eyJhbGciOi… (the token stays in this window: it is never stored or logged)"));
    m_input->setMaximumHeight(96);
    m_input->setTabChangesFocus(true);
    m_jwksUrl->setPlaceholderText(tr("Optional: a JWKS URL; by default the key manager's own"));
    m_jwksUrl->setClearButtonEnabled(true);
    m_keyManager->setMinimumContentsLength(24);
    m_keyManager->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_keyManager->addItem(tr("None: decode and verify only"));
    m_inspect->setDefault(true);
    m_inspect->setToolTip(tr("Inspect the token (Ctrl+Return)"));
    m_status->setWordWrap(true);
    m_verdict->hide();
    m_json->setReadOnly(true);
    m_json->setFont(mono);

    m_findings->setOpenExternalLinks(false);
    m_findings->setFrameShape(QFrame::NoFrame);

    m_claimsView = claimsTable(m_claims, "tokenClaims");
    m_headerView = claimsTable(m_header, "tokenHeader");
    auto *jsonTab = new QWidget;
    auto *jsonLayout = new QVBoxLayout(jsonTab);
    auto *copy = new CopyButton([this] { return m_json->toPlainText(); });
    copy->setObjectName(QStringLiteral("tokenJsonCopy"));
    copy->setToolTip(tr("Copy the report (header, claims, findings; not the token itself)"));
    auto *copyRow = new QHBoxLayout;
    copyRow->addStretch(1);
    copyRow->addWidget(copy);
    jsonLayout->addLayout(copyRow);
    jsonLayout->addWidget(m_json, 1);
    m_tabs->addTab(m_findings, tr("Fi&ndings"));
    m_tabs->addTab(m_claimsView, tr("Clai&ms"));
    m_tabs->addTab(m_headerView, tr("H&eader"));
    m_tabs->addTab(jsonTab, tr("&Report (JSON)"));

    auto *results = new QStackedWidget;
    results->setObjectName(QStringLiteral("tokenResults"));
    results->addWidget(m_empty);
    results->addWidget(m_tabs);

    auto *form = new QFormLayout;
    form->addRow(tr("Access &token:"), m_input);
    auto *checkRow = new QHBoxLayout;
    checkRow->addWidget(m_keyManager, 1);
    checkRow->addWidget(m_jwksUrl, 2);
    // A row holding a layout gets no buddy from QFormLayout: give the label one so & is a mnemonic.
    auto *checkLabel = new QLabel(tr("Check &against:"));
    checkLabel->setBuddy(m_keyManager);
    form->addRow(checkLabel, checkRow);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_clear);
    buttons->addWidget(m_inspect);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_verdict);
    layout->addWidget(results, 1);

    connect(m_inspect, &QPushButton::clicked, this, &TokenInspectorPage::inspect);
    connect(m_clear, &QPushButton::clicked, this, &TokenInspectorPage::clearToken);
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &TokenInspectorPage::inspect);
    connect(this, &TokenInspectorPage::inspected, results, [results, this] { results->setCurrentWidget(m_tabs); });
    connect(m_clear, &QPushButton::clicked, results, [results, this] { results->setCurrentWidget(m_empty); });
}

TokenInspectorPage::~TokenInspectorPage()
{
    for (Job *job : {static_cast<Job *>(m_listJob.data()), static_cast<Job *>(m_detailJob.data()), static_cast<Job *>(m_job.data())}) {
        if (job)
            job->cancel();
    }
}

void TokenInspectorPage::setClient(ApimClient *client)
{
    m_client = client;
    refreshKeyManagers();
}

void TokenInspectorPage::refreshKeyManagers()
{
    if (m_listJob)
        m_listJob->cancel();
    const QString current = m_keyManager->currentIndex() > 0 ? m_keyManager->currentText() : m_pendingKeyManager;
    while (m_keyManager->count() > 1)
        m_keyManager->removeItem(1);
    if (!m_client) {
        m_keyManager->setToolTip(tr("Connect to API Manager to check tokens against its key managers."));
        return;
    }
    m_keyManager->setToolTip(QString());
    Job *job = m_client->listKeyManagers();
    m_listJob = job;
    connect(job, &Job::finished, this, [this, current](Job *j) {
        if (j->error().kind == ApiError::Kind::Cancelled)
            return;
        if (j->hasError()) {
            m_status->setText(tr("The key managers could not be listed: %1").arg(j->error().toUserText()));
            return;
        }
        for (const QJsonValue &v : km::constTemporary(j->result().toObject().value(QLatin1String("list")).toArray())) {
            const QJsonObject km = v.toObject();
            m_keyManager->addItem(QStringLiteral("%1 (%2)").arg(km.value(QLatin1String("name")).toString(), km.value(QLatin1String("type")).toString()),
                                  km.value(QLatin1String("id")).toString());
            m_keyManager->setItemData(m_keyManager->count() - 1, km.value(QLatin1String("name")).toString(), Qt::UserRole + 1);
        }
        // A token opened while the list loaded asked for its key manager: that one wins.
        const QString wanted = m_pendingKeyManager.isEmpty() ? current : m_pendingKeyManager;
        const int index = m_keyManager->findData(wanted, Qt::UserRole + 1);
        if (index > 0)
            m_keyManager->setCurrentIndex(index);
        if (!m_pendingKeyManager.isEmpty()) {
            if (index <= 0)
                m_status->setText(tr("API Manager has no key manager named “%1”; the token is checked without one.").arg(m_pendingKeyManager));
            m_pendingKeyManager.clear();
            inspect();
        }
    });
}

void TokenInspectorPage::inspectToken(const QString &token, const QString &keyManagerName)
{
    m_input->setPlainText(token);
    if (keyManagerName.isEmpty() && m_client && m_keyManager->count() > 1) {
        // No key manager named: pick the one whose issuer is the token's, as the gateway does.
        const QString issuer = DecodedToken::decode(token).issuer();
        if (!issuer.isEmpty()) {
            selectByIssuer(issuer, 1);
            return;
        }
    }
    const int index = keyManagerName.isEmpty() ? 0 : m_keyManager->findData(keyManagerName, Qt::UserRole + 1);
    if (!keyManagerName.isEmpty() && index < 0 && m_listJob) {
        // The list is still loading: inspect once it is there.
        m_pendingKeyManager = keyManagerName;
        return;
    }
    m_keyManager->setCurrentIndex(qMax(0, index));
    inspect();
}

void TokenInspectorPage::selectByIssuer(const QString &issuer, int index)
{
    if (!m_client || index >= m_keyManager->count()) {
        m_keyManager->setCurrentIndex(0);
        m_status->setText(tr("No key manager of this API Manager has the issuer %1: the gateway would answer 900901.").arg(issuer));
        inspect();
        return;
    }
    setBusy(true, tr("Looking for the key manager with issuer %1…").arg(issuer));
    Job *job = m_client->getKeyManager(m_keyManager->itemData(index).toString());
    m_detailJob = job;
    connect(job, &Job::finished, this, [this, issuer, index](Job *j) {
        if (j->error().kind == ApiError::Kind::Cancelled)
            return;
        if (!j->hasError() && j->result().toObject().value(QLatin1String("issuer")).toString() == issuer) {
            m_keyManager->setCurrentIndex(index);
            setBusy(false);
            runInspection(j->result().toObject());
            return;
        }
        selectByIssuer(issuer, index + 1);
    });
}

void TokenInspectorPage::clearToken()
{
    if (m_job)
        m_job->cancel();
    m_input->clear();
    m_claims->clear();
    m_header->clear();
    m_findings->clear();
    m_lastFindings.clear();
    m_json->clear();
    m_verdict->hide();
    m_status->clear();
    m_input->setFocus();
}

void TokenInspectorPage::setBusy(bool busy, const QString &text)
{
    m_inspect->setEnabled(!busy);
    m_status->setText(text);
}

void TokenInspectorPage::inspect()
{
    if (m_input->toPlainText().trimmed().isEmpty()) {
        m_verdict->showMessage(InlineMessage::Type::Warning, tr("Paste an access token first."));
        m_input->setFocus();
        return;
    }
    const QString jwks = m_jwksUrl->text().trimmed();
    if (!jwks.isEmpty()) {
        const QUrl url(jwks, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
            m_verdict->showMessage(InlineMessage::Type::Error, tr("The JWKS URL must be an https:// address, e.g. https://api.asgardeo.io/t/acme/oauth2/jwks."));
            m_jwksUrl->setFocus();
            return;
        }
    }
    if (m_job)
        m_job->cancel();
    if (m_detailJob)
        m_detailJob->cancel();
    const QString id = m_keyManager->currentData().toString();
    if (m_keyManager->currentIndex() <= 0 || id.isEmpty() || !m_client) {
        runInspection(QJsonObject());
        return;
    }
    setBusy(true, tr("Reading key manager “%1” from API Manager…").arg(m_keyManager->currentData(Qt::UserRole + 1).toString()));
    Job *job = m_client->getKeyManager(id);
    m_detailJob = job;
    connect(job, &Job::finished, this, [this](Job *j) {
        if (j->error().kind == ApiError::Kind::Cancelled)
            return;
        if (j->hasError()) {
            setBusy(false);
            m_verdict->showError(j->error());
            return;
        }
        runInspection(j->result().toObject());
    });
}

void TokenInspectorPage::runInspection(const QJsonObject &keyManager)
{
    m_lastKeyManager = keyManager;
    TokenInspectionRequest request;
    request.token = m_input->toPlainText();
    request.keyManager = keyManager;
    request.jwksUrl = QUrl(m_jwksUrl->text().trimmed(), QUrl::StrictMode);
    const QUrl jwks = request.jwksUrl.isEmpty() ? TokenInspection::jwksUrlOf(keyManager) : request.jwksUrl;
    setBusy(true, jwks.isEmpty() ? tr("Inspecting…") : tr("Fetching the signing keys from %1…").arg(jwks.toDisplayString()));
    TokenInspectionJob *job = TokenInspection::inspect(m_http, request, this);
    m_job = job;
    connect(job, &Job::finished, this, [this, job](Job *) {
        if (job->error().kind == ApiError::Kind::Cancelled)
            return;
        setBusy(false);
        showResult(job);
    });
}

void TokenInspectorPage::showResult(TokenInspectionJob *job)
{
    const DecodedToken &token = job->token();
    const TokenDiagnosis &diagnosis = job->diagnosis();
    InlineMessage::Type type = InlineMessage::Type::Info;
    if (diagnosis.verdict == TokenDiagnosis::Verdict::Accepted)
        type = InlineMessage::Type::Success;
    else if (diagnosis.verdict == TokenDiagnosis::Verdict::Rejected)
        type = InlineMessage::Type::Error;
    else if (diagnosis.verdict == TokenDiagnosis::Verdict::NotVerified)
        type = InlineMessage::Type::Warning;
    else if (diagnosis.hasErrors())
        type = InlineMessage::Type::Warning;
    m_verdict->showMessage(type, diagnosis.summary);

    m_findings->clear();
    m_lastFindings = diagnosis.findings;
    // Problems first, then what is fine; each with its details and fix, wrapped to the page's width.
    QList<TokenFinding> ordered = diagnosis.findings;
    std::stable_sort(ordered.begin(), ordered.end(), [](const TokenFinding &a, const TokenFinding &b) {
        return int(a.severity) > int(b.severity);
    });
    QString html;
    for (const TokenFinding &f : std::as_const(ordered)) {
        static const QHash<TokenFinding::Severity, QString> marks{
            {TokenFinding::Severity::Error, QStringLiteral("<span style='color:#c01c28'>✖</span>")},
            {TokenFinding::Severity::Warning, QStringLiteral("<span style='color:#b7791f'>⚠</span>")},
            {TokenFinding::Severity::Info, QStringLiteral("<span style='color:#1c71d8'>ℹ</span>")},
            {TokenFinding::Severity::Ok, QStringLiteral("<span style='color:#26a269'>✔</span>")}};
        html += QStringLiteral("<p style='margin-bottom:2px'>%1&nbsp;&nbsp;%2</p>")
                    .arg(marks.value(f.severity),
                         f.severity == TokenFinding::Severity::Error ? QStringLiteral("<b>%1</b>").arg(f.title.toHtmlEscaped()) : f.title.toHtmlEscaped());
        if (!f.detail.isEmpty())
            html += QStringLiteral("<p style='margin-left:22px; margin-top:0px; margin-bottom:2px'>%1</p>").arg(f.detail.toHtmlEscaped());
        if (!f.fix.isEmpty())
            html += QStringLiteral("<p style='margin-left:22px; margin-top:0px'><i>%1</i> %2</p>").arg(tr("Fix:"), f.fix.toHtmlEscaped());
    }
    m_findings->setHtml(html);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_claims->setClaims(token.claims, now);
    m_header->setClaims(token.header, now);
    // The claims the gateway decides on: the issuer and the key manager's consumer-key claim.
    const QStringList highlighted{QStringLiteral("iss"), TokenDiagnosis::consumerKeyClaim(m_lastKeyManager, token)};
    m_claims->setHighlighted(highlighted);
    m_json->setPlainText(QString::fromUtf8(QJsonDocument(job->result().toObject()).toJson(QJsonDocument::Indented)));
    m_tabs->setCurrentWidget(m_findings);
    Q_EMIT inspected();
}

QString TokenInspectorPage::verdictText() const
{
    return m_verdict->isVisible() ? m_verdict->text() : QString();
}

} // namespace km
