/** surveys: the satisfaction survey after delivery and its NPS (ADR 0037). See README.md. */
export { categoryOf, npsOf, countScores, npsGroupings, SURVEY_TTL_MS, COMMENT_MAX, type Nps, type NpsCounts, type NpsGrouping, type ScoreCategory } from './domain/nps.js';
export { surveyUrl, surveyExpiry, liveSurveyLink } from './use-cases/links.js';
export { recordAnswer, checkAnswer, type AnsweredOrder, type AnswerInput } from './use-cases/answer.js';
export { npsReport, periodOf } from './use-cases/report.js';
export { findAnswerOfOrder, listAnswers, countAnswers, eraseCommentsOfOrders, type ResponseFilter, type SurveyResponseRow } from './db/responses.queries.js';
export { NpsQuery, NpsView, ResponseQuery, ResponseView, ResponseList, OrderSurveyView, responseView } from './http/schemas.js';
export type { SurveyLink } from './domain/survey-token.js';
