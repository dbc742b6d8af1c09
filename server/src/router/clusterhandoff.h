#pragma once

#include <QHash>
#include <QString>
#include <optional>

namespace switchboard::server {

// In a cluster, which node's routing news (a new conversation, an assignment, a requeue) this
// node heard last about each conversation, and when (this node's clock). A queued conversation
// whose customer is not connected here is left for customersNodeFirstMs to that node while it
// lists an available agent, so the nodes do not race for every new conversation; the router
// checks the customer and the agent, this part the node and the time. Lives on the router's
// thread.
class ClusterHandoff final {
public:
    // Counted from when this node heard of it. Without it every node raced for every new
    // conversation and one write in two lost its compare-and-set. Counted from the queueing
    // instead, 2 s was not enough on a loaded machine: the other node's own assignment write
    // took longer (ack p99.9 1.9 s).
    static constexpr qint64 customersNodeFirstMs = 5000;

    struct Waiting {
        QString node; // the node it is left to
        qint64 dueMs = 0; // when this node may take it
    };

    ClusterHandoff() = default;
    Q_DISABLE_COPY_MOVE(ClusterHandoff)

    // `node` changed the routing of the conversation (or created it), heard at `nowMs`.
    void heard(const QString &conversationId, const QString &node, qint64 nowMs);
    // The node the conversation is left to at `nowMs`, and until when; nullopt when this node
    // heard no recent routing news about it and may take it.
    std::optional<Waiting> leftToAnotherNode(const QString &conversationId, qint64 nowMs) const;
    // Drops the news whose window has passed.
    void prune(qint64 nowMs);
    qsizetype size() const { return m_news.size(); }

private:
    struct News {
        QString node;
        qint64 heardMs = 0;
    };
    QHash<QString, News> m_news;
};

} // namespace switchboard::server
