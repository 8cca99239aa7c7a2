import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { initialStatus, latestWaveAtOrBefore, releaseCutoff } from './release-policy.js';

const at = (iso: string) => new Date(iso);

describe('release policy', () => {
  test('immediate creates released; waves and review create pending', () => {
    assert.equal(initialStatus('immediate'), 'released');
    assert.equal(initialStatus('waves'), 'pending');
    assert.equal(initialStatus('review'), 'pending');
  });

  test('the latest wave at or before now, today or yesterday', () => {
    const waves = ['09:00', '15:30'];
    assert.deepEqual(latestWaveAtOrBefore(waves, at('2026-11-26T16:00:00Z')), at('2026-11-26T15:30:00Z'));
    assert.deepEqual(latestWaveAtOrBefore(waves, at('2026-11-26T15:30:00Z')), at('2026-11-26T15:30:00Z'));
    assert.deepEqual(latestWaveAtOrBefore(waves, at('2026-11-26T10:00:00Z')), at('2026-11-26T09:00:00Z'));
    assert.deepEqual(latestWaveAtOrBefore(waves, at('2026-11-26T08:59:59Z')), at('2026-11-25T15:30:00Z'));
    assert.equal(latestWaveAtOrBefore([], at('2026-11-26T10:00:00Z')), undefined);
    assert.equal(latestWaveAtOrBefore(['25:00', 'noon'], at('2026-11-26T10:00:00Z')), undefined);
  });

  test('cutoff per policy', () => {
    const now = at('2026-11-26T12:00:00Z');
    assert.deepEqual(releaseCutoff('immediate', [], now), now);
    assert.deepEqual(releaseCutoff('waves', ['06:00'], now), at('2026-11-26T06:00:00Z'));
    assert.equal(releaseCutoff('waves', [], now), undefined);
    assert.equal(releaseCutoff('review', ['06:00'], now), undefined);
  });
});
