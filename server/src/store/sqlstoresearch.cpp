#include "searchterms.h"
#include "sqlrows.h"
#include "sqlstore.h"

#include <QSqlQuery>
#include <algorithm>

using namespace Qt::StringLiterals;

// SqlStore's half of search: the filters and the page of hits both dialects share. A dialect
// supplies how text is matched (SQLite's FTS5 index, PostgreSQL's tsvector) in its search().
namespace switchboard::server {

namespace {

using Kind = StorageError::Kind;
using namespace sqlrows;

// ASCII only, as SQLite's lower() folds: both stores and both sides of the comparison agree
// on every name.
QString asciiLower(const QString &text)
{
    QString lowered = text;
    for (QChar &c : lowered) {
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    }
    return lowered;
}

// Binds searchFilters()' values in their order: each filter's "off" flag, then its value.
void bindSearchFilters(QVariantList &values, const SearchQuery &query)
{
    const QString customer = asciiLower(query.customer);
    values << !query.fromMs.has_value() << query.fromMs.value_or(0) << !query.toMs.has_value()
           << query.toMs.value_or(0) << query.agentLogin.isEmpty() << textValue(query.agentLogin)
           << query.team.isEmpty() << textValue(query.team) << !query.state.has_value()
           << (query.state ? protocol::stateName(*query.state) : u""_s) << query.customer.isEmpty()
           << textValue(customer) << textValue(customer) << query.everything << query.agentId
           << teamsToJson(query.agentTeams) << u"u:%1"_s.arg(query.agentId);
}

} // namespace

QString SqlStore::searchFilters(
    const QString &timeColumn, const QString &position, const QString &jsonElements)
{
    return u"(CAST(? AS BOOLEAN) OR %1 >= CAST(? AS BIGINT)) "
           "AND (CAST(? AS BOOLEAN) OR %1 < CAST(? AS BIGINT)) "
           "AND (CAST(? AS BOOLEAN) OR c.agent_id = "
           "(SELECT id FROM users WHERE login = CAST(? AS TEXT))) "
           "AND (CAST(? AS BOOLEAN) OR c.team = CAST(? AS TEXT)) "
           "AND (CAST(? AS BOOLEAN) OR c.state = CAST(? AS TEXT)) "
           "AND (CAST(? AS BOOLEAN) OR %2(lower(cu.name), CAST(? AS TEXT)) > 0 "
           "OR %2(lower(cu.email), CAST(? AS TEXT)) > 0) "
           // Scope: an agent sees what it is or was assigned and its teams'.
           "AND (CAST(? AS BOOLEAN) OR c.agent_id = CAST(? AS BIGINT) "
           "OR c.team IN (SELECT %3) "
           "OR EXISTS (SELECT 1 FROM messages mine WHERE mine.conversation_id = c.id "
           "AND mine.sender_key = CAST(? AS TEXT))) "_s.arg(timeColumn, position, jsonElements);
}

void SqlStore::addListStatements(
    SearchStatements &statements, const QString &filters, const QString &insertionOrder)
{
    // Without text: conversations, newest created first, each with its newest text message.
    const QString listFrom
        = u"FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE "_s + filters;
    statements.listCount = u"SELECT count(*) FROM (SELECT 1 "_s + listFrom + u"LIMIT ?) t"_s;
    statements.listPage
        = u"SELECT x.id, x.seq, COALESCE(lm.ts_ms, x.created_ms), lm.sender_role, "
          "lm.sender_name, COALESCE(lm.text, ''), x.state, x.team, x.cname, x.cemail, "
          "COALESCE(u.login, ''), COALESCE(u.name, ''), x.created_ms FROM (SELECT c.id, "
          "c.seq, c.state, c.team, c.agent_id, cu.name AS cname, cu.email AS cemail, "
          "c.created_ms, c.%1 AS r, "
          "(SELECT seq FROM messages WHERE conversation_id = c.id AND kind = 'text' "
          "ORDER BY seq DESC LIMIT 1) AS last_seq "_s.arg(insertionOrder)
        + listFrom
        + u"ORDER BY c.created_ms DESC, c.%1 DESC LIMIT ? OFFSET ?) x "
          "LEFT JOIN messages lm ON lm.conversation_id = x.id AND lm.seq = x.last_seq "
          "LEFT JOIN users u ON u.id = x.agent_id "
          "ORDER BY x.created_ms DESC, x.r DESC"_s.arg(insertionOrder);
}

StoreResult<SearchPage> SqlStore::searchWith(const SearchQuery &query,
    const SearchStatements &statements, QString (*match)(const SearchTerms &terms))
{
    if (query.limit < 0 || query.offset < 0)
        return unexpected(makeError(Kind::Invalid, u"negative limit or offset"_s));
    const SearchTerms terms(query.text);
    if (!query.text.isEmpty() && terms.isEmpty())
        return unexpected(makeError(Kind::Invalid, u"the search has no words"_s));
    const bool byText = !terms.isEmpty();

    return atomically(false, [&]() -> StoreResult<SearchPage> {
        SearchPage page;
        QVariantList filters;
        bindSearchFilters(filters, query);
        {
            // A supervisor's search without filters counts in the index alone: every hit of
            // the index is a hit of the search.
            const bool unfiltered = !statements.indexCount.isEmpty() && query.everything
                && !query.fromMs && !query.toMs && query.agentLogin.isEmpty()
                && query.team.isEmpty() && query.customer.isEmpty() && !query.state;
            QVariantList values;
            if (byText)
                values << match(terms);
            if (!(byText && unfiltered))
                values << filters;
            values << qint64(protocol::maxSearchTotal) + 1;
            auto counted = run(byText ? (unfiltered ? statements.indexCount : statements.textCount)
                                      : statements.listCount,
                values, u"count search hits");
            if (!counted)
                return unexpected(counted.error());
            const auto done = finishing(*counted);
            if (!(*counted)->next())
                return unexpected(corrupt(u"count(*) returned no row"_s));
            page.total = (*counted)->value(0).toLongLong();
        }
        page.totalCapped = page.total > protocol::maxSearchTotal;
        page.total = std::min<qint64>(page.total, protocol::maxSearchTotal);
        page.hasMore = qint64(query.offset) + query.limit < page.total || page.totalCapped;

        QVariantList values;
        if (byText)
            values << match(terms);
        values << filters << qint64(query.limit) << qint64(query.offset);
        auto rows = run(byText ? statements.textPage : statements.listPage, values, u"search");
        if (!rows)
            return unexpected(rows.error());
        const auto done = finishing(*rows);
        while ((*rows)->next()) {
            const QSqlQuery &row = **rows;
            const auto state = protocol::stateFromName(row.value(7 - (byText ? 0 : 1)).toString());
            SearchHit hit;
            hit.conversationId = row.value(0).toString();
            hit.seq = row.value(1).toLongLong();
            hit.timestampMs = row.value(2).toLongLong();
            int column = 3;
            if (byText) {
                hit.kind = protocol::kindFromName(row.value(column++).toString());
                if (!hit.kind)
                    return unexpected(corrupt(u"a message has an unknown kind"_s));
            }
            const QVariant role = row.value(column++);
            if (!role.isNull()) {
                const auto parsed = protocol::roleFromName(role.toString());
                if (!parsed)
                    return unexpected(corrupt(u"a message has an unknown role"_s));
                hit.fromRole = *parsed;
                hit.hasFrom = true;
            }
            hit.fromName = row.value(column++).toString();
            const QString text = row.value(column++).toString();
            if (!state)
                return unexpected(corrupt(u"a conversation has an unknown state"_s));
            hit.state = *state;
            ++column;
            hit.team = row.value(column++).toString();
            hit.customerName = row.value(column++).toString();
            hit.customerEmail = row.value(column++).toString();
            hit.agentLogin = row.value(column++).toString();
            hit.agentName = row.value(column++).toString();
            hit.createdMs = row.value(column++).toLongLong();
            const SearchTerms::Snippet snippet
                = terms.snippet(text, protocol::maxSearchSnippetLength);
            hit.snippet = snippet.text;
            if (byText) {
                for (const Highlight &highlight : snippet.highlights)
                    hit.highlights.append({ highlight.offset, highlight.length });
            }
            page.hits.append(std::move(hit));
        }
        return page;
    });
}

} // namespace switchboard::server
