import { Alert, Button, Card, Group, Modal, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { Order } from '../../api/types';
import { DateTime } from '../../ui/DateTime';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { holdTypes, isHoldable, type HoldType } from '../../../../src/modules/orders/domain/holds';
import { holdTypeLabel } from './order-labels';
import { orderKey } from './order-queries';
import { OrderReviewCases } from './OrderReviewCases';

type Hold = Order['holds'][number];

/** DELETE /v1/orders/{id}/holds/{hold_id}: always with a note (it is the reason of order.released on the timeline). */
function ReleaseDialog({ hold, last, opened, onClose }: { hold: Hold; last: boolean; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm({ mode: 'uncontrolled', initialValues: { note: '' }, validate: { note: (v) => (v.trim() ? null : 'Say why the hold is released: it goes on the order’s timeline') } });
  const mutation = useMutation({
    mutationFn: (v: { note: string }) => call(api.DELETE('/v1/orders/{id}/holds/{hold_id}', { params: { path: { id: hold.order_id, hold_id: hold.id } }, body: { note: v.note.trim() } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Hold released', message: last ? 'No hold is left: the order goes to fulfillment by your release policy.' : 'Other holds still keep the order back.' });
      await queryClient.invalidateQueries({ queryKey: orderKey(hold.order_id) });
      form.reset();
      onClose();
    },
    onError: (error) => showOnForm(form, error),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Release the ${holdTypeLabel(hold.type).toLowerCase()} hold`} data-testid="release-hold-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="release-hold-problem" />
          <Text size="sm">{last ? 'This is the order’s last hold: releasing it sends its fulfillment orders to their locations.' : 'The order has other holds: it stays held until they are released too.'}</Text>
          <Textarea label="Release note" required autosize minRows={2} maxLength={500} key={form.key('note')} {...form.getInputProps('note')} data-testid="release-hold-note" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Keep the hold
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="release-hold-submit">
              Release hold
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** POST /v1/orders/{id}/holds: staff place a manual hold, or one of the automatic types, with a reason. */
function PlaceHoldDialog({ order, opened, onClose }: { order: Order; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<{ type: HoldType; reason: string }>({
    mode: 'controlled',
    initialValues: { type: 'manual', reason: '' },
    validate: { reason: (v) => (v.trim() ? null : 'Say why the order is held: it goes on the order’s timeline') },
  });
  const mutation = useMutation({
    mutationFn: (v: { type: HoldType; reason: string }) => call(api.POST('/v1/orders/{id}/holds', { params: { path: { id: order.id } }, body: { type: v.type, reason: v.reason.trim() } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Order held', message: 'Its fulfillment orders wait until the last hold is released.' });
      await queryClient.invalidateQueries({ queryKey: orderKey(order.id) });
      form.reset();
      onClose();
    },
    onError: (error) => showOnForm(form, error),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Place a hold" data-testid="place-hold-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="place-hold-problem" />
          <Select label="Type" data={holdTypes.map((h) => ({ value: h, label: holdTypeLabel(h) }))} allowDeselect={false} {...form.getInputProps('type')} data-testid="place-hold-type" />
          <Textarea label="Reason" required autosize minRows={2} maxLength={500} {...form.getInputProps('reason')} data-testid="place-hold-reason" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" color="red" loading={mutation.isPending} data-testid="place-hold-submit">
              Hold the order
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function HoldRow({ hold, last, canManage }: { hold: Hold; last: boolean; canManage: boolean }) {
  const [releasing, release] = useDisclosure(false);
  return (
    <div data-testid="order-hold">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text size="sm" fw={600} data-testid="order-hold-type">
            {holdTypeLabel(hold.type)}
            {hold.queue ? ` · ${hold.queue}` : ''}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="order-hold-reason">
            {hold.reason}
          </Text>
          <Text size="xs">
            {hold.placed_by_label} · <DateTime value={hold.placed_at} />
          </Text>
        </div>
        {canManage && (
          <Button size="xs" variant="light" onClick={release.open} style={{ flexShrink: 0 }} data-testid="order-hold-release">
            Release…
          </Button>
        )}
      </Group>
      {canManage && <ReleaseDialog hold={hold} last={last} opened={releasing} onClose={release.close} />}
    </div>
  );
}

/** The order's active holds (ADR 0025): while any is on, none of its fulfillment orders goes to a location. */
/**
 * Across the top of a held order's page: why it is held, at any width (below 1200 px the Holds card
 * falls under the timeline, out of sight).
 */
export function OrderHeldNotice({ order }: { order: Order }) {
  if (order.holds.length === 0) return null;
  return (
    <Alert color="red" title={order.holds.length === 1 ? 'Held: nothing goes to a location until the hold is released' : `Held ${order.holds.length} times: nothing goes to a location until every hold is released`} mb="md" data-testid="order-held-notice">
      <Stack gap={4}>
        {order.holds.map((h) => (
          <Text key={h.id} size="sm">
            <Text span fw={600} size="sm">
              {holdTypeLabel(h.type)}
            </Text>
            : {h.reason}
          </Text>
        ))}
        <Text size="sm" c="dimmed">
          Release a hold in the Holds card.
        </Text>
      </Stack>
    </Alert>
  );
}

export function OrderHolds({ order, canManage, canReview = false }: { order: Order; canManage: boolean; canReview?: boolean }) {
  const [placing, place] = useDisclosure(false);
  const canPlace = canManage && isHoldable(order.status);
  return (
    <Card withBorder padding="md" data-testid="order-holds">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Holds
        </Title>
        {canPlace && (
          <Button size="xs" variant="outline" color="red" onClick={place.open} data-testid="order-place-hold">
            Place hold…
          </Button>
        )}
      </Group>
      <Stack gap="sm">
        {order.holds.length === 0 ? (
          <Text size="sm" data-testid="order-not-held">
            Not held: fulfillment follows the release policy.
          </Text>
        ) : (
          order.holds.map((h) => <HoldRow key={h.id} hold={h} last={order.holds.length === 1} canManage={canManage} />)
        )}
        {canReview && order.holds.length > 0 && <OrderReviewCases orderId={order.id} holdCount={order.holds.length} />}
      </Stack>
      {canPlace && <PlaceHoldDialog key={order.version} order={order} opened={placing} onClose={place.close} />}
    </Card>
  );
}
