#include "clusterhandoff.h"

namespace switchboard::server {

void ClusterHandoff::heard(const QString &conversationId, const QString &node, qint64 nowMs)
{
    m_news.insert(conversationId, News { node, nowMs });
}

std::optional<ClusterHandoff::Waiting> ClusterHandoff::leftToAnotherNode(
    const QString &conversationId, qint64 nowMs) const
{
    const auto news = m_news.constFind(conversationId);
    if (news == m_news.cend())
        return std::nullopt;
    const qint64 dueMs = news->heardMs + customersNodeFirstMs;
    if (nowMs >= dueMs)
        return std::nullopt;
    return Waiting { news->node, dueMs };
}

void ClusterHandoff::prune(qint64 nowMs)
{
    m_news.removeIf(
        [nowMs](const auto &news) { return nowMs - news.value().heardMs >= customersNodeFirstMs; });
}

} // namespace switchboard::server
