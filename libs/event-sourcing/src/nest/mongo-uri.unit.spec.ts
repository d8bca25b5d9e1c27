import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { databaseInUri } from './mongo-uri.js';

describe('databaseInUri', () => {
  it('finds the database of single-host, replica-set and SRV URIs, with or without options and credentials', () => {
    assert.equal(databaseInUri('mongodb://mongo:27017/applications?replicaSet=rs0'), 'applications');
    assert.equal(databaseInUri('mongodb://u:p%40ss@h1:1,h2:2/reporting'), 'reporting');
    assert.equal(databaseInUri('mongodb+srv://cluster.example.net/land_bureau?retryWrites=true'), 'land_bureau');
  });

  it('answers undefined when the URI names no database', () => {
    assert.equal(databaseInUri('mongodb://127.0.0.1:27018/'), undefined);
    assert.equal(databaseInUri('mongodb://127.0.0.1:27018'), undefined);
    assert.equal(databaseInUri('mongodb://localhost:1234/?directConnection=true'), undefined);
  });
});
