#pragma once
// Driving widgets as a user does, shared by the GUI tests: find a child by object name, type into a
// field, read an inline message, and grab a window to build/screenshots/NAME.png to look at.

#include <QCoreApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QString>
#include <QTest>
#include <QWidget>
#include <QWizard>
#include <QAbstractButton>

#include <algorithm>

namespace km::test {

// Runs the layouts to the end, as the event loop has by the time a user looks. A text change posts a layout
// request to its parent, whose layout posts one to its own parent, and so on: one pass of the posted events
// settles only the innermost layout, so a check right after it sees heights computed for the old text.
inline void settleLayouts()
{
    for (int pass = 0; pass < 12; ++pass)
        QCoreApplication::sendPostedEvents();
}

// Whether a page under `root` still says it is reading ("Reading the scopes…", "Loading key managers…"):
// what a test waits out before it looks at a page filled from the sandbox.
inline bool stillLoading(QWidget *root)
{
    const QList<QLabel *> labels = root->findChildren<QLabel *>();
    return std::any_of(labels.cbegin(), labels.cend(), [root](const QLabel *l) {
        const QString text = l->text();
        return l->isVisibleTo(root) && text.endsWith(QChar(0x2026))
            && (text.startsWith(QLatin1String("Reading ")) || text.startsWith(QLatin1String("Loading ")));
    });
}

template <typename T>
T *child(QObject *parent, const char *name)
{
    T *w = parent->findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qWarning("no child %s", name);
    return w;
}

// Replaces the field's text by typing, as a user does (so textEdited fires).
inline void typeInto(QWidget *parent, const char *field, const QString &text)
{
    auto *edit = child<QLineEdit>(parent, field);
    QVERIFY(edit);
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// The text of a visible InlineMessage; empty when it is hidden.
inline QString messageText(QWidget *parent, const char *name)
{
    QWidget *message = child<QWidget>(parent, name);
    if (!message || !message->isVisible())
        return QString();
    auto *label = message->findChild<QLabel *>(QStringLiteral("inlineMessageText"));
    return label ? label->text() : QString();
}

// Clicks the wizard's Next button (on a commit page, the button that writes), which must be enabled.
inline void clickNext(QWizard *wizard)
{
    const bool commit = wizard->currentPage() && wizard->currentPage()->isCommitPage();
    QAbstractButton *next = wizard->button(commit ? QWizard::CommitButton : QWizard::NextButton);
    QVERIFY2(next->isEnabled(), qPrintable(QStringLiteral("Next is disabled on page %1").arg(wizard->currentId())));
    QTest::mouseClick(next, Qt::LeftButton);
}

// The shared Apply page of a setup or import wizard reports that every step is done.
inline bool applySucceeded(QWidget *wizard)
{
    auto *summary = wizard->findChild<QLabel *>(QStringLiteral("applySummary"));
    return summary && summary->text().startsWith(QLatin1String("Everything is set up"));
}

inline void grab(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(KM_BIN_DIR "/../screenshots");
    QVERIFY(QDir().mkpath(dir));
    // A banner hidden a moment ago leaves its space until the layouts run.
    settleLayouts();
    QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

} // namespace km::test
