#include "ui/connect/ConnectDialog.h"

#include "services/apim/ApimClient.h"
#include "services/apim/ApimVersion.h"
#include "services/core/Redactor.h"
#include "services/core/ServiceContext.h"
#include "services/core/Tasks.h"
#include "services/http/HttpSession.h"
#include "services/profiles/ProfileStore.h"
#include "services/profiles/ProfileValidation.h"
#include "services/secrets/SecretStore.h"
#include "ui/connect/CertificateTrustPanel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace km {

namespace {
QString passwordKey(const QString &profile)
{
    return QStringLiteral("apim/%1/password").arg(profile);
}
QString dcrSecretKey(const QString &profile)
{
    return QStringLiteral("apim/%1/dcr-client-secret").arg(profile);
}
} // namespace

ConnectDialog::ConnectDialog(ServiceContext *context, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_profiles(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_versions(new QComboBox(this))
    , m_versionNote(new QLabel(this))
    , m_error(new QLabel(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cance&l test"), this))
    , m_certificate(new CertificateTrustPanel(this))
    , m_test(new QPushButton(tr("&Test Connection"), this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_connect(new QPushButton(tr("C&onnect"), this))
    , m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect to API Manager"));

    auto *intro = new QLabel(tr("Enter the address of your WSO2 API Manager and an administrator account. "
                                "The password is kept in the system keychain, never in a file."),
                             this);
    intro->setWordWrap(true);

    // The saved profiles to pick from; typing a new name makes a new profile.
    m_profiles->setObjectName(QStringLiteral("profileCombo"));
    m_profiles->setEditable(true);
    m_profiles->setInsertPolicy(QComboBox::NoInsert);
    for (const ApimProfile &profile : m_context->profiles()->apimProfiles())
        m_profiles->addItem(profile.name);
    m_profiles->setCompleter(nullptr); // a new name must not turn into a saved one as it is typed
    m_profiles->setCurrentIndex(-1);
    m_name = m_profiles->lineEdit();
    m_name->setObjectName(QStringLiteral("profileName"));
    m_name->setPlaceholderText(tr("e.g. production"));
    m_url->setObjectName(QStringLiteral("apimUrl"));
    // Room for a whole address. On the field, not the dialog: the layout's minimum size (SetMinimumSize below)
    // replaces a minimum set on the dialog itself.
    m_url->setMinimumWidth(m_url->fontMetrics().horizontalAdvance(QStringLiteral("https://apim-prod.example.com:9443/api/am/")) + 24);
    m_url->setPlaceholderText(QStringLiteral("https://apim.example.com:9443"));
    m_url->setToolTip(tr("The API Manager server's address with https:// and the management port (9443 by default)"));
    m_username->setObjectName(QStringLiteral("username"));
    m_username->setPlaceholderText(tr("e.g. admin"));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    // The release, when the administrator knows it: no REST API of API Manager 4.x tells it (docs/fidelity.md,
    // "API Manager version"), so what the server shows of itself is read on connecting and wins over this.
    m_versions->setObjectName(QStringLiteral("apimVersionCombo"));
    m_versions->setEditable(true);
    m_versions->setInsertPolicy(QComboBox::NoInsert);
    m_versions->addItem(QString());
    for (int minor = ApimVersion::NewestKnownMinor; minor >= 0; --minor)
        m_versions->addItem(ApimVersion(4, minor, 0).toString());
    m_versions->setCompleter(nullptr);
    m_version = m_versions->lineEdit();
    m_version->setObjectName(QStringLiteral("apimVersion"));
    m_version->setPlaceholderText(tr("Not known: read from the server"));
    m_versions->setToolTip(tr("The API Manager release as its About page or download shows it, e.g. 4.2.0. "
                              "Leave it empty and the console reads what the server offers when it connects."));
    m_versionNote->setObjectName(QStringLiteral("apimVersionNote"));
    m_versionNote->setTextFormat(Qt::PlainText);
    m_versionNote->setWordWrap(true);
    m_versionNote->hide();

    auto *form = new QFormLayout;
    auto addRow = [&](const QString &label, QLineEdit *field) {
        auto *l = new QLabel(label, this);
        l->setBuddy(field);
        form->addRow(l, field);
    };
    auto *profileLabel = new QLabel(tr("&Profile name:"), this);
    profileLabel->setBuddy(m_profiles);
    form->addRow(profileLabel, m_profiles);
    addRow(tr("&URL:"), m_url);
    addRow(tr("User n&ame:"), m_username);
    addRow(tr("Pass&word:"), m_password);
    auto *versionLabel = new QLabel(tr("API Manager &version:"), this);
    versionLabel->setBuddy(m_versions);
    form->addRow(versionLabel, m_versions);
    form->addRow(QString(), m_versionNote);

    m_error->setObjectName(QStringLiteral("connectError"));
    m_error->setTextFormat(Qt::PlainText); // server and user text: never markup or links
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xb0, 0x1e, 0x1e));
    m_error->setPalette(errorPalette);
    m_status->setObjectName(QStringLiteral("connectStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setObjectName(QStringLiteral("connectProgress"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(12);
    m_cancel->setObjectName(QStringLiteral("cancelTest"));
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);

    m_test->setObjectName(QStringLiteral("testConnection"));
    m_save->setObjectName(QStringLiteral("saveProfile"));
    m_save->setToolTip(tr("Save the profile without contacting the server"));
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setToolTip(tr("Test the connection, save the profile and connect"));
    m_connect->setDefault(true);
    m_close->setObjectName(QStringLiteral("closeButton"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_test);
    buttons->addStretch(1);
    buttons->addWidget(m_close);
    buttons->addWidget(m_save);
    buttons->addWidget(m_connect);

    auto *layout = new QVBoxLayout(this);
    // Never smaller than what it shows: a long error makes the dialog taller instead of squashing the fields.
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addLayout(progressRow);
    layout->addWidget(m_error);
    layout->addWidget(m_certificate);
    layout->addStretch(1);
    layout->addLayout(buttons);

    setTabOrder(m_profiles, m_url);
    setTabOrder(m_url, m_username);
    setTabOrder(m_username, m_password);
    setTabOrder(m_password, m_versions);
    setTabOrder(m_versions, m_test);
    setTabOrder(m_test, m_close);
    setTabOrder(m_close, m_save);
    setTabOrder(m_save, m_connect);

    connect(m_test, &QPushButton::clicked, this, &ConnectDialog::testConnection);
    connect(m_connect, &QPushButton::clicked, this, &ConnectDialog::connectAndSave);
    connect(m_save, &QPushButton::clicked, this, &ConnectDialog::save);
    connect(m_close, &QPushButton::clicked, this, &ConnectDialog::reject);
    connect(m_cancel, &QPushButton::clicked, this, &ConnectDialog::cancelRunning);
    connect(m_certificate, &CertificateTrustPanel::trustRequested, this, &ConnectDialog::trustCertificate);
    connect(m_profiles, &QComboBox::activated, this, [this](int index) {
        if (!m_running)
            loadProfile(m_profiles->itemText(index));
    });
    connect(m_certificate, &CertificateTrustPanel::rejected, this, [this] {
        m_certificate->hide();
        fitToContents();
        showError(ApiError::validation(tr("Not connected: the server's certificate was not trusted."),
                                       tr("Ask your API Manager administrator for its certificate fingerprint, or "
                                          "install a certificate this computer trusts on the server.")),
                  m_url);
    });
    connect(m_version, &QLineEdit::textChanged, this, &ConnectDialog::showVersionNote);
    for (QLineEdit *field : {m_name, m_url, m_username, m_password, m_version}) {
        connect(field, &QLineEdit::textEdited, this, [this, field] {
            // A changed field makes an earlier error stale; what was typed stays.
            if (!m_running)
                m_error->hide();
            if (field == m_url)
                m_certificate->hide();
            updateButtons();
        });
    }
    clearMessages();
    loadProfile(QString());
}

ConnectDialog::~ConnectDialog()
{
    if (m_running)
        m_running->cancel();
}

void ConnectDialog::loadProfile(const QString &profileName)
{
    m_loadedProfile.clear();
    m_loadedHasPassword = false;
    m_loadedPins.clear();
    const auto profile = m_context->profiles()->apimProfile(profileName);
    if (!profileName.isEmpty() && profile) {
        m_loadedProfile = profile->name;
        m_loadedHasPassword = true;
        m_loadedPins = profile->pinnedCertificates;
        m_name->setText(profile->name);
        m_url->setText(profile->url.toString());
        m_username->setText(profile->username);
        m_version->setText(profile->apimVersion);
        if (!profile->dcrClientId.isEmpty()) {
            // Reuse the profile's REST client: a Test here must not register another one on the server.
            Job *read = m_context->secrets()->read(dcrSecretKey(profile->name));
            m_registrationRead = read;
            const QString name = profile->name;
            const QUrl url = profile->url;
            const QString clientId = profile->dcrClientId;
            read->onFinished(this, [this, name, url, clientId](Job *job) {
                if (job->hasError() || m_loadedProfile != name)
                    return; // not stored: a Test registers, as for a new profile
                m_registrationUrl = url;
                m_registrationClientId = clientId;
                m_registrationSecret = job->result().toString();
            });
        }
    }
    m_password->clear();
    m_password->setPlaceholderText(m_loadedHasPassword ? tr("Stored in the keychain; type to replace it")
                                                       : tr("Stored in the system keychain"));
    clearMessages();
    updateButtons();
    (m_name->text().isEmpty() ? m_name : m_password)->setFocus();
}

bool ConnectDialog::isBusy() const
{
    return bool(m_running);
}

bool ConnectDialog::hasStoredPassword(const QString &name) const
{
    return m_loadedHasPassword && name == m_loadedProfile;
}

QString ConnectDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString ConnectDialog::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

bool ConnectDialog::readInput(Input *input, bool needPassword)
{
    input->name = m_name->text().trimmed();
    input->username = m_username->text().trimmed();
    input->password = m_password->text();
    if (input->name.isEmpty()) {
        showError(ApiError::validation(tr("The profile needs a name."),
                                       tr("Any short name will do, e.g. “production”; the command line uses it too."),
                                       QStringLiteral("name")),
                  m_name);
        return false;
    }
    if (input->name.contains(QLatin1Char('/'))) {
        showError(ApiError::validation(tr("The profile name cannot contain “/”."), tr("Use letters, digits, “-” or “_”."),
                                       QStringLiteral("name")),
                  m_name);
        return false;
    }
    const QString urlText = m_url->text().trimmed();
    if (urlText.isEmpty()) {
        showError(ApiError::validation(tr("Enter the API Manager's URL."),
                                       tr("For example https://apim.example.com:9443 (the address of its Carbon and "
                                          "Publisher portals, without a path)."),
                                       QStringLiteral("url")),
                  m_url);
        return false;
    }
    if (const ApiError userInfo = ProfileValidation::refuseUserInfo(urlText)) {
        showError(userInfo, m_url);
        return false;
    }
    if (!urlText.contains(QLatin1String("://"))) {
        showError(ApiError::validation(tr("The URL “%1” has no scheme.").arg(urlText),
                                       tr("Write it with https://, e.g. https://%1").arg(urlText), QStringLiteral("url")),
                  m_url);
        return false;
    }
    input->url = QUrl(urlText, QUrl::StrictMode);
    if (!input->url.isValid() || input->url.host().isEmpty()
        || (input->url.scheme() != QLatin1String("https") && input->url.scheme() != QLatin1String("http"))) {
        showError(ApiError::validation(tr("“%1” is not a usable https:// address.").arg(urlText),
                                       tr("Use the form https://host:port, e.g. https://apim.example.com:9443."),
                                       QStringLiteral("url")),
                  m_url);
        return false;
    }
    if (input->url.scheme() == QLatin1String("http") && !HttpSession::isLoopbackHost(input->url.host())) {
        showError(ApiError::validation(tr("Plain http:// would send the password unencrypted."),
                                       tr("Use https:// (API Manager listens on https://%1:9443 by default).")
                                           .arg(input->url.host()),
                                       QStringLiteral("url")),
                  m_url);
        return false;
    }
    if (input->username.isEmpty()) {
        showError(ApiError::validation(tr("Enter the administrator's user name."),
                                       tr("An account with the admin role, e.g. “admin”."), QStringLiteral("username")),
                  m_username);
        return false;
    }
    const QString versionText = m_version->text().trimmed();
    if (!versionText.isEmpty()) {
        if (const ApiError e = ProfileValidation::apimVersion(versionText, &input->apimVersion)) {
            showError(e, m_version);
            return false;
        }
    }
    if (needPassword && input->password.isEmpty() && !hasStoredPassword(input->name)) {
        showError(ApiError::validation(tr("Enter the password of “%1”.").arg(input->username),
                                       tr("It is stored in the system keychain only."), QStringLiteral("password")),
                  m_password);
        return false;
    }
    return true;
}

void ConnectDialog::testConnection()
{
    run(Goal::Test);
}

void ConnectDialog::connectAndSave()
{
    run(Goal::Connect);
}

void ConnectDialog::run(Goal goal)
{
    if (m_running)
        return;
    if (m_registrationRead && !m_registrationRead->isFinished()) {
        // The stored REST client is a moment away: wait for it rather than register a new one.
        m_registrationRead->onFinished(this, [this, goal](Job *) { run(goal); });
        return;
    }
    m_lastGoal = goal;
    Input input;
    clearMessages();
    if (!readInput(&input, true))
        return;
    if (!input.password.isEmpty()) {
        Redactor::registerSecret(input.password);
        runWithPassword(goal, input);
        return;
    }
    // The stored password is needed to test: fetch it from the keychain first.
    Job *read = m_context->secrets()->read(passwordKey(input.name));
    setRunning(read, tr("Reading the stored password from the keychain…"));
    read->onFinished(this, [this, goal, input](Job *job) mutable {
        m_running = nullptr;
        if (job->hasError()) {
            if (job->error().kind != ApiError::Kind::Cancelled) {
                ApiError e = job->error();
                e.hint = tr("Type the password again; it will be stored when you save.");
                showError(e, m_password);
            } else {
                showStatus(tr("Cancelled."));
            }
            updateButtons();
            return;
        }
        input.password = job->result().toString();
        runWithPassword(goal, input);
    });
}

void ConnectDialog::runWithPassword(Goal goal, const Input &input)
{
    HttpSession *http = m_context->http();
    for (auto it = m_loadedPins.cbegin(); it != m_loadedPins.cend(); ++it)
        http->pinCertificate(it.key(), it.value());
    for (auto it = m_newPins.cbegin(); it != m_newPins.cend(); ++it)
        http->pinCertificate(it.key(), it.value());

    ApimCredentials credentials;
    credentials.baseUrl = input.url;
    credentials.username = input.username;
    credentials.password = input.password;
    if (m_registrationUrl == input.url) {
        credentials.dcrClientId = m_registrationClientId;
        credentials.dcrClientSecret = m_registrationSecret;
    }
    if (m_testClient)
        m_testClient->deleteLater();
    m_testClient = new ApimClient(http, credentials, this);
    const QUrl url = input.url;
    connect(m_testClient, &ApimClient::registrationChanged, this, [this, url](const QString &clientId, const QString &secret) {
        m_registrationUrl = url;
        m_registrationClientId = clientId;
        m_registrationSecret = secret;
    });
    Job *job = m_testClient->testConnection();
    setRunning(job, tr("Contacting %1…").arg(url.toDisplayString()));
    job->onFinished(this, [this, goal, input](Job *job) { finishTest(goal, input, job); });
}

void ConnectDialog::finishTest(Goal goal, const Input &input, Job *job)
{
    m_running = nullptr;
    updateButtons();
    const ApiError &error = job->error();
    if (!job->hasError()) {
        showStatus(tr("✔ API Manager at %1 accepted “%2”.").arg(input.url.toDisplayString(), input.username));
        if (goal == Goal::Connect)
            storeProfile(input, true);
        return;
    }
    switch (error.kind) {
    case ApiError::Kind::Cancelled:
        showStatus(tr("Test cancelled. Nothing was saved."));
        return;
    case ApiError::Kind::Tls:
        if (!error.certificateChain.isEmpty()) {
            showStatus(tr("Not connected yet: decide below whether to trust the server's certificate."));
            // A pin the certificate does not match: show it as a change, with the fingerprint trusted before.
            m_certificate->showCertificate(HttpSession::hostPort(input.url), error.certificateChain,
                                           error.vendorCode == QLatin1String("pin-mismatch")
                                               ? m_context->http()->pinnedFingerprint(HttpSession::hostPort(input.url))
                                               : QString());
            adjustSize();
            m_certificate->setFocus();
            return;
        }
        showError(error, m_url);
        return;
    case ApiError::Kind::Http:
        if (error.httpStatus == 401 || error.httpStatus == 400 || error.vendorCode == QLatin1String("invalid_grant")
            || error.vendorCode == QLatin1String("invalid_client")) {
            ApiError e = error;
            if (e.hint.isEmpty())
                e.hint = tr("Check the user name and password; the account needs the admin role.");
            showError(e, m_password);
            return;
        }
        showError(error, m_url);
        return;
    default:
        showError(error, m_url);
        return;
    }
}

void ConnectDialog::trustCertificate(const QString &hostPort, const QString &fingerprint)
{
    m_newPins.insert(hostPort, fingerprint);
    m_context->http()->pinCertificate(hostPort, fingerprint);
    m_certificate->hide();
    fitToContents();
    showStatus(tr("Trusting the certificate %1 for %2. Trying again…").arg(fingerprint.left(23) + QStringLiteral("…"), hostPort));
    run(m_lastGoal);
}

void ConnectDialog::save()
{
    if (m_running)
        return;
    Input input;
    clearMessages();
    if (readInput(&input, true))
        storeProfile(input, false);
}

void ConnectDialog::storeProfile(const Input &input, bool connectNow)
{
    // Secrets first: a profile must never point at a password that was not stored.
    QList<QPair<QString, QString>> secrets;
    if (!input.password.isEmpty())
        secrets.append({passwordKey(input.name), input.password});
    if (m_registrationUrl == input.url && !m_registrationSecret.isEmpty())
        secrets.append({dcrSecretKey(input.name), m_registrationSecret});
    if (secrets.isEmpty()) {
        writeProfile(input, connectNow);
        return;
    }
    QList<tasks::Factory> writes;
    for (const auto &secret : std::as_const(secrets))
        writes << [store = QPointer<SecretStore>(m_context->secrets()), secret]() -> Job * {
            return store ? store->write(secret.first, secret.second) : nullptr;
        };
    Job *writeAll = tasks::parallel(writes, this);
    setRunning(writeAll, tr("Storing the password in the keychain…"));
    writeAll->onFinished(this, [this, input, connectNow](Job *job) {
        m_running = nullptr;
        updateButtons();
        if (job->hasError()) {
            ApiError e = job->error();
            if (e.kind == ApiError::Kind::Cancelled) {
                showStatus(tr("Cancelled. Nothing was saved."));
                return;
            }
            showError(e, m_password);
            return;
        }
        writeProfile(input, connectNow);
    });
}

void ConnectDialog::writeProfile(const Input &input, bool connectNow)
{
    ProfileStore *store = m_context->profiles();
    ApimProfile profile;
    if (const auto existing = store->apimProfile(input.name))
        profile = *existing;
    profile.name = input.name;
    if (profile.url != input.url) {
        profile.dcrClientId.clear(); // a registration belongs to one server
        profile.server = QJsonObject(); // and so does what was read of it
    }
    profile.url = input.url;
    profile.username = input.username;
    profile.apimVersion = input.apimVersion;
    if (m_registrationUrl == input.url && !m_registrationClientId.isEmpty())
        profile.dcrClientId = m_registrationClientId;
    for (auto it = m_loadedPins.cbegin(); it != m_loadedPins.cend(); ++it)
        profile.pinnedCertificates.insert(it.key(), it.value());
    for (auto it = m_newPins.cbegin(); it != m_newPins.cend(); ++it)
        profile.pinnedCertificates.insert(it.key(), it.value());
    store->upsertApim(profile);
    if (connectNow || store->activeApimProfile().isEmpty())
        store->setActiveApimProfile(profile.name);
    ApiError error;
    if (!store->save(&error)) {
        showError(error);
        return;
    }
    m_newPins.clear();
    Q_EMIT profileSaved(profile.name, connectNow);
    accept();
}

void ConnectDialog::cancelRunning()
{
    if (m_running)
        m_running->cancel();
}

void ConnectDialog::reject()
{
    cancelRunning();
    // A certificate trusted here but never saved is not trusted beyond this dialog.
    for (auto it = m_newPins.cbegin(); it != m_newPins.cend(); ++it) {
        if (m_loadedPins.value(it.key()) != it.value())
            m_context->http()->unpinCertificate(it.key());
    }
    m_newPins.clear();
    QDialog::reject();
}

void ConnectDialog::setRunning(Job *job, const QString &text)
{
    m_running = job;
    m_error->hide();
    m_certificate->hide();
    showStatus(text);
    connect(job, &Job::progress, this, &ConnectDialog::showStatus);
    updateButtons();
}

void ConnectDialog::fitToContents()
{
    // Once the layout has run, the height the contents need at this width: a wrapped note or error is shown
    // whole, and the space a hidden certificate panel leaves goes.
    QTimer::singleShot(0, this, [this] {
        layout()->activate();
        resize(width(), layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width()) : minimumSizeHint().height());
    });
}

void ConnectDialog::showError(const ApiError &error, QLineEdit *field)
{
    // The final word replaces the progress lines ("Contacting…", "Not connected yet…") above it.
    showStatus(QString());
    m_error->setText(error.toUserText());
    m_error->show();
    fitToContents();
    if (field) {
        field->setFocus();
        field->selectAll();
    }
    updateButtons();
}

void ConnectDialog::showStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void ConnectDialog::clearMessages()
{
    m_error->hide();
    m_error->clear();
    showStatus(QString());
    m_certificate->hide();
}

void ConnectDialog::updateButtons()
{
    const bool busy = bool(m_running);
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    m_test->setEnabled(!busy);
    m_save->setEnabled(!busy);
    m_connect->setEnabled(!busy);
    for (QLineEdit *field : {m_name, m_url, m_username, m_password, m_version})
        field->setReadOnly(busy);
    m_profiles->setEnabled(!busy);
    m_versions->setEnabled(!busy);
}

void ConnectDialog::showVersionNote()
{
    // What the console makes of the release typed, as it is typed: a release newer than it knows, or one it
    // cannot read. Nothing for a known release or an empty field.
    const QString text = m_version->text().trimmed();
    const QString note = text.isEmpty() ? QString() : ApimVersion::parse(text).problem();
    m_versionNote->setText(note);
    m_versionNote->setVisible(!note.isEmpty());
    fitToContents();
}

} // namespace km
