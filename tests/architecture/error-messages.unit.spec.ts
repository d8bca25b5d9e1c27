// Every rule id an HTTP answer can name has a Chinese message in the catalogue
// (libs/http/src/messages/catalogue.ts): the services write their messages in English and the edge
// translates them by rule id, so a rule without an entry would reach the staff in English.
//
// The rule ids are found in the sources (apps/*/src, libs/*/src, specs and test helpers aside) where
// the code makes them:
// - the first argument of `new DomainError(…)`;
// - `rule: …` in an object literal or a type (a refusal an HttpException or a problem carries), but not
//   in a report check (an object with `holds`: shown on the report, never an error answer);
// - an argument given to a function's parameter named `rule` (`checkOrder('file.before-stop', …)`);
// - the zod issue codes an answer names (rule = the code), from the catalogue keys of
//   validation.ts's `messageKeyOf`.
// A rule made at run time (a template, a variable of another shape) must be listed in DYNAMIC with the
// ids it can be: a new one fails this test until it is.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ERROR_MESSAGES, placeholdersOf, readParams } from '#http';
import { repoRoot } from '#testing';

const root = repoRoot();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      return ['node_modules', 'dist', 'testing'].includes(name) ? [] : sourceFiles(full);
    }
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const files = ['apps', 'libs'].flatMap((top) =>
  readdirSync(path.join(root, top))
    .map((name) => path.join(root, top, name, 'src'))
    .filter((dir) => existsSync(dir) && statSync(dir).isDirectory())
    .flatMap(sourceFiles),
);

/**
 * Rules made at run time, by file and the expression that makes them: the ids each can be.
 * `problem.rule`-like expressions name problems whose rules are literals found elsewhere (the
 * problem's own `rule: '…'`), so they expand to nothing here.
 */
const DYNAMIC: Readonly<Record<string, readonly string[]>> = {
  // enforcement: filedCase(state, 'penalty' | 'coercive' | 'close')
  '`${what}.case-not-filed`': ['penalty.case-not-filed', 'coercive.case-not-filed', 'close.case-not-filed'],
  // enforcement: landRecordDecider(kind) — each land-record declaration names its rule
  'kind.alreadyRecorded.rule': ['demolition.already-recorded', 'idle-land.already-determined'],
  // consultations: declareFigure(…, 'views' | 'items')
  '`${valueField}.invalid`': ['views.invalid', 'items.invalid'],
  // libs/auth: TokenRejected's problem (jwt.ts TokenProblem)
  '`auth.token-${err.problem}`': [
    'auth.token-malformed',
    'auth.token-algorithm',
    'auth.token-signature',
    'auth.token-expired',
    'auth.token-not-yet-valid',
    'auth.token-issuer',
    'auth.token-audience',
    'auth.token-claims',
    'auth.token-lifetime',
  ],
  // contracts' problems (legal dates, agencies, outcomes): their `rule: '…'` literals are collected.
  'problem.rule': [],
  'agencyRefusal.rule': [],
  'unknown.rule': [],
  'first?.rule': [],
  // stream-views.ts: the services' `notFound: { rule: '…' }` literals are collected.
  'this.notFound.rule': [],
  // error-filter.ts: a DomainError's rule, and a zod issue's code (the ZOD_CODES below).
  'err.rule': [],
  'v.rule': [],
  'dateProblem.rule': [],
  'issue.code': [],
  // report-pdf.ts: PDF_UNAVAILABLE; non-working-day.ts: NON_WORKING_DAY_RULE (a warning, in Chinese).
  PDF_UNAVAILABLE: ['report.pdf-unavailable'],
  NON_WORKING_DAY_RULE: [],
  // body-parser's error type (error-filter.ts), the ones a client can cause.
  rule: [
    'entity.parse.failed',
    'entity.too.large',
    'entity.verify.failed',
    'charset.unsupported',
    'encoding.unsupported',
    'request.aborted',
    'request.size.invalid',
    'parameters.too.many',
  ],
};

/** The zod issue codes request validation can answer with (zod v4 `$ZodIssue`). */
const ZOD_CODES = [
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
  'custom',
];

/**
 * Functions taking a `rule` whose rules are not error answers: the report's balancing checks (shown
 * on the report with `holds`), and a consultation batch's row errors (listed in the batch's report).
 */
const NOT_ANSWERS = new Set(['fail']);
const returnsCheck = (type: ts.TypeNode | undefined): boolean => /\bCheck\b/.test(type?.getText() ?? '');

const isRuleId = (text: string): boolean => /^[a-z0-9][a-z0-9_.-]*$/i.test(text);

interface Found {
  readonly rules: Map<string, string>;
  readonly dynamic: Map<string, string>;
  /** The English a `new DomainError(rule, message)` writes, its interpolations as `…`, by site. */
  readonly messages: Array<{ rule: string; english: string; at: string }>;
}

/** A message argument as text, each `${…}` as `…`; undefined when not written out. */
function textOf(e: ts.Expression): string | undefined {
  if (isStringLiteral(e)) return e.text;
  if (ts.isTemplateExpression(e)) return e.head.text + e.templateSpans.map((s) => `…${s.literal.text}`).join('');
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = textOf(e.left);
    const b = textOf(e.right);
    return a !== undefined && b !== undefined ? a + b : undefined;
  }
  return undefined;
}

const isStringLiteral = (n: ts.Node): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n);

/** The rule ids an expression can be, when written out (a literal, either branch, a fallback); else undefined. */
function literalsOf(e: ts.Expression): string[] | undefined {
  if (isStringLiteral(e)) return [e.text];
  if (ts.isParenthesizedExpression(e)) return literalsOf(e.expression);
  if (ts.isConditionalExpression(e)) {
    const a = literalsOf(e.whenTrue);
    const b = literalsOf(e.whenFalse);
    return a && b ? [...a, ...b] : undefined;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
    const right = literalsOf(e.right);
    return right && [...right, ...(literalsOf(e.left) ?? [])];
  }
  return undefined;
}

function typeLiterals(t: ts.TypeNode): string[] {
  if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return [t.literal.text];
  if (ts.isUnionTypeNode(t)) return t.types.flatMap(typeLiterals);
  return [];
}

function scan(): Found {
  const found: Found = { rules: new Map(), dynamic: new Map(), messages: [] };
  const parsed = files.map((file) => ({
    file,
    source: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true),
  }));
  const where = (file: string, node: ts.Node): string =>
    `${path.relative(root, file)}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const note = (file: string, node: ts.Node, e: ts.Expression): void => {
    const literals = literalsOf(e);
    // Rule ids are ASCII (`reply.already-replied`); a Chinese label under a key named rule is not one.
    if (literals) for (const rule of literals.filter(isRuleId)) found.rules.set(rule, where(file, node));
    else found.dynamic.set(e.getText(), where(file, node));
  };

  // Functions (declared, or arrows bound to a name) with a parameter named `rule`: its position.
  const ruleParameter = new Map<string, number>();
  for (const { source } of parsed) {
    const visit = (node: ts.Node): void => {
      const fn =
        ts.isFunctionDeclaration(node) && node.name
          ? { name: node.name.text, params: node.parameters, type: node.type }
          : ts.isVariableDeclaration(node) &&
              ts.isIdentifier(node.name) &&
              node.initializer &&
              (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
            ? { name: node.name.text, params: node.initializer.parameters, type: node.initializer.type }
            : undefined;
      const at = fn?.params.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === 'rule') ?? -1;
      if (fn && at >= 0 && !NOT_ANSWERS.has(fn.name) && !returnsCheck(fn.type)) ruleParameter.set(fn.name, at);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }

  for (const { file, source } of parsed) {
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && node.expression.getText() === 'DomainError' && node.arguments?.[0]) {
        note(file, node, node.arguments[0]);
        const english = node.arguments[1] && textOf(node.arguments[1]);
        for (const rule of literalsOf(node.arguments[0]) ?? []) {
          if (english !== undefined) found.messages.push({ rule, english, at: where(file, node) });
        }
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const at = ruleParameter.get(node.expression.text);
        const arg = at === undefined ? undefined : node.arguments[at];
        if (arg) note(file, node, arg);
      }
      if (
        ts.isPropertyAssignment(node) &&
        node.name.getText() === 'rule' &&
        ts.isObjectLiteralExpression(node.parent)
      ) {
        const isCheck = node.parent.properties.some((p) => ['holds', 'row'].includes(p.name?.getText() ?? ''));
        if (!isCheck && !ts.isCallExpression(node.initializer)) note(file, node, node.initializer);
      }
      if (ts.isPropertySignature(node) && node.name.getText() === 'rule' && node.type) {
        const isCheck =
          ts.isTypeLiteralNode(node.parent) || ts.isInterfaceDeclaration(node.parent)
            ? node.parent.members.some((m) => m.name?.getText() === 'holds')
            : false;
        if (!isCheck) for (const rule of typeLiterals(node.type)) found.rules.set(rule, where(file, node));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('the error message catalogue', () => {
  const found = scan();

  it('knows every rule made at run time (a new template or variable must be listed with its ids)', () => {
    const unknown = [...found.dynamic].filter(([expression]) => !(expression in DYNAMIC));
    assert.deepEqual(
      unknown.map(([expression, at]) => `${at}: ${expression}`),
      [],
      'list these in DYNAMIC with the rule ids they can be',
    );
  });

  it('has a Chinese message for every rule id the code can produce', () => {
    const rules = new Map(found.rules);
    for (const [expression, ids] of Object.entries(DYNAMIC))
      for (const id of ids) rules.set(id, `DYNAMIC ${expression}`);
    // Found this way, the scan is not empty by accident: the services' refusals are there.
    assert.ok(rules.size > 150, `only ${rules.size} rule ids found: is the scan broken?`);
    for (const known of ['request.not-found', 'agency.unknown', 'auth.token-missing', 'file.before-stop']) {
      assert.ok(rules.has(known), `the scan misses ${known}`);
    }
    const missing = [...rules].filter(([rule]) => !hasEntry(rule)).map(([rule, at]) => `${rule} (${at})`);
    assert.deepEqual(missing, [], 'add these to libs/http/src/messages/catalogue.ts');
  });

  it('translates each English message a DomainError is written with by a variant made for it', () => {
    // A variant's pattern that matches nothing the code writes would hand staff the generic wording.
    assert.ok(found.messages.length > 100, `only ${found.messages.length} messages found`);
    const unmatched = found.messages.filter(({ rule, english }) => {
      // A message made only of values (`${problem.field} ${problem.message}`) is checked where they are written.
      if (english.replace(/…/g, '').trim() === '') return false;
      const entry = ERROR_MESSAGES[rule];
      if (!entry) return true;
      const variants = Array.isArray(entry) ? entry : [entry];
      const patterns = variants.filter((v) => v.en !== undefined);
      if (patterns.length === 0) return false;
      return !patterns.some((v) => readParams(v.en!, english) !== undefined);
    });
    assert.deepEqual(
      unmatched.map((m) => `${m.rule}: "${m.english}" (${m.at})`),
      [],
    );
  });

  it('has an entry for every zod issue code request validation answers with', () => {
    const missing = ZOD_CODES.filter((code) => !hasEntry(code));
    assert.deepEqual(missing, []);
  });

  it('fills every Chinese placeholder from the English it translates, the field, or the message itself', () => {
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(ERROR_MESSAGES)) {
      for (const variant of Array.isArray(entry) ? entry : [entry]) {
        // Two values side by side cannot be told apart when read back out of a message.
        if (/\}\{/.test(variant.en ?? '')) problems.push(`${key}: "${variant.en}" has two values side by side`);
        const known = new Set(['field', 'english', ...placeholdersOf(variant.en ?? '')]);
        const unknown = placeholdersOf(variant.zh).filter((p) => !known.has(p));
        if (unknown.length) problems.push(`${key}: ${variant.zh} uses ${unknown.join(', ')}`);
        if (/[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}/.test(variant.zh.replace(/\{[^}]+\}/g, ''))) {
          problems.push(`${key}: "${variant.zh}" reads like English`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});

/** A rule has an entry under its own id, or (a zod code) under its kinds: `too_big.string`. */
const hasEntry = (rule: string): boolean =>
  Object.keys(ERROR_MESSAGES).some((k) => k === rule || k.startsWith(`${rule}.`));
