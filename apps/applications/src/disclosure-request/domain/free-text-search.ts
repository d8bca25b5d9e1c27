// Free-text search over what people typed into requests (issue 18.1): the office looks a request up
// by words of what was asked for. The text is personal data (ADR 0008): it is matched here, in the
// service that holds it, and the query itself is never logged, published or echoed in an error.

/** The request texts a search looks in: what information is asked for (a request has no other title). */
export const SEARCHED_TEXT_FIELDS = ['informationRequested'] as const;

/** Full-width letters and digits as their ASCII forms, letter case ignored: how clerks type varies. */
const normalise = (s: string): string => s.normalize('NFKC').toLocaleLowerCase('zh-CN');

/**
 * The words of a query: split on white space (Chinese is written without spaces, so a Chinese
 * query is usually one word and matches as a substring).
 */
export function searchTerms(query: string): string[] {
  return normalise(query)
    .split(/\s+/u)
    .filter((t) => t.length > 0);
}

/** Whether `text` holds every word of the query (in any order); an empty query matches everything. */
export function matchesFreeText(text: string, query: string): boolean {
  const haystack = normalise(text);
  return searchTerms(query).every((term) => haystack.includes(term));
}
