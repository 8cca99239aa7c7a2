import { compileTemplate, renderMessage, TemplateError, type MessageTemplate, type RenderedMessage, type TemplateProblem } from './render.js';

/**
 * A merchant's draft checked before it is saved or sent (ADR 0034): it parses, it renders with
 * the data every message of this kind has (strict: an unknown variable or filter is an error), its
 * subject source is one line, and it stays within the size, time and memory limits. Answers the
 * rendered sample, or throws TemplateError with one problem per part.
 */
export async function validateDraft(draft: MessageTemplate, data: Record<string, unknown>): Promise<RenderedMessage> {
  const problems: TemplateProblem[] = [];
  // A line break in the subject's source is a header injection attempt or a paste accident: refused, not repaired.
  if (/[\r\n]/.test(draft.subject)) problems.push({ part: 'subject', message: 'contains a line break: a subject is one line; remove the CR/LF characters' });
  if (problems.length > 0) throw new TemplateError(problems);
  return renderMessage(compileTemplate(draft), data);
}

/** Warnings a preview shows but a save allows: things that usually mean a mistake. */
export function warningsOf(draft: MessageTemplate, rendered: RenderedMessage): string[] {
  const warnings: string[] = [];
  if (!/\{\{\s*order\.name/.test(draft.subject)) warnings.push('subject: does not name the order ({{ order.name }}): customers search their mail for it');
  if (Buffer.byteLength(rendered.html, 'utf8') > 80_000) warnings.push('html: over 80 KB; Gmail clips messages over about 100 KB');
  if (!/<html/i.test(draft.html)) warnings.push('html: has no <html> element; some clients show a bare fragment oddly');
  return warnings;
}
