import type { MessageTemplate } from '../render.js';

/**
 * The one layout every shipped message uses (ADR 0034): a single 600 px column that shrinks to the
 * screen, tables for the clients that need them, styles inline; and the same content as plain
 * text. A template is written once as blocks of Liquid and becomes both parts, so the HTML and the
 * text never say different things. Literal words in blocks must be HTML-safe (no `<`, `&`; `<strong>` is
 * the one markup, dropped from the text): they go into the HTML as they are; `{{ … }}` output is escaped by the HTML engine.
 */

export type Block =
  | { kind: 'p'; text: string; muted?: boolean }
  | { kind: 'button'; url: string; label: string }
  | { kind: 'table'; list: string; item: string; left: string; right?: string; total?: { label: string; value: string } }
  | { kind: 'if'; condition: string; blocks: Block[]; otherwise?: Block[] };

/** A paragraph of Liquid (plain words and `{{ … }}`). */
export const p = (text: string): Block => ({ kind: 'p', text });
export const muted = (text: string): Block => ({ kind: 'p', text, muted: true });
/** A call to action linking to `url` (a Liquid variable path); nothing when it is empty. */
export const button = (url: string, label: string): Block => ({ kind: 'if', condition: url, blocks: [{ kind: 'button', url, label }] });
export const when = (condition: string, blocks: Block[], otherwise?: Block[]): Block => ({ kind: 'if', condition, blocks, ...(otherwise ? { otherwise } : {}) });
export const table = (list: string, item: string, left: string, right?: string, total?: { label: string; value: string }): Block => ({ kind: 'table', list, item, left, ...(right ? { right } : {}), ...(total ? { total } : {}) });

/** The words of the layout itself, per locale. */
export interface LayoutWords {
  lang: string;
  /** The footer line: Liquid. */
  footer: string;
  /** The label of the link to the order's portal page (ADR 0036), shown when the tenant has a portal. */
  portal: string;
}

export interface TemplateSpec {
  subject: string;
  heading: string;
  blocks: Block[];
}

const CELL = 'padding:6px 0;border-bottom:1px solid #eaeef2';

function html(block: Block): string {
  switch (block.kind) {
    case 'p':
      return `<p style="margin:0 0 12px 0${block.muted ? ';color:#57606a;font-size:14px' : ''}">${block.text}</p>`;
    case 'button':
      return `<p style="margin:20px 0"><a href="{{ ${block.url} }}" style="background:#1f6feb;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${block.label}</a></p>`;
    case 'table': {
      const right = block.right ? `<td align="right" style="${CELL}">${block.right}</td>` : '';
      const total = block.total ? `<tr><td style="padding:8px 0;font-weight:600">${block.total.label}</td><td align="right" style="padding:8px 0;font-weight:600">${block.total.value}</td></tr>` : '';
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:8px 0 16px 0">
{% for ${block.item} in ${block.list} %}<tr><td style="${CELL}">${block.left}</td>${right}</tr>
{% endfor %}${total}</table>`;
    }
    case 'if':
      return `{% if ${block.condition} %}${block.blocks.map(html).join('\n')}${block.otherwise ? `{% else %}${block.otherwise.map(html).join('\n')}` : ''}{% endif %}`;
  }
}

/** The inline emphasis a paragraph may carry in HTML, left out of the plain text. */
const plain = (source: string) => source.replace(/<\/?(strong|em|b)>/g, '');

function text(block: Block): string {
  switch (block.kind) {
    case 'p':
      return `${plain(block.text)}\n\n`;
    case 'button':
      return `${block.label}: {{ ${block.url} }}\n\n`;
    case 'table':
      return `{% for ${block.item} in ${block.list} %}- ${block.left}${block.right ? `: ${block.right}` : ''}\n{% endfor %}${block.total ? `${block.total.label}: ${block.total.value}\n` : ''}\n`;
    case 'if':
      return `{% if ${block.condition} %}${block.blocks.map(text).join('')}${block.otherwise ? `{% else %}${block.otherwise.map(text).join('')}` : ''}{% endif %}`;
  }
}

/** One spec → the three Liquid parts of a message. */
export function buildTemplate(spec: TemplateSpec, words: LayoutWords): MessageTemplate {
  // Every message ends with the way to the order's page in the customer portal, where there is one.
  const blocks = [...spec.blocks, button('order.portal_url', words.portal)];
  const content = blocks.map(html).join('\n');
  return {
    subject: spec.subject,
    html: `<!doctype html>
<html lang="${words.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${spec.heading}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2328">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="padding:24px 24px 8px 24px;font-size:14px;color:#57606a">{{ shop.name }}</td></tr>
<tr><td style="padding:8px 24px 24px 24px;font-size:16px;line-height:1.5">
<h1 style="font-size:22px;margin:0 0 12px 0">${spec.heading}</h1>
${content}
</td></tr></table>
<p style="font-size:12px;color:#57606a;margin:16px 0 0 0">${words.footer}</p>
</td></tr></table></body></html>`,
    text: `${spec.heading}\n\n${blocks.map(text).join('')}{{ shop.name }}`,
  };
}
