import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_RULE_SET } from './domain/default-rules.js';
import { FIELDS } from './domain/schema.js';

// The README is where merchants and reviewers read the signal schema and the default rules: keep it whole.
const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');

test('the README names every signal field (velocity by its pattern) and every default rule as shipped', () => {
  const missing = Object.keys(FIELDS).filter((f) => !f.startsWith('velocity.') && !readme.includes(`\`${f}\``));
  assert.deepEqual(missing, [], 'fields missing from the README signal table');
  assert.ok(readme.includes('`velocity.<orders\\|cards\\|addresses>_per_<email\\|ip\\|phone\\|address\\|card>_<1h\\|24h\\|7d>`'), 'the velocity pattern is documented');
  for (const rule of DEFAULT_RULE_SET.rules) {
    assert.ok(readme.includes(`| \`${rule.id}\` | \`${rule.rule}\` |`), `the README shows default rule ${rule.id} as "${rule.rule}"`);
  }
});
