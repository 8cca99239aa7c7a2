import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): ~60 ms on one core
 * here. @node-rs/argon2's async functions run on libuv's thread pool, not on the event loop, so a
 * sign-in does not stall other requests (ADR 0009, 0016). The parameters are inside each PHC
 * string, so raising them later leaves existing hashes verifiable.
 */
const argon2id: Algorithm = 2;
const options: Options = { algorithm: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

let dummy: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash; with none (an unknown e-mail, a user who never set a
 * password) it verifies against a dummy hash and answers false, so both take the same time and an
 * attacker cannot tell which e-mails have accounts.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  dummy ??= hashPassword('not the password of anyone: the dummy hash');
  const against = stored ?? (await dummy);
  const ok = await verify(against, password).catch(() => false);
  return ok && stored !== null && stored !== undefined;
}
