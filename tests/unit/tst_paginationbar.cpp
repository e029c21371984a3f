#include "paginationbar.h"

#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

Q_DECLARE_METATYPE(PaginationBar::State)

namespace {

PaginationBar::State middlePage()
{
    PaginationBar::State s;
    s.offset = 50;
    s.rows = 50;
    s.total = 1000;
    s.accuracy = CountAccuracy::Exact;
    s.canGoBack = true;
    s.canGoForward = true;
    s.page = 2;
    s.pages = 20;
    s.pageSize = 50;
    return s;
}

template<typename T>
T *child(const PaginationBar &bar, const char *name)
{
    auto *w = bar.findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qWarning("no child %s", name);
    return w;
}

} // namespace

class TestPaginationBar : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void shouldFindEveryControl();
    void shouldEnableButtonsFromState_data();
    void shouldEnableButtonsFromState();
    void shouldSummarize_data();
    void shouldSummarize();
    void shouldShowPageCount_data();
    void shouldShowPageCount();
    void shouldReflectStateInPageBoxAndSize();
    void shouldEmitOnceWhenButtonClicked_data();
    void shouldEmitOnceWhenButtonClicked();
    void shouldNotEmitWhenDisabledButtonClicked();
    void shouldRequestTypedPage();
    void shouldNotRequestTheCurrentPage();
    void shouldNotEmitFromSetState();
    void shouldEmitChosenPageSize();
    void shouldEmitDateRequested();
    void shouldTabThroughControlsInVisualOrder();

private:
    QLocale m_savedLocale;
};

void TestPaginationBar::initTestCase()
{
    m_savedLocale = QLocale();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestPaginationBar::cleanupTestCase()
{
    QLocale::setDefault(m_savedLocale);
}

void TestPaginationBar::shouldFindEveryControl()
{
    PaginationBar bar;
    QVERIFY(child<QToolButton>(bar, "firstPage"));
    QVERIFY(child<QToolButton>(bar, "previousPage"));
    QVERIFY(child<QToolButton>(bar, "nextPage"));
    QVERIFY(child<QToolButton>(bar, "lastPage"));
    QVERIFY(child<QSpinBox>(bar, "pageNumber"));
    QVERIFY(child<QLabel>(bar, "pageSummary"));
    QVERIFY(child<QDateEdit>(bar, "goToDate"));
    QVERIFY(child<QToolButton>(bar, "goToDateButton"));
    auto *size = child<QComboBox>(bar, "pageSize");
    QVERIFY(size);
    QCOMPARE(PaginationBar::pageSizes(), (QList<int>{25, 50, 100, 250, 500, 1000}));
    QCOMPARE(size->count(), 6);
    QCOMPARE(size->itemText(5), QStringLiteral("1,000"));
    QCOMPARE(size->itemData(5).toInt(), 1000);
}

void TestPaginationBar::shouldEnableButtonsFromState_data()
{
    QTest::addColumn<bool>("canGoBack");
    QTest::addColumn<bool>("canGoForward");
    QTest::addColumn<qint64>("pages");

    QTest::newRow("only page") << false << false << qint64(1);
    QTest::newRow("first of many") << false << true << qint64(12);
    QTest::newRow("middle") << true << true << qint64(12);
    QTest::newRow("last") << true << false << qint64(12);
    QTest::newRow("pages unknown") << false << true << qint64(0);
}

void TestPaginationBar::shouldEnableButtonsFromState()
{
    QFETCH(bool, canGoBack);
    QFETCH(bool, canGoForward);
    QFETCH(qint64, pages);

    PaginationBar bar;
    PaginationBar::State s = middlePage();
    s.canGoBack = canGoBack;
    s.canGoForward = canGoForward;
    s.pages = pages;
    s.page = 1;
    bar.setState(s);

    QCOMPARE(child<QToolButton>(bar, "firstPage")->isEnabled(), canGoBack);
    QCOMPARE(child<QToolButton>(bar, "previousPage")->isEnabled(), canGoBack);
    QCOMPARE(child<QToolButton>(bar, "nextPage")->isEnabled(), canGoForward);
    QCOMPARE(child<QToolButton>(bar, "lastPage")->isEnabled(), canGoForward);
    QCOMPARE(child<QSpinBox>(bar, "pageNumber")->isEnabled(), pages > 1);
    QVERIFY(child<QDateEdit>(bar, "goToDate")->isEnabled());
    QVERIFY(child<QToolButton>(bar, "goToDateButton")->isEnabled());
    QVERIFY(child<QComboBox>(bar, "pageSize")->isEnabled());
}

void TestPaginationBar::shouldSummarize_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<int>("rows");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<CountAccuracy>("accuracy");
    QTest::addColumn<QString>("expected");

    QTest::newRow("exact") << qint64(50) << 50 << qint64(1000) << CountAccuracy::Exact
                           << QStringLiteral("Showing 51–100 of 1,000");
    QTest::newRow("first page") << qint64(0) << 100 << qint64(1000000) << CountAccuracy::Exact
                                << QStringLiteral("Showing 1–100 of 1,000,000");
    QTest::newRow("short last page") << qint64(1000) << 7 << qint64(1007) << CountAccuracy::Exact
                                     << QStringLiteral("Showing 1,001–1,007 of 1,007");
    QTest::newRow("estimated") << qint64(50) << 50 << qint64(1000) << CountAccuracy::Estimated
                               << QStringLiteral("Showing 51–100 of ~1,000");
    QTest::newRow("total unknown") << qint64(50) << 50 << qint64(-1) << CountAccuracy::Unknown
                                   << QStringLiteral("Showing 51–100 (counting…)");
    QTest::newRow("offset unknown, total exact")
        << qint64(-1) << 50 << qint64(1000) << CountAccuracy::Exact
        << QStringLiteral("Showing 50 of 1,000");
    QTest::newRow("offset unknown, total estimated")
        << qint64(-1) << 50 << qint64(12000) << CountAccuracy::Estimated
        << QStringLiteral("Showing 50 of ~12,000");
    QTest::newRow("offset and total unknown")
        << qint64(-1) << 1000 << qint64(-1) << CountAccuracy::Unknown
        << QStringLiteral("Showing 1,000 entries");
    QTest::newRow("no entries") << qint64(0) << 0 << qint64(0) << CountAccuracy::Exact
                                << QStringLiteral("No entries");
    QTest::newRow("no entries, estimated")
        << qint64(-1) << 0 << qint64(-1) << CountAccuracy::Estimated
        << QStringLiteral("No entries");
    QTest::newRow("nothing loaded yet")
        << qint64(-1) << 0 << qint64(-1) << CountAccuracy::Unknown << QString();
}

void TestPaginationBar::shouldSummarize()
{
    QFETCH(qint64, offset);
    QFETCH(int, rows);
    QFETCH(qint64, total);
    QFETCH(CountAccuracy, accuracy);
    QFETCH(QString, expected);

    PaginationBar bar;
    PaginationBar::State s;
    s.offset = offset;
    s.rows = rows;
    s.total = total;
    s.accuracy = accuracy;
    bar.setState(s);
    QCOMPARE(bar.summaryText(), expected);
    QCOMPARE(child<QLabel>(bar, "pageSummary")->text(), expected);
}

void TestPaginationBar::shouldShowPageCount_data()
{
    QTest::addColumn<qint64>("pages");
    QTest::addColumn<CountAccuracy>("accuracy");
    QTest::addColumn<QString>("expected");

    QTest::newRow("exact") << qint64(12) << CountAccuracy::Exact << QStringLiteral("of 12");
    QTest::newRow("grouped") << qint64(40000) << CountAccuracy::Exact
                             << QStringLiteral("of 40,000");
    QTest::newRow("estimated") << qint64(12) << CountAccuracy::Estimated
                               << QStringLiteral("of ~12");
    QTest::newRow("unknown") << qint64(0) << CountAccuracy::Unknown << QStringLiteral("of …");
    QTest::newRow("unknown pages, estimated total")
        << qint64(0) << CountAccuracy::Estimated << QStringLiteral("of …");
}

void TestPaginationBar::shouldShowPageCount()
{
    QFETCH(qint64, pages);
    QFETCH(CountAccuracy, accuracy);
    QFETCH(QString, expected);

    PaginationBar bar;
    PaginationBar::State s = middlePage();
    s.pages = pages;
    s.accuracy = accuracy;
    bar.setState(s);
    QCOMPARE(bar.pageText(), expected);
    const QList<QLabel *> labels = bar.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(),
                        [&](const QLabel *l) { return l->text() == expected; }));
}

void TestPaginationBar::shouldReflectStateInPageBoxAndSize()
{
    PaginationBar bar;
    auto *page = child<QSpinBox>(bar, "pageNumber");
    auto *size = child<QComboBox>(bar, "pageSize");

    PaginationBar::State s = middlePage();
    s.page = 7;
    s.pages = 12;
    s.pageSize = 250;
    bar.setState(s);
    QCOMPARE(page->value(), 7);
    QCOMPARE(page->minimum(), 1);
    QCOMPARE(page->maximum(), 12);
    QCOMPARE(size->currentData().toInt(), 250);

    s.page = 0;
    s.pages = 0;
    s.pageSize = 25;
    bar.setState(s);
    QCOMPARE(page->value(), 1);
    QCOMPARE(size->currentData().toInt(), 25);
}

void TestPaginationBar::shouldEmitOnceWhenButtonClicked_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<int>("signalIndex");

    QTest::newRow("first") << QStringLiteral("firstPage") << 0;
    QTest::newRow("previous") << QStringLiteral("previousPage") << 1;
    QTest::newRow("next") << QStringLiteral("nextPage") << 2;
    QTest::newRow("last") << QStringLiteral("lastPage") << 3;
}

void TestPaginationBar::shouldEmitOnceWhenButtonClicked()
{
    QFETCH(QString, button);
    QFETCH(int, signalIndex);

    PaginationBar bar;
    bar.setState(middlePage());
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy first(&bar, &PaginationBar::firstRequested);
    QSignalSpy previous(&bar, &PaginationBar::previousRequested);
    QSignalSpy next(&bar, &PaginationBar::nextRequested);
    QSignalSpy last(&bar, &PaginationBar::lastRequested);
    QSignalSpy page(&bar, &PaginationBar::pageRequested);
    const QList<QSignalSpy *> spies{&first, &previous, &next, &last};

    auto *b = bar.findChild<QToolButton *>(button);
    QVERIFY(b);
    QTest::mouseClick(b, Qt::LeftButton);

    for (int i = 0; i < spies.size(); ++i)
        QCOMPARE(spies.at(i)->count(), i == signalIndex ? 1 : 0);
    QCOMPARE(page.count(), 0);
}

void TestPaginationBar::shouldNotEmitWhenDisabledButtonClicked()
{
    PaginationBar bar;
    PaginationBar::State s = middlePage();
    s.canGoBack = false;
    s.canGoForward = false;
    bar.setState(s);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy first(&bar, &PaginationBar::firstRequested);
    QSignalSpy next(&bar, &PaginationBar::nextRequested);

    QTest::mouseClick(child<QToolButton>(bar, "firstPage"), Qt::LeftButton);
    QTest::mouseClick(child<QToolButton>(bar, "nextPage"), Qt::LeftButton);

    QCOMPARE(first.count(), 0);
    QCOMPARE(next.count(), 0);
}

void TestPaginationBar::shouldRequestTypedPage()
{
    PaginationBar bar;
    PaginationBar::State s = middlePage();
    s.page = 1;
    s.pages = 12;
    bar.setState(s);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy requested(&bar, &PaginationBar::pageRequested);
    auto *page = child<QSpinBox>(bar, "pageNumber");

    page->setFocus();
    page->selectAll();
    QTest::keyClicks(page, QStringLiteral("11"));
    QCOMPARE(requested.count(), 0); // nothing while typing
    QTest::keyClick(page, Qt::Key_Return);

    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toLongLong(), Q_INT64_C(11));
}

void TestPaginationBar::shouldNotRequestTheCurrentPage()
{
    PaginationBar bar;
    PaginationBar::State s = middlePage();
    s.page = 4;
    s.pages = 12;
    bar.setState(s);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy requested(&bar, &PaginationBar::pageRequested);
    auto *page = child<QSpinBox>(bar, "pageNumber");

    page->setFocus();
    page->selectAll();
    QTest::keyClicks(page, QStringLiteral("4"));
    QTest::keyClick(page, Qt::Key_Enter);

    QCOMPARE(requested.count(), 0);
}

void TestPaginationBar::shouldNotEmitFromSetState()
{
    PaginationBar bar;
    QSignalSpy page(&bar, &PaginationBar::pageRequested);
    QSignalSpy size(&bar, &PaginationBar::pageSizeChanged);
    QSignalSpy first(&bar, &PaginationBar::firstRequested);
    QSignalSpy date(&bar, &PaginationBar::dateRequested);

    PaginationBar::State s = middlePage();
    for (qint64 p : {3, 12, 1, 5}) {
        s.page = p;
        s.pageSize = p == 5 ? 500 : 100;
        bar.setState(s);
    }
    s.pages = 0;
    s.page = 0;
    bar.setState(s);

    QCOMPARE(page.count(), 0);
    QCOMPARE(size.count(), 0);
    QCOMPARE(first.count(), 0);
    QCOMPARE(date.count(), 0);
}

void TestPaginationBar::shouldEmitChosenPageSize()
{
    PaginationBar bar;
    PaginationBar::State s = middlePage();
    s.pageSize = 100;
    bar.setState(s);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy changed(&bar, &PaginationBar::pageSizeChanged);
    auto *size = child<QComboBox>(bar, "pageSize");

    size->setFocus();
    QTest::keyClick(size, Qt::Key_Down);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toInt(), 250);

    QTest::keyClick(size, Qt::Key_End);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(1).at(0).toInt(), 1000);
}

void TestPaginationBar::shouldEmitDateRequested()
{
    PaginationBar bar;
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy requested(&bar, &PaginationBar::dateRequested);
    auto *edit = child<QDateEdit>(bar, "goToDate");
    QCOMPARE(edit->date(), QDate::currentDate());

    edit->setDate(QDate(2024, 2, 29));
    QCOMPARE(requested.count(), 0); // choosing a date does not jump yet
    QTest::mouseClick(child<QToolButton>(bar, "goToDateButton"), Qt::LeftButton);

    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toDate(), QDate(2024, 2, 29));
}

void TestPaginationBar::shouldTabThroughControlsInVisualOrder()
{
    PaginationBar bar;
    bar.setState(middlePage());
    bar.show();
    bar.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&bar));

    child<QToolButton>(bar, "firstPage")->setFocus();
    QStringList reached{QApplication::focusWidget()->objectName()};
    // A date edit takes Tab to move between its sections before leaving.
    for (int i = 0; i < 20 && reached.size() < 8; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        const QString name = QApplication::focusWidget()->objectName();
        if (name != reached.last())
            reached << name;
    }

    QCOMPARE(reached, (QStringList{QStringLiteral("firstPage"), QStringLiteral("previousPage"),
                                   QStringLiteral("pageNumber"), QStringLiteral("nextPage"),
                                   QStringLiteral("lastPage"), QStringLiteral("goToDate"),
                                   QStringLiteral("goToDateButton"), QStringLiteral("pageSize")}));
}

QTEST_MAIN(TestPaginationBar)
#include "tst_paginationbar.moc"
