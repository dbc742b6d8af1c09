#include "cannedreplymodel.h"

using namespace Qt::StringLiterals;

namespace switchboard::ui {

CannedReplyModel::CannedReplyModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int CannedReplyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_replies.size());
}

QVariant CannedReplyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Reply &reply = m_replies.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QString(u"/"_s + reply.shortcut + u"  "_s + reply.text);
    case ShortcutRole:
        return reply.shortcut;
    case TextRole:
        return reply.text;
    default:
        return {};
    }
}

QHash<int, QByteArray> CannedReplyModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ShortcutRole, "shortcut");
    names.insert(TextRole, "text");
    return names;
}

void CannedReplyModel::setReplies(const QList<Reply> &replies)
{
    beginResetModel();
    m_replies = replies;
    endResetModel();
}

QString CannedReplyModel::expand(const QString &typed) const
{
    const QString trimmed = typed.trimmed();
    if (!trimmed.startsWith(u'/') || trimmed.contains(u' '))
        return {};
    const QString shortcut = trimmed.mid(1);
    for (const Reply &reply : m_replies) {
        if (reply.shortcut.compare(shortcut, Qt::CaseInsensitive) == 0)
            return reply.text;
    }
    return {};
}

} // namespace switchboard::ui
