import { Anchor, Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, call } from '../../api/client';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink } from '../../ui/links';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { channelQueries, type Channel } from './channel-queries';
import type { paths } from '../../api/schema';

type Push = paths['/v1/channels/{id}/pushes']['get']['responses'][200]['content']['application/json']['data'][number];
type X12Document = paths['/v1/channels/{id}/x12/documents']['get']['responses'][200]['content']['application/json']['data'][number];

const orderLink = (orderId: string | null) =>
  orderId ? (
    <AnchorLink to="/orders/$orderId" params={{ orderId }} size="sm" data-testid="order-link">
      {orderId}
    </AnchorLink>
  ) : (
    '—'
  );

const pushColumns: Column<Push>[] = [
  { header: 'Created', render: (p) => <DateTime value={p.created_at} /> },
  { header: 'What', render: (p) => p.kind.replaceAll('_', ' ') },
  { header: 'Order', render: (p) => orderLink(p.order_id) },
  { header: 'Platform order', render: (p) => p.external_order_id, hiddenBelow: 'lg' },
  { header: 'Status', render: (p) => <StatusBadge status={p.status} />, nowrap: true },
  { header: 'Attempts', render: (p) => p.attempts, align: 'right' },
  { header: 'Last answer', render: (p) => [p.last_status_code, p.last_error].filter((v) => v !== null).join(' · ') || '—' },
  { header: 'Next try', render: (p) => <DateTime value={p.next_attempt_at} />, hiddenBelow: 'lg' },
];

/** GET /v1/channels/{id}/pushes: what was sent back to the platform (fulfillments, confirmations, refunds) or is left to do there by hand, filtered by status. */
export function ChannelPushes({ channel }: { channel: Channel }) {
  const [status, setStatus] = useState<'all' | 'pending' | 'succeeded' | 'failed' | 'manual_action_required'>('all');
  const list = useCursorList(['channel', channel.id, 'pushes', status], (cursor) =>
    call(api.GET('/v1/channels/{id}/pushes', { params: { path: { id: channel.id }, query: { limit: 50, ...(status !== 'all' ? { status } : {}), ...(cursor ? { cursor } : {}) } } })),
  );
  return (
    <Stack gap="sm">
      <SegmentedControl
        w="fit-content"
        value={status}
        onChange={(v) => setStatus(v as typeof status)}
        data={['all', 'pending', 'succeeded', 'failed', 'manual_action_required'].map((s) => ({ value: s, label: s === 'manual_action_required' ? 'manual action' : s }))}
        aria-label="Status"
        data-testid="pushes-status"
      />
      <CursorTable list={list} columns={pushColumns} rowKey={(p) => p.id} caption="Updates sent to the platform" testId="pushes-table" empty={<EmptyState title="Nothing sent yet">Shipments and refunds of this channel’s orders are sent back to the platform and listed here with its answer; refunds the OMS cannot send are listed as manual action.</EmptyState>} />
    </Stack>
  );
}

const Fact = ({ label, children, testId }: { label: string; children: ReactNode; testId: string }) => (
  <Stack gap={0}>
    <Text size="xs" c="dark.3">
      {label}
    </Text>
    <Text size="sm" data-testid={testId}>
      {children}
    </Text>
  </Stack>
);

/** GET /v1/channels/{id}/poll and POST …/poll: where polling the marketplace stands, and poll now (optionally from an earlier instant). */
export function ChannelPolling({ channel, canPoll }: { channel: Channel; canPoll: boolean }) {
  const queryClient = useQueryClient();
  const poll = useQuery(channelQueries.poll(channel.id));
  const [since, setSince] = useState('');
  const mutation = useMutation({
    mutationFn: () => call(api.POST('/v1/channels/{id}/poll', { params: { path: { id: channel.id } }, body: since ? { since: new Date(since).toISOString() } : {} })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Poll requested', message: 'The next run of the polling job (within a minute) polls this channel.' });
      await queryClient.invalidateQueries({ queryKey: ['channel', channel.id, 'poll'] });
    },
  });
  const p = poll.data;
  return (
    <Card withBorder padding="md" data-testid="channel-polling">
      <Stack gap="sm">
        <ProblemAlert error={poll.error ?? mutation.error} testId="polling-problem" />
        {p && (
          <SimpleGrid cols={{ base: 2, md: 3 }}>
            <Fact label="Polling" testId="poll-polling">
              {p.polling ? 'on' : 'off (turn on “Poll for new orders” in Settings)'}
            </Fact>
            <Fact label="Last polled" testId="poll-last">
              <DateTime value={p.last_polled_at} />
            </Fact>
            <Fact label="Next poll" testId="poll-next">
              <DateTime value={p.next_poll_at} />
            </Fact>
            <Fact label="Orders changed since" testId="poll-cursor">
              <DateTime value={p.cursor} />
            </Fact>
            <Fact label="Failures in a row" testId="poll-failures">
              {p.consecutive_failures}
            </Fact>
            <Fact label="Last import" testId="poll-import">
              {p.last_import_id ?? '—'}
            </Fact>
          </SimpleGrid>
        )}
        {p?.last_error && (
          <Text c="red.8" size="sm" role="alert" data-testid="poll-error">
            {p.last_error}
          </Text>
        )}
        {canPoll && (
          <Group align="flex-end" gap="sm">
            <TextInput type="datetime-local" label="Read again from (optional)" value={since} onChange={(e) => setSince(e.currentTarget.value)} data-testid="poll-since" />
            <Button onClick={() => mutation.mutate()} loading={mutation.isPending} data-testid="poll-now">
              Poll now
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

const x12Columns: Column<X12Document>[] = [
  { header: 'Received / sent', render: (d) => <DateTime value={d.created_at} /> },
  { header: 'Direction', render: (d) => d.direction },
  { header: 'Type', render: (d) => d.type },
  { header: 'PO number', render: (d) => d.po_number ?? '—' },
  { header: 'Order', render: (d) => orderLink(d.order_id) },
  { header: 'Control #', render: (d) => d.control_number, hiddenBelow: 'lg' },
  { header: 'Acknowledged', render: (d) => <DateTime value={d.acknowledged_at} />, hiddenBelow: 'lg' },
  {
    header: 'Document',
    render: (d) => (
      <Anchor href={d.url} target="_blank" rel="noopener" size="sm" data-testid="x12-raw">
        Raw
      </Anchor>
    ),
  },
];

/** GET /v1/channels/{id}/x12/documents: interchanges received and 997/855/856/810 sent. */
export function X12Documents({ channel }: { channel: Channel }) {
  const [direction, setDirection] = useState<'all' | 'inbound' | 'outbound'>('all');
  const list = useCursorList(['channel', channel.id, 'x12', direction], (cursor) =>
    call(api.GET('/v1/channels/{id}/x12/documents', { params: { path: { id: channel.id }, query: { limit: 50, ...(direction !== 'all' ? { direction } : {}), ...(cursor ? { cursor } : {}) } } })),
  );
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        X12 documents
      </Title>
      <SegmentedControl w="fit-content" value={direction} onChange={(v) => setDirection(v as typeof direction)} data={['all', 'inbound', 'outbound']} aria-label="Direction" data-testid="x12-direction" />
      <CursorTable list={list} columns={x12Columns} rowKey={(d) => d.id} caption="X12 documents" testId="x12-table" empty={<EmptyState title="No documents yet">Interchanges from the partner and our acknowledgements appear here.</EmptyState>} />
    </Stack>
  );
}
