#include "ui/widgets/EndpointsEditor.h"

#include "ui/widgets/FitToRows.h"

#include "services/apim/KeyManagerConfig.h"
#include "services/apim/KeyManagerDetails.h"

#include "ui/common/PlainToolTip.h"

#include <QHeaderView>
#include <QJsonObject>
#include <QTableWidget>
#include <QUrl>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace km {

EndpointsEditor::EndpointsEditor(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(this))
{
    m_table->setObjectName(QStringLiteral("endpointsTable"));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Endpoint"), tr("URL"), tr("Note")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::AllEditTriggers);
    // URLs on one line, shortened in the middle where they do not fit (the tooltip has them whole).
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    const auto standard = standardEndpoints();
    m_table->setRowCount(int(standard.size()));
    for (int row = 0; row < standard.size(); ++row) {
        auto *label = new QTableWidgetItem(standard[row].second);
        label->setData(Qt::UserRole, standard[row].first);
        label->setToolTip(standard[row].first);
        label->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_table->setItem(row, 0, label);
        m_table->setItem(row, 1, new QTableWidgetItem);
        auto *note = new QTableWidgetItem;
        note->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_table->setItem(row, 2, note);
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    fitToRows(m_table);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (item->column() != 1)
            return;
        if (item->toolTip() != item->text()) {
            const QSignalBlocker block(m_table);
            item->setToolTip(plainToolTip(item->text()));
        }
        Q_EMIT changed();
    });
}

QList<QPair<QString, QString>> EndpointsEditor::standardEndpoints()
{
    QList<QPair<QString, QString>> out;
    for (const auto &e : KeyManagerConfig::endpointFields())
        out.append({e.first, KeyManagerDetails::endpointLabel(e.first)});
    return out;
}

int EndpointsEditor::rowOf(const QString &name) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, 0)->data(Qt::UserRole).toString() == name)
            return row;
    }
    return -1;
}

void EndpointsEditor::setValue(const QString &name, const QString &value)
{
    int row = rowOf(name);
    if (row < 0) {
        // An endpoint API Manager knows but this table did not list: keep it rather than drop it.
        row = m_table->rowCount();
        m_table->insertRow(row);
        auto *label = new QTableWidgetItem(name);
        label->setData(Qt::UserRole, name);
        label->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_table->setItem(row, 0, label);
        m_table->setItem(row, 1, new QTableWidgetItem);
        auto *note = new QTableWidgetItem;
        note->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_table->setItem(row, 2, note);
    }
    m_table->item(row, 1)->setText(value);
}

QString EndpointsEditor::value(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? QString() : m_table->item(row, 1)->text().trimmed();
}

void EndpointsEditor::setEndpoints(const QJsonArray &endpoints)
{
    const QSignalBlocker block(m_table);
    for (int row = 0; row < m_table->rowCount(); ++row)
        m_table->item(row, 1)->setText(QString());
    for (const QJsonValue &v : endpoints) {
        const QJsonObject o = v.toObject();
        setValue(o.value(QLatin1String("name")).toString(), o.value(QLatin1String("value")).toString());
    }
    for (int row = 0; row < m_table->rowCount(); ++row)
        m_table->item(row, 1)->setToolTip(plainToolTip(m_table->item(row, 1)->text()));
    Q_EMIT changed();
}

void EndpointsEditor::setNote(const QString &name, const QString &note)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    m_table->item(row, 2)->setText(note);
    m_table->item(row, 2)->setToolTip(note);
}

QJsonArray EndpointsEditor::endpoints() const
{
    QJsonArray out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString value = m_table->item(row, 1)->text().trimmed();
        if (value.isEmpty())
            continue;
        out.append(QJsonObject{{QStringLiteral("name"), m_table->item(row, 0)->data(Qt::UserRole).toString()},
                               {QStringLiteral("value"), value}});
    }
    return out;
}

QString EndpointsEditor::validationError() const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString value = m_table->item(row, 1)->text().trimmed();
        if (value.isEmpty() || value == QLatin1String("none"))
            continue;
        const QUrl url(value, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
            return tr("%1: “%2” is not a URL (use https://… or the word none)").arg(m_table->item(row, 0)->text(), value);
    }
    return QString();
}

} // namespace km
