/**
 * When a new fulfillment order goes to its location (per-tenant setting): `immediate` → created
 * released; `waves` → created pending and released by the wave job at the first wave time (HH:MM
 * UTC) after it was created; `review` → pending until someone releases it by hand.
 */
export type ReleasePolicy = 'immediate' | 'waves' | 'review';

export function initialStatus(policy: ReleasePolicy): 'pending' | 'released' {
  return policy === 'immediate' ? 'released' : 'pending';
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function minutesOfDay(hhmm: string): number | undefined {
  const m = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/**
 * The latest wave instant at or before `now` (within the last 24 hours), or undefined when there
 * are no waves. A pending fulfillment order created at or before it is due for release.
 */
export function latestWaveAtOrBefore(waves: readonly string[], now: Date): Date | undefined {
  const midnight = Math.floor(now.getTime() / DAY) * DAY;
  let latest: number | undefined;
  for (const wave of waves) {
    const minutes = minutesOfDay(wave);
    if (minutes === undefined) continue;
    let at = midnight + minutes * MINUTE;
    if (at > now.getTime()) at -= DAY;
    if (latest === undefined || at > latest) latest = at;
  }
  return latest === undefined ? undefined : new Date(latest);
}

/**
 * Pending fulfillment orders created at or before the answer are due for release now; undefined:
 * none are (review, or waves without wave times). `immediate` releases everything still pending
 * (e.g. left over from before the tenant switched policy).
 */
export function releaseCutoff(policy: ReleasePolicy, waves: readonly string[], now: Date): Date | undefined {
  switch (policy) {
    case 'immediate':
      return now;
    case 'waves':
      return latestWaveAtOrBefore(waves, now);
    case 'review':
      return undefined;
  }
}
