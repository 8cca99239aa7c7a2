import { Alert, Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Order } from '../../api/types';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { customerLabel } from './order-labels';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** An address from the channel (or its standardised form), line by line, as plain text. */
export function Address({ address, testId }: { address: Record<string, unknown> | null; testId: string }) {
  if (!address) return <Text size="sm">—</Text>;
  const cityLine = [str(address.postal_code), str(address.city), str(address.region)].filter(Boolean).join(' ');
  const lines = [str(address.name), str(address.company), str(address.line1), str(address.line2), cityLine || null, str(address.country), str(address.phone)].filter((l): l is string => l !== null);
  return (
    <Text size="sm" component="address" style={{ fontStyle: 'normal', whiteSpace: 'pre-line' }} data-testid={testId}>
      {lines.join('\n')}
    </Text>
  );
}

function Row({ label, children, strong }: { label: string; children: ReactNode; strong?: boolean }) {
  return (
    <Group justify="space-between">
      <Text size="sm" fw={strong ? 700 : undefined}>
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : undefined}>
        {children}
      </Text>
    </Group>
  );
}

const isZero = (amount: string) => Number(amount) === 0;

/**
 * The order's money as the channel charged it: subtotal, discounts, shipping, duties, tax (shown,
 * not added again, when prices include it), total, and what cancellations took off. Where the
 * channel's own totals disagree with the lines, each difference is shown, never hidden.
 */
function OrderMoney({ order }: { order: Order }) {
  const t = order.totals;
  const m = (amount: string, testId?: string) => <Money amount={amount} currency={order.currency} data-testid={testId} />;
  return (
    <Card withBorder padding="md" data-testid="order-money">
      <Title order={2} size="h4" mb="sm">
        Money
      </Title>
      <Row label="Subtotal">{m(t.subtotal)}</Row>
      {!isZero(t.discount_total) && <Row label="Discounts">{m(`-${t.discount_total}`, 'order-discount-total')}</Row>}
      <Row label={`Shipping${order.shipping.service_level ? ` (${order.shipping.service_level})` : ''}`}>{m(t.shipping_total)}</Row>
      {!isZero(t.duties_total) && <Row label="Duties">{m(t.duties_total)}</Row>}
      {(!isZero(t.tax_total) || !order.taxes_included) && <Row label={order.taxes_included ? 'Tax (included in prices)' : 'Tax'}>{m(t.tax_total, 'order-tax-total')}</Row>}
      <Divider my="xs" />
      <Row label="Total" strong>
        {m(t.total, 'order-total')}
      </Row>
      {!isZero(t.cancelled) && <Row label="Cancelled">{m(t.cancelled, 'order-cancelled-total')}</Row>}
      {order.money_discrepancy && order.money_discrepancy.length > 0 && (
        <Alert color="orange" mt="sm" title="The channel’s totals differ" data-testid="order-money-discrepancy">
          {order.money_discrepancy.map((d) => (
            <Text size="sm" key={d.field}>
              {d.field}: the channel says {m(d.channel)}, the lines make {m(d.computed)} ({m(d.difference)})
            </Text>
          ))}
        </Alert>
      )}
    </Card>
  );
}

/** Money, customer and addresses: the right-hand column of the order page. */
export function OrderSummary({ order }: { order: Order }) {
  const customer = order.customer;
  return (
    <Stack gap="md">
      <OrderMoney order={order} />
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="sm">
          Customer
        </Title>
        <Text size="sm" fw={600} data-testid="order-customer">
          {customerLabel(customer)}
        </Text>
        {customer && str(customer.email) && <Text size="sm">{String(customer.email)}</Text>}
        {customer && str(customer.phone) && <Text size="sm">{String(customer.phone)}</Text>}
        {order.customer_id && (
          <AnchorLink to="/customers/$customerId" params={{ customerId: order.customer_id }} size="sm" data-testid="order-customer-link">
            View customer
          </AnchorLink>
        )}
        <Text size="sm" fw={600} mt="sm">
          Ships to
        </Text>
        <Address address={order.shipping_address} testId="order-shipping-address" />
        {order.billing_address && (
          <>
            <Text size="sm" fw={600} mt="sm">
              Bills to
            </Text>
            <Address address={order.billing_address} testId="order-billing-address" />
          </>
        )}
      </Card>
    </Stack>
  );
}
