#pragma once

#include "storageservice.h"

#include <QMutex>
#include <QWaitCondition>
#include <chrono>
#include <memory>

class QThread;

namespace switchboard::server {

// Copies SQLite's write-ahead log into the database file from a connection of its own, so the
// writer never does it inside a commit that acks wait for (an automatic checkpoint there
// also pays an fsync). Private to StorageService.
class WalCheckpointer final {
public:
    static constexpr std::chrono::milliseconds interval { 250 };

    WalCheckpointer();
    ~WalCheckpointer();
    Q_DISABLE_COPY_MOVE(WalCheckpointer)

    // Opens its store on its own thread; false when the backend has no checkpoints (the thread
    // is gone then) or the store did not open.
    bool start(const StorageService::StoreFactory &factory, const QString &connectionName);
    void stop();

private:
    void loop(Store &store);

    std::unique_ptr<QThread> m_thread;
    QMutex m_lock;
    QWaitCondition m_wake;
    bool m_stopping = false; // guarded by m_lock
};

} // namespace switchboard::server
