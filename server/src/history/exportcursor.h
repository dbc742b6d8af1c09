#pragma once

#include "exportformat.h"

#include <QByteArray>
#include <optional>

namespace switchboard::server {

// The opaque `cursor` of the protocol's export: the keyset position reached, the export's
// format and range, and the total counted when it started, signed with a key this process
// drew at random. A cursor that was changed, belongs to another range or format, or was
// issued before a restart does not verify and is refused as bad_request.
class ExportCursor final {
public:
    struct State {
        ExportFormat format = ExportFormat::Csv;
        ExportRange range;
        ExportPosition position;
        qint64 total = 0;
    };

    static ExportCursor &instance();

    QString encode(const State &state) const;
    std::optional<State> decode(const QString &cursor) const;

    // A cursor signed with another key: for tests of a cursor from before a restart.
    explicit ExportCursor(QByteArray key);

private:
    QByteArray sign(const QByteArray &payload) const;

    QByteArray m_key;
};

} // namespace switchboard::server
