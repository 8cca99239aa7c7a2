import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { npsOf, type NpsCounts, type NpsGrouping } from '../domain/nps.js';
import { countAnswers } from '../db/responses.queries.js';

/** A period from a query: both ends optional; `from` must come before `to` (422 naming `to`). */
export function periodOf(q: { from?: string | undefined; to?: string | undefined }): { from: Date | undefined; to: Date | undefined } {
  const from = q.from === undefined ? undefined : new Date(q.from);
  const to = q.to === undefined ? undefined : new Date(q.to);
  if (from && to && from >= to) throw new DomainError('SURVEY_PERIOD_INVALID', '`to` must be after `from`.', [{ field: 'query.to', message: 'must be after from' }]);
  return { from, to };
}

/** GET /v1/nps: the NPS per channel, UTC month or ISO week over the period (of one channel, if given), and over all of it. */
export async function npsReport(db: Db, tenantId: string, q: { from?: string | undefined; to?: string | undefined; channel?: string | undefined; group_by?: NpsGrouping | undefined }) {
  const period = periodOf(q);
  const groupBy = q.group_by ?? 'channel';
  const groups = await countAnswers(db, tenantId, groupBy, { ...period, channel: q.channel });
  const total: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const g of groups) {
    total.promoters += g.promoters;
    total.passives += g.passives;
    total.detractors += g.detractors;
  }
  return {
    group_by: groupBy,
    from: period.from?.toISOString() ?? null,
    to: period.to?.toISOString() ?? null,
    groups: groups.map(({ key, ...counts }) => ({ key, ...npsOf(counts) })),
    total: npsOf(total),
  };
}
