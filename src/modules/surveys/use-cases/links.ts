import { DomainError } from '../../../platform/errors.js';
import { linkSigning } from '../../../platform/kernel/link-signing.js';
import { SURVEY_TTL_MS } from '../domain/nps.js';
import { readSurveyToken, signSurveyToken, type SurveyLink } from '../domain/survey-token.js';

/** Survey links (ADR 0037): signed with their own purpose over (tenant, order, expiry), stored nowhere. */
const PURPOSE = 'survey';

/**
 * The survey link of an order, for the delivered e-mail (the notifications sign it from the
 * event, as they do verification links): offer it only for an order with a delivered shipment,
 * expiring `SURVEY_TTL_MS` after that delivery (`surveyExpiry`).
 */
export function surveyUrl(tenantId: string, orderId: string, expiresAt: Date): string {
  const { key, publicUrl } = linkSigning(PURPOSE);
  return `${publicUrl}/survey/${signSurveyToken(key, { tenantId, orderId, expiresAt })}`;
}

/** When a link offered for a delivery at `deliveredAt` expires: 30 days later. */
export function surveyExpiry(deliveredAt: Date): Date {
  return new Date(deliveredAt.getTime() + SURVEY_TTL_MS);
}

/** The order a survey token names, or a problem: malformed or tampered → 403; expired → 410. */
export function liveSurveyLink(token: string, now: Date): SurveyLink {
  const link = readSurveyToken(linkSigning(PURPOSE).key, token);
  if (typeof link === 'string') throw new DomainError('SURVEY_LINK_INVALID', `The link is ${link}.`, [{ field: 'token', message: `is ${link}` }]);
  if (link.expiresAt <= now) throw new DomainError('SURVEY_LINK_EXPIRED', `The link expired at ${link.expiresAt.toISOString()}.`, [{ field: 'token', message: 'has expired' }], { expired_at: link.expiresAt.toISOString() });
  return link;
}
