import { Group } from '@mantine/core';
import { useRouterState } from '@tanstack/react-router';
import { useCan } from '../../auth/use-can';
import { ButtonLink } from '../../ui/links';

const tabs = [
  { to: '/returns', label: 'Queue', action: 'orders:read' },
  { to: '/returns/analytics', label: 'Analytics', action: 'read' },
  { to: '/returns/reasons', label: 'Reasons', action: 'read' },
  { to: '/returns/policy', label: 'Policy', action: 'read' },
] as const;

/** The returns desk's screens, one click apart: the queue, its numbers, and the reasons and policy it works by. */
export function ReturnsTabs() {
  const path = useRouterState({ select: (s) => s.location.pathname });
  const allowed = useCan();
  return (
    <Group component="nav" aria-label="Returns" gap={4} mb="md" wrap="wrap">
      {tabs
        .filter((t) => allowed(t.action))
        .map((t) => {
          const active = path === t.to;
          return (
            <ButtonLink key={t.to} to={t.to} size="xs" variant={active ? 'light' : 'subtle'} aria-current={active ? 'page' : undefined} data-testid={`returns-tab-${t.to.split('/').pop()}`}>
              {t.label}
            </ButtonLink>
          );
        })}
    </Group>
  );
}
