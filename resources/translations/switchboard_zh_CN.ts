<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>switchboard::app::AttentionNotifier</name>
    <message>
        <source>A visitor</source>
        <translation>一位访客</translation>
    </message>
    <message>
        <source>New conversation waiting</source>
        <translation>有新会话在排队</translation>
    </message>
    <message>
        <source>New conversation for you</source>
        <translation>有分配给你的新会话</translation>
    </message>
    <message>
        <source>%1 wants to chat.</source>
        <translation>%1 想要聊天。</translation>
    </message>
</context>
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
    <message>
        <source>Switchboard is still running</source>
        <translation>Switchboard 仍在运行</translation>
    </message>
    <message>
        <source>New customers will still reach you. Quit from the tray icon&apos;s menu.</source>
        <translation>新客户仍能联系到你。要退出，请使用托盘图标的菜单。</translation>
    </message>
</context>
<context>
    <name>switchboard::app::ConsoleTray</name>
    <message>
        <source>&amp;Open Switchboard</source>
        <translation>打开 Switchboard(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit Switchboard</source>
        <translation>退出 Switchboard(&amp;Q)</translation>
    </message>
    <message>
        <source>Switchboard: nothing unread</source>
        <translation>Switchboard：没有未读消息</translation>
    </message>
    <message numerus="yes">
        <source>Switchboard: %n unread message(s)</source>
        <translation>
            <numerusform>Switchboard：%n 条未读消息</numerusform>
        </translation>
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
    <name>switchboard::app::DashboardLauncher</name>
    <message>
        <source>--dashboard needs a server address such as ws://127.0.0.1:8420/ws, not %1</source>
        <translation>--dashboard 需要一个服务器地址，例如 ws://127.0.0.1:8420/ws，而不是 %1</translation>
    </message>
    <message>
        <source>Switchboard — Supervisor dashboard</source>
        <translation>Switchboard — 主管仪表盘</translation>
    </message>
    <message>
        <source>The dashboard does not store credentials.</source>
        <translation>仪表盘不会保存登录凭据。</translation>
    </message>
    <message>
        <source>The dashboard is for supervisors; %1 is an agent.</source>
        <translation>仪表盘仅供主管使用；%1 是客服。</translation>
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
    <message>
        <source>The login must be 1 to 64 characters of A-Z, a-z, 0-9, dot, underscore or hyphen.</source>
        <translation>登录名须为 1 到 64 个字符，只能使用 A-Z、a-z、0-9、点、下划线或连字符。</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
</context>
<context>
    <name>switchboard::app::FirstRunWizard</name>
    <message>
        <source>Set up the server on this computer</source>
        <translation>设置本机服务器</translation>
    </message>
    <message>
        <source>Welcome to Switchboard</source>
        <translation>欢迎使用 Switchboard</translation>
    </message>
    <message>
        <source>Switchboard will run its server on this computer, with its data in your user folder. It has no accounts yet: the next page creates the first supervisor, who takes chats from the queue and can add the other agents.</source>
        <translation>Switchboard 将在本机运行服务器，数据保存在你的用户文件夹中。目前还没有任何账户：下一页将创建第一个主管账户，主管可以从队列中接待会话，并添加其他客服。</translation>
    </message>
    <message>
        <source>The first supervisor</source>
        <translation>第一个主管</translation>
    </message>
    <message>
        <source>Shown to customers, for example Alice</source>
        <translation>向客户显示的名字，例如 Alice</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>登录名(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名字(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Confirm password:</source>
        <translation>确认密码(&amp;C)：</translation>
    </message>
    <message>
        <source>The login is 1 to 64 characters of A-Z, a-z, 0-9, dot, underscore or hyphen.</source>
        <translation>登录名为 1 到 64 个字符，只能使用 A-Z、a-z、0-9、点、下划线或连字符。</translation>
    </message>
    <message numerus="yes">
        <source>The password needs at least %n characters.</source>
        <translation>
            <numerusform>密码至少需要 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>switchboard::app::SettingsDialog</name>
    <message>
        <source>Notify me of a &amp;new conversation</source>
        <translation>有新会话时通知我(&amp;N)</translation>
    </message>
    <message>
        <source>Notify me of a new &amp;message</source>
        <translation>有新消息时通知我(&amp;M)</translation>
    </message>
    <message>
        <source>Play a &amp;sound</source>
        <translation>播放提示音(&amp;S)</translation>
    </message>
    <message>
        <source>Flash the &amp;taskbar or dock icon</source>
        <translation>闪烁任务栏或程序坞图标(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Closing the window keeps Switchboard in the tray</source>
        <translation>关闭窗口时让 Switchboard 留在托盘中(&amp;C)</translation>
    </message>
    <message>
        <source>Switchboard settings</source>
        <translation>Switchboard 设置</translation>
    </message>
    <message>
        <source>When the window is not in front</source>
        <translation>窗口不在最前面时</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language applies the next time Switchboard starts.</source>
        <translation>新的语言将在下次启动 Switchboard 时生效。</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::AlertTableModel</name>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解除</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::CannedReplyEditor</name>
    <message>
        <source>Canned replies</source>
        <translation>快捷回复</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷词</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复内容</translation>
    </message>
    <message>
        <source>Type /shortcut alone in the composer and press Enter: the reply replaces it, ready to edit before sending.</source>
        <translation>在输入框中单独输入 /快捷词 并按 Enter：它会被替换为对应的回复，可在发送前修改。</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Every reply needs a shortcut.</source>
        <translation>每条回复都需要一个快捷词。</translation>
    </message>
    <message>
        <source>The shortcut /%1 has a space in it.</source>
        <translation>快捷词 /%1 中含有空格。</translation>
    </message>
    <message>
        <source>The shortcut /%1 has no reply.</source>
        <translation>快捷词 /%1 没有回复内容。</translation>
    </message>
    <message>
        <source>The shortcut /%1 is used twice.</source>
        <translation>快捷词 /%1 重复使用了。</translation>
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
        <source>waiting</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Previous conversations</source>
        <translation>以往会话</translation>
    </message>
    <message>
        <source>Double-click to read the conversation</source>
        <translation>双击查看该会话</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>None: this is the first conversation.</source>
        <translation>无：这是第一次会话。</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s), no agent</source>
        <translation>
            <numerusform>%n 条消息，无客服接待</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) with %1</source>
        <translation>
            <numerusform>%n 条消息，由 %1 接待</numerusform>
        </translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::DashboardWidget</name>
    <message>
        <source>Switchboard — Supervisor dashboard</source>
        <translation>Switchboard — 主管仪表盘</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>时间窗口：</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>5 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Supervisors</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Messages per second</source>
        <translation>每秒消息数</translation>
    </message>
    <message>
        <source>msg/s</source>
        <translation>条/秒</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>Ack latency</source>
        <translation>确认延迟</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等候中</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>agents</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Firing now</source>
        <translation>正在触发</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解除</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>运营</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Open conversations (queue first)</source>
        <translation>进行中的会话（排队的在前）</translation>
    </message>
    <message>
        <source>Monitor selected</source>
        <translation>监听所选会话</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>监听</translation>
    </message>
    <message>
        <source>Pick a conversation to watch it silently.</source>
        <translation>选择一个会话以静默监听。</translation>
    </message>
    <message>
        <source>Whisper to the agent (customers never see it)</source>
        <translation>悄悄告诉客服（客户永远看不到）</translation>
    </message>
    <message>
        <source>Whisper</source>
        <translation>悄悄话</translation>
    </message>
    <message>
        <source>Live — %1 — updated %2</source>
        <translation>实时 — %1 — 更新于 %2</translation>
    </message>
    <message>
        <source>Waiting for the first metrics…</source>
        <translation>正在等待第一批指标…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Stale — no data since %1; %2</source>
        <translation>数据过时 — 自 %1 起没有数据；%2</translation>
    </message>
    <message>
        <source>waiting for the stream</source>
        <translation>正在等待数据流</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <source>Critical alert: %1</source>
        <translation>严重告警：%1</translation>
    </message>
    <message>
        <source>Alert: %1</source>
        <translation>告警：%1</translation>
    </message>
    <message>
        <source>%1 (note)</source>
        <translation>%1（备注）</translation>
    </message>
    <message>
        <source>a conversation</source>
        <translation>一个会话</translation>
    </message>
    <message>
        <source>Watching %1 silently. Whispers reach the agent only.</source>
        <translation>正在静默监听 %1。悄悄话只有客服能看到。</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>The charts could not be drawn.</source>
        <translation>无法绘制图表。</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Export charts as PNG</source>
        <translation>将图表导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export series as CSV</source>
        <translation>将数据序列导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
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
    <message>
        <source>&amp;Dashboard</source>
        <translation>仪表板(&amp;D)</translation>
    </message>
    <message>
        <source>Supervisor dashboard: live charts, alerts and operations</source>
        <translation>主管仪表板：实时图表、告警和运营</translation>
    </message>
    <message>
        <source>Canned &amp;replies…</source>
        <translation>快捷回复(&amp;R)…</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>设置(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit Switchboard</source>
        <translation>退出 Switchboard(&amp;Q)</translation>
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
<context>
    <name>switchboard::ui::OperationsConversationModel</name>
    <message>
        <source>Visitor</source>
        <translation>访客</translation>
    </message>
    <message>
        <source>Queued #%1</source>
        <translation>排队第 %1 位</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::PastTranscriptDialog</name>
    <message>
        <source>Earlier conversation: %1</source>
        <translation>以往会话：%1</translation>
    </message>
    <message>
        <source>Read-only: this conversation is over.</source>
        <translation>只读：该会话已结束。</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::StaffTableModel</name>
    <message>
        <source>%1 (supervisor)</source>
        <translation>%1（主管）</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
</context>
</TS>
