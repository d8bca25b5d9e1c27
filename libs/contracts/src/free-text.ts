// Free text typed by the public or by clerks (what a request asks for, reasons, titles, document
// numbers) is personal data by default (DESIGN §4): it is never carried by an event. Version 1 of
// some events carried such text; their version 2 is version 1 without those fields, and reading a
// version-1 event (from the store or a topic) drops the text on the way in, so no reader keeps
// it. The owning service keeps the text beside its personal data, by (stream id, field), and
// shows it through its API until it is erased.
import { z } from 'zod';
import { defineEvent, type EventVersionHistory } from './registry.js';

/** `data` without the named fields (the upcaster from a version that carried free text). */
export function withoutFields(data: unknown, fields: readonly string[]): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!fields.includes(k)) kept[k] = v;
  return kept;
}

/**
 * The text-free successor of a version-1 schema: `schema` is what producers write from version 2
 * on, `history` lifts a version-1 event by dropping the text.
 */
export function textFreeVersion<TShape extends z.ZodRawShape, const TField extends keyof TShape & string>(
  v1: z.ZodObject<TShape>,
  fields: readonly TField[],
): { schema: z.ZodObject<Omit<TShape, TField>>; history: EventVersionHistory[] } {
  const mask = Object.fromEntries(fields.map((f) => [f, true])) as { [K in TField]: true };
  return {
    schema: v1.omit(mask as never) as unknown as z.ZodObject<Omit<TShape, TField>>,
    history: [{ schemaVersion: 1, schema: v1, upcast: (data) => withoutFields(data, fields) }],
  };
}

/** How an event's description says where its text went. */
export const textNote = (fields: readonly string[]): string =>
  ` Version 2 carries no free text (${fields.join(', ')}: personal data by default, kept by the owning ` +
  'service by stream id and field, readable through its API until erased); reading a version-1 event drops it.';

const caseTextsErasedSchema = z.strictObject({
  /** The stream id of the case whose free text was erased. */
  caseId: z.string().min(1).max(200),
  agencyId: z.string().min(1).max(100),
  /** How many texts were erased now (0: there were none left). */
  texts: z.number().int().min(0).max(100_000),
});
export type CaseTextsErasedData = z.infer<typeof caseTextsErasedSchema>;

/**
 * `<service>.CaseTextsErased`: a supervisor erased the free text typed into a case (the audit of the
 * erasure; who did it is the envelope's actor). It carries no text and changes no figure. Stream:
 * `case-texts-erased:<caseId>`.
 */
export const caseTextsErasedContract = <TService extends string>(service: TService) =>
  defineEvent<`${TService}.CaseTextsErased`, CaseTextsErasedData>({
    type: `${service}.CaseTextsErased`,
    schemaVersion: 1,
    description:
      'A supervisor of the agency erased the free text typed into a case (titles, reasons, document numbers): the ' +
      'case, its events and every figure stay as they were; the text reads as erased. Carries no text; the actor ' +
      'is who erased it. Stream: case-texts-erased:<caseId>.',
    schema: caseTextsErasedSchema,
    example: { caseId: '0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a11', agencyId: 'zhuzhou-city', texts: 2 },
  });
