import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { escapeHtml } from '../../platform/kernel/html.js';
import type { Clock } from '../../platform/kernel/clock.js';
import { confirmVerification, verificationPage } from '../../flows/reviews/verification.js';

/**
 * The customer's page behind a verification link (ADR 0031, issue 16 §2): server-rendered, no
 * JavaScript, one form. `GET /verify/{token}` shows what is being confirmed; its button posts to
 * the same address, which confirms (the API's `/v1/verify/{token}` does the same for apps). The
 * token is the credential: the page is never cached and never sends it on as a referrer.
 */

const TOKEN = /^[A-Za-z0-9_.-]{10,90}$/;

/** The headers of a public page behind a signed link (the survey page uses them too). */
export const HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{margin:0;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;background:#f4f5f7;color:#1f2328}main{max-width:560px;margin:0 auto;padding:24px 16px}section{background:#fff;border-radius:8px;padding:24px}h1{font-size:1.4rem;margin:0 0 12px}ul{padding-left:20px}button{font:inherit;background:#1f6feb;color:#fff;border:0;border-radius:6px;padding:12px 20px;min-height:44px;cursor:pointer}button:focus{outline:3px solid #0a3069;outline-offset:2px}.muted{color:#57606a}</style>
</head><body><main><section>${body}</section></main></body></html>`;
}

function problemPage(error: unknown): { status: number; html: string } {
  if (!(error instanceof DomainError)) throw error;
  const expired = error.code === 'VERIFICATION_LINK_EXPIRED';
  const used = error.code === 'VERIFICATION_LINK_USED';
  const title = expired ? 'This link has expired' : used ? 'Nothing left to confirm' : 'This link does not work';
  const text = expired
    ? 'The link to confirm your order has expired. Contact the shop and ask for a new one.'
    : used
      ? 'This order was confirmed already, or the shop sent you a newer link: use the newest one.'
      : 'The link is incomplete or not valid. Open it again from the e-mail, or contact the shop.';
  return { status: error.status, html: page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`) };
}

async function answer(reply: FastifyReply, render: () => Promise<string>) {
  reply.headers(HEADERS).type('text/html; charset=utf-8');
  try {
    return reply.code(200).send(await render());
  } catch (error) {
    const p = problemPage(error);
    return reply.code(p.status).send(p.html);
  }
}

export async function installVerifyPages(root: FastifyInstance, db: Db, clock: Clock): Promise<void> {
  await root.register(async (app) => {
    // The button posts an empty HTML form; its fields, if any, are not read.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, _body, done) => done(null, {}));
    verifyRoutes(app, db, clock);
  });
}

function verifyRoutes(app: FastifyInstance, db: Db, clock: Clock): void {
  const route = { config: { action: 'public' as const }, schema: { hide: true } };
  const tokenOf = (params: unknown) => {
    const token = (params as { token?: string }).token ?? '';
    if (!TOKEN.test(token)) throw new DomainError('VERIFICATION_LINK_INVALID', 'No such verification link.', [{ field: 'token', message: 'is not a link token' }]);
    return token;
  };
  app.get('/verify/:token', route, async (request, reply) =>
    answer(reply, async () => {
      const token = tokenOf(request.params);
      const v = await verificationPage(db, token, clock());
      const lines = v.lines.map((l) => `<li>${l.quantity} × ${escapeHtml(l.sku)}</li>`).join('');
      const shipTo = v.ship_to ? [v.ship_to.name, v.ship_to.postal_code, v.ship_to.city, v.ship_to.country].filter((p) => p).map((p) => escapeHtml(String(p))).join(', ') : '';
      return page(
        `Confirm order ${v.order_number}`,
        `<h1>Please confirm your order ${escapeHtml(v.order_number)}</h1>
<p>Before we ship it, we ask you to confirm that you placed this order.</p>
<ul>${lines}</ul>
<p><strong>Total: ${escapeHtml(v.total)} ${escapeHtml(v.currency)}</strong></p>
${shipTo ? `<p class="muted">Shipping to ${shipTo}</p>` : ''}
<form method="post" action="/verify/${escapeHtml(token)}"><button type="submit">Yes, I placed this order</button></form>
<p class="muted">If you did not place it, do nothing: the order will not ship. This link works until ${escapeHtml(v.expires_at.slice(0, 16).replace('T', ' '))} UTC.</p>`,
      );
    }),
  );
  app.post('/verify/:token', route, async (request, reply) =>
    answer(reply, async () => {
      const confirmed = await confirmVerification(db, tokenOf(request.params), clock());
      return page('Thank you', `<h1>Thank you: order ${escapeHtml(confirmed.order_number)} is confirmed</h1><p>We will let you know when it ships.</p>`);
    }),
  );
}
