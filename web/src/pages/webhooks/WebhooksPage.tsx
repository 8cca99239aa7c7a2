import { Badge, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { useCan } from '../../auth/use-can';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge } from '../../ui/StatusBadge';
import { DeliveryDrawer } from './DeliveryDrawer';
import { EndpointActions } from './EndpointActions';
import { EndpointDialog } from './EndpointDialog';
import type { Delivery, Endpoint } from './webhook-queries';
import type { WebhooksSearch } from './webhooks-search';

const route = getRouteApi('/app/webhooks');

function endpointColumns(canWrite: boolean): Column<Endpoint>[] {
  return [
    {
      header: 'URL',
      render: (e) => (
        <Stack gap={0}>
          <Text size="sm" fw={600} style={{ wordBreak: 'break-all' }} data-testid="endpoint-url-text">
            {e.url}
          </Text>
          {e.description && (
            <Text size="xs" c="dark.3">
              {e.description}
            </Text>
          )}
        </Stack>
      ),
    },
    { header: 'Events', render: (e) => e.events.join(', ') },
    {
      header: 'Status',
      render: (e) => (
        <Stack gap={2}>
          <Badge color={e.enabled ? (e.consecutive_failures > 0 ? 'orange' : 'green') : 'red'} variant="light" radius="sm" data-testid="endpoint-status">
            {e.enabled ? (e.consecutive_failures > 0 ? `failing (${e.consecutive_failures})` : 'enabled') : 'disabled'}
          </Badge>
          {e.disabled_reason && <Text size="xs">{e.disabled_reason}</Text>}
          {e.failing_since && (
            <Text size="xs">
              failing since <DateTime value={e.failing_since} />
            </Text>
          )}
        </Stack>
      ),
    },
    { header: 'Created', render: (e) => <DateTime value={e.created_at} />, hiddenBelow: 'lg' },
    ...(canWrite ? [{ header: 'Actions', render: (e: Endpoint) => <EndpointActions endpoint={e} />, align: 'right' as const }] : []),
  ];
}

function deliveryColumns(urlOf: (id: string) => string, open: (id: string) => void): Column<Delivery>[] {
  return [
    { header: 'Created', render: (d) => <DateTime value={d.created_at} /> },
    { header: 'Event', render: (d) => d.event_type },
    { header: 'Endpoint', render: (d) => <Text size="sm" style={{ wordBreak: 'break-all' }}>{urlOf(d.endpoint_id)}</Text>, hiddenBelow: 'lg' },
    { header: 'Status', render: (d) => <StatusBadge status={d.status} />, nowrap: true },
    { header: 'Attempts', render: (d) => d.attempts, align: 'right' },
    { header: 'Last answer', render: (d) => [d.last_status_code, d.last_error].filter((v) => v !== null).join(' · ') || '—' },
    {
      header: 'Details',
      render: (d) => (
        <Button size="compact-xs" variant="subtle" onClick={() => open(d.id)} aria-label={`Details of delivery ${d.id}`} data-testid="delivery-open">
          Details
        </Button>
      ),
    },
  ];
}

/**
 * Outbound webhooks: the endpoints (GET /v1/webhook-endpoints) and the delivery log
 * (GET /v1/webhook-deliveries, filtered by endpoint and status in the URL) with one delivery's
 * attempts and retry in a drawer (?delivery=whd_…).
 */
export function WebhooksPage() {
  const allowed = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const setSearch = (next: Partial<WebhooksSearch>) => void navigate({ search: (s) => ({ ...s, ...next }), replace: true });
  const [adding, add] = useDisclosure(false);
  const endpoints = useCursorList(['webhook-endpoints'], (cursor) => call(api.GET('/v1/webhook-endpoints', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })));
  // The filter's choices and the log's URLs: the first 500 endpoints are plenty for a tenant.
  const choices = useQuery({ queryKey: ['webhook-endpoints', 'choices'], queryFn: () => call(api.GET('/v1/webhook-endpoints', { params: { query: { limit: 500 } } })) });
  const urls = new Map((choices.data?.data ?? []).map((e) => [e.id, e.url]));
  const { endpoint, status } = search;
  const deliveries = useCursorList(['webhook-deliveries', endpoint, status], (cursor) =>
    call(api.GET('/v1/webhook-deliveries', { params: { query: { limit: 50, ...(endpoint ? { endpoint_id: endpoint } : {}), ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } } })),
  );
  const addButton = (testId: string) =>
    allowed('webhooks:write') && (
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={add.open} data-testid={testId}>
        Add endpoint
      </Button>
    );
  return (
    <>
      <PageHeader title="Webhooks" subtitle="Events sent to your systems, signed (Standard Webhooks), retried for a day, in order per order." actions={addButton('endpoint-add')} />
      <CursorTable
        list={endpoints}
        columns={endpointColumns(allowed('webhooks:write'))}
        rowKey={(e) => e.id}
        caption="Webhook endpoints"
        testId="endpoints-table"
        empty={
          <EmptyState title="No webhook endpoints" action={addButton('endpoint-add-empty')}>
            Add a URL to receive order, fulfillment, shipment and inventory events as they happen.
          </EmptyState>
        }
      />
      <Group justify="space-between" align="flex-end" mt="xl" mb="sm" wrap="wrap">
        <Title order={2} size="h3">
          Delivery log
        </Title>
        <Group gap="sm" align="flex-end">
          <Select
            label="Endpoint"
            placeholder="All endpoints"
            data={(choices.data?.data ?? []).map((e) => ({ value: e.id, label: e.url }))}
            value={endpoint ?? null}
            onChange={(v) => setSearch({ endpoint: v ?? undefined })}
            clearable
            w={300}
            data-testid="deliveries-endpoint"
          />
          <Select
            label="Status"
            placeholder="Any"
            data={['pending', 'succeeded', 'failed']}
            value={status ?? null}
            onChange={(v) => setSearch({ status: (v as WebhooksSearch['status']) ?? undefined })}
            clearable
            w={160}
            data-testid="deliveries-status"
          />
        </Group>
      </Group>
      <CursorTable
        list={deliveries}
        columns={deliveryColumns((id) => urls.get(id) ?? id, (id) => setSearch({ delivery: id }))}
        rowKey={(d) => d.id}
        caption="Webhook deliveries"
        testId="deliveries-table"
        empty={<EmptyState title={endpoint || status ? 'No delivery matches' : 'Nothing delivered yet'}>Each event an endpoint subscribes to becomes a delivery here, with every attempt.</EmptyState>}
      />
      <DeliveryDrawer id={search.delivery} canRetry={allowed('webhooks:write')} onClose={() => setSearch({ delivery: undefined })} />
      {allowed('webhooks:write') && adding && <EndpointDialog opened={adding} onClose={add.close} />}
    </>
  );
}
