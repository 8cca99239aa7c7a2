import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SHIPPED_LOCALES, TEMPLATE_NAMES } from './catalog.js';
import { SHIPPED_TEMPLATES } from './default-templates.js';
import { chooseLocale } from './locale.js';
import { renderMessage, TEMPLATE_LIMITS } from './render.js';
import { sampleData } from './sample-data.js';

// Every shipped template renders in every shipped locale with the sample data (strict variables:
// an unknown or misspelt variable fails here, not in a customer's inbox).
describe('every shipped template in every locale', () => {
  for (const locale of SHIPPED_LOCALES) {
    for (const name of TEMPLATE_NAMES) {
      test(`${locale}/${name}: one-line subject, HTML under 100 KB, text not empty, nothing left unrendered`, async () => {
        const m = await renderMessage(SHIPPED_TEMPLATES[locale][name], sampleData());
        assert.ok(m.subject.length > 0 && !/[\r\n]/.test(m.subject), `subject: ${JSON.stringify(m.subject)}`);
        assert.ok(Buffer.byteLength(m.html, 'utf8') < TEMPLATE_LIMITS.htmlBytes, 'HTML over 100 KB');
        assert.ok(m.text.trim().length > 40, `text: ${m.text}`);
        for (const part of [m.subject, m.html, m.text]) assert.doesNotMatch(part, /\{\{|\{%|\[object Object\]|undefined/, `left over in ${locale}/${name}`);
        assert.match(m.html, new RegExp(`<html lang="${locale}">`));
        assert.match(m.text, /#1042/);
      });
    }
  }

  test('the German templates are German, not the English fallback', async () => {
    const de = await renderMessage(SHIPPED_TEMPLATES.de.order_confirmation, sampleData());
    assert.equal(de.subject, 'Bestellung #1042 bestätigt');
  });

  test('a partial and a whole cancellation say different things', async () => {
    const data = sampleData();
    const partial = await renderMessage(SHIPPED_TEMPLATES.en.order_cancelled, data);
    const whole = await renderMessage(SHIPPED_TEMPLATES.en.order_cancelled, { ...data, cancellation: { partial: false, lines: [], amount: '30.00 USD', reason: '' } });
    assert.equal(partial.subject, 'Part of order #1042 has been cancelled');
    assert.equal(whole.subject, 'Order #1042 has been cancelled');
  });

  test('order data cannot inject markup into the HTML nor headers into the subject', async () => {
    const data = sampleData();
    const order = { ...(data['order'] as Record<string, unknown>), name: '#1042\r\nBcc: victim@evil.test <script>x</script>' };
    const m = await renderMessage(SHIPPED_TEMPLATES.en.shipping_confirmation, { ...data, order });
    assert.doesNotMatch(m.subject, /[\r\n]/);
    assert.ok(!m.html.includes('<script>'), 'unescaped script in the HTML');
    assert.ok(m.html.includes('&lt;script&gt;'), 'the escaped name is not shown');
  });
});

describe('choosing the locale', () => {
  const available = new Set(['en', 'de', 'fr-CA']);
  test('the customer’s locale first, then the tenant’s default, then en', () => {
    assert.equal(chooseLocale(['de', 'fr-CA'], available), 'de');
    assert.equal(chooseLocale([null, 'fr-CA'], available), 'fr-CA');
    assert.equal(chooseLocale(['it', 'de'], available), 'de');
    assert.equal(chooseLocale(['it', 'es'], available), 'en');
    assert.equal(chooseLocale([], available), 'en');
  });
  test('a regional locale falls back to its language', () => {
    assert.equal(chooseLocale(['de-AT'], available), 'de');
    assert.equal(chooseLocale(['fr-FR', 'de'], available), 'de', 'fr-CA is not fr');
  });
});
