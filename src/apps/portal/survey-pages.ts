import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { escapeHtml } from '../../platform/kernel/html.js';
import type { Clock } from '../../platform/kernel/clock.js';
import { COMMENT_MAX } from '../../modules/surveys/index.js';
import { answerSurvey, surveyPage, type SurveyPage } from '../../flows/surveys/survey.js';
import { HEADERS as LINK_PAGE_HEADERS } from './verify-pages.js';
import { surveyDate, surveyLocaleOf, surveyStrings, type SurveyLocale } from './survey-strings.js';

/**
 * The satisfaction survey behind the link in the delivered e-mail (ADR 0037, issue 16 §2):
 * server-rendered, no JavaScript, one form. `GET /survey/{token}` asks the 0–10 question (and shows
 * the answer given so far); its form posts to the same address. One answer per order: a different
 * answer replaces the earlier one while the link lives, the same one again changes nothing. A
 * changed or made-up link answers 403, an expired one 410, a bad answer the form again with 422.
 * The token is the credential: never cached, never sent on as a referrer.
 */

const TOKEN = /^[A-Za-z0-9_.-]{10,120}$/;

const HEADERS = { ...LINK_PAGE_HEADERS, vary: 'Accept-Language' };

const STYLE = `*{box-sizing:border-box}body{margin:0;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;background:#f4f5f7;color:#1f2328;line-height:1.5}
main{max-width:640px;margin:0 auto;padding:24px 12px}section{background:#fff;border-radius:8px;padding:20px}h1{font-size:1.4rem;margin:0 0 12px}
fieldset{border:0;margin:0 0 20px;padding:0}legend{font-weight:600;font-size:1.1rem;margin-bottom:4px;padding:0}
.scale{display:grid;grid-template-columns:repeat(auto-fill,minmax(44px,1fr));gap:6px;margin:12px 0 4px}
.scale label{position:relative;display:block}.scale input{position:absolute;opacity:0;width:100%;height:100%;margin:0;cursor:pointer}
.scale span{display:flex;align-items:center;justify-content:center;min-height:44px;border:2px solid #57606a;border-radius:6px;font-weight:600;background:#fff}
.scale input:checked+span{background:#0b57d0;border-color:#0b57d0;color:#fff}.scale input:focus-visible+span{outline:3px solid #0a3069;outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:12px;font-size:.9rem;color:#57606a}
label.block{display:block;font-weight:600;margin-bottom:4px}textarea{display:block;width:100%;min-height:120px;font:inherit;padding:8px;border:2px solid #57606a;border-radius:6px}
textarea:focus{outline:3px solid #0a3069;outline-offset:2px}.hint,.muted{color:#57606a;font-size:.9rem}
button,.button{display:inline-block;font:inherit;background:#0b57d0;color:#fff;border:0;border-radius:6px;padding:12px 20px;min-height:44px;cursor:pointer;text-decoration:none;margin-top:16px}
button:focus-visible,.button:focus-visible{outline:3px solid #0a3069;outline-offset:2px}
.errors{border:2px solid #cf222e;border-radius:6px;padding:12px;margin-bottom:16px}.errors h2{font-size:1rem;margin:0 0 4px;color:#a40e26}.error{color:#a40e26;font-weight:600}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0}`;

function document(locale: SurveyLocale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head><body><main><section>${body}</section></main></body></html>`;
}

interface FormState {
  score?: string | undefined;
  comment?: string | undefined;
  errors?: { field: string; message: string }[] | undefined;
}

function form(locale: SurveyLocale, token: string, p: SurveyPage, state: FormState): string {
  const s = surveyStrings[locale];
  const selected = state.score ?? (p.answer ? String(p.answer.score) : undefined);
  const comment = state.comment ?? p.answer?.comment ?? '';
  const fields = new Set((state.errors ?? []).map((e) => e.field));
  const scoreError = fields.has('score') ? `<p class="error" id="score-error">${escapeHtml(s.fieldErrors.score)}</p>` : '';
  const commentError = fields.has('comment') ? `<p class="error" id="comment-error">${escapeHtml(s.fieldErrors.comment)}</p>` : '';
  const summary = fields.size > 0
    ? `<div class="errors" role="alert"><h2>${escapeHtml(s.errorsTitle)}</h2><ul>${[...fields].map((f) => `<li><a href="#${f === 'score' ? 'score-0' : 'comment'}">${escapeHtml(s.fieldErrors[f as 'score' | 'comment'] ?? f)}</a></li>`).join('')}</ul></div>`
    : '';
  const radios = Array.from({ length: 11 }, (_, n) => `<label><input type="radio" name="score" id="score-${n}" value="${n}"${selected === String(n) ? ' checked' : ''}${n === 0 ? ' required' : ''}><span>${n}</span></label>`).join('');
  const previous = p.answer ? `<p class="muted">${escapeHtml(s.previous(p.answer.score, surveyDate(p.answer.answered_at, locale), surveyDate(p.expires_at, locale)))}</p>` : '';
  return `<h1>${escapeHtml(s.title)}</h1>
<p>${escapeHtml(s.intro(p.order_name))}</p>
${previous}${summary}
<form method="post" action="/survey/${escapeHtml(token)}">
<fieldset aria-describedby="scale-hint${scoreError ? ' score-error' : ''}">
<legend>${escapeHtml(s.question(p.shop))}</legend>
<p class="hint" id="scale-hint">${escapeHtml(s.scale)}</p>${scoreError}
<div class="scale">${radios}</div>
<div class="ends" aria-hidden="true"><span>0 – ${escapeHtml(s.low)}</span><span>10 – ${escapeHtml(s.high)}</span></div>
</fieldset>
<label class="block" for="comment">${escapeHtml(s.comment)}</label>
<p class="hint" id="comment-hint">${escapeHtml(s.commentHint(COMMENT_MAX))}</p>${commentError}
<textarea id="comment" name="comment" maxlength="${COMMENT_MAX}" aria-describedby="comment-hint${commentError ? ' comment-error' : ''}"${commentError ? ' aria-invalid="true"' : ''}>${escapeHtml(comment)}</textarea>
<button type="submit">${escapeHtml(s.submit)}</button>
</form>`;
}

function problemPage(locale: SurveyLocale, error: unknown): { status: number; html: string } {
  if (!(error instanceof DomainError)) throw error;
  const s = surveyStrings[locale];
  const expired = error.code === 'SURVEY_LINK_EXPIRED';
  const title = expired ? s.expiredTitle : s.invalidTitle;
  const text = expired ? s.expiredText : s.invalidText;
  return { status: expired ? 410 : 403, html: document(locale, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`) };
}

const tokenOf = (params: unknown) => {
  const token = (params as { token?: string }).token ?? '';
  if (!TOKEN.test(token)) throw new DomainError('SURVEY_LINK_INVALID', 'No such survey link.', [{ field: 'token', message: 'is not a link token' }]);
  return token;
};

async function answer(request: FastifyRequest, reply: FastifyReply, render: (locale: SurveyLocale) => Promise<{ status: number; html: string }>) {
  const locale = surveyLocaleOf(request.headers['accept-language']);
  reply.headers(HEADERS).type('text/html; charset=utf-8');
  try {
    const out = await render(locale);
    return reply.code(out.status).send(out.html);
  } catch (error) {
    const p = problemPage(locale, error);
    return reply.code(p.status).send(p.html);
  }
}

export async function installSurveyPages(root: FastifyInstance, db: Db, clock: Clock): Promise<void> {
  await root.register(async (app) => {
    // A comment of 2,000 characters, each up to 4 UTF-8 bytes percent-encoded (12 characters), and the score.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 32 * 1024 }, (_request, body, done) => {
      const fields = new URLSearchParams(String(body));
      done(null, { score: fields.get('score') ?? undefined, comment: fields.get('comment') ?? undefined });
    });
    const route = { config: { action: 'public' as const }, schema: { hide: true } };
    app.get('/survey/:token', route, async (request, reply) =>
      answer(request, reply, async (locale) => {
        const token = tokenOf(request.params);
        const p = await surveyPage(db, token, clock());
        return { status: 200, html: document(locale, surveyStrings[locale].title, form(locale, token, p, {})) };
      }),
    );
    app.post('/survey/:token', route, async (request, reply) =>
      answer(request, reply, async (locale) => {
        const token = tokenOf(request.params);
        const body = (request.body ?? {}) as { score?: string; comment?: string };
        const s = surveyStrings[locale];
        try {
          const done = await answerSurvey(db, token, { score: body.score, comment: body.comment }, clock());
          const note = done.recorded === 'replaced' ? s.replaced : done.recorded === 'unchanged' ? s.unchanged : '';
          const html = `<h1>${escapeHtml(s.thanks)}</h1><p role="status">${escapeHtml(s.recorded(done.answer?.score ?? 0))}${note ? ` ${escapeHtml(note)}` : ''}</p>
<p><a class="button" href="/survey/${escapeHtml(token)}">${escapeHtml(s.change)}</a></p>`;
          return { status: 200, html: document(locale, s.thanks, html) };
        } catch (error) {
          if (!(error instanceof DomainError) || error.code !== 'SURVEY_ANSWER_INVALID') throw error;
          const p = await surveyPage(db, token, clock());
          return { status: 422, html: document(locale, `${s.errorsTitle} – ${s.title}`, form(locale, token, p, { score: body.score, comment: body.comment, errors: error.errors })) };
        }
      }),
    );
  });
}
