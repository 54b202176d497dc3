#include "ui/keymanagers/KeyManagerDetailsView.h"

#include "services/apim/KeyManagerDetails.h"
#include "ui/widgets/ElidedLabel.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollArea>
#include <QVBoxLayout>

namespace km {

KeyManagerDetailsView::KeyManagerDetailsView(QWidget *parent)
    : QTabWidget(parent)
    , m_scroll(new QScrollArea(this))
    , m_form(nullptr)
    , m_json(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("keyManagerDetailTabs"));
    setDocumentMode(true);
    m_scroll->setObjectName(QStringLiteral("keyManagerDetailForm"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_json->setObjectName(QStringLiteral("keyManagerDetail"));
    m_json->setReadOnly(true);
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap); // a URL is never broken across lines
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setPlaceholderText(tr("Select a key manager to see its full configuration (secrets are masked)."));
    addTab(m_scroll, tr("&Details"));
    addTab(m_json, tr("&JSON"));
    clear();
}

void KeyManagerDetailsView::clear()
{
    m_shown = {};
    m_connectorKey.clear();
    m_json->clear();
    auto *empty = new QLabel(tr("Select a key manager to see its configuration."));
    empty->setObjectName(QStringLiteral("keyManagerDetailPlaceholder"));
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_scroll->setWidget(empty);
    m_form = empty;
}

void KeyManagerDetailsView::setKeyManager(const QJsonObject &keyManager, const ConnectorType *connector)
{
    const QString text = QString::fromUtf8(QJsonDocument(keyManager).toJson(QJsonDocument::Indented));
    if (m_json->toPlainText() != text)
        m_json->setPlainText(text);
    const QString connectorKey = connector ? connector->type + QString::number(connector->configurations.size()) : QString();
    if (keyManager == m_shown && connectorKey == m_connectorKey)
        return; // the same form: keep the scroll position and any selection
    m_shown = keyManager;
    m_connectorKey = connectorKey;

    auto *form = new QWidget;
    auto *layout = new QVBoxLayout(form);
    for (const DetailSection &section : KeyManagerDetails::sections(keyManager, connector)) {
        if (section.rows.isEmpty())
            continue;
        auto *box = new QGroupBox(section.title, form);
        box->setObjectName(QStringLiteral("detailSection"));
        auto *rows = new QFormLayout(box);
        rows->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        rows->setRowWrapPolicy(QFormLayout::DontWrapRows);
        for (const DetailRow &row : section.rows) {
            auto *label = new QLabel(row.label, box);
            label->setTextFormat(Qt::PlainText); // connector labels come from the server
            label->setToolTip(row.key);
            QWidget *value = nullptr;
            // A URL, or any value with no space to wrap at (a client ID, a claim): one line, shortened in the middle when
            // narrower than the panel (the whole value is in its tooltip, on the JSON tab and behind Copy).
            static const QRegularExpression space(QStringLiteral("\\s"));
            if (row.isUrl || !row.value.contains(space)) {
                value = new ElidedLabel(row.value, box);
            } else {
                auto *plain = new QLabel(row.value, box);
                plain->setTextFormat(Qt::PlainText);
                plain->setWordWrap(true);
                plain->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
                value = plain;
            }
            value->setObjectName(QStringLiteral("detailValue"));
            label->setBuddy(value);
            rows->addRow(label, value);
        }
        layout->addWidget(box);
    }
    layout->addStretch(1);
    m_scroll->setWidget(form);
    m_form = form;
}

QString KeyManagerDetailsView::valueOf(const QString &section, const QString &label) const
{
    for (QGroupBox *box : m_form->findChildren<QGroupBox *>()) {
        if (box->title() != section)
            continue;
        auto *rows = qobject_cast<QFormLayout *>(box->layout());
        for (int r = 0; rows && r < rows->rowCount(); ++r) {
            auto *l = qobject_cast<QLabel *>(rows->itemAt(r, QFormLayout::LabelRole)->widget());
            QWidget *v = rows->itemAt(r, QFormLayout::FieldRole)->widget();
            if (!l || l->text() != label)
                continue;
            if (auto *elided = qobject_cast<ElidedLabel *>(v))
                return elided->fullText();
            if (auto *plain = qobject_cast<QLabel *>(v))
                return plain->text();
        }
    }
    return QString();
}

} // namespace km
