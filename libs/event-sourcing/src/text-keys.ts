// The key under which a case keeps one text typed into it (read-model/case-texts.ts keeps the
// texts). Deciders name the keys of what a command typed, so the naming is part of the pure core.

/** A text belonging to one event of a repeatable kind (a case may take several penalty decisions). */
export const textKeyAt = (field: string, streamVersion: number): string => `${field}@${streamVersion}`;
