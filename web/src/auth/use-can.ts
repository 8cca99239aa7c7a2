import { useSuspenseQuery } from '@tanstack/react-query';
import { can, type Action } from './permissions';
import { sessionQuery } from './session';

/** `const allowed = useCan(); allowed('channels:write')`: hides what the signed-in role may not do (the server still decides). */
export function useCan(): (action: Action) => boolean {
  const { data: session } = useSuspenseQuery(sessionQuery);
  return (action) => !!session && can(session.user.role, action);
}

/** `const canWrite = useAllowed('routing:write')`: the same check for one action. */
export function useAllowed(action: Action): boolean {
  return useCan()(action);
}
