import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TrackingUpdate } from '../domain/types.js';
import { instantOf, trackingUpdatesOf, type EpTracker, type EpTrackingDetail } from './easypost-format.js';

/**
 * Inbound EasyPost webhooks: the signature check and the Event → TrackingUpdate mapping.
 * EasyPost signs the raw body: `X-Hmac-Signature: hmac-sha256-hex=<hex HMAC-SHA256>`, keyed with the
 * webhook secret after Unicode NFKD normalisation (what its official client libraries do).
 */
const SIGNATURE_PREFIX = 'hmac-sha256-hex=';

export function easyPostSignature(rawBody: Buffer | string, secret: string): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return SIGNATURE_PREFIX + createHmac('sha256', Buffer.from(secret.normalize('NFKD'), 'utf8')).update(body).digest('hex');
}

export function verifyEasyPostSignature(rawBody: Buffer | string, header: string | undefined, secret: string): boolean {
  // An empty secret would make every body "signed" by anyone who guesses that.
  if (!header || secret === '') return false;
  const expected = Buffer.from(easyPostSignature(rawBody, secret), 'utf8');
  const given = Buffer.from(header.trim(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebhookProblem {
  field: string;
  message: string;
}

const trackerEvents = new Set(['tracker.created', 'tracker.updated']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * Tracking updates from a parsed EasyPost Event. Events about anything but trackers are
 * acknowledged with no updates (EasyPost disables endpoints that keep refusing its deliveries).
 * Statuses EasyPost may add later are skipped rather than refused, for the same reason.
 */
export function trackingUpdatesFromEvent(body: unknown): { updates: TrackingUpdate[] } | { problems: WebhookProblem[] } {
  if (!isRecord(body)) return { problems: [{ field: '', message: 'must be a JSON object (an EasyPost Event)' }] };
  const problems: WebhookProblem[] = [];
  if (body.object !== 'Event') problems.push({ field: 'object', message: 'must be "Event"' });
  if (!nonEmptyString(body.description)) problems.push({ field: 'description', message: 'must name the event, e.g. "tracker.updated"' });
  if (problems.length > 0) return { problems };
  if (!trackerEvents.has(body.description as string)) return { updates: [] };

  const result = body.result;
  if (!isRecord(result)) return { problems: [{ field: 'result', message: 'must be a Tracker object' }] };
  if (result.object !== undefined && result.object !== 'Tracker') problems.push({ field: 'result.object', message: 'must be "Tracker"' });
  if (!nonEmptyString(result.tracking_code)) problems.push({ field: 'result.tracking_code', message: 'must be a non-empty string' });
  if (!nonEmptyString(result.status)) problems.push({ field: 'result.status', message: 'must be a non-empty string' });
  if (result.updated_at !== undefined && result.updated_at !== null && (typeof result.updated_at !== 'string' || !instantOf(result.updated_at))) {
    problems.push({ field: 'result.updated_at', message: 'must be an ISO 8601 date-time with a zone' });
  }
  const details = result.tracking_details ?? [];
  if (!Array.isArray(details)) {
    problems.push({ field: 'result.tracking_details', message: 'must be an array' });
  } else {
    details.forEach((detail: unknown, i) => problems.push(...detailProblems(detail, `result.tracking_details[${i}]`)));
  }
  if (problems.length > 0) return { problems };
  return { updates: trackingUpdatesOf(result as unknown as EpTracker) };
}

function detailProblems(detail: unknown, at: string): WebhookProblem[] {
  if (!isRecord(detail)) return [{ field: at, message: 'must be a TrackingDetail object' }];
  const problems: WebhookProblem[] = [];
  if (!nonEmptyString(detail.status)) problems.push({ field: `${at}.status`, message: 'must be a non-empty string' });
  if (typeof detail.datetime !== 'string' || !instantOf(detail.datetime)) problems.push({ field: `${at}.datetime`, message: 'must be an ISO 8601 date-time with a zone' });
  if (detail.message !== undefined && detail.message !== null && typeof detail.message !== 'string') problems.push({ field: `${at}.message`, message: 'must be a string' });
  const location = (detail as Partial<EpTrackingDetail>).tracking_location;
  if (location !== undefined && location !== null && !isRecord(location)) problems.push({ field: `${at}.tracking_location`, message: 'must be an object' });
  return problems;
}
