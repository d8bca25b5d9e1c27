// The monitoring page: reads the operations API with the bearer token the user pasted (kept in
// sessionStorage, so it is gone when the tab closes) and draws tables and SVG charts. No inline
// script or style: the page's Content-Security-Policy allows only this file and monitoring.css.
// Language (issue 18.6): the server marks <html lang> — zh-CN by default, English for `?lang=en` or a
// browser preferring English — and the page shows every text in that language; the switch at the top
// reloads with the other `lang` in the URL, keeping the page's other parameters.
'use strict';
/* global document, window, sessionStorage, location, URLSearchParams */

const API = '/operations/api';
const TOKEN_KEY = 'landbureau.operations.token';
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Every text the page shows, per language; `{0}`, `{1}` are filled in order. */
const TEXTS = {
  'zh-CN': {
    pageTitle: '运行监控',
    title: '运行监控',
    otherLanguage: 'English',
    token: '访问令牌（需 operations 角色；查看期限清单另需 auditor 角色）',
    tokenPlaceholder: '粘贴令牌',
    year: '年度',
    asOf: '截至日期',
    refreshEvery: '自动刷新，间隔',
    seconds: '秒',
    load: '加载',
    forget: '清除令牌',
    pipeline: '各服务运行状况',
    service: '服务',
    ready: '就绪',
    notReady: '未就绪',
    outboxBacklog: '待发布提交',
    oldestUnpublished: '最早未发布（秒）',
    consumerLag: '消费积压',
    deadLetters: '死信',
    recent: '近期积压',
    problem: '问题',
    lag: '统计投影延迟',
    generation: '第 {0} 代，{1}',
    topic: '主题',
    eventsBehind: '未处理事件',
    casesBehind: '未反映案件',
    deadLetterList: '死信',
    noDeadLetters: '没有待处理的死信。',
    letter: '死信',
    original: '原消息',
    group: '消费组',
    error: '错误',
    failedAt: '失败时间',
    actions: '操作',
    inspect: '查看',
    replay: '重新投递',
    discard: '丢弃',
    reasonPrompt: '{0} {1} — 原因（至少 5 个字）：',
    done: '{0} {1}：已完成',
    deadlines: '逾期与即将到期',
    deadlinesAsOf: '截至 {0}，即将到期 = {1} 个工作日内',
    agency: '机关',
    requestsOverdue: '申请逾期',
    requestsDueSoon: '申请即将到期',
    requestsOpen: '申请办理中',
    appealsOverdue: '复议诉讼逾期',
    appealsDueSoon: '复议诉讼即将到期',
    appealsPending: '复议诉讼待决',
    cases: '案件',
    requestOverdue: '{0} 申请 {1}，{2} 起逾期',
    requestDue: '{0} 申请 {1}，{2} 到期',
    appealOverdue: '{0} 复议诉讼 {1}，{2} 起逾期未决',
    appealDue: '{0} 复议诉讼 {1}，{2} 前应作决定',
    trend: '月度趋势与年末预测',
    scopeAgency: '本机关',
    scopeRollup: '含下级机关',
    trendSubject: '{0} {1} {2} 年，截至 {3}',
    yearToDate: '年初至今 ',
    forecast: ' · 年末预测 ',
    month: '{0}月：{1}',
    spark: '最新 {0}，最高 {1}（{2} 次刷新）',
    pasteToken: '请粘贴具有 operations 角色的访问令牌（npm run token -- --roles operations,auditor …）。',
    loading: '加载中…',
    updated: '已更新 {0}',
    tokenForgotten: '令牌已清除',
    parts: { pipeline: '运行状况', lag: '投影延迟', 'dead letters': '死信', deadlines: '期限', trend: '趋势' },
    areas: {
      'disclosure-requests': '依申请公开（收到申请）',
      publications: '主动公开',
      violations: '执法监察（发现违法）',
      appeals: '复议、诉讼（涉及政府信息公开）',
    },
  },
  en: {
    pageTitle: 'Operations monitoring',
    title: 'Operations monitoring',
    otherLanguage: '中文',
    token: 'Bearer token (role operations; add auditor for the deadline lists)',
    tokenPlaceholder: 'paste a token',
    year: 'Year',
    asOf: 'As of',
    refreshEvery: 'refresh every',
    seconds: 's',
    load: 'Load',
    forget: 'Forget token',
    pipeline: 'Pipeline health',
    service: 'Service',
    ready: 'ready',
    notReady: 'NOT READY',
    outboxBacklog: 'Outbox backlog',
    oldestUnpublished: 'Oldest unpublished (s)',
    consumerLag: 'Consumer lag',
    deadLetters: 'Dead letters',
    recent: 'Backlog + lag, recent',
    problem: 'Problem',
    lag: 'Projection lag',
    generation: 'generation {0}, {1}',
    topic: 'Topic',
    eventsBehind: 'Events behind',
    casesBehind: 'Cases behind',
    deadLetterList: 'Dead letters',
    noDeadLetters: 'No dead letters waiting.',
    letter: 'Letter',
    original: 'Original',
    group: 'Group',
    error: 'Error',
    failedAt: 'Failed at',
    actions: 'Actions',
    inspect: 'Inspect',
    replay: 'Replay',
    discard: 'Discard',
    reasonPrompt: '{0} {1} — reason (at least 5 characters):',
    done: '{0} {1}: done',
    deadlines: 'Overdue and due soon',
    deadlinesAsOf: 'as of {0}, due soon = within {1} working days',
    agency: 'Agency',
    requestsOverdue: 'Requests overdue',
    requestsDueSoon: 'Requests due soon',
    requestsOpen: 'Requests open',
    appealsOverdue: 'Appeals overdue',
    appealsDueSoon: 'Appeals due soon',
    appealsPending: 'Appeals pending',
    cases: 'Cases',
    requestOverdue: '{0} request {1} overdue since {2}',
    requestDue: '{0} request {1} due {2}',
    appealOverdue: '{0} appeal {1} decision overdue since {2}',
    appealDue: '{0} appeal {1} decision due {2}',
    trend: 'Monthly trend against the year-end forecast',
    scopeAgency: 'agency',
    scopeRollup: 'rollup',
    trendSubject: '{0} {1} {2}, as of {3}',
    yearToDate: 'year to date ',
    forecast: ' · year-end forecast ',
    month: 'month {0}: {1}',
    spark: 'latest {0}, highest {1} ({2} refreshes)',
    pasteToken: 'Paste a bearer token with the role operations (npm run token -- --roles operations,auditor …).',
    loading: 'loading…',
    updated: 'updated {0}',
    tokenForgotten: 'token forgotten',
    parts: { pipeline: 'pipeline', lag: 'lag', 'dead letters': 'dead letters', deadlines: 'deadlines', trend: 'trend' },
    areas: {
      'disclosure-requests': 'Disclosure requests received',
      publications: 'Publications',
      violations: 'Violations discovered',
      appeals: 'Appeals (disclosure)',
    },
  },
};

/** The page's language, as the server marked it (zh-CN unless English was asked for). */
const LANGUAGE = TEXTS[document.documentElement.lang] ? document.documentElement.lang : 'zh-CN';

/** The text `key` in the page's language, `{0}`… replaced by `args`. */
function t(key, ...args) {
  const text = TEXTS[LANGUAGE][key];
  return String(text === undefined ? key : text).replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
}

/** Every element marked `data-i18n` (its text) or `data-i18n-placeholder`, and the switch to the other language. */
function translatePage() {
  document.title = t('pageTitle');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) {
    node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder));
  }
  const other = LANGUAGE === 'en' ? 'zh-CN' : 'en';
  const params = new URLSearchParams(location.search);
  params.set('lang', other);
  const link = $('lang-switch');
  link.href = '?' + params;
  link.hreflang = other;
  link.lang = other;
  link.textContent = t('otherLanguage');
}

const $ = (id) => document.getElementById(id);

/** How many refreshes the sparklines remember (at 15 s, the last 7.5 minutes). */
const HISTORY_LENGTH = 30;
/** Recent samples, oldest first: per service (outbox backlog + consumer lag) and the projection's events behind. */
const history = new Map();

function remember(key, value) {
  const samples = history.get(key) || [];
  samples.push(value === null || value === undefined ? 0 : Number(value));
  if (samples.length > HISTORY_LENGTH) samples.shift();
  history.set(key, samples);
  return samples;
}

/** A small line chart of recent samples; its title says the latest value and the highest. */
function sparkline(samples) {
  const width = 90;
  const height = 18;
  const max = Math.max(1, ...samples);
  const step = samples.length > 1 ? width / (samples.length - 1) : 0;
  const points = samples.map(
    (v, i) => (i * step).toFixed(1) + ',' + (height - 1 - (v / max) * (height - 2)).toFixed(1),
  );
  const chart = svg('svg', {
    class: 'spark',
    width,
    height,
    viewBox: '0 0 ' + width + ' ' + height,
    'data-samples': samples.length,
  });
  const title = svg('title');
  title.textContent = t('spark', samples[samples.length - 1], Math.max(...samples), samples.length);
  chart.append(
    title,
    svg('polyline', { points: points.join(' '), fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }),
  );
  return chart;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

function cell(row, value, className) {
  const td = el('td', value === null || value === undefined ? '—' : value, className);
  row.appendChild(td);
  return td;
}

function setStatus(text, bad) {
  const s = $('status');
  s.textContent = text;
  s.className = bad ? 'bad' : '';
}

async function api(path, init) {
  const token = sessionStorage.getItem(TOKEN_KEY) || '';
  const res = await fetch(API + path, {
    ...init,
    headers: {
      authorization: 'Bearer ' + token,
      'content-type': 'application/json',
      ...((init && init.headers) || {}),
    },
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  if (!res.ok) throw new Error(res.status + ' ' + ((body && body.message) || text).toString().slice(0, 300));
  return body;
}

function fillBody(tableId, rows) {
  const tbody = $(tableId).querySelector('tbody');
  tbody.replaceChildren(...rows);
}

function renderPipeline(services) {
  fillBody(
    'pipeline',
    services.map((s) => {
      const tr = el('tr');
      tr.dataset.service = s.service;
      cell(tr, s.service);
      cell(tr, s.ready ? t('ready') : t('notReady'), s.ready ? 'ok ready' : 'bad ready');
      cell(tr, s.outboxBacklog, 'num outbox-backlog');
      cell(tr, s.outboxOldestAgeSeconds === null ? null : s.outboxOldestAgeSeconds.toFixed(1), 'num');
      cell(tr, s.consumerLag, 'num');
      cell(tr, s.deadLetters, s.deadLetters > 0 ? 'num warn' : 'num');
      cell(tr, '', 'history').appendChild(
        sparkline(remember('service:' + s.service, (s.outboxBacklog || 0) + (s.consumerLag || 0))),
      );
      cell(tr, s.problem || '');
      return tr;
    }),
  );
}

function renderLag(lag) {
  $('lag-generation').textContent = t('generation', lag.generation, lag.projectionVersion);
  const behind = lag.topics.reduce((n, t) => n + t.events, 0);
  $('lag-history').replaceChildren(sparkline(remember('projection', behind)));
  fillBody(
    'lag',
    lag.topics.map((t) => {
      const tr = el('tr');
      tr.dataset.topic = t.topic;
      cell(tr, t.topic);
      cell(tr, t.events, t.events > 0 ? 'num warn events-behind' : 'num events-behind');
      cell(tr, (t.casesAtLeast ? '≥ ' : '') + t.cases, 'num');
      cell(tr, t.deadLetters, t.deadLetters > 0 ? 'num warn' : 'num');
      return tr;
    }),
  );
}

async function act(letter, action) {
  const reason = window.prompt(t('reasonPrompt', t(action), letter.id));
  if (reason === null) return;
  const path = ['dead-letters', letter.originalTopic, letter.at.partition, letter.at.offset, action]
    .map(encodeURIComponent)
    .join('/');
  try {
    await api('/' + path, { method: 'POST', body: JSON.stringify({ reason }) });
    setStatus(t('done', t(action), letter.id));
  } catch (err) {
    setStatus(t(action) + ' ' + letter.id + ': ' + err.message, true);
  }
  await loadDeadLetters();
}

function renderDeadLetters(groups) {
  const letters = groups.flatMap((g) => g.letters);
  $('dead-letters-empty').hidden = letters.length > 0;
  fillBody(
    'dead-letters',
    letters.map((l) => {
      const tr = el('tr', undefined, 'dead-letter');
      tr.dataset.letter = l.id;
      cell(tr, l.id);
      cell(tr, l.originalTopic + '/' + l.originalPartition + '@' + l.originalOffset + (l.key ? ' key ' + l.key : ''));
      cell(tr, l.consumerGroup);
      cell(tr, l.error.name + ': ' + l.error.message, 'bad');
      cell(tr, l.failedAt);
      const actions = cell(tr, '');
      const inspect = el('button', t('inspect'), 'inspect');
      inspect.type = 'button';
      inspect.addEventListener('click', () => {
        const detail = $('dead-letter-detail');
        detail.hidden = false;
        detail.textContent = JSON.stringify({ headers: l.headers, error: l.error, payload: l.payload }, null, 2);
      });
      const replay = el('button', t('replay'), 'replay');
      replay.type = 'button';
      replay.addEventListener('click', () => act(l, 'replay'));
      const discard = el('button', t('discard'), 'discard');
      discard.type = 'button';
      discard.addEventListener('click', () => act(l, 'discard'));
      actions.append(inspect, ' ', replay, ' ', discard);
      return tr;
    }),
  );
}

/** One case of the deadline lists: a link to its page in the workbench when it has one (requests), else text. */
function caseItem(text, c) {
  const item = el('li', undefined, 'due-case');
  item.dataset.case = c.id;
  if (c.link) {
    const a = el('a', text);
    a.href = c.link;
    item.appendChild(a);
  } else {
    item.textContent = text;
  }
  return item;
}

/**
 * An agency's overdue, due-soon and open (or pending) counts of one kind — `request` or `appeal` —
 * or the service's refusal across the three columns; its cases go to `cases`.
 */
function dueCells(tr, figures, openField, kind, agencyName, cases) {
  if ('problem' in figures) {
    cell(tr, figures.problem, 'warn').colSpan = 3;
    return;
  }
  cell(tr, figures.overdue, (figures.overdue > 0 ? 'num bad ' : 'num ') + kind + 's-overdue');
  cell(tr, figures.dueSoon, 'num');
  cell(tr, figures[openField], 'num');
  for (const c of figures.overdueCases) cases.push(caseItem(t(kind + 'Overdue', agencyName, c.id, c.dueDate), c));
  for (const c of figures.dueSoonCases) cases.push(caseItem(t(kind + 'Due', agencyName, c.id, c.dueDate), c));
}

function renderDeadlines(d) {
  $('deadlines-as-of').textContent = t('deadlinesAsOf', d.asOf, d.dueSoonWorkingDays);
  const cases = [];
  fillBody(
    'deadlines',
    d.agencies.map((a) => {
      const tr = el('tr');
      tr.dataset.agency = a.agencyId;
      cell(tr, a.agencyName);
      dueCells(tr, a.requests, 'open', 'request', a.agencyName, cases);
      dueCells(tr, a.appeals, 'pending', 'appeal', a.agencyName, cases);
      return tr;
    }),
  );
  $('deadline-cases').replaceChildren(...cases);
}

function chart(area) {
  const W = 360;
  const H = 170;
  const left = 34;
  const bottom = 20;
  const top = 10;
  const cumulative = [];
  area.monthly.reduce((sum, n, i) => (cumulative[i] = sum + n), 0);
  const max = Math.max(1, area.projected || 0, cumulative[11] || 0);
  const x = (i) => left + ((W - left - 8) * (i + 0.5)) / 12;
  const y = (v) => H - bottom - ((H - bottom - top) * v) / max;
  const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img' });
  root.appendChild(svg('line', { class: 'axis', x1: left, y1: H - bottom, x2: W - 4, y2: H - bottom }));
  root.appendChild(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: H - bottom }));
  for (const v of [0, Math.round(max / 2), max]) {
    const t = svg('text', { x: left - 4, y: y(v) + 3, 'text-anchor': 'end' });
    t.textContent = String(v);
    root.appendChild(t);
  }
  const barW = ((W - left - 8) / 12) * 0.6;
  area.monthly.forEach((n, i) => {
    const bar = svg('rect', { class: 'bar', x: x(i) - barW / 2, y: y(n), width: barW, height: H - bottom - y(n) });
    const title = svg('title');
    title.textContent = t('month', i + 1, n);
    bar.appendChild(title);
    root.appendChild(bar);
    const label = svg('text', { x: x(i), y: H - 6, 'text-anchor': 'middle' });
    label.textContent = String(i + 1);
    root.appendChild(label);
  });
  root.appendChild(svg('polyline', { class: 'cum', points: cumulative.map((v, i) => x(i) + ',' + y(v)).join(' ') }));
  if (area.projected !== null) {
    root.appendChild(
      svg('line', { class: 'forecast', x1: left, y1: y(area.projected), x2: W - 4, y2: y(area.projected) }),
    );
  }
  return root;
}

function renderTrend(trend) {
  // Without a year asked for, the API answers the latest year with cases: show which one it chose.
  if (!$('year').value) $('year').value = String(trend.year);
  const scope = trend.scope === 'agency' ? t('scopeAgency') : t('scopeRollup');
  $('trend-subject').textContent = t('trendSubject', trend.agencyId, scope, trend.year, trend.asOf);
  $('trend').replaceChildren(
    ...trend.areas.map((a) => {
      const box = el('div', undefined, 'chart');
      box.dataset.area = a.area;
      box.appendChild(el('h3', TEXTS[LANGUAGE].areas[a.area] || a.area));
      const p = el('p');
      p.append(t('yearToDate'), el('strong', a.yearToDate, 'year-to-date'), t('forecast'));
      p.append(el('strong', a.projected === null ? '—' : a.projected, 'projected'));
      p.append(' (' + a.figures.join(' + ') + ')');
      box.append(p, chart(a));
      return box;
    }),
  );
}

async function loadDeadLetters() {
  renderDeadLetters(await api('/dead-letters'));
}

let loading = false;

async function loadAll() {
  if (loading) return; // a refresh still running: the next tick tries again
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    setStatus(t('pasteToken'));
    return;
  }
  loading = true;
  document.body.dataset.loaded = 'loading';
  setStatus(t('loading'));
  const year = $('year').value;
  const asOf = $('as-of').value;
  const q = new URLSearchParams();
  if (year) q.set('year', year);
  if (asOf) q.set('asOf', asOf);
  const dq = new URLSearchParams();
  if (asOf) dq.set('asOf', asOf);
  const parts = [
    ['pipeline', () => api('/pipeline').then(renderPipeline)],
    ['lag', () => api('/lag').then(renderLag)],
    ['dead letters', loadDeadLetters],
    ['deadlines', () => api('/deadlines?' + dq).then(renderDeadlines)],
    ['trend', () => api('/trend?' + q).then(renderTrend)],
  ];
  const results = await Promise.allSettled(parts.map(([, run]) => run()));
  const failed = results
    .map((r, i) => (r.status === 'rejected' ? TEXTS[LANGUAGE].parts[parts[i][0]] + ': ' + r.reason.message : null))
    .filter((m) => m !== null);
  setStatus(
    failed.length ? failed.join(' · ') : t('updated', new Date().toLocaleTimeString(LANGUAGE)),
    failed.length > 0,
  );
  document.body.dataset.loaded = 'done';
  document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
  loading = false;
}

document.addEventListener('DOMContentLoaded', () => {
  translatePage();
  const params = new URLSearchParams(location.search);
  // Empty: the API picks the latest year with cases (after loading 2009, 2009 — not the machine's year).
  $('year').value = params.get('year') || '';
  $('as-of').value = params.get('asOf') || '';
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const pasted = $('token').value.trim();
    if (pasted) sessionStorage.setItem(TOKEN_KEY, pasted);
    $('token').value = '';
    loadAll();
  });
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setStatus(t('tokenForgotten'));
  });
  // Live: the page asks again every `refresh` seconds (default 15; ?refresh=0 turns it off).
  const seconds = Number(params.get('refresh') || 15);
  $('refresh-seconds').textContent = String(seconds);
  $('auto-refresh').checked = seconds > 0;
  if (seconds > 0) {
    window.setInterval(() => {
      if ($('auto-refresh').checked) loadAll();
    }, seconds * 1000);
  }
  loadAll();
});
