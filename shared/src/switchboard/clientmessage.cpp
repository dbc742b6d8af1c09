#include "clientmessage.h"

#include "flatjsonobject.h"
#include "timeformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <cmath>

using namespace Qt::StringLiterals;

namespace switchboard::protocol {

namespace {

// Reads typed fields from one JSON object and remembers the first problem it finds. Object is
// a QJsonObject, or a FlatJsonObject for the frames decodeClientFrame() reads without one.
template<typename Object> class BasicFieldReader {
public:
    explicit BasicFieldReader(const Object &object)
        : m_object(object)
    {
    }

    QString requiredString(QLatin1StringView key, int maxLength)
    {
        const auto value = m_object.value(key);
        if (value.isUndefined() || value.isNull()) {
            fail(u"missing field '%1'"_s.arg(key));
            return {};
        }
        return checkedString(key, value, maxLength);
    }

    QString optionalString(QLatin1StringView key, int maxLength)
    {
        const auto value = m_object.value(key);
        if (value.isUndefined() || value.isNull())
            return {};
        return checkedString(key, value, maxLength);
    }

    std::optional<qint64> optionalInteger(QLatin1StringView key, qint64 minimum, qint64 maximum)
    {
        const auto value = m_object.value(key);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        if (!value.isDouble()) {
            fail(u"field '%1' must be a number"_s.arg(key));
            return std::nullopt;
        }
        const double number = value.toDouble();
        if (std::trunc(number) != number || number < double(minimum) || number > double(maximum)) {
            fail(u"field '%1' must be a whole number from %2 to %3"_s.arg(key).arg(minimum).arg(
                maximum));
            return std::nullopt;
        }
        return qint64(number);
    }

    qint64 requiredInteger(QLatin1StringView key, qint64 minimum, qint64 maximum)
    {
        if (!m_object.contains(key) || m_object.value(key).isNull()) {
            fail(u"missing field '%1'"_s.arg(key));
            return 0;
        }
        return optionalInteger(key, minimum, maximum).value_or(0);
    }

    bool requiredBool(QLatin1StringView key)
    {
        const auto value = m_object.value(key);
        if (!value.isBool()) {
            fail(value.isUndefined() ? u"missing field '%1'"_s.arg(key)
                                     : u"field '%1' must be true or false"_s.arg(key));
            return false;
        }
        return value.toBool();
    }

    void fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
    }

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

private:
    template<typename Value>
    QString checkedString(QLatin1StringView key, const Value &value, int maxLength)
    {
        if (!value.isString()) {
            fail(u"field '%1' must be a string"_s.arg(key));
            return {};
        }
        QString text = value.toString();
        if (text.size() > maxLength) {
            fail(u"field '%1' is longer than %2 characters"_s.arg(key).arg(maxLength));
            return {};
        }
        // JSON lets "\ud800" through and QJsonDocument keeps it as is; such text is not
        // Unicode, cannot be stored or sent on as UTF-8, and is refused rather than mangled.
        if (!text.isValidUtf16()) {
            fail(u"field '%1' is not valid Unicode (a surrogate escape without its pair)"_s.arg(
                key));
            return {};
        }
        return text;
    }

    const Object &m_object;
    QString m_error;
};

using FieldReader = BasicFieldReader<QJsonObject>;

constexpr qint64 maxSeq = (qint64(1) << 53) - 1; // exact in a JSON number

DecodeError badRequest(const QString &message, const QString &ref = {})
{
    return DecodeError { ErrorCode::BadRequest, message, ref };
}

Expected<ClientMessage, DecodeError> decodeHello(const QJsonObject &object, FieldReader &reader)
{
    const QJsonValue versionValue = object.value(QLatin1StringView("v"));
    if (versionValue.isUndefined())
        return unexpected(badRequest(u"missing field 'v' (protocol version, must be 1)"_s));
    if (!versionValue.isDouble() || versionValue.toDouble() != double(version)) {
        return unexpected(DecodeError {
            ErrorCode::UnsupportedVersion, u"this server speaks protocol version 1"_s, {} });
    }
    HelloMessage hello;
    const QString role = reader.requiredString(QLatin1StringView("role"), 32);
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    const std::optional<Role> parsedRole = roleFromName(role);
    if (!parsedRole || *parsedRole == Role::System) {
        return unexpected(
            badRequest(u"field 'role' must be 'customer', 'agent' or 'supervisor'"_s));
    }
    hello.role = *parsedRole;
    const QJsonValue token = object.value(QLatin1StringView("token"));
    if (!token.isUndefined() && !token.isNull()) {
        if (!token.isString() || token.toString().isEmpty() || token.toString().size() > 256)
            return unexpected(badRequest(u"field 'token' must be null or a token string"_s));
        hello.token = token.toString();
    }
    if (hello.role == Role::Customer) {
        hello.name = reader.optionalString(QLatin1StringView("name"), maxProfileFieldLength);
        hello.email = reader.optionalString(QLatin1StringView("email"), maxProfileFieldLength);
        hello.page = reader.optionalString(QLatin1StringView("page"), maxPageLength);
        hello.team = reader.optionalString(QLatin1StringView("team"), maxProfileFieldLength);
    } else if (!hello.token) {
        hello.login = reader.optionalString(QLatin1StringView("login"), maxProfileFieldLength);
        hello.password = reader.optionalString(QLatin1StringView("password"), 1024);
        if (reader.ok() && (hello.login.isEmpty() || hello.password.isEmpty())) {
            return unexpected(DecodeError {
                ErrorCode::Unauthenticated, u"sign in with login and password, or a token"_s, {} });
        }
    }
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    return ClientMessage(std::move(hello));
}

template<typename Reader> Expected<ClientMessage, DecodeError> decodeSend(Reader &reader)
{
    SendMessage send;
    send.clientId = reader.requiredString(QLatin1StringView("client_id"), maxClientIdLength);
    const QString ref = reader.ok() && isValidClientId(send.clientId) ? send.clientId : QString();
    if (reader.ok() && !isValidClientId(send.clientId))
        reader.fail(u"field 'client_id' must be 1-64 characters of A-Z a-z 0-9 _ -"_s);
    send.conversation = reader.optionalString(QLatin1StringView("conversation"), 128);
    send.text = reader.requiredString(QLatin1StringView("text"), maxTextLength);
    if (reader.ok() && send.text.isEmpty())
        reader.fail(u"field 'text' must not be empty"_s);
    const QString kind = reader.optionalString(QLatin1StringView("kind"), 16);
    if (reader.ok() && !kind.isEmpty()) {
        const std::optional<MessageKind> parsed = kindFromName(kind);
        if (!parsed || *parsed == MessageKind::Event || *parsed == MessageKind::Attachment)
            reader.fail(u"field 'kind' must be 'text' or 'note'"_s);
        else
            send.kind = *parsed;
    }
    if (!reader.ok())
        return unexpected(badRequest(reader.error(), ref));
    return ClientMessage(std::move(send));
}

template<typename Reader>
Expected<ClientMessage, DecodeError> decodeReceipt(ReceiptKind kind, Reader &reader)
{
    ReceiptMessage receipt;
    receipt.kind = kind;
    receipt.conversation = reader.requiredString(QLatin1StringView("conversation"), 128);
    receipt.seq = reader.requiredInteger(QLatin1StringView("seq"), 0, maxSeq);
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    return ClientMessage(receipt);
}

template<typename Reader> Expected<ClientMessage, DecodeError> decodeTyping(Reader &reader)
{
    TypingMessage typing;
    typing.conversation = reader.optionalString(QLatin1StringView("conversation"), 128);
    typing.active = reader.requiredBool(QLatin1StringView("active"));
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    return ClientMessage(typing);
}

// The frequent types, which both decoders read the same way; nothing for any other type.
template<typename Reader>
std::optional<Expected<ClientMessage, DecodeError>> decodeFrequentType(
    const QString &type, Reader &reader)
{
    if (type == u"send")
        return decodeSend(reader);
    if (type == u"delivered")
        return decodeReceipt(ReceiptKind::Delivered, reader);
    if (type == u"read")
        return decodeReceipt(ReceiptKind::Read, reader);
    if (type == u"typing")
        return decodeTyping(reader);
    if (type == u"ping")
        return ClientMessage(PingMessage {});
    return std::nullopt;
}

// Whether an optional field was given (null counts as absent).
bool present(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    return !value.isUndefined() && !value.isNull();
}

// The optional `request` id of a history request; a malformed one fails without a ref.
QString requestId(const QJsonObject &object, FieldReader &reader)
{
    const QString request = reader.optionalString(QLatin1StringView("request"), maxRequestIdLength);
    if (reader.ok() && present(object, QLatin1StringView("request")) && !isValidClientId(request))
        reader.fail(u"field 'request' must be 1-64 characters of A-Z a-z 0-9 _ -"_s);
    return request;
}

std::optional<qint64> timeField(
    const QJsonObject &object, QLatin1StringView key, FieldReader &reader)
{
    const QString text = reader.optionalString(key, 64);
    if (!reader.ok() || !present(object, key))
        return std::nullopt;
    const std::optional<qint64> ms = parseTimestamp(text);
    if (!ms)
        reader.fail(
            u"field '%1' must be an RFC 3339 time such as 2026-11-27T09:30:00.000Z"_s.arg(key));
    return ms;
}

TimeRange timeRange(const QJsonObject &object, FieldReader &reader)
{
    TimeRange range;
    range.fromMs = timeField(object, QLatin1StringView("from"), reader);
    range.toMs = timeField(object, QLatin1StringView("to"), reader);
    if (reader.ok() && range.fromMs && range.toMs && *range.fromMs >= *range.toMs)
        reader.fail(u"field 'from' must be before 'to'"_s);
    return range;
}

template<typename Request>
Expected<ClientMessage, DecodeError> finishRequest(Request request, const FieldReader &reader)
{
    if (!reader.ok())
        return unexpected(badRequest(reader.error(), request.request));
    return ClientMessage(std::move(request));
}

Expected<ClientMessage, DecodeError> decodeSearch(const QJsonObject &object, FieldReader &reader)
{
    SearchMessage search;
    search.request = requestId(object, reader);
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    if (present(object, QLatin1StringView("text"))) {
        search.text = reader.optionalString(QLatin1StringView("text"), maxSearchTextLength);
        bool hasWord = false;
        for (const QChar c : std::as_const(search.text))
            hasWord = hasWord || c.isLetterOrNumber();
        if (reader.ok() && !hasWord)
            reader.fail(u"field 'text' must contain at least one word"_s);
    }
    search.range = timeRange(object, reader);
    search.agent = reader.optionalString(QLatin1StringView("agent"), maxProfileFieldLength);
    search.team = reader.optionalString(QLatin1StringView("team"), maxProfileFieldLength);
    search.customer = reader.optionalString(QLatin1StringView("customer"), maxProfileFieldLength);
    const QString state = reader.optionalString(QLatin1StringView("state"), 16);
    if (reader.ok() && present(object, QLatin1StringView("state"))) {
        search.state = stateFromName(state);
        if (!search.state)
            reader.fail(u"field 'state' must be 'queued', 'assigned' or 'closed'"_s);
    }
    search.limit = int(reader.optionalInteger(QLatin1StringView("limit"), 1, maxSearchLimit)
                           .value_or(defaultSearchLimit));
    search.offset
        = int(reader.optionalInteger(QLatin1StringView("offset"), 0, maxSearchOffset).value_or(0));
    return finishRequest(std::move(search), reader);
}

Expected<ClientMessage, DecodeError> decodeExport(const QJsonObject &object, FieldReader &reader)
{
    ExportMessage request;
    request.request = requestId(object, reader);
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    const QString format = reader.requiredString(QLatin1StringView("format"), 16);
    if (reader.ok()) {
        const std::optional<ExportFormat> parsed = exportFormatFromName(format);
        if (!parsed)
            reader.fail(u"field 'format' must be 'csv' or 'jsonl'"_s);
        else
            request.format = *parsed;
    }
    request.range = timeRange(object, reader);
    const QString cursor
        = reader.optionalString(QLatin1StringView("cursor"), maxExportCursorLength);
    if (reader.ok() && present(object, QLatin1StringView("cursor"))) {
        if (cursor.isEmpty())
            reader.fail(u"field 'cursor' must be null or the cursor of the previous chunk"_s);
        request.cursor = cursor;
    }
    return finishRequest(std::move(request), reader);
}

Expected<ClientMessage, DecodeError> decodeReports(const QJsonObject &object, FieldReader &reader)
{
    ReportsMessage request;
    request.request = requestId(object, reader);
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    request.range = timeRange(object, reader);
    request.utcOffsetMinutes = int(reader
                                       .optionalInteger(QLatin1StringView("utc_offset_min"),
                                           -maxUtcOffsetMinutes, maxUtcOffsetMinutes)
                                       .value_or(0));
    return finishRequest(std::move(request), reader);
}

Expected<ClientMessage, DecodeError> decodeAudit(const QJsonObject &object, FieldReader &reader)
{
    AuditMessage request;
    request.request = requestId(object, reader);
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    request.range = timeRange(object, reader);
    if (present(object, QLatin1StringView("actor"))) {
        const QString login
            = reader.optionalString(QLatin1StringView("actor"), maxProfileFieldLength);
        if (reader.ok())
            request.actor = login.isNull() ? u""_s : login;
    }
    request.action = reader.optionalString(QLatin1StringView("action"), 32);
    if (reader.ok() && present(object, QLatin1StringView("action"))
        && !isAuditAction(request.action))
        reader.fail(u"field 'action' is not an audit action (see docs/protocol.md)"_s);
    request.limit = int(reader.optionalInteger(QLatin1StringView("limit"), 1, maxAuditLimit)
                            .value_or(defaultAuditLimit));
    request.offset
        = int(reader.optionalInteger(QLatin1StringView("offset"), 0, maxAuditOffset).value_or(0));
    return finishRequest(std::move(request), reader);
}

// Staff accounts ---------------------------------------------------------------------------

QString staffLogin(FieldReader &reader)
{
    const QString login = reader.requiredString(QLatin1StringView("login"), maxProfileFieldLength);
    if (reader.ok() && !isValidLogin(login))
        reader.fail(u"field 'login' must be 1-64 characters of A-Z a-z 0-9 . _ -"_s);
    return login;
}

Role staffRole(FieldReader &reader)
{
    const QString role = reader.requiredString(QLatin1StringView("role"), 32);
    if (!reader.ok())
        return Role::Agent;
    const std::optional<Role> parsed = roleFromName(role);
    if (!parsed || !isStaff(*parsed)) {
        reader.fail(u"field 'role' must be 'agent' or 'supervisor'"_s);
        return Role::Agent;
    }
    return *parsed;
}

// An array of distinct team names; an account without teams serves every team.
QStringList staffTeams(const QJsonObject &object, FieldReader &reader)
{
    const QJsonValue value = object.value(QLatin1StringView("teams"));
    if (!value.isArray()) {
        reader.fail(u"field 'teams' must be an array of team names"_s);
        return {};
    }
    const QJsonArray array = value.toArray();
    if (array.size() > maxTeamsPerAccount) {
        reader.fail(u"field 'teams' lists more than %1 teams"_s.arg(maxTeamsPerAccount));
        return {};
    }
    QStringList teams;
    for (const QJsonValue &team : array) {
        if (!team.isString()) {
            reader.fail(u"field 'teams' must be an array of team names"_s);
            return {};
        }
        if (const QString problem = teamNameProblem(team.toString()); !problem.isEmpty()) {
            reader.fail(u"field 'teams': "_s + problem);
            return {};
        }
        if (!teams.contains(team.toString()))
            teams.append(team.toString());
    }
    return teams;
}

QString staffPassword(FieldReader &reader)
{
    const QString password
        = reader.requiredString(QLatin1StringView("password"), maxPasswordLength * 2);
    if (!reader.ok())
        return {};
    if (const QString problem = newPasswordProblem(password); !problem.isEmpty())
        reader.fail(u"field 'password': "_s + problem);
    return password;
}

std::optional<bool> optionalBool(
    const QJsonObject &object, QLatin1StringView key, FieldReader &reader)
{
    if (!present(object, key))
        return std::nullopt;
    return reader.requiredBool(key);
}

Expected<ClientMessage, DecodeError> decodeStaffAdd(const QJsonObject &object, FieldReader &reader)
{
    StaffAddMessage request;
    request.request = requestId(object, reader);
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    request.login = staffLogin(reader);
    request.name
        = reader.optionalString(QLatin1StringView("name"), maxProfileFieldLength).trimmed();
    request.role = staffRole(reader);
    if (reader.ok() && present(object, QLatin1StringView("teams")))
        request.teams = staffTeams(object, reader);
    if (reader.ok())
        request.password = staffPassword(reader);
    if (reader.ok())
        request.receivesChats = optionalBool(object, QLatin1StringView("receives_chats"), reader);
    return finishRequest(std::move(request), reader);
}

Expected<ClientMessage, DecodeError> decodeStaffUpdate(
    const QJsonObject &object, FieldReader &reader)
{
    StaffUpdateMessage request;
    request.request = requestId(object, reader);
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    request.login = staffLogin(reader);
    if (reader.ok() && present(object, QLatin1StringView("name")))
        request.name
            = reader.optionalString(QLatin1StringView("name"), maxProfileFieldLength).trimmed();
    if (reader.ok() && present(object, QLatin1StringView("role")))
        request.role = staffRole(reader);
    if (reader.ok() && present(object, QLatin1StringView("teams")))
        request.teams = staffTeams(object, reader);
    if (reader.ok())
        request.receivesChats = optionalBool(object, QLatin1StringView("receives_chats"), reader);
    if (reader.ok() && !request.name && !request.role && !request.teams && !request.receivesChats)
        reader.fail(u"give at least one of 'name', 'role', 'teams' or 'receives_chats'"_s);
    return finishRequest(std::move(request), reader);
}

Expected<ClientMessage, DecodeError> decodeStaffPassword(
    const QJsonObject &object, FieldReader &reader)
{
    StaffPasswordMessage request;
    request.request = requestId(object, reader);
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    request.login = staffLogin(reader);
    if (reader.ok())
        request.password = staffPassword(reader);
    return finishRequest(std::move(request), reader);
}

Expected<ClientMessage, DecodeError> decodeStaffRemove(
    const QJsonObject &object, FieldReader &reader)
{
    StaffRemoveMessage request;
    request.request = requestId(object, reader);
    if (!reader.ok())
        return unexpected(badRequest(reader.error()));
    request.login = staffLogin(reader);
    return finishRequest(std::move(request), reader);
}

} // namespace

bool isValidClientId(const QString &clientId)
{
    if (clientId.isEmpty() || clientId.size() > maxClientIdLength)
        return false;
    for (const QChar c : clientId) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z')
            || (u >= u'0' && u <= u'9') || u == u'_' || u == u'-';
        if (!ok)
            return false;
    }
    return true;
}

Expected<ClientMessage, DecodeError> decodeClientMessage(const QByteArray &utf8)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return unexpected(badRequest(u"not valid JSON: %1"_s.arg(parseError.errorString())));
    if (!document.isObject())
        return unexpected(badRequest(u"a message must be one JSON object"_s));
    const QJsonObject object = document.object();
    const QJsonValue typeValue = object.value(QLatin1StringView("type"));
    if (!typeValue.isString())
        return unexpected(badRequest(u"missing string field 'type'"_s));
    const QString type = typeValue.toString();
    FieldReader reader(object);
    const auto conversation = [&reader] {
        return reader.requiredString(QLatin1StringView("conversation"), 128);
    };
    const auto finish = [&reader](ClientMessage message) -> Expected<ClientMessage, DecodeError> {
        if (!reader.ok())
            return unexpected(badRequest(reader.error()));
        return message;
    };

    if (type == u"hello")
        return decodeHello(object, reader);
    if (auto frequent = decodeFrequentType(type, reader))
        return std::move(*frequent);
    if (type == u"sync") {
        SyncMessage sync;
        sync.conversation = conversation();
        sync.afterSeq = reader.requiredInteger(QLatin1StringView("after_seq"), 0, maxSeq);
        const QString epoch = reader.optionalString(QLatin1StringView("epoch"), 128);
        if (!epoch.isEmpty())
            sync.epoch = epoch;
        sync.limit = int(reader.optionalInteger(QLatin1StringView("limit"), 1, maxSyncLimit)
                             .value_or(defaultSyncLimit));
        return finish(sync);
    }
    if (type == u"history") {
        HistoryMessage history;
        history.conversation = conversation();
        history.beforeSeq = reader.optionalInteger(QLatin1StringView("before_seq"), 1, maxSeq);
        history.limit = int(reader.optionalInteger(QLatin1StringView("limit"), 1, maxHistoryLimit)
                                .value_or(defaultHistoryLimit));
        return finish(history);
    }
    if (type == u"customer_conversations") {
        CustomerConversationsMessage request;
        request.conversation = conversation();
        request.limit = int(
            reader.optionalInteger(QLatin1StringView("limit"), 1, maxCustomerConversationsLimit)
                .value_or(defaultCustomerConversationsLimit));
        return finish(request);
    }
    if (type == u"status") {
        StatusMessage status;
        const QString state = reader.requiredString(QLatin1StringView("state"), 16);
        if (reader.ok() && state != u"available" && state != u"away")
            reader.fail(u"field 'state' must be 'available' or 'away'"_s);
        status.state = state == u"away" ? AgentStatus::Away : AgentStatus::Available;
        return finish(status);
    }
    if (type == u"accept")
        return finish(AcceptMessage { conversation() });
    if (type == u"transfer") {
        TransferMessage transfer;
        transfer.conversation = conversation();
        transfer.toAgent
            = reader.optionalString(QLatin1StringView("to_agent"), maxProfileFieldLength);
        transfer.toTeam
            = reader.optionalString(QLatin1StringView("to_team"), maxProfileFieldLength);
        if (reader.ok() && transfer.toAgent.isEmpty() == transfer.toTeam.isEmpty())
            reader.fail(u"give exactly one of 'to_agent' or 'to_team'"_s);
        return finish(transfer);
    }
    if (type == u"close")
        return finish(
            CloseMessage { reader.optionalString(QLatin1StringView("conversation"), 128) });
    if (type == u"rate") {
        RateMessage rate;
        rate.conversation = conversation();
        rate.rating
            = int(reader.requiredInteger(QLatin1StringView("rating"), minRating, maxRating));
        rate.comment
            = reader.optionalString(QLatin1StringView("comment"), maxRatingCommentLength).trimmed();
        return finish(rate);
    }
    if (type == u"subscribe") {
        SubscribeMessage subscribe;
        subscribe.topic = reader.requiredString(QLatin1StringView("topic"), 32);
        if (reader.ok() && subscribe.topic != u"metrics" && subscribe.topic != u"alerts")
            reader.fail(u"field 'topic' must be 'metrics' or 'alerts'"_s);
        return finish(subscribe);
    }
    if (type == u"monitor")
        return finish(MonitorMessage { conversation() });
    if (type == u"search")
        return decodeSearch(object, reader);
    if (type == u"export")
        return decodeExport(object, reader);
    if (type == u"reports")
        return decodeReports(object, reader);
    if (type == u"queue_page") {
        QueuePageMessage request;
        request.request = requestId(object, reader);
        request.afterPosition = int(
            reader.optionalInteger(QLatin1StringView("after_position"), 0, 1 << 30).value_or(0));
        request.limit = int(reader.optionalInteger(QLatin1StringView("limit"), 1, maxQueuePageLimit)
                                .value_or(defaultQueuePageLimit));
        return finishRequest(std::move(request), reader);
    }
    if (type == u"audit")
        return decodeAudit(object, reader);
    if (type == u"staff_list") {
        StaffListMessage request;
        request.request = requestId(object, reader);
        return finishRequest(std::move(request), reader);
    }
    if (type == u"staff_add")
        return decodeStaffAdd(object, reader);
    if (type == u"staff_update")
        return decodeStaffUpdate(object, reader);
    if (type == u"staff_password")
        return decodeStaffPassword(object, reader);
    if (type == u"staff_remove")
        return decodeStaffRemove(object, reader);
    return unexpected(badRequest(u"unknown message type '%1'"_s.arg(type.left(32))));
}

std::optional<Expected<ClientMessage, DecodeError>> decodeFrequentClientMessage(QStringView text)
{
    const std::optional<FlatJsonObject> object = FlatJsonObject::parse(text);
    if (!object)
        return std::nullopt;
    const FlatJsonValue typeValue = object->value(QLatin1StringView("type"));
    if (!typeValue.isString())
        return std::nullopt;
    const QString type = typeValue.toString();
    BasicFieldReader<FlatJsonObject> reader(*object);
    return decodeFrequentType(type, reader);
}

Expected<ClientMessage, DecodeError> decodeClientFrame(const QString &text)
{
    if (auto decoded = decodeFrequentClientMessage(text))
        return std::move(*decoded);
    return decodeClientMessage(text.toUtf8());
}

QString messageTypeName(const ClientMessage &message)
{
    struct Namer {
        QString operator()(const HelloMessage &) const { return u"hello"_s; }
        QString operator()(const SendMessage &) const { return u"send"_s; }
        QString operator()(const ReceiptMessage &m) const { return receiptName(m.kind); }
        QString operator()(const TypingMessage &) const { return u"typing"_s; }
        QString operator()(const SyncMessage &) const { return u"sync"_s; }
        QString operator()(const HistoryMessage &) const { return u"history"_s; }
        QString operator()(const StatusMessage &) const { return u"status"_s; }
        QString operator()(const AcceptMessage &) const { return u"accept"_s; }
        QString operator()(const TransferMessage &) const { return u"transfer"_s; }
        QString operator()(const CloseMessage &) const { return u"close"_s; }
        QString operator()(const PingMessage &) const { return u"ping"_s; }
        QString operator()(const SubscribeMessage &) const { return u"subscribe"_s; }
        QString operator()(const MonitorMessage &) const { return u"monitor"_s; }
        QString operator()(const CustomerConversationsMessage &) const
        {
            return u"customer_conversations"_s;
        }
        QString operator()(const SearchMessage &) const { return u"search"_s; }
        QString operator()(const ExportMessage &) const { return u"export"_s; }
        QString operator()(const ReportsMessage &) const { return u"reports"_s; }
        QString operator()(const AuditMessage &) const { return u"audit"_s; }
        QString operator()(const StaffListMessage &) const { return u"staff_list"_s; }
        QString operator()(const StaffAddMessage &) const { return u"staff_add"_s; }
        QString operator()(const StaffUpdateMessage &) const { return u"staff_update"_s; }
        QString operator()(const StaffPasswordMessage &) const { return u"staff_password"_s; }
        QString operator()(const StaffRemoveMessage &) const { return u"staff_remove"_s; }
        QString operator()(const QueuePageMessage &) const { return u"queue_page"_s; }
        QString operator()(const RateMessage &) const { return u"rate"_s; }
    };
    return std::visit(Namer {}, message);
}

} // namespace switchboard::protocol
