#include "sqlrows.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <switchboard/protocol.h>

using namespace Qt::StringLiterals;

namespace switchboard::server::sqlrows {

StorageError makeError(StorageError::Kind kind, const QString &message)
{
    return StorageError { kind, message, QString() };
}

QVariant textValue(const QString &value)
{
    return value.isNull() ? QVariant(u""_s) : QVariant(value);
}

QVariant blobValue(const QByteArray &value)
{
    return value.isNull() ? QVariant(QByteArray("")) : QVariant(value);
}

QString teamsToJson(const QStringList &teams)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(teams)).toJson(QJsonDocument::Compact));
}

std::optional<QStringList> teamsFromJson(const QString &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray())
        return std::nullopt;
    QStringList teams;
    for (const QJsonValue &team : document.array()) {
        if (!team.isString())
            return std::nullopt;
        teams.append(team.toString());
    }
    return teams;
}

QString subjectKindName(TokenSubject::Kind kind)
{
    return kind == TokenSubject::Kind::Staff ? u"staff"_s : u"customer"_s;
}

std::optional<TokenSubject::Kind> subjectKindFromName(const QString &name)
{
    if (name == u"staff")
        return TokenSubject::Kind::Staff;
    if (name == u"customer")
        return TokenSubject::Kind::Customer;
    return std::nullopt;
}

const QString &conversationSelect()
{
    static const QString sql
        = u"SELECT c.id, c.customer_id, c.team, c.state, c.agent_id, c.seq, c.epoch, "
          "c.created_ms, c.queued_since_ms, c.closed_ms, c.customer_delivered_seq, "
          "c.customer_read_seq, c.agent_delivered_seq, c.agent_read_seq, "
          "cu.name, cu.email, cu.page, cu.created_ms, c.first_assigned_ms, "
          "c.first_response_ms, c.close_reason "
          "FROM conversations c JOIN customers cu ON cu.id = c.customer_id "_s;
    return sql;
}

const QString &messageSelect()
{
    static const QString sql
        = u"SELECT conversation_id, seq, sender_key, sender_role, sender_name, client_id, kind, "
          "text, ts_ms, trace_id FROM messages "_s;
    return sql;
}

const QString &userSelect()
{
    static const QString sql
        = u"SELECT id, login, name, role, teams, password_hash, created_ms, receives_chats "
          "FROM users "_s;
    return sql;
}

std::optional<StoredMessage> messageFromRow(const QSqlQuery &query)
{
    const auto role = protocol::roleFromName(query.value(3).toString());
    const auto kind = protocol::kindFromName(query.value(6).toString());
    if (!role || !kind)
        return std::nullopt;
    StoredMessage message;
    message.conversationId = query.value(0).toString();
    message.seq = query.value(1).toLongLong();
    message.senderKey = query.value(2).toString();
    message.senderRole = *role;
    message.senderName = query.value(4).toString();
    message.clientId = query.value(5).toString();
    message.kind = *kind;
    message.text = query.value(7).toString();
    message.timestampMs = query.value(8).toLongLong();
    message.traceId = query.value(9).toString();
    return message;
}

std::optional<UserRecord> userFromRow(const QSqlQuery &query)
{
    const auto role = protocol::roleFromName(query.value(3).toString());
    const auto teams = teamsFromJson(query.value(4).toString());
    if (!role || !teams)
        return std::nullopt;
    UserRecord user;
    user.id = query.value(0).toLongLong();
    user.login = query.value(1).toString();
    user.name = query.value(2).toString();
    user.role = *role;
    user.teams = *teams;
    user.passwordHash = query.value(5).toByteArray();
    user.createdMs = query.value(6).toLongLong();
    user.receivesChats = query.value(7).toInt() != 0;
    return user;
}

CustomerRecord customerFromRow(const QSqlQuery &query)
{
    CustomerRecord customer;
    customer.id = query.value(0).toLongLong();
    customer.name = query.value(1).toString();
    customer.email = query.value(2).toString();
    customer.page = query.value(3).toString();
    customer.createdMs = query.value(4).toLongLong();
    return customer;
}

WebhookDelivery deliveryFromRow(const QSqlQuery &query)
{
    WebhookDelivery delivery;
    delivery.id = query.value(0).toLongLong();
    delivery.url = query.value(1).toString();
    delivery.eventType = query.value(2).toString();
    delivery.body = query.value(3).toByteArray();
    delivery.attempts = query.value(4).toInt();
    delivery.nextAttemptMs = query.value(5).toLongLong();
    delivery.createdMs = query.value(6).toLongLong();
    delivery.lastError = query.value(7).toString();
    return delivery;
}

DeadLetter deadLetterFromRow(const QSqlQuery &query)
{
    DeadLetter letter;
    letter.id = query.value(0).toLongLong();
    letter.url = query.value(1).toString();
    letter.eventType = query.value(2).toString();
    letter.body = query.value(3).toByteArray();
    letter.attempts = query.value(4).toInt();
    letter.lastError = query.value(5).toString();
    letter.createdMs = query.value(6).toLongLong();
    letter.failedMs = query.value(7).toLongLong();
    return letter;
}

} // namespace switchboard::server::sqlrows
