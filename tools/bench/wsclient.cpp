#include "wsclient.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

namespace switchboard::bench {

namespace {

constexpr std::string_view acceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// A cheap per-process generator for masking keys (RFC 6455 asks for unpredictable keys from
// browsers; a load generator needs only that they vary). One per thread: the traffic may run
// on several.
quint32 nextMask()
{
    thread_local quint64 state = QRandomGenerator::global()->generate64() | 1;
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return quint32(state);
}

} // namespace

WsClient::~WsClient()
{
    close();
}

bool WsClient::start(quint32 source, quint32 target, quint16 port)
{
    close();
    m_in.clear();
    m_inOffset = 0;
    m_out.clear();
    m_outOffset = 0;
    m_message.clear();
    m_closeCode = -1;
    upgraded = false;
    refusedWithRetryAfter = false;
    welcomed = false;
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return false;
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (source != 0) {
        // Let connect() pick the port per (source, destination), not bind(): a source address
        // then carries as many connections as there are ephemeral ports.
        ::setsockopt(m_fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        sockaddr_in local {};
        local.sin_family = AF_INET;
        local.sin_addr.s_addr = source;
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&local), sizeof local) != 0) {
            close();
            return false;
        }
    }
    sockaddr_in remote {};
    remote.sin_family = AF_INET;
    remote.sin_addr.s_addr = target;
    remote.sin_port = htons(port);
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&remote), sizeof remote) != 0
        && errno != EINPROGRESS) {
        close();
        return false;
    }
    m_state = State::Connecting;
    return true;
}

bool WsClient::onConnected(quint16 port)
{
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
        return false;
    QByteArray nonce(16, Qt::Uninitialized);
    for (char &byte : nonce)
        byte = char(nextMask());
    m_key = nonce.toBase64().toStdString();
    m_out += "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + m_key
        + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    m_state = State::Upgrading;
    return flush() || errno == EAGAIN;
}

bool WsClient::readUpgrade()
{
    const std::size_t end = m_in.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (m_in.size() > 16384) {
            m_closeCode = 1002;
            m_state = State::Closed;
        }
        return false;
    }
    std::string head = m_in.substr(0, end + 2);
    m_in.erase(0, end + 4);
    for (char &c : head)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (head.rfind("http/1.1 101", 0) != 0) {
        // 503 (capacity), 429 (pending hellos) or another refusal: remember the status as the
        // "close code".
        m_closeCode = head.size() > 12 ? std::atoi(head.c_str() + 9) : 1002;
        refusedWithRetryAfter = head.find("\r\nretry-after:") != std::string::npos;
        m_state = State::Closed;
        return true;
    }
    const std::string expected = QCryptographicHash::hash(
        QByteArray::fromStdString(m_key + std::string(acceptGuid)), QCryptographicHash::Sha1)
                                     .toBase64()
                                     .toLower()
                                     .toStdString();
    const std::size_t at = head.find("sec-websocket-accept:");
    if (at == std::string::npos || head.find(expected, at) == std::string::npos) {
        m_closeCode = 1002;
        m_state = State::Closed;
        return true;
    }
    m_state = State::Open;
    upgraded = true;
    return true;
}

void WsClient::sendFrame(quint8 opcode, std::string_view payload)
{
    char header[14];
    std::size_t length = 0;
    header[length++] = char(0x80 | opcode);
    if (payload.size() < 126) {
        header[length++] = char(0x80 | payload.size());
    } else if (payload.size() <= 0xffff) {
        header[length++] = char(0x80 | 126);
        header[length++] = char(payload.size() >> 8);
        header[length++] = char(payload.size() & 0xff);
    } else {
        header[length++] = char(0x80 | 127);
        for (int i = 7; i >= 0; --i)
            header[length++] = char((quint64(payload.size()) >> (8 * i)) & 0xff);
    }
    const quint32 mask = nextMask();
    const char *key = reinterpret_cast<const char *>(&mask);
    std::memcpy(header + length, key, 4);
    length += 4;
    m_out.append(header, length);
    const std::size_t start = m_out.size();
    m_out.append(payload);
    for (std::size_t i = 0; i < payload.size(); ++i)
        m_out[start + i] = char(m_out[start + i] ^ key[i & 3]);
}

void WsClient::sendText(std::string_view payload)
{
    if (m_state != State::Open)
        return;
    sendFrame(0x1, payload);
    flush();
}

void WsClient::queueText(std::string_view payload)
{
    if (m_state != State::Open)
        return;
    sendFrame(0x1, payload);
}

bool WsClient::flush()
{
    while (m_outOffset < m_out.size()) {
        const ssize_t sent
            = ::send(m_fd, m_out.data() + m_outOffset, m_out.size() - m_outOffset, MSG_NOSIGNAL);
        if (sent > 0) {
            m_outOffset += std::size_t(sent);
            continue;
        }
        if (sent < 0 && errno == EINTR)
            continue;
        return false; // EAGAIN: the caller waits for EPOLLOUT; errors show up on read
    }
    m_out.clear();
    m_outOffset = 0;
    return true;
}

void WsClient::leave(quint16 code)
{
    if (m_state == State::Open) {
        const char payload[2] = { char(code >> 8), char(code & 0xff) };
        sendFrame(0x8, std::string_view(payload, 2));
        flush();
    }
    close();
}

void WsClient::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_state = State::Closed;
}

} // namespace switchboard::bench
