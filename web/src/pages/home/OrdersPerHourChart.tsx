import { BarChart } from '@mantine/charts';
import { Card, Text, Title } from '@mantine/core';
import type { Dashboard } from '../../api/types';

const hourLabel = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: 'numeric' });

/** Orders per hour over the last 7 days (168 bars, in the user's zone as the API bucketed them). */
export function OrdersPerHourChart({ buckets }: { buckets: Dashboard['orders_per_hour'] }) {
  const data = buckets.map((b) => ({ hour: hourLabel.format(new Date(b.hour)), Orders: b.count }));
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  return (
    <Card withBorder padding="md" data-testid="orders-per-hour">
      <Title order={2} size="h4">
        Orders per hour, last 7 days
      </Title>
      <Text size="sm" mb="sm" data-testid="orders-per-hour-total">
        {total} {total === 1 ? 'order' : 'orders'} in 7 days
      </Text>
      <div role="img" aria-label={`Bar chart of orders per hour: ${total} orders over the last 7 days`}>
        <BarChart h={220} data={data} dataKey="hour" series={[{ name: 'Orders', color: 'blue.7' }]} tickLine="y" gridAxis="y" withTooltip yAxisProps={{ allowDecimals: false }} />
      </div>
    </Card>
  );
}
