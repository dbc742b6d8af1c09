#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QString>

namespace switchboard::ui {

// Canned replies: "/shortcut" typed alone in the composer expands to its text.
class CannedReplyModel final : public QAbstractListModel {
    Q_OBJECT

public:
    struct Reply {
        QString shortcut; // without the leading slash
        QString text;
    };
    enum Roles { ShortcutRole = Qt::UserRole + 1, TextRole };
    Q_ENUM(Roles)

    explicit CannedReplyModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(CannedReplyModel)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setReplies(const QList<Reply> &replies);
    QList<Reply> replies() const { return m_replies; }
    // The text for "/shortcut" (case-insensitive), or an empty string.
    QString expand(const QString &typed) const;

private:
    QList<Reply> m_replies;
};

} // namespace switchboard::ui
