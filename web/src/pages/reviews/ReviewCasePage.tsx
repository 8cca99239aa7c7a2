import { Alert, Badge, Button, Card, Center, Grid, Group, List, Loader, Modal, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import type { ReviewCaseDetail } from '../../api/types';
import { can } from '../../auth/permissions';
import { sessionQuery } from '../../auth/session';
import { DateTime } from '../../ui/DateTime';
import { ErrorView } from '../../ui/ErrorView';
import { LabelledRow as Row } from '../../ui/LabelledRow';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { PageHeader } from '../../ui/PageHeader';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { ageLabel, caseKindLabel } from './reviews-search';

const route = getRouteApi('/app/reviews/$caseId');
export const reviewKey = (id: string) => ['reviews', id] as const;

/** POST /v1/reviews/{id}/close: approve (release the hold) or reject (cancel the order), always with a reason. */
function CloseDialog({ c, opened, onClose }: { c: ReviewCaseDetail; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<{ resolution: 'approved' | 'rejected'; reason: string }>({
    mode: 'controlled',
    initialValues: { resolution: 'approved', reason: '' },
    validate: { reason: (v) => (v.trim() ? null : 'Say why: it goes on the order’s timeline') },
  });
  const mutation = useMutation({
    mutationFn: (v: { resolution: 'approved' | 'rejected'; reason: string }) => call(api.POST('/v1/reviews/{id}/close', { params: { path: { id: c.id } }, body: { resolution: v.resolution, reason: v.reason.trim() } })),
    onSuccess: async (_, v) => {
      notifications.show({ color: 'green', title: v.resolution === 'approved' ? 'Approved' : 'Rejected', message: v.resolution === 'approved' ? 'The hold is released.' : 'The order is cancelled and its stock released.' });
      await queryClient.invalidateQueries({ queryKey: ['reviews'] });
      onClose();
    },
    onError: (error) => showOnForm(form, error),
  });
  const rejecting = form.values.resolution === 'rejected';
  return (
    <Modal opened={opened} onClose={onClose} title="Decide the case" data-testid="review-close-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="review-close-problem" />
          <SegmentedControl data={[{ value: 'approved', label: 'Approve' }, { value: 'rejected', label: 'Reject' }]} {...form.getInputProps('resolution')} data-testid="review-resolution" />
          <Text size="sm">{rejecting ? 'Rejecting cancels the order, releases its stock and ends its other holds.' : 'Approving releases this hold; when it is the last, the order goes to fulfillment.'}</Text>
          <Textarea label="Reason" required autosize minRows={2} maxLength={1000} {...form.getInputProps('reason')} data-testid="review-reason" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Not now
            </Button>
            <Button type="submit" color={rejecting ? 'red' : 'green'} loading={mutation.isPending} data-testid="review-close-submit">
              {rejecting ? 'Reject and cancel the order' : 'Approve'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Decision({ c, userId, canWork }: { c: ReviewCaseDetail; userId: string | undefined; canWork: boolean }) {
  const queryClient = useQueryClient();
  const [closing, closeDialog] = useDisclosure(false);
  const assign = useMutation({
    mutationFn: (assignee: string | null) => call(api.POST('/v1/reviews/{id}/assign', { params: { path: { id: c.id } }, body: { assignee } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reviews'] }),
  });
  return (
    <Card withBorder padding="md" data-testid="review-decision">
      <Title order={2} size="h4" mb="sm">
        Case
      </Title>
      <Stack gap={6}>
        <Row label="Status">{c.status === 'open' ? <Badge color="orange" variant="light">Open · {ageLabel(c.age_seconds)}</Badge> : <Badge variant="light" data-testid="review-resolution-badge">{c.resolution}</Badge>}</Row>
        <Row label="Opened">
          <DateTime value={c.opened_at} />
        </Row>
        <Row label="Score">{c.score ?? '—'}</Row>
        <Row label="Assignee">
          <span data-testid="review-assignee">{c.assignee_label ?? 'Unassigned'}</span>
        </Row>
        {c.status === 'closed' && (
          <Row label="Reason">
            <span data-testid="review-closed-reason">{c.reason}</span> — {c.closed_by_label}
          </Row>
        )}
      </Stack>
      {assign.error && <ProblemAlert error={assign.error} testId="review-assign-problem" />}
      {canWork && c.status === 'open' && (
        <Group mt="md" gap="sm">
          {userId && c.assignee !== userId && (
            <Button size="xs" variant="light" loading={assign.isPending} onClick={() => assign.mutate(userId)} data-testid="review-assign-me">
              Assign to me
            </Button>
          )}
          {c.assignee && (
            <Button size="xs" variant="default" loading={assign.isPending} onClick={() => assign.mutate(null)} data-testid="review-unassign">
              Unassign
            </Button>
          )}
          <Button size="xs" onClick={closeDialog.open} data-testid="review-decide">
            Approve or reject…
          </Button>
        </Group>
      )}
      {canWork && c.status === 'open' && <CloseDialog c={c} opened={closing} onClose={closeDialog.close} />}
    </Card>
  );
}

/** GET /v1/reviews/{id}: what a reviewer decides from — the signals as sentences, the order, the orders linked to it. */
export function ReviewCasePage() {
  const { caseId } = route.useParams();
  const { data: session } = useSuspenseQuery(sessionQuery);
  const query = useQuery({ queryKey: reviewKey(caseId), queryFn: () => call(api.GET('/v1/reviews/{id}', { params: { path: { id: caseId } } })) });
  if (query.error) return <ErrorView error={query.error} reset={() => void query.refetch()} />;
  if (!query.data) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the case" />
      </Center>
    );
  }
  const c = query.data;
  const o = c.order;
  return (
    <>
      <PageHeader title={caseKindLabel(c.kind)} subtitle={<Text span size="sm">Order <AnchorLink to="/orders/$orderId" params={{ orderId: o.id }} data-testid="review-order-link">{o.channel_order_name ?? `#${o.number}`}</AnchorLink> · <Money amount={c.order_total} currency={c.currency} /> · ships to {c.shipping_country ?? '—'}</Text>} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Card withBorder padding="md">
              <Title order={2} size="h4" mb="sm">
                Why it is held
              </Title>
              <List size="sm" data-testid="review-sentences">
                {c.sentences.map((s) => (
                  <List.Item key={s}>{s}</List.Item>
                ))}
              </List>
              {c.rules.length > 0 && <Text size="xs" mt="sm">Rules: {c.rules.join(', ')}</Text>}
            </Card>
            <Card withBorder padding="md">
              <Title order={2} size="h4" mb="sm">
                Order
              </Title>
              <Stack gap={6}>
                <Row label="Status"><StatusBadge status={o.status} /></Row>
                <Row label="Customer">{[o.customer?.name, o.customer?.email].filter(Boolean).join(' · ') || '—'}</Row>
                <Row label="Ship to">{o.shipping_address ? [o.shipping_address.line1, o.shipping_address.city, o.shipping_address.postal_code, o.shipping_address.country].filter(Boolean).join(', ') : '—'}</Row>
                <Row label="Lines">{o.lines.filter((l) => !l.parent_line_id).map((l) => `${l.quantity} × ${l.sku}`).join(', ')}</Row>
              </Stack>
            </Card>
            <Card withBorder padding="md" data-testid="review-linked">
              <Title order={2} size="h4" mb="sm">
                Linked orders
              </Title>
              {c.linked_orders.length === 0 ? (
                <Text size="sm">No other order shares this e-mail, phone, address or customer.</Text>
              ) : (
                <Stack gap={4}>
                  {c.linked_orders.map((l) => (
                    <Group key={l.id} justify="space-between" data-testid="review-linked-order">
                      <AnchorLink to="/orders/$orderId" params={{ orderId: l.id }}>#{l.number}</AnchorLink>
                      <Text size="sm">shares {l.shared.join(', ')}</Text>
                      <StatusBadge status={l.status} />
                      <Money amount={l.total} currency={l.currency} />
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          {c.status === 'closed' && c.resolution === 'cancelled' && <Alert mb="md">The order was cancelled while the case was open.</Alert>}
          <Decision c={c} userId={session?.user.id} canWork={!!session && can(session.user.role, 'reviews:work')} />
        </Grid.Col>
      </Grid>
    </>
  );
}
