#pragma once

#include <QTcpSocket>

namespace switchboard::server {

// A QTcpSocket that hands writes straight to the kernel while nothing is queued, so an idle
// connection keeps no write buffer. Qt 6.4's QAbstractSocket copies every write into a ring
// buffer whose first chunk is 32 KB and keeps that chunk after flushing it; with one per
// connection it was most of what an idle client cost (see docs/architecture.md). Whatever
// the kernel does not take at once is queued through QAbstractSocket as before, in order.
class DirectWriteSocket final : public QTcpSocket {
public:
    explicit DirectWriteSocket(QObject *parent = nullptr);

protected:
    qint64 writeData(const char *data, qint64 size) override;
};

} // namespace switchboard::server
