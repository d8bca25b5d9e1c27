// The monitoring page: reads the operations API with the bearer token the user pasted (kept in
// sessionStorage, so it is gone when the tab closes) and draws tables and SVG charts. No inline
// script or style: the page's Content-Security-Policy allows only this file and monitoring.css.
'use strict';
/* global document, window, sessionStorage, location, URLSearchParams */

const API = '/operations/api';
const TOKEN_KEY = 'landbureau.operations.token';
const SVG_NS = 'http://www.w3.org/2000/svg';
const AREA_NAMES = {
  'disclosure-requests': '依申请公开 Disclosure requests received',
  publications: '主动公开 Publications',
  violations: '执法监察 Violations discovered',
  appeals: '复议、诉讼 Appeals (disclosure)',
};

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
  title.textContent =
    'latest ' +
    samples[samples.length - 1] +
    ', highest ' +
    Math.max(...samples) +
    ' (' +
    samples.length +
    ' refreshes)';
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
      cell(tr, s.ready ? 'ready' : 'NOT READY', s.ready ? 'ok' : 'bad');
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
  $('lag-generation').textContent = 'generation ' + lag.generation + ', ' + lag.projectionVersion;
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
  const reason = window.prompt(action + ' ' + letter.id + ' — reason (at least 5 characters):');
  if (reason === null) return;
  const path = ['dead-letters', letter.originalTopic, letter.at.partition, letter.at.offset, action]
    .map(encodeURIComponent)
    .join('/');
  try {
    await api('/' + path, { method: 'POST', body: JSON.stringify({ reason }) });
    setStatus(action + ' ' + letter.id + ': done');
  } catch (err) {
    setStatus(action + ' ' + letter.id + ': ' + err.message, true);
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
      const inspect = el('button', 'Inspect');
      inspect.type = 'button';
      inspect.addEventListener('click', () => {
        const detail = $('dead-letter-detail');
        detail.hidden = false;
        detail.textContent = JSON.stringify({ headers: l.headers, error: l.error, payload: l.payload }, null, 2);
      });
      const replay = el('button', 'Replay', 'replay');
      replay.type = 'button';
      replay.addEventListener('click', () => act(l, 'replay'));
      const discard = el('button', 'Discard', 'discard');
      discard.type = 'button';
      discard.addEventListener('click', () => act(l, 'discard'));
      actions.append(inspect, ' ', replay, ' ', discard);
      return tr;
    }),
  );
}

function renderDeadlines(d) {
  $('deadlines-as-of').textContent =
    'as of ' + d.asOf + ', due soon = within ' + d.dueSoonWorkingDays + ' working days';
  const cases = [];
  fillBody(
    'deadlines',
    d.agencies.map((a) => {
      const tr = el('tr');
      tr.dataset.agency = a.agencyId;
      cell(tr, a.agencyName);
      if ('problem' in a.requests) {
        const td = cell(tr, a.requests.problem, 'warn');
        td.colSpan = 3;
      } else {
        cell(tr, a.requests.overdue, a.requests.overdue > 0 ? 'num bad requests-overdue' : 'num requests-overdue');
        cell(tr, a.requests.dueSoon, 'num');
        cell(tr, a.requests.open, 'num');
        for (const c of a.requests.overdueCases)
          cases.push(a.agencyName + ' request ' + c.id + ' overdue since ' + c.dueDate);
        for (const c of a.requests.dueSoonCases) cases.push(a.agencyName + ' request ' + c.id + ' due ' + c.dueDate);
      }
      if ('problem' in a.appeals) {
        const td = cell(tr, a.appeals.problem, 'warn');
        td.colSpan = 3;
      } else {
        cell(tr, a.appeals.overdue, a.appeals.overdue > 0 ? 'num bad' : 'num');
        cell(tr, a.appeals.dueSoon, 'num');
        cell(tr, a.appeals.pending, 'num');
        for (const c of a.appeals.overdueCases)
          cases.push(a.agencyName + ' appeal ' + c.id + ' decision overdue since ' + c.dueDate);
        for (const c of a.appeals.dueSoonCases)
          cases.push(a.agencyName + ' appeal ' + c.id + ' decision due ' + c.dueDate);
      }
      return tr;
    }),
  );
  $('deadline-cases').replaceChildren(...cases.map((c) => el('li', c)));
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
    title.textContent = i + 1 + '月: ' + n;
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

function renderTrend(t) {
  // Without a year asked for, the API answers the latest year with cases: show which one it chose.
  if (!$('year').value) $('year').value = String(t.year);
  $('trend-subject').textContent = t.agencyId + ' ' + t.scope + ' ' + t.year + ', as of ' + t.asOf;
  $('trend').replaceChildren(
    ...t.areas.map((a) => {
      const box = el('div', undefined, 'chart');
      box.dataset.area = a.area;
      box.appendChild(el('h3', AREA_NAMES[a.area] || a.area));
      const p = el('p');
      p.append('year to date ', el('strong', a.yearToDate, 'year-to-date'), ' · year-end forecast ');
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
    setStatus('Paste a bearer token with the role operations (npm run token -- --roles operations,auditor …).');
    return;
  }
  loading = true;
  document.body.dataset.loaded = 'loading';
  setStatus('loading…');
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
    .map((r, i) => (r.status === 'rejected' ? parts[i][0] + ': ' + r.reason.message : null))
    .filter((m) => m !== null);
  setStatus(failed.length ? failed.join(' · ') : 'updated ' + new Date().toLocaleTimeString(), failed.length > 0);
  document.body.dataset.loaded = 'done';
  document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
  loading = false;
}

document.addEventListener('DOMContentLoaded', () => {
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
    setStatus('token forgotten');
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
