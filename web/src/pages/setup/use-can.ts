import { useSuspenseQuery } from '@tanstack/react-query';
import { can, type Action } from '../../auth/permissions';
import { sessionQuery } from '../../auth/session';

/** Whether the signed-in person's role allows `action`: hides what the server would refuse anyway. */
export function useCan(action: Action): boolean {
  const { data: session } = useSuspenseQuery(sessionQuery);
  return session ? can(session.user.role, action) : false;
}
