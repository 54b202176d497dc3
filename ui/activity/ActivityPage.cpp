#include "ui/activity/ActivityPage.h"

#include "models/activity/ActivityLogModel.h"
#include "services/http/ActivityLog.h"
#include "ui/common/EmptyStateView.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace km {

namespace {
QString prettyBody(const QByteArray &body)
{
    if (body.isEmpty())
        return QObject::tr("(empty)");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError && !doc.isNull())
        return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
    // Form bodies (token requests) read better decoded, one field per line.
    static const QRegularExpression form(QStringLiteral("^[\\w.\\-%]+=[^\\s]*$"));
    const QString text = QString::fromUtf8(body);
    if (form.match(text).hasMatch()) {
        QStringList lines;
        const auto items = QUrlQuery(text).queryItems(QUrl::FullyDecoded);
        for (const auto &item : items)
            lines << item.first + QStringLiteral(" = ") + item.second;
        return lines.join(QLatin1Char('\n'));
    }
    return text;
}
} // namespace

ActivityPage::ActivityPage(ActivityLog *log, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
    , m_model(new ActivityLogModel(log, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_copy(new QPushButton(tr("&Copy details"), this))
    , m_clear(new QPushButton(tr("C&lear"), this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyStateView(this))
    , m_table(new QTableView(this))
    , m_detail(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("activityPage"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setSortRole(ActivityLogModel::SortRole);

    m_filter->setObjectName(QStringLiteral("activityFilter"));
    m_filter->setPlaceholderText(tr("Filter by method, URL, status or purpose"));
    m_filter->setClearButtonEnabled(true);
    auto *filterLabel = new QLabel(tr("F&ilter:"), this);
    filterLabel->setBuddy(m_filter);
    m_copy->setObjectName(QStringLiteral("activityCopy"));
    m_copy->setToolTip(tr("Copy the selected call, with its redacted request and response, to the clipboard"));
    m_clear->setObjectName(QStringLiteral("activityClear"));
    m_clear->setToolTip(tr("Forget the calls listed here (nothing is sent anywhere)"));

    m_table->setObjectName(QStringLiteral("activityTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    // Newest first: a new call appears on top, where the eye is, while an older one stays selected.
    m_table->sortByColumn(ActivityLogModel::Time, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(ActivityLogModel::Url, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ActivityLogModel::PurposeOrError, QHeaderView::Stretch);
    for (int c : {int(ActivityLogModel::Time), int(ActivityLogModel::Method), int(ActivityLogModel::Status),
                  int(ActivityLogModel::Duration)})
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);

    m_detail->setObjectName(QStringLiteral("activityDetail"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select a call to see its request and response (secrets are masked)."));

    m_empty->setObjectName(QStringLiteral("activityEmpty"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    m_stack->addWidget(splitter);
    m_stack->addWidget(m_empty);

    auto *bar = new QHBoxLayout;
    bar->addWidget(filterLabel);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_copy);
    bar->addWidget(m_clear);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);
    setTabOrder(m_filter, m_copy);
    setTabOrder(m_copy, m_clear);
    setTabOrder(m_clear, m_table);
    setTabOrder(m_table, m_detail);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        updateEmptyState();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ActivityPage::updateDetail);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ActivityPage::updateDetail);
    // Newest first, and new calls arrive on top: at the top the page follows them; scrolled down to an older
    // call, what the user reads stays where it is instead of sliding down with every new call.
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const QScrollBar *bar = m_table->verticalScrollBar();
        m_readingAt = bar->value() > bar->minimum() ? QPersistentModelIndex(m_table->indexAt(QPoint(1, 1))) : QPersistentModelIndex();
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_readingAt.isValid())
            m_table->scrollTo(m_readingAt, QAbstractItemView::PositionAtTop);
        m_readingAt = QPersistentModelIndex();
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &ActivityPage::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &ActivityPage::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ActivityPage::updateEmptyState);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_detail->toPlainText());
    });
    connect(m_clear, &QPushButton::clicked, this, [this] {
        if (m_log)
            m_log->clear();
    });
    updateDetail();
    updateEmptyState();
}

QString ActivityPage::describe(const ActivityEntry &e)
{
    QStringList lines;
    lines << QString::fromLatin1(e.method) + QLatin1Char(' ') + e.url.toString();
    lines << tr("Status: %1    Duration: %2 ms    Attempt: %3")
                 .arg(ActivityLogModel::statusText(e), QLocale().toString(e.durationMs), QString::number(e.attempt));
    lines << tr("Started: %1").arg(e.started.toLocalTime().toString(Qt::ISODateWithMs));
    if (!e.purpose.isEmpty())
        lines << tr("Purpose: %1").arg(e.purpose);
    if (!e.error.isEmpty())
        lines << tr("Error: %1").arg(e.error);
    lines << QString() << tr("Request body:") << prettyBody(e.requestBody);
    lines << QString() << tr("Response body:") << prettyBody(e.responseBody);
    return lines.join(QLatin1Char('\n'));
}

void ActivityPage::updateDetail()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        m_copy->setEnabled(false);
        return;
    }
    m_detail->setPlainText(describe(m_model->entry(m_proxy->mapToSource(current).row())));
    m_copy->setEnabled(true);
}

void ActivityPage::updateEmptyState()
{
    m_clear->setEnabled(m_model->rowCount() > 0);
    if (m_proxy->rowCount() > 0) {
        m_stack->setCurrentIndex(0);
        return;
    }
    if (m_model->rowCount() == 0) {
        m_empty->setContent(tr("No remote calls yet"), tr("Every request the console sends to API Manager, Asgardeo or "
                            "Entra ID is listed here with its status and timing; passwords, client secrets and "
                            "tokens are masked. Connect to an API Manager (Ctrl+K) to see the first ones."));
    } else {
        m_empty->setContent(tr("No call matches “%1”").arg(m_filter->text()),
                            tr("Clear the filter to see all %n call(s).", nullptr, m_model->rowCount()));
    }
    m_stack->setCurrentIndex(1);
}

} // namespace km
