// What a scenario implies for the 2008-era appendix of its agency's roll-up, computed from the
// scenario's own commands — independently of the reporting service's projection — so an end-to-end
// test can compare the report that comes out with the figures that went in. It knows only the steps
// the scenarios use and refuses any other, so a new kind of step cannot be silently left out.
import { agencyAndDescendants, isAgencyId } from '#contracts';
import { expandScenario, type ConcreteCase, type ConcreteStep } from './expand.js';
import { type Scenario } from './format.js';

export interface ExpectedFigure {
  /** Label of the report row (REPORTS.md wording). */
  readonly label: string;
  readonly value: number;
}

type Body = Record<string, unknown>;

const yearOf = (date: unknown): number => Number(String(date).slice(0, 4));
const num = (v: unknown): number => {
  if (typeof v !== 'number') throw new TypeError(`expected a number, got ${JSON.stringify(v)}`);
  return v;
};

interface Tally {
  published: number;
  fullText: number;
  newNormative: number;
  catalogue: number;
  receivedByChannel: Record<string, number>;
  disclosed: number;
  replies: number;
  /** Contacts by channel: the three of 附表三, and any other a scenario names (counted, not shown). */
  consultations: { online: number; 'on-site': number; phone: number } & Record<string, number>;
  serviceInfo: number;
  pageViews: number;
  reconsiderations: number;
  lawsuits: number;
  discovered: number;
  stopped: number;
  filed: number;
  cityFiled: number;
  cityClosed: number;
  idleParcels: number;
  idleMu: number;
  satPatches: number;
  satParcels: number;
  satMu: number;
  satViolations: number;
  demolished: number;
  demolishedM2: number;
  staff?: { fullTime: number; partTime: number; expenditure: number };
}

const emptyTally = (): Tally => ({
  published: 0,
  fullText: 0,
  newNormative: 0,
  catalogue: 0,
  receivedByChannel: {},
  disclosed: 0,
  replies: 0,
  consultations: { online: 0, 'on-site': 0, phone: 0 },
  serviceInfo: 0,
  pageViews: 0,
  reconsiderations: 0,
  lawsuits: 0,
  discovered: 0,
  stopped: 0,
  filed: 0,
  cityFiled: 0,
  cityClosed: 0,
  idleParcels: 0,
  idleMu: 0,
  satPatches: 0,
  satParcels: 0,
  satMu: 0,
  satViolations: 0,
  demolished: 0,
  demolishedM2: 0,
});

/** Applies one case's steps to the tally; `inScope` says whether an agency belongs to the report. */
function tallyCase(
  t: Tally,
  c: ConcreteCase,
  year: number,
  inScope: (agencyId: string) => boolean,
  cityId: string,
): void {
  const first = c.steps[0];
  if (!first) throw new RangeError(`case ${c.template}#${c.n} has no steps`);
  const created = (first.contentType === 'application/json' ? first.body : {}) as Body;
  const caseAgency = typeof created.agencyId === 'string' ? created.agencyId : undefined;
  for (const step of c.steps) {
    const path = step.path.replace(/\?.*$/, '');
    const b = (step.contentType === 'application/json' ? step.body : {}) as Body;
    const agency = (typeof b.agencyId === 'string' ? b.agencyId : undefined) ?? caseAgency ?? agencyInPath(path);
    if (agency !== undefined && !inScope(agency)) continue;
    applyStep(t, step, path, b, year, agency === cityId);
  }
}

function agencyInPath(path: string): string | undefined {
  return path.split('/').find((s) => isAgencyId(s));
}

function applyStep(t: Tally, step: ConcreteStep, path: string, b: Body, year: number, isCity: boolean): void {
  // A case's own id is still {{id}} here (filed in at run time); another case's is a UUID.
  const route = path.replace(/\/(\{\{id\}\}|[0-9a-f]{8}-[0-9a-f-]{27})(?=\/|$)/g, '/{id}');
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- a switch over route patterns, not a union: the default is every other route
  switch (true) {
    case route === '/publications/proactive-publications':
      if (yearOf(b.publishedOn) === year) {
        t.published++;
        if (b.fullTextElectronic === true) t.fullText++;
      }
      return;
    case route === '/publications/normative-documents':
      if (yearOf(b.issuedOn) === year && b.kind === 'normative-document') t.newNormative++;
      return;
    case route === '/publications/catalogue-entries':
      t.catalogue++;
      return;
    case route === '/applications/disclosure-requests':
      if (yearOf(b.receiptDate) === year) {
        const channel = String(b.channel);
        t.receivedByChannel[channel] = (t.receivedByChannel[channel] ?? 0) + 1;
      }
      return;
    case route === '/applications/disclosure-requests/{id}/reply':
      if (yearOf(b.repliedOn) === year) {
        t.replies++;
        if ((b.outcome as Body).category === 'disclosed') t.disclosed++;
      }
      return;
    case /^\/consultations\/batches\/[^/]+$/.test(route):
      for (const line of String(step.body).split('\n')) {
        const row = JSON.parse(line) as Body;
        if (yearOf(row.receivedOn) === year) {
          const channel = String(row.channel);
          t.consultations[channel] =
            (t.consultations[channel] ?? 0) + (typeof row.contacts === 'number' ? row.contacts : 1);
        }
      }
      return;
    case route === '/consultations/consultations':
      if (yearOf(b.receivedOn) === year) {
        const channel = String(b.channel);
        t.consultations[channel] = (t.consultations[channel] ?? 0) + 1;
      }
      return;
    case /^\/consultations\/page-views\/[^/]+\/\d{4}(-\d\d)?\/[^/]+$/.test(route):
      if (yearOf(route.split('/')[4]) === year) t.pageViews += num(b.views);
      return;
    case /^\/consultations\/service-information\/[^/]+\/\d{4}(-\d\d)?$/.test(route):
      if (yearOf(route.split('/')[4]) === year) t.serviceInfo += num(b.items);
      return;
    case route === '/appeals/reconsiderations':
      if (yearOf(b.filedOn) === year) t.reconsiderations++;
      return;
    case route === '/appeals/lawsuits':
      if (yearOf(b.filedOn) === year) t.lawsuits++;
      return;
    case route === '/appeals/appeals/{id}/decision':
      return; // 附表四 counts filings; decisions show in the national format only.
    case route === '/enforcement/violation-cases':
      if (yearOf(b.discoveredOn) === year) t.discovered++;
      return;
    case route === '/enforcement/violation-cases/{id}/stop-on-site':
      if (yearOf(b.stoppedOn) === year) t.stopped++;
      return;
    case route === '/enforcement/violation-cases/{id}/filing':
      if (yearOf(b.filedOn) === year) {
        t.filed++;
        if (isCity) t.cityFiled++;
      }
      return;
    case route === '/enforcement/violation-cases/{id}/closure':
      if (yearOf(b.closedOn) === year && isCity) t.cityClosed++;
      return;
    case route === '/enforcement/idle-land-findings':
      if (yearOf(b.determinedOn) === year) {
        t.idleParcels += num(b.parcels);
        t.idleMu += num(b.areaMu);
      }
      return;
    case route === '/enforcement/satellite-inspections':
      if (num(b.campaignYear) === year) {
        t.satPatches += num(b.patches);
        t.satParcels += num(b.parcels);
        t.satMu += num(b.areaMu);
        t.satViolations += num(b.violations);
      }
      return;
    case route === '/enforcement/demolitions':
      if (yearOf(b.completedOn) === year) {
        t.demolished += num(b.buildings);
        t.demolishedM2 += num(b.floorAreaM2);
      }
      return;
    case /^\/reporting\/annual-reports\/[^/]+\/rollup\/\d{4}\/declared-facts$/.test(route):
      if (Number(route.split('/')[5]) === year) {
        t.staff = {
          fullTime: num(b.fullTimeStaff),
          partTime: num(b.partTimeStaff),
          expenditure: num(b.expenditureWanYuan),
        };
      }
      return;
    default:
      throw new RangeError(`expected figures: no rule for ${step.method} ${route}`);
  }
}

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** The figures of 附表一–五 and the enforcement annex the scenario implies for its agency's roll-up. */
export function expectedAppendix2008(scenario: Scenario): ExpectedFigure[] {
  const scope = new Set(agencyAndDescendants(scenario.agencyId));
  const t = emptyTally();
  for (const c of expandScenario(scenario)) tallyCase(t, c, scenario.year, (a) => scope.has(a), scenario.agencyId);
  const received = Object.values(t.receivedByChannel).reduce((a, b) => a + b, 0);
  const figures: ExpectedFigure[] = [
    { label: '主动公开信息数', value: t.published },
    { label: '全文电子化的主动公开信息数', value: t.fullText },
    { label: '新增的行政规范性文件数', value: t.newNormative },
    { label: '依申请公开信息目录数', value: t.catalogue },
    { label: '受理申请总数', value: received },
    { label: '对申请的答复总数', value: t.replies },
    { label: '同意公开数', value: t.disclosed },
    { label: '提供服务类信息数', value: t.serviceInfo },
    { label: '网上咨询数', value: t.consultations.online },
    { label: '现场接待人数', value: t.consultations['on-site'] },
    { label: '咨询电话接听数', value: t.consultations.phone },
    { label: '网站专栏页面访问量', value: t.pageViews },
    { label: '行政复议数', value: t.reconsiderations },
    { label: '行政诉讼数', value: t.lawsuits },
    { label: '收取费用总数', value: 0 },
    { label: '发现违法用地、采矿行为', value: t.discovered },
    { label: '现场制止', value: t.stopped },
    { label: '立案查处', value: t.filed },
    { label: '市本级立案查处', value: t.cityFiled },
    { label: '市本级结案', value: t.cityClosed },
    { label: '市本级结案率', value: round((100 * t.cityClosed) / t.cityFiled, 1) },
    { label: '认定闲置土地', value: t.idleParcels },
    { label: '认定闲置土地面积', value: t.idleMu },
    { label: '卫片执法检查图斑', value: t.satPatches },
    { label: '涉及宗地', value: t.satParcels },
    { label: '涉及面积', value: t.satMu },
    { label: '发现查处违法用地', value: t.satViolations },
    { label: '拆除违法建设', value: t.demolished },
    { label: '拆除违法建设面积', value: round(t.demolishedM2 / 10_000, 2) },
  ];
  for (const [channel, n] of Object.entries(t.receivedByChannel))
    figures.push({ label: `channel:${channel}`, value: n });
  if (t.staff) {
    figures.push(
      { label: '政府信息公开指定专职人员总数', value: t.staff.fullTime + t.staff.partTime },
      { label: '全职人员数', value: t.staff.fullTime },
      { label: '兼职人员数', value: t.staff.partTime },
      { label: '处理政府信息公开的实际支出', value: t.staff.expenditure },
    );
  }
  return figures;
}
