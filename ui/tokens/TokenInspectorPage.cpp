#include "ui/tokens/TokenInspectorPage.h"
#include "services/core/ConstRange.h"

#include "models/tokens/TokenClaimsModel.h"
#include "models/tokens/TokenComparisonModel.h"
#include "services/tokens/TokenComparison.h"
#include "services/tokens/TokenTimes.h"
#include "ui/tokens/TokenTimelineWidget.h"
#include "services/apim/ApimClient.h"
#include "services/apim/KeyManagerCatalogue.h"
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
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

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

// The three parts' colours, as jwt.io tells them apart, each dark enough on a light base and light
// enough on a dark one.
struct PartColours
{
    QString header;
    QString payload;
    QString signature;
};

PartColours partColours(const QPalette &palette)
{
    if (palette.color(QPalette::Base).lightness() < 128)
        return {QStringLiteral("#ff7b72"), QStringLiteral("#d2a8ff"), QStringLiteral("#56d4dd")};
    return {QStringLiteral("#c01c28"), QStringLiteral("#813d9c"), QStringLiteral("#0b6e99")};
}

QString prettyJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)).trimmed();
}

InlineMessage::Type verdictType(const TokenDiagnosis &diagnosis)
{
    switch (diagnosis.verdict) {
    case TokenDiagnosis::Verdict::Accepted: return InlineMessage::Type::Success;
    case TokenDiagnosis::Verdict::Rejected: return InlineMessage::Type::Error;
    case TokenDiagnosis::Verdict::NotVerified: return InlineMessage::Type::Warning;
    case TokenDiagnosis::Verdict::Undetermined: break;
    }
    return diagnosis.hasErrors() ? InlineMessage::Type::Warning : InlineMessage::Type::Info;
}

QString keyManagerName(const QComboBox *combo)
{
    return combo->currentData(Qt::UserRole + 1).toString();
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
    , m_compare(new QPushButton(tr("Com&pare…")))
    , m_compareWith(new QComboBox)
    , m_compareRow(new QWidget)
    , m_encoded(new QTextBrowser)
    , m_decoded(new QTextBrowser)
    , m_timeline(new TokenTimelineWidget)
    , m_timelineSummary(new QLabel)
    , m_timelineRow(new QWidget)
    , m_compareTab(new QWidget)
    , m_compareLeft(new InlineMessage)
    , m_compareRight(new InlineMessage)
    , m_compareSummary(new QLabel)
    , m_compareView(new QTableView)
    , m_comparison(new TokenComparisonModel(this))
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
    m_compare->setObjectName(QStringLiteral("tokenCompare"));
    m_compareWith->setObjectName(QStringLiteral("tokenCompareWith"));
    m_encoded->setObjectName(QStringLiteral("tokenEncoded"));
    m_decoded->setObjectName(QStringLiteral("tokenDecoded"));
    m_timelineSummary->setObjectName(QStringLiteral("tokenTimelineSummary"));
    m_compareLeft->setObjectName(QStringLiteral("tokenCompareLeft"));
    m_compareRight->setObjectName(QStringLiteral("tokenCompareRight"));
    m_compareSummary->setObjectName(QStringLiteral("tokenCompareSummary"));
    m_compareView->setObjectName(QStringLiteral("tokenComparison"));
    m_header->setPart(ClaimCatalogue::Part::Header);

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

    m_encoded->setFont(mono);
    m_encoded->setWordWrapMode(QTextOption::WrapAnywhere);
    m_encoded->setToolTip(tr("The token as pasted: header, payload and signature in their colours"));
    m_decoded->setFont(mono);
    m_decoded->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_timelineSummary->setTextFormat(Qt::PlainText);
    m_timelineSummary->setWordWrap(true);
    m_compareSummary->setTextFormat(Qt::PlainText);
    m_compareSummary->setWordWrap(true);
    m_compare->setCheckable(true);
    m_compare->setToolTip(tr("Check the same token against a second key manager and show what differs"));
    m_compareWith->setMinimumContentsLength(24);
    m_compareWith->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_compareWith->addItem(tr("Pick a second key manager"));
    m_compareView->setModel(m_comparison);
    m_compareView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_compareView->setWordWrap(false);
    m_compareView->verticalHeader()->hide();
    m_compareView->horizontalHeader()->setSectionResizeMode(TokenComparisonModel::FindingColumn, QHeaderView::ResizeToContents);
    m_compareView->horizontalHeader()->setSectionResizeMode(TokenComparisonModel::LeftColumn, QHeaderView::Stretch);
    m_compareView->horizontalHeader()->setSectionResizeMode(TokenComparisonModel::RightColumn, QHeaderView::Stretch);
    m_compareView->setAlternatingRowColors(false);
    m_timelineRow->hide();

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
    // The token tab: the encoded token coloured by part, its decoded header and payload beside it.
    auto *tokenSplit = new QSplitter(Qt::Horizontal);
    tokenSplit->setObjectName(QStringLiteral("tokenSplit"));
    tokenSplit->addWidget(m_encoded);
    tokenSplit->addWidget(m_decoded);
    tokenSplit->setStretchFactor(0, 2);
    tokenSplit->setStretchFactor(1, 3);
    tokenSplit->setChildrenCollapsible(false);

    auto *verdicts = new QHBoxLayout;
    verdicts->addWidget(m_compareLeft, 1);
    verdicts->addWidget(m_compareRight, 1);
    auto *compareLayout = new QVBoxLayout(m_compareTab);
    compareLayout->addLayout(verdicts);
    compareLayout->addWidget(m_compareSummary);
    compareLayout->addWidget(m_compareView, 1);

    m_tabs->addTab(m_findings, tr("Fi&ndings"));
    m_tabs->addTab(tokenSplit, tr("To&ken"));
    m_tabs->addTab(m_claimsView, tr("Clai&ms"));
    m_tabs->addTab(m_headerView, tr("H&eader"));
    m_tabs->addTab(jsonTab, tr("&Report (JSON)"));
    m_tabs->addTab(m_compareTab, tr("Comparis&on"));
    m_tabs->setTabVisible(m_tabs->indexOf(m_compareTab), false);

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
    auto *compareLabel = new QLabel(tr("Compare &with:"));
    compareLabel->setBuddy(m_compareWith);
    auto *compareRow = new QHBoxLayout(m_compareRow);
    compareRow->setContentsMargins(0, 0, 0, 0);
    compareRow->addWidget(compareLabel);
    compareRow->addWidget(m_compareWith, 1);
    m_compareRow->hide();
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_clear);
    buttons->addWidget(m_compare);
    buttons->addWidget(m_inspect);

    auto *timelineLayout = new QHBoxLayout(m_timelineRow);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->addWidget(m_timelineSummary, 1);
    timelineLayout->addWidget(m_timeline, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_compareRow);
    layout->addLayout(buttons);
    layout->addWidget(m_verdict);
    layout->addWidget(m_timelineRow);
    layout->addWidget(results, 1);

    connect(m_inspect, &QPushButton::clicked, this, &TokenInspectorPage::inspect);
    connect(m_clear, &QPushButton::clicked, this, &TokenInspectorPage::clearToken);
    connect(m_compare, &QPushButton::toggled, this, [this](bool on) {
        m_compareRow->setVisible(on);
        if (on)
            m_compareWith->setFocus();
        else
            m_tabs->setTabVisible(m_tabs->indexOf(m_compareTab), false);
    });
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &TokenInspectorPage::inspect);
    connect(this, &TokenInspectorPage::inspected, results, [results, this] { results->setCurrentWidget(m_tabs); });
    connect(m_clear, &QPushButton::clicked, results, [results, this] { results->setCurrentWidget(m_empty); });
}

TokenInspectorPage::~TokenInspectorPage() = default; // the slots cancel what still runs

void TokenInspectorPage::setClient(ApimClient *client)
{
    if (m_client)
        disconnect(m_client->keyManagerCatalogue(), nullptr, this, nullptr);
    m_client = client;
    if (m_client) {
        // The choice follows the key managers as the console changes them (a wizard, the Key Managers page).
        KeyManagerCatalogue *catalogue = m_client->keyManagerCatalogue();
        connect(catalogue, &KeyManagerCatalogue::changed, this, [this, catalogue] {
            if (!m_listJob.isBusy() && catalogue->state() == KeyManagerCatalogue::State::Read)
                refreshKeyManagers();
        });
    }
    refreshKeyManagers();
}

void TokenInspectorPage::refreshKeyManagers()
{
    m_listJob.cancel();
    const QString current = m_keyManager->currentIndex() > 0 ? keyManagerName(m_keyManager) : m_pendingKeyManager;
    const QString compared = m_compareWith->currentIndex() > 0 ? keyManagerName(m_compareWith) : m_pendingCompare;
    for (QComboBox *combo : {m_keyManager, m_compareWith}) {
        while (combo->count() > 1)
            combo->removeItem(1);
    }
    if (!m_client) {
        m_keyManager->setToolTip(tr("Connect to API Manager to check tokens against its key managers."));
        return;
    }
    m_keyManager->setToolTip(QString());
    // Read once for every page of this connection; this page's wait only is cancelled.
    m_listJob.start(m_client->keyManagerCatalogue()->ensure(), [this, current, compared](const ApiError &error, const QJsonValue &list) {
        if (error) {
            m_status->setText(tr("The key managers could not be listed: %1").arg(error.toUserText()));
            return;
        }
        fillKeyManagerCombos(list.toObject().value(QLatin1String("list")).toArray(), compared);
        // A token opened while the list loaded asked for its key manager: that one wins.
        const QString wanted = m_pendingKeyManager.isEmpty() ? current : m_pendingKeyManager;
        const int index = m_keyManager->findData(wanted, Qt::UserRole + 1);
        if (index > 0)
            m_keyManager->setCurrentIndex(index);
        if (!m_pendingKeyManager.isEmpty()) {
            if (index <= 0)
                m_note = tr("API Manager has no key manager named “%1”; the token is checked without one.").arg(m_pendingKeyManager);
            m_pendingKeyManager.clear();
            inspect();
        }
    });
}

void TokenInspectorPage::fillKeyManagerCombos(const QJsonArray &list, const QString &compared)
{
    for (QComboBox *combo : {m_keyManager, m_compareWith}) {
        for (const QJsonValue &v : list) {
            const QJsonObject km = v.toObject();
            combo->addItem(QStringLiteral("%1 (%2)").arg(km.value(QLatin1String("name")).toString(), km.value(QLatin1String("type")).toString()),
                           km.value(QLatin1String("id")).toString());
            combo->setItemData(combo->count() - 1, km.value(QLatin1String("name")).toString(), Qt::UserRole + 1);
        }
    }
    const int index = m_compareWith->findData(compared, Qt::UserRole + 1);
    if (index > 0)
        m_compareWith->setCurrentIndex(index);
    m_pendingCompare.clear();
}

void TokenInspectorPage::setCompareWith(const QString &keyManagerName)
{
    m_compare->setChecked(!keyManagerName.isEmpty());
    const int index = m_compareWith->findData(keyManagerName, Qt::UserRole + 1);
    if (index > 0)
        m_compareWith->setCurrentIndex(index);
    else
        m_pendingCompare = keyManagerName;
}

void TokenInspectorPage::inspectToken(const QString &token, const QString &keyManagerName)
{
    m_input->setPlainText(token);
    if (keyManagerName.isEmpty() && m_client && m_keyManager->count() > 1) {
        // No key manager named: pick the one whose issuer is the token's, as the gateway does.
        const QString issuer = DecodedToken::decode(token).issuer();
        if (!issuer.isEmpty()) {
            selectByIssuer(issuer);
            return;
        }
    }
    const int index = keyManagerName.isEmpty() ? 0 : m_keyManager->findData(keyManagerName, Qt::UserRole + 1);
    if (!keyManagerName.isEmpty() && index < 0 && m_listJob.isBusy()) {
        // The list is still loading: inspect once it is there.
        m_pendingKeyManager = keyManagerName;
        return;
    }
    m_keyManager->setCurrentIndex(qMax(0, index));
    inspect();
}

void TokenInspectorPage::selectByIssuer(const QString &issuer)
{
    setBusy(true, tr("Looking for the key manager with issuer %1…").arg(issuer));
    m_detailJob.start(TokenInspection::keyManagerWithIssuer(m_client, issuer, this), [this, issuer](const ApiError &error, const QJsonValue &found) {
        setBusy(false);
        const QJsonObject keyManager = found.toObject();
        const int index = keyManager.isEmpty() ? -1 : m_keyManager->findData(keyManager.value(QLatin1String("id")).toString());
        if (error || index <= 0) {
            m_keyManager->setCurrentIndex(0);
            m_note = error ? tr("The key managers could not be read to find the issuer %1: %2").arg(issuer, error.toUserText())
                           : tr("No key manager of this API Manager has the issuer %1: the gateway would answer 900901.").arg(issuer);
            inspect();
            return;
        }
        m_keyManager->setCurrentIndex(index);
        runInspection(keyManager);
    });
}

void TokenInspectorPage::clearToken()
{
    m_job.cancel();
    m_compareDetailJob.cancel();
    m_compareJob.cancel();
    m_input->clear();
    m_claims->clear();
    m_header->clear();
    m_findings->clear();
    m_lastFindings.clear();
    m_json->clear();
    m_encoded->clear();
    m_decoded->clear();
    m_comparison->clear();
    m_lastToken = DecodedToken();
    m_timelineRow->hide();
    m_tabs->setTabVisible(m_tabs->indexOf(m_compareTab), false);
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
    m_job.cancel();
    m_detailJob.cancel();
    const QString id = m_keyManager->currentData().toString();
    if (m_keyManager->currentIndex() <= 0 || id.isEmpty() || !m_client) {
        runInspection(QJsonObject());
        return;
    }
    setBusy(true, tr("Reading key manager “%1” from API Manager…").arg(m_keyManager->currentData(Qt::UserRole + 1).toString()));
    m_detailJob.start(m_client->getKeyManager(id), [this](const ApiError &error, const QJsonValue &keyManager) {
        if (error) {
            setBusy(false);
            m_verdict->showError(error);
            return;
        }
        runInspection(keyManager.toObject());
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
    m_job.watch(TokenInspection::inspect(m_http, request, this), [this](Job *finished) {
        // What was said of the key manager before the inspection ran stays in view with its result.
        setBusy(false, std::exchange(m_note, QString()));
        showResult(static_cast<TokenInspectionJob *>(finished)); // the inspection started above
    });
}

void TokenInspectorPage::showResult(TokenInspectionJob *job)
{
    const DecodedToken &token = job->token();
    const TokenDiagnosis &diagnosis = job->diagnosis();
    m_verdict->showMessage(verdictType(diagnosis), diagnosis.summary);
    m_lastToken = token;
    m_lastDiagnosis = diagnosis;
    m_lastVerified = job->verification().has_value() && job->verification()->verified;

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
        if (!f.gatewayCode.isEmpty())
            html += QStringLiteral("<p style='margin-left:22px; margin-top:0px; margin-bottom:2px'><i>%1</i> %2</p>")
                        .arg(tr("Gateway answers:"), f.gatewayAnswer().toHtmlEscaped());
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
    renderToken();
    const TokenTimes::Timeline line = TokenTimes::timeline(token.notBefore(), token.issuedAt(), token.expiresAt(), now);
    m_timeline->setTimeline(line);
    m_timelineSummary->setText(line.summary);
    m_timelineRow->setVisible(token.isJws());
    m_tabs->setCurrentWidget(m_findings);
    m_tabs->setTabVisible(m_tabs->indexOf(m_compareTab), false);
    Q_EMIT inspected();
    if (m_compare->isChecked())
        startComparison();
}

void TokenInspectorPage::renderToken()
{
    const DecodedToken &token = m_lastToken;
    const PartColours colours = partColours(palette());
    if (token.raw.isEmpty()) {
        m_encoded->clear();
        m_decoded->clear();
        return;
    }
    const QStringList parts = token.raw.split(QLatin1Char('.'));
    QString encoded;
    if (token.kind == DecodedToken::Kind::Jws || token.kind == DecodedToken::Kind::Jwe) {
        // A JWE's five parts: header, key, IV, ciphertext, tag; the middle ones take the payload's colour.
        for (int i = 0; i < parts.size(); ++i) {
            const QString &colour = i == 0 ? colours.header : (i == parts.size() - 1 ? colours.signature : colours.payload);
            if (i > 0)
                encoded += QStringLiteral("<b>.</b>");
            encoded += QStringLiteral("<span style='color:%1'>%2</span>").arg(colour, parts.at(i).toHtmlEscaped());
        }
    } else {
        encoded = token.raw.toHtmlEscaped();
    }
    m_encoded->setHtml(QStringLiteral("<p style='font-family:monospace'>%1</p>").arg(encoded));

    QString decoded;
    auto section = [&decoded](const QString &colour, const QString &title, const QString &body) {
        decoded += QStringLiteral("<p style='margin-bottom:0px'><b style='color:%1'>%2</b></p><pre style='margin-top:2px; white-space:pre-wrap'>%3</pre>")
                       .arg(colour, title.toHtmlEscaped(), body.toHtmlEscaped());
    };
    if (token.kind == DecodedToken::Kind::Jws || token.kind == DecodedToken::Kind::Jwe) {
        section(colours.header, tr("Header"), prettyJson(token.header));
        if (token.isJws())
            section(colours.payload, tr("Payload"), prettyJson(token.claims));
        else
            section(colours.payload, tr("Payload"), tr("Encrypted: only the key manager can read it."));
        const QString signature = !token.isJws() ? tr("Authentication tag of the encryption.")
            : m_lastVerified ? tr("%n byte(s), verified with the key manager's signing key.", nullptr, int(token.signature.size()))
                             : tr("%n byte(s), not verified (see Findings).", nullptr, int(token.signature.size()));
        section(colours.signature, tr("Signature"), signature);
    } else {
        section(colours.header, tr("Not a JWT"), token.message);
    }
    m_decoded->setHtml(decoded);
}

void TokenInspectorPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The parts' colours follow a switch between a light and a dark palette.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        renderToken();
}

void TokenInspectorPage::startComparison()
{
    m_compareJob.cancel();
    m_compareDetailJob.cancel();
    const QString id = m_compareWith->currentData().toString();
    if (!m_client || m_compareWith->currentIndex() <= 0 || id.isEmpty()) {
        m_status->setText(tr("Pick a second key manager under “Compare with” to see the token through both."));
        return;
    }
    const QString name = keyManagerName(m_compareWith);
    setBusy(true, tr("Reading key manager “%1” from API Manager…").arg(name));
    m_compareDetailJob.start(m_client->getKeyManager(id), [this, name](const ApiError &error, const QJsonValue &keyManager) {
        if (error) {
            setBusy(false);
            m_status->setText(tr("Key manager “%1” could not be read: %2").arg(name, error.toUserText()));
            return;
        }
        TokenInspectionRequest request;
        request.token = m_input->toPlainText();
        request.keyManager = keyManager.toObject();
        m_compareJob.watch(TokenInspection::inspect(m_http, request, this), [this, name](Job *finished) {
            setBusy(false);
            showComparison(static_cast<TokenInspectionJob *>(finished), name); // the inspection started above
        });
    });
}

void TokenInspectorPage::showComparison(TokenInspectionJob *job, const QString &name)
{
    const QString leftName = m_keyManager->currentIndex() > 0 ? keyManagerName(m_keyManager) : tr("No key manager");
    const TokenDiagnosis &right = job->diagnosis();
    m_comparison->setComparison(TokenComparison::compare(m_lastDiagnosis, right), leftName, name);
    m_compareLeft->showMessage(verdictType(m_lastDiagnosis), QStringLiteral("%1: %2").arg(leftName, m_lastDiagnosis.summary));
    m_compareRight->showMessage(verdictType(right), QStringLiteral("%1: %2").arg(name, right.summary));
    m_compareSummary->setText(m_comparison->comparison().summary);
    m_tabs->setTabVisible(m_tabs->indexOf(m_compareTab), true);
    m_tabs->setCurrentWidget(m_compareTab);
    Q_EMIT compared();
}

QString TokenInspectorPage::verdictText() const
{
    return m_verdict->isVisible() ? m_verdict->text() : QString();
}

} // namespace km
