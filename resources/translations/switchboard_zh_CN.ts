<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>switchboard::app::AttentionNotifier</name>
    <message>
        <location filename="../../app/src/attentionnotifier.cpp" line="20"/>
        <source>A visitor</source>
        <translation>一位访客</translation>
    </message>
    <message>
        <location filename="../../app/src/attentionnotifier.cpp" line="65"/>
        <source>New conversation waiting</source>
        <translation>有新会话在排队</translation>
    </message>
    <message>
        <location filename="../../app/src/attentionnotifier.cpp" line="66"/>
        <source>New conversation for you</source>
        <translation>有分配给你的新会话</translation>
    </message>
    <message>
        <location filename="../../app/src/attentionnotifier.cpp" line="68"/>
        <source>%1 wants to chat.</source>
        <translation>%1 想要聊天。</translation>
    </message>
</context>
<context>
    <name>switchboard::app::ConsoleApplication</name>
    <message>
        <location filename="../../app/src/consoleapplication.cpp" line="41"/>
        <location filename="../../app/src/consoleapplication.cpp" line="43"/>
        <source>Keychain: %1</source>
        <translation>钥匙串：%1</translation>
    </message>
    <message>
        <location filename="../../app/src/consoleapplication.cpp" line="184"/>
        <location filename="../../app/src/consoleapplication.cpp" line="204"/>
        <location filename="../../app/src/consoleapplication.cpp" line="238"/>
        <location filename="../../app/src/consoleapplication.cpp" line="340"/>
        <source>The server on this computer cannot start: %1</source>
        <translation>无法启动本机服务器：%1</translation>
    </message>
    <message>
        <location filename="../../app/src/consoleapplication.cpp" line="301"/>
        <source>Switchboard is still running</source>
        <translation>Switchboard 仍在运行</translation>
    </message>
    <message>
        <location filename="../../app/src/consoleapplication.cpp" line="302"/>
        <source>New customers will still reach you. Quit from the tray icon&apos;s menu.</source>
        <translation>新客户仍能联系到你。要退出，请使用托盘图标的菜单。</translation>
    </message>
    <message>
        <location filename="../../app/src/consoleapplication.cpp" line="339"/>
        <source>The server on this computer restarted with the new settings.</source>
        <translation>本机上的服务器已按新设置重启。</translation>
    </message>
</context>
<context>
    <name>switchboard::app::ConsoleTray</name>
    <message>
        <location filename="../../app/src/consoletray.cpp" line="56"/>
        <source>&amp;Open Switchboard</source>
        <translation>打开 Switchboard(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../app/src/consoletray.cpp" line="57"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/src/consoletray.cpp" line="59"/>
        <source>&amp;Quit Switchboard</source>
        <translation>退出 Switchboard(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/src/consoletray.cpp" line="95"/>
        <source>Switchboard: nothing unread</source>
        <translation>Switchboard：没有未读消息</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/src/consoletray.cpp" line="96"/>
        <source>Switchboard: %n unread message(s)</source>
        <translation>
            <numerusform>Switchboard：%n 条未读消息</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>switchboard::app::CredentialStore</name>
    <message>
        <location filename="../../app/src/credentialstore.cpp" line="28"/>
        <source>no keychain service is running (%1)</source>
        <translation>没有正在运行的钥匙串服务（%1）</translation>
    </message>
    <message>
        <location filename="../../app/src/credentialstore.cpp" line="31"/>
        <source>the keychain refused access (%1)</source>
        <translation>钥匙串拒绝访问（%1）</translation>
    </message>
    <message>
        <location filename="../../app/src/credentialstore.cpp" line="34"/>
        <source>the keychain failed</source>
        <translation>钥匙串出错</translation>
    </message>
    <message>
        <location filename="../../app/src/credentialstore.cpp" line="35"/>
        <source>no keychain service answers (%1)</source>
        <translation>钥匙串服务无响应（%1）</translation>
    </message>
</context>
<context>
    <name>switchboard::app::DashboardLauncher</name>
    <message>
        <location filename="../../app/src/dashboardlauncher.cpp" line="30"/>
        <source>--dashboard needs a server address such as ws://127.0.0.1:8420/ws, not %1</source>
        <translation>--dashboard 需要一个服务器地址，例如 ws://127.0.0.1:8420/ws，而不是 %1</translation>
    </message>
    <message>
        <location filename="../../app/src/dashboardlauncher.cpp" line="98"/>
        <source>Switchboard — Supervisor dashboard</source>
        <translation>Switchboard — 主管仪表盘</translation>
    </message>
    <message>
        <location filename="../../app/src/dashboardlauncher.cpp" line="99"/>
        <source>The dashboard does not store credentials.</source>
        <translation>仪表盘不会保存登录凭据。</translation>
    </message>
    <message>
        <location filename="../../app/src/dashboardlauncher.cpp" line="137"/>
        <source>The dashboard is for supervisors; %1 is an agent.</source>
        <translation>仪表盘仅供主管使用；%1 是客服。</translation>
    </message>
</context>
<context>
    <name>switchboard::app::EmbeddedServerController</name>
    <message>
        <location filename="../../app/src/embeddedservercontroller.cpp" line="58"/>
        <location filename="../../app/src/embeddedservercontroller.cpp" line="97"/>
        <source>Cannot create the data folder %1.</source>
        <translation>无法创建数据文件夹 %1。</translation>
    </message>
    <message>
        <location filename="../../app/src/embeddedservercontroller.cpp" line="60"/>
        <source>The password library cannot start.</source>
        <translation>密码库无法启动。</translation>
    </message>
    <message>
        <location filename="../../app/src/embeddedservercontroller.cpp" line="41"/>
        <location filename="../../app/src/embeddedservercontroller.cpp" line="66"/>
        <source>Cannot open the server&apos;s database: %1</source>
        <translation>无法打开服务器数据库：%1</translation>
    </message>
    <message>
        <location filename="../../app/src/embeddedservercontroller.cpp" line="53"/>
        <source>The login must be 1 to 64 characters of A-Z, a-z, 0-9, dot, underscore or hyphen.</source>
        <translation>登录名须为 1 到 64 个字符，只能使用 A-Z、a-z、0-9、点、下划线或连字符。</translation>
    </message>
    <message>
        <location filename="../../app/src/embeddedservercontroller.cpp" line="56"/>
        <source>The password needs at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
</context>
<context>
    <name>switchboard::app::FirstRunWizard</name>
    <message>
        <location filename="../../app/src/firstrunwizard.cpp" line="42"/>
        <source>Set up the server on this computer</source>
        <translation>设置本机服务器</translation>
    </message>
    <message>
        <location filename="../../app/src/firstrunwizard.cpp" line="47"/>
        <source>Welcome to Switchboard</source>
        <translation>欢迎使用 Switchboard</translation>
    </message>
    <message>
        <location filename="../../app/src/firstrunwizard.cpp" line="48"/>
        <source>Switchboard will run its server on this computer, with its data in your user folder. It has no accounts yet: the next page creates the first supervisor, who takes chats from the queue and can add the other agents.</source>
        <translation>Switchboard 将在本机运行服务器，数据保存在你的用户文件夹中。目前还没有任何账户：下一页将创建第一个主管账户，主管可以从队列中接待会话，并添加其他客服。</translation>
    </message>
    <message>
        <location filename="../../app/src/firstrunwizard.cpp" line="58"/>
        <source>The first supervisor</source>
        <translation>第一个主管</translation>
    </message>
    <message>
        <location filename="../../app/src/firstrunwizard.cpp" line="65"/>
        <source>Shown to customers, for example Alice</source>
        <translation>向客户显示的名字，例如 Alice</translation>
    </message>
    <message>
        <location filename="../../app/src/firstrunwizard.cpp" line="70"/>
        <source>&amp;Login:</source>
        <translation>登录名(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../app/src/firstrunwizard.cpp" line="71"/>
        <source>&amp;Name:</source>
        <translation>名字(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../app/src/firstrunwizard.cpp" line="72"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../app/src/firstrunwizard.cpp" line="73"/>
        <source>&amp;Confirm password:</source>
        <translation>确认密码(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../app/src/firstrunwizard.cpp" line="125"/>
        <source>The login is 1 to 64 characters of A-Z, a-z, 0-9, dot, underscore or hyphen.</source>
        <translation>登录名为 1 到 64 个字符，只能使用 A-Z、a-z、0-9、点、下划线或连字符。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/src/firstrunwizard.cpp" line="127"/>
        <source>The password needs at least %n characters.</source>
        <translation>
            <numerusform>密码至少需要 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/src/firstrunwizard.cpp" line="129"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>switchboard::app::SettingsDialog</name>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="25"/>
        <source>Notify me of a &amp;new conversation</source>
        <translation>有新会话时通知我(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="26"/>
        <source>Notify me of a new &amp;message</source>
        <translation>有新消息时通知我(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="27"/>
        <source>Play a &amp;sound</source>
        <translation>播放提示音(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="28"/>
        <source>Flash the &amp;taskbar or dock icon</source>
        <translation>闪烁任务栏或程序坞图标(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="29"/>
        <source>&amp;Closing the window keeps Switchboard in the tray</source>
        <translation>关闭窗口时让 Switchboard 留在托盘中(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="41"/>
        <source>Switchboard settings</source>
        <translation>Switchboard 设置</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="42"/>
        <source>When the window is not in front</source>
        <translation>窗口不在最前面时</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="47"/>
        <source>The system&apos;s language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="51"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="53"/>
        <source>A new language applies the next time Switchboard starts.</source>
        <translation>新的语言将在下次启动 Switchboard 时生效。</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="31"/>
        <source>The server on this computer</source>
        <translation>本机上的服务器</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="32"/>
        <source>For this &amp;computer only</source>
        <translation>仅供本机(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="33"/>
        <source>For the local &amp;network: other agents&apos; consoles connect to it</source>
        <translation>供局域网使用(&amp;N)：其他客服的控制台连接到它</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="60"/>
        <source>Any web site (or: https://shop.example.com, …)</source>
        <translation>任何网站（或：https://shop.example.com, …）</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="61"/>
        <source>To the least busy agent</source>
        <translation>分配给最空闲的客服</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="64"/>
        <source>To each agent in turn</source>
        <translation>依次分配给每位客服</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="65"/>
        <source>Nobody: agents take them from the queue</source>
        <translation>不分配：客服自行从排队中接待</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="68"/>
        <source> conversations</source>
        <translation> 个会话</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="70"/>
        <source>Web sites allowed to &amp;embed the chat:</source>
        <translation>允许嵌入聊天的网站(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="71"/>
        <source>New conversations &amp;go:</source>
        <translation>新会话分配(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="72"/>
        <source>Each agent takes at &amp;most:</source>
        <translation>每位客服最多接待(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="73"/>
        <source>Changing these restarts the server: consoles and customers are disconnected for a moment and reconnect by themselves; nothing is lost.</source>
        <translation>更改这些设置会重启服务器：控制台和顾客会短暂断开并自动重新连接；不会丢失任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/src/settingsdialog.cpp" line="118"/>
        <source>Other agents sign in to: %1</source>
        <translation>其他客服登录到：%1</translation>
    </message>
    <message>
        <source>TLS certificate</source>
        <translation>TLS 证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>TLS private key</source>
        <translation>TLS 私钥</translation>
    </message>
    <message>
        <source>Keys (*.pem *.key);;All files (*)</source>
        <translation>密钥 (*.pem *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>None: plain ws:// and http://</source>
        <translation>无：使用明文 ws:// 和 http://</translation>
    </message>
    <message>
        <source>The certificate's private key (PEM, unencrypted)</source>
        <translation>证书的私钥（PEM，未加密）</translation>
    </message>
    <message>
        <source>TLS &amp;certificate (PEM, with its chain):</source>
        <translation>TLS 证书（PEM，含证书链）(&amp;C)：</translation>
    </message>
    <message>
        <source>TLS private &amp;key:</source>
        <translation>TLS 私钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Safe on the open internet: with a certificate and its key the server answers only wss:// and https://, as a web site served over HTTPS needs for its chat.</source>
        <translation>可安全用于公网：设置证书及其私钥后，服务器只接受 wss:// 和 https://，这正是通过 HTTPS 提供的网站嵌入聊天所需要的。</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::AlertTableModel</name>
    <message>
        <location filename="../../ui/src/dashboard/alerttablemodel.cpp" line="96"/>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/alerttablemodel.cpp" line="96"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/alerttablemodel.cpp" line="140"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/alerttablemodel.cpp" line="142"/>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/alerttablemodel.cpp" line="144"/>
        <source>Since</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/alerttablemodel.cpp" line="144"/>
        <source>Resolved</source>
        <translation>已解除</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/alerttablemodel.cpp" line="146"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::AuditLogWidget</name>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="34"/>
        <source>Who:</source>
        <translation>操作者：</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="36"/>
        <source>any account</source>
        <translation>任意账号</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="41"/>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="43"/>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="48"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="51"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="53"/>
        <source>Export the audit log as CSV</source>
        <translation>将审计日志导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="54"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="65"/>
        <source>Select an entry to see everything it records.</source>
        <translation>选择一条记录以查看其全部内容。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="77"/>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="158"/>
        <source>Not connected; the audit log loads once the dashboard is signed in.</source>
        <translation>未连接；仪表盘登录后将加载审计日志。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="163"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="180"/>
        <source>No entries match these filters.</source>
        <translation>没有符合这些筛选条件的记录。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="182"/>
        <source>Entries shown: %1; more are older.</source>
        <translation>已显示 %1 条记录；还有更早的记录。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="184"/>
        <source>Entries shown: %1; that is all.</source>
        <translation>已显示 %1 条记录；已全部显示。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="194"/>
        <source>The audit log is for supervisors.</source>
        <translation>审计日志仅供主管查看。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="195"/>
        <source>The audit log could not be loaded: %1</source>
        <translation>无法加载审计日志：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="215"/>
        <source>When: %1</source>
        <translation>时间：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="218"/>
        <source>Who: %1</source>
        <translation>操作者：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="223"/>
        <source>Action: %1</source>
        <translation>操作：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="226"/>
        <source>Target: %1</source>
        <translation>对象：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="228"/>
        <source>From address: %1</source>
        <translation>来源地址：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="230"/>
        <source>Details:</source>
        <translation>详情：</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/auditlogwidget.cpp" line="237"/>
        <source>Entry #%1</source>
        <translation>记录 #%1</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::AuditTableModel</name>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="25"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="25"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="39"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="59"/>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="61"/>
        <source>Sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="63"/>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="65"/>
        <source>Transfer</source>
        <translation>转接</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="67"/>
        <source>Close</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="69"/>
        <source>Monitoring</source>
        <translation>监听</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="71"/>
        <source>Whisper</source>
        <translation>悄悄话</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="73"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="75"/>
        <source>Retention: deleted</source>
        <translation>保留策略：已删除</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="77"/>
        <source>Retention: redacted</source>
        <translation>保留策略：已脱敏</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="79"/>
        <source>Account created</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="81"/>
        <source>Account removed</source>
        <translation>删除账号</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="83"/>
        <source>Password changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="141"/>
        <source>(unknown account)</source>
        <translation>（未知账号）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="206"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="208"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="210"/>
        <source>Who</source>
        <translation>操作者</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="212"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="214"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="216"/>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="218"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/audittablemodel.cpp" line="220"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::CannedReplyEditor</name>
    <message>
        <location filename="../../ui/src/widgets/cannedreplyeditor.cpp" line="39"/>
        <source>Canned replies</source>
        <translation>快捷回复</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/cannedreplyeditor.cpp" line="41"/>
        <source>Shortcut</source>
        <translation>快捷词</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/cannedreplyeditor.cpp" line="41"/>
        <source>Reply</source>
        <translation>回复内容</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/cannedreplyeditor.cpp" line="49"/>
        <source>Type /shortcut alone in the composer and press Enter: the reply replaces it, ready to edit before sending.</source>
        <translation>在输入框中单独输入 /快捷词 并按 Enter：它会被替换为对应的回复，可在发送前修改。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/cannedreplyeditor.cpp" line="56"/>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/cannedreplyeditor.cpp" line="57"/>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/cannedreplyeditor.cpp" line="112"/>
        <source>Every reply needs a shortcut.</source>
        <translation>每条回复都需要一个快捷词。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/cannedreplyeditor.cpp" line="114"/>
        <source>The shortcut /%1 has a space in it.</source>
        <translation>快捷词 /%1 中含有空格。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/cannedreplyeditor.cpp" line="116"/>
        <source>The shortcut /%1 has no reply.</source>
        <translation>快捷词 /%1 没有回复内容。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/cannedreplyeditor.cpp" line="118"/>
        <source>The shortcut /%1 is used twice.</source>
        <translation>快捷词 /%1 重复使用了。</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::ChatClient</name>
    <message>
        <location filename="../../ui/src/client/chatclient.cpp" line="125"/>
        <source>No server address is set.</source>
        <translation>未设置服务器地址。</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::ConversationDelegate</name>
    <message>
        <location filename="../../ui/src/widgets/conversationdelegate.cpp" line="28"/>
        <source>now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/conversationdelegate.cpp" line="30"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/conversationdelegate.cpp" line="31"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/conversationdelegate.cpp" line="64"/>
        <source>waiting %1</source>
        <translation>已等待 %1</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::ConversationListModel</name>
    <message>
        <location filename="../../ui/src/models/conversationlistmodel.cpp" line="28"/>
        <source>Visitor</source>
        <translation>访客</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::CustomerPanel</name>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="79"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="60"/>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="61"/>
        <source>E-mail:</source>
        <translation>电子邮件：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="62"/>
        <source>Page:</source>
        <translation>页面：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="63"/>
        <source>Team:</source>
        <translation>团队：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="64"/>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="93"/>
        <source>Visitor</source>
        <translation>访客</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="99"/>
        <source>Waiting in the queue</source>
        <translation>排队等候中</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="103"/>
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="104"/>
        <source>Assigned to %1</source>
        <translation>已分配给 %1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="38"/>
        <source>waiting</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="40"/>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="44"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="82"/>
        <source>Previous conversations</source>
        <translation>以往会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="74"/>
        <source>Double-click to read the conversation</source>
        <translation>双击查看该会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="113"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="133"/>
        <source>None: this is the first conversation.</source>
        <translation>无：这是第一次会话。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="143"/>
        <source>%n message(s), no agent</source>
        <translation>
            <numerusform>%n 条消息，无客服接待</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="144"/>
        <source>%n message(s) with %1</source>
        <translation>
            <numerusform>%n 条消息，由 %1 接待</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp" line="107"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp"/>
        <source>Rating:</source>
        <translation>评分：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/customerpanel.cpp"/>
        <source>%1 of %2</source>
        <translation>%1 / %2 分</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::DashboardWidget</name>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="54"/>
        <source>Switchboard — Supervisor dashboard</source>
        <translation>Switchboard — 主管仪表盘</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="62"/>
        <source>Window:</source>
        <translation>时间窗口：</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="64"/>
        <source>5 minutes</source>
        <translation>5 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="65"/>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="69"/>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="72"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="170"/>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="170"/>
        <source>clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="171"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="171"/>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="182"/>
        <source>Agents</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="172"/>
        <source>Supervisors</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="174"/>
        <source>Messages per second</source>
        <translation>每秒消息数</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="174"/>
        <source>msg/s</source>
        <translation>条/秒</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="175"/>
        <source>Stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="176"/>
        <source>Ack latency</source>
        <translation>确认延迟</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="176"/>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="177"/>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="177"/>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="179"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="179"/>
        <source>waiting</source>
        <translation>等候中</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="179"/>
        <source>Waiting</source>
        <translation>等候</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="180"/>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="181"/>
        <source>Longest wait</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="180"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="182"/>
        <source>agents</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="183"/>
        <source>Available</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="183"/>
        <source>Away</source>
        <translation>离开</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="193"/>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="210"/>
        <source>Firing now</source>
        <translation>正在触发</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="213"/>
        <source>Resolved</source>
        <translation>已解除</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="220"/>
        <source>Operations</source>
        <translation>运营</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="222"/>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="224"/>
        <source>Open conversations (queue first)</source>
        <translation>进行中的会话（排队的在前）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="229"/>
        <source>Monitor selected</source>
        <translation>监听所选会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="237"/>
        <source>Monitor</source>
        <translation>监听</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="239"/>
        <source>Pick a conversation to watch it silently.</source>
        <translation>选择一个会话以静默监听。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="247"/>
        <source>Whisper to the agent (customers never see it)</source>
        <translation>悄悄告诉客服（客户永远看不到）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="251"/>
        <source>Whisper</source>
        <translation>悄悄话</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="301"/>
        <source>Live — %1 — updated %2</source>
        <translation>实时 — %1 — 更新于 %2</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="304"/>
        <source>Waiting for the first metrics…</source>
        <translation>正在等待第一批指标…</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="304"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="306"/>
        <source>Stale — no data since %1; %2</source>
        <translation>数据过时 — 自 %1 起没有数据；%2</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="308"/>
        <source>waiting for the stream</source>
        <translation>正在等待数据流</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="308"/>
        <source>reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="382"/>
        <source>Critical alert: %1</source>
        <translation>严重告警：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="383"/>
        <source>Alert: %1</source>
        <translation>告警：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="407"/>
        <source>%1 (note)</source>
        <translation>%1（备注）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="424"/>
        <source>a conversation</source>
        <translation>一个会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="426"/>
        <source>Watching %1 silently. Whispers reach the agent only.</source>
        <translation>正在静默监听 %1。悄悄话只有客服能看到。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="451"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="484"/>
        <source>Export charts as PNG</source>
        <translation>将图表导出为 PNG</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="485"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="490"/>
        <source>Export series as CSV</source>
        <translation>将数据序列导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="491"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="101"/>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="102"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="103"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/dashboardwidget.cpp" line="360"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::DateRangePicker</name>
    <message>
        <location filename="../../ui/src/dashboard/daterangepicker.cpp" line="27"/>
        <source>Any time</source>
        <translation>任意时间</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/daterangepicker.cpp" line="28"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/daterangepicker.cpp" line="29"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/daterangepicker.cpp" line="30"/>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/daterangepicker.cpp" line="31"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/daterangepicker.cpp" line="36"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/daterangepicker.cpp" line="41"/>
        <source>to</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::ExportFile</name>
    <message>
        <location filename="../../ui/src/dashboard/exportfile.cpp" line="20"/>
        <source>The charts could not be drawn.</source>
        <translation>无法绘制图表。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/exportfile.cpp" line="23"/>
        <location filename="../../ui/src/dashboard/exportfile.cpp" line="31"/>
        <location filename="../../ui/src/dashboard/exportfile.cpp" line="34"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/exportfile.cpp" line="81"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::LoginDialog</name>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="21"/>
        <source>&amp;Remember me on this computer</source>
        <translation>在此电脑上记住我(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="23"/>
        <source>Run the &amp;server on this computer</source>
        <translation>在此电脑上运行服务器(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="27"/>
        <source>Sign in to Switchboard</source>
        <translation>登录 Switchboard</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="28"/>
        <source>ws://host:8420/ws, several separated by spaces</source>
        <translation>ws://主机:8420/ws，多个地址用空格分隔</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="49"/>
        <source>Server &amp;address:</source>
        <translation>服务器地址(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="50"/>
        <source>&amp;Login:</source>
        <translation>登录名(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="51"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="55"/>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="150"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="159"/>
        <source>Cannot remember the password: %1</source>
        <translation>无法记住密码：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="182"/>
        <source>Enter a server address such as ws://127.0.0.1:8420/ws.</source>
        <translation>请输入服务器地址，例如 ws://127.0.0.1:8420/ws。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="187"/>
        <source>Enter your login and password.</source>
        <translation>请输入登录名和密码。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="44"/>
        <source>This computer has no accounts yet: Continue sets up the server and creates your supervisor account; the login and password can wait until then.</source>
        <translation>这台电脑上还没有账号：“继续”会设置服务器并创建你的主管账号；登录名和密码可以到那时再填。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/logindialog.cpp" line="150"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>The server's certificate</source>
        <translation>服务器的证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Only for a wss:// server with its own certificate</source>
        <translation>仅用于自带证书的 wss:// 服务器</translation>
    </message>
    <message>
        <source>For a server on your network with a self-signed certificate: choose that certificate (PEM) to trust it. Servers with a certificate from a public authority need nothing here.</source>
        <translation>对于局域网中使用自签名证书的服务器：选择该证书（PEM）以信任它。使用公共证书机构签发的证书的服务器无需在此设置。</translation>
    </message>
    <message>
        <source>&amp;Trust certificate:</source>
        <translation>信任证书(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::MainWindow</name>
    <message>
        <source>The server sent something this console cannot read (%1); it was skipped.</source>
        <translation>服务器发来了本控制台无法读取的内容（%1），已跳过。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="65"/>
        <source>Switchboard</source>
        <translation>Switchboard</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="129"/>
        <source>Conversation</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="132"/>
        <source>&amp;Accept</source>
        <translation>接受(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="137"/>
        <source>&amp;Transfer…</source>
        <translation>转接(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="139"/>
        <source>&amp;Close conversation</source>
        <translation>关闭会话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="148"/>
        <source>Away</source>
        <translation>离开</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="151"/>
        <source>Away: receive no new conversations</source>
        <translation>离开：不再接收新会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="162"/>
        <source>&amp;Search…</source>
        <translation>搜索(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="164"/>
        <source>Search conversations</source>
        <translation>搜索会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="166"/>
        <source>E&amp;xport transcript…</source>
        <translation>导出聊天记录(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="168"/>
        <source>Save this conversation as text, HTML or JSON</source>
        <translation>将此会话保存为文本、HTML 或 JSON</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="170"/>
        <source>Export &amp;conversations…</source>
        <translation>导出会话(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="172"/>
        <source>Conversations of a date range as CSV or JSONL</source>
        <translation>按日期范围导出会话（CSV 或 JSONL）</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="174"/>
        <source>S&amp;taff…</source>
        <translation>员工(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="176"/>
        <source>Add, edit and remove the shop&apos;s agents and supervisors</source>
        <translation>添加、编辑和删除店铺的客服和主管</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="211"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="212"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="213"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="268"/>
        <source>&amp;Note (only staff see it)</source>
        <translation>备注(&amp;N)（仅员工可见）</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="274"/>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="327"/>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="334"/>
        <source>The customer is typing…</source>
        <translation>客户正在输入…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="510"/>
        <source>Transfer conversation</source>
        <translation>转接会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="511"/>
        <source>Agent login, or team:NAME for a team:</source>
        <translation>客服登录名，或用 team:名称 转给团队：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="617"/>
        <source>Away — no new chats come to you</source>
        <translation>离开 — 不会给你分配新会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="619"/>
        <source>Available — new chats come to you</source>
        <translation>在线 — 新会话会分配给你</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="621"/>
        <source>Available — new chats wait in the queue; accept them by hand</source>
        <translation>在线 — 新会话在队列中等待；请手动接待</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="627"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="632"/>
        <source>● Offline</source>
        <translation>● 离线</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="637"/>
        <source>● Reconnecting in %1 s…</source>
        <translation>● %1 秒后重新连接…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="638"/>
        <source>● Connecting…</source>
        <translation>● 正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="643"/>
        <source>● Online as %1</source>
        <translation>● 在线：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="652"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="688"/>
        <source>Visitor</source>
        <translation>访客</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="690"/>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="691"/>
        <source>Conversation with %1</source>
        <translation>与 %1 的会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="693"/>
        <source>Read-only: this conversation is not in your list.</source>
        <translation>只读：该会话不在你的列表中。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="754"/>
        <source>Text (*.txt)</source>
        <translation>文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="755"/>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="756"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="758"/>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="796"/>
        <source>Export transcript</source>
        <translation>导出聊天记录</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="780"/>
        <source>No conversation to export.</source>
        <translation>没有可导出的会话。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="785"/>
        <source>A transcript export is already running.</source>
        <translation>已有聊天记录导出正在进行。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="794"/>
        <source>Exporting the transcript…</source>
        <translation>正在导出聊天记录…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="794"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="814"/>
        <source>Transcript saved to %1.</source>
        <translation>聊天记录已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="815"/>
        <source>Transcript export cancelled; no file was written.</source>
        <translation>聊天记录导出已取消；未写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="263"/>
        <source>Write a reply. Enter sends, Shift+Enter starts a new line, /shortcut inserts a canned reply.</source>
        <translation>输入回复。按 Enter 发送，Shift+Enter 换行，输入 /快捷词 插入预设回复。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="145"/>
        <source>&amp;Dashboard</source>
        <translation>仪表板(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="146"/>
        <source>Supervisor dashboard: live charts, alerts and operations</source>
        <translation>主管仪表板：实时图表、告警和运营</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="157"/>
        <source>Canned &amp;replies…</source>
        <translation>快捷回复(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="159"/>
        <source>S&amp;ettings…</source>
        <translation>设置(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="184"/>
        <source>&amp;Quit Switchboard</source>
        <translation>退出 Switchboard(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="413"/>
        <source>Conversations you are serving appear here: the ones you accept from the queue and the ones given to you.</source>
        <translation>你正在接待的会话显示在这里：你从排队中接受的，以及分配给你的。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="417"/>
        <source>Customers waiting for someone appear here, the longest wait first. Select one and press Accept to take it.</source>
        <translation>等待接待的顾客显示在这里，等得最久的在前。选中一位并按“接受”即可接待。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="422"/>
        <source>Every open conversation appears here: waiting, yours and other agents&apos;.</source>
        <translation>所有进行中的会话都显示在这里：排队中的、你的以及其他客服的。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/mainwindow.cpp" line="424"/>
        <source>Every open conversation you may see appears here: waiting and yours.</source>
        <translation>你可以看到的所有进行中的会话都显示在这里：排队中的和你的。</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::MessageDelegate</name>
    <message>
        <location filename="../../ui/src/widgets/messagedelegate.cpp" line="26"/>
        <source>Note by %1</source>
        <translation>%1 的备注</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/messagedelegate.cpp" line="38"/>
        <source>sending…</source>
        <translation>发送中…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/messagedelegate.cpp" line="47"/>
        <source>read</source>
        <translation>已读</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::OperationsConversationModel</name>
    <message>
        <location filename="../../ui/src/dashboard/operationsconversationmodel.cpp" line="142"/>
        <source>Visitor</source>
        <translation>访客</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/operationsconversationmodel.cpp" line="144"/>
        <source>Queued #%1</source>
        <translation>排队第 %1 位</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/operationsconversationmodel.cpp" line="144"/>
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/operationsconversationmodel.cpp" line="175"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/operationsconversationmodel.cpp" line="177"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/operationsconversationmodel.cpp" line="179"/>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/operationsconversationmodel.cpp" line="181"/>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/operationsconversationmodel.cpp" line="183"/>
        <source>Waiting</source>
        <translation>等候</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::PastTranscriptDialog</name>
    <message>
        <location filename="../../ui/src/widgets/pasttranscriptdialog.cpp" line="26"/>
        <source>Earlier conversation: %1</source>
        <translation>以往会话：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/pasttranscriptdialog.cpp" line="28"/>
        <source>Read-only: this conversation is over.</source>
        <translation>只读：该会话已结束。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/pasttranscriptdialog.cpp" line="41"/>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::RangeExportDialog</name>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="31"/>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="106"/>
        <source>Export conversations</source>
        <translation>导出会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="38"/>
        <source>CSV: one row per conversation</source>
        <translation>CSV：每个会话一行</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="39"/>
        <source>JSONL: one line per message</source>
        <translation>JSONL：每条消息一行</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="54"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="64"/>
        <source>%v of %m rows</source>
        <translation>%v / %m 行</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="65"/>
        <source>Conversations created from the first day through the last.</source>
        <translation>导出从第一天到最后一天（含）创建的会话。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="70"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="79"/>
        <source>&amp;From</source>
        <translation>从(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="80"/>
        <source>&amp;To</source>
        <translation>至(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="81"/>
        <source>F&amp;ormat</source>
        <translation>格式(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="82"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="107"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="107"/>
        <source>JSON Lines files (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="115"/>
        <source>The last day comes before the first.</source>
        <translation>最后一天早于第一天。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="120"/>
        <source>Choose a file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="131"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="163"/>
        <source>Saved %n row(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 行保存到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/rangeexportdialog.cpp" line="170"/>
        <source>Cancelled; no file was written.</source>
        <translation>已取消；未写入任何文件。</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::RangeExporter</name>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="23"/>
        <source>The connection to the server was lost; nothing was saved.</source>
        <translation>与服务器的连接已断开；未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="42"/>
        <source>An export is already running.</source>
        <translation>已有导出正在进行。</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="44"/>
        <source>Choose CSV or JSONL.</source>
        <translation>请选择 CSV 或 JSONL。</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="46"/>
        <source>The end of the range must come after its start.</source>
        <translation>范围的结束必须晚于开始。</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="48"/>
        <source>Not connected to the server.</source>
        <translation>未连接到服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="51"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="75"/>
        <source>Writing the file failed: %1</source>
        <translation>写入文件失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="85"/>
        <source>The server sent an unfinished export without a way to go on.</source>
        <translation>服务器发送的导出未完成且无法继续。</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="97"/>
        <source>Only supervisors may export conversations.</source>
        <translation>只有主管可以导出会话。</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="99"/>
        <source>The server refused the export: %1</source>
        <translation>服务器拒绝了导出：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="101"/>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/rangeexporter.cpp" line="111"/>
        <source>Saving the file failed: %1</source>
        <translation>保存文件失败：%1</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::ReachCustomersPanel</name>
    <message>
        <location filename="../../ui/src/widgets/reachcustomerspanel.cpp" line="23"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/reachcustomerspanel.cpp" line="24"/>
        <source>Open the &amp;demo page</source>
        <translation>打开演示页面(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/reachcustomerspanel.cpp" line="28"/>
        <source>No conversations yet</source>
        <translation>还没有会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/reachcustomerspanel.cpp" line="33"/>
        <source>Customers reach you through the chat widget on your web site. Paste this line into your pages, just before &lt;/body&gt;; each visitor who writes appears here, and in the Queued list until someone takes the chat.</source>
        <translation>顾客通过你网站上的聊天小部件联系你。把这一行粘贴到网页的 &lt;/body&gt; 之前；每位发来消息的访客都会显示在这里，并在有人接待之前留在“排队中”列表里。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/reachcustomerspanel.cpp" line="48"/>
        <source>Copy the line to the clipboard</source>
        <translation>把这一行复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/reachcustomerspanel.cpp" line="50"/>
        <source>A sample shop page with the widget, to try a chat as a customer</source>
        <translation>带有聊天小部件的示例商店页面，可以以顾客身份试聊</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/reachcustomerspanel.cpp" line="53"/>
        <source>This address works on this computer only: try the demo page here. For your web site the server must be reachable at an address your visitors can open; put that address in the line instead.</source>
        <translation>此地址只在这台电脑上有效：可以在这里试用演示页面。用于你的网站时，服务器必须能通过访客可以打开的地址访问；请在这一行中换成那个地址。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/reachcustomerspanel.cpp" line="71"/>
        <source>Widget:</source>
        <translation>小部件：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/reachcustomerspanel.cpp" line="72"/>
        <source>Embed:</source>
        <translation>嵌入代码：</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::ReportChart</name>
    <message>
        <location filename="../../ui/src/dashboard/reportchart.cpp" line="48"/>
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportchart.cpp" line="50"/>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportchart.cpp" line="51"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::ReportTableModel</name>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="91"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="95"/>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="98"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="100"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="101"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="162"/>
        <source>(no team)</source>
        <translation>（无团队）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="182"/>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="184"/>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="186"/>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="188"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="190"/>
        <source>Conversations</source>
        <translation>会话数</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="192"/>
        <source>Closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="194"/>
        <source>First response (median)</source>
        <translation>首次响应（中位数）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="196"/>
        <source>First response (p90)</source>
        <translation>首次响应（p90）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="198"/>
        <source>Resolution (median)</source>
        <translation>解决时长（中位数）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="200"/>
        <source>Resolution (p90)</source>
        <translation>解决时长（p90）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="202"/>
        <source>Queue wait (median)</source>
        <translation>排队等待（中位数）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp" line="204"/>
        <source>Queue wait (p90)</source>
        <translation>排队等待（p90）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp"/>
        <source>Rated</source>
        <translation>已评分</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp"/>
        <source>CSAT (mean of 1–5)</source>
        <translation>满意度（1–5 平均）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp"/>
        <source>Satisfied (4–5)</source>
        <translation>满意（4–5）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reporttablemodel.cpp"/>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::ReportsWidget</name>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="57"/>
        <source>Range:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="61"/>
        <source>days in %1 (this computer&apos;s time zone)</source>
        <translation>按 %1 计日（本机时区）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="65"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="84"/>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="266"/>
        <source>No conversations in this range.</source>
        <translation>此范围内没有会话。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="114"/>
        <source>Pick a range to see its reports.</source>
        <translation>选择一个范围以查看报表。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="130"/>
        <source>First response time per day</source>
        <translation>每日首次响应时间</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="131"/>
        <source>Resolution time per day</source>
        <translation>每日解决时长</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="132"/>
        <source>Queue wait per day</source>
        <translation>每日排队等待</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="133"/>
        <source>Conversations per day</source>
        <translation>每日会话数</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="133"/>
        <source>conversations</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="142"/>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="146"/>
        <source>Export chart as PNG</source>
        <translation>将图表导出为 PNG</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="146"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="159"/>
        <source>Per agent</source>
        <translation>按客服</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="160"/>
        <source>Per team</source>
        <translation>按团队</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="161"/>
        <source>Per day</source>
        <translation>按日期</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="177"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="181"/>
        <source>Export table as CSV</source>
        <translation>将表格导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="181"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="204"/>
        <source>Not connected; the reports load once the dashboard is signed in.</source>
        <translation>未连接；仪表盘登录后将加载报表。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="207"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="225"/>
        <source>Reports are for supervisors.</source>
        <translation>报表仅供主管查看。</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="226"/>
        <source>The reports could not be loaded: %1</source>
        <translation>无法加载报表：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="244"/>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="245"/>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="261"/>
        <source>Conversations</source>
        <translation>会话数</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="261"/>
        <source>Closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="269"/>
        <source>%1: median %2, p90 %3</source>
        <translation>%1：中位数 %2，p90 %3</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="274"/>
        <source>Conversations: %1, closed: %2</source>
        <translation>会话：%1，已结束：%2</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="275"/>
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="276"/>
        <source>Resolution</source>
        <translation>解决时长</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="277"/>
        <source>Queue wait</source>
        <translation>排队等待</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp" line="280"/>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp"/>
        <source>CSAT: no ratings</source>
        <translation>满意度：暂无评分</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/reportswidget.cpp"/>
        <source>CSAT: %1 rated, mean %2, %3 % satisfied</source>
        <translation>满意度：%1 条评分，平均 %2，%3% 满意</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::SearchHitDelegate</name>
    <message>
        <location filename="../../ui/src/widgets/searchhitdelegate.cpp" line="21"/>
        <source>waiting</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchhitdelegate.cpp" line="23"/>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchhitdelegate.cpp" line="24"/>
        <source>closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchhitdelegate.cpp" line="71"/>
        <source>Visitor</source>
        <translation>访客</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchhitdelegate.cpp" line="115"/>
        <source>note by %1</source>
        <translation>%1 的备注</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchhitdelegate.cpp" line="115"/>
        <source>by %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchhitdelegate.cpp" line="118"/>
        <source>team %1</source>
        <translation>团队 %1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchhitdelegate.cpp" line="121"/>
        <source>agent %1</source>
        <translation>客服 %1</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::SearchPanel</name>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="43"/>
        <source>Search conversations</source>
        <translation>搜索会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="48"/>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="50"/>
        <source>Dates, agent, team, customer and state</source>
        <translation>日期、客服、团队、客户和状态</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="51"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="58"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="60"/>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="69"/>
        <source>Agent login</source>
        <translation>客服登录名</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="71"/>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="73"/>
        <source>Customer name or e-mail</source>
        <translation>客户姓名或电子邮件</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="75"/>
        <source>Any state</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="76"/>
        <source>Waiting</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="77"/>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="78"/>
        <source>Closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="108"/>
        <source>More results</source>
        <translation>更多结果</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="132"/>
        <source>The connection was lost; search again when it is back.</source>
        <translation>连接已断开；恢复后请重新搜索。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="189"/>
        <source>Type words to search for, or set a filter.</source>
        <translation>请输入要搜索的词，或设置筛选条件。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="194"/>
        <source>Not connected: search when the connection is back.</source>
        <translation>未连接：连接恢复后再搜索。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="236"/>
        <source>You may not search conversations.</source>
        <translation>你无权搜索会话。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="238"/>
        <source>The server did not accept this search: %1</source>
        <translation>服务器未接受此搜索：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="240"/>
        <source>The search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="258"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="262"/>
        <source>Words match in any order; the last one may be the start of a word.</source>
        <translation>各词顺序不限；最后一个词可以只是词的开头。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="266"/>
        <source>More than %1 hits</source>
        <translation>超过 %1 条结果</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="267"/>
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n 条结果</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/searchpanel.cpp" line="269"/>
        <source>%1, %2 shown</source>
        <translation>%1，已显示 %2 条</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::StaffAccountEditor</name>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="24"/>
        <source>Receives chats automatically</source>
        <translation>自动接收会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="32"/>
        <source>Add a staff member</source>
        <translation>添加员工</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="35"/>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="38"/>
        <source>New password for %1</source>
        <translation>%1 的新密码</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="43"/>
        <source>letters, digits, dot, underscore or hyphen</source>
        <translation>字母、数字、点、下划线或连字符</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="45"/>
        <source>shown to customers; the login when empty</source>
        <translation>向客户显示；留空则使用登录名</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="47"/>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="48"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="51"/>
        <source>e.g. sales, billing; empty: every team</source>
        <translation>例如 sales, billing；留空：所有团队</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="55"/>
        <source>New conversations are assigned to this person while they are available. Without it they wait in the queue until someone accepts them.</source>
        <translation>此人在线且空闲时，新会话会自动分配给他。不勾选时，新会话在队列中等待，直到有人接待。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="61"/>
        <source>at least 8 characters</source>
        <translation>至少 8 个字符</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="67"/>
        <source>&amp;Login:</source>
        <translation>登录名(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="68"/>
        <source>&amp;Name:</source>
        <translation>名字(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="69"/>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="70"/>
        <source>&amp;Teams:</source>
        <translation>团队(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="80"/>
        <source>Initial &amp;password:</source>
        <translation>初始密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="80"/>
        <source>New &amp;password:</source>
        <translation>新密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="81"/>
        <source>&amp;Repeat it:</source>
        <translation>再输入一次(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="123"/>
        <source>The login must be 1 to 64 characters of A-Z, a-z, 0-9, dot, underscore or hyphen.</source>
        <translation>登录名须为 1 到 64 个字符，只能使用 A-Z、a-z、0-9、点、下划线或连字符。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="127"/>
        <source>A team name is at most %1 characters.</source>
        <translation>团队名称最多 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="133"/>
        <source>The password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffaccounteditor.cpp" line="136"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::StaffDialog</name>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="24"/>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="25"/>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="26"/>
        <source>Reset &amp;password…</source>
        <translation>重置密码(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="27"/>
        <source>&amp;Remove…</source>
        <translation>删除(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="28"/>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="31"/>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="35"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="35"/>
        <source>Name</source>
        <translation>名字</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="35"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="35"/>
        <source>Teams</source>
        <translation>团队</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="35"/>
        <source>Receives chats</source>
        <translation>接收会话</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="35"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="95"/>
        <source>Not connected: the staff list cannot be read now.</source>
        <translation>未连接：现在无法读取员工列表。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="141"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="141"/>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="142"/>
        <source>every team</source>
        <translation>所有团队</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="143"/>
        <source>automatically</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="143"/>
        <source>accepts by hand</source>
        <translation>手动接待</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="144"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="165"/>
        <source>Adding %1</source>
        <translation>正在添加 %1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="168"/>
        <source>Saving %1</source>
        <translation>正在保存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="172"/>
        <source>Setting a new password for %1</source>
        <translation>正在为 %1 设置新密码</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="204"/>
        <source>Remove %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="205"/>
        <source>Remove the account of %1 (%2)? They are signed out at once and their open conversations go back to the queue.</source>
        <translation>删除 %1（%2）的账户？其登录会立即失效，其进行中的会话将回到队列。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="213"/>
        <source>Removing %1</source>
        <translation>正在删除 %1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="222"/>
        <source>Not connected: nothing was changed.</source>
        <translation>未连接：未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="236"/>
        <source>%1: done. Their open sessions were signed out.</source>
        <translation>%1：已完成。其已登录的会话均已退出。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="238"/>
        <source>%1: done. They were signed out.</source>
        <translation>%1：已完成。其登录已退出。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="240"/>
        <source>%1: done.</source>
        <translation>%1：已完成。</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="248"/>
        <source>The staff list cannot be shown: %1</source>
        <translation>无法显示员工列表：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/widgets/staffdialog.cpp" line="254"/>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::StaffTableModel</name>
    <message>
        <location filename="../../ui/src/dashboard/stafftablemodel.cpp" line="60"/>
        <source>%1 (supervisor)</source>
        <translation>%1（主管）</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/stafftablemodel.cpp" line="65"/>
        <source>Available</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/stafftablemodel.cpp" line="67"/>
        <source>Away</source>
        <translation>离开</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/stafftablemodel.cpp" line="68"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/stafftablemodel.cpp" line="104"/>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/stafftablemodel.cpp" line="106"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/stafftablemodel.cpp" line="108"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/src/dashboard/stafftablemodel.cpp" line="110"/>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::TranscriptExporter</name>
    <message>
        <location filename="../../ui/src/client/transcriptexporter.cpp" line="31"/>
        <source>The server refused the export&apos;s sign-in: %1</source>
        <translation>服务器拒绝了导出的登录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/transcriptexporter.cpp" line="38"/>
        <source>You may not read this conversation.</source>
        <translation>你无权查看该会话。</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/transcriptexporter.cpp" line="40"/>
        <source>The server has no such conversation.</source>
        <translation>服务器上没有该会话。</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/transcriptexporter.cpp" line="42"/>
        <source>The server could not send the transcript: %1</source>
        <translation>服务器无法发送聊天记录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/transcriptexporter.cpp" line="47"/>
        <source>The connection to the server was lost; nothing was saved.</source>
        <translation>与服务器的连接已断开；未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/transcriptexporter.cpp" line="62"/>
        <source>An export is already running.</source>
        <translation>已有导出正在进行。</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/transcriptexporter.cpp" line="68"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/transcriptexporter.cpp" line="118"/>
        <source>Writing the file failed: %1</source>
        <translation>写入文件失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/src/client/transcriptexporter.cpp" line="143"/>
        <source>Saving the file failed: %1</source>
        <translation>保存文件失败：%1</translation>
    </message>
</context>
<context>
    <name>switchboard::ui::FilePathEdit</name>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
</context>
</TS>
