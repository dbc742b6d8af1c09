#include "clientencoder.h"

#include "servermessage.h"
#include "timeformat.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchboard::protocol {

namespace {

void insertIfSet(QJsonObject &frame, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        frame.insert(key, value);
}

void insertRange(QJsonObject &frame, const TimeRange &range)
{
    if (range.fromMs)
        frame.insert(u"from"_s, formatTimestamp(*range.fromMs));
    if (range.toMs)
        frame.insert(u"to"_s, formatTimestamp(*range.toMs));
}

QJsonObject request(const QString &type, const QString &requestId)
{
    QJsonObject frame { { u"type"_s, type } };
    insertIfSet(frame, u"request"_s, requestId);
    return frame;
}

struct Encoder {
    QJsonObject operator()(const HelloMessage &hello) const
    {
        QJsonObject frame { { u"type"_s, u"hello"_s }, { u"v"_s, version },
            { u"role"_s, roleName(hello.role) } };
        if (hello.token) {
            frame.insert(u"token"_s, *hello.token);
        } else {
            insertIfSet(frame, u"login"_s, hello.login);
            insertIfSet(frame, u"password"_s, hello.password);
        }
        insertIfSet(frame, u"name"_s, hello.name);
        insertIfSet(frame, u"email"_s, hello.email);
        insertIfSet(frame, u"page"_s, hello.page);
        insertIfSet(frame, u"team"_s, hello.team);
        return frame;
    }
    QJsonObject operator()(const SendMessage &send) const
    {
        QJsonObject frame { { u"type"_s, u"send"_s }, { u"client_id"_s, send.clientId },
            { u"text"_s, send.text }, { u"kind"_s, kindName(send.kind) } };
        insertIfSet(frame, u"conversation"_s, send.conversation);
        return frame;
    }
    QJsonObject operator()(const ReceiptMessage &receipt) const
    {
        return { { u"type"_s, receiptName(receipt.kind) },
            { u"conversation"_s, receipt.conversation }, { u"seq"_s, receipt.seq } };
    }
    QJsonObject operator()(const TypingMessage &typing) const
    {
        QJsonObject frame { { u"type"_s, u"typing"_s }, { u"active"_s, typing.active } };
        insertIfSet(frame, u"conversation"_s, typing.conversation);
        return frame;
    }
    QJsonObject operator()(const SyncMessage &sync) const
    {
        QJsonObject frame { { u"type"_s, u"sync"_s }, { u"conversation"_s, sync.conversation },
            { u"after_seq"_s, sync.afterSeq }, { u"limit"_s, sync.limit } };
        if (sync.epoch)
            frame.insert(u"epoch"_s, *sync.epoch);
        return frame;
    }
    QJsonObject operator()(const HistoryMessage &history) const
    {
        QJsonObject frame { { u"type"_s, u"history"_s },
            { u"conversation"_s, history.conversation }, { u"limit"_s, history.limit } };
        if (history.beforeSeq)
            frame.insert(u"before_seq"_s, *history.beforeSeq);
        return frame;
    }
    QJsonObject operator()(const CustomerConversationsMessage &request) const
    {
        return { { u"type"_s, u"customer_conversations"_s },
            { u"conversation"_s, request.conversation }, { u"limit"_s, request.limit } };
    }
    QJsonObject operator()(const StatusMessage &status) const
    {
        return { { u"type"_s, u"status"_s }, { u"state"_s, statusName(status.state) } };
    }
    QJsonObject operator()(const AcceptMessage &accept) const
    {
        return { { u"type"_s, u"accept"_s }, { u"conversation"_s, accept.conversation } };
    }
    QJsonObject operator()(const TransferMessage &transfer) const
    {
        QJsonObject frame { { u"type"_s, u"transfer"_s },
            { u"conversation"_s, transfer.conversation } };
        insertIfSet(frame, u"to_agent"_s, transfer.toAgent);
        insertIfSet(frame, u"to_team"_s, transfer.toTeam);
        return frame;
    }
    QJsonObject operator()(const CloseMessage &close) const
    {
        QJsonObject frame { { u"type"_s, u"close"_s } };
        insertIfSet(frame, u"conversation"_s, close.conversation);
        return frame;
    }
    QJsonObject operator()(const RateMessage &rate) const
    {
        QJsonObject frame { { u"type"_s, u"rate"_s }, { u"conversation"_s, rate.conversation },
            { u"rating"_s, rate.rating } };
        insertIfSet(frame, u"comment"_s, rate.comment);
        return frame;
    }
    QJsonObject operator()(const PingMessage &) const { return { { u"type"_s, u"ping"_s } }; }
    QJsonObject operator()(const SubscribeMessage &subscribe) const
    {
        return { { u"type"_s, u"subscribe"_s }, { u"topic"_s, subscribe.topic } };
    }
    QJsonObject operator()(const MonitorMessage &monitor) const
    {
        return { { u"type"_s, u"monitor"_s }, { u"conversation"_s, monitor.conversation } };
    }
    QJsonObject operator()(const SearchMessage &search) const
    {
        QJsonObject frame = request(u"search"_s, search.request);
        frame.insert(u"limit"_s, search.limit);
        frame.insert(u"offset"_s, search.offset);
        insertIfSet(frame, u"text"_s, search.text);
        insertIfSet(frame, u"agent"_s, search.agent);
        insertIfSet(frame, u"team"_s, search.team);
        insertIfSet(frame, u"customer"_s, search.customer);
        insertRange(frame, search.range);
        if (search.state)
            frame.insert(u"state"_s, stateName(*search.state));
        return frame;
    }
    QJsonObject operator()(const ExportMessage &exportRequest) const
    {
        QJsonObject frame = request(u"export"_s, exportRequest.request);
        frame.insert(u"format"_s, exportFormatName(exportRequest.format));
        insertRange(frame, exportRequest.range);
        frame.insert(u"cursor"_s,
            exportRequest.cursor ? QJsonValue(*exportRequest.cursor) : QJsonValue::Null);
        return frame;
    }
    QJsonObject operator()(const ReportsMessage &reports) const
    {
        QJsonObject frame = request(u"reports"_s, reports.request);
        frame.insert(u"utc_offset_min"_s, reports.utcOffsetMinutes);
        insertRange(frame, reports.range);
        return frame;
    }
    QJsonObject operator()(const AuditMessage &audit) const
    {
        QJsonObject frame = request(u"audit"_s, audit.request);
        frame.insert(u"limit"_s, audit.limit);
        frame.insert(u"offset"_s, audit.offset);
        insertRange(frame, audit.range);
        if (audit.actor)
            frame.insert(u"actor"_s, *audit.actor);
        insertIfSet(frame, u"action"_s, audit.action);
        return frame;
    }
    QJsonObject operator()(const QueuePageMessage &page) const
    {
        QJsonObject frame = request(u"queue_page"_s, page.request);
        frame.insert(u"after_position"_s, page.afterPosition);
        frame.insert(u"limit"_s, page.limit);
        return frame;
    }
    QJsonObject operator()(const StaffListMessage &list) const
    {
        return request(u"staff_list"_s, list.request);
    }
    QJsonObject operator()(const StaffAddMessage &add) const
    {
        QJsonObject frame = request(u"staff_add"_s, add.request);
        frame.insert(u"login"_s, add.login);
        frame.insert(u"name"_s, add.name);
        frame.insert(u"role"_s, roleName(add.role));
        frame.insert(u"teams"_s, QJsonArray::fromStringList(add.teams));
        frame.insert(u"password"_s, add.password);
        if (add.receivesChats)
            frame.insert(u"receives_chats"_s, *add.receivesChats);
        return frame;
    }
    QJsonObject operator()(const StaffUpdateMessage &update) const
    {
        QJsonObject frame = request(u"staff_update"_s, update.request);
        frame.insert(u"login"_s, update.login);
        if (update.name)
            frame.insert(u"name"_s, *update.name);
        if (update.role)
            frame.insert(u"role"_s, roleName(*update.role));
        if (update.teams)
            frame.insert(u"teams"_s, QJsonArray::fromStringList(*update.teams));
        if (update.receivesChats)
            frame.insert(u"receives_chats"_s, *update.receivesChats);
        return frame;
    }
    QJsonObject operator()(const StaffPasswordMessage &password) const
    {
        QJsonObject frame = request(u"staff_password"_s, password.request);
        frame.insert(u"login"_s, password.login);
        frame.insert(u"password"_s, password.password);
        return frame;
    }
    QJsonObject operator()(const StaffRemoveMessage &remove) const
    {
        QJsonObject frame = request(u"staff_remove"_s, remove.request);
        frame.insert(u"login"_s, remove.login);
        return frame;
    }
};

} // namespace

QByteArray encodeClientMessage(const ClientMessage &message)
{
    return toFrame(std::visit(Encoder {}, message));
}

} // namespace switchboard::protocol
