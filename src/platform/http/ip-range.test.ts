import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGlobalUnicast } from './ip-range.js';
import { isPrivateHost, outboundUrlProblem } from './outbound-url.js';

/** Every address here is somewhere the OMS must not connect to on a tenant's behalf. */
const refused: [string, string][] = [
  // Issue #11 item 10: accepted before.
  ['::7f00:1', 'IPv4-compatible loopback (::127.0.0.1)'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 of 169.254.169.254 (cloud metadata)'],
  ['::ffff:0:a9fe:a9fe', 'SIIT (RFC 6145) of 169.254.169.254'],
  ['fec0::1', 'site-local (deprecated)'],
  ['198.18.0.1', 'benchmarking 198.18/15'],
  // IPv4 special-purpose ranges.
  ['0.0.0.0', 'this host'],
  ['10.1.2.3', 'RFC 1918'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'link-local, cloud metadata'],
  ['172.16.0.1', 'RFC 1918'],
  ['172.31.255.255', 'RFC 1918'],
  ['192.0.0.1', 'IETF protocol assignments'],
  ['192.0.2.1', 'TEST-NET-1'],
  ['192.88.99.1', '6to4 relay anycast (deprecated)'],
  ['192.168.1.1', 'RFC 1918'],
  ['198.19.255.255', 'benchmarking'],
  ['198.51.100.1', 'TEST-NET-2'],
  ['203.0.113.1', 'TEST-NET-3'],
  ['224.0.0.1', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  // IPv6.
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['::ffff:10.0.0.1', 'IPv4-mapped RFC 1918'],
  ['::a00:1', 'IPv4-compatible 10.0.0.1'],
  ['64:ff9b::7f00:1', 'NAT64 of loopback'],
  ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
  ['64:ff9b:1::808:808', 'local-use NAT64 (RFC 8215)'],
  ['100::1', 'discard-only'],
  ['2001::1', 'Teredo'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  ['2001:2::1', 'benchmarking'],
  ['2001:10::1', 'ORCHID'],
  ['2001:20::1', 'ORCHIDv2'],
  ['2001:db8::1', 'documentation'],
  ['2002:a00:1::1', '6to4 of 10.0.0.1'],
  ['2002:808:808::1', '6to4 (tunnels are refused whatever they embed)'],
  ['3fff::1', 'documentation (RFC 9637)'],
  ['4000::1', 'outside 2000::/3'],
  ['5f00::1', 'SRv6 SIDs'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456::1', 'unique-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local with a zone'],
  ['ff02::1', 'multicast'],
  // Not addresses at all.
  ['', 'empty'],
  ['localhost', 'a name'],
  ['127.1', 'shorthand IPv4 (URLs normalise it; a resolver never returns it)'],
];

const accepted = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '[2606:4700::1111]'];

describe('IP address classification (only global unicast)', () => {
  for (const [address, what] of refused) {
    it(`refuses ${address || '(empty)'}: ${what}`, () => assert.equal(isGlobalUnicast(address), false, `${address} (${what}) must be refused`));
  }
  for (const address of accepted) {
    it(`accepts ${address}`, () => assert.equal(isGlobalUnicast(address), true, `${address} is global unicast`));
  }

  it('refuses the same addresses as URL hosts when they are saved', () => {
    for (const [address, what] of refused) {
      if (address === '' || address.includes('%') || address === 'localhost') continue;
      const host = address.includes(':') ? `[${address}]` : address;
      const hostname = new URL(`https://${host}/`).hostname;
      assert.ok(isPrivateHost(hostname), `${address} (${what}) as ${hostname}`);
      assert.match(outboundUrlProblem(`https://${host}/v2`, false) ?? '', /private network/, address);
    }
    for (const address of accepted) {
      const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
      assert.equal(outboundUrlProblem(`https://${host}/v2`, false), null, address);
    }
  });

  it('refuses names that stay on the machine or the site, with or without a final dot', () => {
    for (const name of ['localhost', 'localhost.', 'api.localhost', 'printer.local', 'db.internal', 'nas.home.arpa', 'box.localdomain']) {
      assert.ok(isPrivateHost(name), name);
    }
    assert.equal(isPrivateHost('api.easypost.com'), false);
  });
});
