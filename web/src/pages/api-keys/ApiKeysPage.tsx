import { Badge, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { useCan } from '../../auth/use-can';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { SecretOnce } from '../../ui/SecretOnce';

type ApiKey = paths['/v1/api-keys']['get']['responses'][200]['content']['application/json']['data'][number];
type Kind = 'admin' | 'operator' | 'viewer' | 'channel' | 'location' | 'bounces';

/** What a key may do, as the role table says it (src/modules/tenancy/domain/roles.ts). */
const kinds: { value: Kind; label: string; description: string }[] = [
  { value: 'admin', label: 'Admin', description: 'Everything, including keys, users, channels, webhooks and settings.' },
  { value: 'operator', label: 'Operator', description: 'Runs the day: orders, stock, routing, fulfillment and shipping.' },
  { value: 'viewer', label: 'Viewer', description: 'Reads everything, changes nothing (reporting, BI).' },
  { value: 'channel', label: 'Channel', description: 'Captures and reads the orders of one sales channel (a shop integration, a till, an EDI partner).' },
  { value: 'location', label: 'Location', description: 'A 3PL, drop-ship vendor or store: its location’s fulfillment orders and shipments only.' },
  { value: 'bounces', label: 'Bounces', description: 'An inbound-mail integration: posts bounces and complaints, nothing else.' },
];

const kindOf = (k: ApiKey): Kind => (k.role !== 'channel' ? k.role : k.location_id ? 'location' : 'channel');

interface Values {
  name: string;
  kind: Kind;
  channel: string | null;
  location: string | null;
}

/** POST /v1/api-keys: name, kind and binding; the key itself is answered once and shown with a copy button. */
function CreateKeyDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [issued, setIssued] = useState<{ name: string; key: string } | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: '', kind: 'operator', channel: null, location: null },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the key after what uses it, e.g. “ERP sync”'),
      channel: (v, values) => (values.kind === 'channel' && !v ? 'Choose the channel this key captures for' : null),
      location: (v, values) => (values.kind === 'location' && !v ? 'Choose the location this key answers for' : null),
    },
  });
  const kind = form.getValues().kind;
  const channels = useQuery({ queryKey: ['channels', 'choices'], queryFn: () => call(api.GET('/v1/channels', { params: { query: { limit: 500 } } })), enabled: opened && kind === 'channel' });
  const locations = useQuery({ queryKey: ['locations', 'choices'], queryFn: () => call(api.GET('/v1/locations', { params: { query: { limit: 500 } } })), enabled: opened && kind === 'location' });
  const mutation = useMutation({
    mutationFn: (v: Values) => {
      const role = v.kind === 'location' ? 'channel' : v.kind;
      return call(api.POST('/v1/api-keys', { body: { name: v.name.trim(), role, ...(v.kind === 'channel' && v.channel ? { channel: v.channel } : {}), ...(v.kind === 'location' && v.location ? { location: v.location } : {}) } }));
    },
    onSuccess: async (key) => {
      setIssued({ name: key.name, key: key.key });
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (e) => showOnForm(form, e, (field) => (field === 'role' ? 'kind' : field)),
  });
  const close = () => {
    setIssued(null);
    form.reset();
    mutation.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Create an API key" size="lg" data-testid="key-dialog">
      {issued ? (
        <Stack gap="sm">
          <SecretOnce label={`API key “${issued.name}”`} value={issued.key} testId="key-secret">
            Send it as Authorization: Bearer … from the system that uses it. Copy it now: it is not shown again; if it is lost, revoke it and create another.
          </SecretOnce>
          <Group justify="flex-end">
            <Button onClick={close} data-testid="key-secret-done">
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
          <Stack gap="sm">
            <ProblemAlert error={mutation.error} form={form} testId="key-problem" />
            <TextInput label="Name" required maxLength={200} {...form.getInputProps('name')} data-testid="key-name" />
            <Select label="Kind" data={kinds.map((k) => ({ value: k.value, label: k.label }))} allowDeselect={false} {...form.getInputProps('kind')} data-testid="key-kind" />
            <Text size="sm" c="dark.3">
              {kinds.find((k) => k.value === kind)?.description}
            </Text>
            {kind === 'channel' && (
              <Select label="Channel" required searchable data={(channels.data?.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.type})` }))} {...form.getInputProps('channel')} data-testid="key-channel" />
            )}
            {kind === 'location' && (
              <Select label="Location" required searchable data={(locations.data?.data ?? []).map((l) => ({ value: l.code, label: `${l.code} · ${l.name}` }))} {...form.getInputProps('location')} data-testid="key-location" />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending} data-testid="key-submit">
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const mutation = useMutation({
    mutationFn: () => call(api.DELETE('/v1/api-keys/{id}', { params: { path: { id: apiKey.id } } })),
    onSuccess: async () => {
      close();
      notifications.show({ color: 'green', title: 'Revoked', message: `${apiKey.name} no longer works.` });
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  return (
    <>
      <Button size="compact-sm" color="red" variant="subtle" onClick={open} data-testid="key-revoke">
        Revoke…
      </Button>
      <ConfirmDialog opened={opened} onClose={close} title={`Revoke “${apiKey.name}”?`} confirmLabel="Revoke the key" onConfirm={() => mutation.mutate()} pending={mutation.isPending} error={mutation.error} testId="key-revoke-dialog">
        Every request with this key ({apiKey.key_prefix}…) is refused from now on. This cannot be undone: the system that used it needs a new key.
      </ConfirmDialog>
    </>
  );
}

const columns: Column<ApiKey>[] = [
  { header: 'Name', render: (k) => <Text fw={600}>{k.name}</Text> },
  {
    header: 'Kind',
    render: (k) => (
      <Stack gap={0}>
        <Text size="sm">{kinds.find((x) => x.value === kindOf(k))?.label}</Text>
        {(k.channel_id ?? k.location_id) && (
          <Text size="xs" ff="monospace">
            {k.channel_id ?? k.location_id}
          </Text>
        )}
      </Stack>
    ),
  },
  {
    header: 'Key',
    render: (k) => (
      <Text size="sm" ff="monospace">
        {k.key_prefix}…
      </Text>
    ),
  },
  { header: 'Created', render: (k) => <DateTime value={k.created_at} /> },
  {
    header: 'Status',
    render: (k) =>
      k.revoked_at ? (
        <Badge color="gray" variant="light" radius="sm" data-testid="key-status">
          revoked
        </Badge>
      ) : (
        <Badge color="green" variant="light" radius="sm" data-testid="key-status">
          active
        </Badge>
      ),
  },
  { header: 'Actions', render: (k) => (k.revoked_at ? <DateTime value={k.revoked_at} /> : <RevokeButton apiKey={k} />), align: 'right' },
];

/** GET /v1/api-keys (keys:manage): the tenant's keys for machines, never their secrets. */
export function ApiKeysPage() {
  const allowed = useCan();
  const [creating, create] = useDisclosure(false);
  const list = useCursorList(['api-keys'], (cursor) => call(api.GET('/v1/api-keys', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })));
  const createButton = (testId: string) =>
    allowed('keys:manage') && (
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open} data-testid={testId}>
        Create API key
      </Button>
    );
  return (
    <>
      <PageHeader title="API keys" subtitle="Keys for machines: integrations, tills, 3PLs. People sign in with their own account (Users)." actions={createButton('key-create')} />
      <CursorTable list={list} columns={columns} rowKey={(k) => k.id} caption="API keys" testId="keys-table" empty={<EmptyState title="No API keys" action={createButton('key-create-empty')} />} />
      {allowed('keys:manage') && <CreateKeyDialog opened={creating} onClose={create.close} />}
    </>
  );
}
