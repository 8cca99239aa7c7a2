/**
 * The survey page's words in English and German (ADR 0037), chosen by Accept-Language. Small and
 * self-contained on purpose: the portal's own catalogue may absorb it later.
 */
export const surveyLocales = ['en', 'de'] as const;
export type SurveyLocale = (typeof surveyLocales)[number];

type Strings = {
  title: string;
  intro: (order: string) => string;
  question: (shop: string) => string;
  scale: string;
  low: string;
  high: string;
  comment: string;
  commentHint: (max: number) => string;
  submit: string;
  previous: (score: number, at: string, until: string) => string;
  thanks: string;
  recorded: (score: number) => string;
  replaced: string;
  unchanged: string;
  change: string;
  errorsTitle: string;
  fieldErrors: Record<'score' | 'comment', string>;
  invalidTitle: string;
  invalidText: string;
  expiredTitle: string;
  expiredText: string;
};

export const surveyStrings: Record<SurveyLocale, Strings> = {
  en: {
    title: 'One quick question',
    intro: (order) => `Your order ${order} was delivered. Thank you for shopping with us.`,
    question: (shop) => `How likely are you to recommend ${shop || 'us'} to a friend?`,
    scale: '0 means not at all likely, 10 means extremely likely.',
    low: 'Not at all likely',
    high: 'Extremely likely',
    comment: 'What is the main reason for your score? (optional)',
    commentHint: (max) => `Up to ${max} characters.`,
    submit: 'Send my answer',
    previous: (score, at, until) => `You answered ${score} on ${at}. You can change your answer until ${until}.`,
    thanks: 'Thank you!',
    recorded: (score) => `We received your answer: ${score} out of 10.`,
    replaced: 'It replaces the answer you gave before.',
    unchanged: 'You had sent this answer already; nothing changed.',
    change: 'Change my answer',
    errorsTitle: 'Please check your answer',
    fieldErrors: { score: 'Choose a number from 0 to 10.', comment: 'The comment is too long or contains characters we cannot store (at most 2000 characters).' },
    invalidTitle: 'This link does not work',
    invalidText: 'The link is incomplete or not valid. Open it again from the e-mail you received.',
    expiredTitle: 'This survey has closed',
    expiredText: 'The link to this survey has expired. Thank you for your interest.',
  },
  de: {
    title: 'Eine kurze Frage',
    intro: (order) => `Ihre Bestellung ${order} wurde zugestellt. Vielen Dank für Ihren Einkauf.`,
    question: (shop) => `Wie wahrscheinlich ist es, dass Sie ${shop || 'uns'} einem Freund empfehlen?`,
    scale: '0 bedeutet „sehr unwahrscheinlich“, 10 bedeutet „sehr wahrscheinlich“.',
    low: 'Sehr unwahrscheinlich',
    high: 'Sehr wahrscheinlich',
    comment: 'Was ist der wichtigste Grund für Ihre Bewertung? (optional)',
    commentHint: (max) => `Höchstens ${max} Zeichen.`,
    submit: 'Antwort senden',
    previous: (score, at, until) => `Sie haben am ${at} mit ${score} geantwortet. Bis ${until} können Sie Ihre Antwort ändern.`,
    thanks: 'Vielen Dank!',
    recorded: (score) => `Wir haben Ihre Antwort erhalten: ${score} von 10.`,
    replaced: 'Sie ersetzt Ihre frühere Antwort.',
    unchanged: 'Diese Antwort hatten Sie schon gesendet; es hat sich nichts geändert.',
    change: 'Antwort ändern',
    errorsTitle: 'Bitte prüfen Sie Ihre Antwort',
    fieldErrors: { score: 'Wählen Sie eine Zahl von 0 bis 10.', comment: 'Der Kommentar ist zu lang oder enthält Zeichen, die wir nicht speichern können (höchstens 2000 Zeichen).' },
    invalidTitle: 'Dieser Link funktioniert nicht',
    invalidText: 'Der Link ist unvollständig oder ungültig. Öffnen Sie ihn erneut aus der E-Mail, die Sie erhalten haben.',
    expiredTitle: 'Diese Umfrage ist beendet',
    expiredText: 'Der Link zu dieser Umfrage ist abgelaufen. Vielen Dank für Ihr Interesse.',
  },
};

/** The best supported language of an Accept-Language header (q-values honoured; English otherwise). */
export function surveyLocaleOf(header: string | undefined): SurveyLocale {
  const ranked = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find((m) => m)?.[1];
      return { lang: tag.split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked.find((r) => (surveyLocales as readonly string[]).includes(r.lang))?.lang as SurveyLocale | undefined) ?? 'en';
}

/** A date as the page shows it: `5 December 2026` / `5. Dezember 2026` (UTC). */
export function surveyDate(iso: string, locale: SurveyLocale): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
}
