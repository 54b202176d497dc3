// The Applications page's two tables as a user reads them: one row per DevPortal application and key
// (and a "no keys" row), Entra applications with their token version ("1 (null)"), secrets "n of 2" and
// the nearest expiry; both under QAbstractItemModelTester.

#include "models/applications/DevPortalApplicationModel.h"
#include "models/applications/EntraApplicationModel.h"
#include "models/common/SearchFilterProxyModel.h"
#include "support/BackgroundWork.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTest>

using namespace km;
using km::test::backgroundWorkSettled;

namespace {

QJsonObject key(const QString &km, const QString &type, const QString &consumerKey, const QString &mode)
{
    return QJsonObject{{QStringLiteral("keyManager"), km}, {QStringLiteral("keyType"), type}, {QStringLiteral("consumerKey"), consumerKey},
                       {QStringLiteral("mode"), mode}, {QStringLiteral("keyState"), QStringLiteral("COMPLETED")}};
}

PortalKeyManager keyManager(const QString &name, const QString &type, int tokenVersion)
{
    PortalKeyManager km;
    km.name = name;
    km.type = type;
    km.tokenVersion = tokenVersion;
    return km;
}

QJsonObject application(const QString &id, const QString &name, const QJsonArray &keys)
{
    return QJsonObject{{QStringLiteral("applicationId"), id}, {QStringLiteral("name"), name}, {QStringLiteral("owner"), QStringLiteral("admin")},
                       {QStringLiteral("keys"), keys}};
}

QJsonObject password(const QString &keyId, const QDateTime &end)
{
    return QJsonObject{{QStringLiteral("keyId"), keyId}, {QStringLiteral("displayName"), QString(QStringLiteral("secret ") + keyId)},
                       {QStringLiteral("hint"), QStringLiteral("abc")},
                       {QStringLiteral("startDateTime"), end.addYears(-1).toString(Qt::ISODate)},
                       {QStringLiteral("endDateTime"), end.toString(Qt::ISODate)}};
}

QJsonObject graphApp(const QString &appId, const QString &name, const QJsonValue &version, const QStringList &uris, const QJsonArray &passwords,
                     const QString &signInAudience = QStringLiteral("AzureADMyOrg"))
{
    return QJsonObject{{QStringLiteral("id"), QString(QStringLiteral("obj-") + appId)}, {QStringLiteral("appId"), appId}, {QStringLiteral("displayName"), name},
                       {QStringLiteral("signInAudience"), signInAudience},
                       {QStringLiteral("identifierUris"), QJsonArray::fromStringList(uris)},
                       {QStringLiteral("api"), QJsonObject{{QStringLiteral("requestedAccessTokenVersion"), version}}},
                       {QStringLiteral("passwordCredentials"), passwords}};
}

} // namespace

class TstApplicationModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void devPortalRowsPerKeyAndNoKeys();
    void entraApplicationsSayVersionSecretsAndExpiry();
    void searchShowsWhatQtsFilterShows_data();
    void searchShowsWhatQtsFilterShows();
    void searchFollowsRowsThatComeGoAndChange();
    void listsOvertakenWhileReadAreDropped();
};

void TstApplicationModels::devPortalRowsPerKeyAndNoKeys()
{
    DevPortalApplicationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(-1);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    const QString entraClient = QStringLiteral("1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d");
    model.setApplications({application(QStringLiteral("a1"), QStringLiteral("Orders"),
                                       {key(QStringLiteral("Entra"), QStringLiteral("PRODUCTION"), entraClient, QStringLiteral("CREATED")),
                                        key(QStringLiteral("Resident Key Manager"), QStringLiteral("SANDBOX"), QStringLiteral("xyz"), QStringLiteral("CREATED"))}),
                           application(QStringLiteral("a2"), QStringLiteral("Empty"), {})});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.applicationCount(), 2);
    QCOMPARE(model.keyCount(), 2);
    QCOMPARE(model.index(0, DevPortalApplicationModel::ApplicationColumn).data().toString(), QStringLiteral("Orders"));
    QCOMPARE(model.index(0, DevPortalApplicationModel::OwnerColumn).data().toString(), QStringLiteral("admin"));
    QCOMPARE(model.index(0, DevPortalApplicationModel::ConsumerKeyColumn).data().toString(), entraClient);
    QCOMPARE(model.index(0, DevPortalApplicationModel::ModeColumn).data().toString(), QStringLiteral("CREATED"));
    QCOMPARE(model.index(0, DevPortalApplicationModel::KeyTypeColumn).data().toString(), QStringLiteral("PRODUCTION"));
    QCOMPARE(model.index(0, DevPortalApplicationModel::KeyStateColumn).data().toString(), QStringLiteral("COMPLETED"));
    // Unknown key managers are shown by name until their types arrive.
    QCOMPARE(model.index(0, DevPortalApplicationModel::KeyManagerColumn).data().toString(), QStringLiteral("Entra"));
    QVERIFY(model.azureKeys().isEmpty());
    QCOMPARE(model.index(2, DevPortalApplicationModel::ApplicationColumn).data().toString(), QStringLiteral("Empty"));
    QCOMPARE(model.index(2, DevPortalApplicationModel::KeyManagerColumn).data().toString(), QStringLiteral("no keys"));
    QVERIFY(model.index(2, DevPortalApplicationModel::KeyManagerColumn).data(Qt::ToolTipRole).toString().contains(QLatin1String("Provide existing keys")));
    QCOMPARE(model.index(2, 0).data(DevPortalApplicationModel::HasKeyRole).toBool(), false);
    QVERIFY(model.keyAt(2).isEmpty());

    model.setKeyManagers({keyManager(QStringLiteral("Entra"), QStringLiteral("AzureAD"), 2),
                          keyManager(QStringLiteral("Resident Key Manager"), QStringLiteral("Default"), 0)});
    QCOMPARE(model.index(0, DevPortalApplicationModel::KeyManagerColumn).data().toString(), QStringLiteral("Entra (AzureAD, v2 tokens)"));
    QCOMPARE(model.index(1, DevPortalApplicationModel::KeyManagerColumn).data().toString(), QStringLiteral("Resident Key Manager (Default)"));
    QCOMPARE(model.index(0, 0).data(DevPortalApplicationModel::KeyManagerVersionRole).toInt(), 2);
    const QJsonArray azure = model.azureKeys();
    QCOMPARE(azure.size(), 1);
    QCOMPARE(azure.first().toObject().value(QLatin1String("consumerKey")).toString(), entraClient);
    QCOMPARE(azure.first().toObject().value(QLatin1String("application")).toString(), QStringLiteral("Orders"));

    proxy.setFilterFixedString(QStringLiteral("no keys"));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setFilterFixedString(QString());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TstApplicationModels::entraApplicationsSayVersionSecretsAndExpiry()
{
    EntraApplicationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime now = QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);
    const QString legacy = QStringLiteral("11111111-2222-3333-4444-555555555555");
    const QString modern = QStringLiteral("66666666-7777-8888-9999-000000000000");
    model.setApplications({graphApp(legacy, QStringLiteral("Legacy"), QJsonValue(QJsonValue::Null), {}, {}),
                           graphApp(modern, QStringLiteral("Modern"), 2, {QStringLiteral("api://") + modern},
                                    {password(QStringLiteral("k1"), now.addDays(10)), password(QStringLiteral("k2"), now.addDays(200))},
                                    QStringLiteral("AzureADandPersonalMicrosoftAccount")),
                           graphApp(QStringLiteral("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"), QStringLiteral("Old"), 1, {},
                                    {password(QStringLiteral("k3"), now.addDays(-3))})},
                          now);
    QCOMPARE(model.rowCount(), 3);
    auto cell = [&model](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(cell(0, EntraApplicationModel::TokenVersionColumn), QStringLiteral("1 (null)"));
    QCOMPARE(cell(0, EntraApplicationModel::IdentifierUrisColumn), QStringLiteral("none"));
    QVERIFY(model.index(0, EntraApplicationModel::IdentifierUrisColumn).data(Qt::ToolTipRole).toString().contains(QLatin1String("AADSTS500011")));
    // Work accounts only: no secret limit, so no "of 2" (only personal-account audiences have one).
    QCOMPARE(cell(0, EntraApplicationModel::SecretsColumn), QStringLiteral("0"));
    QVERIFY(model.index(0, EntraApplicationModel::SecretsColumn).data(Qt::ToolTipRole).toString().contains(QLatin1String("No client-secret limit")));
    QCOMPARE(model.index(0, 0).data(EntraApplicationModel::SecretLimitRole).toInt(), 0);
    QCOMPARE(cell(0, EntraApplicationModel::NearestExpiryColumn), QStringLiteral("no secret"));
    QCOMPARE(cell(1, EntraApplicationModel::TokenVersionColumn), QStringLiteral("2"));
    QCOMPARE(cell(1, EntraApplicationModel::IdentifierUrisColumn), QStringLiteral("api://") + modern);
    QCOMPARE(cell(1, EntraApplicationModel::SecretsColumn), QStringLiteral("2 of 2 allowed"));
    QVERIFY(model.index(1, EntraApplicationModel::SecretsColumn).data(Qt::ToolTipRole).toString().contains(QLatin1String("limit")));
    QCOMPARE(cell(1, EntraApplicationModel::NearestExpiryColumn), QStringLiteral("2025-06-11 (in 10 days)"));
    QCOMPARE(cell(2, EntraApplicationModel::TokenVersionColumn), QStringLiteral("1"));
    QCOMPARE(cell(2, EntraApplicationModel::NearestExpiryColumn), QStringLiteral("2025-05-29 (expired)"));
    QCOMPARE(model.index(1, 0).data(EntraApplicationModel::SecretCountRole).toInt(), 2);
    QCOMPARE(model.rowForAppId(modern), 1);

    // Used by a v2 key manager: the legacy app's v1 tokens are the gateway's 900901.
    model.setUsage({QJsonObject{{QStringLiteral("consumerKey"), legacy}, {QStringLiteral("application"), QStringLiteral("Orders")},
                                {QStringLiteral("keyType"), QStringLiteral("PRODUCTION")}, {QStringLiteral("keyManager"), QStringLiteral("Entra")},
                                {QStringLiteral("tokenVersion"), 2}}});
    QCOMPARE(cell(0, EntraApplicationModel::UsedByColumn), QStringLiteral("Orders (PRODUCTION, Entra)"));
    QCOMPARE(model.index(0, 0).data(EntraApplicationModel::ExpectedVersionRole).toInt(), 2);
    QCOMPARE(model.index(0, 0).data(EntraApplicationModel::KeyManagerRole).toString(), QStringLiteral("Entra"));
    QVERIFY(model.index(0, EntraApplicationModel::TokenVersionColumn).data(Qt::ToolTipRole).toString().contains(QLatin1String("900901")));
    QCOMPARE(cell(1, EntraApplicationModel::UsedByColumn), QString());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

// The rows a proxy shows, top to bottom, as "application | key manager | consumer key".
QStringList shownRows(const QAbstractItemModel &proxy)
{
    QStringList rows;
    for (int row = 0; row < proxy.rowCount(); ++row)
        rows << proxy.index(row, DevPortalApplicationModel::ApplicationColumn).data().toString() + QStringLiteral(" | ")
                    + proxy.index(row, DevPortalApplicationModel::KeyManagerColumn).data().toString() + QStringLiteral(" | ")
                    + proxy.index(row, DevPortalApplicationModel::ConsumerKeyColumn).data().toString();
    return rows;
}

void TstApplicationModels::searchShowsWhatQtsFilterShows_data()
{
    QTest::addColumn<bool>("background");
    QTest::newRow("read and prepared on the GUI thread") << false;
    // What a list of tens of thousands gets: read by the model, and its text and order prepared by the proxy, on
    // worker threads. Until both are done the proxy shows no rows; then exactly what the GUI thread would show.
    QTest::newRow("read and prepared on a worker thread") << true;
}

void TstApplicationModels::searchShowsWhatQtsFilterShows()
{
    QFETCH(bool, background);
    // The Applications and Scopes pages filter with SearchFilterProxyModel (prepared text, ranks for sorting):
    // it must show the same rows, in the same order, as Qt's own proxy filtering every column case-insensitively.
    QJsonArray apps;
    for (int i = 0; i < 600; ++i) {
        QJsonArray keys;
        if (i % 7 != 0)
            keys.append(key(i % 3 ? QStringLiteral("Entra") : QStringLiteral("Resident Key Manager"), i % 2 ? QStringLiteral("PRODUCTION") : QStringLiteral("SANDBOX"),
                            QStringLiteral("CK-%1-Ab").arg(i * 7919 % 1000), i % 5 ? QStringLiteral("CREATED") : QStringLiteral("MAPPED")));
        if (i % 11 == 0)
            keys.append(key(QStringLiteral("Asgardeo"), QStringLiteral("PRODUCTION"), QStringLiteral("asg-%1").arg(i), QStringLiteral("CREATED")));
        // Names repeat in other cases (equal when sorted case-insensitively) and carry non-ASCII letters.
        apps.append(application(QStringLiteral("id-%1").arg(i), (i % 4 ? QStringLiteral("Orders-%1") : QStringLiteral("ÖRDERS-%1")).arg(i % 150), keys));
    }
    DevPortalApplicationModel model;
    SearchFilterProxyModel search;
    if (background) {
        model.setBackgroundApplications(100);
        search.setBackgroundRows(100);
    }
    search.setSourceModel(&model);
    QAbstractItemModelTester searchTester(&search, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &DevPortalApplicationModel::applicationsLoaded);
    QSignalSpy prepared(&search, &SearchFilterProxyModel::prepared);
    const auto load = [&](const QJsonArray &list) {
        const int shownBefore = search.rowCount();
        loaded.clear();
        prepared.clear();
        model.setApplications(list);
        if (!background) {
            QCOMPARE(loaded.size(), 1);
            QVERIFY(!search.isPreparing());
            return;
        }
        // The rows shown before stay until the new list is read; then none until the proxy has prepared them.
        QVERIFY(model.isLoading());
        QCOMPARE(search.rowCount(), shownBefore);
        QVERIFY(loaded.wait(30000));
        QVERIFY(!model.isLoading());
        QVERIFY(search.isPreparing());
        QCOMPARE(search.rowCount(), 0);
        QVERIFY(prepared.wait(30000));
        QVERIFY(!search.isPreparing());
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(prepared.size(), 1);
    };
    int column = DevPortalApplicationModel::ApplicationColumn;
    Qt::SortOrder order = Qt::AscendingOrder;
    search.sort(column, order);
    // What Qt's own proxy shows for the same text and sort, built afresh: rows that sort equal then keep the
    // model's order. (A long-lived QSortFilterProxyModel places rows that come back as the text changes after
    // the equal ones already shown, so its order of equal rows depends on what was typed before.)
    const auto qtShows = [&model, &column, &order](const QString &text) {
        QSortFilterProxyModel qt;
        qt.setSourceModel(&model);
        qt.setFilterKeyColumn(-1);
        qt.setFilterCaseSensitivity(Qt::CaseInsensitive);
        qt.setSortCaseSensitivity(Qt::CaseInsensitive);
        qt.setFilterFixedString(text);
        qt.sort(column, order);
        return shownRows(qt);
    };
    load(apps);
    QCOMPARE(search.rowCount(), model.rowCount());
    QCOMPARE(shownRows(search), qtShows(QString()));

    // Typing, deleting and typing something else, as a user does; any case matches; the text of any column.
    const QStringList typed = {QStringLiteral("o"), QStringLiteral("ör"), QStringLiteral("ÖRDERS-1"), QStringLiteral("örders-14"),
                               QStringLiteral("ÖRDERS-1"), QString(), QStringLiteral("ck-9"), QStringLiteral("mapped"), QStringLiteral("no keys"),
                               QStringLiteral("nothing like this"), QStringLiteral("SANDBOX")};
    for (const QString &text : typed) {
        search.setSearchText(text);
        QCOMPARE(search.searchText(), text);
        QCOMPARE(shownRows(search), qtShows(text));
    }
    QVERIFY(search.rowCount() > 0);
    QVERIFY(search.rowCount() < model.rowCount());

    // Sorted by another column, then the other way round.
    column = DevPortalApplicationModel::ConsumerKeyColumn;
    for (const Qt::SortOrder o : {Qt::DescendingOrder, Qt::AscendingOrder}) {
        order = o;
        search.sort(column, order);
        QCOMPARE(shownRows(search), qtShows(QStringLiteral("SANDBOX")));
    }

    // The key managers' types arrive later and change the "Key manager" column's text: the filter sees the new text.
    search.setSearchText(QStringLiteral("v2 tokens"));
    QCOMPARE(search.rowCount(), 0);
    model.setKeyManagers({keyManager(QStringLiteral("Entra"), QStringLiteral("AzureAD"), 2)});
    QVERIFY(search.rowCount() > 0);
    QCOMPARE(shownRows(search), qtShows(QStringLiteral("v2 tokens")));

    // A new list replaces the old one.
    apps.removeAt(0);
    apps.append(application(QStringLiteral("id-new"), QStringLiteral("Zeta"), {key(QStringLiteral("Entra"), QStringLiteral("PRODUCTION"), QStringLiteral("zz"), QStringLiteral("CREATED"))}));
    load(apps);
    search.setSearchText(QStringLiteral("zeta"));
    QCOMPARE(shownRows(search), QStringList{QStringLiteral("Zeta | Entra (AzureAD, v2 tokens) | zz")});
    QCOMPARE(shownRows(search), qtShows(QStringLiteral("zeta")));
}

// The first column of every row a proxy shows, top to bottom.
QStringList firstColumn(const QAbstractItemModel &proxy)
{
    QStringList rows;
    for (int row = 0; row < proxy.rowCount(); ++row)
        rows << proxy.index(row, 0).data().toString();
    return rows;
}

void TstApplicationModels::searchFollowsRowsThatComeGoAndChange()
{
    // A model whose rows are inserted, removed, moved and edited one by one (not reset): after each change the
    // search proxy shows what Qt's proxy shows, and the row the user selected stays selected wherever it moves.
    QStandardItemModel model(0, 2);
    const auto row = [](const QString &name, const QString &detail) { return QList<QStandardItem *>{new QStandardItem(name), new QStandardItem(detail)}; };
    for (int i = 0; i < 40; ++i)
        model.appendRow(row(QStringLiteral("item-%1").arg((i * 17) % 40), i % 3 ? QStringLiteral("orders") : QStringLiteral("Payments")));
    SearchFilterProxyModel search;
    search.setSourceModel(&model);
    QAbstractItemModelTester tester(&search, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel qt;
    qt.setSourceModel(&model);
    qt.setFilterKeyColumn(-1);
    qt.setFilterCaseSensitivity(Qt::CaseInsensitive);
    qt.setSortCaseSensitivity(Qt::CaseInsensitive);
    const auto same = [&](const QString &text, Qt::SortOrder order) {
        search.setSearchText(text);
        search.sort(0, order);
        // Qt's proxy rebuilt for the same text and order, so that its equal rows keep the model's order.
        qt.setFilterFixedString(text);
        qt.invalidate();
        qt.sort(0, order);
        return firstColumn(search) == firstColumn(qt);
    };
    QVERIFY(same(QStringLiteral("PAY"), Qt::AscendingOrder));
    QCOMPARE(search.rowCount(), 14);

    QItemSelectionModel selection(&search);
    const QModelIndex chosen = search.index(3, 0);
    const QString chosenName = chosen.data().toString();
    selection.setCurrentIndex(chosen, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const auto selectedName = [&selection] {
        const QModelIndexList rows = selection.selectedRows();
        return rows.size() == 1 ? rows.first().data().toString() : QStringLiteral("(%1 rows selected)").arg(rows.size());
    };

    // Rows inserted before and after it, one of them shown.
    model.insertRow(0, row(QStringLiteral("aaa-first"), QStringLiteral("payments")));
    model.appendRow(row(QStringLiteral("zzz-last"), QStringLiteral("orders")));
    QVERIFY(same(QStringLiteral("PAY"), Qt::AscendingOrder));
    QCOMPARE(firstColumn(search).constFirst(), QStringLiteral("aaa-first"));
    QCOMPARE(selectedName(), chosenName);

    // Rows removed around it.
    model.removeRows(5, 3);
    QVERIFY(same(QStringLiteral("PAY"), Qt::AscendingOrder));
    QCOMPARE(selectedName(), chosenName);

    // Its text changes so that it sorts first, then so that the filter hides it.
    const QModelIndex source = search.mapToSource(selection.currentIndex());
    QCOMPARE(source.data().toString(), chosenName);
    model.setData(source, QStringLiteral("AAA-0-now-first"));
    QCOMPARE(search.index(0, 0).data().toString(), QStringLiteral("AAA-0-now-first"));
    QCOMPARE(selectedName(), QStringLiteral("AAA-0-now-first"));
    QVERIFY(same(QStringLiteral("PAY"), Qt::AscendingOrder));
    model.setData(model.index(source.row(), 1), QStringLiteral("refunds"));
    QVERIFY(same(QStringLiteral("PAY"), Qt::AscendingOrder));
    QVERIFY(!firstColumn(search).contains(QStringLiteral("AAA-0-now-first")));
    QCOMPARE(selectedName(), QStringLiteral("(0 rows selected)"));

    // Typing more narrows, deleting widens again, the other order, a row taken out and put back elsewhere.
    QVERIFY(same(QStringLiteral("PAYMENTS"), Qt::DescendingOrder));
    QVERIFY(same(QStringLiteral("item-1"), Qt::DescendingOrder));
    QVERIFY(same(QString(), Qt::AscendingOrder));
    QCOMPARE(search.rowCount(), model.rowCount());
    model.insertRow(30, model.takeRow(2));
    QVERIFY(same(QString(), Qt::DescendingOrder));
    QVERIFY(same(QStringLiteral("ORD"), Qt::AscendingOrder));

    // Unsorted: the model's order. The model goes away: nothing is shown.
    search.setSearchText(QString());
    search.sort(-1);
    QCOMPARE(search.mapToSource(search.index(0, 0)).row(), 0);
    QCOMPARE(search.headerData(1, Qt::Horizontal).toInt(), 2);
    model.clear();
    QCOMPARE(search.rowCount(), 0);
}

void TstApplicationModels::listsOvertakenWhileReadAreDropped()
{
    // A refresh while the last list is still being read, a sort and new key managers while the proxy prepares,
    // and a disconnect (clear) while a list is read: what is shown is the latest of each, never an older result.
    const auto list = [](const QString &prefix, int count) {
        QJsonArray apps;
        for (int i = 0; i < count; ++i)
            apps.append(application(QStringLiteral("%1-id-%2").arg(prefix).arg(i), QStringLiteral("%1-%2").arg(prefix).arg(count - i),
                                    {key(QStringLiteral("Entra"), QStringLiteral("PRODUCTION"), QStringLiteral("ck-%1").arg(i % 17), QStringLiteral("CREATED"))}));
        return apps;
    };
    DevPortalApplicationModel model;
    model.setBackgroundApplications(10);
    SearchFilterProxyModel search;
    search.setBackgroundRows(10);
    search.setSourceModel(&model);
    QAbstractItemModelTester tester(&search, QAbstractItemModelTester::FailureReportingMode::QtTest);
    search.sort(DevPortalApplicationModel::ApplicationColumn);
    QSignalSpy loaded(&model, &DevPortalApplicationModel::applicationsLoaded);
    QSignalSpy prepared(&search, &SearchFilterProxyModel::prepared);

    model.setApplications(list(QStringLiteral("old"), 3000));
    model.setApplications(list(QStringLiteral("new"), 40));
    QVERIFY(loaded.wait(30000));
    QCOMPARE(model.rowCount(), 40);
    // Still preparing: another order and the key managers' types (the "Key manager" column's text) are asked for.
    QVERIFY(search.isPreparing());
    search.sort(DevPortalApplicationModel::ConsumerKeyColumn, Qt::DescendingOrder);
    model.setKeyManagers({keyManager(QStringLiteral("Entra"), QStringLiteral("AzureAD"), 2)});
    QVERIFY(prepared.wait(30000));
    // The older list and the older preparations have come back too: were they used, it would show now.
    QTRY_VERIFY_WITH_TIMEOUT(backgroundWorkSettled(&model) && backgroundWorkSettled(&search), 30000);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(prepared.size(), 1);
    QCOMPARE(model.rowCount(), 40);
    QVERIFY(model.index(0, 0).data().toString().startsWith(QLatin1String("new-")));
    QSortFilterProxyModel qt;
    qt.setSourceModel(&model);
    qt.setSortCaseSensitivity(Qt::CaseInsensitive);
    qt.setFilterCaseSensitivity(Qt::CaseInsensitive);
    qt.setFilterKeyColumn(-1);
    qt.setFilterFixedString(QStringLiteral("v2 tokens"));
    qt.sort(DevPortalApplicationModel::ConsumerKeyColumn, Qt::DescendingOrder);
    search.setSearchText(QStringLiteral("v2 tokens"));
    QCOMPARE(search.rowCount(), 40);
    QCOMPARE(shownRows(search), shownRows(qt));

    // Cleared while a list is read: it never shows, and nothing is said to have loaded.
    loaded.clear();
    model.setApplications(list(QStringLiteral("late"), 3000));
    model.clear();
    QVERIFY(!backgroundWorkSettled(&model)); // the read is on its way, and comes back below
    QTRY_VERIFY_WITH_TIMEOUT(backgroundWorkSettled(&model) && backgroundWorkSettled(&search), 30000);
    QCOMPARE(loaded.size(), 0);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.isLoading());
    QCOMPARE(search.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TstApplicationModels)
#include "tst_application_models.moc"
