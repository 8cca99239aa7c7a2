/**
 * How long a signed-in session lasts (ADR 0016): it ends after 12 hours without a request (idle)
 * and at the latest 7 days after sign-in (absolute), whichever comes first. `last_seen_at` is
 * written at most once a minute, so a busy console does not write on every request.
 */
export const SESSION_IDLE_MS = 12 * 3_600_000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3_600_000;
export const SESSION_TOUCH_EVERY_MS = 60_000;
/** A password reset link is good for one hour, once. */
export const PASSWORD_RESET_TTL_MS = 3_600_000;

export interface SessionTimes {
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** When the session ends if nothing else happens. */
export function sessionEndsAt(s: SessionTimes): Date {
  return new Date(Math.min(s.expiresAt.getTime(), s.lastSeenAt.getTime() + SESSION_IDLE_MS));
}

export function isSessionLive(s: SessionTimes, now: Date): boolean {
  return s.revokedAt === null && now < sessionEndsAt(s);
}

/** Whether this request should move `last_seen_at` forward. */
export function shouldTouch(s: SessionTimes, now: Date): boolean {
  return now.getTime() - s.lastSeenAt.getTime() >= SESSION_TOUCH_EVERY_MS;
}
