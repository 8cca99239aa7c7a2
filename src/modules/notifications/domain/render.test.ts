import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_TEMPLATES, TEMPLATE_NAMES } from './default-templates.js';
import { sampleData } from './sample-data.js';
import { compileTemplate, oneLine, renderMessage, TEMPLATE_LIMITS, TemplateError, type MessageTemplate } from './render.js';

const base = sampleData();
const SAMPLE = {
  ...base,
  shop: { name: 'Acme & Sons' },
  order: { ...(base['order'] as Record<string, unknown>), lines: [{ sku: 'MUG', title: 'Enamel <b>mug</b>', quantity: 2, total: '25.00 USD' }] },
  shipment: { ...(base['shipment'] as Record<string, unknown>), tracking_url: 'https://track.test/1Z999AA10123456784' },
};

const template = (parts: Partial<MessageTemplate>): MessageTemplate => ({ subject: 'Hello {{ customer.first_name }}', html: '<p>{{ order.name }}</p>', text: 'Order {{ order.name }}', ...parts });

async function problemsOf(t: MessageTemplate, data: Record<string, unknown> = SAMPLE): Promise<string[]> {
  try {
    await renderMessage(t, data);
    return [];
  } catch (error) {
    assert.ok(error instanceof TemplateError, String(error));
    return error.problems.map((p) => `${p.part}: ${p.message}`);
  }
}

describe('the shipped templates', () => {
  for (const name of TEMPLATE_NAMES) {
    test(`${name} renders the sample: one-line subject, text never empty, HTML under Gmail's clipping size`, async () => {
      const m = await renderMessage(DEFAULT_TEMPLATES[name], SAMPLE);
      assert.ok(m.subject.length > 0 && !/[\r\n]/.test(m.subject), `subject: ${JSON.stringify(m.subject)}`);
      assert.ok(m.text.trim().length > 0, 'the text part is empty');
      assert.ok(Buffer.byteLength(m.html) < TEMPLATE_LIMITS.htmlBytes, `HTML of ${Buffer.byteLength(m.html)} bytes`);
      assert.match(m.subject, /#1042/);
      assert.match(m.html, /Acme &amp; Sons/);
    });
  }

  test('the confirmation lists the lines with the product name escaped in HTML, plain in text', async () => {
    const m = await renderMessage(DEFAULT_TEMPLATES.order_confirmation, SAMPLE);
    assert.ok(m.html.includes('Enamel &lt;b&gt;mug&lt;/b&gt;'), m.html);
    assert.ok(!m.html.includes('<b>mug</b>'), 'markup from the product name reached the HTML');
    assert.match(m.text, /2 × Enamel <b>mug<\/b>: 25\.00 USD/);
    assert.match(m.text, /Total: 30\.00 USD/);
  });

  test('the shipping confirmation has the tracking link and number', async () => {
    const m = await renderMessage(DEFAULT_TEMPLATES.shipping_confirmation, SAMPLE);
    assert.ok(m.html.includes('href="https://track.test/1Z999AA10123456784"'), 'no tracking link');
    assert.match(m.text, /UPS, tracking number: 1Z999AA10123456784/);
    assert.match(m.text, /arrive by 2026-12-01/);
  });
});

describe('bad templates are clear errors, never a crash', () => {
  test('a syntax error names the part', async () => {
    assert.throws(() => compileTemplate(template({ html: '<p>{% if order.name %}unclosed</p>' })), (e: unknown) => e instanceof TemplateError && e.problems[0]?.part === 'html');
  });

  test('an undefined variable or filter is an error, not an empty string', async () => {
    assert.deepEqual((await problemsOf(template({ text: 'Hi {{ customer.nickname }}' }))).map((p) => p.split(':')[0]), ['text']);
    assert.deepEqual((await problemsOf(template({ subject: '{{ order.name | shout }}' }))).map((p) => p.split(':')[0]), ['subject']);
  });

  test('include and render find no files: a template cannot read the server’s disk', async () => {
    const problems = await problemsOf(template({ text: "{% include '/etc/passwd' %}" }));
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^text: /);
  });

  test('a huge template is refused before parsing; a runaway loop stops at the render limit', async () => {
    assert.throws(() => compileTemplate(template({ html: 'x'.repeat(TEMPLATE_LIMITS.sourceChars + 1) })), /html: is 100001 characters/);
    const problems = await problemsOf(template({ text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' }));
    assert.deepEqual(problems.map((p) => p.split(':')[0]), ['text']);
  });

  test('CR/LF in a subject (header injection from order data) become spaces', async () => {
    const m = await renderMessage(template({ subject: 'Order {{ order.name }}' }), { ...SAMPLE, order: { ...SAMPLE.order, name: '#1\r\nBcc: victim@customers.test' } });
    assert.equal(m.subject, 'Order #1 Bcc: victim@customers.test');
    assert.equal(oneLine('a\u0000b\tc'), 'a b c');
  });

  test('an empty text part or subject is refused: the plain-text part is never empty', async () => {
    assert.throws(() => compileTemplate(template({ text: '   ' })), /text: is empty/);
    assert.deepEqual(await problemsOf(template({ text: '{% if false %}x{% endif %}' })), ['text: rendered empty: the plain-text part is what many clients and screen readers show']);
  });

  test('HTML over 100 KB after rendering is refused (Gmail clips it)', async () => {
    // 1,100 × 100 bytes: over 100 KB in few iterations, far from the render-time limit on a loaded machine (30,000 tiny ones hit it).
    const problems = await problemsOf(template({ html: `{% for i in (1..1100) %}<p>${'x'.repeat(93)}</p>{% endfor %}` }));
    assert.match(problems[0] ?? '', /^html: rendered \d+ bytes; at most 100000/);
  });
});
