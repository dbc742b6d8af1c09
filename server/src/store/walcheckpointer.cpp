#include "walcheckpointer.h"

#include <QDeadlineTimer>
#include <QMutexLocker>
#include <QThread>
#include <future>
#include <switchboard/logging.h>

namespace switchboard::server {

WalCheckpointer::WalCheckpointer() = default;

WalCheckpointer::~WalCheckpointer()
{
    stop();
}

bool WalCheckpointer::start(
    const StorageService::StoreFactory &factory, const QString &connectionName)
{
    if (m_thread || !factory)
        return false;
    {
        const QMutexLocker locker(&m_lock);
        m_stopping = false;
    }
    auto started = std::make_shared<std::promise<bool>>();
    std::future<bool> outcome = started->get_future();
    m_thread.reset(QThread::create([this, factory, connectionName, started] {
        std::unique_ptr<Store> store = factory(connectionName);
        // A backend without checkpoints says so before it is even opened.
        const auto unopened = store ? store->checkpoint() : StoreResult<bool>(false);
        if ((unopened && !*unopened) || !store->open()) {
            started->set_value(false);
            return;
        }
        started->set_value(true);
        loop(*store);
        store->close();
    }));
    m_thread->setObjectName(connectionName);
    m_thread->start();
    const bool running = outcome.get();
    if (!running) {
        m_thread->wait();
        m_thread.reset();
    }
    return running;
}

void WalCheckpointer::stop()
{
    if (!m_thread)
        return;
    {
        const QMutexLocker locker(&m_lock);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    m_thread.reset();
}

void WalCheckpointer::loop(Store &store)
{
    QMutexLocker locker(&m_lock);
    while (!m_stopping) {
        m_wake.wait(&m_lock, QDeadlineTimer(interval));
        if (m_stopping)
            break;
        locker.unlock();
        if (const auto done = store.checkpoint(); !done)
            qCWarning(lcStore).noquote() << "checkpoint failed:" << done.error().message;
        locker.relock();
    }
}

} // namespace switchboard::server
