import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgencyRegistry } from '#contracts';
import { given } from '#testing';
import { agencyRegistryDecider, type AgencyRegistryEvent } from './agency-registry.decider.js';

/** The booted list: a city bureau and one district's branch. */
const booted = AgencyRegistry.parse([
  { id: 'mou-city', name: '某市国土资源局' },
  { id: 'east-district', name: '某市国土资源局东区分局', parentId: 'mou-city' },
]);
const decider = agencyRegistryDecider(booted);
const west: AgencyRegistryEvent = {
  type: 'AgencyRegistered',
  data: { agencyId: 'west-district', name: '西区分局', level: 'county', parentId: 'mou-city', validFrom: '2019-03-01' },
};

describe('agency registry: register, rename, end, remove (ADR 0014)', () => {
  it('registers an agency below an existing one, and folds it into the registry', () => {
    given(decider).when({ type: 'RegisterAgency', agency: west.data }).then([west]);
    const { registry } = given(decider, west).state;
    assert.deepEqual(registry.descendants('mou-city'), ['mou-city', 'east-district', 'west-district']);
    assert.equal(registry.problemOn('west-district', '2019-02-28')?.rule, 'agency.not-yet-valid');
  });

  it('refuses a taken id (409), a parent not in the registry and an id that is no slug (422)', () => {
    given(decider, west)
      .when({ type: 'RegisterAgency', agency: west.data })
      .thenThrows('agency.id-duplicate', { field: 'id', kind: 'conflict' });
    given(decider)
      .when({ type: 'RegisterAgency', agency: { ...west.data, parentId: 'nowhere' } })
      .thenThrows('agency.parent-unknown', { field: 'parentId', kind: 'invalid' });
  });

  it('renames from a day on, keeping the name of earlier years; a rename before the last one is refused', () => {
    const renamed: AgencyRegistryEvent = {
      type: 'AgencyRenamed',
      data: { agencyId: 'mou-city', name: '某市自然资源和规划局', from: '2019-03-01' },
    };
    given(decider)
      .when({ type: 'RenameAgency', ...renamed.data })
      .then([renamed]);
    const { registry } = given(decider, renamed).state;
    assert.equal(registry.nameIn('mou-city', 2018), '某市国土资源局');
    assert.equal(registry.nameIn('mou-city', 2019), '某市自然资源和规划局');
    given(decider, renamed)
      .when({ type: 'RenameAgency', agencyId: 'mou-city', name: '又一个名字', from: '2019-01-01' })
      .thenThrows('agency.name-history', { kind: 'conflict' });
    given(decider)
      .when({ type: 'RenameAgency', agencyId: 'nowhere', name: 'x', from: '2019-01-01' })
      .thenThrows('agency.unknown', { field: 'agencyId', kind: 'not-found' });
  });

  it('ends an agency once, and not a parent whose agencies below it outlive it', () => {
    const ended: AgencyRegistryEvent = {
      type: 'AgencyEnded',
      data: { agencyId: 'east-district', validTo: '2020-06-30' },
    };
    given(decider).when({ type: 'EndAgency', agencyId: 'east-district', validTo: '2020-06-30' }).then([ended]);
    given(decider, ended)
      .when({ type: 'EndAgency', agencyId: 'east-district', validTo: '2021-01-01' })
      .thenThrows('agency.already-ended', { kind: 'conflict' });
    given(decider)
      .when({ type: 'EndAgency', agencyId: 'mou-city', validTo: '2020-06-30' })
      .thenThrows('agency.has-subordinates', { kind: 'conflict' });
    assert.equal(given(decider, ended).state.registry.problemOn('east-district', '2020-07-01')?.rule, 'agency.ended');
  });

  it('removes only an agency without cases and without agencies below it: one with cases is ended instead', () => {
    given(decider, west)
      .when({ type: 'RemoveAgency', agencyId: 'west-district', hasCases: false })
      .then([{ type: 'AgencyRemoved', data: { agencyId: 'west-district' } }]);
    given(decider, west)
      .when({ type: 'RemoveAgency', agencyId: 'west-district', hasCases: true })
      .thenThrows('agency.has-cases', { kind: 'conflict' });
    given(decider)
      .when({ type: 'RemoveAgency', agencyId: 'mou-city', hasCases: false })
      .thenThrows('agency.has-subordinates', { kind: 'conflict' });
  });

  it('a change the booted list already holds (the file now has the agency) is passed over, not a failed boot', () => {
    const withWest = booted.register({ id: 'west-district', name: '西区分局', parentId: 'mou-city' });
    const state = given(agencyRegistryDecider(withWest), west).state;
    assert.deepEqual(state.registry.entries(), withWest.entries());
  });
});
