import { Liquid, type Template } from 'liquidjs';

/**
 * Message templates in Liquid (liquidjs), the language Shopify merchants already edit their
 * notifications in. Sandboxed: no file system (an empty in-memory template map, so `include` and
 * `render` find nothing), own properties only, unknown variables and filters are errors (a typo is
 * caught at preview, not sent as an empty string), and limits on template size, parse and render
 * time and memory, so a hostile or runaway template fails fast.
 */

/** The parts of one message, each a Liquid template. */
export interface MessageTemplate {
  subject: string;
  html: string;
  text: string;
}

export type TemplatePart = keyof MessageTemplate;

/** Limits a merchant's template must stay within (ADR 0033). */
export const TEMPLATE_LIMITS = {
  /** Characters per part. */
  sourceChars: 100_000,
  /** Milliseconds to render one part. */
  renderMs: 500,
  /** Bytes of strings a render may allocate (liquidjs `memoryLimit`). */
  memoryBytes: 5_000_000,
  /** The HTML a message may end up as: Gmail clips messages over ~102 KB. */
  htmlBytes: 100_000,
  /** A subject line. */
  subjectChars: 250,
} as const;

function engine(escape: boolean): Liquid {
  return new Liquid({
    templates: {},
    relativeReference: false,
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    ...(escape ? { outputEscape: 'escape' as const } : {}),
    parseLimit: TEMPLATE_LIMITS.sourceChars,
    renderLimit: TEMPLATE_LIMITS.renderMs,
    memoryLimit: TEMPLATE_LIMITS.memoryBytes,
  });
}

// HTML escapes every output ({{ order.note }} cannot inject markup); subject and text are plain.
const htmlEngine = engine(true);
const plainEngine = engine(false);
const engineFor = (part: TemplatePart) => (part === 'html' ? htmlEngine : plainEngine);

/** A problem with one part of a template, for a 422 naming the field (`html`, `subject`…). */
export interface TemplateProblem {
  part: TemplatePart;
  message: string;
}

export class TemplateError extends Error {
  constructor(readonly problems: TemplateProblem[]) {
    super(problems.map((p) => `${p.part}: ${p.message}`).join('; '));
  }
}

export type CompiledTemplate = Record<TemplatePart, Template[]>;

/** Parses every part (syntax errors, unknown tags, sizes); throws TemplateError with each part's problem. */
export function compileTemplate(template: MessageTemplate): CompiledTemplate {
  const problems: TemplateProblem[] = [];
  const compiled: Partial<CompiledTemplate> = {};
  for (const part of ['subject', 'html', 'text'] as const) {
    const source = template[part];
    if (source.length > TEMPLATE_LIMITS.sourceChars) {
      problems.push({ part, message: `is ${source.length} characters; at most ${TEMPLATE_LIMITS.sourceChars}` });
      continue;
    }
    if (source.trim() === '') {
      problems.push({ part, message: 'is empty: every message needs a subject, an HTML part and a plain-text part' });
      continue;
    }
    try {
      compiled[part] = engineFor(part).parse(source);
    } catch (error) {
      problems.push({ part, message: liquidMessage(error) });
    }
  }
  if (problems.length > 0) throw new TemplateError(problems);
  return compiled as CompiledTemplate;
}

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/**
 * Renders a message. The subject is one line (CR/LF and other control characters would inject
 * headers: they become spaces) of at most 250 characters; the text part is never empty; the HTML
 * stays under Gmail's clipping size. Any of these, an unknown variable or a limit → TemplateError.
 */
export async function renderMessage(template: MessageTemplate | CompiledTemplate, data: Record<string, unknown>): Promise<RenderedMessage> {
  const compiled = isCompiled(template) ? template : compileTemplate(template);
  const problems: TemplateProblem[] = [];
  const out: Partial<RenderedMessage> = {};
  for (const part of ['subject', 'html', 'text'] as const) {
    try {
      out[part] = String(await engineFor(part).render(compiled[part], data));
    } catch (error) {
      problems.push({ part, message: liquidMessage(error) });
    }
  }
  if (problems.length > 0) throw new TemplateError(problems);
  const subject = oneLine(out.subject ?? '');
  if (subject === '') problems.push({ part: 'subject', message: 'rendered empty' });
  if (subject.length > TEMPLATE_LIMITS.subjectChars) problems.push({ part: 'subject', message: `rendered ${subject.length} characters; at most ${TEMPLATE_LIMITS.subjectChars}` });
  const html = out.html ?? '';
  const htmlBytes = Buffer.byteLength(html, 'utf8');
  if (htmlBytes > TEMPLATE_LIMITS.htmlBytes) problems.push({ part: 'html', message: `rendered ${htmlBytes} bytes; at most ${TEMPLATE_LIMITS.htmlBytes} (Gmail clips larger messages)` });
  const text = (out.text ?? '').trim();
  if (text === '') problems.push({ part: 'text', message: 'rendered empty: the plain-text part is what many clients and screen readers show' });
  if (problems.length > 0) throw new TemplateError(problems);
  return { subject, html, text: `${text}\n` };
}

function isCompiled(t: MessageTemplate | CompiledTemplate): t is CompiledTemplate {
  return Array.isArray((t as CompiledTemplate).subject);
}

/** Control characters (CR, LF, tab…) become single spaces: a subject is one header line. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

function liquidMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // liquidjs appends the template excerpt with a caret on later lines; the first line says it.
  return message.split('\n')[0] ?? message;
}
