import { Anchor, Card, Checkbox, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, call, isProblem } from '../../api/client';
import type { Dashboard } from '../../api/types';
import { can } from '../../auth/permissions';
import { sessionQuery } from '../../auth/session';
import { userTimeZone } from '../../ui/format';
import { PathLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { DemoCard } from './DemoCard';
import { OrdersPerHourChart } from './OrdersPerHourChart';

const tiles: { key: keyof Dashboard['today']; label: string }[] = [
  { key: 'orders_in', label: 'Orders in' },
  { key: 'awaiting_fulfillment', label: 'Awaiting fulfillment' },
  { key: 'shipped', label: 'Shipped' },
  { key: 'late', label: 'Late against promise' },
  { key: 'backordered_units', label: 'Backordered units' },
  { key: 'low_stock_skus', label: 'Low-stock SKUs' },
];

function Today({ today }: { today: Dashboard['today'] }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 3 }} spacing="md">
      {tiles.map((t) => (
        <Card key={t.key} withBorder padding="md" data-testid={`today-${t.key}`}>
          <Text size="sm">{t.label}</Text>
          <Text fw={700} fz="h2" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {today[t.key]}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function Checklist({ items }: { items: Dashboard['checklist'] }) {
  if (items.length === 0) return null;
  return (
    <Card withBorder padding="md" data-testid="checklist">
      <Title order={2} size="h4" mb="sm">
        Getting ready to ship
      </Title>
      <Stack gap="xs">
        {items.map((item) => (
          <Checkbox
            key={item.id}
            checked={item.done}
            readOnly
            label={<PathLink path={item.link} testId={`checklist-link-${item.id}`}>{item.title}</PathLink>}
            description={item.hint}
            data-testid={`checklist-${item.id}`}
          />
        ))}
      </Stack>
    </Card>
  );
}

/** Without GET /v1/dashboard on this server: links to where the day's work is. */
function Shortcuts({ canReadOrders }: { canReadOrders: boolean }) {
  return (
    <Card withBorder padding="md" data-testid="home-shortcuts">
      <List spacing="xs">
        {canReadOrders && (
          <List.Item>
            <Anchor component={Link} to="/orders" data-testid="home-orders">
              Orders
            </Anchor>{' '}
            — find any order by number, customer or tracking number
          </List.Item>
        )}
        <List.Item>
          <Anchor component={Link} to="/fulfillment" data-testid="home-fulfillment">
            Fulfillment
          </Anchor>{' '}
          — your location's queue
        </List.Item>
      </List>
    </Card>
  );
}

/** Today's numbers (GET /v1/dashboard, in the user's time zone) and the set-up checklist. */
export function HomePage() {
  const { data: session } = useSuspenseQuery(sessionQuery);
  const dashboard = useQuery({
    queryKey: ['dashboard', userTimeZone()],
    queryFn: () => call(api.GET('/v1/dashboard', { params: { query: { tz: userTimeZone() } } })),
  });
  const missing = isProblem(dashboard.error) && dashboard.error.status === 404;
  return (
    <>
      <PageHeader title="Home" subtitle={session ? `Signed in as ${session.user.name}` : undefined} />
      <Stack gap="lg">
        {session && can(session.user.role, 'settings:write') && <DemoCard />}
        {dashboard.data && <Today today={dashboard.data.today} />}
        {dashboard.data && <OrdersPerHourChart buckets={dashboard.data.orders_per_hour} />}
        {dashboard.data && <Checklist items={dashboard.data.checklist} />}
        {dashboard.error && !missing && <ProblemAlert error={dashboard.error} />}
        <Shortcuts canReadOrders={session ? can(session.user.role, 'orders:read') : false} />
      </Stack>
    </>
  );
}
