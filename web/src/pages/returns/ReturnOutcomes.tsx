import { Badge, Button, Card, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, call } from '../../api/client';
import { newKey } from '../../api/idempotency';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DateTime } from '../../ui/DateTime';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { orderQueries } from '../orders/order-queries';
import { ExchangeDialog } from './ExchangeDialog';
import { useOutcomeOverride } from './OutcomeOverride';
import type { RefundPreview, Return, ReturnExchange } from './return-api';

/**
 * Close an inspected return with store credit instead of a card refund (ADR 0022): exactly the
 * previewed amount, to the order's customer e-mail, after a confirmation.
 */
export function StoreCreditAction({ ret, preview }: { ret: Return; preview: RefundPreview | undefined }) {
  const queryClient = useQueryClient();
  const [opened, dialog] = useDisclosure(false);
  const idempotencyKey = useRef(newKey());
  const override = useOutcomeOverride('store-credit');
  const credit = useMutation({
    mutationFn: (body: { override_note?: string }) => call(api.POST('/v1/returns/{id}/store-credit', { params: { path: { id: ret.id }, header: { 'idempotency-key': idempotencyKey.current } }, body })),
    onSuccess: async (answer) => {
      idempotencyKey.current = newKey();
      dialog.close();
      notifications.show({ color: 'green', title: 'Store credit issued', message: `${answer.refund?.amount ?? ''} ${answer.currency} to the customer.` });
      await queryClient.invalidateQueries({ queryKey: ['returns'] });
      await queryClient.invalidateQueries({ queryKey: ['order', ret.order_id] });
    },
    onError: (e) => {
      // A refusal is a new request once corrected: a fresh key, or the replay would answer the refusal.
      idempotencyKey.current = newKey();
      override.onRefusal(e);
    },
  });
  const confirm = () => {
    const body = override.body();
    if (body) credit.mutate(body);
  };
  return (
    <>
      <Button variant="light" disabled={!preview} onClick={dialog.open} data-testid="store-credit-open">
        Close with store credit…
      </Button>
      <ConfirmDialog opened={opened} onClose={dialog.close} title="Close with store credit" confirmLabel={override.asked ? 'Issue store credit anyway' : 'Issue store credit'} onConfirm={confirm} pending={credit.isPending} error={credit.error} testId="store-credit">
        {preview && (
          <>
            The customer gets <Money amount={preview.amount} currency={preview.currency} fw={700} data-testid="store-credit-amount" /> of store credit under the order’s e-mail instead of a refund; the return closes.
          </>
        )}
        {override.field}
      </ConfirmDialog>
    </>
  );
}

/** The Exchange button and its dialog: once inspected, or instantly before the parcel is back. */
export function ExchangeAction({ ret }: { ret: Return }) {
  const [opened, dialog] = useDisclosure(false);
  return (
    <>
      <Button variant="light" onClick={dialog.open} data-testid="exchange-open">
        Exchange…
      </Button>
      {/* Mounted only while open: the form starts from the return as it is now. */}
      {opened && <ExchangeDialog ret={ret} opened onClose={dialog.close} />}
    </>
  );
}

/** A made exchange: the replacement order, what the returned units were worth, the difference, and whether an instant one is overdue. */
export function ExchangeCard({ exchange }: { exchange: ReturnExchange }) {
  const replacement = useQuery(orderQueries.order(exchange.replacement_order_id));
  const difference = Number(exchange.difference);
  return (
    <Card withBorder padding="md" data-testid="return-exchange">
      <Title order={2} size="h4" mb="sm">
        Exchange
      </Title>
      <Stack gap={4}>
        <Text size="sm">
          Replacement order{' '}
          <AnchorLink to="/orders/$orderId" params={{ orderId: exchange.replacement_order_id }} data-testid="exchange-order-link">
            {replacement.data?.number ?? exchange.replacement_order_id}
          </AnchorLink>
          {exchange.instant && ' (instant)'}
        </Text>
        <Text size="sm">
          Returned units worth <Money amount={exchange.credit} currency={exchange.currency} />, replacement <Money amount={exchange.replacement_total} currency={exchange.currency} />
        </Text>
        <Text size="sm" data-testid="exchange-difference">
          {difference > 0 ? 'Owed on the replacement order: ' : difference < 0 ? `Given back (${exchange.difference_to === 'store_credit' ? 'store credit' : 'original payment'}): ` : 'Difference: '}
          <Money amount={exchange.difference.replace(/^-/, '')} currency={exchange.currency} />
        </Text>
        {exchange.due_at && (
          <Text size="sm">
            Parcel due back by <DateTime value={exchange.due_at} />
          </Text>
        )}
        {exchange.overdue && (
          <Badge color="red" variant="light" w="fit-content" data-testid="exchange-overdue">
            Overdue{exchange.overdue_at ? ' since ' : ''}
            {exchange.overdue_at && <DateTime value={exchange.overdue_at} />}
          </Badge>
        )}
      </Stack>
    </Card>
  );
}
