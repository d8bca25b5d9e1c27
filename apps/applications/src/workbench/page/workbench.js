// The disclosure office's workbench (issue 18.1): a static page that works disclosure requests
// through the services' public APIs with the user's bearer token (kept in sessionStorage: gone
// when the tab closes; never a cookie). Hash routes: #/requests, #/requests/<id>, #/new, #/report.
// Chinese by default with the official vocabulary (labels come from the contracts, via
// /workbench/config.json); English by the switch, which also asks the APIs for English errors.
// No inline script or style: the Content-Security-Policy allows only this file and workbench.css.
'use strict';
/* global document, window, sessionStorage, localStorage, location, URLSearchParams, crypto, TextDecoder */

const TOKEN_KEY = 'landbureau.workbench.token';
const LANG_KEY = 'landbureau.workbench.lang';
const $ = (id) => document.getElementById(id);

const TEXT = {
  'zh-CN': {
    title: '政府信息公开申请工作台',
    signIn: '登录',
    pasteToken: '粘贴令牌（Bearer token）',
    signInButton: '登录',
    signOut: '退出',
    devSignIn: '开发登录（仅内嵌模式）',
    navRequests: '申请列表',
    navNew: '登记申请',
    navReport: '年度报告',
    status: '办理状态',
    receivedFrom: '收到日期自',
    receivedTo: '至',
    dueSoon: '即将到期（5 个工作日内）',
    overdue: '已超期',
    search: '申请内容检索',
    apply: '查询',
    receiptDate: '收到申请日期',
    informationRequested: '申请公开的内容',
    dueDate: '答复期限',
    outcome: '办理结果',
    channel: '申请方式',
    applicantType: '申请人类型',
    applicantName: '申请人姓名或名称',
    applicantPhone: '联系电话',
    record: '登记',
    case: '申请',
    deadline: '答复期限（法定工作日）',
    actClarificationRequest: '告知补正',
    actClarification: '收到补正',
    actExtension: '延长答复期限（须负责人批准）',
    actFeeNotice: '收费通知',
    actFeePayment: '已缴费',
    actReply: '答复',
    requestedOn: '告知日期',
    clarifyBy: '补正期限',
    receivedOn: '收到日期',
    extendedOn: '延期日期',
    workingDays: '延长工作日',
    reason: '理由',
    noticedOn: '通知日期',
    amountYuan: '金额（元）',
    paidOn: '缴费日期',
    repliedOn: '答复日期',
    outcomeCategory: '办理结果',
    outcomeReason: '具体情形',
    thirdPartyInterest: '第三方权益',
    notHeldBecause: '不掌握的原因',
    history: '办理记录',
    event: '事项',
    effectiveOn: '发生日期',
    recordedAt: '登记时间',
    actor: '登记人',
    year: '年度',
    scope: '范围',
    scopeAgency: '本机关',
    scopeRollup: '本机关及下级（汇总）',
    template: '格式',
    show: '查看',
    closeYear: '年度关账',
    publishYear: '发布年度报告',
    failedChecks: '未通过的校验',
    allChecksHold: '全部校验通过',
    total: (n) => `共 ${n} 件`,
    signedInAs: (sub, roles, agency) => `${sub}（${roles}，${agency}）`,
    loading: '加载中…',
    saved: '已登记',
    running: (due, days) => `${due} 前答复（法定 ${days} 个工作日）`,
    paused: '暂停计算（补正、征求意见或待缴费期间）',
    unknown: '无法计算（缺少该年度节假日安排）',
    concluded: '已办结',
    reportStatus: (s, asOf) => `状态：${s}；统计截至 ${asOf}`,
    reportStatuses: { live: '未关账（实时）', closed: '已关账', published: '已发布' },
    confirmClose: '确认年度关账？关账后数字冻结。',
    confirmPublish: '确认发布年度报告？',
    choose: '请选择',
    statuses: {
      'in-progress': '办理中',
      'awaiting-clarification': '待补正',
      consulting: '征求意见中',
      'awaiting-payment': '待缴费',
      replied: '已答复',
      withdrawn: '已撤回',
      open: '未办结（全部）',
      concluded: '已办结（全部）',
      '': '全部',
    },
    thirdPartyInterests: { 'trade-secret': '商业秘密', 'personal-privacy': '个人隐私', other: '其他' },
    notHeldBecauseLabels: { 'does-not-exist': '信息不存在', 'other-agency': '非本机关职责权限范围' },
    events: {
      DisclosureRequestReceived: '收到申请',
      ClarificationRequested: '告知补正',
      ClarificationReceived: '收到补正',
      ThirdPartyConsulted: '征求第三方意见',
      ConsultationOpinionReceived: '收到征求意见',
      DeadlineExtended: '延长答复期限',
      FeeNoticed: '收费通知',
      FeePaid: '已缴费',
      FeeNoticeLapsed: '逾期未缴费',
      DisclosureRequestReplied: '答复',
      DisclosureRequestWithdrawn: '申请人撤回',
    },
  },
  en: {
    title: 'Disclosure requests workbench',
    signIn: 'Sign in',
    pasteToken: 'Paste a bearer token',
    signInButton: 'Sign in',
    signOut: 'Sign out',
    devSignIn: 'Development sign-in (embedded mode only)',
    navRequests: 'Requests',
    navNew: 'Record a request',
    navReport: 'Annual report',
    status: 'Status',
    receivedFrom: 'Received from',
    receivedTo: 'to',
    dueSoon: 'Due soon (within 5 working days)',
    overdue: 'Overdue',
    search: 'Search what is requested',
    apply: 'Search',
    receiptDate: 'Received on',
    informationRequested: 'Information requested',
    dueDate: 'Reply due',
    outcome: 'Outcome',
    channel: 'Channel',
    applicantType: 'Applicant type',
    applicantName: 'Applicant name',
    applicantPhone: 'Phone',
    record: 'Record',
    case: 'Request',
    deadline: 'Reply deadline (statutory working days)',
    actClarificationRequest: 'Ask for clarification',
    actClarification: 'Clarification received',
    actExtension: 'Extend the deadline (supervisor approves)',
    actFeeNotice: 'Fee notice',
    actFeePayment: 'Fee paid',
    actReply: 'Reply',
    requestedOn: 'Asked on',
    clarifyBy: 'Clarify by',
    receivedOn: 'Received on',
    extendedOn: 'Extended on',
    workingDays: 'Working days added',
    reason: 'Reason',
    noticedOn: 'Noticed on',
    amountYuan: 'Amount (yuan)',
    paidOn: 'Paid on',
    repliedOn: 'Replied on',
    outcomeCategory: 'Outcome',
    outcomeReason: 'Ground',
    thirdPartyInterest: "Third party's interest",
    notHeldBecause: 'Not held because',
    history: 'History',
    event: 'Step',
    effectiveOn: 'Effective on',
    recordedAt: 'Recorded at',
    actor: 'By',
    year: 'Year',
    scope: 'Scope',
    scopeAgency: 'This agency',
    scopeRollup: 'With the agencies below (roll-up)',
    template: 'Format',
    show: 'Show',
    closeYear: 'Close the year',
    publishYear: 'Publish the report',
    failedChecks: 'Failed checks',
    allChecksHold: 'Every check holds',
    total: (n) => `${n} requests`,
    signedInAs: (sub, roles, agency) => `${sub} (${roles}, ${agency})`,
    loading: 'Loading…',
    saved: 'Recorded',
    running: (due, days) => `reply by ${due} (${days} working days by law)`,
    paused: 'paused (clarification, consultation or unpaid fee)',
    unknown: "cannot be computed (the year's holiday arrangement is missing)",
    concluded: 'concluded',
    reportStatus: (s, asOf) => `status: ${s}; counted up to ${asOf}`,
    reportStatuses: { live: 'open (live)', closed: 'closed', published: 'published' },
    confirmClose: 'Close the year? Its figures are frozen.',
    confirmPublish: 'Publish the annual report?',
    choose: 'choose',
    statuses: {
      'in-progress': 'in progress',
      'awaiting-clarification': 'awaiting clarification',
      consulting: 'consulting',
      'awaiting-payment': 'awaiting payment',
      replied: 'replied',
      withdrawn: 'withdrawn',
      open: 'open (all)',
      concluded: 'concluded (all)',
      '': 'all',
    },
    thirdPartyInterests: { 'trade-secret': 'trade secret', 'personal-privacy': 'personal privacy', other: 'other' },
    notHeldBecauseLabels: { 'does-not-exist': 'does not exist', 'other-agency': "another agency's" },
    events: {},
  },
};

const state = {
  lang: localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN',
  config: undefined,
  token: sessionStorage.getItem(TOKEN_KEY) || '',
  principal: undefined,
  /** The case on screen: its id and ETag (the version a change is based on). */
  current: undefined,
  /** The report on screen: its key and its ETag. */
  report: undefined,
};

const t = (key) => TEXT[state.lang][key] ?? TEXT['zh-CN'][key] ?? key;

/** An English label from a code (the contracts' codes are English words). */
const codeWords = (code) => code.replace(/-/g, ' ');
/** A vocabulary entry's label in the page's language: the report's Chinese label, or the code's words. */
const labelOf = (entry) => (state.lang === 'en' ? `${codeWords(entry.code)} (${entry.label})` : entry.label);

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const text = t(el.getAttribute('data-i18n'));
    if (typeof text === 'string') el.textContent = text;
  }
  if (state.config) fillChoices();
}

function setStatus(message, kind) {
  const el = $('status');
  el.textContent = message || '';
  el.className = kind || '';
}

/** The token's claims (its payload is plain base64url JSON; the services verify the signature). */
function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(window.atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/** The base URL of a service: its own origin when the configuration names none (embedded mode). */
function baseOf(service) {
  return (state.config && state.config.serviceUrls[service]) || '';
}

/** An API call with the bearer token; errors become one line naming the field and the rule. */
async function api(service, path, options = {}) {
  const headers = {
    authorization: `Bearer ${state.token}`,
    'accept-language': state.lang,
    ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(options.headers || {}),
  };
  const res = await fetch(baseOf(service) + path, {
    method: options.method || 'GET',
    headers,
    credentials: 'omit',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const violations = body && Array.isArray(body.violations) ? body.violations : [];
    const detail = violations.length
      ? violations.map((v) => `${v.field}: ${v.message} (${v.rule})`).join('; ')
      : `${(body && body.message) || res.statusText}${body && body.rule ? ` (${body.rule})` : ''}`;
    const err = new Error(`${res.status} ${detail}`);
    err.status = res.status;
    throw err;
  }
  return { body, etag: res.headers.get('etag') };
}

const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

function option(value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

function fillSelect(select, entries, keep) {
  const previous = select.value;
  select.replaceChildren(...entries.map((e) => option(e.code, labelOf(e))));
  if (keep && previous) select.value = previous;
}

/** The choices of every form, from the contracts' vocabulary. */
function fillChoices() {
  const v = state.config.vocabulary;
  for (const select of document.querySelectorAll('select[data-vocabulary]')) {
    fillSelect(select, v[select.getAttribute('data-vocabulary')], true);
  }
  const statuses = t('statuses');
  const status = $('f-status');
  const chosen = status.value;
  status.replaceChildren(...['', 'open', 'concluded', ...v.statuses].map((s) => option(s, statuses[s] || s)));
  status.value = chosen;
  const reply = document.querySelector('form[data-action=reply]');
  fillSelect(reply.elements.category, v.outcomes, true);
  fillSelect(
    reply.elements.thirdPartyInterest,
    v.thirdPartyInterests.map((c) => ({ code: c, label: t('thirdPartyInterests')[c] || c })),
    true,
  );
  fillSelect(
    reply.elements.notHeldBecause,
    v.notHeldBecause.map((c) => ({ code: c, label: t('notHeldBecauseLabels')[c] || c })),
    true,
  );
  fillReasons();
}

/** The reasons of the chosen outcome category (none for 予以公开 and 部分公开), and their follow-up choice. */
function fillReasons() {
  const form = document.querySelector('form[data-action=reply]');
  const category = state.config.vocabulary.outcomes.find((o) => o.code === form.elements.category.value);
  const reasons = category ? category.reasons : [];
  fillSelect(form.elements.reason, reasons, true);
  form.querySelector('label.reason').hidden = reasons.length === 0;
  const reason = reasons.length ? form.elements.reason.value : '';
  form.querySelector('label.third-party').hidden = reason !== 'third-party-rights';
  form.querySelector('label.not-held').hidden = reason !== 'not-held';
}

// ---- sign in ----------------------------------------------------------------------------------

function signIn(token) {
  const claims = claimsOf(token);
  if (!claims || !claims.sub) {
    setStatus('not a token', 'error');
    return;
  }
  state.token = token;
  state.principal = { sub: claims.sub, roles: claims.roles || [], agencyId: claims.agencyId };
  sessionStorage.setItem(TOKEN_KEY, token);
  showSignedIn();
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = '#/requests';
  else route();
}

function showSignedIn() {
  const signedIn = state.principal !== undefined;
  $('sign-in').hidden = signedIn;
  $('nav').hidden = !signedIn;
  $('whoami').hidden = !signedIn;
  if (signedIn) {
    const p = state.principal;
    $('whoami-text').textContent = TEXT[state.lang].signedInAs(p.sub, p.roles.join(', '), p.agencyId);
    $('report-office').hidden = !p.roles.includes('supervisor');
  }
}

async function offerDevSignIn() {
  // Only the embedded platform answers this; a service of the real stack has no such route (404).
  const res = await fetch('/platform/dev-sign-in').catch(() => undefined);
  if (!res || !res.ok) return;
  const offer = await res.json();
  $('dev-sign-in-agency').textContent = `${offer.agencyName} (${offer.agencyId})`;
  $('dev-sign-in-users').replaceChildren(
    ...offer.users.map((u) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'dev-user';
      b.setAttribute('data-role', u.role);
      b.textContent = u.role === 'supervisor' ? `负责人 supervisor — ${u.sub}` : `经办人 clerk — ${u.sub}`;
      b.addEventListener('click', async () => {
        const minted = await fetch('/platform/dev-sign-in', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role: u.role }),
        });
        if (minted.ok) signIn((await minted.json()).token);
        else setStatus(`${minted.status}`, 'error');
      });
      return b;
    }),
  );
  $('dev-sign-in').hidden = false;
}

// ---- views ------------------------------------------------------------------------------------

function showView(id) {
  for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== id;
}

function statusLabel(s) {
  return t('statuses')[s] || s;
}

function outcomeLabel(outcome) {
  if (!outcome) return '';
  const v = state.config.vocabulary;
  const category = v.outcomes.find((o) => o.code === outcome.category);
  if (!category) return outcome.category;
  const reason = category.reasons.find((r) => r.code === outcome.reason);
  return reason ? `${labelOf(category)} · ${labelOf(reason)}` : labelOf(category);
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) td.className = className;
  return td;
}

async function showRequests() {
  showView('view-requests');
  const form = $('filters');
  const query = new URLSearchParams({ pageSize: '100', asOf: today() });
  if (form.elements.status.value) query.set('status', form.elements.status.value);
  if (form.elements.receivedFrom.value) query.set('receivedFrom', form.elements.receivedFrom.value);
  if (form.elements.receivedTo.value) query.set('receivedTo', form.elements.receivedTo.value);
  if (form.elements.overdue.checked) query.set('overdue', 'true');
  else if (form.elements.dueSoon.checked) query.set('dueWithinWorkingDays', '5');
  if (form.elements.q.value.trim()) query.set('q', form.elements.q.value.trim());
  if (form.elements.overdue.checked || form.elements.dueSoon.checked) query.set('sort', 'dueDate');
  const { body } = await api('applications', `/applications/disclosure-requests?${query}`);
  $('list-total').textContent = TEXT[state.lang].total(body.total);
  $('requests')
    .querySelector('tbody')
    .replaceChildren(
      ...body.items.map((r) => {
        const tr = document.createElement('tr');
        tr.className = 'request';
        tr.setAttribute('data-request', r.id);
        const date = cell('');
        const a = document.createElement('a');
        a.href = `#/requests/${r.id}`;
        a.textContent = r.receiptDate;
        date.append(a);
        tr.append(
          date,
          cell(r.informationRequested, 'information'),
          cell(statusLabel(r.status), 'status'),
          cell(r.dueDate || '', 'due'),
          cell(outcomeLabel(r.outcome), 'outcome'),
        );
        return tr;
      }),
    );
}

function showNew() {
  showView('view-new');
  const form = $('receive-form');
  if (!form.elements.receiptDate.value) form.elements.receiptDate.value = today();
  // One key per request being recorded: a second click or a retry records it once.
  if (!form.dataset.idempotencyKey) form.dataset.idempotencyKey = crypto.randomUUID();
}

async function recordRequest(form) {
  const e = form.elements;
  const applicant = { name: e.applicantName.value.trim() };
  if (e.applicantPhone.value.trim()) applicant.phone = e.applicantPhone.value.trim();
  const { body } = await api('applications', '/applications/disclosure-requests', {
    method: 'POST',
    headers: { 'idempotency-key': form.dataset.idempotencyKey },
    body: {
      agencyId: state.principal.agencyId,
      receiptDate: e.receiptDate.value,
      channel: e.channel.value,
      applicantType: e.applicantType.value,
      informationRequested: e.informationRequested.value,
      applicant,
    },
  });
  form.reset();
  delete form.dataset.idempotencyKey;
  setStatus(t('saved'), 'ok');
  location.hash = `#/requests/${body.id}`;
}

function deadlineText(detail) {
  const d = detail.deadline;
  if (!d) return t('concluded');
  if (d.status === 'running') return TEXT[state.lang].running(d.dueDate, d.allowedWorkingDays);
  return t(d.status) || d.status;
}

function eventLabel(type) {
  const short = type.split('.').pop();
  return (state.lang === 'zh-CN' && TEXT['zh-CN'].events[short]) || short;
}

async function showCase(id) {
  showView('view-case');
  const [{ body: detail, etag }, { body: history }] = await Promise.all([
    api('applications', `/applications/disclosure-requests/${encodeURIComponent(id)}`),
    api('applications', `/applications/disclosure-requests/${encodeURIComponent(id)}/history`),
  ]);
  // Another case: no value typed for the last one is carried over to this one.
  const another = !state.current || state.current.id !== id;
  state.current = { id, etag };
  $('case-id').textContent = id;
  const facts = [
    [t('receiptDate'), detail.receiptDate],
    [t('informationRequested'), detail.informationRequested],
    [t('channel'), labelFor('channels', detail.channel)],
    [t('applicantType'), labelFor('applicantTypes', detail.applicantType)],
    [t('status'), statusLabel(detail.status)],
    [t('outcome'), outcomeLabel(detail.outcome)],
  ];
  $('case-facts').replaceChildren(
    ...facts.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v || '—';
      return [dt, dd];
    }),
  );
  $('case-facts').setAttribute('data-status', detail.status);
  $('case-deadline').textContent = deadlineText(detail);
  $('case-actions').hidden = !detail.open;
  // An extension needs the approval of the office head: only a supervisor records it.
  document.querySelector('form[data-action=extension]').hidden = !state.principal.roles.includes('supervisor');
  for (const form of document.querySelectorAll('#case-actions form')) {
    if (another) form.reset();
    for (const input of form.querySelectorAll('input[type=date]')) if (!input.value) input.value = today();
    form.dataset.idempotencyKey = crypto.randomUUID();
  }
  // The reply's reasons follow the category a reset chose.
  fillReasons();
  $('case-history')
    .querySelector('tbody')
    .replaceChildren(
      ...history.map((e) => {
        const tr = document.createElement('tr');
        tr.setAttribute('data-type', e.type);
        tr.append(
          cell(e.streamVersion),
          cell(eventLabel(e.type)),
          cell(String(e.occurredAt).slice(0, 10)),
          cell(String(e.recordedAt).replace('T', ' ').slice(0, 19)),
          cell(e.actor),
        );
        return tr;
      }),
    );
}

function labelFor(kind, code) {
  const entry = state.config.vocabulary[kind].find((x) => x.code === code);
  return entry ? labelOf(entry) : code;
}

/** The body of a case action from its form: dates and numbers as the API takes them. */
function actionBody(action, e) {
  switch (action) {
    case 'clarification-request':
      return { requestedOn: e.requestedOn.value, dueOn: e.dueOn.value };
    case 'clarification':
      return { receivedOn: e.receivedOn.value };
    case 'extension':
      return {
        extendedOn: e.extendedOn.value,
        reason: e.reason.value,
        ...(e.workingDays.value ? { workingDays: Number(e.workingDays.value) } : {}),
      };
    case 'fee-notice':
      return { noticedOn: e.noticedOn.value, amountFen: Math.round(Number(e.amountYuan.value) * 100) };
    case 'fee-payment':
      return { paidOn: e.paidOn.value };
    case 'reply': {
      const outcome = { category: e.category.value };
      if (!e.reason.closest('label').hidden) outcome.reason = e.reason.value;
      if (!e.thirdPartyInterest.closest('label').hidden) outcome.thirdPartyInterest = e.thirdPartyInterest.value;
      if (!e.notHeldBecause.closest('label').hidden) outcome.notHeldBecause = e.notHeldBecause.value;
      return { repliedOn: e.repliedOn.value, outcome };
    }
    default:
      throw new Error(`no action ${action}`);
  }
}

async function recordAction(form) {
  const action = form.getAttribute('data-action');
  const { id, etag } = state.current;
  await api('applications', `/applications/disclosure-requests/${encodeURIComponent(id)}/${action}`, {
    method: 'POST',
    headers: { 'if-match': etag, 'idempotency-key': form.dataset.idempotencyKey },
    body: actionBody(action, form.elements),
  });
  form.reset();
  setStatus(t('saved'), 'ok');
  await showCase(id);
}

// ---- the annual report ------------------------------------------------------------------------

function reportKey() {
  const agency = state.principal.agencyId;
  return `/reporting/annual-reports/${encodeURIComponent(agency)}/${$('r-scope').value}/${Number($('r-year').value)}`;
}

function renderTable(table) {
  const section = document.createElement('section');
  section.className = 'report-table';
  section.setAttribute('data-table', table.id);
  const h = document.createElement('h4');
  h.textContent = table.title;
  const grid = document.createElement('table');
  const columns = table.columns || [];
  if (columns.length) {
    const head = document.createElement('tr');
    head.append(
      document.createElement('th'),
      ...columns.map((c) => Object.assign(document.createElement('th'), { textContent: c })),
    );
    grid.append(head);
  }
  const walk = (rows, depth) => {
    for (const row of rows) {
      const tr = document.createElement('tr');
      tr.setAttribute('data-row', row.label);
      const label = document.createElement('th');
      label.textContent = row.label;
      label.style.paddingLeft = `${0.3 + depth * 1.2}em`;
      tr.append(label);
      if (columns.length) {
        for (const c of columns) {
          const td = cell(row.values && row.values[c] !== undefined ? row.values[c] : '', 'figure');
          td.setAttribute('data-column', c);
          tr.append(td);
        }
      } else {
        tr.append(cell(row.value !== undefined ? `${row.value}${row.unit ? ` ${row.unit}` : ''}` : '', 'figure'));
      }
      grid.append(tr);
      if (row.children) walk(row.children, depth + 1);
    }
  };
  walk(table.rows, 0);
  section.append(h, grid);
  return section;
}

async function showReport() {
  showView('view-report');
  if (!$('r-year').value) $('r-year').value = today().slice(0, 4);
  const key = reportKey();
  const [{ etag }, { body: report }] = await Promise.all([
    api('reporting', key),
    api('reporting', `${key}/report?template=${$('r-template').value}&format=json`),
  ]);
  state.report = { key, etag };
  $('report-status').textContent = TEXT[state.lang].reportStatus(
    TEXT[state.lang].reportStatuses[report.status] || report.status,
    report.asOf,
  );
  $('report-status').setAttribute('data-status', report.status);
  const failed = report.checks.filter((c) => !c.holds);
  $('report-checks').replaceChildren(
    ...(failed.length
      ? failed.map((c) => {
          const li = document.createElement('li');
          li.className = 'failed-check';
          li.setAttribute('data-rule', c.rule);
          li.textContent = `${c.rule}: ${c.detail}`;
          return li;
        })
      : [Object.assign(document.createElement('li'), { textContent: t('allChecksHold'), className: 'all-hold' })]),
  );
  $('report-tables').replaceChildren(...report.tables.map(renderTable));
  document.body.setAttribute('data-report-loaded', String(Date.now()));
}

async function changeReport(what, question) {
  if (!window.confirm(question)) return;
  await api('reporting', `${state.report.key}/${what}`, {
    method: 'POST',
    headers: { 'if-match': state.report.etag, 'idempotency-key': crypto.randomUUID() },
  });
  setStatus(t('saved'), 'ok');
  await showReport();
}

// ---- routing ----------------------------------------------------------------------------------

/** `#/requests/<id>` opens a case (the monitoring page links there); unknown routes show the list. */
async function route() {
  if (!state.principal) return;
  const hash = location.hash.replace(/^#/, '');
  const caseMatch = /^\/requests\/([0-9a-fA-F-]{36})$/.exec(hash);
  document.body.setAttribute('data-loaded', 'loading');
  setStatus(t('loading'));
  try {
    if (caseMatch) await showCase(caseMatch[1]);
    else if (hash === '/new') showNew();
    else if (hash === '/report') await showReport();
    else await showRequests();
    setStatus('');
  } catch (err) {
    setStatus(err.message, 'error');
  } finally {
    document.body.setAttribute('data-loaded', 'done');
  }
}

/** Runs a form's action, showing what the API refused (field and rule) instead of a blank failure. */
function onSubmit(form, action) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    document.body.setAttribute('data-loaded', 'loading');
    try {
      await action(form);
    } catch (err) {
      setStatus(err.message, 'error');
    } finally {
      document.body.setAttribute('data-loaded', 'done');
    }
  });
}

async function start() {
  const res = await fetch('/workbench/config.json');
  state.config = await res.json();
  applyLanguage();
  for (const b of document.querySelectorAll('#lang-switch button')) {
    b.addEventListener('click', () => {
      state.lang = b.getAttribute('data-lang');
      localStorage.setItem(LANG_KEY, state.lang);
      applyLanguage();
      showSignedIn();
      void route();
    });
  }
  document.querySelector('form[data-action=reply]').elements.category.addEventListener('change', fillReasons);
  document.querySelector('form[data-action=reply]').elements.reason.addEventListener('change', fillReasons);
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value.trim());
    $('token').value = '';
  });
  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = '';
    state.principal = undefined;
    showSignedIn();
    showView('');
  });
  onSubmit($('filters'), () => showRequests());
  onSubmit($('receive-form'), recordRequest);
  for (const form of document.querySelectorAll('#case-actions form')) onSubmit(form, recordAction);
  onSubmit($('report-form'), () => showReport());
  $('close-year').addEventListener(
    'click',
    () => void changeReport('close', t('confirmClose')).catch((e) => setStatus(e.message, 'error')),
  );
  $('publish-year').addEventListener(
    'click',
    () => void changeReport('publish', t('confirmPublish')).catch((e) => setStatus(e.message, 'error')),
  );
  window.addEventListener('hashchange', () => void route());
  await offerDevSignIn();
  if (state.token) signIn(state.token);
  else document.body.setAttribute('data-loaded', 'done');
}

void start();
