import { Badge, Button, Card, Code, Group, List, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { CopyValue } from '../../ui/SecretOnce';
import { channelKind, type Credential } from './channel-kinds';
import type { Channel } from './channel-queries';

/** A URL of this OMS as the platform must call it (the API answers paths). */
const absolute = (path: string): string => `${window.location.origin}${path}`;

function UrlLine({ label, url, testId }: { label: string; url: string; testId: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code style={{ wordBreak: 'break-all', flex: 1 }} data-testid={testId}>
          {url}
        </Code>
        <CopyValue value={url} testId={`${testId}-copy`} label="Copy the URL" />
      </Group>
    </Stack>
  );
}

/** Where to paste what, in the platform's own admin. */
function Instructions({ channel }: { channel: Channel }) {
  if (channel.type === 'shopify') {
    return (
      <List size="sm" type="ordered" spacing={4} data-testid="shopify-instructions">
        <List.Item>In Shopify admin open Settings → Notifications → Webhooks and choose Create webhook.</List.Item>
        <List.Item>Event “Order creation”, format JSON, the URL above, the latest API version. Add “Order cancellation” and “Order update” the same way.</List.Item>
        <List.Item>Copy the line “Your webhooks will be signed with …” at the bottom of that page and save it here as the webhook signing secret.</List.Item>
        <List.Item>To send tracking back, create a custom app with read_orders and write_merchant_managed_fulfillment_orders and save its Admin API access token here.</List.Item>
      </List>
    );
  }
  if (channel.type === 'woocommerce') {
    return (
      <List size="sm" type="ordered" spacing={4} data-testid="woocommerce-instructions">
        <List.Item>In WordPress open WooCommerce → Settings → Advanced → Webhooks and choose Add webhook.</List.Item>
        <List.Item>Status Active, topic “Order created” (and again for “Order updated” and “Order deleted”), the delivery URL above, API version WP REST API v3.</List.Item>
        <List.Item>Use the same secret on every webhook and save it here as the webhook secret.</List.Item>
      </List>
    );
  }
  if (channel.type === 'pos') return <Text size="sm">Tills record each sale with POST {absolute(`/v1/channels/${channel.id}/pos-sales`)} and an API key bound to this channel (API keys → Create).</Text>;
  if (channel.type === 'x12') return <Text size="sm">The partner’s interchanges are posted to {absolute(`/v1/channels/${channel.id}/x12`)} (application/edi-x12) with an API key bound to this channel; the answer is the 997.</Text>;
  if (channel.type === 'api') return <Text size="sm">Your integration captures orders with POST {absolute('/v1/orders')} and an API key bound to this channel.</Text>;
  if (channel.type === 'amazon' || channel.type === 'ebay') return <Text size="sm">Orders are polled from the marketplace when “Poll for new orders” is on (Settings tab); see the Polling tab.</Text>;
  return <Text size="sm">Import files of orders in the Imports tab.</Text>;
}

/** Replaces (PATCH) a write-only credential: the new value is sealed; the old one never comes back. */
function CredentialRow({ channel, field, credential, stored }: { channel: Channel; field: 'secret' | 'access_token'; credential: Credential; stored: boolean }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const form = useForm({ mode: 'controlled', initialValues: { [field]: '' } as Record<string, string>, validate: { [field]: (v: string) => (v.length >= 8 ? null : 'At least 8 characters') } });
  const mutation = useMutation({
    mutationFn: (value: string | null) => call(api.PATCH('/v1/channels/{id}', { params: { path: { id: channel.id } }, body: { [field]: value } })),
    onSuccess: async (_, value) => {
      notifications.show({ color: 'green', title: value === null ? 'Removed' : 'Saved', message: `${credential.label} ${value === null ? 'removed' : 'replaced'}.` });
      await queryClient.invalidateQueries({ queryKey: ['channel', channel.id] });
      form.reset();
      setEditing(false);
    },
    onError: (e) => showOnForm(form, e),
  });
  const testId = `credential-${field}`;
  return (
    <Stack gap={4} data-testid={testId}>
      <Group gap="xs">
        <Text size="sm" fw={500}>
          {credential.label}
        </Text>
        <Badge color={stored ? 'green' : 'gray'} variant="light" radius="sm" data-testid={`${testId}-stored`}>
          {stored ? 'stored' : 'not set'}
        </Badge>
      </Group>
      {editing ? (
        <form onSubmit={form.onSubmit((v) => mutation.mutate(v[field] ?? ''))} noValidate>
          <Stack gap={6}>
            <ProblemAlert error={mutation.error} form={form} testId={`${testId}-problem`} />
            <PasswordInput aria-label={`New ${credential.label}`} description={credential.description} autoComplete="off" {...form.getInputProps(field)} data-testid={`${testId}-input`} />
            <Group gap="xs">
              <Button size="xs" type="submit" loading={mutation.isPending} data-testid={`${testId}-save`}>
                Save
              </Button>
              <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => setEditing(true)} data-testid={`${testId}-replace`}>
            {stored ? 'Replace' : 'Set'}
          </Button>
          {stored && (
            <Button size="xs" variant="subtle" color="red" onClick={() => mutation.mutate(null)} loading={mutation.isPending} data-testid={`${testId}-remove`}>
              Remove
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}

/** How the channel is reached: its webhook URL with what to paste into the platform, and its credentials. */
export function ChannelConnection({ channel, canWrite }: { channel: Channel; canWrite: boolean }) {
  const kind = channelKind(channel.type);
  return (
    <Card withBorder padding="md" data-testid="channel-connection">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Connection
        </Title>
        {channel.webhook_url && <UrlLine label="Webhook URL" url={absolute(channel.webhook_url)} testId="channel-webhook-url" />}
        <Instructions channel={channel} />
        {canWrite && kind.secret && <CredentialRow channel={channel} field="secret" credential={kind.secret} stored={channel.has_secret} />}
        {canWrite && kind.accessToken && <CredentialRow channel={channel} field="access_token" credential={kind.accessToken} stored={channel.has_access_token} />}
        {!canWrite && (kind.secret || kind.accessToken) && (
          <Text size="sm" data-testid="channel-credentials">
            {kind.secret?.label}: {channel.has_secret ? 'stored' : 'not set'}
            {kind.accessToken && ` · ${kind.accessToken.label}: ${channel.has_access_token ? 'stored' : 'not set'}`}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
