import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { api, call, isProblem } from '../../api/client';
import type { MessageSummary } from '../../api/types';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { FilterInput } from '../../ui/FilterInput';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge } from '../../ui/StatusBadge';
import { MessageDrawer } from './MessageDrawer';
import { messageStatuses, templateLabel, templateNames, type MessagesSearch } from './messages-search';
import { MessagesTabs } from './MessagesTabs';

const route = getRouteApi('/app/messages');

/** The API's complaint about one filter (400 naming `query.<name>`), shown under that filter. */
const filterError = (error: unknown, name: string): string | undefined => (isProblem(error) ? error.errors.find((e) => e.field === `query.${name}` || e.field === name)?.message : undefined);

function columns(open: (id: string) => void): Column<MessageSummary>[] {
  return [
    {
      header: 'Created · sent',
      render: (m) => (
        <Stack gap={0}>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            <DateTime value={m.created_at} />
          </Text>
          {m.sent_at && (
            <Text size="xs" c="dark.3" style={{ whiteSpace: 'nowrap' }}>
              sent <DateTime value={m.sent_at} />
            </Text>
          )}
        </Stack>
      ),
    },
    { header: 'Status', render: (m) => <StatusBadge status={m.status} />, nowrap: true },
    {
      header: 'Message',
      render: (m) => (
        <Button variant="subtle" size="compact-sm" px={0} onClick={() => open(m.id)} aria-label={`Open ${templateLabel(m.template)} to ${m.recipient}`} data-testid="message-open" style={{ height: 'auto' }}>
          <Text size="sm" ta="left" style={{ whiteSpace: 'normal' }}>
            {templateLabel(m.template)}
          </Text>
        </Button>
      ),
    },
    { header: 'Channel', render: (m) => (m.channel === 'sms' ? 'SMS' : 'E-mail'), hiddenBelow: 'lg' },
    { header: 'Recipient', render: (m) => <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{m.recipient}</Text> },
    {
      header: 'Order',
      render: (m) =>
        m.order_id ? (
          <AnchorLink to="/orders/$orderId" params={{ orderId: m.order_id }} size="sm" data-testid="message-order-link">
            {m.order_id.slice(0, 12)}…
          </AnchorLink>
        ) : (
          '—'
        ),
      hiddenBelow: 'md',
    },
    { header: 'Last error', render: (m) => (m.last_error ? <Text size="xs" lineClamp={2} title={m.last_error}>{m.last_error}</Text> : '—'), hiddenBelow: 'md' },
  ];
}

/**
 * What customers were told (GET /v1/notifications, ADR 0033): each message with how it went,
 * filtered by status, template, channel, order and recipient (in the URL); one opens in a drawer
 * (?message=ntf_…) with its parts.
 */
export function MessagesPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const setSearch = (next: Partial<MessagesSearch>) => void navigate({ search: (s) => ({ ...s, ...next }), replace: true });
  const { status, template, channel, order, recipient } = search;
  const filtered = !!(status || template || channel || order || recipient);
  const list = useCursorList(['notifications', status, template, channel, order, recipient], (cursor) =>
    call(
      api.GET('/v1/notifications', {
        params: {
          query: {
            limit: 50,
            ...(status ? { status } : {}),
            ...(template ? { template } : {}),
            ...(channel ? { channel } : {}),
            ...(order ? { order_id: order } : {}),
            ...(recipient ? { recipient } : {}),
            ...(cursor ? { cursor } : {}),
          },
        },
      }),
    ),
  );
  return (
    <>
      <PageHeader title="Messages" subtitle="What your customers were told: order confirmations, shipping and return updates, by e-mail or text." />
      <MessagesTabs />
      <Group gap="sm" align="flex-end" mb="md" wrap="wrap">
        <Select label="Status" placeholder="Any" data={[...messageStatuses]} value={status ?? null} onChange={(v) => setSearch({ status: (v as MessagesSearch['status']) ?? undefined })} clearable w={150} data-testid="messages-status" />
        <Select
          label="Template"
          placeholder="Any"
          data={templateNames.map((t) => ({ value: t, label: templateLabel(t) }))}
          value={template ?? null}
          onChange={(v) => setSearch({ template: (v as MessagesSearch['template']) ?? undefined })}
          clearable
          searchable
          w={200}
          data-testid="messages-template"
        />
        <Select
          label="Channel"
          placeholder="Any"
          data={[
            { value: 'email', label: 'E-mail' },
            { value: 'sms', label: 'SMS' },
          ]}
          value={channel ?? null}
          onChange={(v) => setSearch({ channel: (v as MessagesSearch['channel']) ?? undefined })}
          clearable
          w={120}
          data-testid="messages-channel"
        />
        <FilterInput key={`order:${order ?? ''}`} label="Order id" placeholder="ord_…" value={order} onCommit={(v) => setSearch({ order: v })} error={filterError(list.error, 'order_id')} w={210} data-testid="messages-order" />
        <FilterInput key={`recipient:${recipient ?? ''}`} label="Recipient" placeholder="The whole address" value={recipient} onCommit={(v) => setSearch({ recipient: v })} error={filterError(list.error, 'recipient')} w={220} data-testid="messages-recipient" />
      </Group>
      <CursorTable
        list={list}
        columns={columns((id) => setSearch({ message: id }))}
        rowKey={(m) => m.id}
        caption="Messages to customers"
        testId="messages-table"
        empty={
          <EmptyState title={filtered ? 'No message matches' : 'No messages yet'} testId="messages-empty">
            {filtered ? 'Change or clear the filters.' : 'Each order event a template is written for (confirmed, shipped, cancelled…) becomes a message here.'}
          </EmptyState>
        }
      />
      <MessageDrawer id={search.message} onClose={() => setSearch({ message: undefined })} />
    </>
  );
}
