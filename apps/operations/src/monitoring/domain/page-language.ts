// The monitoring page's language (issue 18.6): Chinese (zh-CN) for the bureau's staff by default,
// English when asked for — by the page's language switch, which keeps the choice in the URL
// (`?lang=en`, `?lang=zh-CN`), or by a browser whose Accept-Language prefers English to Chinese.

export const PAGE_LANGUAGES = ['zh-CN', 'en'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

export const DEFAULT_PAGE_LANGUAGE: PageLanguage = 'zh-CN';

/** A language range of Accept-Language (`zh`, `zh-CN`, `zh-Hans-CN`, `en-US`…) as a page language, if it is one. */
function pageLanguageOf(range: string): PageLanguage | undefined {
  const primary = range.trim().toLowerCase().split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return undefined;
}

/**
 * The page language an Accept-Language header (RFC 9110 §12.5.4) prefers: the supported language
 * with the highest weight, the earlier on a tie; zh-CN when it names neither (or `*`, or nothing).
 */
export function preferredPageLanguage(acceptLanguage: string | undefined): PageLanguage {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { language: pageLanguageOf(range), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((r): r is { language: PageLanguage; weight: number; index: number } => r.language !== undefined)
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked[0]?.language ?? DEFAULT_PAGE_LANGUAGE;
}

/** `?lang=` wins (the switch's choice, kept in the URL), else Accept-Language, else zh-CN. */
export function pageLanguage(input: {
  readonly lang: PageLanguage | undefined;
  readonly acceptLanguage: string | undefined;
}): PageLanguage {
  return input.lang ?? preferredPageLanguage(input.acceptLanguage);
}

/** The page's HTML in `language`: the root element's `lang`, which the page's script translates by. */
export function withPageLanguage(html: string, language: PageLanguage): string {
  return html.replace(/<html lang="[^"]*">/, `<html lang="${language}">`);
}
