<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>switchboard::app::ConsoleApplication</name>
    <message>
        <source>Keychain: %1</source>
        <translation>钥匙串：%1</translation>
    </message>
    <message>
        <source>The server on this computer cannot start: %1</source>
        <translation>无法启动本机服务器：%1</translation>
    </message>
</context>
<context>
    <name>switchboard::app::CredentialStore</name>
    <message>
        <source>no keychain service is running (%1)</source>
        <translation>没有正在运行的钥匙串服务（%1）</translation>
    </message>
    <message>
        <source>the keychain refused access (%1)</source>
        <translation>钥匙串拒绝访问（%1）</translation>
    </message>
    <message>
        <source>the keychain failed</source>
        <translation>钥匙串出错</translation>
    </message>
    <message>
        <source>no keychain service answers (%1)</source>
        <translation>钥匙串服务无响应（%1）</translation>
    </message>
</context>
<context>
    <name>switchboard::app::EmbeddedServerController</name>
    <message>
        <source>Cannot create the data folder %1.</source>
        <translation>无法创建数据文件夹 %1。</translation>
    </message>
    <message>
        <source>The password library cannot start.</source>
        <translation>密码库无法启动。</translation>
    </message>
    <message>
        <source>Cannot open the server&apos;s database: %1</source>
        <translation>无法打开服务器数据库：%1</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::ChatClient</name>
    <message>
        <source>No server address is set.</source>
        <translation>未设置服务器地址。</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::ConversationDelegate</name>
    <message>
        <source>now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>waiting %1</source>
        <translation>已等待 %1</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::ConversationListModel</name>
    <message>
        <source>Visitor</source>
        <translation>访客</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::CustomerPanel</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>电子邮件：</translation>
    </message>
    <message>
        <source>Page:</source>
        <translation>页面：</translation>
    </message>
    <message>
        <source>Team:</source>
        <translation>团队：</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>访客</translation>
    </message>
    <message>
        <source>Waiting in the queue</source>
        <translation>排队等候中</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation>已分配给 %1</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::LoginDialog</name>
    <message>
        <source>&amp;Remember me on this computer</source>
        <translation>在此电脑上记住我(&amp;R)</translation>
    </message>
    <message>
        <source>Run the &amp;server on this computer</source>
        <translation>在此电脑上运行服务器(&amp;S)</translation>
    </message>
    <message>
        <source>Sign in to Switchboard</source>
        <translation>登录 Switchboard</translation>
    </message>
    <message>
        <source>ws://host:8420/ws, several separated by spaces</source>
        <translation>ws://主机:8420/ws，多个地址用空格分隔</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>服务器地址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>登录名(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Cannot remember the password: %1</source>
        <translation>无法记住密码：%1</translation>
    </message>
    <message>
        <source>Enter a server address such as ws://127.0.0.1:8420/ws.</source>
        <translation>请输入服务器地址，例如 ws://127.0.0.1:8420/ws。</translation>
    </message>
    <message>
        <source>Enter your login and password.</source>
        <translation>请输入登录名和密码。</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::MainWindow</name>
    <message>
        <source>Switchboard</source>
        <translation>Switchboard</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>接受(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Transfer…</source>
        <translation>转接(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Close conversation</source>
        <translation>关闭会话(&amp;C)</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>Away: receive no new conversations</source>
        <translation>离开：不再接收新会话</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>&amp;Note (only staff see it)</source>
        <translation>备注(&amp;N)（仅员工可见）</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>The customer is typing…</source>
        <translation>客户正在输入…</translation>
    </message>
    <message>
        <source>Transfer conversation</source>
        <translation>转接会话</translation>
    </message>
    <message>
        <source>Agent login, or team:NAME for a team:</source>
        <translation>客服登录名，或用 team:名称 转给团队：</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>● Offline</source>
        <translation>● 离线</translation>
    </message>
    <message>
        <source>● Reconnecting in %1 s…</source>
        <translation>● %1 秒后重新连接…</translation>
    </message>
    <message>
        <source>● Connecting…</source>
        <translation>● 正在连接…</translation>
    </message>
    <message>
        <source>● Online as %1</source>
        <translation>● 在线：%1</translation>
    </message>
    <message>
        <source>Write a reply. Enter sends, Shift+Enter starts a new line, /shortcut inserts a canned reply.</source>
        <translation>输入回复。按 Enter 发送，Shift+Enter 换行，输入 /快捷词 插入预设回复。</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::MessageDelegate</name>
    <message>
        <source>Note by %1</source>
        <translation>%1 的备注</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>发送中…</translation>
    </message>
    <message>
        <source>read</source>
        <translation>已读</translation>
    </message>
</context>
</TS>
