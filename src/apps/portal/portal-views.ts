import { escapeHtml as h } from '../../platform/kernel/html.js';
import type { PortalOrder } from '../../flows/portal/portal-order.js';
import { addressFields } from './portal-actions.js';
import { formatAmount, formatDate, isMessageKey, locales, t, type Locale, type MessageKey } from './portal-i18n.js';
import { noteText, reasonLabel, refusalText } from './portal-policy-words.js';

/**
 * The portal's HTML (ADR 0036): server-rendered, no script, every value escaped. One layout with
 * the tenant's name, logo and brand colour; one function per page. Forms post back to the portal
 * with the session's CSRF token.
 */

export interface Brand {
  slug: string;
  name: string;
  logoUrl: string | null;
  colour: string;
}

export interface PageContext {
  brand: Brand;
  locale: Locale;
  /** The current path (without query), for the language links. */
  path: string;
  csrf: string;
  nonce: string;
  /** The session opens an order: the header offers to sign out. */
  signedIn?: boolean;
}

/** Relative luminance of #rrggbb (WCAG 2.1). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever contrasts more with the brand colour (always at least 4.58:1). */
export function textOn(hex: string): '#000000' | '#ffffff' {
  const l = luminance(hex);
  return (1.05 / (l + 0.05)) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

const base = (c: PageContext) => `/portal/${c.brand.slug}`;

function css(c: PageContext): string {
  const brand = /^#[0-9a-fA-F]{6}$/.test(c.brand.colour) ? c.brand.colour : '#1f6feb';
  const on = textOn(brand);
  return `*{box-sizing:border-box}body{margin:0;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;background:#f4f5f7;color:#1f2328;line-height:1.5;font-size:16px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:2}
header{background:${brand};color:${on}}header .bar{max-width:760px;margin:0 auto;padding:12px 16px;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px}
header .shop{display:flex;align-items:center;gap:10px;font-weight:600;font-size:1.1rem}header img{max-height:40px;max-width:140px;border-radius:4px}
header nav a{color:${on};margin-left:10px}header nav a[aria-current]{font-weight:700;text-decoration:none}
header .end{display:flex;align-items:center;gap:12px}header form{margin:0}header button{margin:0;background:transparent;color:${on};border-color:${on};padding:6px 14px}
main{max-width:760px;margin:0 auto;padding:16px}section{background:#fff;border-radius:8px;padding:16px 20px;margin:0 0 16px;overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:0 0 8px}h2{font-size:1.2rem;margin:0 0 12px}h3{font-size:1rem;margin:12px 0 4px}
a{color:#0a58ca}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #0a3069;outline-offset:2px}
.muted{color:#57606a}.status{display:inline-block;padding:2px 10px;border-radius:12px;background:#ddf4ff;color:#0a3069;font-weight:600}
ol.timeline{list-style:none;padding:0;margin:0}ol.timeline li{padding:6px 0 6px 16px;border-left:3px solid ${brand}}ol.timeline time{display:block;font-size:.875rem;color:#57606a}
ul.items{list-style:none;padding:0;margin:0}ul.items li{display:flex;justify-content:space-between;gap:12px;padding:8px 0;border-bottom:1px solid #d8dee4}ul.items li>span:last-child,dl.totals dd{white-space:nowrap}
dl.totals{display:grid;grid-template-columns:1fr auto;gap:4px 16px;margin:12px 0 0}dl.totals dt{color:#57606a}dl.totals dd{margin:0;text-align:right}dl.totals .grand{font-weight:700;color:#1f2328}
dl.facts{display:grid;grid-template-columns:minmax(110px,auto) 1fr;gap:4px 12px;margin:0}dl.facts dt{color:#57606a}dl.facts dd{margin:0}
.parcel{border:1px solid #d8dee4;border-radius:6px;padding:12px;margin:0 0 12px}
label{display:block;font-weight:600;margin:12px 0 4px}input,select,textarea{font:inherit;width:100%;max-width:480px;padding:10px;border:1px solid #57606a;border-radius:6px;background:#fff;color:#1f2328}
input[type=radio]{width:auto;margin-right:8px}fieldset{border:0;padding:0;margin:12px 0}legend{font-weight:600;padding:0}.choice{display:flex;align-items:center;font-weight:400;margin:6px 0}
input[aria-invalid=true]{border:2px solid #b3261e}.error{color:#b3261e;margin:4px 0 0;font-weight:600}
.notice{border-left:4px solid #1a7f37;background:#dafbe1;padding:10px 12px;border-radius:4px;margin:0 0 16px}.alert{border-left:4px solid #b3261e;background:#ffebe9;padding:10px 12px;border-radius:4px;margin:0 0 16px}
button{font:inherit;background:${brand};color:${on};border:2px solid ${brand};border-radius:6px;padding:10px 20px;min-height:44px;cursor:pointer;margin-top:16px;display:block}
button.secondary{background:#fff;color:#b3261e;border-color:#b3261e}.actions a{display:inline-block;margin:8px 16px 0 0;min-height:44px;padding-top:10px}`;
}

export function layout(c: PageContext, title: string, body: string): string {
  const switcher = (Object.keys(locales) as Locale[])
    .map((l) => `<a href="${h(`${c.path}?lang=${l}`)}" hreflang="${l}" lang="${l}"${l === c.locale ? ' aria-current="true"' : ''}>${h(locales[l].lang_name)}</a>`)
    .join('');
  const logo = c.brand.logoUrl ? `<img src="${h(c.brand.logoUrl)}" alt="">` : '';
  return `<!doctype html>
<html lang="${c.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${h(title)} · ${h(c.brand.name)}</title>
<style nonce="${c.nonce}">${css(c)}</style></head><body>
<a class="skip" href="#main">${h(t(c.locale, 'skip'))}</a>
<header><div class="bar"><div class="shop">${logo}<span>${h(c.brand.name)}</span></div><div class="end"><nav aria-label="${h(t(c.locale, 'switch_language'))}">${switcher}</nav>${signOut(c)}</div></div></header>
<main id="main">${body}</main></body></html>`;
}

const hidden = (c: PageContext) => `<input type="hidden" name="_csrf" value="${h(c.csrf)}">`;

/** Sign-out ends the session cookie (a POST with the CSRF token: a link could be fired by another site). */
const signOut = (c: PageContext) => (c.signedIn ? `<form method="post" action="${base(c)}/signout">${hidden(c)}<button type="submit" data-testid="sign-out">${h(t(c.locale, 'sign_out'))}</button></form>` : '');

export type Notice = { kind: 'notice' | 'alert'; text: string };
const notice = (n: Notice | undefined) => (n ? `<div class="${n.kind}" role="${n.kind === 'alert' ? 'alert' : 'status'}">${h(n.text)}</div>` : '');

/** The lookup form, with an optional message (not found, rate limited, a bad link). */
export function findPage(c: PageContext, message?: Notice, heading?: MessageKey, values: { number?: string; proof?: string } = {}): string {
  const title = t(c.locale, heading ?? 'find_title');
  return layout(
    c,
    title,
    `<section><h1>${h(title)}</h1>${notice(message)}<p>${h(t(c.locale, 'find_intro'))}</p>
<form method="post" action="${base(c)}/lookup" data-testid="lookup-form">${hidden(c)}
<label for="number">${h(t(c.locale, 'order_number'))}</label><input id="number" name="number" required maxlength="64" autocomplete="off" value="${h(values.number ?? '')}" data-testid="lookup-number">
<label for="proof">${h(t(c.locale, 'email_or_postal'))}</label><input id="proof" name="proof" required maxlength="254" autocomplete="email" value="${h(values.proof ?? '')}" data-testid="lookup-proof">
<button type="submit" data-testid="lookup-submit">${h(t(c.locale, 'find_submit'))}</button></form></section>`,
  );
}

export function messagePage(c: PageContext, heading: MessageKey, text: MessageKey): string {
  return layout(c, t(c.locale, heading), `<section><h1>${h(t(c.locale, heading))}</h1><p>${h(t(c.locale, text))}</p></section>`);
}

const says = (c: PageContext, key: string, fallback: string) => (isMessageKey(key) ? t(c.locale, key) : fallback);

/** Countries that write "City, Region Postcode" on one line; the rest (most of Europe) write "Postcode City". */
const CITY_FIRST = new Set(['US', 'CA', 'AU']);

function addressLines(a: Record<string, string>): string {
  const country = (a.country ?? '').toUpperCase();
  const place = CITY_FIRST.has(country)
    ? [[a.city, a.region].filter(Boolean).join(', '), a.postal_code].filter(Boolean).join(' ')
    : [[a.postal_code, a.city].filter(Boolean).join(' '), a.region].filter(Boolean).join(', ');
  return [a.name, a.line1, a.line2, place, country].filter((p) => p).map((p) => h(String(p))).join('<br>');
}

/** The return policy's refusals and notes in the page's language, SKUs named by their products. */
export function policyWords(L: Locale, o: PortalOrder): { refusals: string[]; notes: string[] } {
  const nameOf = (sku: string) => o.lines.find((l) => l.sku === sku)?.name ?? sku;
  return { refusals: o.return_policy.refused.map((r) => refusalText(L, r, nameOf)), notes: o.return_policy.noted.map((n) => noteText(L, n, nameOf, o.return_policy.reasons)) };
}

export function orderPage(c: PageContext, o: PortalOrder, message?: Notice): string {
  const L = c.locale;
  const money = (amount: string) => h(formatAmount(L, o.currency, amount));
  const timeline = o.timeline.map((e) => `<li><time datetime="${h(e.at)}">${h(formatDate(L, e.at, true))}</time>${h(says(c, `ev_${e.type.replace('.', '_')}`, e.type))}</li>`).join('');
  const parcels = o.shipments
    .map((s) => {
      const scan = s.latest_scan ? `${h(says(c, `sh_${s.latest_scan.status}`, s.latest_scan.status))}${s.latest_scan.location ? `, ${h(s.latest_scan.location)}` : ''} · ${h(formatDate(L, s.latest_scan.at, true))}` : h(t(L, 'no_scan'));
      const track = s.tracking_url ? `<a href="${h(s.tracking_url)}" rel="noopener noreferrer" data-testid="tracking-link">${h(t(L, 'track_link', { number: s.tracking_number }))}</a>` : h(s.tracking_number);
      return `<div class="parcel" data-testid="shipment"><dl class="facts"><dt>${h(t(L, 'status_label'))}</dt><dd>${h(says(c, `sh_${s.status}`, s.status))}</dd><dt>${h(t(L, 'carrier'))}</dt><dd>${h(s.service_name || s.carrier)}</dd><dt>${h(t(L, 'tracking'))}</dt><dd>${track}</dd><dt>${h(t(L, 'latest_scan'))}</dt><dd>${scan}</dd>${s.promised_delivery_date ? `<dt>${h(t(L, 'promised'))}</dt><dd>${h(formatDate(L, s.promised_delivery_date))}</dd>` : ''}</dl>${s.delivered_at ? `<p>${h(t(L, 'delivered_on', { date: formatDate(L, s.delivered_at) }))}</p>` : ''}</div>`;
    })
    .join('');
  const items = o.lines.map((l) => `<li><span>${h(l.name)}<br><span class="muted">${h(t(L, 'quantity'))}: ${l.quantity}${l.cancelled > 0 ? ` (${h(t(L, 'n_cancelled', { n: l.cancelled }))})` : ''} · ${h(t(L, 'price'))}: ${money(l.unit_price)}</span></span><span>${money(l.total)}</span></li>`).join('');
  const tot = o.totals;
  const totals = `<dl class="totals"><dt>${h(t(L, 'subtotal'))}</dt><dd>${money(tot.subtotal)}</dd>${Number(tot.discount) !== 0 ? `<dt>${h(t(L, 'discount'))}</dt><dd>−${money(tot.discount)}</dd>` : ''}<dt>${h(t(L, 'shipping'))}</dt><dd>${money(tot.shipping)}</dd><dt>${h(t(L, tot.taxes_included ? 'taxes_included' : 'tax'))}</dt><dd>${money(tot.tax)}</dd><dt class="grand">${h(t(L, 'total'))}</dt><dd class="grand" data-testid="order-total">${money(tot.total)}</dd>${Number(tot.cancelled) !== 0 ? `<dt>${h(t(L, 'cancelled_not_charged'))}</dt><dd>${money(tot.cancelled)}</dd>` : ''}</dl>`;
  const returns = o.returns
    .map((r) => {
      const label = r.label_formats.includes('pdf') ? `<a href="${base(c)}/order/returns/${h(r.id)}/label.pdf" data-testid="return-label">${h(t(L, 'download_label'))}</a>` : r.label_formats.includes('svg') ? `<a href="${base(c)}/order/returns/${h(r.id)}/label.svg">${h(t(L, 'download_qr'))}</a>` : '';
      const refund = r.refund ? t(L, 'refund_issued', { amount: formatAmount(L, o.currency, r.refund.amount), date: formatDate(L, r.refund.at) }) : t(L, 'refund_pending');
      return `<div class="parcel" data-testid="return"><h3>${h(t(L, 'return_status', { id: r.id.slice(-8).toUpperCase() }))}</h3><p class="muted">${h(t(L, 'requested_on', { date: formatDate(L, r.created_at) }))}</p><p><span class="status">${h(says(c, `return_status_${r.status}`, r.status))}</span></p><ul>${r.lines.map((l) => `<li>${l.quantity} × ${h(l.name)}</li>`).join('')}</ul><p>${h(refund)}</p>${label ? `<p>${label}</p>` : ''}</div>`;
    })
    .join('');
  const policy = o.return_policy;
  const { refusals, notes } = policyWords(L, o);
  const returnable = o.lines.some((l) => l.returnable > 0);
  const returnAction = !returnable
    ? o.lines.some((l) => l.shipped > 0) || o.status === 'cancelled' ? '' : `<p class="muted">${h(t(L, 'nothing_to_return'))}</p>`
    : refusals.length > 0
      ? `<p>${h(t(L, 'return_not_possible'))}</p><ul data-testid="return-refusals">${refusals.map((s) => `<li>${h(s)}</li>`).join('')}</ul>`
      : `${policy.window_ends ? `<p>${h(t(L, 'return_window', { date: formatDate(L, policy.window_ends) }))}</p>` : ''}${notes.map((n) => `<p class="muted">${h(n)}</p>`).join('')}<p class="actions"><a href="${base(c)}/order/return" data-testid="start-return">${h(t(L, 'start_return'))}</a></p>`;
  const addressAction = o.address_locked === 'label_bought' ? `<p class="muted">${h(t(L, 'address_locked_label_bought'))}</p>` : o.address_locked === null ? `<p class="actions"><a href="${base(c)}/order/address" data-testid="change-address">${h(t(L, 'change_address'))}</a></p>` : '';
  const cancel = o.can_cancel
    ? `<section><h2>${h(t(L, 'cancel_title'))}</h2><p>${h(t(L, 'cancel_intro'))}</p><form method="post" action="${base(c)}/order/cancel">${hidden(c)}<button type="submit" class="secondary" data-testid="cancel-order">${h(t(L, 'cancel_submit'))}</button></form></section>`
    : '';
  return layout(
    c,
    t(L, 'order_title', { number: o.number }),
    `${notice(message)}<section><h1 data-testid="order-title">${h(t(L, 'order_title', { number: o.number }))}</h1><p class="muted">${h(t(L, 'placed_on', { date: formatDate(L, o.placed_at) }))}</p>
<p>${h(t(L, 'status_label'))}: <span class="status" data-testid="order-status">${h(says(c, `st_${o.status}`, o.status))}</span></p></section>
<section aria-labelledby="h-timeline"><h2 id="h-timeline">${h(t(L, 'timeline'))}</h2><ol class="timeline" data-testid="timeline">${timeline}</ol></section>
<section aria-labelledby="h-shipments"><h2 id="h-shipments">${h(t(L, 'shipments'))}</h2>${parcels || `<p class="muted">${h(t(L, 'no_shipments'))}</p>`}</section>
<section aria-labelledby="h-items"><h2 id="h-items">${h(t(L, 'items'))}</h2><ul class="items">${items}</ul>${totals}</section>
<section aria-labelledby="h-address"><h2 id="h-address">${h(t(L, 'ship_to'))}</h2><p data-testid="ship-to">${addressLines(o.ship_to)}</p>${addressAction}</section>
${returns || returnAction ? `<section aria-labelledby="h-returns"><h2 id="h-returns">${h(t(L, 'returns'))}</h2>${returns}${returnAction}</section>` : ''}
${cancel}`,
  );
}

export type FieldErrors = Record<string, string>;

function field(c: PageContext, name: string, label: string, value: string, errors: FieldErrors, attrs = ''): string {
  const error = errors[name];
  return `<label for="f-${name}">${h(label)}</label><input id="f-${name}" name="${name}" value="${h(value)}"${attrs}${error ? ` aria-invalid="true" aria-describedby="f-${name}-error"` : ''} data-testid="address-${name}">${error ? `<p class="error" id="f-${name}-error" data-testid="address-${name}-error">${h(error)}</p>` : ''}`;
}

const autocomplete: Record<string, string> = { name: 'name', line1: 'address-line1', line2: 'address-line2', city: 'address-level2', region: 'address-level1', postal_code: 'postal-code', country: 'country' };

export function addressPage(c: PageContext, o: PortalOrder, values: Record<string, string>, errors: FieldErrors, message?: Notice): string {
  const L = c.locale;
  const fields = addressFields.map((f) => field(c, f, t(L, f), values[f] ?? '', errors, ` autocomplete="${autocomplete[f]}" maxlength="200"${['name', 'line1', 'city', 'postal_code', 'country'].includes(f) ? ' required' : ''}`)).join('');
  return layout(
    c,
    t(L, 'change_address'),
    `<section><h1>${h(t(L, 'change_address'))}</h1><p class="muted">${h(t(L, 'order_title', { number: o.number }))}</p>${notice(message)}
<form method="post" action="${base(c)}/order/address" novalidate>${hidden(c)}${fields}<button type="submit" data-testid="address-save">${h(t(L, 'address_save'))}</button></form>
<p class="actions"><a href="${base(c)}/order">${h(t(L, 'order_title', { number: o.number }))}</a></p></section>`,
  );
}

export function returnPage(c: PageContext, o: PortalOrder, values: Record<string, string>, message?: Notice): string {
  const L = c.locale;
  const reasons = o.return_policy.reasons;
  const lines = o.lines
    .filter((l) => l.returnable > 0)
    .map((l, i) => {
      const options = reasons.map((r) => `<option value="${h(r.code)}"${values[`reason_${i}`] === r.code ? ' selected' : ''}>${h(reasonLabel(L, r.code, r.label))}</option>`).join('');
      return `<div class="parcel"><input type="hidden" name="line_${i}" value="${h(l.id)}">
<label for="qty_${i}">${h(t(L, 'return_quantity', { name: l.name, max: l.returnable }))}</label><input id="qty_${i}" name="qty_${i}" type="number" inputmode="numeric" min="0" max="${l.returnable}" value="${h(values[`qty_${i}`] ?? '0')}" data-testid="return-qty-${i}">
<label for="reason_${i}">${h(t(L, 'return_reason', { name: l.name }))}</label><select id="reason_${i}" name="reason_${i}" data-testid="return-reason-${i}">${options}</select></div>`;
    })
    .join('');
  const outcomes = o.return_policy.outcomes
    .map((x, i) => `<label class="choice" for="outcome_${x}"><input type="radio" id="outcome_${x}" name="outcome" value="${x}"${(values.outcome ?? (i === 0 ? x : '')) === x ? ' checked' : ''}>${h(says(c, `outcome_${x}`, x))}</label>`)
    .join('');
  return layout(
    c,
    t(L, 'start_return'),
    `<section><h1>${h(t(L, 'start_return'))}</h1><p class="muted">${h(t(L, 'order_title', { number: o.number }))}</p>${notice(message)}<p>${h(t(L, 'return_intro'))}</p>${o.return_policy.window_ends ? `<p>${h(t(L, 'return_window', { date: formatDate(L, o.return_policy.window_ends) }))}</p>` : ''}${policyWords(L, o).notes.map((n) => `<p class="muted">${h(n)}</p>`).join('')}
<form method="post" action="${base(c)}/order/return">${hidden(c)}${lines}
<fieldset><legend>${h(t(L, 'outcome'))}</legend>${outcomes}</fieldset>
<label for="note">${h(t(L, 'return_note'))}</label><textarea id="note" name="note" rows="3" maxlength="1000">${h(values.note ?? '')}</textarea>
<button type="submit" data-testid="return-submit">${h(t(L, 'return_submit'))}</button></form>
<p class="actions"><a href="${base(c)}/order">${h(t(L, 'order_title', { number: o.number }))}</a></p></section>`,
  );
}
