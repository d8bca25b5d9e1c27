// The error messages of every HTTP API in the staff's language (zh-CN) and in English, keyed by rule
// id — the id a 4xx answer names in `rule` / `violations[].rule`, which never changes. It lives in
// libs/http because translating is the edge's job (the answer's language is a property of the HTTP
// request, Accept-Language), while libs/contracts holds what services share about their events.
//
// An entry is one variant or a list of them. `zh` is the Chinese message; `en`, when given, is the
// shape of the English message the code writes (`{name}` marks a value, read back out of it and put
// into `zh`), or for a validation issue the English message made from the parameters.
// Variants are tried in order: the first whose `en` matches the English message, else the first whose
// placeholders are known. Every template may use {field} (the field at fault) and {english} (the code's
// own message, for technical detail such as an event contract's schema issue).
//
// Validation issues (zod) are keyed by their code and kind: `too_big.string`, `invalid_type.required`
// (validation.ts `messageKeyOf`); their rule in the answer stays the zod code.

export interface MessageEntry {
  readonly zh: string;
  readonly en?: string;
  /** In a list: also used, rendered from its parameters, when no variant's pattern matches. */
  readonly fallback?: true;
}

/** Values that appear as parameters, as Chinese staff read them (types, states). */
export const ZH_TERMS: Readonly<Record<string, string>> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true/false）',
  object: '对象',
  array: '数组',
  date: '日期',
  // States and steps, worded to follow 已 / 已经 in the templates ("已于 {on} {kind}").
  closed: '关闭',
  published: '发布',
  replied: '答复',
  withdrawn: '撤回',
  replayed: '重放',
  discarded: '丢弃',
};

const DATE_ZH = '必须是 YYYY-MM-DD 格式的日历日期（如 2024-03-04）';

export const ERROR_MESSAGES: Readonly<Record<string, MessageEntry | readonly MessageEntry[]>> = {
  // ---- request validation (zod issue codes) -----------------------------------------------------
  'invalid_type.required': { en: 'is required', zh: '必填' },
  invalid_type: { en: 'must be of type {expected}', zh: '类型应为{expected}' },
  'too_big.string': { en: 'must be at most {maximum} characters', zh: '最多 {maximum} 个字符' },
  'too_big.array': { en: 'must have at most {maximum} items', zh: '最多 {maximum} 项' },
  'too_big.number': { en: 'must be at most {maximum}', zh: '不能大于 {maximum}' },
  'too_big.number.exclusive': { en: 'must be less than {maximum}', zh: '必须小于 {maximum}' },
  too_big: { en: 'is too big (at most {maximum})', zh: '超出上限（最多 {maximum}）' },
  'too_small.string.empty': { en: 'must not be empty', zh: '不能为空' },
  'too_small.string': { en: 'must be at least {minimum} characters', zh: '至少 {minimum} 个字符' },
  'too_small.array': { en: 'must have at least {minimum} items', zh: '至少 {minimum} 项' },
  'too_small.number': { en: 'must be at least {minimum}', zh: '不能小于 {minimum}' },
  'too_small.number.exclusive': { en: 'must be greater than {minimum}', zh: '必须大于 {minimum}' },
  too_small: { en: 'is too small (at least {minimum})', zh: '低于下限（至少 {minimum}）' },
  'invalid_value.one': { en: 'must be {values}', zh: '只能是 {values}' },
  invalid_value: { en: 'must be one of {values}', zh: '必须是以下之一：{values}' },
  'invalid_format.date': {
    en: 'must be a date YYYY-MM-DD (a day of the calendar, e.g. 2024-03-04)',
    zh: DATE_ZH,
  },
  'invalid_format.datetime': {
    en: 'must be a date and time with its offset, e.g. 2024-03-04T09:30:00+08:00',
    zh: '必须是带时区偏移的日期时间，如 2024-03-04T09:30:00+08:00',
  },
  'invalid_format.uuid': [
    { en: 'must be a case id (UUID)', zh: '必须是案件编号（UUID）' },
    { en: 'must be a request id (UUID)', zh: '必须是申请编号（UUID）' },
    { en: 'must be a UUID', zh: '必须是 UUID', fallback: true },
  ],
  'invalid_format.regex': [
    { en: 'must be YYYY, YYYY-Qn or YYYY-MM', zh: '必须是 YYYY、YYYY-Qn 或 YYYY-MM 形式的期间' },
    { en: 'must be a lower-case code (a-z, 0-9, -)', zh: '必须是小写代码（a-z、0-9、-）' },
    { en: 'must be an applicant reference', zh: '必须是申请人编号' },
    { en: 'a topic name', zh: '必须是主题名称' },
    { en: 'a decimal offset', zh: '必须是十进制偏移量' },
    { en: 'must match {pattern}', zh: '格式不符合 {pattern}', fallback: true },
  ],
  invalid_format: { en: 'must be a valid {format}', zh: '格式不正确（应为 {format}）' },
  invalid_union: { en: 'matches none of the allowed forms', zh: '不符合任何一种允许的形式' },
  invalid_key: { en: 'has an invalid key', zh: '含有无效的键' },
  invalid_element: { en: 'has an invalid element', zh: '含有无效的元素' },
  not_multiple_of: { en: 'must be a multiple of {divisor}', zh: '必须是 {divisor} 的整数倍' },
  unrecognized_keys: { en: 'unknown field', zh: '未知字段（请删除）' },
  custom: [
    {
      en: 'give either applicant (a new applicant) or applicantRef (one on file), not both',
      zh: '请给出 applicant（新申请人）或 applicantRef（已登记的申请人）之一，不能两者都给或都不给',
    },
  ],

  // ---- the command protocol's headers, the body parser, the store ---------------------------------
  format: [
    { en: 'must be 1–200 characters of A–Z a–z 0–9 . _ : -', zh: '必须是 1–200 个字符，只能含 A–Z a–z 0–9 . _ : -' },
    { en: 'must be the case version from the ETag, e.g. "3"', zh: '必须是 ETag 给出的案件版本号，如 "3"' },
  ],
  'entity.parse.failed': { en: 'the request body is not valid JSON', zh: '请求体不是有效的 JSON' },
  'entity.too.large': { en: 'the request body is larger than allowed', zh: '请求体超出允许的大小' },
  'entity.verify.failed': { zh: '请求体未通过校验' },
  'charset.unsupported': { zh: '不支持请求体的字符集（请用 UTF-8）' },
  'encoding.unsupported': { zh: '不支持请求体的内容编码' },
  'request.aborted': { zh: '请求在读完请求体之前被中止' },
  'request.size.invalid': { zh: '请求体的长度与 Content-Length 不符' },
  'parameters.too.many': { zh: '参数过多' },
  'if-match.stale-version': [
    {
      en: 'stream {stream} is at version {actual}, not the expected {expected}: reload the case and try again',
      zh: '案件自您看到的版本 {expected} 之后已被修改（当前版本 {actual}）：请重新读取后再提交',
    },
    {
      en: 'stream {stream} is at version {actual}, not the expected {expected} (since then: {since}): reload the case and try again',
      zh: '案件自您看到的版本 {expected} 之后已被修改（当前版本 {actual}，其间登记了 {since}）：请重新读取后再提交',
    },
    { en: 'the case changed since version {expected}', zh: '案件自版本 {expected} 之后已被修改：请重新读取后再提交' },
    { zh: '案件自您看到的版本之后已被修改（If-Match）：请重新读取后再提交' },
  ],
  'idempotency-key.reused': [
    {
      en: 'Idempotency-Key {key} was already used for a different request',
      zh: 'Idempotency-Key {key} 已用于另一个不同的请求：新请求请使用新的键',
    },
    { zh: '此 Idempotency-Key 已用于另一个不同的请求：新请求请使用新的键' },
  ],
  contract: { zh: '不符合事件契约：{english}' },
  'dependency.unavailable': { zh: '暂时无法连接存储或消息中间件：请稍后重试（使用同一个 Idempotency-Key）' },
  'internal-error': { en: 'internal error', zh: '内部错误' },
  'rate-limit': [
    {
      en: 'too many requests from this client: try again in {seconds} s',
      zh: '此客户端请求过多：请在 {seconds} 秒后重试',
    },
    { en: 'too many requests', zh: '请求过多' },
  ],
  // Nest's own answers that carry no rule (a path no route matches; a status without details).
  'http.404': [{ en: 'Cannot {method} {path}', zh: '没有此路径：{method} {path}' }, { zh: '未找到' }],

  // ---- authentication and access (libs/auth) --------------------------------------------------------
  'auth.token-missing': { zh: '需要提供持有者令牌（Authorization: Bearer <JWT>）' },
  'auth.token-malformed': [
    { en: "the token's {part} is not base64url", zh: '令牌格式错误：{part}不是 base64url 编码' },
    { en: "the token's {part} is not JSON", zh: '令牌格式错误：{part}不是 JSON' },
    { en: "the token's {part} is not a JSON object", zh: '令牌格式错误：{part}不是 JSON 对象' },
    { en: 'the token is too long', zh: '令牌过长' },
    { en: 'the token is not a signed JWT (three parts)', zh: '令牌不是已签名的 JWT（应有三段）' },
    { zh: '令牌格式错误' },
  ],
  'auth.token-algorithm': [
    { en: 'the token must be signed with HS256', zh: '令牌必须以 HS256 签名' },
    { zh: '令牌的签名算法不被接受' },
  ],
  'auth.token-signature': { zh: '令牌签名不符' },
  'auth.token-expired': { zh: '令牌已过期' },
  'auth.token-not-yet-valid': { zh: '令牌尚未生效（iat/nbf 在将来）' },
  'auth.token-issuer': { zh: '令牌由其他签发方签发（iss）' },
  'auth.token-audience': { zh: '令牌不是发给本服务的（aud）' },
  'auth.token-claims': { zh: '令牌缺少或含有格式错误的声明（exp、iat、sub、roles、agencyId）' },
  'auth.token-lifetime': { zh: '令牌有效期超过允许的天数' },
  'auth.route-unguarded': { zh: '此路径不属于任何受保护的服务' },
  'auth.role': [
    { en: 'only {roles} may {action}', zh: '只有 {roles} 可以执行：{action}' },
    { zh: '您的角色无权执行此操作' },
  ],
  'auth.agency': [
    { en: '{who} of {agency} may not read the cases of {other}', zh: '{agency} 的 {who} 无权查看 {other} 的案件' },
    { en: '{who} of {agency} may not act on the cases of {other}', zh: '{agency} 的 {who} 无权处理 {other} 的案件' },
    {
      en: "{who} of {agency} reads the agency's own report (scope agency); the roll-up is the city's",
      zh: '{agency} 的 {who} 只能查看本机构的报告（scope=agency）；汇总报告属于市局',
    },
    {
      en: '{who} may not {action}: only an administrator changes an agency at the top of the registry',
      zh: '{who} 无权{action}：登记册顶层的机构只有管理员可以修改',
    },
    {
      en: '{who} of {agency} may not {action}: an administrator, or a supervisor of {parent}, may',
      zh: '{agency} 的 {who} 无权{action}：只有管理员或 {parent} 的主管可以',
    },
    { zh: '您所属的机构无权访问此案件' },
  ],

  // ---- agencies (the registry, ADR 0014) ------------------------------------------------------------
  'agency.unknown': [
    { en: 'no agency {agencyId} in the registry', zh: '机构登记册中没有机构 {agencyId}' },
    { en: 'unknown agency {agencyId}', zh: '机构登记册中没有机构 {agencyId}' },
    { zh: '机构登记册中没有此机构' },
  ],
  'agency.not-yet-valid': [
    {
      en: 'agency {agencyId} exists from {from}, not on {on}',
      zh: '机构 {agencyId} 自 {from} 起才设立，{on} 尚不存在',
    },
    { zh: '该机构在此日期尚未设立' },
  ],
  'agency.ended': [
    { en: 'agency {agencyId} ended on {to}, before {on}', zh: '机构 {agencyId} 已于 {to} 撤销，早于 {on}' },
    { zh: '该机构在此日期已撤销' },
  ],
  'agency.already-ended': [
    { en: 'agency {agencyId} ended on {to}', zh: '机构 {agencyId} 已于 {to} 撤销' },
    { zh: '该机构已撤销' },
  ],
  'agency.has-cases': [
    {
      en: 'agency {agencyId} has cases: it cannot be removed, only ended (POST …/end with validTo)',
      zh: '机构 {agencyId} 已有案件：不能删除，只能撤销（POST …/end 并给出 validTo）',
    },
    { zh: '该机构已有案件：不能删除，只能撤销（POST …/end 并给出 validTo）' },
  ],
  'agency.has-subordinates': [
    {
      en: 'agencies {below} below it exist after {to}: end them first',
      zh: '其下级机构 {below} 在 {to} 之后仍存在：请先撤销它们',
    },
    {
      en: 'agencies {below} are below it: remove or move them first',
      zh: '其下级机构 {below} 仍在：请先删除或移走它们',
    },
    { zh: '该机构仍有下级机构' },
  ],
  'agency.not-an-object': { zh: '每个机构应是一个对象 { "id", "name", … }' },
  'agency.field-unknown': { zh: '未知字段：{field}' },
  'agency.id-invalid': { zh: '机构编号格式不正确（小写字母、数字和 -）' },
  'agency.name-missing': { zh: '必须填写机构的正式名称' },
  'agency.level-invalid': [
    { en: 'the level is one of {levels}', zh: '级别必须是以下之一：{levels}' },
    { zh: '级别不正确' },
  ],
  'agency.parent-unknown': [
    { en: 'no agency {parentId} in the list', zh: '列表中没有上级机构 {parentId}' },
    { zh: 'parentId 必须是另一个机构的编号' },
  ],
  'agency.date-invalid': { zh: DATE_ZH },
  'agency.names-invalid': { zh: 'names 必须是非空列表 [{ "name", "from": YYYY-MM-DD }]' },
  'agency.ended-before-start': [
    { en: 'validTo {to} is before validFrom {from}', zh: '撤销日期 validTo {to} 早于设立日期 validFrom {from}' },
    { zh: 'validTo 早于 validFrom' },
  ],
  'agency.name-history': { zh: '名称历史须按时间先后排列，最后一个名称即现名' },
  'agency.list-empty': { zh: '列表中没有任何机构' },
  'agency.id-duplicate': { zh: '机构编号重复' },
  'agency.parent-cycle': { zh: '该机构会成为自己的上级（上级关系成环）' },
  'agency.list-invalid': { zh: '机构列表应为 JSON 数组 [{ "id", "name", "parentId"?, "level"? }]' },
  'agency.invalid': { zh: '机构信息不正确：{english}' },

  // ---- legal dates (#contracts/legal-time) ----------------------------------------------------------
  'date.invalid': { zh: '{field} 必须是 YYYY-MM-DD 格式的日历日期' },
  'date.in-future': [
    { en: '{field} {value} is after today ({today})', zh: '{field} {value} 晚于今天（{today}）' },
    { zh: '{field} 晚于今天' },
  ],
  'date.before-previous-step': [
    { en: '{field} {value} is before {after}, {what}', zh: '{field} {value} 早于上一步骤的日期 {after}' },
    { zh: '{field} 早于上一步骤的日期' },
  ],
  'legal-date.non-working-day': { zh: '{field} 不是工作日' },
  'calendar.year-missing': [
    {
      en: 'the holiday arrangement of {year} is not on file{rest}',
      zh: '系统中没有 {year} 年的节假日安排，无法计算工作日期限',
    },
    { zh: '系统中没有该年的节假日安排' },
  ],

  // ---- applications: disclosure requests (依申请公开) ------------------------------------------------
  'request.not-found': { zh: '没有此政府信息公开申请' },
  'request.concluded': [
    {
      en: 'the request was {kind} on {on}; nothing more can be recorded',
      zh: '该申请已于 {on} {kind}，不能再登记任何步骤',
    },
    { zh: '该申请已办结，不能再登记任何步骤' },
  ],
  'receipt.already-received': { zh: '该申请已登记收到' },
  'receipt.date-in-future': [
    { en: 'receiptDate {date} is after today ({today})', zh: '收到日期 receiptDate {date} 晚于今天（{today}）' },
    { zh: '收到日期 receiptDate 晚于今天' },
  ],
  'receipt.before-ordinance': [
    {
      en: 'receiptDate {date} is before the 政府信息公开条例 came into force ({inForce})',
      zh: '收到日期 receiptDate {date} 早于《政府信息公开条例》施行日期（{inForce}）',
    },
    { zh: '收到日期早于《政府信息公开条例》施行日期' },
  ],
  'receipt.information-missing': { zh: '请填写所申请的信息内容（informationRequested）' },
  'receipt.applicant-missing': { zh: '必须提供申请人编号（applicantRef）' },
  'applicant.unknown': [{ en: 'no applicant {ref}', zh: '没有申请人 {ref}' }, { zh: '没有此申请人' }],
  'applicant.erased': [
    { en: 'the personal data of {ref} was erased', zh: '申请人 {ref} 的个人信息已被删除' },
    { zh: '该申请人的个人信息已被删除' },
  ],
  'clarification.already-requested': [
    {
      en: 'a clarification was already requested on {on}: the 条例 requires one notice listing everything (一次性告知)',
      zh: '已于 {on} 发出补正通知：条例要求一次性告知需补正的全部内容',
    },
    { zh: '已发出过补正通知：条例要求一次性告知' },
  ],
  'clarification.too-late': [
    {
      en: 'a clarification must be requested within {days} working days of receipt (2019 条例 第三十条); {on} is {used} working days after {receipt}',
      zh: '补正须在收到申请之日起 {days} 个工作日内一次性告知（2019 年条例第三十条）；{on} 已是收到日 {receipt} 之后第 {used} 个工作日',
    },
    { zh: '已超过告知补正的期限（2019 年条例第三十条）' },
  ],
  'clarification.due-not-after-request': { zh: '补正期限 dueOn 必须晚于告知日期 requestedOn' },
  'clarification.not-awaited': { zh: '该申请没有在等待补正' },
  'consultation.already-open': [
    { en: 'a consultation sent on {on} is still awaiting its opinion', zh: '{on} 发出的征求意见尚未得到答复' },
    { zh: '已有一份征求第三方意见尚未答复' },
  ],
  'consultation.not-open': { zh: '没有正在等待答复的征求意见' },
  'extension.already-extended': [
    {
      en: 'the deadline was already extended on {on}; it can be extended once',
      zh: '答复期限已于 {on} 延长过，只能延长一次',
    },
    { en: 'the deadline can be extended once', zh: '期限只能延长一次' },
    { zh: '期限只能延长一次' },
  ],
  'extension.too-long': [
    {
      en: 'an extension is 1 to {max} working days under the {year} 条例',
      zh: '按 {year} 年条例，延长期限为 1 至 {max} 个工作日',
    },
    { en: 'extend by 1 to {max} days', zh: '延长 1 至 {max} 日' },
    { zh: '延长的天数超出允许范围' },
  ],
  'extension.after-deadline': [
    {
      en: 'the deadline {due} has passed; an extension must be decided before it',
      zh: '答复期限 {due} 已过；延期须在期限届满前决定',
    },
    { en: 'the deadline {due} has passed', zh: '期限 {due} 已过' },
    { zh: '期限已过，不能再延长' },
  ],
  'extension.reason-missing': { zh: '延期须说明理由（reason）' },
  'extension.not-reconsideration': { zh: '只有行政复议的期限可以在此延长' },
  'fee.already-noticed': [
    { en: 'a fee was already noticed on {on}', zh: '已于 {on} 发出收费通知' },
    { zh: '已发出过收费通知' },
  ],
  'fee.already-paid': [{ en: 'the fee was paid on {on}', zh: '费用已于 {on} 缴纳' }, { zh: '费用已缴纳' }],
  'fee.invalid-amount': { zh: '金额 amountFen 必须是正整数（单位：分，0.01 元）' },
  'fee.not-noticed': { zh: '该申请没有发出过收费通知' },
  'fee.lapse-too-early': [
    {
      en: 'the applicant may pay until {until} ({days} working days after the notice)',
      zh: '申请人可在 {until} 之前缴费（收费通知后 {days} 个工作日）',
    },
    { zh: '缴费期限尚未届满' },
  ],
  'reply.already-replied': [
    { en: 'the request was already replied to on {on}', zh: '该申请已于 {on} 答复' },
    { zh: '该申请已答复' },
  ],
  'reply.request-withdrawn': [
    { en: 'the request was withdrawn on {on}', zh: '该申请已于 {on} 撤回' },
    { zh: '该申请已撤回' },
  ],
  'reply.outcome-outside-tree': [
    { en: '{field} must be one of {allowed}', zh: '{field} 必须是以下之一：{allowed}' },
    { en: '{field} {category} takes no reason', zh: '{field}：{category} 不带理由（reason）' },
    { en: '{field} {category} takes one of {allowed}', zh: '{field}：{category} 的理由必须是以下之一：{allowed}' },
    {
      en: '{field} third-party-rights needs thirdPartyInterest: one of {allowed}',
      zh: '{field}：third-party-rights 须给出 thirdPartyInterest，取以下之一：{allowed}',
    },
    {
      en: '{field} only a withheld/third-party-rights reply takes it',
      zh: '{field}：只有 withheld/third-party-rights 的答复才有此项',
    },
    {
      en: '{field} not-held needs notHeldBecause: one of {allowed}',
      zh: '{field}：not-held 须给出 notHeldBecause，取以下之一：{allowed}',
    },
    {
      en: '{field} only a cannot-provide/not-held reply takes it',
      zh: '{field}：只有 cannot-provide/not-held 的答复才有此项',
    },
    { zh: '{field} 不在答复结果的分类树内' },
  ],
  'reply.fee-unpaid-needs-lapse': { zh: '逾期未缴费的申请以登记收费通知失效办结，而不是答复' },
  'reply.no-clarification-not-awaited': {
    zh: 'other-processing/no-clarification 要求已告知补正且申请人未补正',
  },
  'reply.no-clarification-before-due': [
    {
      en: 'the applicant has until {due} to clarify the request',
      zh: '申请人补正期限至 {due}，期限届满前不能以未补正答复',
    },
    { zh: '补正期限尚未届满' },
  ],
  'reply.unclear-without-clarification': {
    zh: 'still-unclear-after-clarification 要求已告知补正且申请人已补正',
  },
  'withdrawal.already-concluded': [
    { en: 'the request was already {kind} on {on}', zh: '该申请已于 {on} {kind}' },
    { zh: '该申请已办结' },
  ],
  'list.overdue-and-due-soon': { zh: '请只选择“已逾期”或“即将到期”之一' },

  // ---- publications (主动公开) ------------------------------------------------------------------------
  'publication.not-found': { zh: '没有此公开信息' },
  'publication.already-recorded': { zh: '此公开信息已登记' },
  'publication.already-retracted': [{ en: 'retracted on {on}', zh: '已于 {on} 撤回' }, { zh: '已撤回' }],
  'publication.title-missing': { zh: '标题 {field} 不能为空' },
  'publication.reason-missing': { zh: '理由 {field} 不能为空' },
  'normative-document.not-found': { zh: '没有此规范性文件' },
  'normative-document.already-issued': { zh: '该规范性文件已登记为已发布' },
  'normative-document.already-repealed': [{ en: 'repealed on {on}', zh: '已于 {on} 废止' }, { zh: '已废止' }],
  'normative-document.title-missing': { zh: '标题 {field} 不能为空' },
  'normative-stock.not-found': { zh: '没有此规范性文件存量记录' },
  'normative-stock.count-invalid': { zh: '数量 count 必须是 ≥ 0 的整数' },
  'normative-stock.change-invalid': { zh: '变动数 change 必须是非 0 整数' },
  'normative-stock.change-against-cause': [
    { en: 'change must be positive for documents found', zh: '新发现的文件，变动数 change 必须为正数' },
    { en: 'change must be negative for documents {cause}', zh: '因 {cause} 减少的文件，变动数 change 必须为负数' },
    { en: 'change must be {sign}', zh: '变动数 change 的正负与原因不符' },
  ],
  'normative-stock.correction-before-opening': [
    {
      en: 'a correction of {on} would fall inside an opening stock counted as of {asOf}',
      zh: '{on} 的更正会落在截至 {asOf} 的期初存量之内',
    },
    {
      en: "correctedOn must be after the opening stock's date {asOf}: that count already includes it",
      zh: '更正日期 correctedOn 必须晚于期初存量日期 {asOf}：该存量已包含此前的变动',
    },
    { zh: '更正日期不能早于期初存量日期' },
  ],
  'normative-stock.wrong-stream': { zh: '此存量记录属于另一机构或类别' },
  'normative-stock.reason-required': { zh: '理由 {field} 不能为空' },
  'catalogue-entry.not-found': { zh: '没有此目录条目' },
  'catalogue-entry.already-listed': { zh: '此目录条目已登记' },
  'catalogue-entry.already-delisted': [{ en: 'delisted on {on}', zh: '已于 {on} 移出目录' }, { zh: '已移出目录' }],
  'catalogue-entry.title-missing': { zh: '标题 {field} 不能为空' },
  'figure.invalid': { zh: '{field} 必须是 ≥ 0 的整数' },
  'figure.wrong-stream': { zh: '此数字记录属于另一机构、年度或指标' },
  'figures.not-found': { zh: '没有此申报' },
  'period.invalid': [
    { en: 'period must be YYYY, YYYY-Qn or YYYY-MM', zh: '期间 period 必须是 YYYY、YYYY-Qn 或 YYYY-MM' },
    { en: 'period must be a year YYYY or a month YYYY-MM', zh: '期间 period 必须是年份 YYYY 或月份 YYYY-MM' },
    { zh: '期间 period 格式不正确' },
  ],
  'period.not-started': [
    { en: 'period {period} has not started yet (today is {today})', zh: '期间 {period} 尚未开始（今天是 {today}）' },
    { en: 'year {year} has not started yet (today is {today})', zh: '{year} 年尚未开始（今天是 {today}）' },
    { zh: '该期间尚未开始' },
  ],
  'period.in-future': [
    { en: 'period {period} has not begun (today is {today})', zh: '期间 {period} 尚未开始（今天是 {today}）' },
    { zh: '该期间尚未开始' },
  ],
  'period.overlaps': [
    {
      en: '{period} overlaps the declared period {other}: declare {again} again to correct it',
      zh: '{period} 与已申报的期间 {other} 重叠：如需更正，请重新申报 {again}',
    },
    {
      en: 'months of {year} are already declared for this source (e.g. {month}): declare months, not the year',
      zh: '此来源已按月申报 {year} 年的数字（如 {month}）：请继续按月申报，而不是按年',
    },
    {
      en: 'the whole year {year} is already declared for this source: re-declare the year, not a month',
      zh: '此来源已按全年申报 {year} 年：请重新申报全年，而不是某个月',
    },
    { zh: '该期间与已申报的期间重叠' },
  ],
  'decision-count.source-unavailable': [
    {
      en: 'source enforcement-cases: enforcement decides no {type} on its cases (only 行政处罚 and 行政强制)',
      zh: '来源 enforcement-cases：执法案件不作出{type}决定（只有行政处罚和行政强制）：请选择其他来源',
    },
    { zh: '执法案件不产生此类决定的数量（只有行政处罚和行政强制）：请选择其他来源' },
  ],

  // ---- consultations (咨询) -----------------------------------------------------------------------------
  'consultation.unknown': { zh: '没有此咨询' },
  'consultation.already-received': { zh: '此咨询已登记' },
  'consultation.already-answered': [{ en: 'already answered on {on}', zh: '已于 {on} 答复' }, { zh: '已答复' }],
  'consultation.answered-before-received': [
    {
      en: 'answeredOn {answered} is before the consultation was received ({received})',
      zh: '答复日期 answeredOn {answered} 早于收到咨询的日期（{received}）',
    },
    { zh: '答复日期早于收到日期' },
  ],
  'tally.unknown': [
    { en: 'nothing declared', zh: '尚未申报任何数字' },
    { en: 'nothing declared for {agencyId} {year}', zh: '{agencyId} {year} 年尚未申报任何数字' },
    { zh: '尚未申报任何数字' },
  ],
  'tally.wrong-stream': { zh: '此申报属于另一机构或年度的统计' },
  'count.invalid': [
    { en: '{field} must be a whole number ≥ {min}', zh: '{field} 必须是 ≥ {min} 的整数' },
    { zh: '{field} 必须是整数' },
  ],
  'views.invalid': { zh: '{field} 必须是 ≥ 0 的整数' },
  'items.invalid': { zh: '{field} 必须是 ≥ 0 的整数' },
  'batch.unknown': [
    { en: 'no such batch', zh: '没有此批次' },
    { en: 'no batch {batchId}', zh: '没有批次 {batchId}' },
    { zh: '没有此批次' },
  ],
  'batch.empty': { zh: '此批次没有任何数据行' },
  'batch.too-large': [
    { en: 'a batch holds at most {rows} rows: split it', zh: '一个批次最多 {rows} 行：请拆分' },
    { en: 'a batch body is at most {size} MiB: split it', zh: '一个批次的请求体最多 {size} MiB：请拆分' },
    { en: 'body too large', zh: '请求体过大' },
    { zh: '批次过大：请拆分' },
  ],
  'batch.id-invalid': { zh: '批次编号为 1–100 个字符，只能含 A–Z a–z 0–9 . _ -' },
  'batch.id-reused': [
    {
      en: 'batch {batchId} was already received with other content or agency: choose a new batch id',
      zh: '批次 {batchId} 已以不同的内容或机构收到过：请换一个批次编号',
    },
    { zh: '此批次编号已用于内容或机构不同的批次：请换一个批次编号' },
  ],
  'batch.agency-required': [
    {
      en: 'batch id {batchId} was used by {agencies}: name the agencyId',
      zh: '批次编号 {batchId} 已被 {agencies} 使用：请给出 agencyId',
    },
    { zh: '此批次编号被多个机构使用过：请给出 agencyId' },
  ],
  'batch.header-invalid': [
    { en: 'the CSV header has unbalanced quotes', zh: 'CSV 表头的引号不成对' },
    {
      en: 'the CSV header must name the columns {columns} (receivedOn and channel required): {problems}',
      zh: 'CSV 表头只能含以下列：{columns}（receivedOn 和 channel 必填）：{problems}',
    },
    { zh: 'CSV 表头不正确' },
  ],
  'batch.counts-inconsistent': { zh: '接受行数与拒绝行数之和必须等于读取的行数' },
  'batch.content-type': [
    { en: 'send the batch as text/csv or application/x-ndjson', zh: '请以 text/csv 或 application/x-ndjson 发送批次' },
    { en: 'must be text/csv or application/x-ndjson', zh: '必须是 text/csv 或 application/x-ndjson' },
    { zh: '批次的内容类型不受支持' },
  ],
  'import.chunk-inconsistent': [
    { en: 'chunk {chunk} of batch {batchId} does not add up', zh: '批次 {batchId} 的第 {chunk} 块数字对不上' },
    { zh: '导入分块的数字对不上' },
  ],
  'csv.malformed': { zh: '引号不成对' },
  'csv.column-count': { zh: '此行的列数与表头不一致' },
  'json.malformed': { zh: '不是有效的 JSON' },
  'json.not-object': { zh: '不是 JSON 对象' },

  // ---- enforcement (执法监察) ---------------------------------------------------------------------------
  'case.unknown': { zh: '没有此违法案件' },
  'case.not-found': { zh: '没有此案件' },
  'case.already-discovered': { zh: '此违法案件已登记' },
  'case.closed': [{ en: 'the case was closed on {on}', zh: '该案件已于 {on} 结案' }, { zh: '该案件已结案' }],
  'area.negative': { zh: '{field} 必须是 ≥ 0 的数' },
  'area.zero': { zh: '{field} 必须大于 0' },
  'stop.already-stopped': [{ en: 'already stopped on site on {on}', zh: '已于 {on} 现场制止' }, { zh: '已现场制止' }],
  'stop.after-filing': { zh: '已立案的案件进入调查，不再现场制止' },
  'stop.before-discovery': [
    { en: '{field} {date} is before the discovery ({other})', zh: '{field} {date} 早于发现日期（{other}）' },
    { zh: '{field} 早于发现日期' },
  ],
  'file.already-filed': [
    { en: 'the case was already filed on {on}', zh: '该案件已于 {on} 立案' },
    { zh: '该案件已立案' },
  ],
  'file.before-discovery': [
    { en: '{field} {date} is before the discovery ({other})', zh: '{field} {date} 早于发现日期（{other}）' },
    { zh: '{field} 早于发现日期' },
  ],
  'file.before-stop': [
    { en: '{field} {date} is before the stop ({other})', zh: '{field} {date} 早于现场制止日期（{other}）' },
    { zh: '{field} 早于现场制止日期' },
  ],
  'decision.before-filing': [
    { en: '{field} {date} is before {what} ({other})', zh: '{field} {date} 早于立案日期（{other}）' },
    { zh: '{field} 早于立案日期' },
  ],
  'decision.number-repeated': { zh: '此决定书编号已在本案件中登记' },
  'close.before-filing': [
    { en: '{field} {date} is before the filing ({other})', zh: '{field} {date} 早于立案日期（{other}）' },
    { zh: '{field} 早于立案日期' },
  ],
  'close.before-decision': [
    {
      en: '{field} {date} is before the last decision ({other})',
      zh: '{field} {date} 早于最后一个决定的日期（{other}）',
    },
    { zh: '{field} 早于最后一个决定的日期' },
  ],
  'penalty.case-not-filed': { zh: '案件须先立案' },
  'coercive.case-not-filed': { zh: '案件须先立案' },
  'close.case-not-filed': { zh: '案件须先立案' },
  'penalty.kinds-invalid': { zh: '每种处罚只能列一次，至少一种' },
  'penalty.fine-amount-missing': { zh: '罚款须给出金额（元，> 0）' },
  'penalty.amount-without-fine': { zh: '给出了罚款金额 fineYuan，但处罚中没有罚款' },
  'idle-land.unknown': { zh: '没有此闲置土地认定' },
  'idle-land.already-determined': { zh: '此闲置土地认定已登记' },
  'inspection.unknown': { zh: '没有此卫片执法检查' },
  'inspection.other-campaign': [
    {
      en: 'this campaign is {agencyId} {year}; record another campaign separately',
      zh: '此检查属于 {agencyId} {year} 年度的卫片执法：其他年度请另行登记',
    },
    { zh: '此检查属于另一个年度的卫片执法' },
  ],
  'inspection.outside-campaign': [
    {
      en: 'the {year} campaign is inspected in {year} or {next}',
      zh: '{year} 年度的卫片执法检查在 {year} 年或 {next} 年进行',
    },
    { zh: '检查日期不在该年度卫片执法的期间内' },
  ],
  'inspection.violations-exceed-parcels': [
    {
      en: 'violations ({violations}) cannot exceed the parcels inspected ({parcels})',
      zh: '违法图斑数（{violations}）不能超过检查的图斑数（{parcels}）',
    },
    { zh: '违法图斑数不能超过检查的图斑数' },
  ],
  'demolition.unknown': { zh: '没有此拆除记录' },
  'demolition.already-recorded': { zh: '此拆除已登记' },

  // ---- appeals (复议、诉讼) -----------------------------------------------------------------------------
  'appeal.unknown': { zh: '没有此复议或诉讼' },
  'appeal.already-filed': { zh: '此复议或诉讼已登记' },
  'appeal.already-decided': [
    { en: 'already decided on {on}', zh: '已于 {on} 审结' },
    { en: 'decided on {on}', zh: '已于 {on} 审结' },
    { zh: '已审结' },
  ],
  'act.unknown': [{ en: 'act {ref} has not been seen yet', zh: '尚未见到行为 {ref}' }, { zh: '尚未见到此行政行为' }],
  'act.kind-mismatch': [
    { en: '{ref} is a {kind}, not a {other}', zh: '{ref} 是 {kind}，不是 {other}' },
    { zh: '被诉行为的类别不符' },
  ],
  'act.agency-mismatch': [
    { en: 'the act {ref} belongs to {agencyId}, not {other}', zh: '行为 {ref} 属于 {agencyId}，不属于 {other}' },
    { zh: '被诉行为不属于此机构' },
  ],
  'acceptance.before-filing': [
    { en: '{field} {date} is before filedOn ({other})', zh: '{field} {date} 早于提起日期（{other}）' },
    { zh: '{field} 早于提起日期' },
  ],
  'filing.before-known': [
    { en: '{field} {date} is before knownOn ({other})', zh: '{field} {date} 早于知道该行为的日期（{other}）' },
    { zh: '{field} 早于知道该行为的日期' },
  ],
  'lawsuit.before-reconsideration': [
    {
      en: '{field} {date} is before the reconsideration ({other})',
      zh: '{field} {date} 早于复议的提起日期（{other}）',
    },
    { zh: '{field} 早于复议的提起日期' },
  ],
  'lawsuit.reconsideration-unknown': [{ en: 'no appeal {id}', zh: '没有复议 {id}' }, { zh: '没有此复议' }],
  'lawsuit.not-a-reconsideration': [
    { en: '{id} is a lawsuit', zh: '{id} 是诉讼，不是复议' },
    { zh: '所引用的不是复议' },
  ],
  'decision.other-result-mismatch': { zh: 'otherResult 只在结果为 "other" 时填写' },

  // ---- reporting: annual reports, projection, operations ----------------------------------------------
  'annual-report.closed': [
    {
      en: 'the {year} report is {status}: its text is frozen with its figures; reopen it, with a reason, to edit',
      zh: '{year} 年度报告已{status}：其文字与数字一同冻结；如需修改，请说明理由后重新打开',
    },
    {
      en: 'the {year} report is {status}: reopen it, with a reason, before declaring facts',
      zh: '{year} 年度报告已{status}：申报数据前请说明理由重新打开',
    },
    { zh: '该年度报告已关闭' },
  ],
  'annual-report.already-closed': [
    { en: 'the {year} report is already {status}', zh: '{year} 年度报告已经{status}' },
    { zh: '该年度报告已关闭' },
  ],
  'annual-report.already-published': [
    { en: 'the {year} report is already published', zh: '{year} 年度报告已经发布' },
    { zh: '该年度报告已经发布' },
  ],
  'annual-report.not-closed': [
    { en: 'the {year} report is not closed', zh: '{year} 年度报告尚未关闭' },
    { en: 'close the year {year} before publishing its report', zh: '发布前请先关闭 {year} 年度' },
    { en: 'the year is not closed: it has no post-close adjustments', zh: '该年度尚未关闭：没有关闭后的调整' },
    { zh: '该年度报告尚未关闭' },
  ],
  'annual-report.year-not-over': [
    {
      en: 'the year {year} is not over (today is {today}); it can be closed from {from}',
      zh: '{year} 年尚未结束（今天是 {today}）；自 {from} 起可以关闭',
    },
    { zh: '该年度尚未结束' },
  ],
  'annual-report.reopen-reason-required': { zh: '重新打开已关闭的年度须说明理由（至少 5 个字符）' },
  'annual-report.not-published': [
    {
      en: 'no annual report of {agencyId} for {year} has been published',
      zh: '{agencyId} 的 {year} 年度报告尚未发布',
    },
    { zh: '该年度报告尚未发布' },
  ],
  'declared.staff-count': { zh: '{field} 必须是 ≥ 0 的整数' },
  'declared.expenditure': { zh: '支出 expenditureWanYuan 必须 ≥ 0' },
  'declared.expenditure-precision': { zh: '支出 expenditureWanYuan 最多 6 位小数（1 分 = 0.000001 万元）' },
  'narrative.text-required': { zh: '正文 text 不能为空' },
  'narrative.unknown-section': [
    {
      en: 'sectionId must be one of {sections} for template {template}',
      zh: '模板 {template} 的 sectionId 必须是以下之一：{sections}',
    },
    { zh: '没有此章节' },
  ],
  'narrative.placeholder-unknown': { zh: '正文引用了不存在的报告单元格：{english}' },
  'projection.rebuild-running': [
    { en: 'generation {generation} is already being rebuilt', zh: '第 {generation} 代统计投影正在重建' },
    { zh: '已有重建在进行' },
  ],
  'projection.no-rebuild': { zh: '没有正在进行的重建' },
  'projection.rebuild-behind': [
    {
      en: 'generation {generation} has not yet applied everything generation {from} had; try again',
      zh: '第 {generation} 代尚未处理完第 {from} 代已有的全部事件：请稍后再试',
    },
    { zh: '重建尚未追上当前的投影：请稍后再试' },
  ],
  'projection.rebuild-differs': { zh: '重建结果与当前投影不一致：{english}' },
  'report.pdf-unavailable': {
    zh: '无法在此生成 PDF：需要安装 chromium（apt-get install chromium）或设置 CHROMIUM_PATH',
  },
  'dead-letter.not-found': [{ en: 'no dead letter {key}', zh: '没有死信 {key}' }, { zh: '没有此死信' }],
  'dead-letter.unknown-topic': [
    { en: '{topic} is not one of {topics}', zh: '{topic} 不是以下主题之一：{topics}' },
    { zh: '没有此主题' },
  ],
  'dead-letter.reason-required': [
    { en: 'a reason of at least {min} characters is required', zh: '须说明理由（至少 {min} 个字符）' },
    { zh: '须说明理由' },
  ],
  'dead-letter.already-handled': [
    { en: 'dead letter {key} was already {done}', zh: '死信 {key} 已经{done}' },
    { zh: '该死信已处理' },
  ],
  'dead-letter.no-consumer-group': { zh: '该死信没有注明消费组，无法重放：请丢弃' },
  // The operations service relays a call to another service that failed with no answer of its own.
  // The service's own failure (a timeout, its status and message) stays as it came: it is what an operator acts on.
  'operations.upstream': {
    en: '{detail}',
    zh: '被调用的服务没有正常答复（{detail}），请稍后再试；详见该服务的日志与监控页面',
  },
  'page.unknown-file': [
    { en: 'the monitoring page has no file {file}', zh: '监控页面没有文件 {file}' },
    { en: 'the workbench has no file {file}', zh: '工作台没有文件 {file}' },
    { zh: '监控页面没有此文件' },
  ],
};
