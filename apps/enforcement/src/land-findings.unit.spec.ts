import { describe, it } from 'node:test';
import { given } from '#testing';
import { demolitions } from './demolition/demolitions.js';
import { idleLand } from './idle-land/idle-land.js';
import {
  satelliteInspectionDecider,
  type SatelliteInspectionEvent,
} from './satellite-inspection/domain/satellite-inspection.decider.js';

const today = '2010-03-31';
const demolitionDecider = demolitions.decider;
const idleLandDecider = idleLand.decider;
const at = (date: string): string => `${date}T00:00:00+08:00`;

describe('idle land (闲置土地)', () => {
  const determine = {
    type: 'DetermineIdleLand',
    agencyId: 'zhuzhou-city',
    determinedOn: '2009-11-02',
    parcels: 28,
    areaMu: 762,
    today,
  } as const;

  it('records parcels and area once', () => {
    const events = given(idleLandDecider)
      .when(determine)
      .then([
        {
          type: 'IdleLandDetermined',
          data: { agencyId: 'zhuzhou-city', determinedOn: '2009-11-02', parcels: 28, areaMu: 762 },
          occurredAt: at('2009-11-02'),
        },
      ]);
    given(idleLandDecider, ...events)
      .when(determine)
      .thenThrows('idle-land.already-determined', { kind: 'conflict' });
  });

  it('refuses zero or negative areas, no parcels, and future dates', () => {
    given(idleLandDecider)
      .when({ ...determine, areaMu: -762 })
      .thenThrows('area.negative', { field: 'areaMu' });
    given(idleLandDecider)
      .when({ ...determine, areaMu: 0 })
      .thenThrows('area.zero', { field: 'areaMu' });
    given(idleLandDecider)
      .when({ ...determine, parcels: 0 })
      .thenThrows('count.invalid', { field: 'parcels' });
    given(idleLandDecider)
      .when({ ...determine, parcels: 2.5 })
      .thenThrows('count.invalid', { field: 'parcels' });
    given(idleLandDecider)
      .when({ ...determine, determinedOn: '2010-04-01' })
      .thenThrows('date.in-future');
  });
});

describe('satellite-image inspection (卫片执法)', () => {
  const inspect = {
    type: 'InspectPatches',
    agencyId: 'zhuzhou-city',
    campaignYear: 2009,
    inspectedOn: '2009-12-10',
    patches: 100,
    parcels: 70,
    areaMu: 5000,
    violations: 6,
    today,
  } as const;
  const round1: SatelliteInspectionEvent = {
    type: 'PatchesInspected',
    data: {
      agencyId: 'zhuzhou-city',
      campaignYear: 2009,
      inspectedOn: '2009-12-10',
      patches: 100,
      parcels: 70,
      areaMu: 5000,
      violations: 6,
    },
    occurredAt: at('2009-12-10'),
  };
  const round2: SatelliteInspectionEvent = {
    type: 'PatchesInspected',
    data: { ...round1.data, inspectedOn: '2010-03-01', patches: 17, parcels: 7, areaMu: 1041, violations: 2 },
    occurredAt: at('2010-03-01'),
  };

  it('records rounds of a campaign, into the spring of the next year, and sums them', () => {
    given(satelliteInspectionDecider).when(inspect).then([round1]);
    const state = given(satelliteInspectionDecider, round1, round2).state;
    if (
      state.status !== 'inspecting' ||
      state.patches !== 117 ||
      state.parcels !== 77 ||
      state.areaMu !== 6041 ||
      state.violations !== 8
    ) {
      throw new Error(`rounds do not add up: ${JSON.stringify(state)}`);
    }
  });

  it('refuses more violations than parcels, no patches, negative area, and a round outside the campaign', () => {
    given(satelliteInspectionDecider)
      .when({ ...inspect, violations: 71 })
      .thenThrows('inspection.violations-exceed-parcels', { field: 'violations' });
    given(satelliteInspectionDecider)
      .when({ ...inspect, patches: 0 })
      .thenThrows('count.invalid', { field: 'patches' });
    given(satelliteInspectionDecider)
      .when({ ...inspect, areaMu: -5 })
      .thenThrows('area.negative', { field: 'areaMu' });
    given(satelliteInspectionDecider)
      .when({ ...inspect, inspectedOn: '2008-12-01' })
      .thenThrows('inspection.outside-campaign');
    given(satelliteInspectionDecider, round1)
      .when({ ...inspect, campaignYear: 2008 })
      .thenThrows('inspection.other-campaign');
    given(satelliteInspectionDecider, round1)
      .when({ ...inspect, agencyId: 'you-county' })
      .thenThrows('inspection.other-campaign');
  });

  // A round added to a campaign on file: its agency and year come from the campaign (the state),
  // not from the caller — the service no longer reads the campaign to fill them in.
  const { agencyId: _agency, campaignYear: _year, ...figures } = round2.data;
  const addRound = { type: 'AddInspectionRound', ...figures, today } as const;

  it('adds a round to the campaign on file, in its agency and year', () => {
    given(satelliteInspectionDecider, round1).when(addRound).then([round2]);
    // Another agency's campaign of another year: the same round is that campaign's.
    const elsewhere = { agencyId: 'you-county', campaignYear: 2010 } as const;
    given(satelliteInspectionDecider, { ...round1, data: { ...round1.data, ...elsewhere } })
      .when(addRound)
      .then([{ ...round2, data: { ...round2.data, ...elsewhere } }]);
  });

  it('refuses a round for no campaign (404) and checks its figures against the campaign on file', () => {
    given(satelliteInspectionDecider).when(addRound).thenThrows('inspection.unknown', { kind: 'not-found' });
    given(satelliteInspectionDecider, round1)
      .when({ ...addRound, inspectedOn: '2008-12-01' })
      .thenThrows('inspection.outside-campaign', { field: 'inspectedOn' });
    given(satelliteInspectionDecider, round1)
      .when({ ...addRound, violations: 8 })
      .thenThrows('inspection.violations-exceed-parcels', { field: 'violations' });
    given(satelliteInspectionDecider, round1)
      .when({ ...addRound, inspectedOn: '2010-04-01' })
      .thenThrows('date.in-future', { field: 'inspectedOn' });
  });
});

describe('demolition of illegal buildings (拆除违法建设)', () => {
  const complete = {
    type: 'CompleteDemolition',
    agencyId: 'zhuzhou-city',
    completedOn: '2009-12-31',
    buildings: 2178,
    floorAreaM2: 201800,
    today,
  } as const;

  it('records buildings and floor area once', () => {
    const events = given(demolitionDecider)
      .when(complete)
      .then([
        {
          type: 'DemolitionCompleted',
          data: { agencyId: 'zhuzhou-city', completedOn: '2009-12-31', buildings: 2178, floorAreaM2: 201800 },
          occurredAt: at('2009-12-31'),
        },
      ]);
    given(demolitionDecider, ...events)
      .when(complete)
      .thenThrows('demolition.already-recorded', { kind: 'conflict' });
  });

  it('refuses no buildings and a zero or negative floor area', () => {
    given(demolitionDecider)
      .when({ ...complete, buildings: 0 })
      .thenThrows('count.invalid', { field: 'buildings' });
    given(demolitionDecider)
      .when({ ...complete, floorAreaM2: 0 })
      .thenThrows('area.zero', { field: 'floorAreaM2' });
    given(demolitionDecider)
      .when({ ...complete, floorAreaM2: -1 })
      .thenThrows('area.negative', { field: 'floorAreaM2' });
  });
});
