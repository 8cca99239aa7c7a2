import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { writeMmdb } from '../../../../test/support/mmdb-writer.js';
import { ipCountryReaderFor, mmdbCountryReader } from './mmdb-reader.js';

// The .mmdb reader over a file this test writes (the OMS never downloads one).
const dir = mkdtempSync(join(tmpdir(), 'oms-mmdb-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('mmdbCountryReader', () => {
  const path = file(
    'country.mmdb',
    writeMmdb({
      '203.0.113.0/24': { country: { iso_code: 'NG' } },
      '198.51.100.0/25': { country: { iso_code: 'de' }, registered_country: { iso_code: 'FR' } },
      '198.51.100.128/25': { registered_country: { iso_code: 'GB' } },
      '192.0.2.0/24': { country_code: 'BR' },
    }),
  );
  const reader = mmdbCountryReader(path);

  test('answers the network’s country, upper case', () => {
    assert.equal(reader.country('203.0.113.24'), 'NG');
    assert.equal(reader.country('198.51.100.7'), 'DE');
  });
  test('falls back to the registered country, then IPinfo’s country_code', () => {
    assert.equal(reader.country('198.51.100.200'), 'GB');
    assert.equal(reader.country('192.0.2.1'), 'BR');
  });
  test('an IPv4-mapped IPv6 address is read as IPv4', () => {
    assert.equal(reader.country('::ffff:203.0.113.9'), 'NG');
  });
  test('unknown networks, IPv6 in an IPv4 database and malformed addresses are unknown, not errors', () => {
    assert.equal(reader.country('10.0.0.1'), null);
    assert.equal(reader.country('2001:db8::1'), null);
    assert.equal(reader.country('not an ip'), null);
  });
  test('a file that is not a database is refused at start-up, naming the setting and the path', () => {
    const bad = file('bad.mmdb', 'not a database');
    assert.throws(() => mmdbCountryReader(bad), /OMS_IP_COUNTRY_DB: .*bad\.mmdb is not a readable MaxMind DB/);
    assert.throws(() => mmdbCountryReader(join(dir, 'absent.mmdb')), /OMS_IP_COUNTRY_DB: .*absent\.mmdb/);
  });
  test('the setting: unset or an absent file is every country unknown (with a warning), a present file is read', () => {
    const warnings: string[] = [];
    assert.equal(ipCountryReaderFor(undefined, (m) => warnings.push(m)).country('203.0.113.24'), null);
    assert.equal(ipCountryReaderFor(join(dir, 'not-installed.mmdb'), (m) => warnings.push(m)).country('203.0.113.24'), null);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /not-installed\.mmdb does not exist/);
    assert.equal(ipCountryReaderFor(path, (m) => warnings.push(m)).country('203.0.113.24'), 'NG');
  });
});
