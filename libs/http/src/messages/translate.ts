// Renders an error's human message in the caller's language from the catalogue (catalogue.ts), by
// the error's rule id. The services keep writing their messages in English (the domain's words,
// unchanged); the edge translates them. Named parameters ({field}, {maximum}, {agencyId}, …) come
// from the validation issue, or are read back out of the English message by the entry's English
// pattern. Without an entry, or when no variant fits, the English message stands (the catalogue's
// test keeps that from reaching staff for any rule the code can produce).
import { ERROR_MESSAGES, type MessageEntry, ZH_TERMS } from './catalogue.js';
import { type Language } from './language.js';

export type MessageParams = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export const placeholdersOf = (template: string): string[] =>
  [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const patternCache = new Map<string, RegExp>();

/** `the {year} report is {status}` → /^the (.+?) report is (.+?)$/ with the names in order. */
function patternOf(template: string): RegExp {
  let re = patternCache.get(template);
  if (!re) {
    // A value named twice is the same value both times (`the {year} campaign is inspected in {year} or …`).
    const seen = new Set<string>();
    const source = template
      .split(PLACEHOLDER)
      .map((part, i) => {
        if (i % 2 === 0) return escapeRegExp(part);
        if (seen.has(part)) return `\\k<${part}>`;
        seen.add(part);
        return `(?<${part}>[\\s\\S]*?)`;
      })
      .join('');
    re = new RegExp(`^${source}$`);
    patternCache.set(template, re);
  }
  return re;
}

/** The parameters an English message carries when it has the shape of `template`; undefined otherwise. */
export function readParams(template: string, message: string): Record<string, string> | undefined {
  const match = patternOf(template).exec(message);
  return match ? { ...match.groups } : undefined;
}

/** `template` with its placeholders filled, or undefined when one has no value. */
export function fill(template: string, params: MessageParams, language: Language): string | undefined {
  let missing = false;
  const text = template.replace(PLACEHOLDER, (_, name: string) => {
    const value = params[name];
    if (value === undefined) {
      missing = true;
      return '';
    }
    return language === 'zh-CN' ? zhValue(String(value)) : String(value);
  });
  return missing ? undefined : text;
}

/** A parameter's value as Chinese staff read it: a term of the catalogue's glossary, or as it is. */
function zhValue(value: string): string {
  return ZH_TERMS[value] ?? value;
}

const variantsOf = (entry: MessageEntry | readonly MessageEntry[]): readonly MessageEntry[] =>
  Array.isArray(entry) ? entry : [entry as MessageEntry];

export interface ErrorMessageInput {
  /** The catalogue key: the rule id, or for a validation issue the rule and its kind (`too_big.string`). */
  readonly key: string;
  /** The English message the code wrote. */
  readonly english: string;
  /** A validation issue's parameters (its limits, allowed values): its English is made from them. */
  readonly params?: MessageParams;
  /** What else is known about the answer: the field at fault. */
  readonly context?: MessageParams;
}

/**
 * The message in `language`. A variant whose English pattern matches the message is used with the
 * parameters read from it; else the first fallback variant (`isFallback`) whose placeholders the known
 * parameters fill. English is the code's own message unless the catalogue renders it from a
 * validation issue's parameters.
 */
export function translateMessage(input: ErrorMessageInput, language: Language): string {
  const entry = ERROR_MESSAGES[input.key];
  if (!entry) return input.english;
  const known: MessageParams = { english: input.english, ...input.context, ...input.params };
  for (const variant of variantsOf(entry)) {
    if (variant.en === undefined) continue;
    const read = readParams(variant.en, input.english);
    if (!read) continue;
    return language === 'en' ? input.english : (fill(variant.zh, { ...known, ...read }, language) ?? input.english);
  }
  for (const variant of variantsOf(entry).filter((v) => isFallback(entry, v))) {
    // A variant rendered from parameters needs them from the issue, not from a message it did not match.
    if (variant.en !== undefined && placeholdersOf(variant.en).some((p) => input.params?.[p] === undefined)) continue;
    if (language === 'en') {
      if (variant.en === undefined || input.params === undefined) continue;
      return fill(variant.en, known, language) ?? input.english;
    }
    const zh = fill(variant.zh, known, language);
    if (zh !== undefined) return zh;
  }
  return input.english;
}

/**
 * Whether a variant may stand for a message its pattern does not match: one without an English
 * pattern, one given alone, or one marked `fallback` (a list's generic wording). A list's other
 * variants translate exactly the messages they match, nothing else.
 */
export const isFallback = (entry: MessageEntry | readonly MessageEntry[], variant: MessageEntry): boolean =>
  !Array.isArray(entry) || variant.en === undefined || variant.fallback === true;
