import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { Clock } from '../../platform/kernel/clock.js';
import { findTenantByPortalSlug, settingsWithDefaults } from '../../modules/tenancy/index.js';
import { returnOutcomes, type ReturnOutcome } from '../../modules/returns/index.js';
import { addressFields, cancelByCustomer, changeAddressByCustomer, returnLabelForCustomer, startReturnByCustomer } from './portal-actions.js';
import { portalLinkKey } from '../../flows/portal/steps/portal-links.js';
import { findCustomerOrder, portalOrder, type PortalOrder } from '../../flows/portal/portal-order.js';
import { checkOrderLink, csrfMatches, csrfToken, type PortalSession } from '../../flows/portal/steps/portal-tokens.js';
import { isLocale, isMessageKey, negotiate, t, type Locale } from './portal-i18n.js';
import { LANG_COOKIE, LookupLimiter, cookieOf, csrfKey, endSession, readSession, setCookie, startSession, type PortalLimits } from './portal-session.js';
import { addressPage, findPage, messagePage, orderPage, policyWords, returnPage, type Brand, type FieldErrors, type PageContext } from './portal-views.js';

/**
 * The customer portal (ADR 0036, issue 16 §2) at /portal/{slug}: find an order by number and
 * e-mail or postal code, or open it from a signed magic link; see its timeline, shipments, items
 * and money; cancel it before release, change its address before a label, start a return and
 * download its label. Server-rendered, no script; every POST carries the session's CSRF token.
 */

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
type Form = Record<string, string>;

interface Visit {
  tenantId: string;
  brand: Brand;
  locale: Locale;
  nonce: string;
  session: { value: string; session: PortalSession } | undefined;
}

export async function installPortalPages(root: FastifyInstance, db: Db, clock: Clock, limits?: PortalLimits): Promise<void> {
  const limiter = new LookupLimiter(db, limits);
  await root.register(async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
      const form: Form = {};
      for (const [k, v] of new URLSearchParams(String(body))) if (!(k in form)) form[k] = v;
      done(null, form);
    });
    portalRoutes(app, db, clock, limiter);
  });
}

function headers(reply: FastifyReply, nonce: string): FastifyReply {
  return reply
    .headers({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    })
    .type('text/html; charset=utf-8');
}

function portalRoutes(app: FastifyInstance, db: Db, clock: Clock, limiter: LookupLimiter): void {
  const route = { config: { action: 'public' as const }, schema: { hide: true } };

  /** The tenant, language and session of a request; undefined (and a 404 page sent) for a slug that names no portal. */
  async function visit(request: FastifyRequest, reply: FastifyReply): Promise<Visit | undefined> {
    const slug = (request.params as { slug?: string }).slug ?? '';
    const query = request.query as { lang?: string };
    let locale: Locale = negotiate(request.headers['accept-language']);
    const remembered = cookieOf(request, LANG_COOKIE);
    if (isLocale(remembered)) locale = remembered;
    if (isLocale(query.lang)) {
      locale = query.lang;
      setCookie(request, reply, `${LANG_COOKIE}=${locale}`, '/portal', 365 * 86_400);
    }
    const nonce = randomBytes(16).toString('base64');
    const tenant = SLUG.test(slug) ? await findTenantByPortalSlug(db, slug) : undefined;
    if (!tenant) {
      const c: PageContext = { brand: { slug: 'x', name: 'Orders', logoUrl: null, colour: '#1f6feb' }, locale, path: request.url.split('?')[0] ?? '/', csrf: '', nonce };
      await headers(reply, nonce).code(404).send(messagePage(c, 'no_portal_title', 'no_portal'));
      return undefined;
    }
    const settings = settingsWithDefaults(tenant.settings);
    return {
      tenantId: tenant.id,
      brand: { slug, name: tenant.name, logoUrl: settings.portal_logo_url, colour: settings.portal_brand_colour },
      locale,
      nonce,
      session: readSession(request, tenant.id, clock()),
    };
  }

  /** The page context; a visitor without a session gets one (the forms' CSRF token needs it). */
  function pageContext(request: FastifyRequest, reply: FastifyReply, v: Visit): PageContext {
    const value = v.session?.value ?? startSession(request, reply, v.brand.slug, v.tenantId, null, clock());
    return { brand: v.brand, locale: v.locale, path: request.url.split('?')[0] ?? '/', csrf: csrfToken(csrfKey(), value), nonce: v.nonce, signedIn: Boolean(v.session?.session.orderId) };
  }

  const send = (reply: FastifyReply, v: Visit, status: number, html: string) => headers(reply, v.nonce).code(status).send(html);
  const base = (v: Visit) => `/portal/${v.brand.slug}`;
  const orderUrl = (v: Visit, done?: string) => `${base(v)}/order${done ? `?done=${done}` : ''}`;

  /** A fresh session and the lookup form with a message: for a dead link, an ended session, an expired form. */
  function startOver(request: FastifyRequest, reply: FastifyReply, v: Visit, status: number, heading: 'link_invalid_title' | 'link_expired_title' | 'session_ended_title' | 'find_title', text: 'link_invalid' | 'link_expired' | 'session_ended' | 'form_expired') {
    const c = pageContext(request, reply, { ...v, session: undefined });
    return send(reply, v, status, findPage(c, { kind: 'alert', text: t(v.locale, text) }, heading));
  }

  /** The session's order, or the "find it again" page (403) when the session has none. */
  async function sessionOrder(request: FastifyRequest, reply: FastifyReply, v: Visit): Promise<PortalOrder | undefined> {
    const orderId = v.session?.session.orderId;
    const order = orderId ? await portalOrder(db, v.tenantId, orderId, clock()) : undefined;
    if (!order) await startOver(request, reply, v, 403, 'session_ended_title', 'session_ended');
    return order;
  }

  /** A POST's CSRF token matches its session (false: the refusal page is sent, 403). */
  async function csrfOk(request: FastifyRequest, reply: FastifyReply, v: Visit): Promise<boolean> {
    const given = ((request.body ?? {}) as Form)._csrf ?? '';
    if (v.session && given && csrfMatches(csrfKey(), v.session.value, given)) return true;
    // The visitor's session stays as it was: a forged POST (another site's form) must not even sign them out.
    await send(reply, v, 403, findPage(pageContext(request, reply, v), { kind: 'alert', text: t(v.locale, 'form_expired') }));
    return false;
  }

  /** A page about the session's order: its visit and order, or undefined when a page was sent instead (no portal, no session, a POST without its token). */
  async function orderVisit(request: FastifyRequest, reply: FastifyReply, post: boolean): Promise<{ v: Visit; order: PortalOrder } | undefined> {
    const v = await visit(request, reply);
    if (!v || (post && !(await csrfOk(request, reply, v)))) return undefined;
    const order = await sessionOrder(request, reply, v);
    return order ? { v, order } : undefined;
  }

  app.get('/portal/:slug', route, async (request, reply) => {
    const v = await visit(request, reply);
    if (!v) return reply;
    const signedOut = (request.query as { done?: string }).done === 'signed_out';
    return send(reply, v, 200, findPage(pageContext(request, reply, v), signedOut ? { kind: 'notice', text: t(v.locale, 'signed_out') } : undefined));
  });

  // Sign-out: the cookie ends (Max-Age=0). The signed value is not stored, so a copy taken before stays valid until its 30 minutes end (ADR 0036).
  app.post('/portal/:slug/signout', route, async (request, reply) => {
    const v = await visit(request, reply);
    if (!v || !(await csrfOk(request, reply, v))) return reply;
    endSession(request, reply, v.brand.slug);
    return reply.header('cache-control', 'no-store').redirect(`${base(v)}?done=signed_out`, 303);
  });

  app.post('/portal/:slug/lookup', route, async (request, reply) => {
    const v = await visit(request, reply);
    if (!v || !(await csrfOk(request, reply, v))) return reply;
    const form = (request.body ?? {}) as Form;
    const number = (form.number ?? '').slice(0, 64);
    const proof = (form.proof ?? '').slice(0, 254);
    const now = clock();
    const wait = await limiter.retryAfterSeconds(request.ip, v.tenantId, number, now);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      return send(reply, v, 429, findPage(pageContext(request, reply, v), { kind: 'alert', text: t(v.locale, 'rate_limited', { minutes: Math.ceil(wait / 60) }) }, undefined, { number }));
    }
    const order = await findCustomerOrder(db, v.tenantId, number, proof);
    if (!order) {
      await limiter.recordFailure(request.ip, v.tenantId, number, now);
      // One answer for an unknown number and a wrong e-mail or postal code.
      return send(reply, v, 404, findPage(pageContext(request, reply, v), { kind: 'alert', text: t(v.locale, 'not_found') }, undefined, { number }));
    }
    startSession(request, reply, v.brand.slug, v.tenantId, order.id, now);
    return reply.code(303).header('cache-control', 'no-store').redirect(orderUrl(v), 303);
  });

  app.get('/portal/:slug/link/:token', route, async (request, reply) => {
    const v = await visit(request, reply);
    if (!v) return reply;
    const token = (request.params as { token: string }).token;
    const checked = token.length <= 200 ? checkOrderLink(portalLinkKey().key, v.tenantId, token, clock()) : ({ ok: false, reason: 'invalid' } as const);
    if (!checked.ok) return checked.reason === 'expired' ? startOver(request, reply, v, 410, 'link_expired_title', 'link_expired') : startOver(request, reply, v, 403, 'link_invalid_title', 'link_invalid');
    startSession(request, reply, v.brand.slug, v.tenantId, checked.value.orderId, clock());
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(orderUrl(v), 303);
  });

  app.get('/portal/:slug/order', route, async (request, reply) => {
    const got = await orderVisit(request, reply, false);
    if (!got) return reply;
    const { v, order } = got;
    const done = (request.query as { done?: string }).done;
    const notices: Record<string, 'cancelled_done' | 'address_saved' | 'return_created'> = { cancelled: 'cancelled_done', address: 'address_saved', return: 'return_created' };
    const key = done ? notices[done] : undefined;
    return send(reply, v, 200, orderPage(pageContext(request, reply, v), order, key ? { kind: 'notice', text: t(v.locale, key) } : undefined));
  });

  app.post('/portal/:slug/order/cancel', route, async (request, reply) => {
    const got = await orderVisit(request, reply, true);
    if (!got) return reply;
    const { v, order } = got;
    try {
      await cancelByCustomer(db, v.tenantId, order.id, clock());
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const fresh = (await portalOrder(db, v.tenantId, order.id, clock())) ?? order;
      return send(reply, v, 409, orderPage(pageContext(request, reply, v), fresh, { kind: 'alert', text: t(v.locale, 'cannot_cancel') }));
    }
    return reply.redirect(orderUrl(v, 'cancelled'), 303);
  });

  app.get('/portal/:slug/order/address', route, async (request, reply) => {
    const got = await orderVisit(request, reply, false);
    if (!got) return reply;
    const { v, order } = got;
    if (order.address_locked) return reply.redirect(orderUrl(v), 303);
    return send(reply, v, 200, addressPage(pageContext(request, reply, v), order, order.ship_to, {}));
  });

  app.post('/portal/:slug/order/address', route, async (request, reply) => {
    const got = await orderVisit(request, reply, true);
    if (!got) return reply;
    const { v, order } = got;
    const form = (request.body ?? {}) as Form;
    const values = Object.fromEntries(addressFields.map((f) => [f, (form[f] ?? '').slice(0, 1000)]));
    try {
      await changeAddressByCustomer(db, v.tenantId, order.id, values, clock());
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'ORDER_EDIT_LABEL_BOUGHT' || error.code === 'ORDER_NOT_EDITABLE') {
        return send(reply, v, 409, addressPage(pageContext(request, reply, v), order, values, {}, { kind: 'alert', text: t(v.locale, 'address_locked_label_bought') }));
      }
      const errors: FieldErrors = {};
      for (const e of error.errors ?? []) {
        const field = (addressFields as readonly string[]).includes(e.field) ? e.field : 'line1';
        // The edit's own messages are English sentences: a field it refuses gets the catalogue's word.
        const key = `err_${e.message}`;
        errors[field] ??= t(v.locale, isMessageKey(key) ? key : 'err_invalid');
      }
      const alert = t(v.locale, Object.keys(errors).length > 0 ? 'fix_fields' : 'address_not_saved');
      return send(reply, v, 422, addressPage(pageContext(request, reply, v), order, values, errors, { kind: 'alert', text: alert }));
    }
    return reply.redirect(orderUrl(v, 'address'), 303);
  });

  app.get('/portal/:slug/order/return', route, async (request, reply) => {
    const got = await orderVisit(request, reply, false);
    if (!got) return reply;
    const { v, order } = got;
    if (!order.lines.some((l) => l.returnable > 0) || order.return_policy.refusals.length > 0) return reply.redirect(orderUrl(v), 303);
    return send(reply, v, 200, returnPage(pageContext(request, reply, v), order, {}));
  });

  app.post('/portal/:slug/order/return', route, async (request, reply) => {
    const got = await orderVisit(request, reply, true);
    if (!got) return reply;
    const { v, order } = got;
    const form = (request.body ?? {}) as Form;
    const reasons = new Map(order.return_policy.reasons.map((r) => [r.code, r]));
    const note = (form.note ?? '').trim().slice(0, 1000);
    const lines = order.lines
      .filter((l) => l.returnable > 0)
      .flatMap((l, i) => {
        const quantity = Number.parseInt(form[`qty_${i}`] ?? '0', 10);
        const reason = form[`reason_${i}`] ?? '';
        if (form[`line_${i}`] !== l.id || !Number.isInteger(quantity) || quantity <= 0) return [];
        return [{ order_line_id: l.id, quantity, reason, ...(note && reasons.get(reason)?.requires_note ? { note } : {}) }];
      });
    const outcome = (returnOutcomes as readonly string[]).includes(form.outcome ?? '') ? (form.outcome as ReturnOutcome) : undefined;
    const again = (text: string) => send(reply, v, 422, returnPage(pageContext(request, reply, v), order, form, { kind: 'alert', text }));
    if (lines.length === 0) return again(t(v.locale, 'return_pick_one'));
    try {
      await startReturnByCustomer(db, v.tenantId, order.id, { lines, ...(outcome ? { outcome } : {}), ...(note ? { customer_note: note } : {}) }, clock());
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return again(await returnRefusal(v.locale, error, order.id, v.tenantId));
    }
    return reply.redirect(orderUrl(v, 'return'), 303);
  });

  /** A refused return in the visitor's language: the policy's reasons (as they stand now), or what was wrong with the form. */
  async function returnRefusal(locale: Locale, error: DomainError, orderId: string, tenantId: string): Promise<string> {
    switch (error.code) {
      case 'RETURN_NOT_ELIGIBLE': {
        const fresh = await portalOrder(db, tenantId, orderId, clock());
        const why = fresh ? policyWords(locale, fresh).refusals : [];
        return [t(locale, why.length > 0 ? 'return_not_possible' : 'return_refused'), ...why].join(' ');
      }
      case 'RETURN_LINE_INVALID':
        return (error.errors ?? []).some((e) => e.field.endsWith('.note')) ? t(locale, 'return_note_required') : t(locale, 'return_refused');
      case 'RETURN_UNITS_NOT_SHIPPED':
      case 'RETURN_EXCEEDS_SHIPPED':
        return t(locale, 'return_too_many');
      default:
        return t(locale, 'error_generic');
    }
  }

  app.get('/portal/:slug/order/returns/:id/label.:format', route, async (request, reply) => {
    const got = await orderVisit(request, reply, false);
    if (!got) return reply;
    const { v, order } = got;
    const { id, format } = request.params as { id: string; format: string };
    if (format !== 'pdf' && format !== 'png' && format !== 'svg') return reply.callNotFound();
    try {
      const file = await returnLabelForCustomer(db, v.tenantId, order.id, id, format);
      return reply
        .headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", ...(format === 'pdf' ? { 'content-disposition': `attachment; filename="return-${id}.pdf"` } : {}) })
        .type(file.type)
        .send(file.body);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return send(reply, v, 404, messagePage(pageContext(request, reply, v), 'no_portal_title', 'no_portal'));
    }
  });
}
