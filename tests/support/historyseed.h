#pragma once

#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <store/sqlitestore.h>

// Seeds conversations with chosen times straight through the Store (the same write path the
// server uses), for the history tests: export, reports, retention. Header-only.
namespace historyseed {

using namespace switchboard;
using namespace switchboard::server;

struct Message {
    QString senderKey; // "c:<id>", "u:<id>" or "system"
    protocol::Role role = protocol::Role::Customer;
    QString name;
    protocol::MessageKind kind = protocol::MessageKind::Text;
    QString text;
    qint64 timestampMs = 0;
    QString clientId; // empty: none
};

struct Conversation {
    qint64 customerId = 0;
    QString team;
    qint64 createdMs = 0;
    qint64 agentId = 0; // assigned at assignedMs when set
    qint64 assignedMs = 0;
    qint64 closedMs = 0; // closed then when set
    QList<Message> messages;
};

inline Message customerSays(qint64 customerId, const QString &name, const QString &text, qint64 ms)
{
    return { QStringLiteral("c:") + QString::number(customerId), protocol::Role::Customer, name,
        protocol::MessageKind::Text, text, ms, QStringLiteral("c-") + QString::number(ms) };
}

inline Message staffSays(qint64 userId, const QString &name, const QString &text, qint64 ms,
    protocol::MessageKind kind = protocol::MessageKind::Text)
{
    return { QStringLiteral("u:") + QString::number(userId), protocol::Role::Agent, name, kind,
        text, ms, QStringLiteral("u-") + QString::number(ms) };
}

// Returns the new conversation's id, or an empty string when a write failed.
inline QString seed(Store &store, const Conversation &spec)
{
    auto conversation = store.createConversation(
        spec.customerId, spec.team, QStringLiteral("epoch-seed"), spec.createdMs);
    if (!conversation)
        return {};
    const QString id = conversation->id;
    if (spec.agentId != 0
        && !store.applyRoutingChange({ id, protocol::ConversationState::Assigned, spec.agentId,
            spec.team, spec.assignedMs }))
        return {};
    for (const Message &message : spec.messages) {
        NewMessage out;
        out.conversationId = id;
        out.senderKey = message.senderKey;
        out.senderRole = message.role;
        out.senderName = message.name;
        out.clientId = message.clientId;
        out.kind = message.kind;
        out.text = message.text;
        out.timestampMs = message.timestampMs;
        out.traceId = QStringLiteral("trace-") + QString::number(message.timestampMs);
        if (!store.appendMessage(out))
            return {};
    }
    if (spec.closedMs != 0
        && !store.applyRoutingChange(
            { id, protocol::ConversationState::Closed, spec.agentId, spec.team, spec.closedMs }))
        return {};
    return id;
}

inline qint64 addCustomer(Store &store, const QString &name, const QString &email, qint64 ms)
{
    CustomerRecord customer;
    customer.name = name;
    customer.email = email;
    customer.createdMs = ms;
    auto created = store.createCustomer(customer);
    return created ? created->id : 0;
}

inline qint64 addStaff(Store &store, const QString &login, const QString &name, protocol::Role role,
    const QStringList &teams, const QByteArray &passwordHash = {})
{
    UserRecord user;
    user.login = login;
    user.name = name;
    user.role = role;
    user.teams = teams;
    user.passwordHash = passwordHash;
    user.createdMs = 1;
    auto created = store.createUser(user);
    return created ? created->id : 0;
}

struct Exit {
    int code = -1;
    QByteArray out;
    QString err;
};

// Runs the switchboard-server binary the build produced, as a shell would.
inline Exit runServerBinary(const QStringList &arguments)
{
    Exit exit;
    QProcess process;
    process.start(QString::fromUtf8(SWITCHBOARD_SERVER_BINARY), arguments);
    if (!process.waitForStarted(10000)) {
        exit.err = QStringLiteral("cannot start switchboard-server: ") + process.errorString();
        return exit;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        exit.err = QStringLiteral("switchboard-server did not finish");
        return exit;
    }
    exit.out = process.readAllStandardOutput();
    exit.err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() == QProcess::NormalExit)
        exit.code = process.exitCode();
    return exit;
}

} // namespace historyseed
