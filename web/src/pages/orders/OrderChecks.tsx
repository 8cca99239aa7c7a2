import { Alert, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Order } from '../../api/types';
import { Address } from './OrderSummary';

type Checks = NonNullable<Order['address_checks']>;
type Standardized = NonNullable<Checks['standardized']['shipping_address']>;

const addressFields = ['name', 'company', 'line1', 'line2', 'city', 'region', 'postal_code', 'country', 'phone'] as const;
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The standardised address, only when writing it the standard way changed something the channel sent. */
function differs(sent: Record<string, unknown> | null, standard: Standardized | null): standard is Standardized {
  if (!sent || !standard) return false;
  return addressFields.some((f) => text(sent[f]) !== text(standard[f]));
}

function StandardAddress({ label, address, testId }: { label: string; address: Standardized; testId: string }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Address address={address} testId={testId} />
    </div>
  );
}

const severityColor = (severity: string) => (severity === 'error' ? 'red' : 'yellow');
const signalLabel: Record<string, string> = { price_far_below_catalogue: 'Price far below catalogue', price_far_above_catalogue: 'Price far above catalogue', zero_total: 'Zero total' };

/**
 * What capture found about the order (ADR 0027): address findings, the standard way of writing the
 * addresses, whether someone must review the address (an address review hold is then on the
 * order), and price signals. Nothing at all when there is nothing to say.
 */
export function OrderChecks({ order }: { order: Order }) {
  const checks = order.address_checks;
  const findings = checks?.findings ?? [];
  const shipping = checks?.standardized.shipping_address ?? null;
  const billing = checks?.standardized.billing_address ?? null;
  const showShipping = differs(order.shipping_address, shipping);
  const showBilling = differs(order.billing_address, billing);
  // The reason usually restates an error finding listed below: said once is enough.
  const reason = checks?.review_reason && !findings.some((f) => f.severity === 'error' && checks.review_reason?.includes(f.message)) ? checks.review_reason : null;
  const reviewHeld = order.holds.some((h) => h.type === 'address_review');
  const hasAddressNews = !!checks && (checks.needs_review || findings.length > 0 || showShipping || showBilling);
  if (!hasAddressNews && order.signals.length === 0) return null;
  return (
    <Card withBorder padding="md" data-testid="order-checks">
      <Title order={2} size="h4" mb="sm">
        Checks at capture
      </Title>
      <Stack gap="sm">
        {checks?.needs_review ? (
          <Alert color="red" title="Needs address review" data-testid="order-address-review">
            {reason && <Text size="sm">{reason}</Text>}
            <Text size="sm" mt={reason ? 4 : 0}>
              {reviewHeld
                ? 'The address cannot be shipped to as it is, so an address review hold keeps the order back (see Holds). Check the address with the customer, then release that hold: releasing it is how the review ends.'
                : 'The address cannot be shipped to as it is. Check it with the customer.'}
            </Text>
          </Alert>
        ) : (
          checks?.review_reason && (
            // The API says an address needs review while its hold is active; once released, the review has ended.
            <Alert color="gray" title="Address review ended" data-testid="order-address-review">
              <Text size="sm">The address review hold was released: the review has ended.</Text>
            </Alert>
          )
        )}
        {findings.length > 0 && (
          <Stack gap={6} data-testid="order-address-findings">
            {findings.map((f) => (
              <Group key={`${f.code}:${f.field}`} gap="xs" align="flex-start" wrap="nowrap" data-testid="order-address-finding" data-code={f.code} data-severity={f.severity}>
                <Badge color={severityColor(f.severity)} variant="light" style={{ flexShrink: 0 }}>
                  {f.severity === 'error' ? 'Error' : 'Warning'}
                </Badge>
                <div>
                  <Text size="sm">{f.message}</Text>
                  <Text size="xs" ff="monospace">
                    {f.field}
                  </Text>
                </div>
              </Group>
            ))}
          </Stack>
        )}
        {showShipping && <StandardAddress label="Ships to, written the standard way" address={shipping} testId="order-standard-shipping" />}
        {showBilling && <StandardAddress label="Bills to, written the standard way" address={billing} testId="order-standard-billing" />}
        {checks?.verification && (
          <Text size="sm" data-testid="order-address-verification">
            Verified by {checks.verification.provider}: {checks.verification.verdict}
            {checks.verification.codes.length > 0 ? ` (${checks.verification.codes.join(', ')})` : ''}
          </Text>
        )}
        {order.signals.length > 0 && (
          <div data-testid="order-signals">
            <Text size="sm" fw={600}>
              Signals
            </Text>
            <Text size="xs" mb={4}>
              For review and fraud screening; the order was taken as it is.
            </Text>
            <Stack gap={6}>
              {order.signals.map((s) => (
                <Stack key={`${s.code}:${s.field}`} gap={2} align="flex-start" data-testid="order-signal" data-code={s.code}>
                  <Badge color="orange" variant="light">
                    {signalLabel[s.code] ?? s.code}
                  </Badge>
                  <Text size="sm">{s.message}</Text>
                </Stack>
              ))}
            </Stack>
          </div>
        )}
      </Stack>
    </Card>
  );
}
