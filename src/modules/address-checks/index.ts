/** address-checks: addresses and phones checked and standardised at capture (pure), and the address-verification seam. See README.md. */
export { checkAddress, type AddressCheck, type AddressFinding, type AddressFindingCode, type AddressInput, type FindingSeverity, type StandardizedAddress } from './domain/address-check.js';
export { formatPostalCode, hasPostalCodes, isValidPostalCode } from './domain/postal-codes.js';
export { checkPhone, type PhoneCheck } from './domain/phone.js';
export { regionCode, stateOfZip, provincesOfPostalCode } from './domain/regions.js';
export { applyVerification, noVerification, type AddressVerifier, type VerificationAnswer, type VerificationRecord } from './domain/verification.js';
