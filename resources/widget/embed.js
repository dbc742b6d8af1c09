/*
 * Switchboard customer chat widget.
 *
 * Shops embed it with the code docs/widget.md offers first, which asks for this script while the
 * page loads and runs it after the page's load event (so a stalled chat server never holds the
 * page), or with one line:
 *   <script src="https://HOST/widget/embed.js" data-team="sales" async></script>
 *
 * Plain JavaScript, no framework, no build step. Everything lives inside this closure and inside
 * a shadow root on one <switchboard-widget> element, so the host page's styles and globals are
 * left alone; the only global is window.SwitchboardWidget (open/close/toggle). It speaks
 * protocol v1 (docs/protocol.md) as a customer; docs/widget.md explains the options and choices.
 */
(function () {
  'use strict';

  if (window.SwitchboardWidget && window.SwitchboardWidget.version) {
    return; // embedded twice: the first copy keeps the page
  }

  var VERSION = '1.0.0';
  var LOG_PREFIX = 'Switchboard widget:';
  var MAX_TEXT = 8000; // protocol: text is 1-8000 characters
  var MAX_PROFILE = 256; // name, e-mail, team
  var MAX_PAGE = 2048;
  var SYNC_LIMIT = 500;
  var BACKOFF_BASE_MS = 1000;
  var BACKOFF_CAP_MS = 30000;
  var REFUSED_CAP_MS = 60000;
  var OPEN_TIMEOUT_MS = 10000; // a socket that neither opens nor fails by then is dropped
  var WELCOME_TIMEOUT_MS = 10000;
  var TYPING_RESEND_MS = 3000; // resend typing:true this often while the customer types
  var TYPING_IDLE_MS = 4000; // then typing:false after this much quiet
  var AGENT_TYPING_TTL_MS = 7000; // hide the agent's indicator if it is not refreshed

  // ---------------------------------------------------------------- configuration

  var script = document.currentScript || findOwnScript();
  var scriptUrl = new URL(script && script.src ? script.src : location.href, location.href);
  var assetBase = new URL('./', scriptUrl).href;

  // The stylesheet is asked for first (the launcher shows once it is in), beside the texts: the
  // shadow root's <link> starts its download only once the widget is in the page (the end of
  // this script, or DOMContentLoaded for a script in <head>). The hint leaves the shop's <head>
  // again once the stylesheet has loaded.
  var stylesheetPreload = null;
  if (document.head) {
    stylesheetPreload = document.createElement('link');
    stylesheetPreload.rel = 'preload';
    stylesheetPreload.as = 'style';
    stylesheetPreload.href = assetBase + 'widget.css';
    document.head.appendChild(stylesheetPreload);
  }
  function forgetStylesheetPreload() {
    if (stylesheetPreload && stylesheetPreload.parentNode) stylesheetPreload.parentNode.removeChild(stylesheetPreload);
    stylesheetPreload = null;
  }

  function findOwnScript() {
    var scripts = document.getElementsByTagName('script');
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/widget\/embed\.js(?:[?#]|$)/.test(scripts[i].src)) return scripts[i];
    }
    return null;
  }

  function option(name) {
    var value = script ? script.getAttribute('data-' + name) : null;
    return value === null ? '' : String(value).trim();
  }

  // "ws://h/ws", "https://h" or "//h:1/ws" all become a WebSocket URL; https maps to wss.
  function toWebSocketUrl(value) {
    var url;
    try {
      url = new URL(value, scriptUrl);
    } catch (e) {
      return null;
    }
    if (url.protocol === 'https:') url.protocol = 'wss:';
    else if (url.protocol === 'http:') url.protocol = 'ws:';
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/ws';
    url.hash = '';
    return url.href;
  }

  function parseEndpoints(value) {
    var list = [];
    value.split(',').forEach(function (part) {
      part = part.trim();
      if (!part) return;
      var url = toWebSocketUrl(part);
      if (url && list.indexOf(url) < 0) list.push(url);
      else if (!url) console.warn(LOG_PREFIX, 'ignoring data-endpoints entry that is not a ws(s) or http(s) URL:', part);
    });
    return list;
  }

  var endpoints = parseEndpoints(option('endpoints'));
  if (!endpoints.length) {
    endpoints = [(scriptUrl.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + scriptUrl.host + '/ws'];
  }
  var offlineAfter = parseFloat(option('offline-after'));
  var config = {
    team: option('team').slice(0, MAX_PROFILE),
    prechat: option('prechat').toLowerCase() !== 'off',
    position: option('position').toLowerCase() === 'left' ? 'left' : 'right',
    color: option('color'),
    offlineAfterMs: (isFinite(offlineAfter) && offlineAfter > 0 ? offlineAfter : 10) * 1000,
    endpoints: endpoints,
  };

  // ---------------------------------------------------------------- language

  // English is built in. Another language is a file i18n/<tag>.json with these keys, fetched
  // only when chosen, plus its tag in LANGUAGES. A plural is an object keyed by the
  // Intl.PluralRules category ("one", "other", ...); {n} and {name} are filled in.
  var LANGUAGES = ['en', 'zh-CN'];
  var EN = {
    title: 'Chat with us',
    subtitle: 'Ask us anything. We are happy to help.',
    hi: 'Hi there!',
    greeting: 'Send us a message and someone from our team will answer right here.',
    optional: 'Your name and e-mail are optional.',
    question: 'How can we help?',
    offline: 'All our agents are away or busy right now. Leave a message and we will answer here as soon as someone is free.',
    open: 'Open chat',
    minimize: 'Minimize chat',
    openUnread: { one: 'Open chat, {n} unread message', other: 'Open chat, {n} unread messages' },
    conversation: 'Conversation',
    startChat: 'Start a chat',
    name: 'Name',
    email: 'E-mail',
    start: 'Start chat',
    compose: 'Write a message',
    placeholder: 'Write a message…',
    placeholderNew: 'Write to start a new chat…',
    message: 'Message',
    send: 'Send message',
    hint: 'Press Enter to send, Shift+Enter for a new line.',
    powered: 'Powered by Switchboard',
    offlineStatus: 'Offline',
    chatting: 'You are chatting with {name}',
    agentWith: 'An agent is with you',
    queue: 'You are number {n} in the queue',
    next: 'You are next in line',
    nextSoon: 'You are next in line. An agent will be with you shortly.',
    ended: 'This chat has ended',
    connecting: 'Connecting…',
    refused: 'Chat is not available on this page right now. Please try again later, or contact us another way.',
    lost: 'Connection lost. Reconnecting… Messages you write now are sent once we are back.',
    newConversation: 'New conversation',
    typing: '{name} is typing…',
    anAgent: 'An agent',
    youSaid: 'You said',
    agent: 'Agent',
    supervisor: 'Supervisor',
    waiting: 'Waiting to send',
    sending: 'Sending',
    sent: 'Sent',
    delivered: 'Delivered',
    read: 'Read',
    failed: 'Not sent',
    badEmail: 'Please check the e-mail address, or leave it empty.',
    noQuestion: 'Please write your question first.',
    rateTitle: 'How did we do?',
    rateLegend: 'Rate this chat from 1 (poor) to 5 (excellent)',
    rateOption: { one: '{n} star', other: '{n} stars' },
    rateComment: 'Anything to add? (optional)',
    rateSend: 'Send rating',
    rateSkip: 'No thanks',
    rateFailed: 'Your rating could not be sent. Please try again.',
    rateThanks: 'Thank you for your feedback!',
  };

  // The first of data-lang and the visitor's languages that we have: the same tag, else the same
  // language (zh, zh-Hans-CN and zh-SG all get zh-CN). Returns [ours, theirs] or null.
  function matchLanguage(wanted, available) {
    for (var i = 0; i < wanted.length; i++) {
      var tag = String(wanted[i] || '').toLowerCase();
      for (var pass = 0; pass < 2; pass++) {
        for (var j = 0; j < available.length; j++) {
          var have = available[j].toLowerCase();
          if (tag && (pass ? have.split('-')[0] === tag.split('-')[0] : have === tag)) return [available[j], wanted[i]];
        }
      }
    }
    return null;
  }

  var chosen = matchLanguage([option('lang')].concat(navigator.languages || [navigator.language]), LANGUAGES) || ['en', 'en'];
  var lang = chosen[0];
  var locale = chosen[1]; // the visitor's own tag (en-GB, zh-Hans-CN) formats dates and numbers
  var strings = EN;
  var shopTexts = {}; // the shop's texts per language, from the server's widget-texts setting

  // Made once per kind, options and locale: the first Intl object of a kind costs the page
  // several milliseconds (its locale data is loaded then).
  var intlMade = {};
  function intl(kind, options) {
    var key = kind + ' ' + locale + ' ' + JSON.stringify(options || {});
    if (!intlMade[key]) {
      try {
        intlMade[key] = new Intl[kind](locale, options);
      } catch (e) {
        intlMade[key] = new Intl[kind](lang, options); // a malformed data-lang="zh-!"
      }
    }
    return intlMade[key];
  }

  // The shop's own words: this page's before the whole shop's (the server's widget-texts), each
  // in the chosen language (data-NAME-zh-CN, then data-NAME-zh) before any (data-NAME).
  function shopText(name) {
    var shop = shopTexts[(matchLanguage([lang], Object.keys(shopTexts)) || [])[0]] || {};
    return (
      option(name + '-' + lang) ||
      option(name + '-' + lang.split('-')[0]) ||
      option(name) ||
      (typeof shop[name] === 'string' && shop[name].trim())
    );
  }

  // Our text for key in the chosen language; the shop's words first where it may set them.
  function t(key, vars) {
    var text = (/^(title|subtitle|greeting|question|offline)$/.test(key) && shopText(key)) || strings[key] || EN[key];
    vars = vars || {};
    if (typeof text === 'object') text = text[intl('PluralRules').select(vars.n)] || text.other;
    return String(text).replace(/\{(\w+)\}/g, function (all, name) {
      return name === 'n' ? intl('NumberFormat').format(vars.n) : vars[name];
    });
  }

  function fetchJson(url) {
    return window
      .fetch(url, { credentials: 'omit' })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .catch(function () {
        console.warn(LOG_PREFIX, 'could not load', url);
        return null;
      });
  }

  // Both files, in parallel with the stylesheet. The launcher does not wait for them (it shows
  // no text); the panel opens and the widget connects once they are in (or 3 s on).
  var textsLoaded = !window.fetch
    ? Promise.resolve(null)
    : Promise.race([
        Promise.all([lang === 'en' ? null : fetchJson(assetBase + 'i18n/' + lang + '.json'), fetchJson(assetBase + 'texts.json')]),
        new Promise(function (resolve) {
          setTimeout(resolve, 3000, null);
        }),
      ]);

  // ---------------------------------------------------------------- storage

  // Keyed by the first endpoint: one visitor per Switchboard installation, whatever the page.
  var storageKey = 'switchboard:v1:' + endpoints[0];
  var memoryStore = {};

  function loadState() {
    var raw = null;
    try {
      raw = window.localStorage.getItem(storageKey);
    } catch (e) {
      raw = memoryStore[storageKey] || null;
    }
    var state = null;
    try {
      state = raw ? JSON.parse(raw) : null;
    } catch (e) {
      state = null;
    }
    if (!state || typeof state !== 'object') state = {};
    return {
      token: typeof state.token === 'string' ? state.token : null,
      conversation: typeof state.conversation === 'string' ? state.conversation : null,
      open: state.open === true,
      readSeq: typeof state.readSeq === 'number' ? state.readSeq : 0,
      outbox: Array.isArray(state.outbox)
        ? state.outbox.filter(function (m) {
            return m && typeof m.client_id === 'string' && typeof m.text === 'string';
          })
        : [],
    };
  }

  // Read once the launcher is up (restoreState): a fresh profile's first localStorage read
  // waits on the browser process, 10-45 ms that the launcher need not wait for.
  var stored = null;

  function saveState() {
    if (!stored) restoreState(); // never write over a state not yet read
    var outbox = [];
    outbox = pendingMessages().map(function (m) {
      return { client_id: m.clientId, text: m.text, ts: m.ts };
    });
    var thread = current;
    var state = {
      token: session.token,
      conversation: thread && thread.id ? thread.id : null,
      open: !!(thread && thread.id && thread.state !== 'closed'),
      readSeq: thread ? thread.readSent : 0,
      outbox: outbox,
    };
    var raw = JSON.stringify(state);
    try {
      window.localStorage.setItem(storageKey, raw);
    } catch (e) {
      memoryStore[storageKey] = raw;
    }
  }

  // ---------------------------------------------------------------- small helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === 'text') node.textContent = value;
        else if (key === 'className') node.className = value;
        else node.setAttribute(key, value === true ? '' : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var ICONS = {
    chat: 'M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.3 3.6A.75.75 0 0 1 4.5 19v-3.1A2.5 2.5 0 0 1 4 14.5z',
    close: 'M6.7 5.3 12 10.6l5.3-5.3 1.4 1.4-5.3 5.3 5.3 5.3-1.4 1.4-5.3-5.3-5.3 5.3-1.4-1.4 5.3-5.3-5.3-5.3z',
    minimize: 'M6.4 8.6 12 14.2l5.6-5.6L19 10l-7 7-7-7z',
    send: 'M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z',
    check: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z',
    checks: 'M1.5 13.4 2.9 12l4.2 4.2-1.4 1.4zM7.1 16.2 18.4 4.9l1.4 1.4L7.1 19 5.7 17.6zm5.6.4 9.7-9.7 1.4 1.4-11.1 11.1-3.1-3.1 1.4-1.4z',
    clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 16.2a7.2 7.2 0 1 1 0-14.4 7.2 7.2 0 0 1 0 14.4zM12.9 7.5h-1.8V13l4.4 2.6.9-1.5-3.5-2.1z',
    alert: 'M12 3 1.7 21h20.6zm0 4.2 7.1 12.3H4.9zM11 10h2v5h-2zm0 6h2v2h-2z',
  };

  function icon(name, className) {
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    if (className) svg.setAttribute('class', className);
    var path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', ICONS[name]);
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    return svg;
  }

  var ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  function randomId(length) {
    var bytes = new Uint8Array(length);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (var i = 0; i < length; i++) bytes[i] = Math.floor(Math.random() * 256);
    var out = '';
    for (var j = 0; j < length; j++) out += ID_ALPHABET[bytes[j] % ID_ALPHABET.length];
    return out;
  }

  function newClientId() {
    // [A-Za-z0-9_-]{1,64}, unique per sender and conversation.
    return 'w' + Date.now().toString(36) + '-' + randomId(12);
  }

  function formatTime(ts) {
    var date = ts ? new Date(ts) : new Date();
    if (isNaN(date.getTime())) date = new Date();
    var options = { hour: '2-digit', minute: '2-digit' };
    if (date.toDateString() !== new Date().toDateString()) {
      options.month = 'short'; // an earlier day says which
      options.day = 'numeric';
    }
    return intl('DateTimeFormat', options).format(date);
  }

  // Text is always text: links become <a> elements whose label is a text node, never markup.
  var LINK_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/g;
  function appendText(parent, text) {
    var last = 0;
    var match;
    LINK_RE.lastIndex = 0;
    while ((match = LINK_RE.exec(text)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var href = match[0];
      var link = document.createElement('a');
      link.textContent = href;
      try {
        var url = new URL(href);
        if (url.protocol === 'http:' || url.protocol === 'https:') link.href = url.href;
      } catch (e) {
        /* stays a text-only anchor */
      }
      link.target = '_blank';
      link.rel = 'noopener noreferrer nofollow';
      parent.appendChild(link);
      last = match.index + href.length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---------------------------------------------------------------- conversation model

  // A thread is one conversation as shown; a visitor may see an ended one and a new one.
  function newThread(id) {
    return {
      id: id || null,
      state: null, // queued | assigned | closed
      epoch: null,
      queuePosition: 0,
      agentName: null,
      lastSeq: 0,
      bySeq: {},
      deliveredSent: 0,
      readSent: 0,
      agentDelivered: 0,
      agentRead: 0,
      queuedSince: 0,
      element: null,
    };
  }

  var threads = [];
  var current = null; // the thread new messages go to
  var byClientId = {}; // own messages by client_id
  var ownOrder = []; // own messages in the order typed (outbox order)

  // The rating asked for when that conversation closed: asking, sending, done or skipped.
  var rating = { conversation: null, state: null };

  var session = {
    token: null, // from restoreState
    profile: { name: '', email: '' },
    want: false, // the visitor is (or should be) connected
    ws: null,
    opened: false,
    ready: false, // welcome received
    syncing: 0, // syncs (or history loads) still running
    attempt: 0,
    endpointIndex: 0,
    retryTimer: null,
    openTimer: null,
    pingTimer: null,
    watchTimer: null,
    heartbeatMs: 25000,
    lastInbound: 0,
    lastError: null,
    refusedStreak: 0,
    refused: false,
    refusalReported: false,
    everReady: false,
    restartCount: 0,
    typingActive: false,
    typingSentAt: 0,
    typingTimer: null,
    agentTyping: false,
    agentTypingTimer: null,
    noAgentTimer: null,
    noAgent: false,
    resumeConversation: null, // from restoreState
    stayOffline: false, // after the running syncs, disconnect: nothing to send
  };

  function pendingMessages() {
    return ownOrder.filter(function (m) {
      return m.seq === null && !m.failed;
    });
  }

  // ---------------------------------------------------------------- UI

  var host = document.createElement('switchboard-widget');
  host.setAttribute(
    'style',
    'all: initial !important; display: block !important; position: fixed !important;' +
      ' width: 0 !important; height: 0 !important; bottom: 0 !important;' +
      (config.position === 'left' ? ' left: 0 !important;' : ' right: 0 !important;') +
      ' z-index: 2147483000 !important; overflow: visible !important;'
  );
  var shadow = host.attachShadow({ mode: 'open' });

  var stylesheet = el('link', { rel: 'stylesheet', href: assetBase + 'widget.css' });
  var root = el('div', { className: 'sb-root', 'data-position': config.position });
  root.style.visibility = 'hidden';
  if (config.color && window.CSS && CSS.supports && CSS.supports('color', config.color)) {
    root.style.setProperty('--sb-accent', config.color);
  }
  function reveal() {
    root.style.visibility = '';
    forgetStylesheetPreload();
  }
  stylesheet.addEventListener('load', reveal);
  stylesheet.addEventListener('error', function () {
    console.warn(LOG_PREFIX, 'could not load its stylesheet from', assetBase + 'widget.css');
    reveal();
  });
  setTimeout(reveal, 4000);

  var ids = {
    panel: 'sb-panel',
    title: 'sb-title',
    status: 'sb-status',
    log: 'sb-log',
    input: 'sb-input',
    name: 'sb-name',
    email: 'sb-email',
    first: 'sb-first',
    hint: 'sb-hint',
  };

  var badge = el('span', { className: 'sb-badge', 'aria-hidden': 'true', hidden: true });
  var launcher = el(
    'button',
    { type: 'button', className: 'sb-launcher', 'aria-controls': ids.panel, 'aria-expanded': 'false' },
    [icon('chat', 'sb-icon-open'), icon('minimize', 'sb-icon-close'), badge]
  );

  var avatar = el('span', { className: 'sb-avatar', 'aria-hidden': 'true' }, [icon('chat')]);
  // data-t names the text of an element and data-label its accessible name (see applyTexts).
  var titleEl = el('h2', { id: ids.title, className: 'sb-title', 'data-t': 'title' });
  var statusEl = el('p', { id: ids.status, className: 'sb-status', role: 'status', 'aria-live': 'polite' });
  var closeButton = el('button', { type: 'button', className: 'sb-close', 'data-label': 'minimize' }, [icon('close')]);
  var header = el('header', { className: 'sb-header' }, [
    avatar,
    el('div', { className: 'sb-heading' }, [titleEl, statusEl]),
    closeButton,
  ]);

  var noticeText = el('span', { className: 'sb-notice-text' });
  var notice = el('div', { className: 'sb-notice', role: 'status', 'aria-live': 'polite', hidden: true }, [
    icon('alert', 'sb-notice-icon'),
    noticeText,
  ]);

  var log = el('div', {
    id: ids.log,
    className: 'sb-log',
    role: 'log',
    'aria-live': 'polite',
    'aria-relevant': 'additions',
    'data-label': 'conversation',
    tabindex: '0',
  });
  var greeting = el('div', { className: 'sb-greeting' }, [
    el('p', { className: 'sb-greeting-title', 'data-t': 'hi' }),
    el('p', { 'data-t': 'greeting' }),
  ]);
  log.appendChild(greeting);

  var typingName = el('span', { className: 'sb-typing-name' });
  var typingEl = el('div', { className: 'sb-typing', 'aria-live': 'polite', hidden: true }, [
    el('span', { className: 'sb-dots', 'aria-hidden': 'true' }, [el('span'), el('span'), el('span')]),
    typingName,
  ]);

  // Optional pre-chat form: name and e-mail (both optional) and the first message.
  var nameInput = el('input', { id: ids.name, type: 'text', name: 'name', autocomplete: 'name', maxlength: String(MAX_PROFILE) });
  var emailInput = el('input', { id: ids.email, type: 'email', name: 'email', autocomplete: 'email', maxlength: String(MAX_PROFILE) });
  var firstInput = el('textarea', { id: ids.first, name: 'message', rows: '3', required: true, maxlength: String(MAX_TEXT) });
  var prechatError = el('p', { className: 'sb-error', role: 'alert', hidden: true });
  var prechat = el('form', { className: 'sb-prechat', 'data-label': 'startChat', novalidate: true }, [
    el('p', { className: 'sb-greeting-title', 'data-t': 'hi' }),
    el('p', { className: 'sb-prechat-intro' }, [el('span', { 'data-t': 'greeting' }), ' ', el('span', { 'data-t': 'optional' })]),
    el('label', { for: ids.name, 'data-t': 'name' }),
    nameInput,
    el('label', { for: ids.email, 'data-t': 'email' }),
    emailInput,
    el('label', { for: ids.first, 'data-t': 'question' }),
    firstInput,
    prechatError,
    el('button', { type: 'submit', className: 'sb-primary', 'data-t': 'start' }),
  ]);

  var input = el('textarea', {
    id: ids.input,
    name: 'message',
    rows: '1',
    maxlength: String(MAX_TEXT),
    'aria-describedby': ids.hint,
  });
  var sendButton = el('button', { type: 'submit', className: 'sb-send', 'data-label': 'send' }, [icon('send')]);
  var composer = el('form', { className: 'sb-composer', 'data-label': 'compose' }, [
    el('label', { for: ids.input, className: 'sb-visually-hidden', 'data-t': 'message' }),
    input,
    sendButton,
  ]);
  var hint = el('p', { id: ids.hint, className: 'sb-visually-hidden', 'data-t': 'hint' });

  var footer = el('p', { className: 'sb-footer', 'data-t': 'powered' });

  // Customer satisfaction: asked once, when the conversation closes while we are connected.
  // Native radio buttons in a fieldset, so arrow keys choose and screen readers read
  // "3 stars, 3 of 5" under the legend.
  // The browser itself asks for a choice (the first radio is required).
  var rateStars = [1, 2, 3, 4, 5].map(function (n) {
    return el('label', { className: 'sb-star', for: 'sb-star-' + n }, [
      el('input', { id: 'sb-star-' + n, type: 'radio', name: 'rating', value: String(n), className: 'sb-visually-hidden', required: n === 1 }),
      el('span', { 'aria-hidden': 'true', text: '\u2605' }),
      el('span', { className: 'sb-visually-hidden' }),
    ]);
  });
  var rateComment = el('textarea', { id: 'sb-rate-comment', name: 'comment', rows: '2', maxlength: '1000' });
  var rateError = el('p', { className: 'sb-error', role: 'alert', 'data-t': 'rateFailed', hidden: true });
  var rateForm = el('form', { className: 'sb-rating', 'aria-labelledby': 'sb-rate-title', hidden: true }, [
    el('p', { id: 'sb-rate-title', className: 'sb-greeting-title', 'data-t': 'rateTitle' }),
    el('fieldset', { className: 'sb-stars' }, [el('legend', { className: 'sb-visually-hidden', 'data-t': 'rateLegend' })].concat(rateStars)),
    el('label', { for: 'sb-rate-comment', 'data-t': 'rateComment' }),
    rateComment,
    rateError,
    el('div', { className: 'sb-rate-actions' }, [
      el('button', { type: 'submit', className: 'sb-primary', 'data-t': 'rateSend' }),
      el('button', { type: 'button', className: 'sb-rate-skip', 'data-t': 'rateSkip' }),
    ]),
  ]);

  // Every fixed text and accessible name in the chosen language, once it is known.
  function applyTexts() {
    host.setAttribute('lang', locale);
    root.setAttribute('lang', locale);
    root.querySelectorAll('[data-t]').forEach(function (node) {
      setText(node, t(node.getAttribute('data-t')));
    });
    root.querySelectorAll('[data-label]').forEach(function (node) {
      node.setAttribute('aria-label', t(node.getAttribute('data-label')));
    });
    rateStars.forEach(function (star, i) {
      setText(star.lastChild, t('rateOption', { n: i + 1 }));
    });
  }

  var panel = el(
    'section',
    { id: ids.panel, className: 'sb-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': ids.title, 'aria-describedby': ids.status, hidden: true },
    [header, notice, log, typingEl, rateForm, prechat, composer, hint, footer]
  );

  root.appendChild(panel);
  root.appendChild(launcher);
  shadow.appendChild(stylesheet);
  shadow.appendChild(root);

  var isOpen = false;
  var textsReady = false; // the language's and the shop's texts are applied (see mount)
  var openWhenReady = null;

  function showPrechat() {
    return config.prechat && !session.token && !current && !ownOrder.length;
  }

  function openPanel(focus) {
    if (isOpen) return;
    if (!textsReady) {
      // Opened in the moment before the texts are in: open with them, never in English first.
      openWhenReady = { focus: focus };
      return;
    }
    isOpen = true;
    panel.hidden = false;
    root.classList.add('sb-open');
    launcher.setAttribute('aria-expanded', 'true');
    render();
    scrollToEnd();
    if (focus !== false) {
      var target = showPrechat() ? nameInput : input;
      setTimeout(function () {
        target.focus();
      }, 0);
    }
    sendReceipts();
  }

  function closePanel(returnFocus) {
    openWhenReady = null;
    if (!isOpen) return;
    isOpen = false;
    panel.hidden = true;
    root.classList.remove('sb-open');
    launcher.setAttribute('aria-expanded', 'false');
    stopTyping();
    render();
    if (returnFocus !== false) launcher.focus();
  }

  launcher.addEventListener('click', function () {
    if (isOpen) closePanel();
    else openPanel();
  });
  closeButton.addEventListener('click', function () {
    closePanel();
  });
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      closePanel();
    }
  });

  rateForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var frame = { type: 'rate', conversation: rating.conversation, rating: Number(rateForm.querySelector(':checked').value) };
    var comment = rateComment.value.trim();
    if (comment) frame.comment = comment;
    var sent = send(frame);
    rateError.hidden = sent;
    if (sent) rating.state = 'sending';
    render();
  });
  rateForm.querySelector('.sb-rate-skip').addEventListener('click', function () {
    rating.state = 'skipped';
    render();
    input.focus();
    if (!session.want) finishRating();
  });

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function nearEnd() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function unreadCount() {
    if (!current) return 0;
    var count = 0;
    Object.keys(current.bySeq).forEach(function (key) {
      var m = current.bySeq[key];
      if (!m.mine && m.kind === 'text' && m.seq > current.readSent) count++;
    });
    return count;
  }

  function setNotice(text, tone) {
    if (!text) {
      notice.hidden = true;
      noticeText.textContent = '';
      return;
    }
    if (noticeText.textContent !== text) noticeText.textContent = text;
    notice.setAttribute('data-tone', tone || 'info');
    notice.hidden = false;
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  // One place decides what the header, notice, forms and launcher say.
  function render() {
    var thread = current;
    var status = t('subtitle');
    var initial = '';
    if (session.refused) {
      status = t('offlineStatus');
    } else if (thread && thread.state === 'assigned') {
      status = thread.agentName ? t('chatting', { name: thread.agentName }) : t('agentWith');
      initial = thread.agentName ? thread.agentName.trim().charAt(0).toUpperCase() : '';
    } else if (thread && thread.state === 'queued') {
      if (thread.queuePosition > 1) status = t('queue', { n: thread.queuePosition });
      else status = t(session.noAgent ? 'next' : 'nextSoon');
    } else if (thread && thread.state === 'closed') {
      status = t('ended');
    } else if (session.want && !session.ready) {
      status = t('connecting');
    }
    setText(statusEl, status);
    root.setAttribute('data-state', (thread && thread.state) || 'new');

    while (avatar.firstChild) avatar.removeChild(avatar.firstChild);
    if (initial) {
      avatar.appendChild(document.createTextNode(initial));
      avatar.classList.add('sb-avatar-agent');
    } else {
      avatar.appendChild(icon('chat'));
      avatar.classList.remove('sb-avatar-agent');
    }

    if (session.refused) {
      setNotice(t('refused'), 'error');
    } else if (session.want && session.everReady && !session.ready) {
      setNotice(t('lost'), 'warning');
    } else if (session.noAgent && thread && thread.state === 'queued') {
      setNotice(t('offline'), 'info');
    } else if (rating.state === 'done' && thread && thread.id === rating.conversation) {
      setNotice(t('rateThanks'), 'info');
    } else {
      setNotice('');
    }

    rateForm.hidden = !(rating.state === 'asking' || rating.state === 'sending');

    var prechatVisible = showPrechat();
    prechat.hidden = !prechatVisible;
    composer.hidden = prechatVisible;
    log.hidden = prechatVisible;
    greeting.hidden = threads.some(function (t) {
      return t.element && t.element.childNodes.length > 0;
    });
    input.placeholder = t(thread && thread.state === 'closed' ? 'placeholderNew' : 'placeholder');

    var unread = isOpen ? 0 : unreadCount();
    badge.hidden = unread === 0;
    // No number formatted while there is none: the launcher's first render stays free of Intl.
    setText(badge, unread > 9 ? '9+' : unread ? intl('NumberFormat').format(unread) : '');
    launcher.setAttribute('aria-label', unread ? t('openUnread', { n: unread }) : t(isOpen ? 'minimize' : 'open'));
  }

  // ---------------------------------------------------------------- messages in the DOM

  function threadElement(thread) {
    if (!thread.element) {
      thread.element = el('div', { className: 'sb-thread' });
      if (threads.length > 0) {
        var divider = el('p', { className: 'sb-divider', text: t('newConversation') });
        log.appendChild(divider);
      }
      log.appendChild(thread.element);
      threads.push(thread);
    }
    return thread.element;
  }

  function ensureCurrent() {
    if (!current) current = newThread(null);
    threadElement(current);
    return current;
  }

  function statusOf(m) {
    if (m.failed) return 'failed';
    if (m.seq === null) return session.ready && !session.syncing ? 'sending' : 'waiting';
    var thread = m.thread;
    if (thread && m.seq <= thread.agentRead) return 'read';
    if (thread && m.seq <= thread.agentDelivered) return 'delivered';
    return 'sent';
  }

  var STATUS_ICON = { waiting: 'clock', sending: 'clock', sent: 'check', delivered: 'checks', read: 'checks', failed: 'alert' };

  function updateStatus(m) {
    if (!m.mine || !m.statusEl) return;
    var status = statusOf(m);
    if (m.shownStatus === status) return;
    m.shownStatus = status;
    m.element.setAttribute('data-status', status);
    var node = m.statusEl;
    while (node.firstChild) node.removeChild(node.firstChild);
    node.appendChild(icon(STATUS_ICON[status]));
    node.appendChild(el('span', { className: 'sb-status-text', text: t(status) }));
  }

  function refreshStatuses() {
    ownOrder.forEach(updateStatus);
  }

  function buildMessageElement(m) {
    if (m.kind === 'event') {
      return el('p', { className: 'sb-event', 'data-seq': m.seq }, [
        el('span', { text: m.text }),
        el('time', { className: 'sb-event-time', datetime: m.ts || '', text: ' · ' + formatTime(m.ts) }),
      ]);
    }
    var who = m.mine ? t('youSaid') : m.author || t('agent');
    var body = el('p', { className: 'sb-text' });
    appendText(body, m.text);
    var meta = el('span', { className: 'sb-meta' }, [el('time', { datetime: m.ts || '', text: formatTime(m.ts) })]);
    var node = el(
      'div',
      { className: 'sb-message ' + (m.mine ? 'sb-mine' : 'sb-theirs'), role: 'article', 'data-client-id': m.clientId || '' },
      [el('span', { className: m.mine ? 'sb-visually-hidden' : 'sb-author', text: who }), body, meta]
    );
    if (m.mine) {
      m.statusEl = el('span', { className: 'sb-receipt' });
      meta.appendChild(m.statusEl);
    }
    return node;
  }

  // Keeps a thread's DOM in seq order; messages still without a seq stay at the end.
  function place(m) {
    var container = threadElement(m.thread);
    var stickToEnd = nearEnd() || m.mine;
    if (m.seq !== null) m.element.setAttribute('data-seq', String(m.seq));
    var before = null;
    if (m.seq !== null) {
      var children = container.children;
      for (var i = 0; i < children.length; i++) {
        var child = children[i];
        if (child === m.element) continue;
        var seq = child.getAttribute('data-seq');
        if (seq === null || seq === '' || Number(seq) > m.seq) {
          before = child;
          break;
        }
      }
    }
    if (before) {
      if (m.element.nextSibling !== before) container.insertBefore(m.element, before);
    } else if (m.element.parentNode !== container || container.lastChild !== m.element) {
      container.appendChild(m.element);
    }
    if (stickToEnd) scrollToEnd();
  }

  function addOwnMessage(text) {
    var thread = ensureCurrent();
    var m = {
      clientId: newClientId(),
      text: text,
      mine: true,
      kind: 'text',
      seq: null,
      ts: new Date().toISOString(),
      thread: thread,
      failed: false,
    };
    m.element = buildMessageElement(m);
    byClientId[m.clientId] = m;
    ownOrder.push(m);
    place(m);
    updateStatus(m);
    saveState();
    return m;
  }

  // Restores messages typed on an earlier page that were never acknowledged.
  function restoreState() {
    stored = loadState();
    session.token = stored.token;
    session.resumeConversation = stored.open ? stored.conversation : null;
  }

  function restoreOutbox() {
    if (!stored.outbox.length) return;
    var thread = ensureCurrent();
    stored.outbox.forEach(function (saved) {
      if (byClientId[saved.client_id]) return;
      var m = {
        clientId: saved.client_id,
        text: saved.text,
        mine: true,
        kind: 'text',
        seq: null,
        ts: saved.ts || new Date().toISOString(),
        thread: thread,
        failed: false,
      };
      m.element = buildMessageElement(m);
      byClientId[m.clientId] = m;
      ownOrder.push(m);
      place(m);
      updateStatus(m);
    });
  }

  function threadById(id) {
    for (var i = 0; i < threads.length; i++) if (threads[i].id === id) return threads[i];
    if (current && current.id === id) return current;
    return null;
  }

  // A stored message from the server (live, from sync or from history).
  function receiveMessage(data, live) {
    if (!data || typeof data.seq !== 'number' || typeof data.text !== 'string') return;
    if (data.kind === 'note') return; // never for customers; ignored should one slip through
    var thread = threadById(data.conversation);
    if (!thread) return;
    if (thread.bySeq[data.seq]) return; // already shown: exactly once
    if (data.seq > thread.lastSeq) thread.lastSeq = data.seq;
    var from = data.from || {};
    var mine = from.role === 'customer';
    var m = mine && data.client_id ? byClientId[data.client_id] : null;
    if (m && m.seq === null) {
      // Our own message, stored before its ack reached us (or sent from another tab).
      m.seq = data.seq;
      m.ts = data.ts || m.ts;
      m.thread = thread;
      m.failed = false;
      thread.bySeq[m.seq] = m;
      place(m);
      updateStatus(m);
      saveState();
      return;
    }
    if (m) return; // acknowledged already under another seq: never show twice
    m = {
      clientId: data.client_id || '',
      text: data.text,
      mine: mine,
      kind: data.kind === 'event' || from.role === 'system' ? 'event' : 'text',
      author: from.name || t(from.role === 'supervisor' ? 'supervisor' : 'agent'),
      seq: data.seq,
      ts: data.ts,
      thread: thread,
      failed: false,
    };
    m.element = buildMessageElement(m);
    thread.bySeq[m.seq] = m;
    if (mine && m.clientId) {
      byClientId[m.clientId] = m;
      ownOrder.push(m);
    }
    place(m);
    updateStatus(m);
    if (!mine && m.kind === 'text' && live) hideAgentTyping();
  }

  // ---------------------------------------------------------------- connection

  function send(object) {
    var ws = session.ws;
    if (!ws || ws.readyState !== 1) return false;
    try {
      ws.send(JSON.stringify(object));
      return true;
    } catch (e) {
      return false;
    }
  }

  function httpBase(wsUrl) {
    var url = new URL(wsUrl);
    url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
    return url.origin;
  }

  function connect() {
    clearTimeout(session.retryTimer);
    session.retryTimer = null;
    if (session.ws || !session.want) return;
    var url = config.endpoints[session.endpointIndex % config.endpoints.length];
    var ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      console.error(LOG_PREFIX, 'cannot open a WebSocket to', url + ':', e && e.message ? e.message : e);
      session.want = false;
      render();
      return;
    }
    session.ws = ws;
    session.opened = false;
    session.ready = false;
    session.lastError = null;
    session.url = url;
    clearTimeout(session.openTimer);
    session.openTimer = setTimeout(function () {
      if (session.ws === ws && !session.opened) drop('the connection did not open in time');
    }, OPEN_TIMEOUT_MS);

    ws.onopen = function () {
      if (session.ws !== ws) return;
      session.opened = true;
      session.lastInbound = Date.now();
      clearTimeout(session.openTimer);
      session.openTimer = setTimeout(function () {
        if (session.ws === ws && !session.ready) drop('no welcome in time');
      }, WELCOME_TIMEOUT_MS);
      var hello = { type: 'hello', v: 1, role: 'customer', token: session.token || null };
      if (!session.token) {
        if (session.profile.name) hello.name = session.profile.name.slice(0, MAX_PROFILE);
        if (session.profile.email) hello.email = session.profile.email.slice(0, MAX_PROFILE);
        if (config.team) hello.team = config.team;
      }
      hello.page = String(location.href).slice(0, MAX_PAGE);
      session.sentToken = !!session.token;
      send(hello);
    };
    ws.onmessage = function (event) {
      if (session.ws !== ws) return;
      session.lastInbound = Date.now();
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (data && typeof data.type === 'string') handle(data);
    };
    ws.onclose = function (event) {
      if (session.ws !== ws) return;
      closed(event.code, event.reason);
    };
    render();
  }

  // Gives up on the current socket at once (a dead network may never deliver its close event).
  function drop(reason) {
    var ws = session.ws;
    if (!ws) return;
    ws.onclose = null;
    ws.onmessage = null;
    ws.onopen = null;
    try {
      ws.close(1000, reason ? String(reason).slice(0, 100) : undefined);
    } catch (e) {
      /* already closing */
    }
    closed(1006, reason || '');
  }

  function closed(code) {
    var opened = session.opened;
    session.ws = null;
    session.opened = false;
    session.ready = false;
    session.syncing = 0;
    clearTimeout(session.openTimer);
    clearInterval(session.pingTimer);
    clearInterval(session.watchTimer);
    session.typingActive = false;
    clearTimeout(session.typingTimer);
    hideAgentTyping();

    var error = session.lastError;
    if (error === 'unsupported_version') {
      console.error(LOG_PREFIX, 'the server does not speak protocol v1; this widget is too old or too new for it.');
      session.want = false;
    } else if (error === 'unauthenticated' && session.sentToken) {
      // The stored visitor token is unknown, expired or revoked: start over as a new visitor,
      // right away only if something waits to be sent.
      session.token = null;
      session.resumeConversation = null;
      if (current && current.id) current.state = 'closed';
      session.want = pendingMessages().length > 0;
      saveState();
    }
    if (session.stayOffline) {
      session.stayOffline = false;
      session.want = pendingMessages().length > 0;
    }

    if (!opened) handshakeFailed();
    refreshStatuses();
    render();
    if (!session.want) return;

    // Fail over to the next endpoint after a refused handshake or when the node shuts down.
    if (!opened || code === 1001 || code === 1013) session.endpointIndex++;
    var delay;
    if (code === 1001 && session.attempt === 0) {
      delay = 100 + Math.random() * 400; // the node is going away: another may take us now
    } else {
      var cap = session.refused ? REFUSED_CAP_MS : BACKOFF_CAP_MS;
      var ceiling = Math.min(cap, BACKOFF_BASE_MS * Math.pow(2, session.attempt));
      delay = ceiling / 2 + Math.random() * (ceiling / 2); // exponential backoff, jittered
      if (code === 1013) delay = Math.max(delay, 5000);
    }
    session.attempt++;
    session.retryTimer = setTimeout(connect, delay);
  }

  // A socket that closed before it opened: the server was down, unreachable, or refused the
  // upgrade. Browsers hide the HTTP status of a refused upgrade, so when the server's plain HTTP
  // side answers while its upgrades keep failing, the refusal is reported as an origin problem.
  function handshakeFailed() {
    session.refusedStreak++;
    // A node that restarts refuses upgrades for a moment while it drains, so a widget that was
    // connected before waits for more failures before it blames the origin.
    var threshold = session.everReady ? 6 : 2;
    if (session.refusedStreak < threshold || session.refusalReported || !window.fetch) return;
    var url = session.url;
    var streak = session.refusedStreak;
    window
      .fetch(httpBase(url) + '/healthz', { mode: 'no-cors', cache: 'no-store', credentials: 'omit' })
      .then(function () {
        if (session.ready || session.refusalReported || session.refusedStreak < streak) return;
        session.refusalReported = true;
        session.refused = true;
        console.error(
          LOG_PREFIX +
            ' the chat server at ' +
            url +
            ' refused the WebSocket connection from this page. Its HTTP side answers, so this page\'s origin "' +
            location.origin +
            '" is most likely not on the server\'s allow-list (the server answers such handshakes with' +
            ' 403 Forbidden). Add "' +
            location.origin +
            '" exactly as written to the server\'s allowed-origins setting (comma-separated, exact' +
            ' matches), or leave that setting empty to allow every origin. The widget keeps retrying.'
        );
        render();
      })
      .catch(function () {
        /* the server is down or unreachable: nothing to report, reconnecting goes on */
      });
  }

  function startHeartbeat(seconds) {
    session.heartbeatMs = Math.max(2, Number(seconds) || 25) * 1000;
    clearInterval(session.pingTimer);
    clearInterval(session.watchTimer);
    session.pingTimer = setInterval(function () {
      send({ type: 'ping' });
    }, session.heartbeatMs);
    session.watchTimer = setInterval(function () {
      if (Date.now() - session.lastInbound > 2 * session.heartbeatMs + 5000) drop('no traffic from the server');
    }, 5000);
  }

  function handle(data) {
    switch (data.type) {
      case 'welcome':
        onWelcome(data);
        break;
      case 'conversation':
        applyConversation(data.conversation, false);
        break;
      case 'message':
        receiveMessage(data, true);
        afterMessages();
        break;
      case 'synced':
        onSynced(data);
        break;
      case 'history':
        onHistory(data);
        break;
      case 'ack':
        onAck(data);
        break;
      case 'delivered':
      case 'read':
        onReceipt(data);
        break;
      case 'typing':
        if (data.by === 'agent' && (!data.conversation || !current || data.conversation === current.id)) {
          if (data.active) showAgentTyping();
          else hideAgentTyping();
        }
        break;
      case 'error':
        onError(data);
        break;
      case 'rating':
        if (data.conversation === rating.conversation && rating.state === 'sending') {
          rating.state = 'done';
          render();
          if (!session.want) finishRating();
        }
        break;
      default:
        break; // pong and anything newer: nothing to do
    }
  }

  // The cluster's nodes, from welcome: more places to fail over to, after the page's own.
  function learnEndpoints(advertised) {
    if (!Array.isArray(advertised)) return;
    advertised.forEach(function (endpoint) {
      if (typeof endpoint !== 'string' || !/^wss?:\/\//.test(endpoint)) return;
      if (config.endpoints.indexOf(endpoint) === -1 && config.endpoints.length < 16) {
        config.endpoints.push(endpoint);
      }
    });
  }

  function onWelcome(data) {
    session.ready = true;
    session.everReady = true;
    session.attempt = 0;
    session.refusedStreak = 0;
    session.refused = false;
    session.refusalReported = false;
    session.restartCount = 0;
    clearTimeout(session.openTimer);
    if (typeof data.token === 'string' && data.token) session.token = data.token;
    learnEndpoints(data.endpoints);
    startHeartbeat(data.heartbeat_s);
    var conversation = data.conversation || {};
    var knownId = current && current.id ? current.id : session.resumeConversation;
    session.resumeConversation = null;
    session.syncing = 0;
    if (knownId && conversation.id && conversation.id !== knownId) {
      // The conversation we knew has ended while we were away (resuming a closed conversation
      // starts a new one). Load the end of the old one, so its last replies still show.
      var ended = threadById(knownId) || newThread(knownId);
      ended.state = 'closed';
      threadElement(ended);
      current = ended;
      startSync(ended);
      if (!pendingMessages().length) {
        // Nobody asked for the new conversation: close it and go offline until the visitor
        // writes again.
        send({ type: 'close', conversation: conversation.id });
        session.stayOffline = true;
        saveState();
        render();
        return;
      }
    }
    applyConversation(conversation, true);
    if (current && current.id) startSync(current);
    else render();
  }

  function applyConversation(c, fromWelcome) {
    if (!c || typeof c.id !== 'string') return;
    if (!current) current = newThread(c.id);
    if (!current.id) current.id = c.id;
    if (current.id !== c.id) {
      if (!fromWelcome) return; // news about a conversation we no longer show
      current = newThread(c.id);
      threadElement(current);
      // Messages still waiting for their ack move to the new conversation.
      pendingMessages().forEach(function (m) {
        m.thread = current;
        place(m);
      });
    }
    threadElement(current);
    if (fromWelcome && current.epoch && c.epoch && current.epoch !== c.epoch) {
      resetThread(current); // the stored history was replaced: reload it
    }
    if (fromWelcome && !current.epoch && c.epoch) current.epoch = c.epoch;
    var before = current.state;
    current.state = typeof c.state === 'string' ? c.state : current.state;
    current.queuePosition = typeof c.queue_position === 'number' ? c.queue_position : 0;
    if (c.agent && typeof c.agent.name === 'string') current.agentName = c.agent.name;
    else if (current.state !== 'assigned') current.agentName = null;
    if (current.readSent === 0 && stored.conversation === current.id) current.readSent = stored.readSeq;

    clearTimeout(session.noAgentTimer);
    if (current.state === 'queued') {
      if (!current.queuedSince || before !== 'queued') current.queuedSince = Date.now();
      var wait = Math.max(0, config.offlineAfterMs - (Date.now() - current.queuedSince));
      session.noAgent = wait === 0;
      if (wait > 0) {
        session.noAgentTimer = setTimeout(function () {
          if (current && current.state === 'queued') {
            session.noAgent = true;
            render();
          }
        }, wait);
      }
    } else {
      session.noAgent = false;
      current.queuedSince = 0;
    }
    if (current.state !== 'assigned') hideAgentTyping();
    saveState();
    render();
    if (current.state === 'closed' && before !== 'closed') conversationEnded();
  }

  function conversationEnded() {
    stopTyping();
    if (pendingMessages().length) {
      restartConversation();
      return;
    }
    // Stay disconnected until the visitor writes again: a reconnect now would open a new
    // conversation that nobody asked for.
    session.want = false;
    if (current && current.id && session.ready && rating.conversation !== current.id) {
      // Ask for a rating on this connection (a new one would start a new conversation); the
      // connection ends once the visitor answers or declines.
      rating = { conversation: current.id, state: 'asking' };
      rateForm.reset();
      rateError.hidden = true;
      render();
      return;
    }
    finishRating();
  }

  // Done asking: the connection kept open for the rating goes (unless the visitor writes again).
  function finishRating() {
    var ws = session.ws;
    if (ws) {
      setTimeout(function () {
        if (session.ws === ws && !session.want) drop('conversation closed');
      }, 500);
    }
  }

  function restartConversation() {
    if (rating.state === 'asking' || rating.state === 'sending') rating.state = 'skipped';
    session.restartCount++;
    session.want = true;
    if (session.ws) drop('starting a new conversation');
    else connect();
  }

  function resetThread(thread) {
    Object.keys(thread.bySeq).forEach(function (seq) {
      var m = thread.bySeq[seq];
      if (m.element && m.element.parentNode) m.element.parentNode.removeChild(m.element);
      if (m.mine && m.clientId) {
        delete byClientId[m.clientId];
        ownOrder.splice(ownOrder.indexOf(m), 1);
      }
    });
    thread.bySeq = {};
    thread.lastSeq = 0;
    thread.deliveredSent = 0;
    thread.readSent = 0;
    thread.agentDelivered = 0;
    thread.agentRead = 0;
  }

  function startSync(thread, continuing) {
    if (!continuing) session.syncing++;
    refreshStatuses();
    var request = { type: 'sync', conversation: thread.id, after_seq: thread.lastSeq, limit: SYNC_LIMIT };
    if (thread.epoch) request.epoch = thread.epoch;
    send(request);
  }

  function onSynced(data) {
    var thread = threadById(data.conversation);
    if (!thread) return;
    if (data.recovered === false) {
      // Our history belongs to an older epoch: drop it and load the current one.
      resetThread(thread);
      thread.epoch = data.epoch || null;
      send({ type: 'history', conversation: thread.id, limit: SYNC_LIMIT });
      return;
    }
    if (data.epoch) thread.epoch = data.epoch;
    if (data.complete === false) {
      startSync(thread, true);
      return;
    }
    finishSync();
  }

  function onHistory(data) {
    var thread = threadById(data.conversation);
    if (!thread) return;
    (Array.isArray(data.messages) ? data.messages : []).forEach(function (m) {
      receiveMessage(m, false);
    });
    finishSync();
  }

  function finishSync() {
    session.syncing = Math.max(0, session.syncing - 1);
    if (session.syncing) return;
    if (session.stayOffline) {
      // The ended conversation is on screen again; nothing else to do online.
      session.stayOffline = false;
      session.want = pendingMessages().length > 0;
      saveState();
      render();
      if (session.want) {
        restartConversation();
      } else {
        setTimeout(function () {
          if (!session.want) drop('nothing to send');
        }, 200);
      }
      return;
    }
    flushOutbox();
    afterMessages();
    saveState();
    render();
  }

  function flushOutbox() {
    if (!session.ready || session.syncing) return;
    pendingMessages().forEach(function (m) {
      send({ type: 'send', client_id: m.clientId, text: m.text, kind: 'text' });
    });
    refreshStatuses();
  }

  function onAck(data) {
    var m = byClientId[data.client_id];
    if (!m) return;
    var thread = threadById(data.conversation) || m.thread;
    if (m.seq === null && typeof data.seq === 'number') {
      if (thread.bySeq[data.seq] && thread.bySeq[data.seq] !== m) return;
      m.seq = data.seq;
      m.ts = data.ts || m.ts;
      m.thread = thread;
      thread.bySeq[m.seq] = m;
      if (m.seq > thread.lastSeq) thread.lastSeq = m.seq;
      if (m.element) {
        var time = m.element.querySelector('time');
        if (time) {
          time.setAttribute('datetime', m.ts);
          time.textContent = formatTime(m.ts);
        }
      }
      place(m);
    }
    updateStatus(m);
    saveState();
  }

  function onReceipt(data) {
    if (data.by !== 'agent') return;
    var thread = threadById(data.conversation) || current;
    if (!thread || typeof data.seq !== 'number') return;
    if (data.type === 'read') {
      thread.agentRead = Math.max(thread.agentRead, data.seq);
      thread.agentDelivered = Math.max(thread.agentDelivered, data.seq);
    } else {
      thread.agentDelivered = Math.max(thread.agentDelivered, data.seq);
    }
    refreshStatuses();
  }

  function onError(data) {
    session.lastError = data.code || null;
    if (data.ref && data.ref === rating.conversation && rating.state === 'sending') {
      // The rating was refused (bad input, too late): say so and let the visitor try again.
      rating.state = 'asking';
      rateError.hidden = false;
      render();
      console.warn(LOG_PREFIX, 'the rating was refused:', data.message || data.code);
      return;
    }
    var m = data.ref ? byClientId[data.ref] : null;
    if (m && m.seq === null) {
      if (data.code === 'unavailable' || data.code === 'rate_limited' || data.code === 'internal') {
        // Nothing was stored: send the same client_id again shortly.
        setTimeout(function () {
          if (m.seq === null && session.ready && !session.syncing) {
            send({ type: 'send', client_id: m.clientId, text: m.text, kind: 'text' });
          }
        }, 1500 + Math.random() * 1500);
        return;
      }
      if (data.code === 'forbidden' && session.restartCount < 2) {
        // Our conversation was closed under us: start a new one and send it there.
        if (current) current.state = 'closed';
        restartConversation();
        return;
      }
      m.failed = true;
      updateStatus(m);
      saveState();
      console.warn(LOG_PREFIX, 'a message was refused:', data.message || data.code);
      return;
    }
    if (!data.ref && session.syncing && (data.code === 'not_found' || data.code === 'forbidden' || data.code === 'bad_request')) {
      // A sync (or history) the server would not answer: carry on without it.
      console.warn(LOG_PREFIX, 'could not load the conversation history:', data.message || data.code);
      finishSync();
      return;
    }
    if (data.code === 'unauthenticated') {
      if (!session.sentToken) console.error(LOG_PREFIX, 'the server refused the visitor:', data.message || data.code);
      return; // the server closes the connection; closed() decides what comes next
    }
    if (data.code !== 'bad_request' || !data.ref) {
      console.warn(LOG_PREFIX, 'server error', data.code + ':', data.message || '');
    }
  }

  // Cumulative receipts: delivered for whatever reached us, read while the panel is in view.
  function afterMessages() {
    sendReceipts();
    render();
  }

  function sendReceipts() {
    var thread = current;
    if (!thread || !thread.id || !session.ready || session.syncing) return;
    var latest = 0;
    Object.keys(thread.bySeq).forEach(function (key) {
      var m = thread.bySeq[key];
      if (!m.mine && m.seq > latest) latest = m.seq;
    });
    if (latest > thread.deliveredSent) {
      if (send({ type: 'delivered', conversation: thread.id, seq: latest })) thread.deliveredSent = latest;
    }
    if (isOpen && document.visibilityState !== 'hidden' && latest > thread.readSent) {
      if (send({ type: 'read', conversation: thread.id, seq: latest })) {
        thread.readSent = latest;
        saveState();
      }
    }
    render();
  }

  // ---------------------------------------------------------------- typing

  function showAgentTyping() {
    session.agentTyping = true;
    setText(typingName, t('typing', { name: current && current.agentName ? current.agentName : t('anAgent') }));
    typingEl.hidden = false;
    clearTimeout(session.agentTypingTimer);
    session.agentTypingTimer = setTimeout(hideAgentTyping, AGENT_TYPING_TTL_MS);
  }

  function hideAgentTyping() {
    session.agentTyping = false;
    clearTimeout(session.agentTypingTimer);
    typingEl.hidden = true;
  }

  function noteTyping() {
    if (!session.ready || session.syncing || !current || !current.id || current.state === 'closed') return;
    var now = Date.now();
    if (!input.value.trim()) {
      stopTyping();
      return;
    }
    if (!session.typingActive || now - session.typingSentAt > TYPING_RESEND_MS) {
      send({ type: 'typing', conversation: current.id, active: true });
      session.typingActive = true;
      session.typingSentAt = now;
    }
    clearTimeout(session.typingTimer);
    session.typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function stopTyping() {
    clearTimeout(session.typingTimer);
    if (!session.typingActive) return;
    session.typingActive = false;
    if (current && current.id) send({ type: 'typing', conversation: current.id, active: false });
  }

  // ---------------------------------------------------------------- sending

  function submitText(text) {
    text = text.replace(/\s+$/, '').replace(/^\s*\n/, '');
    if (!text.trim()) return false;
    if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);
    stopTyping();
    var endedBefore = current && current.state === 'closed';
    var m = addOwnMessage(text);
    if (endedBefore) {
      // Writing after the end starts a new conversation (protocol: say hello again).
      current = newThread(null);
      m.thread = current;
      threadElement(current);
      place(m);
      session.want = true;
      session.restartCount = 0;
      if (session.ws) drop('starting a new conversation');
      else connect();
    } else if (!session.want) {
      session.want = true;
      connect();
    } else if (session.ready && !session.syncing) {
      send({ type: 'send', client_id: m.clientId, text: m.text, kind: 'text' });
    }
    updateStatus(m);
    render();
    return true;
  }

  composer.addEventListener('submit', function (event) {
    event.preventDefault();
    if (submitText(input.value)) {
      input.value = '';
      autoGrow();
    }
    input.focus();
  });

  // The Enter that picks an input method's candidate (pinyin, kana) never sends: Chrome marks it
  // isComposing, Safari ends the composition first and sends keyCode 229.
  var composing = false;
  function composingEnter(event) {
    return event.isComposing || event.keyCode === 229 || composing;
  }
  ['compositionstart', 'compositionend', 'focusout'].forEach(function (type) {
    root.addEventListener(type, function () {
      composing = type === 'compositionstart';
    });
  });
  prechat.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && composingEnter(event)) event.preventDefault(); // no implicit submit
  });

  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !composingEnter(event)) {
      event.preventDefault();
      composer.requestSubmit ? composer.requestSubmit() : composer.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  function autoGrow() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 120) + 'px';
  }

  input.addEventListener('input', function () {
    autoGrow();
    noteTyping();
  });
  input.addEventListener('blur', stopTyping);

  prechat.addEventListener('submit', function (event) {
    event.preventDefault();
    var email = emailInput.value.trim();
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      prechatError.textContent = t('badEmail');
      prechatError.hidden = false;
      emailInput.setAttribute('aria-invalid', 'true');
      emailInput.focus();
      return;
    }
    if (!firstInput.value.trim()) {
      prechatError.textContent = t('noQuestion');
      prechatError.hidden = false;
      firstInput.setAttribute('aria-invalid', 'true');
      firstInput.focus();
      return;
    }
    prechatError.hidden = true;
    emailInput.removeAttribute('aria-invalid');
    firstInput.removeAttribute('aria-invalid');
    session.profile.name = nameInput.value.trim();
    session.profile.email = email;
    submitText(firstInput.value);
    firstInput.value = '';
    render();
    input.focus();
  });

  firstInput.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !composingEnter(event)) {
      event.preventDefault();
      prechat.requestSubmit ? prechat.requestSubmit() : prechat.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  // ---------------------------------------------------------------- page life

  window.addEventListener('online', function () {
    if (session.want && !session.ws) {
      session.attempt = 0;
      connect();
    }
  });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') {
      if (session.want && !session.ws && session.retryTimer) connect();
      sendReceipts();
    } else {
      stopTyping();
    }
  });

  // The launcher goes into the page at once, before the texts: it shows an icon, no text, so
  // nothing it shows changes when they come. Waiting for them cost a first visit a round trip.
  // Only the launcher's own label now (render); the panel's texts are set when they come.
  function mount() {
    host.setAttribute('lang', 'en');
    root.setAttribute('lang', 'en');
    (document.body || document.documentElement).appendChild(host);
    render();
  }

  // Everything that shows or sends text waits for the texts: the visitor's state and messages
  // kept from an earlier page, the connection (its statuses and system lines) and a panel
  // opened meanwhile.
  function textsArrived(loaded) {
    loaded = loaded || [];
    if (loaded[0]) strings = loaded[0];
    else if (lang !== 'en') lang = locale = 'en'; // its file did not come: English
    if (loaded[1]) shopTexts = loaded[1];
    textsReady = true;
    applyTexts();
    if (!stored) restoreState();
    restoreOutbox();
    render();
    // A visitor with an open conversation (or unsent messages) reconnects on every page, so
    // agent replies arrive and the launcher can show them.
    if ((session.token && stored.open) || pendingMessages().length) {
      session.want = true;
      connect();
    }
    if (openWhenReady) openPanel(openWhenReady.focus);
  }

  function whenBody(callback) {
    if (document.body) callback();
    else document.addEventListener('DOMContentLoaded', callback, { once: true });
  }

  window.SwitchboardWidget = Object.freeze({
    version: VERSION,
    open: function () {
      openPanel();
    },
    close: function () {
      closePanel(false);
    },
    toggle: function () {
      if (isOpen) closePanel(false);
      else openPanel();
    },
    isOpen: function () {
      return isOpen;
    },
  });

  whenBody(mount);
  textsLoaded.then(function (loaded) {
    whenBody(textsArrived.bind(null, loaded));
  });
})();
