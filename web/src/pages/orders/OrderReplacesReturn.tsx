import { Card, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { AnchorLink } from '../../ui/links';
import { orderTitle } from './order-labels';
import { orderQueries } from './order-queries';

/**
 * For an exchange's replacement order: the return it replaces and that return's order, as links
 * (GET /v1/orders/{id} `replaces_return`, ADR 0028). Reads the order's query the page already holds.
 */
export function OrderReplacesReturn({ orderId }: { orderId: string }) {
  const replaced = useQuery(orderQueries.order(orderId)).data?.replaces_return;
  if (!replaced) return null;
  return (
    <Card withBorder padding="md" data-testid="order-replaces-return">
      <Title order={2} size="h4" mb="xs">
        Exchange
      </Title>
      <Text size="sm">
        This order replaces the units of return{' '}
        <AnchorLink to="/returns/$returnId" params={{ returnId: replaced.return_id }} data-testid="order-replaces-return-link">
          {replaced.return_id.slice(-8).toUpperCase()}
        </AnchorLink>{' '}
        of{' '}
        <AnchorLink to="/orders/$orderId" params={{ orderId: replaced.order_id }} data-testid="order-replaces-order-link">
          {replaced.order_number === null ? replaced.order_id : orderTitle({ number: replaced.order_number })}
        </AnchorLink>
        .
      </Text>
    </Card>
  );
}
