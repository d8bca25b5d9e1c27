// The agency registry (DESIGN §2, ADR 0014): the bureaus cases belong to, as data. An agency (机关) has
// an id (a slug cases and tokens carry), its official name, a level (市级 city, 县级 county — a
// district's bureau (区分局) counts as county level), the agency whose roll-up includes it (parentId),
// and the days it existed (validFrom, validTo: a merged or abolished bureau is ended, never deleted,
// so its cases keep their agency). Official names change (国土资源局 became 自然资源和规划局 in the
// 2019 institutional reform): `names` keeps every name with the day it took effect, and a report uses
// the name the agency bore in its year. Pure: no clock, no I/O; every change returns a new registry.
import { z } from 'zod';
import { isLegalDate, type LegalDate } from '../legal-time/legal-date.js';

export const AGENCY_LEVELS = ['province', 'city', 'county'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/** An agency id: lower-case letters and digits in words joined by single hyphens, at most 64 characters. */
export const AGENCY_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const AGENCY_ID_RULE = 'lower-case letters and digits joined by single hyphens (like you-county), at most 64';

/**
 * `agencyId` in an event or a request: a well-formed id. Whether the agency exists (and has not ended
 * by the legal date) is a rule the command path checks against the registry (`agency.unknown`).
 */
export const agencyIdSchema = z.string().max(64).regex(AGENCY_ID_PATTERN, `an agency id is ${AGENCY_ID_RULE}`);

/** One of an agency's official names and the day it took effect (none for the name it was founded with). */
export interface AgencyName {
  readonly name: string;
  readonly from?: LegalDate;
}

/** An agency as a file lists it: `[{ "id", "name", "parentId"?, "level"?, "validFrom"?, "validTo"?, "names"? }]`. */
export interface AgencyEntry {
  readonly id: string;
  /** The official name now (the last of `names` when they are given). */
  readonly name: string;
  /** Default: city for an agency with no parent, county for one below another. */
  readonly level?: AgencyLevel;
  readonly parentId?: string;
  /** The first day the agency existed; none: always. */
  readonly validFrom?: LegalDate;
  /** The last day the agency existed (ended: merged or abolished); none: it still exists. */
  readonly validTo?: LegalDate;
  /** Every official name it bore, oldest first, each with the day it took effect. */
  readonly names?: readonly AgencyName[];
}

/** An agency of the registry: the entry with its level and name history filled in. */
export interface Agency extends AgencyEntry {
  readonly level: AgencyLevel;
  readonly names: readonly AgencyName[];
}

/** What is wrong with one entry of a list: the entry (index and id), the field, the rule broken. */
export interface AgencyProblem {
  readonly index?: number;
  readonly id?: string;
  readonly field?: string;
  readonly rule: string;
  readonly message: string;
}

export class AgencyListError extends Error {
  constructor(readonly problems: readonly AgencyProblem[]) {
    super(problems.map(describeProblem).join('; '));
    this.name = 'AgencyListError';
  }
}

/** `agencies[2] (you-county) parentId: … (agency.parent-unknown)`. */
export function describeProblem(p: AgencyProblem): string {
  const where = p.index === undefined ? 'agencies' : `agencies[${p.index}]`;
  const who = p.id === undefined ? '' : ` (${p.id})`;
  const field = p.field === undefined ? '' : ` ${p.field}`;
  return `${where}${who}${field}: ${p.message} (${p.rule})`;
}

const ENTRY_FIELDS = new Set(['id', 'name', 'level', 'parentId', 'validFrom', 'validTo', 'names']);

/** The shape of one entry as read from JSON; the problems found, none when it is an entry. */
function shapeProblems(raw: unknown, index: number): AgencyProblem[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [{ index, rule: 'agency.not-an-object', message: 'each agency is an object { "id", "name", … }' }];
  }
  const e = raw as Record<string, unknown>;
  const id = typeof e.id === 'string' ? e.id : undefined;
  const at = (field: string, rule: string, message: string): AgencyProblem => ({
    index,
    ...(id === undefined ? {} : { id }),
    field,
    rule,
    message,
  });
  const problems: AgencyProblem[] = [];
  for (const key of Object.keys(e)) {
    if (!ENTRY_FIELDS.has(key))
      problems.push(at(key, 'agency.field-unknown', `no such field (${[...ENTRY_FIELDS].join(', ')})`));
  }
  if (id === undefined || id.length > 64 || !AGENCY_ID_PATTERN.test(id)) {
    problems.push(at('id', 'agency.id-invalid', `the id must be ${AGENCY_ID_RULE}`));
  }
  if (typeof e.name !== 'string' || e.name.trim() === '')
    problems.push(at('name', 'agency.name-missing', 'an official name is required'));
  if (e.level !== undefined && !(AGENCY_LEVELS as readonly unknown[]).includes(e.level)) {
    problems.push(at('level', 'agency.level-invalid', `the level is one of ${AGENCY_LEVELS.join(', ')}`));
  }
  if (e.parentId !== undefined && typeof e.parentId !== 'string') {
    problems.push(at('parentId', 'agency.parent-unknown', 'parentId is the id of another agency'));
  }
  for (const field of ['validFrom', 'validTo'] as const) {
    if (e[field] !== undefined && !isLegalDate(e[field]))
      problems.push(at(field, 'agency.date-invalid', 'must be a calendar date YYYY-MM-DD'));
  }
  if (e.names !== undefined) {
    const ok =
      Array.isArray(e.names) &&
      e.names.length > 0 &&
      e.names.every(
        (n: unknown) =>
          typeof n === 'object' &&
          n !== null &&
          typeof (n as AgencyName).name === 'string' &&
          (n as AgencyName).name.trim() !== '' &&
          ((n as AgencyName).from === undefined || isLegalDate((n as AgencyName).from)) &&
          Object.keys(n).every((k) => k === 'name' || k === 'from'),
      );
    if (!ok)
      problems.push(at('names', 'agency.names-invalid', 'names is a non-empty list of { "name", "from": YYYY-MM-DD }'));
  }
  return problems;
}

/** The name history an entry implies: its `names`, or its one name since it began. */
const historyOf = (e: AgencyEntry): AgencyName[] => (e.names === undefined ? [{ name: e.name }] : [...e.names]);

/** The rules a well-shaped entry keeps on its own: dates in order, a name history ending in its name. */
function entryProblems(e: AgencyEntry, index: number): AgencyProblem[] {
  const at = (field: string, rule: string, message: string): AgencyProblem => ({
    index,
    id: e.id,
    field,
    rule,
    message,
  });
  const problems: AgencyProblem[] = [];
  if (e.validFrom !== undefined && e.validTo !== undefined && e.validTo < e.validFrom) {
    problems.push(
      at('validTo', 'agency.ended-before-start', `validTo ${e.validTo} is before validFrom ${e.validFrom}`),
    );
  }
  if (e.names !== undefined) {
    const names = e.names;
    const undated = names.slice(1).findIndex((n) => n.from === undefined);
    const unordered = names.findIndex((n, i) => i > 0 && (names[i - 1]?.from ?? '') >= (n.from ?? ''));
    if (undated >= 0) {
      problems.push(
        at(
          `names[${undated + 1}].from`,
          'agency.name-history',
          'every name after the first says the day it took effect',
        ),
      );
    } else if (unordered >= 0) {
      problems.push(
        at(`names[${unordered}].from`, 'agency.name-history', 'names are listed oldest first, each from a later day'),
      );
    } else if (names[names.length - 1]?.name !== e.name) {
      problems.push(at('names', 'agency.name-history', `the last of names is the name now ("${e.name}")`));
    }
  }
  return problems;
}

/** The rules a list keeps: unique ids, parents in the list, no agency its own ancestor. */
function listProblems(entries: readonly AgencyEntry[]): AgencyProblem[] {
  const problems: AgencyProblem[] = [];
  if (entries.length === 0) problems.push({ rule: 'agency.list-empty', message: 'the list names no agency' });
  const first = new Map<string, number>();
  entries.forEach((e, index) => {
    const seen = first.get(e.id);
    if (seen !== undefined) {
      problems.push({
        index,
        id: e.id,
        field: 'id',
        rule: 'agency.id-duplicate',
        message: `agencies[${seen}] has the same id`,
      });
    } else first.set(e.id, index);
  });
  // A duplicate is reported above; the walk up follows the first entry of an id.
  const byId = new Map([...entries].reverse().map((e) => [e.id, e]));
  entries.forEach((e, index) => {
    if (e.parentId === undefined || first.get(e.id) !== index) return;
    if (!byId.has(e.parentId)) {
      problems.push({
        index,
        id: e.id,
        field: 'parentId',
        rule: 'agency.parent-unknown',
        message: `no agency ${e.parentId} in the list`,
      });
      return;
    }
    // Walk up; meeting the entry again (or running longer than the list) is a cycle.
    const path = [e.id];
    for (
      let up = byId.get(e.parentId);
      up !== undefined;
      up = up.parentId === undefined ? undefined : byId.get(up.parentId)
    ) {
      path.push(up.id);
      if (up.id === e.id || path.length > entries.length + 1) {
        problems.push({
          index,
          id: e.id,
          field: 'parentId',
          rule: 'agency.parent-cycle',
          message: `the agency would be its own ancestor (${path.join(' → ')})`,
        });
        return;
      }
    }
  });
  return problems;
}

export class AgencyRegistry {
  private readonly byId: ReadonlyMap<string, Agency>;

  private constructor(private readonly list: readonly Agency[]) {
    this.byId = new Map(list.map((a) => [a.id, a]));
  }

  /** A registry of a list read from a file or a request: every entry checked, every problem named at once. */
  static parse(raw: unknown): AgencyRegistry {
    if (!Array.isArray(raw)) {
      throw new AgencyListError([
        {
          rule: 'agency.list-invalid',
          message: 'the agencies are a JSON array [{ "id", "name", "parentId"?, "level"? }]',
        },
      ]);
    }
    const shape = raw.flatMap((e, i) => shapeProblems(e, i));
    if (shape.length > 0) throw new AgencyListError(shape);
    return AgencyRegistry.from(raw as AgencyEntry[]);
  }

  /** A registry of well-shaped entries (typed code, events); the list rules checked. */
  static from(entries: readonly AgencyEntry[]): AgencyRegistry {
    const problems = [...entries.flatMap((e, i) => entryProblems(e, i)), ...listProblems(entries)];
    if (problems.length > 0) throw new AgencyListError(problems);
    const parentIds = new Set(entries.map((e) => e.parentId));
    return new AgencyRegistry(
      entries.map((e) => ({
        ...e,
        level: e.level ?? (e.parentId === undefined || parentIds.has(e.id) ? 'city' : 'county'),
        names: historyOf(e),
      })),
    );
  }

  /** The list as a file holds it (what `from` reads back). */
  entries(): AgencyEntry[] {
    return this.list.map(({ names, ...rest }) =>
      names.length === 1 && names[0]?.from === undefined ? rest : { ...rest, names },
    );
  }

  all(): readonly Agency[] {
    return this.list;
  }

  ids(): string[] {
    return this.list.map((a) => a.id);
  }

  get(id: string): Agency | undefined {
    return this.byId.get(id);
  }

  isKnown(id: string): boolean {
    return this.byId.has(id);
  }

  parentOf(id: string): string | undefined {
    return this.byId.get(id)?.parentId;
  }

  levelOf(id: string): AgencyLevel | undefined {
    return this.byId.get(id)?.level;
  }

  /** The agencies at the top (no parent): the roll-ups a deployment reports. */
  roots(): string[] {
    return this.list.filter((a) => a.parentId === undefined).map((a) => a.id);
  }

  /** The first agency at the top: the default subject of a roll-up (a list without cycles always has one). */
  top(): string {
    const top = this.list.find((a) => a.parentId === undefined) ?? this.list[0];
    if (top === undefined) throw new Error('the agency registry is empty');
    return top.id;
  }

  /**
   * The agency and every agency below it, ended ones included: a roll-up counts the cases an ended
   * bureau recorded while it existed. Empty for an unknown id.
   */
  descendants(id: string): string[] {
    if (!this.byId.has(id)) return [];
    const below = (parent: string): string[] =>
      this.list.filter((a) => a.parentId === parent).flatMap((a) => [a.id, ...below(a.id)]);
    return [id, ...below(id)];
  }

  /**
   * The official name on a day, or in a year: the name it bore on 31 December (or on its last day, when
   * it ended during the year) — a year's report is issued under the name the agency had at its end.
   */
  nameIn(id: string, at: number | LegalDate): string | undefined {
    const agency = this.byId.get(id);
    if (agency === undefined) return undefined;
    let day = typeof at === 'number' ? `${String(at).padStart(4, '0')}-12-31` : at;
    if (agency.validTo !== undefined && agency.validTo < day) day = agency.validTo;
    const inForce = agency.names.filter((n) => n.from === undefined || n.from <= day);
    return (inForce[inForce.length - 1] ?? agency.names[0])?.name;
  }

  /**
   * Why a case of `id` dated `on` cannot be recorded: the agency is unknown, had not begun, or had
   * ended by that day. Undefined when it may.
   */
  problemOn(
    id: string,
    on?: LegalDate,
  ): { rule: 'agency.unknown' | 'agency.not-yet-valid' | 'agency.ended'; message: string } | undefined {
    const agency = this.byId.get(id);
    if (agency === undefined) return { rule: 'agency.unknown', message: `no agency ${id} in the registry` };
    if (on === undefined) return undefined;
    if (agency.validFrom !== undefined && on < agency.validFrom) {
      return { rule: 'agency.not-yet-valid', message: `agency ${id} exists from ${agency.validFrom}, not on ${on}` };
    }
    if (agency.validTo !== undefined && on > agency.validTo) {
      return { rule: 'agency.ended', message: `agency ${id} ended on ${agency.validTo}, before ${on}` };
    }
    return undefined;
  }

  /** With a new agency; the list rules checked again. */
  register(entry: AgencyEntry): AgencyRegistry {
    return AgencyRegistry.from([...this.entries(), entry]);
  }

  /** A new official name from a day on; the earlier names are kept. */
  rename(id: string, name: string, from: LegalDate): AgencyRegistry {
    return this.change(id, (a) => ({ ...a, name, names: [...a.names, { name, from }] }));
  }

  /** Ended: its last day is `validTo`; its cases and its name history stay. */
  end(id: string, validTo: LegalDate): AgencyRegistry {
    return this.change(id, (a) => ({ ...a, validTo }));
  }

  /** Without an agency registered in error; one with agencies below it stays (they would lose their parent). */
  remove(id: string): AgencyRegistry {
    if (!this.byId.has(id))
      throw new AgencyListError([{ id, rule: 'agency.unknown', message: `no agency ${id} in the registry` }]);
    const below = this.list.filter((a) => a.parentId === id).map((a) => a.id);
    if (below.length > 0) {
      throw new AgencyListError([
        {
          id,
          rule: 'agency.has-subordinates',
          message: `agencies ${below.join(', ')} are below it: remove or move them first`,
        },
      ]);
    }
    return AgencyRegistry.from(this.list.filter((a) => a.id !== id));
  }

  private change(id: string, how: (a: Agency) => AgencyEntry): AgencyRegistry {
    if (!this.byId.has(id))
      throw new AgencyListError([{ id, rule: 'agency.unknown', message: `no agency ${id} in the registry` }]);
    return AgencyRegistry.from(this.list.map((a) => (a.id === id ? how(a) : a)));
  }
}
