import { Badge, Button, Center, Grid, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { useCan } from '../../auth/use-can';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DateTime } from '../../ui/DateTime';
import { ErrorView } from '../../ui/ErrorView';
import { PageHeader } from '../../ui/PageHeader';
import { ChannelPolling, ChannelPushes, X12Documents } from './ChannelActivity';
import { ChannelConnection } from './ChannelConnection';
import { ChannelImports } from './ChannelImports';
import { channelKind } from './channel-kinds';
import type { ChannelTab } from './channel-search';
import { channelQueries, type Channel } from './channel-queries';
import { ChannelSettingsForm } from './ChannelSettingsForm';

const route = getRouteApi('/app/channels/$channelId');

/** DELETE /v1/channels/{id} deactivates (its webhooks are refused, its orders stay); PATCH active: true brings it back. */
function ActiveToggle({ channel }: { channel: Channel }) {
  const queryClient = useQueryClient();
  const [confirming, confirm] = useDisclosure(false);
  const done = async (message: string) => {
    notifications.show({ color: 'green', title: channel.name, message });
    await queryClient.invalidateQueries({ queryKey: ['channel', channel.id] });
    await queryClient.invalidateQueries({ queryKey: ['channels'] });
  };
  const deactivate = useMutation({
    mutationFn: () => call(api.DELETE('/v1/channels/{id}', { params: { path: { id: channel.id } } })),
    onSuccess: async () => {
      confirm.close();
      await done('Deactivated: its webhooks are refused from now on.');
    },
  });
  const reactivate = useMutation({
    mutationFn: () => call(api.PATCH('/v1/channels/{id}', { params: { path: { id: channel.id } }, body: { active: true } })),
    onSuccess: () => done('Active again.'),
  });
  if (!channel.active) {
    return (
      <Button variant="default" onClick={() => reactivate.mutate()} loading={reactivate.isPending} data-testid="channel-reactivate">
        Reactivate
      </Button>
    );
  }
  return (
    <>
      <Button color="red" variant="outline" onClick={confirm.open} data-testid="channel-delete">
        Deactivate…
      </Button>
      <ConfirmDialog
        opened={confirming}
        onClose={confirm.close}
        title={`Deactivate ${channel.name}?`}
        confirmLabel="Deactivate the channel"
        onConfirm={() => deactivate.mutate()}
        pending={deactivate.isPending}
        error={deactivate.error}
        testId="channel-delete-dialog"
      >
        Its webhooks, polls and imports are refused from now on; orders already captured stay. You can reactivate it later.
      </ConfirmDialog>
    </>
  );
}

/** One channel: how it is connected, its settings, imports, what was sent back, polling and X12 documents. */
export function ChannelPage() {
  const { channelId } = route.useParams();
  const { tab } = route.useSearch();
  const navigate = route.useNavigate();
  const allowed = useCan();
  const query = useQuery(channelQueries.channel(channelId));
  if (query.error) return <ErrorView error={query.error} reset={() => void query.refetch()} />;
  if (!query.data) {
    return (
      <Center py="xl">
        <Loader role="status" aria-label="Loading the channel" />
      </Center>
    );
  }
  const channel = query.data;
  const kind = channelKind(channel.type);
  const polled = channel.type === 'amazon' || channel.type === 'ebay';
  const pushes = polled || channel.type === 'shopify' || channel.type === 'woocommerce';
  const available: ChannelTab[] = ['settings', 'imports', ...(pushes ? (['pushes'] as const) : []), ...(polled ? (['polling'] as const) : []), ...(channel.type === 'x12' ? (['x12'] as const) : [])];
  const current = tab && available.includes(tab) ? tab : 'settings';
  return (
    <>
      <PageHeader
        title={channel.name}
        subtitle={
          <Group gap="xs" component="span">
            <Badge variant="light" radius="sm" color="blue">
              {kind.label}
            </Badge>
            <Badge variant="light" radius="sm" color={channel.active ? 'green' : 'gray'} data-testid="channel-status">
              {channel.active ? 'active' : 'deactivated'}
            </Badge>
            <Text span size="sm" ff="monospace">
              {channel.id}
            </Text>
            <Text span size="sm">
              · connected <DateTime value={channel.created_at} />
            </Text>
          </Group>
        }
        actions={allowed('channels:write') && <ActiveToggle channel={channel} />}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 4 }} order={{ base: 1, lg: 2 }}>
          <ChannelConnection channel={channel} canWrite={allowed('channels:write')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }} order={{ base: 2, lg: 1 }}>
          <Tabs value={current} onChange={(v) => void navigate({ search: { tab: (v ?? 'settings') as ChannelTab }, replace: true })} keepMounted={false}>
            <Tabs.List mb="md">
              {available.map((t) => (
                <Tabs.Tab key={t} value={t} data-testid={`channel-tab-${t}`}>
                  {t === 'x12' ? 'X12 documents' : t[0]?.toUpperCase() + t.slice(1)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="settings">
              <Stack>
                <ChannelSettingsForm key={channel.updated_at} channel={channel} canWrite={allowed('channels:write')} />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="imports">
              <ChannelImports channel={channel} canImport={allowed('channels:import') && channel.active} />
            </Tabs.Panel>
            {pushes && (
              <Tabs.Panel value="pushes">
                <ChannelPushes channel={channel} />
              </Tabs.Panel>
            )}
            {polled && (
              <Tabs.Panel value="polling">
                <ChannelPolling channel={channel} canPoll={allowed('channels:import')} />
              </Tabs.Panel>
            )}
            {channel.type === 'x12' && (
              <Tabs.Panel value="x12">
                <X12Documents channel={channel} />
              </Tabs.Panel>
            )}
          </Tabs>
        </Grid.Col>
      </Grid>
    </>
  );
}
