import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signShopify, signWooCommerce, verifyShopifyHmac, verifyWooCommerceSignature } from './signatures.js';
import { SHOPIFY_ORDER } from './fixtures/shopify-order.js';
import { WOOCOMMERCE_ORDER } from './fixtures/woocommerce-order.js';

// The published test vector (reference/integrations.md, computed with Node crypto and Python hmac).
const VECTOR_BODY = Buffer.from('{"id":5550001112223,"name":"#1042","financial_status":"paid"}');
const VECTOR_SECRET = 'whsec_test_do_not_use';
const VECTOR_BASE64 = '0kKXwUU5eimAQFlOvzNSgLcOMWXqws+gkSzy8qH+Gcg=';
const VECTOR_HEX = 'd24297c145397a298040594ebf335280b70e3165eac2cfa0912cf2f2a1fe19c8';

const platforms = [
  { name: 'Shopify (X-Shopify-Hmac-Sha256)', sign: signShopify, verify: verifyShopifyHmac, payload: SHOPIFY_ORDER },
  { name: 'WooCommerce (X-WC-Webhook-Signature)', sign: signWooCommerce, verify: verifyWooCommerceSignature, payload: WOOCOMMERCE_ORDER },
];

for (const { name, sign, verify, payload } of platforms) {
  describe(name, () => {
    const body = Buffer.from(JSON.stringify(payload));
    const secret = 'shpss_or_wc_secret_0123456789';

    test('the published test vector', () => {
      assert.equal(VECTOR_BODY.length, 61);
      assert.equal(sign(VECTOR_BODY, VECTOR_SECRET), VECTOR_BASE64);
      assert.equal(Buffer.from(VECTOR_BASE64, 'base64').toString('hex'), VECTOR_HEX);
      assert.equal(verify(VECTOR_BODY, VECTOR_BASE64, VECTOR_SECRET), true);
    });

    test('a good signature over the raw body', () => {
      assert.equal(verify(body, sign(body, secret), secret), true);
      assert.equal(verify(body, ` ${sign(body, secret)} `, secret), true, 'surrounding whitespace from a proxy');
    });

    test('the wrong secret', () => {
      assert.equal(verify(body, sign(body, 'another-secret'), secret), false);
    });

    test('a missing or empty header', () => {
      assert.equal(verify(body, undefined, secret), false);
      assert.equal(verify(body, '', secret), false);
    });

    test('an empty secret never verifies', () => {
      assert.equal(verify(body, sign(body, ''), ''), false);
    });

    test('a tampered body', () => {
      const tampered = Buffer.from(body.toString().replace('"currency":"USD"', '"currency":"EUR"'));
      assert.notDeepEqual(tampered, body);
      assert.equal(verify(tampered, sign(body, secret), secret), false);
    });

    test('a re-serialised body (whitespace changed) does not verify: the raw bytes are what is signed', () => {
      const pretty = Buffer.from(JSON.stringify(payload, null, 2));
      assert.equal(verify(pretty, sign(body, secret), secret), false);
    });

    test('malformed headers: hex, truncated, not base64, one character changed', () => {
      const good = sign(body, secret);
      const flipped = `${good[0] === 'A' ? 'B' : 'A'}${good.slice(1)}`;
      for (const header of [Buffer.from(good, 'base64').toString('hex'), good.slice(0, 20), '!!!not-base64!!!', good.replace('=', ''), `${good}=`, flipped]) {
        assert.equal(verify(body, header, secret), false, header);
      }
    });
  });
}
