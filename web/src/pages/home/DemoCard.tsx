import { Button, Card, Group, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';

/**
 * On a tenant without orders an admin can load the demo data set (POST /v1/demo: locations,
 * products, stock, boxes, sample carriers, ~40 orders in every state) so every screen has something to show.
 */
export function DemoCard() {
  const queryClient = useQueryClient();
  const anyOrder = useQuery({ queryKey: ['orders', 'any'], queryFn: () => call(api.GET('/v1/orders', { params: { query: { limit: 1 } } })) });
  const load = useMutation({
    mutationFn: () => call(api.POST('/v1/demo')),
    onSuccess: async (summary) => {
      notifications.show({ color: 'green', title: 'Demo data loaded', message: `${summary.orders} orders, ${summary.products} products at ${summary.locations} locations.` });
      await queryClient.invalidateQueries();
    },
  });
  if (!anyOrder.data || anyOrder.data.data.length > 0) return null;
  return (
    <Card withBorder padding="md" data-testid="demo-card">
      <Title order={2} size="h4">
        No orders yet
      </Title>
      <Text size="sm" mb="sm">
        Load the demo data set to try every screen: three locations with addresses, products with weights and dimensions, stock, boxes, the sample carriers and about forty orders in every state. It takes a few seconds.
      </Text>
      <ProblemAlert error={load.error} />
      <Group>
        <Button onClick={() => load.mutate()} loading={load.isPending} data-testid="demo-load">
          Load demo data
        </Button>
      </Group>
    </Card>
  );
}
