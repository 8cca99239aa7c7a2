import type { Db } from '../../../platform/db/database.js';
import { linkSigning } from '../../../platform/kernel/link-signing.js';
import { findTenantSettings } from '../../../modules/tenancy/index.js';
import { signOrderLink } from './portal-tokens.js';

/** How long a magic link opens its order (ADR 0036). */
export const PORTAL_LINK_DAYS = 7;

/** The key magic links are signed with (one purpose of the installation's key: link-signing.ts). */
export const portalLinkKey = () => linkSigning('portal-link');

/**
 * The magic link to an order's portal page, for e-mails (notification templates call this): signed
 * for this tenant and order, good for PORTAL_LINK_DAYS. Null when the tenant has no portal (no
 * `portal_slug` setting). Needs the process's link-signing key (OMS_SECRET_KEY).
 */
export async function portalLinkFor(db: Db, tenantId: string, orderId: string, now: Date): Promise<string | null> {
  const slug = (await findTenantSettings(db, tenantId))?.portal_slug;
  if (!slug) return null;
  const { key, publicUrl } = portalLinkKey();
  const token = signOrderLink(key, tenantId, orderId, new Date(now.getTime() + PORTAL_LINK_DAYS * 86_400_000));
  return `${publicUrl}/portal/${slug}/link/${token}`;
}
