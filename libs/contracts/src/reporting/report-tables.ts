// The report as a machine contract (issue 6), as GET /reporting/annual-reports/…/report?format=json
// answers it: tables of labelled rows, a value or one value per column label, nested rows for 其中
// breakdowns; the balancing identities as checks. Reporting builds it; the platform's command line
// (and any integrator) reads it over HTTP — one definition for both.

export interface ReportRow {
  /** The printed label, exactly as in the published table (REPORTS §1–§2). */
  readonly label: string;
  readonly unit?: string;
  readonly value?: number;
  /** One value per column label, for tables with columns (national 三 and 四). */
  readonly values?: Readonly<Record<string, number>>;
  /** The rows printed under this one (其中 …, or the outcome rows of a category). */
  readonly children?: readonly ReportRow[];
}

export interface ReportTable {
  /** Stable id: `2008-1` … `2008-5`, `2008-enforcement`, `national-2`, `national-3`, `national-4`, `national-fees`. */
  readonly id: string;
  readonly title: string;
  /** Column labels of a table whose rows carry `values`. */
  readonly columns?: readonly string[];
  /** A note printed with the table (the national 三 carries its 勾稽关系 note verbatim). */
  readonly note?: string;
  readonly rows: readonly ReportRow[];
}

export interface Check {
  /** Stable rule id, e.g. `national-3.received-plus-carried-in-equals-concluded-plus-carried-out`. */
  readonly rule: string;
  readonly holds: boolean;
  /** The identity with the figures put in, e.g. `一 14 + 二 0 = 三（七） 14 + 四 0`. */
  readonly detail: string;
}
