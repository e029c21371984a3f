// The cancel contract of HistorySource, in the one class both source facades
// keep their requests in: a cancelled request is answered with nothing; a
// cancelled export still delivers a result (its committed file) but not a
// failure (its cancel) nor progress.
#include "outstandingrequests.h"

#include <QTest>

class TestOutstandingRequests : public QObject
{
    Q_OBJECT

private slots:
    void shouldAnswerEachRequestOnce_data();
    void shouldAnswerEachRequestOnce();
};

void TestOutstandingRequests::shouldAnswerEachRequestOnce_data()
{
    QTest::addColumn<bool>("isExport");
    QTest::addColumn<bool>("cancelled");
    QTest::addColumn<bool>("resultDelivered");
    QTest::addColumn<bool>("failureDelivered");
    QTest::addColumn<bool>("progressDelivered");

    QTest::newRow("plain") << false << false << true << true << true;
    QTest::newRow("plain, cancelled") << false << true << false << false << false;
    QTest::newRow("export") << true << false << true << true << true;
    QTest::newRow("export, cancelled: only a committed file")
        << true << true << true << false << false;
}

void TestOutstandingRequests::shouldAnswerEachRequestOnce()
{
    QFETCH(bool, isExport);
    QFETCH(bool, cancelled);
    QFETCH(bool, resultDelivered);
    QFETCH(bool, failureDelivered);
    QFETCH(bool, progressDelivered);

    for (bool failure : {false, true}) {
        OutstandingRequests requests;
        requests.add(7, isExport);
        QVERIFY(requests.contains(7));
        if (cancelled) {
            QVERIFY(requests.cancel(7));  // the worker must be told
            QVERIFY(!requests.cancel(8)); // unknown: nothing to tell
        }
        QCOMPARE(requests.wantsProgress(7), progressDelivered);
        if (failure) {
            QCOMPARE(requests.takeFailure(7), failureDelivered);
            QVERIFY(!requests.takeFailure(7));
        } else {
            QCOMPARE(requests.take(7), resultDelivered);
            QVERIFY(!requests.take(7)); // once
        }
        QVERIFY(!requests.contains(7));
        QVERIFY(requests.ids().isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestOutstandingRequests)
#include "tst_outstandingrequests.moc"
