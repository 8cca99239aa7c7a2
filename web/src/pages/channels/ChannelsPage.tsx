import { Badge, Button, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { api, call } from '../../api/client';
import { useCan } from '../../auth/use-can';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { channelKind } from './channel-kinds';
import { ConnectChannelDialog } from './ConnectChannelDialog';
import type { Channel } from './channel-queries';

const columns: Column<Channel>[] = [
  {
    header: 'Channel',
    render: (c) => (
      <AnchorLink to="/channels/$channelId" params={{ channelId: c.id }} fw={600} data-testid="channel-link">
        {c.name}
      </AnchorLink>
    ),
  },
  { header: 'Kind', render: (c) => channelKind(c.type).label },
  {
    header: 'Status',
    render: (c) => (
      <Badge color={c.active ? 'green' : 'gray'} variant="light" radius="sm" data-testid="channel-active">
        {c.active ? 'active' : 'deactivated'}
      </Badge>
    ),
    nowrap: true,
  },
  { header: 'Credentials', render: (c) => [c.has_secret && 'secret', c.has_access_token && 'API token'].filter(Boolean).join(', ') || '—', hiddenBelow: 'lg' },
  { header: 'Locations', render: (c) => c.location_ids.length || '—', align: 'right', hiddenBelow: 'lg' },
  {
    header: 'Id',
    render: (c) => (
      <Text size="xs" ff="monospace">
        {c.id}
      </Text>
    ),
    hiddenBelow: 'lg',
  },
  { header: 'Connected', render: (c) => <DateTime value={c.created_at} /> },
];

/** GET /v1/channels: every sales channel, and connecting a new one (channels:write). */
export function ChannelsPage() {
  const allowed = useCan();
  const [connecting, connect] = useDisclosure(false);
  const list = useCursorList(['channels'], (cursor) => call(api.GET('/v1/channels', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })));
  const connectButton = (testId: string) =>
    allowed('channels:write') && (
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={connect.open} data-testid={testId}>
        Connect a channel
      </Button>
    );
  return (
    <>
      <PageHeader title="Channels" subtitle="Where orders come from: shops, marketplaces, stores, trading partners and files." actions={connectButton('channel-connect')} />
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(c) => c.id}
        caption="Channels"
        testId="channels-table"
        empty={
          <EmptyState title="No channels yet" action={connectButton('channel-connect-empty')}>
            Connect Shopify, WooCommerce, Amazon, eBay, a point of sale, an EDI partner or import a CSV file.
          </EmptyState>
        }
      />
      {allowed('channels:write') && <ConnectChannelDialog opened={connecting} onClose={connect.close} />}
    </>
  );
}
