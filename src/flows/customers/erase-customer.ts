import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { replaceStoredAnswers, storedAnswersOf } from '../../platform/idempotency/idempotency.js';
import { eventsOfAggregates, replaceEventData } from '../../platform/outbox/event-queries.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { knownStrings, lockCustomers, redactAddress, redactJson, tombstonesOf, updateCustomer, type CustomerRow, type CustomerView } from '../../modules/customers/index.js';
import { contactsOfOrders, orderIdsOfCustomer, replaceOrderContacts, type OrderContacts } from '../../modules/orders/index.js';
import { deleteKeptMessages, eraseNotificationsOfOrders, erasePreferences } from '../../modules/notifications/index.js';
import { deleteVelocityKeys, eraseDecisionInputs } from '../../modules/risk/index.js';
import { accountsOfCustomer, eraseAccountEmails, linkAccounts } from '../../modules/store-credit/index.js';
import { eraseCommentsOfOrders } from '../../modules/surveys/index.js';
import { customerView } from './steps/customer-view.js';

const erasedFields = { email: null, phone: null, name: null, matchKey: null, defaultAddress: null, note: null } as const;

/**
 * POST /v1/customers/{id}/erase (ADR 0026): the person's data replaced, irreversibly, in one
 * transaction: the customer (and its tombstones) lose e-mail, phone, name, address, note and match
 * key; its orders lose the customer's contact and the addresses (the country stays); the data of
 * the events of the customer, its orders and its store-credit accounts, and the stored
 * Idempotency-Key answers of its orders, lose every personal value; store-credit accounts get a
 * placeholder e-mail. Money, lines, stock, ledgers and every event row stay. `customer.erased`
 * records who, when and why. Erasing again answers the erased customer and records nothing. The
 * messages' files kept in `dataDir` (the embedded default's .eml and .txt) are deleted after the commit.
 */
export async function eraseCustomer(db: Db, actor: Actor, id: string, reason: string, now: Date, options: { dataDir?: string | undefined } = {}): Promise<CustomerView> {
  let erasedMessages: string[] = [];
  const view = await inTransaction(db, async (tx) => {
    const [row] = await lockCustomers(tx, actor.tenantId, [id]);
    if (!row) throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${id}.`);
    if (row.mergedInto) throw new DomainError('CUSTOMER_MERGED', `Customer ${id} was merged into ${row.mergedInto}: erase the survivor.`, undefined, { merged_into: row.mergedInto });
    if (row.erasedAt) {
      // Again: the messages are found again, so files a crash left behind are deleted now.
      erasedMessages = await eraseNotificationsOfOrders(tx, actor.tenantId, await orderIdsOfCustomer(tx, actor.tenantId, id));
      return customerView(tx, actor.tenantId, row);
    }
    const tombstones = await tombstonesOf(tx, actor.tenantId, id);
    const people = [row, ...tombstones];
    const orderIds = await orderIdsOfCustomer(tx, actor.tenantId, id);
    const orders = await contactsOfOrders(tx, actor.tenantId, orderIds);
    const known = knownStrings([...people.flatMap(contactsOf), ...orders.flatMap(orderContactsOf)]);

    await replaceOrderContacts(tx, actor.tenantId, orders.map((o) => ({ id: o.id, customerEmail: null, customer: o.customer ? { erased: true } : null, shippingAddress: redactAddress(o.shippingAddress), billingAddress: redactAddress(o.billingAddress), notes: o.notes === null ? null : (redactJson(o.notes, known) as string) })), now);
    // Fraud screening kept what it saw (the input, the signals' sentences) and hashes of the e-mail,
    // phone, address, IP and card: the verdict stays, the person goes (ADR 0030).
    await eraseDecisionInputs(tx, actor.tenantId, orderIds);
    erasedMessages = await eraseNotificationsOfOrders(tx, actor.tenantId, orderIds);
    // Survey answers keep their scores (the NPS); the comment is the person's own words (ADR 0037).
    await eraseCommentsOfOrders(tx, actor.tenantId, orderIds, now);
    await erasePreferences(tx, actor.tenantId, people.map((p) => p.id));
    await deleteVelocityKeys(tx, actor.tenantId, orderIds);
    const accounts = await accountsOfCustomer(tx, actor.tenantId, id, people.flatMap((p) => (p.email ? [p.email] : [])));
    // Linked first: once its e-mail is a placeholder, an account is found by its customer only.
    await linkAccounts(tx, actor.tenantId, accounts.map((a) => a.id), id, now);
    await eraseAccountEmails(tx, actor.tenantId, accounts.map((a) => a.id), now);
    const events = await eventsOfAggregates(tx, actor.tenantId, [...people.map((p) => p.id), ...orderIds, ...accounts.map((a) => a.id)]);
    const rewritten = changedOnly(events.map((e) => ({ id: e.id, data: e.data })), (data) => redactJson(data, known) as Record<string, unknown>);
    await replaceEventData(tx, actor.tenantId, rewritten);
    const answers = changedOnly((await storedAnswersOf(tx, actor.tenantId, orderIds)).map((a) => ({ key: a.key, data: a.response })), (response) => redactJson(response, known));
    await replaceStoredAnswers(tx, actor.tenantId, answers.map((a) => ({ key: a.key, response: a.data })));

    for (const p of people) {
      if (!(await updateCustomer(tx, actor.tenantId, p.id, p.version, { ...erasedFields, erasedAt: now }, now))) throw new DomainError('CUSTOMER_CONCURRENT_UPDATE');
    }
    await appendEvents(tx, actor, now, [
      {
        type: 'customer.erased',
        aggregateType: 'customer',
        aggregateId: id,
        data: { reason, orders: orderIds.length, events_rewritten: rewritten.length, stored_answers_rewritten: answers.length, store_credit_accounts: accounts.map((a) => a.id), tombstones: tombstones.map((t) => t.id) },
      },
    ]);
    return customerView(tx, actor.tenantId, { ...row, ...erasedFields, erasedAt: now, version: row.version + 1, updatedAt: now });
  });
  // The embedded default kept the messages as files (.eml, SMS .txt): deleted once the erasure is
  // committed (a file cannot roll back with the transaction; one left by a crash here is deleted
  // by erasing again).
  if (options.dataDir && erasedMessages.length > 0) await deleteKeptMessages(options.dataDir, actor.tenantId, erasedMessages);
  return view;
}

function contactsOf(p: CustomerRow): (string | null)[] {
  return [p.email, p.phone, p.name];
}

function orderContactsOf(o: OrderContacts): (string | null)[] {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return [o.customerEmail, text(o.customer?.email), text(o.customer?.name), text(o.customer?.phone), text(o.shippingAddress?.name), text(o.shippingAddress?.phone), text(o.billingAddress?.name), text(o.billingAddress?.phone)];
}

/** The rows whose data the redaction changed (the others are not written). */
function changedOnly<T extends { data: unknown }>(rows: T[], redact: (data: T['data']) => T['data']): T[] {
  return rows.flatMap((r) => {
    const data = redact(r.data);
    return JSON.stringify(data) === JSON.stringify(r.data) ? [] : [{ ...r, data }];
  });
}
