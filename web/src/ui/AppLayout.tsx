import { AppShell, Burger, Group, Menu, NavLink, ScrollArea, Text, Tooltip, UnstyledButton, VisuallyHidden, Divider } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconLogout } from '@tabler/icons-react';
import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { can } from '../auth/permissions';
import { sessionQuery, signOut, type SessionUser } from '../auth/session';
import { navItems, navTestId, type NavItem } from './nav';

const matches = (path: string, to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));
/** The entry whose path is the longest prefix of the page's: /shipping/rules is Shipping rules, not Shipping. */
const isActive = (path: string, to: string) => matches(path, to) && !navItems.some((i) => i.to.length > to.length && matches(path, i.to));

/**
 * Between a phone and a wide desktop (a 1024 px tablet, a small laptop) the navigation is a rail of
 * icons with their names as tooltips, so tables keep their columns; below it, a drawer behind the
 * burger; from 1200 px, icons and names.
 */
const RAIL_QUERY = '(min-width: 48em) and (max-width: 74.99em)'; // Mantine's sm to lg
const RAIL_WIDTH = 60;

function NavEntries({ user, rail, onNavigate }: { user: SessionUser; rail: boolean; onNavigate: () => void }) {
  const path = useRouterState({ select: (s) => s.location.pathname });
  const visible = navItems.filter((item: NavItem) => item.action === null || can(user.role, item.action));
  const entry = (item: NavItem) => {
    const active = isActive(path, item.to);
    const link = (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={rail ? <VisuallyHidden>{item.label}</VisuallyHidden> : item.label}
        leftSection={<item.icon size={rail ? 22 : 18} aria-hidden />}
        active={active}
        aria-current={active ? 'page' : undefined}
        onClick={onNavigate}
        data-testid={navTestId(item)}
      />
    );
    return rail ? (
      <Tooltip key={item.to} label={item.label} position="right" withinPortal>
        {link}
      </Tooltip>
    ) : (
      link
    );
  };
  const admin = visible.filter((i) => i.section === 'admin');
  return (
    <>
      {visible.filter((i) => i.section === 'main').map(entry)}
      {admin.length > 0 &&
        (rail ? (
          <Divider my="xs" />
        ) : (
          <Text size="xs" fw={700} c="dark.4" tt="uppercase" mt="md" mb={4} px="sm">
            Administration
          </Text>
        ))}
      {admin.map(entry)}
    </>
  );
}

function UserMenu({ user }: { user: SessionUser }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const out = async () => {
    await signOut(queryClient).catch(() => undefined);
    await navigate({ to: '/login' });
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton data-testid="user-menu">
          <Text size="sm" fw={500}>
            {user.name}
          </Text>
          <Text size="xs" c="dark.3">
            {user.email} · {user.role}
          </Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void out()} data-testid="sign-out">
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The signed-in console: header, navigation for the user's role, and the page. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { data: session } = useSuspenseQuery(sessionQuery);
  const rail = useMediaQuery(RAIL_QUERY) ?? false;
  // The route's beforeLoad sent anyone without a session to /login; this is a sign-out in flight.
  if (!session) return null;
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: { sm: RAIL_WIDTH, lg: 210 }, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" data-testid="nav-toggle" />
            <Text component={Link} to="/" fw={700} size="lg" data-testid="brand">
              OMS
            </Text>
          </Group>
          <UserMenu user={session.user} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          <NavEntries user={session.user} rail={rail} onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
