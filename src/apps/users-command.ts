import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import { DomainError } from '../platform/errors.js';
import { redactedMessage } from '../platform/logging.js';
import { bootstrapFirstTenant, findRootTenantId, issuePasswordReset, listUsers, tenantExists, userRoles, type UserRole } from '../modules/tenancy/index.js';
import { createStaffUser } from '../flows/tenancy/staff-users.js';

export const usersUsage = `Usage: oms users <create|list|reset-link>
  users create --email E --role ${userRoles.join('|')} [--name N] [--tenant T] [--location L] [--password-stdin]
           a staff account (in the first tenant unless --tenant); without --password-stdin a strong
           password is generated and printed once
  users list                 every staff account of the installation
  users reset-link EMAIL     print a password reset link (valid one hour, once; earlier links stop working)`;

interface Streams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) text += chunk.toString();
  return text.replace(/\r?\n$/, '');
}

/** `oms users …`: staff accounts from the command line (the first admin, and reset links until the OMS sends e-mail). Answers the exit code. */
export async function usersCommand(argv: string[], config: Config, openDatabase: () => Promise<Database>, io: Streams = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [sub, ...rest] = argv;
  let args;
  try {
    args = parseArgs({ args: rest, allowPositionals: true, options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, tenant: { type: 'string' }, location: { type: 'string' }, 'password-stdin': { type: 'boolean' } } });
  } catch (error) {
    io.stderr.write(`oms users: ${(error as Error).message}\n${usersUsage}\n`);
    return 1;
  }
  const { values, positionals } = args;
  const valid = (sub === 'create' && values.email && values.role && positionals.length === 0) || (sub === 'list' && positionals.length === 0) || (sub === 'reset-link' && positionals.length === 1);
  if (!valid) {
    io.stderr.write(`${usersUsage}\n`);
    return 1;
  }
  if (sub === 'create' && !(userRoles as readonly string[]).includes(values.role as string)) {
    io.stderr.write(`oms users: --role must be one of ${userRoles.join(', ')}\n`);
    return 1;
  }
  const password = sub === 'create' && values['password-stdin'] ? await readStdin(io.stdin) : undefined;
  let database: Database | undefined;
  try {
    database = await openDatabase();
    const { db } = database;
    const now = new Date();
    const actorId = `cli:${userInfo().username}`;
    if (sub === 'list') {
      const rows = await listUsers(db, undefined, { size: 10_000, after: undefined });
      for (const u of rows) io.stdout.write(`${u.id}  ${u.email}  ${u.role}${u.locationId ? ` (${u.locationId})` : ''}  ${u.tenantId}${u.disabledAt ? '  disabled' : ''}\n`);
      if (rows.length === 0) io.stderr.write('No staff accounts yet: oms users create --email you@shop.test --role admin\n');
      return 0;
    }
    if (sub === 'reset-link') {
      const issued = await issuePasswordReset(db, positionals[0] as string, actorId, now);
      if (!issued) {
        io.stderr.write(`oms users: no active user with the e-mail ${positionals[0]}\n`);
        return 1;
      }
      io.stdout.write(`${config.publicUrl}/reset-password?token=${issued.token}\n`);
      io.stderr.write(`Valid until ${issued.expiresAt.toISOString()}, once.\n`);
      return 0;
    }
    // create: on an empty installation the first tenant is made here, as `oms serve` would.
    const boot = values.tenant ? undefined : await bootstrapFirstTenant(db, now, config.adminKey);
    if (boot?.generatedKey) io.stderr.write(`Created tenant ${boot.tenantId} and an admin API key (shown only now): ${boot.generatedKey}\n`);
    const tenantId = values.tenant ?? (await findRootTenantId(db));
    if (!tenantId || !(await tenantExists(db, tenantId))) {
      io.stderr.write(`oms users: no tenant ${values.tenant ?? ''}\n`);
      return 1;
    }
    const generated = password === undefined ? randomBytes(18).toString('base64url') : undefined;
    const user = await createStaffUser(db, { tenantId, actorId }, { email: values.email as string, name: values.name ?? (values.email as string).split('@')[0] ?? '', role: values.role as UserRole, password: password ?? (generated as string), ...(values.location ? { location: values.location } : {}) }, now);
    io.stdout.write(`Created ${user.role} ${user.email} (${user.id}) in tenant ${tenantId}.\n`);
    if (generated) io.stdout.write(`Password (shown only now): ${generated}\n`);
    io.stdout.write(`Sign in at ${config.publicUrl}/\n`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) io.stderr.write(`oms users: ${error.code}: ${error.message}\n${(error.errors ?? []).map((e) => `  ${e.field}: ${e.message}\n`).join('')}`);
    else io.stderr.write(`oms users: ${redactedMessage(error)}\n`);
    return 1;
  } finally {
    await database?.close();
  }
}
