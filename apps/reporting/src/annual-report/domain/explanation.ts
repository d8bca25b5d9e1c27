// The report's explanation: for the figures the office answers for rather than the cases alone, how
// each is made — its parts, and where each part comes from. 行政许可, 行政处罚 and 行政强制 (national
// 二, 第二十条第（五）（六）项) come from counts declared per period (taken from the department's own
// system) or, for 行政处罚 and 行政强制 where the agency chose so, from enforcement's decided cases: the
// explanation names the source of each agency's count, and what the other source would have given.
// 现行有效件数 of 规章 and 行政规范性文件 (第二十条第（一）项) is each agency's opening stock + documents
// issued since − repealed since ± stock-take corrections: the explanation shows each part.
import { type Figure } from './report-model.js';
import { LNAT, TNAT } from './templates.js';
import { NORMATIVE_KINDS, type Template } from './vocabulary.js';
import { type YearFigures } from './year-figures.js';

export interface FigurePart {
  /** Whose part it is (an agency of a roll-up). */
  readonly agencyId?: string;
  /**
   * Where the part comes from: `declarations` (periods declared in publications),
   * `enforcement-cases` (decisions recorded on enforcement's cases); for documents in force
   * `opening-stock` (as of `asOf`), `issued` and `repealed` (documents recorded since), `corrections`.
   */
  readonly source: string;
  /** The part's contribution: the parts of a figure add up to it (a repeal is negative). */
  readonly value: number;
  readonly asOf?: string;
  /** Whether the agency chose the source; false when the default rule picked it. */
  readonly chosen?: boolean;
  /** What the source not used would have given, for the office to compare. */
  readonly notUsed?: { readonly source: string; readonly value: number | null };
}

export interface ExplainedFigure extends Omit<Figure, 'value'> {
  readonly value: number;
  readonly parts: readonly FigurePart[];
}

const decisionCell = (label: string, block: string): Omit<Figure, 'value'> => ({
  table: TNAT.proactive.id,
  path: [block, label],
  column: LNAT.decisions,
});

/** The explained figures of a template's tables (the national format's declared decision counts). */
export function explain(template: Template, y: YearFigures): ExplainedFigure[] {
  if (template !== 'national-2021') return [];
  const licensing = y.measures['licensing-decisions'];
  const inForce = NORMATIVE_KINDS.map((kind) => {
    const stock = y.stock[kind];
    return {
      table: TNAT.proactive.id,
      path: [LNAT.art20_1, kind === 'regulation' ? LNAT.regulation : LNAT.normative],
      column: LNAT.inForce,
      value: y.normative[kind].inForce,
      parts: stock.flatMap((a) => [
        ...(a.opening
          ? [{ agencyId: a.agencyId, source: 'opening-stock', value: a.opening.count, asOf: a.opening.asOf }]
          : []),
        { agencyId: a.agencyId, source: 'issued', value: a.issuedSince },
        { agencyId: a.agencyId, source: 'repealed', value: -a.repealedSince },
        { agencyId: a.agencyId, source: 'corrections', value: a.corrections },
      ]),
    };
  });
  return [
    ...inForce,
    {
      ...decisionCell(LNAT.licensing, LNAT.art20_5),
      value: licensing,
      parts: [{ source: 'declarations', value: licensing }],
    },
    ...(
      [
        ['penalty', LNAT.penalty],
        ['coercion', LNAT.coercion],
      ] as const
    ).map(([decision, label]) => {
      const counts = y.decisionCounts[decision];
      return {
        ...decisionCell(label, LNAT.art20_6),
        value: counts.reduce((n, a) => n + a.count, 0),
        parts: counts.map((a) => ({
          agencyId: a.agencyId,
          source: a.source,
          value: a.count,
          chosen: a.chosen,
          notUsed:
            a.source === 'declarations'
              ? { source: 'enforcement-cases', value: a.enforcementCases }
              : { source: 'declarations', value: a.declared ?? null },
        })),
      };
    }),
  ];
}
