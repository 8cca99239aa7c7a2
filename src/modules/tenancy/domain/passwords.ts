/**
 * Password rules in the manner of NIST SP 800-63B (§5.1.1.2): a minimum length and nothing else
 * (no composition rules, no forced rotation), every character allowed, counted in code points.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** Why this password may not be chosen by the user with this e-mail, or undefined when it may. */
export function passwordProblem(password: string, email: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  const lowered = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  if (lowered === address || lowered === address.split('@')[0]) return 'must not be your e-mail address';
  if (new Set(password).size < 3) return 'must not repeat one or two characters';
  return undefined;
}

/** E-mail addresses are compared without case and surrounding spaces (one account per address). */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}
