import { Group } from '@mantine/core';
import { useRouterState } from '@tanstack/react-router';
import { useCan } from '../../auth/use-can';
import { ButtonLink } from '../../ui/links';

const tabs = [
  { to: '/messages', label: 'Messages', action: 'notifications:read', testId: 'messages-tab-list' },
  { to: '/messages/templates', label: 'Templates', action: 'notification_templates:read', testId: 'messages-tab-templates' },
  { to: '/messages/suppressions', label: 'Suppressions', action: 'notifications:suppressions', testId: 'messages-tab-suppressions' },
] as const;

/** Customer messages' screens, one click apart: what was sent, the templates it was written from, and the addresses not sent to. */
export function MessagesTabs() {
  const path = useRouterState({ select: (s) => s.location.pathname });
  const allowed = useCan();
  return (
    <Group component="nav" aria-label="Messages" gap={4} mb="md" wrap="wrap">
      {tabs
        .filter((t) => allowed(t.action))
        .map((t) => {
          const active = t.to === '/messages' ? path === t.to : path === t.to || path.startsWith(`${t.to}/`);
          return (
            <ButtonLink key={t.to} to={t.to} size="xs" variant={active ? 'light' : 'subtle'} aria-current={active ? 'page' : undefined} data-testid={t.testId}>
              {t.label}
            </ButtonLink>
          );
        })}
    </Group>
  );
}
