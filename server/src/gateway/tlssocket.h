#pragma once

#include <QSslSocket>

namespace switchboard::server {

// The socket of a client on a TLS port. QSslSocket counts in bytesToWrite() only what waits
// to be encrypted; what is encrypted and waits for the kernel also counts here, so that the
// slow-consumer cap (IoWorker::sendFrame) sees everything a client has not taken yet.
class TlsSocket final : public QSslSocket {
public:
    explicit TlsSocket(QObject *parent = nullptr)
        : QSslSocket(parent)
    {
    }

    qint64 bytesToWrite() const override
    {
        return QSslSocket::bytesToWrite() + encryptedBytesToWrite();
    }
};

} // namespace switchboard::server
