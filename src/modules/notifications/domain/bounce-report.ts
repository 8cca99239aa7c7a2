// What a message that came back says (ADR 0035): an RFC 3464 delivery status notification (a
// bounce: multipart/report; report-type=delivery-status) or an RFC 5965 ARF feedback report (a
// complaint: report-type=feedback-report). Pure: the raw message in, a verdict out. Only the
// machine-readable part is read (message/delivery-status, message/feedback-report): the human
// text of a bounce is free prose in every language.

export type BounceVerdict =
  | { kind: 'hard_bounce' | 'soft_bounce' | 'complaint'; recipient: string | null; detail: string }
  | { kind: 'not_a_failure'; detail: string }
  | { kind: 'unreadable'; detail: string };

/** The machine-readable part of the given media type, unfolded: the text after its part header up to the next MIME boundary. */
function reportPart(raw: string, mediaType: string): string | null {
  const text = raw.replace(/\r\n/g, '\n');
  const at = new RegExp(`^content-type:[ \\t]*${mediaType.replace('/', '\\/')}\\b[^\\n]*(?:\\n[ \\t][^\\n]*)*\\n`, 'im').exec(text);
  if (!at) return null;
  const rest = text.slice(at.index + at[0].length);
  // The part's own headers (Content-Transfer-Encoding …) end at the first blank line.
  const headers = /^(?:[^\n]+\n)*\n/.exec(rest);
  const body = rest.slice(headers?.[0].length ?? 0);
  const end = body.search(/^--\S/m);
  return (end === -1 ? body : body.slice(0, end)).replace(/\n[ \t]+/g, ' ');
}

function field(part: string, name: string): string | null {
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(part);
  return m?.[1]?.trim() || null;
}

/** `rfc822; ada@example.test` → `ada@example.test` */
function addressOf(value: string | null): string | null {
  if (!value) return null;
  const address = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  const cleaned = address.trim().replace(/^<|>$/g, '').toLowerCase();
  return cleaned.includes('@') ? cleaned : null;
}

/** Reads a bounce or complaint. A DSN for a delivered or relayed message is not a failure. */
export function readBounceReport(raw: string): BounceVerdict {
  const feedback = reportPart(raw, 'message/feedback-report');
  if (feedback !== null) {
    const type = (field(feedback, 'Feedback-Type') ?? '').toLowerCase();
    if (!type) return { kind: 'unreadable', detail: 'a feedback report without Feedback-Type' };
    if (type === 'not-spam') return { kind: 'not_a_failure', detail: 'Feedback-Type: not-spam' };
    return { kind: 'complaint', recipient: addressOf(field(feedback, 'Original-Rcpt-To') ?? field(feedback, 'Removal-Recipient')), detail: `Feedback-Type: ${type}` };
  }
  const status = reportPart(raw, 'message/delivery-status');
  if (status === null) return { kind: 'unreadable', detail: 'neither a delivery status notification (message/delivery-status) nor a feedback report (message/feedback-report)' };
  // The per-message fields come first, then one group per recipient: the first recipient's group is read.
  const action = (field(status, 'Action') ?? '').toLowerCase();
  const code = field(status, 'Status') ?? '';
  const recipient = addressOf(field(status, 'Final-Recipient') ?? field(status, 'Original-Recipient'));
  const diagnostic = field(status, 'Diagnostic-Code');
  const detail = [`Action: ${action || '?'}`, `Status: ${code || '?'}`, diagnostic ? `Diagnostic-Code: ${diagnostic}` : null].filter(Boolean).join('; ').slice(0, 1000);
  if (!action || !/^[245]\.\d{1,3}\.\d{1,3}/.test(code)) return { kind: 'unreadable', detail: `a delivery status without a readable Action and Status (${detail})` };
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return { kind: 'not_a_failure', detail };
  // A permanent failure (5.x.x) is hard; a delay, or a failure after the retries ran out (4.x.x), is soft.
  return { kind: action === 'failed' && code.startsWith('5') ? 'hard_bounce' : 'soft_bounce', recipient, detail };
}
