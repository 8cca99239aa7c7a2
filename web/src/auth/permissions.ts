// The same policy the server enforces (one table, src/modules/tenancy/domain/roles.ts): the console
// only uses it to hide what a role may not do; authorization itself stays on the server.
import { isAllowed, type Action } from '../../../src/modules/tenancy/domain/roles';
import type { UserRole } from './session';

export type { Action };

export function can(role: UserRole, action: Action): boolean {
  return isAllowed(role, action);
}
