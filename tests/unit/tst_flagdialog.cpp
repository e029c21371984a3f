#include "flagdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

namespace {

QStringList namesFrom(int first, int count)
{
    QStringList names;
    for (int i = first; i < first + count; ++i)
        names << QStringLiteral("Seller %1").arg(i);
    return names;
}

// Eight names of the kinds that go wrong: control characters, quotes and
// markup, non-ASCII, and one too long for any sensible width.
QStringList hostileNames()
{
    return {QStringLiteral("Acme GmbH"),
            QStringLiteral("Line one\nLine\ttwo"),
            QStringLiteral("\"Quoted\" & <b>bold</b>"),
            QStringLiteral("Müller & Söhne 🙂"),
            QStringLiteral("Bolt & Nut Ltd"),
            QStringLiteral("Ｆｕｌｌｗｉｄｔｈ 商店"),
            QStringLiteral("TheLongestSellerNameAnyoneHasEverRegisteredOnAnyPlatformSoFar_"
                           "WithNoSpacesAtAll_0123456789"),
            QStringLiteral("Zed")};
}

FlagDialog::Request req(bool flagging, const QString &scope, qint64 changes,
                        const QStringList &names, bool reasonSupported = true,
                        const QString &reasonUnavailable = {})
{
    FlagDialog::Request r;
    r.flagging = flagging;
    r.scope = scope;
    r.changes = changes;
    r.firstNames = names;
    r.reasonSupported = reasonSupported;
    r.reasonUnavailable = reasonUnavailable;
    return r;
}

QPushButton *okButton(const FlagDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

QLineEdit *typedCount(const FlagDialog &dialog)
{
    return dialog.findChild<QLineEdit *>(QStringLiteral("flagDialogTypedCount"));
}

QLineEdit *reasonEdit(const FlagDialog &dialog)
{
    return dialog.findChild<QLineEdit *>(QStringLiteral("flagDialogReason"));
}

QString labelText(const FlagDialog &dialog, const char *name)
{
    return dialog.findChild<QLabel *>(QString::fromLatin1(name))->text();
}

QStringList listed(const FlagDialog &dialog, int role = Qt::DisplayRole)
{
    const auto *list = dialog.findChild<QListWidget *>(QStringLiteral("flagDialogNames"));
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        out << list->item(i)->data(role).toString();
    return out;
}

} // namespace

class TestFlagDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void shouldNameActionScopeAndCount_data();
    void shouldNameActionScopeAndCount();
    void shouldShowTheScopeNote();
    void shouldListTheFirstNamesAndCountTheRest_data();
    void shouldListTheFirstNamesAndCountTheRest();
    void shouldShowControlCharactersInNames();
    void shouldEnableOkAtOnceUpToTheThreshold_data();
    void shouldEnableOkAtOnceUpToTheThreshold();
    void shouldRequireTheTypedCountAboveTheThreshold_data();
    void shouldRequireTheTypedCountAboveTheThreshold();
    void shouldAcceptTheUsersOwnGrouping_data();
    void shouldAcceptTheUsersOwnGrouping();
    void shouldNotAcceptEnterWithAWrongCount();
    void shouldAcceptEnterWhenAllowed();
    void shouldCancelWithEscape();
    void shouldReturnTheTrimmedReason();
    void shouldDisableTheReasonWhenUnsupported();
    void shouldNameEveryField();
    void shouldFitLongNamesWithoutScrolling_data();
    void shouldFitLongNamesWithoutScrolling();

private:
    QLocale m_savedLocale;
};

void TestFlagDialog::initTestCase()
{
    m_savedLocale = QLocale();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestFlagDialog::cleanupTestCase()
{
    QLocale::setDefault(m_savedLocale);
}

void TestFlagDialog::shouldNameActionScopeAndCount_data()
{
    QTest::addColumn<bool>("flagging");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<qint64>("changes");
    QTest::addColumn<qint64>("unchanged");
    QTest::addColumn<QString>("heading");
    QTest::addColumn<QString>("scopeLine");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("button");

    const QString matching = QStringLiteral("all 48,213 sellers matching “acme”");
    QTest::newRow("flag a selection")
        << true << QStringLiteral("the 12 selected sellers") << qint64(12) << qint64(0)
        << QStringLiteral("Flag 12 sellers?") << QStringLiteral("From the 12 selected sellers.")
        << QStringLiteral("Flag Sellers") << QStringLiteral("Flag");
    QTest::newRow("unflag part of a selection")
        << false << QStringLiteral("the 12 selected sellers") << qint64(9) << qint64(3)
        << QStringLiteral("Unflag 9 sellers?")
        << QStringLiteral("From the 12 selected sellers. 3 of them are not flagged and stay so.")
        << QStringLiteral("Unflag Sellers") << QStringLiteral("Unflag");
    QTest::newRow("flag one")
        << true << QStringLiteral("the 2 selected sellers") << qint64(1) << qint64(1)
        << QStringLiteral("Flag 1 seller?")
        << QStringLiteral("From the 2 selected sellers. 1 of them is flagged already and stays so.")
        << QStringLiteral("Flag Sellers") << QStringLiteral("Flag");
    QTest::newRow("flag all matching")
        << true << matching << qint64(48013) << qint64(200)
        << QStringLiteral("Flag 48,013 sellers?")
        << QStringLiteral("From all 48,213 sellers matching “acme”. 200 of them are flagged "
                          "already and stay so.")
        << QStringLiteral("Flag Sellers") << QStringLiteral("Flag");
    QTest::newRow("unflag all matching")
        << false << matching << qint64(48213) << qint64(0)
        << QStringLiteral("Unflag 48,213 sellers?")
        << QStringLiteral("From all 48,213 sellers matching “acme”.")
        << QStringLiteral("Unflag Sellers") << QStringLiteral("Unflag");
    QTest::newRow("search with a newline stays on one line")
        << true << QStringLiteral("all 3 sellers matching “a\nb”") << qint64(3) << qint64(0)
        << QStringLiteral("Flag 3 sellers?")
        << QStringLiteral("From all 3 sellers matching “a\u23CEb”.")
        << QStringLiteral("Flag Sellers") << QStringLiteral("Flag");
}

void TestFlagDialog::shouldNameActionScopeAndCount()
{
    QFETCH(bool, flagging);
    QFETCH(QString, scope);
    QFETCH(qint64, changes);
    QFETCH(qint64, unchanged);
    QFETCH(QString, heading);
    QFETCH(QString, scopeLine);
    QFETCH(QString, title);
    QFETCH(QString, button);

    FlagDialog::Request r = req(flagging, scope, changes, namesFrom(1, 3));
    r.unchanged = unchanged;
    const FlagDialog dialog(r);
    QCOMPARE(labelText(dialog, "flagDialogHeading"), heading);
    QCOMPARE(labelText(dialog, "flagDialogScope"), scopeLine);
    for (const char *name : {"flagDialogHeading", "flagDialogScope"}) {
        QCOMPARE(dialog.findChild<QLabel *>(QString::fromLatin1(name))->textFormat(),
                 Qt::PlainText);
    }
    QCOMPARE(dialog.windowTitle(), title);
    QCOMPARE(okButton(dialog)->text(), button);
    QVERIFY(okButton(dialog)->isDefault());
    QVERIFY(
        labelText(dialog, "flagDialogExplanation").contains(QStringLiteral("one history entry")));
    QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("flagDialogScopeNote")));
    QVERIFY(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel));
}

void TestFlagDialog::shouldShowTheScopeNote()
{
    FlagDialog::Request r = req(true, QStringLiteral("all 1,204 sellers"), 1204, namesFrom(1, 3));
    r.scopeNote = QStringLiteral("The matching sellers changed since you selected them.");
    const FlagDialog dialog(r);
    const auto *note = dialog.findChild<QLabel *>(QStringLiteral("flagDialogScopeNote"));
    QVERIFY(note);
    QCOMPARE(note->text(), r.scopeNote);
    QVERIFY(note->isVisibleTo(&dialog));
    // The count to type is what changes.
    QCOMPARE(typedCount(dialog)->accessibleName(), QStringLiteral("Type 1204 to confirm"));
}

void TestFlagDialog::shouldListTheFirstNamesAndCountTheRest_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<QStringList>("shown");
    QTest::addColumn<QString>("more"); // empty: no "more" line

    QTest::newRow("all names") << namesFrom(1, 3) << qint64(3) << namesFrom(1, 3) << QString();
    QTest::newRow("first of a selection")
        << namesFrom(1, 3) << qint64(12) << namesFrom(1, 3) << QStringLiteral("and 9 more");
    QTest::newRow("eight exactly") << namesFrom(1, 8) << qint64(8) << namesFrom(1, 8) << QString();
    QTest::newRow("more names than shown")
        << namesFrom(1, 12) << qint64(12) << namesFrom(1, 8) << QStringLiteral("and 4 more");
    QTest::newRow("large scope, grouped")
        << namesFrom(1, 8) << qint64(48213) << namesFrom(1, 8) << QStringLiteral("and 48,205 more");
    QTest::newRow("no names known") << QStringList() << qint64(48213) << QStringList() << QString();
}

void TestFlagDialog::shouldListTheFirstNamesAndCountTheRest()
{
    QFETCH(QStringList, names);
    QFETCH(qint64, count);
    QFETCH(QStringList, shown);
    QFETCH(QString, more);

    const FlagDialog dialog(req(true, QStringLiteral("the scope"), count, names, true, QString()));
    const auto *list = dialog.findChild<QListWidget *>(QStringLiteral("flagDialogNames"));
    QVERIFY(list);
    QCOMPARE(listed(dialog), shown);
    QCOMPARE(list->isVisibleTo(&dialog), !shown.isEmpty());
    const auto *moreLabel = dialog.findChild<QLabel *>(QStringLiteral("flagDialogMore"));
    QCOMPARE(moreLabel->isVisibleTo(&dialog), !more.isEmpty());
    if (!more.isEmpty())
        QCOMPARE(moreLabel->text(), more);
}

void TestFlagDialog::shouldShowControlCharactersInNames()
{
    const FlagDialog dialog(
        req(false, QStringLiteral("8 selected sellers"), 8, hostileNames(), true, QString()));
    const QStringList shown = listed(dialog);
    QCOMPARE(shown.size(), 8);
    QCOMPARE(shown.at(1), QStringLiteral("Line one\u23CELine\u21E5two"));
    QCOMPARE(shown.at(2), QStringLiteral("\"Quoted\" & <b>bold</b>"));
    QCOMPARE(shown.at(3), QStringLiteral("Müller & Söhne 🙂"));
    QCOMPARE(listed(dialog, Qt::ToolTipRole), hostileNames());
}

void TestFlagDialog::shouldEnableOkAtOnceUpToTheThreshold_data()
{
    QTest::addColumn<qint64>("count");
    QTest::newRow("one") << qint64(1);
    QTest::newRow("twelve") << qint64(12);
    QTest::newRow("at the threshold") << FlagDialog::TypedConfirmationAbove;
}

void TestFlagDialog::shouldEnableOkAtOnceUpToTheThreshold()
{
    QFETCH(qint64, count);

    const FlagDialog dialog(
        req(true, QStringLiteral("the scope"), count, namesFrom(1, 3), true, QString()));
    QVERIFY(!dialog.needsTypedCount());
    QVERIFY(!typedCount(dialog));
    QVERIFY(dialog.isConfirmed());
    QVERIFY(okButton(dialog)->isEnabled());
}

void TestFlagDialog::shouldRequireTheTypedCountAboveTheThreshold_data()
{
    QTest::addColumn<qint64>("count");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("enabled");

    QTest::newRow("digits") << qint64(48213) << QStringLiteral("48213") << true;
    QTest::newRow("grouped") << qint64(48213) << QStringLiteral("48,213") << true;
    QTest::newRow("off by one") << qint64(48213) << QStringLiteral("48212") << false;
    QTest::newRow("empty") << qint64(48213) << QString() << false;
    QTest::newRow("prefix") << qint64(48213) << QStringLiteral("4821") << false;
    QTest::newRow("spaces around") << qint64(48213) << QStringLiteral(" 48213 ") << true;
    QTest::newRow("only spaces") << qint64(48213) << QStringLiteral("   ") << false;
    QTest::newRow("misplaced comma") << qint64(48213) << QStringLiteral("4,8213") << false;
    QTest::newRow("extra digit") << qint64(48213) << QStringLiteral("482130") << false;
    QTest::newRow("leading zero") << qint64(48213) << QStringLiteral("048213") << false;
    QTest::newRow("words") << qint64(48213) << QStringLiteral("yes") << false;
    QTest::newRow("just above the threshold")
        << FlagDialog::TypedConfirmationAbove + 1 << QStringLiteral("1,001") << true;
    QTest::newRow("just above, wrong")
        << FlagDialog::TypedConfirmationAbove + 1 << QStringLiteral("1000") << false;
}

void TestFlagDialog::shouldRequireTheTypedCountAboveTheThreshold()
{
    QFETCH(qint64, count);
    QFETCH(QString, typed);
    QFETCH(bool, enabled);

    FlagDialog dialog(
        req(false, QStringLiteral("the scope"), count, namesFrom(1, 8), true, QString()));
    QVERIFY(dialog.needsTypedCount());
    QLineEdit *edit = typedCount(dialog);
    QVERIFY(edit);
    QVERIFY(!okButton(dialog)->isEnabled());

    edit->setText(typed);
    QCOMPARE(okButton(dialog)->isEnabled(), enabled);
    QCOMPARE(dialog.isConfirmed(), enabled);
    QCOMPARE(FlagDialog::matchesCount(typed, count), enabled);

    // Editing it away again takes the permission back.
    edit->setText(typed + QStringLiteral("9"));
    QVERIFY(!okButton(dialog)->isEnabled());
}

void TestFlagDialog::shouldAcceptTheUsersOwnGrouping_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("matches");

    const QLocale german(QLocale::German, QLocale::Germany);
    const QLocale french(QLocale::French, QLocale::France);
    QTest::newRow("German grouping") << german << QStringLiteral("48.213") << true;
    QTest::newRow("English grouping in German") << german << QStringLiteral("48,213") << true;
    QTest::newRow("digits in German") << german << QStringLiteral("48213") << true;
    QTest::newRow("French grouping as typed") << french << QStringLiteral("48 213") << true;
    QTest::newRow("French grouping as formatted")
        << french << french.toString(qint64(48213)) << true;
    QTest::newRow("German grouping in English")
        << QLocale(QLocale::English, QLocale::UnitedStates) << QStringLiteral("48.213") << false;
}

void TestFlagDialog::shouldAcceptTheUsersOwnGrouping()
{
    QFETCH(QLocale, locale);
    QFETCH(QString, typed);
    QFETCH(bool, matches);

    QLocale::setDefault(locale);
    const bool result = FlagDialog::matchesCount(typed, 48213);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCOMPARE(result, matches);
}

void TestFlagDialog::shouldNotAcceptEnterWithAWrongCount()
{
    FlagDialog dialog(req(true, QStringLiteral("all 48,213 sellers matching “acme”"), 48213,
                          namesFrom(1, 8), true, QString()));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QLineEdit *edit = typedCount(dialog);
    QTRY_COMPARE(QApplication::focusWidget(), edit);

    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(accepted.count(), 0);
    QTest::keyClicks(edit, QStringLiteral("48212"));
    QTest::keyClick(edit, Qt::Key_Return);
    QTest::keyClick(edit, Qt::Key_Enter);
    QCOMPARE(accepted.count(), 0);
    // Not by any other way either.
    dialog.accept();
    QCOMPARE(accepted.count(), 0);
    QCOMPARE(rejected.count(), 0);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void TestFlagDialog::shouldAcceptEnterWhenAllowed()
{
    FlagDialog dialog(req(true, QStringLiteral("all 48,213 sellers matching “acme”"), 48213,
                          namesFrom(1, 8), true, QString()));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QLineEdit *edit = typedCount(dialog);
    QTRY_COMPARE(QApplication::focusWidget(), edit);

    QTest::keyClicks(edit, QStringLiteral("48,213"));
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());

    // A small scope needs no typing: Enter in the reason field accepts.
    FlagDialog small(
        req(true, QStringLiteral("2 selected sellers"), 2, namesFrom(1, 2), true, QString()));
    QSignalSpy smallAccepted(&small, &QDialog::accepted);
    small.show();
    QVERIFY(QTest::qWaitForWindowExposed(&small));
    QLineEdit *reason = reasonEdit(small);
    QTRY_COMPARE(QApplication::focusWidget(), reason);
    QTest::keyClicks(reason, QStringLiteral("duplicate listing"));
    QTest::keyClick(reason, Qt::Key_Return);
    QCOMPARE(smallAccepted.count(), 1);
    QCOMPARE(small.reason(), QStringLiteral("duplicate listing"));
}

void TestFlagDialog::shouldCancelWithEscape()
{
    FlagDialog dialog(
        req(false, QStringLiteral("2 selected sellers"), 2, namesFrom(1, 2), true, QString()));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QTest::keyClick(reasonEdit(dialog), Qt::Key_Escape);
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(!dialog.isVisible());
}

void TestFlagDialog::shouldReturnTheTrimmedReason()
{
    FlagDialog dialog(req(true, QStringLiteral("2 selected sellers"), 2, namesFrom(1, 2), true,
                          QStringLiteral("unused")));
    QLineEdit *reason = reasonEdit(dialog);
    QVERIFY(reason);
    QVERIFY(reason->isEnabled());
    QCOMPARE(reason->toolTip(), QString());
    QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("flagDialogReasonUnavailable")));
    QCOMPARE(dialog.reason(), QString());

    reason->setText(QStringLiteral("  counterfeit goods \t"));
    QCOMPARE(dialog.reason(), QStringLiteral("counterfeit goods"));
    reason->setText(QStringLiteral("   "));
    QCOMPARE(dialog.reason(), QString());
}

void TestFlagDialog::shouldDisableTheReasonWhenUnsupported()
{
    const QString why = QStringLiteral("This API does not store a reason.");
    FlagDialog dialog(
        req(true, QStringLiteral("2 selected sellers"), 2, namesFrom(1, 2), false, why));
    QLineEdit *reason = reasonEdit(dialog);
    QVERIFY(reason);
    QVERIFY(!reason->isEnabled());
    QCOMPARE(reason->toolTip(), why);
    QCOMPARE(dialog.reason(), QString());
    // Its label says so too, for a pointer that rests on the label.
    const auto labels = dialog.findChildren<QLabel *>();
    const auto label = std::find_if(labels.cbegin(), labels.cend(),
                                    [&](const QLabel *l) { return l->buddy() == reason; });
    QVERIFY(label != labels.cend());
    QVERIFY(!(*label)->isEnabled());
    QCOMPARE((*label)->toolTip(), why);
    // And in words under the field, without hovering.
    const auto *note = dialog.findChild<QLabel *>(QStringLiteral("flagDialogReasonUnavailable"));
    QVERIFY(note);
    QVERIFY(note->isVisibleTo(&dialog));
    QCOMPARE(note->text(), why);
    // Still accepted without one.
    QVERIFY(okButton(dialog)->isEnabled());
}

void TestFlagDialog::shouldNameEveryField()
{
    const FlagDialog dialog(
        req(true, QStringLiteral("the scope"), 48213, namesFrom(1, 8), true, QString()));
    QCOMPARE(reasonEdit(dialog)->accessibleName(), QStringLiteral("Reason"));
    QCOMPARE(typedCount(dialog)->accessibleName(), QStringLiteral("Type 48213 to confirm"));
    QCOMPARE(dialog.findChild<QListWidget *>(QStringLiteral("flagDialogNames"))->accessibleName(),
             QStringLiteral("Sellers that change"));
    // The prompt is the count to type, without grouping, next to the field.
    const auto labels = dialog.findChildren<QLabel *>();
    const auto prompt = std::find_if(labels.cbegin(), labels.cend(), [&](const QLabel *l) {
        return l->buddy() == typedCount(dialog);
    });
    QVERIFY(prompt != labels.cend());
    QCOMPARE((*prompt)->text(), QStringLiteral("Type 48213 to confirm:"));
}

void TestFlagDialog::shouldFitLongNamesWithoutScrolling_data()
{
    QTest::addColumn<bool>("flagging");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<bool>("reasonSupported");
    QTest::addColumn<QString>("screenshot");

    QTest::newRow("unflag all matching, no reason")
        << false << QStringLiteral("all 48,213 sellers matching “acme”") << qint64(48213) << false
        << QStringLiteral("flag-dialog-unflag-48213.png");
    QTest::newRow("flag a selection, with reason")
        << true << QStringLiteral("12 selected sellers") << qint64(12) << true
        << QStringLiteral("flag-dialog-flag-12.png");
}

// The dialog must read without scrolling or growing for long names. Set
// SELLER_HISTORY_SCREENSHOTS to a folder to review it.
void TestFlagDialog::shouldFitLongNamesWithoutScrolling()
{
    QFETCH(bool, flagging);
    QFETCH(QString, scope);
    QFETCH(qint64, count);
    QFETCH(bool, reasonSupported);
    QFETCH(QString, screenshot);

    FlagDialog dialog(req(flagging, scope, count, hostileNames(), reasonSupported,
                          QStringLiteral("This source cannot store a reason with the change.")));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    const auto *list = dialog.findChild<QListWidget *>(QStringLiteral("flagDialogNames"));
    QVERIFY(!list->horizontalScrollBar()->isVisible());
    QVERIFY(!list->verticalScrollBar()->isVisible());
    QVERIFY2(list->visualItemRect(list->item(7)).bottom() < list->viewport()->height(),
             "the last name is cut off");
    QVERIFY2(dialog.width() <= 640, qPrintable(QString::number(dialog.width())));
    QVERIFY(dialog.height() <= 600);
    // Every label gets the height its wrapped text needs.
    for (const QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->isVisible() && label->wordWrap()) {
            QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                     qPrintable(label->text()));
        }
    }

    if (!qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS")) {
        const QDir dir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"));
        QVERIFY(dialog.grab().save(dir.filePath(screenshot)));
    }
}

QTEST_MAIN(TestFlagDialog)
#include "tst_flagdialog.moc"
