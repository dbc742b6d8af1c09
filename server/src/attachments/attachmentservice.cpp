#include "attachmentservice.h"

#include "gateway/ratelimiter.h"
#include "http/httpmessage.h"
#include "metrics/metrics.h"
#include "store/storageservice.h"
#include "store/store.h"
#include "webhooks/webhookdispatcher.h"
#include "webhooks/webhookevent.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <switchboard/clientmessage.h>
#include <switchboard/ids.h>
#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ConversationState;
using protocol::Role;

namespace {

constexpr QByteArrayView collectionPath = "/attachments";
constexpr int maxFileNameLength = 255;
// Identities whose upload buckets are kept; past it the buckets start again full.
constexpr qsizetype maxRateBuckets = 10'000;
// After an early refusal, what the client still sends is read and dropped, up to this much,
// so the answer is not lost to a reset.
constexpr qint64 maxDrainedBytes = 64 * 1024 * 1024;
constexpr int drainTimeoutMs = 5000;
constexpr qint64 readBufferBytes = 256 * 1024;

qint64 wallClockMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

HttpResponse errorResponse(int status, const QString &code, const QString &message)
{
    return HttpResponse::json(status,
        QJsonDocument(QJsonObject { { u"error"_s, code }, { u"message"_s, message } })
            .toJson(QJsonDocument::Compact));
}

// The token from "Authorization: Bearer <token>"; empty when there is none.
QString bearerToken(const HttpRequest &request)
{
    const QByteArray value = request.header("authorization").trimmed();
    if (!value.toLower().startsWith("bearer "))
        return {};
    return QString::fromUtf8(value.mid(7).trimmed());
}

// A name to show, never a path: no folders, no control characters, at most 255 characters.
QString cleanFileName(const QString &raw)
{
    QString name = raw.section(u'/', -1).section(u'\\', -1);
    name.removeIf([](QChar c) { return c.category() == QChar::Other_Control || c.isNull(); });
    name = name.trimmed().left(maxFileNameLength);
    return name.isEmpty() ? u"attachment"_s : name;
}

QByteArray contentDisposition(const StoredAttachment &attachment)
{
    QByteArray ascii;
    for (const QChar c : attachment.fileName)
        ascii += (c.unicode() >= 0x20 && c.unicode() < 0x7f && c != u'"' && c != u'\\')
            ? char(c.unicode())
            : '_';
    const bool inlineImage = attachment.mediaType.startsWith("image/"_L1);
    return QByteArray(inlineImage ? "inline" : "attachment") + "; filename=\"" + ascii
        + "\"; filename*=UTF-8''" + QUrl::toPercentEncoding(attachment.fileName);
}

QString senderKeyOf(const TokenSubject &subject)
{
    return (subject.kind == TokenSubject::Kind::Customer ? u"c:"_s : u"u:"_s)
        + QString::number(subject.id);
}

QJsonObject metadataObject(const StoredAttachment &attachment)
{
    QJsonObject object { { u"id"_s, attachment.id }, { u"name"_s, attachment.fileName },
        { u"size"_s, attachment.sizeBytes }, { u"media_type"_s, attachment.mediaType } };
    if (attachment.width > 0) {
        object.insert(u"width"_s, attachment.width);
        object.insert(u"height"_s, attachment.height);
    }
    if (!attachment.thumbnail.isEmpty()) {
        object.insert(u"thumbnail"_s,
            QString::fromLatin1("data:image/jpeg;base64," + attachment.thumbnail.toBase64()));
    }
    return object;
}

struct UploadOutcome {
    enum class Result { Stored, Duplicate, Unauthorized, NotFound, Forbidden, Closed };
    Result result = Result::Stored;
    StoredMessage message;
};

struct DownloadOutcome {
    enum class Result { Found, Unauthorized, NotFound };
    Result result = Result::NotFound;
    StoredAttachment attachment;
};

// Whether the token's holder may read the conversation: its customer, a supervisor, or the
// agent it is assigned to.
StoreResult<bool> mayRead(
    Store &store, const TokenSubject &subject, const ConversationRecord &conversation)
{
    if (subject.kind == TokenSubject::Kind::Customer)
        return conversation.customerId == subject.id;
    auto user = store.findUserById(subject.id);
    if (!user)
        return unexpected(user.error());
    if (!*user)
        return false;
    return (*user)->role == Role::Supervisor || conversation.agentId == subject.id;
}

// One request on one socket, on the socket's thread; deleted with the socket.
class AttachmentExchange final : public QObject {
public:
    AttachmentExchange(AttachmentService *service, QTcpSocket *socket, HttpRequest request)
        : QObject(socket)
        , m_service(service)
        , m_socket(socket)
        , m_request(std::move(request))
    {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // Bytes wait in the kernel, not here, while the token is checked: a client cannot
        // make the server hold more than this of a body nobody may store.
        socket->setReadBufferSize(readBufferBytes);
        connect(socket, &QTcpSocket::readyRead, this, [this] { onBytes(); });
        m_timeout.setSingleShot(true);
        connect(&m_timeout, &QTimer::timeout, this, [this] {
            if (m_finished) {
                m_socket->abort(); // a refused body that kept coming
                return;
            }
            refuse(408, u"bad_request"_s, u"the file did not arrive in time"_s, u"bad_request");
        });
    }

    void start()
    {
        const QByteArray path = m_request.path;
        if (path == collectionPath) {
            if (m_request.method != "POST")
                return refuse(
                    405, u"bad_request"_s, u"upload with POST /attachments"_s, u"bad_request");
            return startUpload();
        }
        if (m_request.method != "GET" && m_request.method != "HEAD")
            return refuse(405, u"bad_request"_s, u"download with GET /attachments/<id>"_s, u"");
        startDownload(QString::fromUtf8(path.mid(collectionPath.size() + 1)));
    }

private:
    metrics::ServerMetrics &counters() { return *m_service->metrics(); }
    // Outcomes from other threads come back through the socket's I/O worker, which outlives
    // every exchange on its thread.
    QObject *anchor() const { return m_socket->parent(); }

    void refuse(int status, const QString &code, const QString &message, QStringView reason)
    {
        if (!reason.isEmpty() && m_request.path == collectionPath)
            counters().attachmentRefusals[reason].inc();
        finish(errorResponse(status, code, message));
    }

    void finish(const HttpResponse &response)
    {
        if (m_finished)
            return;
        m_finished = true;
        m_receiving = false;
        m_timeout.stop();
        m_socket->write(response.serialize(m_request.method == "HEAD"));
        m_body.clear();
        // What the client still sends of a refused body is read and dropped, so the answer
        // is not lost to the reset that closing on unread bytes would cause.
        if (m_bodyLength > m_received && m_bodyLength <= maxDrainedBytes) {
            m_timeout.start(drainTimeoutMs);
            drain();
            return;
        }
        m_socket->disconnectFromHost();
    }

    void drain()
    {
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            return;
        m_received += m_socket->skip(m_socket->bytesAvailable());
        if (m_received >= m_bodyLength) {
            m_timeout.stop();
            m_socket->disconnectFromHost();
        }
    }

    // ---- upload ----------------------------------------------------------------------------

    void startUpload()
    {
        // Read first, so that whatever is refused below, the rest of the body is drained.
        bool hasLength = false;
        m_bodyLength = m_request.header("content-length").toLongLong(&hasLength);
        if (!hasLength || m_bodyLength < 0)
            m_bodyLength = 0;
        const QString token = bearerToken(m_request);
        if (token.isEmpty()) {
            return refuse(401, u"unauthenticated"_s,
                u"send the connection's token as 'Authorization: Bearer <token>'"_s,
                u"unauthorized");
        }
        m_digest = ids::tokenDigest(token);
        const QUrlQuery query(QString::fromUtf8(m_request.query));
        m_conversation = query.queryItemValue(u"conversation"_s, QUrl::FullyDecoded);
        m_clientId = query.queryItemValue(u"client_id"_s, QUrl::FullyDecoded);
        m_fileName = cleanFileName(query.queryItemValue(u"name"_s, QUrl::FullyDecoded));
        if (m_conversation.isEmpty() || m_conversation.size() > 128) {
            return refuse(400, u"bad_request"_s, u"name the conversation: ?conversation=<id>"_s,
                u"bad_request");
        }
        if (!protocol::isValidClientId(m_clientId)) {
            return refuse(400, u"bad_request"_s,
                u"'client_id' must be 1-64 characters of A-Z a-z 0-9 _ -"_s, u"bad_request");
        }
        if (!hasLength || m_request.headers.contains("transfer-encoding")) {
            return refuse(
                411, u"bad_request"_s, u"send the file with a Content-Length"_s, u"bad_request");
        }
        const qint64 cap = m_service->options().limits.maxBytes;
        if (m_bodyLength > cap) {
            return refuse(413, u"too_large"_s,
                u"the file is larger than the %1 bytes allowed"_s.arg(cap), u"too_large");
        }
        if (m_bodyLength == 0)
            return refuse(400, u"bad_request"_s, u"the file is empty"_s, u"bad_request");
        if (!m_service->tryTakeUpload(m_digest, wallClockMs())) {
            return refuse(
                429, u"rate_limited"_s, u"too many uploads; slow down"_s, u"rate_limited");
        }
        m_timeout.start(m_service->options().bodyTimeoutMs);
        // The token before the body: a stranger's upload is refused before it is read.
        m_service->storage()->read<bool>(
            anchor(),
            [digest = m_digest](Store &store) -> StoreResult<bool> {
                auto subject = store.findToken(digest, wallClockMs());
                if (!subject)
                    return unexpected(subject.error());
                return subject->has_value();
            },
            [self = QPointer<AttachmentExchange>(this)](StoreResult<bool> known) {
                if (self)
                    self->onTokenChecked(known);
            });
    }

    void onTokenChecked(const StoreResult<bool> &known)
    {
        if (m_finished)
            return;
        if (!known) {
            qCWarning(lcHttp) << "attachment token not checked:" << known.error().message;
            return refuse(503, u"unavailable"_s, u"try again shortly"_s, u"other");
        }
        if (!*known) {
            return refuse(401, u"unauthenticated"_s,
                u"the token is unknown, expired or revoked; sign in again"_s, u"unauthorized");
        }
        if (m_request.header("expect").toLower() == "100-continue")
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        m_receiving = true;
        onBytes();
    }

    void onBytes()
    {
        if (m_finished)
            return drain();
        if (!m_receiving)
            return; // waiting for the token check; the bytes wait in the socket
        m_body += m_socket->read(m_bodyLength - m_body.size());
        m_received = m_body.size();
        if (m_body.size() < m_bodyLength)
            return;
        m_timeout.stop();
        m_receiving = false;
        // Decoding an image takes long enough to hold up every client of this I/O thread.
        // The answer comes back through the I/O worker, which outlives this exchange (its
        // client may leave meanwhile).
        QPointer<AttachmentExchange> self(this);
        m_service->inspectors().start(
            [self, body = m_body, limits = m_service->options().limits, anchor = anchor()] {
                auto inspected = inspectAttachment(body, limits);
                QMetaObject::invokeMethod(
                    anchor,
                    [self, inspected = std::move(inspected)] {
                        if (self)
                            self->onInspected(inspected);
                    },
                    Qt::QueuedConnection);
            });
    }

    void onInspected(const Expected<InspectedAttachment, AttachmentRefusal> &inspected)
    {
        m_body.clear();
        if (!inspected) {
            const bool dimensions
                = inspected.error().reason == AttachmentRefusal::Reason::Dimensions;
            return refuse(dimensions ? 422 : 415,
                dimensions ? u"image_too_large"_s : u"unsupported_media_type"_s,
                inspected.error().message, dimensions ? u"dimensions" : u"media_type");
        }
        StoredAttachment attachment;
        attachment.id = ids::newToken(); // unguessable: 192 random bits
        attachment.conversationId = m_conversation;
        attachment.fileName = m_fileName;
        attachment.mediaType = inspected->mediaType;
        attachment.content = inspected->content;
        attachment.sizeBytes = inspected->content.size();
        attachment.width = inspected->width;
        attachment.height = inspected->height;
        attachment.thumbnail = inspected->thumbnail;
        attachment.createdMs = wallClockMs();
        store(std::move(attachment));
    }

    void store(StoredAttachment attachment)
    {
        using Result = UploadOutcome::Result;
        const QByteArray digest = m_digest;
        const QString clientId = m_clientId;
        m_service->storage()->writeLocking<UploadOutcome>(
            anchor(), attachment.conversationId,
            [attachment, digest, clientId, hooks = m_service->webhooks()](
                Store &store) mutable -> StoreResult<UploadOutcome> {
                UploadOutcome outcome;
                auto subject = store.findToken(digest, wallClockMs());
                if (!subject)
                    return unexpected(subject.error());
                if (!*subject) {
                    outcome.result = Result::Unauthorized;
                    return outcome;
                }
                auto conversation = store.findConversation(attachment.conversationId);
                if (!conversation)
                    return unexpected(conversation.error());
                const bool isCustomer = (*subject)->kind == TokenSubject::Kind::Customer;
                if (!*conversation
                    || (isCustomer && (*conversation)->customerId != (*subject)->id)) {
                    outcome.result = Result::NotFound;
                    return outcome;
                }
                NewMessage message;
                if (isCustomer) {
                    message.senderRole = Role::Customer;
                    message.senderName = (*conversation)->customer.name;
                } else {
                    auto user = store.findUserById((*subject)->id);
                    if (!user)
                        return unexpected(user.error());
                    if (!*user || (*conversation)->agentId != (*subject)->id) {
                        outcome.result = *user ? Result::Forbidden : Result::Unauthorized;
                        return outcome;
                    }
                    message.senderRole = (*user)->role;
                    message.senderName = (*user)->name;
                }
                if ((*conversation)->state == ConversationState::Closed) {
                    outcome.result = Result::Closed;
                    return outcome;
                }
                attachment.uploaderKey = senderKeyOf(**subject);
                message.conversationId = attachment.conversationId;
                message.senderKey = attachment.uploaderKey;
                message.clientId = clientId;
                message.kind = protocol::MessageKind::Attachment;
                message.text = QString::fromUtf8(
                    QJsonDocument(metadataObject(attachment)).toJson(QJsonDocument::Compact));
                message.timestampMs = attachment.createdMs;
                message.traceId = ids::newTraceId();
                auto appended = store.appendMessage(message);
                if (!appended)
                    return unexpected(appended.error());
                outcome.message = appended->message;
                if (appended->duplicate) {
                    outcome.result = Result::Duplicate;
                    return outcome;
                }
                attachment.seq = appended->message.seq;
                if (auto stored = store.insertAttachment(attachment); !stored)
                    return unexpected(stored.error());
                if (hooks && hooks->isEnabled()) {
                    // Committed with the message: a crash cannot keep one without the other.
                    auto queued = hooks->enqueue(store,
                        WebhookEvent::messageCreated(appended->message), attachment.createdMs);
                    if (!queued)
                        return unexpected(queued.error());
                }
                return outcome;
            },
            [self = QPointer<AttachmentExchange>(this)](StoreResult<UploadOutcome> result) {
                if (self)
                    self->onStored(result);
            });
    }

    void onStored(const StoreResult<UploadOutcome> &result)
    {
        using Result = UploadOutcome::Result;
        if (!result) {
            qCWarning(lcHttp) << "attachment not stored:" << result.error().message;
            return refuse(
                503, u"unavailable"_s, u"not stored; retry with the same client_id"_s, u"other");
        }
        switch (result->result) {
        case Result::Unauthorized:
            return refuse(401, u"unauthenticated"_s,
                u"the token is unknown, expired or revoked; sign in again"_s, u"unauthorized");
        case Result::NotFound:
            return refuse(404, u"not_found"_s, u"no such conversation"_s, u"not_found");
        case Result::Forbidden:
            return refuse(403, u"forbidden"_s,
                u"staff upload only into conversations assigned to them"_s, u"forbidden");
        case Result::Closed:
            return refuse(409, u"conflict"_s, u"the conversation is closed"_s, u"forbidden");
        case Result::Stored:
        case Result::Duplicate:
            break;
        }
        const StoredMessage &stored = result->message;
        const bool duplicate = result->result == Result::Duplicate;
        const QJsonObject attachment = QJsonDocument::fromJson(stored.text.toUtf8()).object();
        if (duplicate) {
            counters().messageDuplicates.inc();
        } else {
            counters().attachmentUploads.inc();
            counters().attachmentBytes.inc(quint64(attachment.value(u"size"_s).toInteger()));
            m_service->announce(stored);
        }
        QJsonObject body { { u"attachment"_s, attachment }, { u"client_id"_s, stored.clientId },
            { u"conversation"_s, stored.conversationId }, { u"seq"_s, stored.seq },
            { u"ts"_s, formatTimestamp(stored.timestampMs) } };
        if (duplicate)
            body.insert(u"duplicate"_s, true);
        finish(HttpResponse::json(
            duplicate ? 200 : 201, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    }

    // ---- download --------------------------------------------------------------------------

    void startDownload(const QString &id)
    {
        const QString token = bearerToken(m_request);
        if (token.isEmpty()) {
            return refuse(401, u"unauthenticated"_s,
                u"send the connection's token as 'Authorization: Bearer <token>'"_s, u"");
        }
        if (id.isEmpty() || id.size() > 64 || id.contains(u'/'))
            return refuse(404, u"not_found"_s, u"no such attachment"_s, u"");
        using Result = DownloadOutcome::Result;
        m_service->storage()->read<DownloadOutcome>(
            anchor(),
            [digest = ids::tokenDigest(token), id](Store &store) -> StoreResult<DownloadOutcome> {
                DownloadOutcome outcome;
                auto subject = store.findToken(digest, wallClockMs());
                if (!subject)
                    return unexpected(subject.error());
                if (!*subject) {
                    outcome.result = Result::Unauthorized;
                    return outcome;
                }
                auto attachment = store.findAttachment(id, true);
                if (!attachment)
                    return unexpected(attachment.error());
                if (!*attachment)
                    return outcome;
                auto conversation = store.findConversation((*attachment)->conversationId);
                if (!conversation)
                    return unexpected(conversation.error());
                if (!*conversation)
                    return outcome;
                auto allowed = mayRead(store, **subject, **conversation);
                if (!allowed)
                    return unexpected(allowed.error());
                if (*allowed) {
                    outcome.result = Result::Found;
                    outcome.attachment = std::move(**attachment);
                }
                return outcome;
            },
            [self = QPointer<AttachmentExchange>(this)](StoreResult<DownloadOutcome> result) {
                if (self)
                    self->onRead(result);
            });
    }

    void onRead(const StoreResult<DownloadOutcome> &result)
    {
        using Result = DownloadOutcome::Result;
        if (!result) {
            qCWarning(lcHttp) << "attachment not read:" << result.error().message;
            return refuse(503, u"unavailable"_s, u"try again shortly"_s, u"");
        }
        switch (result->result) {
        case Result::Unauthorized:
            return refuse(401, u"unauthenticated"_s,
                u"the token is unknown, expired or revoked; sign in again"_s, u"");
        case Result::NotFound:
            // Also for an attachment the caller may not read: never a hint it exists.
            return refuse(404, u"not_found"_s, u"no such attachment"_s, u"");
        case Result::Found:
            break;
        }
        const StoredAttachment &attachment = result->attachment;
        HttpResponse response;
        response.contentType = attachment.mediaType == "text/plain"_L1
            ? QByteArray("text/plain; charset=utf-8")
            : attachment.mediaType.toLatin1();
        response.body = attachment.content;
        response.cacheControl = "private, no-store";
        response.headers.append(
            qMakePair(QByteArray("Content-Disposition"), contentDisposition(attachment)));
        finish(response);
    }

    AttachmentService *m_service;
    QTcpSocket *m_socket;
    HttpRequest m_request;
    QTimer m_timeout { this };
    QByteArray m_digest;
    QString m_conversation;
    QString m_clientId;
    QString m_fileName;
    qint64 m_bodyLength = 0;
    qint64 m_received = 0; // bytes of the body read (or, once refused, dropped)
    QByteArray m_body;
    bool m_receiving = false; // the token is known: the body is read
    bool m_finished = false; // answered
};

} // namespace

AttachmentService::AttachmentService(
    AttachmentOptions options, StorageService *storage, metrics::ServerMetrics *metrics)
    : m_options(std::move(options))
    , m_storage(storage)
    , m_metrics(metrics)
{
}

AttachmentService::~AttachmentService() = default;

bool AttachmentService::handles(const HttpRequest &request)
{
    return request.path == collectionPath
        || request.path.startsWith(QByteArray(collectionPath.toByteArray() + "/"));
}

void AttachmentService::serve(QTcpSocket *socket, const HttpRequest &request)
{
    auto *exchange = new AttachmentExchange(this, socket, request);
    exchange->start();
}

void AttachmentService::announce(const StoredMessage &message) const
{
    if (m_announce)
        m_announce(message);
}

bool AttachmentService::tryTakeUpload(const QByteArray &tokenDigest, qint64 nowMs)
{
    QMutexLocker locker(&m_limitersLock);
    if (m_limiters.size() >= maxRateBuckets && !m_limiters.contains(tokenDigest))
        m_limiters.clear();
    auto bucket = m_limiters.find(tokenDigest);
    if (bucket == m_limiters.end())
        bucket
            = m_limiters.insert(tokenDigest, RateLimiter(m_options.rateLimit, m_options.rateBurst));
    return bucket->tryTake(nowMs);
}

} // namespace switchboard::server
