import type { Static } from '@fastify/type-provider-typebox';
import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { currencyExponent } from '../../../platform/kernel/money.js';
import { actorLabels } from '../../../modules/tenancy/index.js';
import { pushesOfRefunds } from '../../../modules/channels/index.js';
import { dispositionsOfReturns, exchangesOfReturns, findReturn, linesOfReturns, refundsOfReturns, returnView, type ReturnRow, type ReturnView } from '../../../modules/returns/index.js';

export type ReturnViewJson = Static<typeof ReturnView>;

/**
 * The views of returns, with their lines, dispositions, refund, the refund's channel push and the
 * exchange, and their actors' labels (a person's e-mail, not `usr_…`, as the order timeline shows
 * them), in six queries.
 */
export async function returnViews(db: Db, tenantId: string, rows: ReturnRow[]): Promise<ReturnViewJson[]> {
  const ids = rows.map((r) => r.id);
  const [lines, dispositions, refunds, exchanges] = await Promise.all([linesOfReturns(db, tenantId, ids), dispositionsOfReturns(db, tenantId, ids), refundsOfReturns(db, tenantId, ids), exchangesOfReturns(db, tenantId, ids)]);
  const [labels, pushes] = await Promise.all([
    actorLabels(db, tenantId, [...rows.map((r) => r.createdBy), ...dispositions.map((d) => d.actor), ...refunds.map((x) => x.actor)]),
    pushesOfRefunds(db, tenantId, refunds.map((r) => r.transactionId)),
  ]);
  return rows.map((r) => {
    const refund = refunds.find((x) => x.returnId === r.id);
    const push = refund ? pushes.find((p) => p.refundId === refund.transactionId) : undefined;
    const sync = push ? { push_id: push.id, channel_id: push.channelId, kind: push.kind, status: push.status, attempts: push.attempts, last_error: push.lastError, remote_id: push.remoteId } : null;
    return returnView(
      r,
      lines.filter((l) => l.returnId === r.id),
      dispositions.filter((d) => d.returnId === r.id),
      refund,
      currencyExponent(r.currency) ?? 2,
      labels,
      sync,
      exchanges.find((x) => x.returnId === r.id),
    );
  });
}

/** A return the caller may see, or 404 RETURN_NOT_FOUND. */
export async function visibleReturn(db: Db, tenantId: string, id: string): Promise<ReturnRow> {
  const row = await findReturn(db, tenantId, id);
  if (!row) throw new DomainError('RETURN_NOT_FOUND', `No return ${id}.`);
  return row;
}
