#pragma once
// Token Inspector: paste an access token, pick the key manager it is meant for, and see whether the
// gateway would accept it — signature against the key manager's JWKS, issuer, consumer-key claim,
// scopes, expiry — with each problem in words and its fix. The token is shown coloured by part beside its
// decoded header and payload, its times on a timeline; on request a second key manager's view of the same
// token is shown beside the first with the differences marked. The token is never stored or logged.

#include "services/core/JobSlot.h"
#include "services/tokens/TokenDiagnosis.h"

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
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
class TokenComparisonModel;
class TokenTimelineWidget;
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
    // The second key manager's view of the last token, when Compare was on; empty otherwise.
    TokenComparisonModel *comparisonModel() const { return m_comparison; }
    TokenTimelineWidget *timeline() const { return m_timeline; }
    // Shows the "Compare with" row and picks the key manager of that name (empty: hides it).
    void setCompareWith(const QString &keyManagerName);

public Q_SLOTS:
    void inspect();
    void refreshKeyManagers();
    void clearToken();

Q_SIGNALS:
    void inspected();
    // The comparison with the second key manager is shown.
    void compared();

protected:
    void changeEvent(QEvent *event) override;

private:
    void runInspection(const QJsonObject &keyManager);
    // Picks the key manager whose issuer is the token's (TokenInspection::keyManagerWithIssuer), then inspects.
    void selectByIssuer(const QString &issuer);
    void showResult(TokenInspectionJob *job);
    void setBusy(bool busy, const QString &text = QString());
    void renderToken();
    void startComparison();
    void showComparison(TokenInspectionJob *job, const QString &name);
    void fillKeyManagerCombos(const QJsonArray &list, const QString &compared);

    HttpSession *m_http;
    QPointer<ApimClient> m_client;
    QPlainTextEdit *m_input;
    QComboBox *m_keyManager;
    QLineEdit *m_jwksUrl;
    QPushButton *m_inspect;
    QPushButton *m_clear;
    QPushButton *m_compare;
    QComboBox *m_compareWith;
    QWidget *m_compareRow;
    QTextBrowser *m_encoded;
    QTextBrowser *m_decoded;
    TokenTimelineWidget *m_timeline;
    QLabel *m_timelineSummary;
    QWidget *m_timelineRow;
    QWidget *m_compareTab;
    InlineMessage *m_compareLeft;
    InlineMessage *m_compareRight;
    QLabel *m_compareSummary;
    QTableView *m_compareView;
    TokenComparisonModel *m_comparison;
    JobSlot m_compareDetailJob{this}; // the second key manager, then its inspection
    JobSlot m_compareJob{this};
    DecodedToken m_lastToken;
    TokenDiagnosis m_lastDiagnosis;
    bool m_lastVerified = false;
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
    JobSlot m_listJob{this};   // this page's wait for the connection's key-manager list
    JobSlot m_detailJob{this}; // the key manager the token is read under
    JobSlot m_job{this};       // the inspection
    QString m_pendingKeyManager;
    // Said of the key manager the token is read under (none named, none with its issuer), shown with the result.
    QString m_note;
    QString m_pendingCompare;
    QJsonObject m_lastKeyManager;
    QList<TokenFinding> m_lastFindings;
};

} // namespace km
