// The table models show what a user reads in the Key Managers and Activity pages, stay consistent
// under QAbstractItemModelTester, and filter through a QSortFilterProxyModel.

#include "models/activity/ActivityLogModel.h"
#include "models/keymanagers/KeyManagerTableModel.h"
#include "services/http/ActivityLog.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace km;

namespace {
QJsonObject keyManagerList()
{
    return QJsonDocument::fromJson(R"({"count":3,"list":[
        {"id":"11111111-0000-0000-0000-000000000001","name":"Resident Key Manager","type":"default","enabled":true,"tokenType":"DIRECT"},
        {"id":"11111111-0000-0000-0000-000000000002","name":"AzureAD-v2","type":"AzureAD","enabled":false,"tokenType":"DIRECT","description":"Entra ID v2 tokens"},
        {"id":"11111111-0000-0000-0000-000000000003","name":"Asgardeo","type":"Asgardeo","enabled":true}
    ]})").object();
}
QString id(int n)
{
    return QStringLiteral("11111111-0000-0000-0000-00000000000%1").arg(n);
}
QString cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}
ActivityEntry entry(const char *method, const QString &url, int status, const QString &purpose, const QString &error = {})
{
    ActivityEntry e;
    e.started = QDateTime::currentDateTime();
    e.method = method;
    e.url = QUrl(url);
    e.status = status;
    e.durationMs = 42;
    e.purpose = purpose;
    e.error = error;
    return e;
}
} // namespace

class TstModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keyManagerListFillsColumns();
    void keyManagerDetailsFillDisplayNameAndIssuer();
    void keyManagerDetailsSurviveRefresh();
    void keyManagerFilter_data();
    void keyManagerFilter();
    void activityRowsFollowTheLog();
    void activityEvictsWithTheLog();
    void activityFilter_data();
    void activityFilter();
};

void TstModels::keyManagerListFillsColumns()
{
    KeyManagerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setKeyManagerList(keyManagerList());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), 6);
    QCOMPARE(model.headerData(KeyManagerTableModel::Issuer, Qt::Horizontal).toString(), QStringLiteral("Issuer"));
    QCOMPARE(cell(model, 1, KeyManagerTableModel::Name), QStringLiteral("AzureAD-v2"));
    QCOMPARE(cell(model, 1, KeyManagerTableModel::Type), QStringLiteral("AzureAD"));
    QCOMPARE(cell(model, 1, KeyManagerTableModel::Enabled), QStringLiteral("Disabled"));
    QCOMPARE(model.index(1, KeyManagerTableModel::Enabled).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    QCOMPARE(cell(model, 0, KeyManagerTableModel::Enabled), QStringLiteral("Enabled"));
    // tokenType absent: the API's default, in words, with what it means in the tooltip
    QCOMPARE(cell(model, 2, KeyManagerTableModel::TokenType), QStringLiteral("Direct"));
    QVERIFY(cell(model, 2, KeyManagerTableModel::TokenType, Qt::ToolTipRole).startsWith(QLatin1String("Direct (not set")));
    // Display name and issuer need the details: the cells say so instead of looking empty.
    QCOMPARE(cell(model, 1, KeyManagerTableModel::Issuer), QStringLiteral("loading…"));
    QCOMPARE(cell(model, 1, KeyManagerTableModel::DisplayName), QStringLiteral("loading…"));
    QCOMPARE(cell(model, 1, KeyManagerTableModel::Name, Qt::ToolTipRole), QStringLiteral("Entra ID v2 tokens"));
    QCOMPARE(model.idsWithoutDetail().size(), 3);
    QCOMPARE(model.rowOf(id(3)), 2);
    QCOMPARE(model.nameAt(2), QStringLiteral("Asgardeo"));
    QVERIFY(!model.isEnabled(1));

    model.removeKeyManager(id(2));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(id(2)), -1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TstModels::keyManagerDetailsFillDisplayNameAndIssuer()
{
    KeyManagerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setKeyManagerList(keyManagerList());
    model.setDetailLoading(id(2));
    QCOMPARE(model.idsWithoutDetail().size(), 2);
    QJsonObject detail{{QStringLiteral("id"), id(2)},
                       {QStringLiteral("name"), QStringLiteral("AzureAD-v2")},
                       {QStringLiteral("displayName"), QStringLiteral("Entra ID (v2)")},
                       {QStringLiteral("type"), QStringLiteral("AzureAD")},
                       {QStringLiteral("enabled"), true},
                       {QStringLiteral("issuer"), QStringLiteral("https://login.microsoftonline.com/tid/v2.0")}};
    model.setDetail(id(2), detail);
    QCOMPARE(cell(model, 1, KeyManagerTableModel::Issuer), QStringLiteral("https://login.microsoftonline.com/tid/v2.0"));
    QCOMPARE(cell(model, 1, KeyManagerTableModel::DisplayName), QStringLiteral("Entra ID (v2)"));
    // The details are newer than the list: enabled follows them.
    QCOMPARE(cell(model, 1, KeyManagerTableModel::Enabled), QStringLiteral("Enabled"));
    QCOMPARE(model.index(1, 0).data(KeyManagerTableModel::DetailRole).toJsonObject(), detail);

    model.setDetailError(id(3), QStringLiteral("HTTP 500: boom."));
    QCOMPARE(cell(model, 2, KeyManagerTableModel::Issuer), QStringLiteral("unavailable"));
    QVERIFY(cell(model, 2, KeyManagerTableModel::Issuer, Qt::ToolTipRole).contains(QLatin1String("HTTP 500: boom.")));

    model.invalidateDetail(id(2));
    QCOMPARE(cell(model, 1, KeyManagerTableModel::Issuer), QStringLiteral("loading…"));
}

void TstModels::keyManagerDetailsSurviveRefresh()
{
    KeyManagerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setKeyManagerList(keyManagerList());
    model.setDetail(id(1), {{QStringLiteral("issuer"), QStringLiteral("https://localhost:9443/oauth2/token")}});
    QJsonObject list = keyManagerList();
    QJsonArray entries = list.value(QLatin1String("list")).toArray();
    entries.removeAt(1);
    list.insert(QStringLiteral("list"), entries);
    model.setKeyManagerList(list);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, KeyManagerTableModel::Issuer), QStringLiteral("https://localhost:9443/oauth2/token"));
    QCOMPARE(model.idsWithoutDetail(), QStringList{id(3)});
}

void TstModels::keyManagerFilter_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("everything, sorted by name") << QString() << QStringList{QStringLiteral("Asgardeo"), QStringLiteral("AzureAD-v2"), QStringLiteral("Resident Key Manager")};
    QTest::newRow("by type, any case") << QStringLiteral("azuread") << QStringList{QStringLiteral("AzureAD-v2")};
    QTest::newRow("by issuer") << QStringLiteral("asgardeo.io/t/acme") << QStringList{QStringLiteral("Asgardeo")};
    QTest::newRow("nothing") << QStringLiteral("okta") << QStringList{};
}

void TstModels::keyManagerFilter()
{
    QFETCH(QString, filter);
    QFETCH(QStringList, names);
    KeyManagerTableModel model;
    model.setKeyManagerList(keyManagerList());
    model.setDetail(id(3), {{QStringLiteral("issuer"), QStringLiteral("https://api.asgardeo.io/t/acme/oauth2/token")}});
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(-1);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy.setSortRole(KeyManagerTableModel::SortRole);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(KeyManagerTableModel::Name);
    proxy.setFilterFixedString(filter);
    QStringList shown;
    for (int row = 0; row < proxy.rowCount(); ++row)
        shown << proxy.index(row, KeyManagerTableModel::Name).data().toString();
    QCOMPARE(shown, names);
}

void TstModels::activityRowsFollowTheLog()
{
    ActivityLog log;
    log.append(entry("GET", QStringLiteral("https://localhost:9443/api/am/admin/v4/key-managers"), 200, QStringLiteral("List key managers")));
    ActivityLogModel model(&log);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), 6);
    log.append(entry("POST", QStringLiteral("https://localhost:9443/oauth2/token"), 401, QStringLiteral("Get an access token"),
                     QStringLiteral("HTTP 401 (invalid_grant): Authentication failed.")));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 1, ActivityLogModel::Method), QStringLiteral("POST"));
    QCOMPARE(cell(model, 1, ActivityLogModel::Url), QStringLiteral("https://localhost:9443/oauth2/token"));
    QCOMPARE(cell(model, 1, ActivityLogModel::Status), QStringLiteral("401"));
    QCOMPARE(cell(model, 1, ActivityLogModel::Duration), QStringLiteral("42 ms"));
    QCOMPARE(cell(model, 1, ActivityLogModel::PurposeOrError),
             QStringLiteral("Get an access token — HTTP 401 (invalid_grant): Authentication failed."));
    QVERIFY(model.index(1, 0).data(ActivityLogModel::FailedRole).toBool());
    QVERIFY(!model.index(0, 0).data(ActivityLogModel::FailedRole).toBool());
    QCOMPARE(model.headerData(ActivityLogModel::PurposeOrError, Qt::Horizontal).toString(), QStringLiteral("Purpose / error"));

    log.append(entry("GET", QStringLiteral("https://unreachable.example:9443/"), 0, QString(),
                     QStringLiteral("Could not reach unreachable.example.")));
    QCOMPARE(cell(model, 2, ActivityLogModel::Status), QStringLiteral("no answer"));
    QCOMPARE(cell(model, 2, ActivityLogModel::PurposeOrError), QStringLiteral("Could not reach unreachable.example."));

    log.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TstModels::activityEvictsWithTheLog()
{
    ActivityLog log;
    log.setCapacity(3);
    ActivityLogModel model(&log);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 1; i <= 5; ++i)
        log.append(entry("GET", QStringLiteral("https://h/%1").arg(i), 200, QStringLiteral("call %1").arg(i)));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(cell(model, 0, ActivityLogModel::PurposeOrError), QStringLiteral("call 3"));
    QCOMPARE(cell(model, 2, ActivityLogModel::PurposeOrError), QStringLiteral("call 5"));
    QCOMPARE(model.entry(2).id, log.entries().last().id);
}

void TstModels::activityFilter_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("rows");
    QTest::newRow("all") << QString() << 3;
    QTest::newRow("method") << QStringLiteral("delete") << 1;
    QTest::newRow("status") << QStringLiteral("404") << 1;
    QTest::newRow("url part") << QStringLiteral("key-managers") << 2;
    QTest::newRow("error text") << QStringLiteral("not found") << 1;
    QTest::newRow("none") << QStringLiteral("graph.microsoft.com") << 0;
}

void TstModels::activityFilter()
{
    QFETCH(QString, filter);
    QFETCH(int, rows);
    ActivityLog log;
    log.append(entry("GET", QStringLiteral("https://localhost:9443/api/am/admin/v4/key-managers"), 200, QStringLiteral("List key managers")));
    log.append(entry("DELETE", QStringLiteral("https://localhost:9443/api/am/admin/v4/key-managers/x"), 404,
                     QStringLiteral("Delete key manager"), QStringLiteral("HTTP 404 (901411): Key manager not found.")));
    log.append(entry("POST", QStringLiteral("https://localhost:9443/oauth2/token"), 200, QStringLiteral("Get an access token")));
    ActivityLogModel model(&log);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(-1);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setFilterFixedString(filter);
    QCOMPARE(proxy.rowCount(), rows);
}

QTEST_GUILESS_MAIN(TstModels)
#include "tst_models.moc"
