// The language of an answer's human messages, chosen from the request's Accept-Language (RFC 9110
// §12.5.4). The bureau's staff read Chinese: zh-CN unless the caller prefers English. Only the
// `message` texts change; `rule` ids and `field` names never do (programs key on them).

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** A language range of the header and its weight (`q`, 0–1; 1 when not given). */
interface Range {
  readonly tag: string;
  readonly q: number;
  readonly at: number;
}

function rangesOf(header: string): Range[] {
  return header.split(',').flatMap((part, at) => {
    const [tag = '', ...params] = part.split(';').map((s) => s.trim());
    if (!/^(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)$/.test(tag)) return [];
    const qParam = params.find((p) => /^q=/i.test(p));
    // A malformed weight makes the range unusable rather than preferred.
    const q = qParam === undefined ? 1 : /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/i.test(qParam) ? Number(qParam.slice(2)) : 0;
    return [{ tag: tag.toLowerCase(), q, at }];
  });
}

/** Which of our languages a range names: `en`, `en-GB` → en; `zh`, `zh-CN`, `zh-Hans-CN` → zh-CN; `*` → the default. */
function languageOf(tag: string): Language | undefined {
  if (tag === '*') return DEFAULT_LANGUAGE;
  const primary = tag.split('-')[0];
  if (primary === 'en') return 'en';
  if (primary === 'zh') return 'zh-CN';
  return undefined;
}

/**
 * The language to answer in: the acceptable one (q > 0) the caller weights highest, the earlier on a
 * tie; zh-CN when the header is absent, names none of ours, or cannot be read.
 */
export function negotiateLanguage(header: string | readonly string[] | undefined): Language {
  const text = Array.isArray(header) ? header.join(',') : (header as string | undefined);
  if (text === undefined || text.trim() === '') return DEFAULT_LANGUAGE;
  const best = rangesOf(text)
    .flatMap((r) => {
      const language = languageOf(r.tag);
      return language && r.q > 0 ? [{ ...r, language }] : [];
    })
    .sort((a, b) => b.q - a.q || a.at - b.at)[0];
  return best?.language ?? DEFAULT_LANGUAGE;
}
