// Overdue and due-soon cases per agency, read from the services that own them over HTTP with the
// caller's own token: applications (disclosure requests, statutory reply deadlines) and appeals
// (decision due dates). Reading them there rather than from reporting's facts keeps the deadline
// rules — working days, holiday notices, pauses for 补正 and consultation, extensions — where they
// are decided, and keeps case-level reading under the owning service's agency scope.
import { agencyNameIn } from '#contracts';
import { OFFICIAL_CALENDAR } from '#contracts/legal-time';
import { messageOf } from '../application/operations.service.js';
import { workbenchRequestLink } from '../domain/workbench-links.js';

export interface DueCase {
  readonly id: string;
  /** Where the case opens in the workbench (disclosure requests); null where the workbench has no page for it. */
  readonly link: string | null;
  readonly dueDate: string | null;
  /** receipt date (requests) or filing date (appeals). */
  readonly since: string;
}

export interface AgencyDeadlines {
  readonly agencyId: string;
  readonly agencyName: string;
  readonly requests:
    | {
        readonly overdue: number;
        readonly dueSoon: number;
        readonly open: number;
        readonly overdueCases: DueCase[];
        readonly dueSoonCases: DueCase[];
      }
    | { readonly problem: string };
  readonly appeals:
    | {
        readonly overdue: number;
        readonly dueSoon: number;
        readonly pending: number;
        readonly overdueCases: DueCase[];
        readonly dueSoonCases: DueCase[];
      }
    | { readonly problem: string };
}

const LIST_LIMIT = 20;

async function getJson<T>(url: string, authorization: string | undefined): Promise<T> {
  const res = await fetch(url, {
    headers: authorization ? { authorization } : {},
    signal: AbortSignal.timeout(5000),
    redirect: 'error',
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${messageOf(text)}`);
  return JSON.parse(text) as T;
}

interface RequestItem {
  id: string;
  receiptDate: string;
  dueDate: string | null;
}
interface AppealItem {
  id: string;
  filedOn: string;
  decisionDueOn: string;
}

export async function collectDeadlines(input: {
  readonly agencyIds: readonly string[];
  readonly asOf: string;
  readonly dueSoonWorkingDays: number;
  readonly applicationsUrl: string;
  readonly appealsUrl: string;
  readonly authorization: string | undefined;
  readonly workbenchUrl: string;
}): Promise<{ asOf: string; dueSoonWorkingDays: number; agencies: AgencyDeadlines[] }> {
  const { asOf, dueSoonWorkingDays: days, authorization } = input;
  // The same calendar as the applications service's deadlines (holidays and 调休 included).
  const soonEnd = OFFICIAL_CALENDAR.addWorkingDaysOrWeekdays(asOf, days);
  const agencies = await Promise.all(
    input.agencyIds.map(async (agencyId): Promise<AgencyDeadlines> => {
      const base = `agencyId=${encodeURIComponent(agencyId)}&asOf=${asOf}`;
      const requests = await (async (): Promise<AgencyDeadlines['requests']> => {
        try {
          const a = input.applicationsUrl;
          const [summary, overdue, soon] = await Promise.all([
            getJson<{ overdue: number; dueSoon: number; open: number }>(
              `${a}/applications/deadlines?${base}&dueSoonWorkingDays=${days}`,
              authorization,
            ),
            getJson<{ items: RequestItem[] }>(
              `${a}/applications/disclosure-requests?${base}&overdue=true&sort=dueDate&pageSize=${LIST_LIMIT}`,
              authorization,
            ),
            getJson<{ items: RequestItem[] }>(
              `${a}/applications/disclosure-requests?${base}&dueWithinWorkingDays=${days}&sort=dueDate&pageSize=${LIST_LIMIT}`,
              authorization,
            ),
          ]);
          const toCase = (r: RequestItem): DueCase => ({
            id: r.id,
            link: workbenchRequestLink(input.workbenchUrl, r.id),
            dueDate: r.dueDate,
            since: r.receiptDate,
          });
          return {
            overdue: summary.overdue,
            dueSoon: summary.dueSoon,
            open: summary.open,
            overdueCases: overdue.items.map(toCase),
            dueSoonCases: soon.items.map(toCase),
          };
        } catch (err) {
          return { problem: `applications: ${(err as Error).message}` };
        }
      })();
      const appeals = await (async (): Promise<AgencyDeadlines['appeals']> => {
        try {
          const pending = await getJson<{ items: AppealItem[]; total: number }>(
            `${input.appealsUrl}/appeals/appeals?agencyId=${encodeURIComponent(agencyId)}&status=pending&pageSize=500`,
            authorization,
          );
          const toCase = (a: AppealItem): DueCase => ({
            id: a.id,
            link: null,
            dueDate: a.decisionDueOn,
            since: a.filedOn,
          });
          const byDue = [...pending.items].sort((x, y) => x.decisionDueOn.localeCompare(y.decisionDueOn));
          const overdue = byDue.filter((a) => a.decisionDueOn < asOf);
          const soon = byDue.filter((a) => a.decisionDueOn >= asOf && a.decisionDueOn <= soonEnd);
          return {
            overdue: overdue.length,
            dueSoon: soon.length,
            pending: pending.total,
            overdueCases: overdue.slice(0, LIST_LIMIT).map(toCase),
            dueSoonCases: soon.slice(0, LIST_LIMIT).map(toCase),
          };
        } catch (err) {
          return { problem: `appeals: ${(err as Error).message}` };
        }
      })();
      return { agencyId, agencyName: agencyNameIn(agencyId, asOf), requests, appeals };
    }),
  );
  return { asOf, dueSoonWorkingDays: days, agencies };
}
