#include "protocol.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchboard::protocol {

namespace {

template<typename Enum, std::size_t N>
std::optional<Enum> lookup(const QString &name, const QLatin1StringView (&names)[N])
{
    for (std::size_t i = 0; i < N; ++i) {
        if (name == names[i])
            return static_cast<Enum>(i);
    }
    return std::nullopt;
}

constexpr QLatin1StringView roleNames[] = { QLatin1StringView("customer"),
    QLatin1StringView("agent"), QLatin1StringView("supervisor"), QLatin1StringView("system") };
constexpr QLatin1StringView kindNames[] = { QLatin1StringView("text"), QLatin1StringView("note"),
    QLatin1StringView("event"), QLatin1StringView("attachment") };
constexpr QLatin1StringView stateNames[]
    = { QLatin1StringView("queued"), QLatin1StringView("assigned"), QLatin1StringView("closed") };
constexpr QLatin1StringView routingNames[] = { QLatin1StringView("least_loaded"),
    QLatin1StringView("round_robin"), QLatin1StringView("manual") };
constexpr QLatin1StringView errorNames[] = {
    QLatin1StringView("bad_request"),
    QLatin1StringView("unsupported_version"),
    QLatin1StringView("unauthenticated"),
    QLatin1StringView("forbidden"),
    QLatin1StringView("not_found"),
    QLatin1StringView("rate_limited"),
    QLatin1StringView("overloaded"),
    QLatin1StringView("unavailable"),
    QLatin1StringView("conflict"),
    QLatin1StringView("internal"),
};

constexpr QLatin1StringView exportFormatNames[]
    = { QLatin1StringView("csv"), QLatin1StringView("jsonl") };
constexpr QLatin1StringView auditActionNames[] = {
    QLatin1StringView("login"),
    QLatin1StringView("login_failed"),
    QLatin1StringView("logout"),
    QLatin1StringView("transfer"),
    QLatin1StringView("close"),
    QLatin1StringView("monitor"),
    QLatin1StringView("whisper"),
    QLatin1StringView("export"),
    QLatin1StringView("retention_delete"),
    QLatin1StringView("retention_redact"),
    QLatin1StringView("user_create"),
    QLatin1StringView("user_remove"),
    QLatin1StringView("user_passwd"),
    QLatin1StringView("user_update"),
};

} // namespace

QString exportFormatName(ExportFormat format)
{
    return exportFormatNames[static_cast<int>(format)];
}

std::optional<ExportFormat> exportFormatFromName(const QString &name)
{
    return lookup<ExportFormat>(name, exportFormatNames);
}

bool isAuditAction(const QString &action)
{
    for (const QLatin1StringView name : auditActionNames) {
        if (action == name)
            return true;
    }
    return false;
}

QString roleName(Role role)
{
    return roleNames[static_cast<int>(role)];
}

std::optional<Role> roleFromName(const QString &name)
{
    return lookup<Role>(name, roleNames);
}

QString kindName(MessageKind kind)
{
    return kindNames[static_cast<int>(kind)];
}

std::optional<MessageKind> kindFromName(const QString &name)
{
    return lookup<MessageKind>(name, kindNames);
}

QString stateName(ConversationState state)
{
    return stateNames[static_cast<int>(state)];
}

std::optional<ConversationState> stateFromName(const QString &name)
{
    return lookup<ConversationState>(name, stateNames);
}

QString statusName(AgentStatus status)
{
    return status == AgentStatus::Available ? u"available"_s : u"away"_s;
}

QString receiptName(ReceiptKind kind)
{
    return kind == ReceiptKind::Delivered ? u"delivered"_s : u"read"_s;
}

QString routingModeName(RoutingMode mode)
{
    return routingNames[static_cast<int>(mode)];
}

std::optional<RoutingMode> routingModeFromName(const QString &name)
{
    return lookup<RoutingMode>(name, routingNames);
}

QString errorCodeName(ErrorCode code)
{
    return errorNames[static_cast<int>(code)];
}

bool isValidLogin(const QString &login)
{
    if (login.isEmpty() || login.size() > maxLoginLength)
        return false;
    return std::all_of(login.cbegin(), login.cend(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'.' || c == u'_' || c == u'-';
    });
}

QString newPasswordProblem(const QString &password)
{
    const qsizetype length = password.size()
        - std::count_if(
            password.cbegin(), password.cend(), [](QChar c) { return c.isLowSurrogate(); });
    if (password.trimmed().isEmpty())
        return u"the password is empty"_s;
    if (length < minPasswordLength)
        return u"the password is too short: it needs at least %1 characters"_s.arg(
            minPasswordLength);
    if (length > maxPasswordLength)
        return u"the password is too long: at most %1 characters"_s.arg(maxPasswordLength);
    return {};
}

QString teamNameProblem(const QString &team)
{
    if (team.trimmed().isEmpty())
        return u"a team name must not be empty"_s;
    if (team.trimmed() != team)
        return u"a team name must not start or end with spaces"_s;
    if (team.contains(QLatin1Char(',')))
        return u"a team name must not contain a comma"_s;
    if (team.size() > maxProfileFieldLength)
        return u"a team name is at most %1 characters"_s.arg(maxProfileFieldLength);
    return {};
}

} // namespace switchboard::protocol
