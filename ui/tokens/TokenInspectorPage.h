#pragma once
// Token Inspector: paste an access token, pick the key manager it is meant for, and see whether the
// gateway would accept it — signature against the key manager's JWKS, issuer, consumer-key claim,
// scopes, expiry — with each problem in words and its fix. The token is never stored or logged.

#include "services/tokens/TokenDiagnosis.h"

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace km {

class ApimClient;
class EmptyStateView;
class HttpSession;
class InlineMessage;
class Job;
class TokenClaimsModel;
class TokenInspectionJob;

class TokenInspectorPage : public QWidget
{
    Q_OBJECT
public:
    explicit TokenInspectorPage(HttpSession *http, QWidget *parent = nullptr);
    ~TokenInspectorPage() override;

    // The connected API Manager, whose key managers the token can be checked against; null when not connected.
    void setClient(ApimClient *client);

    // Opens a token (e.g. one the console just requested), checked against the key manager of that name;
    // without a name, against the key manager whose issuer is the token's.
    void inspectToken(const QString &token, const QString &keyManagerName = QString());

    QString verdictText() const;
    TokenClaimsModel *claimsModel() const { return m_claims; }
    // What the Findings tab shows, in the diagnosis's order.
    QList<TokenFinding> findings() const { return m_lastFindings; }

public Q_SLOTS:
    void inspect();
    void refreshKeyManagers();
    void clearToken();

Q_SIGNALS:
    void inspected();

private:
    void runInspection(const QJsonObject &keyManager);
    void selectByIssuer(const QString &issuer, int index);
    void showResult(TokenInspectionJob *job);
    void setBusy(bool busy, const QString &text = QString());

    HttpSession *m_http;
    QPointer<ApimClient> m_client;
    QPlainTextEdit *m_input;
    QComboBox *m_keyManager;
    QLineEdit *m_jwksUrl;
    QPushButton *m_inspect;
    QPushButton *m_clear;
    InlineMessage *m_verdict;
    QLabel *m_status;
    QTabWidget *m_tabs;
    EmptyStateView *m_empty;
    QTextBrowser *m_findings;
    QTableView *m_claimsView;
    QTableView *m_headerView;
    QPlainTextEdit *m_json;
    TokenClaimsModel *m_claims;
    TokenClaimsModel *m_header;
    QPointer<Job> m_listJob;
    QPointer<Job> m_detailJob;
    QPointer<TokenInspectionJob> m_job;
    QString m_pendingKeyManager;
    QJsonObject m_lastKeyManager;
    QList<TokenFinding> m_lastFindings;
};

} // namespace km
