#include "restsource.h"

#include "restworker.h"

#include <QCoreApplication>

RestSource::RestSource(RestConnectionSpec spec, QObject *parent)
    : HistorySource(parent)
    , m_spec(std::move(spec))
{
    qRegisterMetaType<PageResult>();
    qRegisterMetaType<CountResult>();
    qRegisterMetaType<SourceError>();
    qRegisterMetaType<HistorySource::EntrySellers>();
    m_thread.setObjectName(QStringLiteral("seller-history-rest"));
    m_worker = new RestWorker(m_spec);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &RestWorker::pageReady, this, [this](quint64 id, const PageResult &r) {
        if (takeOutstanding(id))
            emit pageReady(id, r);
    });
    connect(m_worker, &RestWorker::countsReady, this, [this](quint64 id, const CountResult &r) {
        if (takeOutstanding(id))
            emit countsReady(id, r);
    });
    connect(m_worker, &RestWorker::entrySellersReady, this,
            [this](quint64 id, const HistorySource::EntrySellers &s) {
                if (takeOutstanding(id))
                    emit entrySellersReady(id, s);
            });
    connect(m_worker, &RestWorker::failed, this, [this](quint64 id, const SourceError &e) {
        if (takeOutstanding(id))
            emit failed(id, e);
    });
    m_thread.start();
}

RestSource::~RestSource()
{
    m_thread.quit();
    m_thread.wait();
}

bool RestSource::takeOutstanding(RequestId id)
{
    return m_outstanding.remove(id);
}

QString RestSource::description() const
{
    return m_spec.description();
}

HistorySource::Capabilities RestSource::capabilities() const
{
    Capabilities c;
    c.search = false;
    c.userNames = false;
    c.entrySellers = true;
    c.searchUnavailable =
        QCoreApplication::translate("RestSource", "The REST API has no search. Connect to the "
                                                  "database directly (postgresql://) to search.");
    return c;
}

void RestSource::setCredentials(const QByteArray &secret)
{
    m_spec.token = secret;
    RestWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, secret] { worker->setToken(secret); }, Qt::QueuedConnection);
}

HistorySource::RequestId RestSource::requestPage(const PageRequest &request)
{
    const RequestId id = m_nextId++;
    m_outstanding.insert(id);
    RestWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id, request] { worker->runPage(id, request); }, Qt::QueuedConnection);
    return id;
}

HistorySource::RequestId RestSource::requestCounts(const CountRequest &request)
{
    const RequestId id = m_nextId++;
    m_outstanding.insert(id);
    RestWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id, request] { worker->runCounts(id, request); }, Qt::QueuedConnection);
    return id;
}

HistorySource::RequestId RestSource::requestEntrySellers(const QString &entryId)
{
    const RequestId id = m_nextId++;
    m_outstanding.insert(id);
    RestWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id, entryId] { worker->runEntrySellers(id, entryId); },
        Qt::QueuedConnection);
    return id;
}

void RestSource::cancel(RequestId id)
{
    if (!m_outstanding.remove(id))
        return;
    RestWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id] { worker->cancel(id); }, Qt::QueuedConnection);
}
