import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelLabel, MAX_CHANNEL_LABELS } from './metrics.js';

test('channel labels are capped so clients cannot grow the metrics without bound', () => {
  const seen = new Set<string>();
  const labels = Array.from({ length: MAX_CHANNEL_LABELS + 10 }, (_, i) => channelLabel(seen, `channel-${i}`));
  assert.equal(new Set(labels).size, MAX_CHANNEL_LABELS + 1);
  assert.equal(labels.at(-1), 'other');
  assert.equal(channelLabel(seen, 'channel-3'), 'channel-3', 'a known channel keeps its label');
  assert.equal(channelLabel(seen, 'x'.repeat(100)), 'other');
});
