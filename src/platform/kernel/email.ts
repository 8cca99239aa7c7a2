/**
 * One e-mail address as the OMS keys by it (customers, store-credit accounts, orders'
 * customer_email): trimmed and lower-cased, nothing more. `j.doe+shop@gmail.test` and
 * `jdoe@gmail.test` stay two: stripping dots or `+tags` is right for some providers only and would
 * merge people a merchant never meant to merge (ADR 0026).
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
