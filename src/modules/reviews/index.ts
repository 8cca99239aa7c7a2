/** reviews: the review queue and customer verification links (ADR 0031). See README.md. */
export { caseKinds, caseStatuses, resolutions, isCaseKind, ageSeconds, type CaseKind, type CaseStatus, type Resolution, type ReviewDetails } from './domain/cases.js';
export { openCase, addReviewDetails, getCase, closeCase, assignCase, type CaseOrder, type OpenedCase } from './use-cases/cases.js';
export { findOpenCase, openCasesOfOrders, casesOfOrder, listCases, type CaseFilter, type CaseSort, type ReviewCaseRow } from './db/cases.queries.js';
export { requestVerification, verificationUrl, liveVerification, useVerification, voidVerificationsOfCase } from './use-cases/verifications.js';
export type { VerificationRow } from './db/verifications.queries.js';
export { VERIFICATION_TTL_MS } from './domain/verification-token.js';
