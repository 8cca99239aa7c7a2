import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPrivateHost, outboundUrlProblem } from './outbound-url.js';

describe('outbound URLs (webhooks, marketplace APIs)', () => {
  it('takes public https URLs', () => {
    assert.equal(outboundUrlProblem('https://hooks.example.com/oms?x=1', false), null);
    assert.equal(outboundUrlProblem('https://93.184.216.34/hook', false), null);
  });
  it('refuses other schemes, credentials, fragments and private networks unless allowed', () => {
    assert.match(outboundUrlProblem('http://hooks.example.com/oms', false) ?? '', /https/);
    assert.match(outboundUrlProblem('ftp://hooks.example.com/', true) ?? '', /https/);
    assert.match(outboundUrlProblem('https://u:p@hooks.example.com/', true) ?? '', /user name/);
    assert.match(outboundUrlProblem('https://hooks.example.com/#x', true) ?? '', /fragment/);
    assert.match(outboundUrlProblem('hooks.example.com', true) ?? '', /absolute URL/);
    for (const host of ['localhost', '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '[::1]', '[fd00::1]', '[fe80::1]', '[::ffff:10.0.0.1]', 'db.internal', 'printer.local']) {
      assert.ok(isPrivateHost(new URL(`https://${host}/`).hostname), host);
      assert.match(outboundUrlProblem(`https://${host}/`, false) ?? '', /private network/, host);
      assert.equal(outboundUrlProblem(`http://${host}/`, true), null, `${host} allowed in development`);
    }
    for (const host of ['172.32.0.1', '8.8.8.8', 'example.com', '[2606:4700::1111]']) assert.ok(!isPrivateHost(new URL(`https://${host}/`).hostname), host);
  });
});
