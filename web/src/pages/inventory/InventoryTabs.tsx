import { Group } from '@mantine/core';
import { useRouterState } from '@tanstack/react-router';
import { can } from '../../auth/permissions';
import { useSuspenseQuery } from '@tanstack/react-query';
import { sessionQuery } from '../../auth/session';
import { ButtonLink } from '../../ui/links';

const tabs = [
  { to: '/inventory', label: 'Stock', action: 'read' },
  { to: '/inventory/alerts', label: 'Low stock', action: 'read' },
  { to: '/inbound', label: 'Inbound', action: 'read' },
  { to: '/reservations', label: 'Checkout holds', action: 'orders:read' },
  { to: '/products', label: 'Products', action: 'read' },
] as const;

/** The inventory planner's screens, one click apart. */
export function InventoryTabs() {
  const path = useRouterState({ select: (s) => s.location.pathname });
  const { data: session } = useSuspenseQuery(sessionQuery);
  const role = session?.user.role ?? 'viewer';
  return (
    <Group component="nav" aria-label="Inventory" gap={4} mb="md" wrap="wrap">
      {tabs
        .filter((t) => can(role, t.action))
        .map((t) => {
          const active = path === t.to;
          return (
            <ButtonLink key={t.to} to={t.to} size="xs" variant={active ? 'light' : 'subtle'} aria-current={active ? 'page' : undefined} data-testid={`inventory-tab-${t.to.split('/').pop()}`}>
              {t.label}
            </ButtonLink>
          );
        })}
    </Group>
  );
}
