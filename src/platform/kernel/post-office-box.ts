/**
 * Post-office boxes and military mail, which some carriers and services cannot deliver to (UPS and
 * FedEx do not deliver to USPS PO boxes; APO/FPO/DPO addresses take USPS only). A PMB (private
 * mailbox at a UPS Store or similar) is a street address every carrier delivers to: not a PO box,
 * but fraud screening still wants to know of it (a reshipper's favourite), hence `isPrivateMailbox`.
 * Shared by address checks and risk screening so both read an address alike.
 */
const PO_BOX = [
  /\bP\.?\s*O\.?\s*B(?:OX|\.)?\s*#?\s*\d/i, // PO Box 12, P.O. Box 12, P O Box 12, POB 12, P.O.B. 12, POBox12
  /\bP(?:OST)?\.?\s*O(?:FFICE)?\.?\s+BOX\b/i, // Post Office Box, P.O. BOX
  /\bPOST(?:AL)?\s+BOX\b/i,
  /^\s*BOX\s+#?\d+\b/i, // "Box 123" on its own line
  /\bPOSTFACH\b/i, // DE, AT, CH
  /\bAPARTADO(?:\s+DE\s+CORREOS|\s+POSTAL)?\s+\d/i, // ES, MX…
  /\bCASE\s+POSTALE\b|\bBO[IÎ]TE\s+POSTALE\b|\bB\.?P\.?\s+\d+\b/i, // FR, CH, BE
  /\bCAIXA\s+POSTAL\b/i, // BR, PT
  /\bCASILLA\s+(?:DE\s+CORREO\s+)?\d/i, // CL, AR
  /\bPOSTBUS\s+\d/i, // NL
  /\bPRIVATE\s+BAG\b|\bLOCKED\s+BAG\b|\bGPO\s+BOX\b/i, // AU, NZ
];

export function isPoBox(line: string | null | undefined): boolean {
  if (!line) return false;
  return PO_BOX.some((pattern) => pattern.test(line));
}

/** A private mailbox at a mail-receiving agency: `PMB 201`, `PMB #12`. */
const PRIVATE_MAILBOX = /\bPMB\s*#?\s*\d/i;

export function isPrivateMailbox(line: string | null | undefined): boolean {
  return !!line && PRIVATE_MAILBOX.test(line);
}

const MILITARY_CITY = /^\s*(APO|FPO|DPO)\s*$/i;
const MILITARY_UNIT = /\b(PSC|UNIT|CMR)\s+\d+\b.*\bBOX\s+\d+/i;

/** An APO/FPO/DPO address: the city is APO, FPO or DPO, or the state is AA, AE or AP. */
export function militaryPostOffice(city: string | null | undefined, region: string | null | undefined, lines: (string | null | undefined)[]): 'APO' | 'FPO' | 'DPO' | null {
  const named = city?.match(MILITARY_CITY)?.[1]?.toUpperCase();
  if (named === 'APO' || named === 'FPO' || named === 'DPO') return named;
  const state = region?.trim().toUpperCase();
  if (state === 'AA' || state === 'AE' || state === 'AP') return 'APO';
  if (lines.some((l) => l && MILITARY_UNIT.test(l)) && state && ['AA', 'AE', 'AP'].includes(state)) return 'APO';
  return null;
}
