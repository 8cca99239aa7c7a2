import { ActionIcon, Alert, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { SecretOnce } from '../../ui/SecretOnce';
import { EndpointDialog } from './EndpointDialog';
import type { Endpoint } from './webhook-queries';

/** A datetime-local value (the user's zone) as an instant, or undefined when empty. */
const instant = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);
const localNow = (offsetMs = 0): string => {
  const d = new Date(Date.now() + offsetMs);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** POST …/recover: after an outage, send again what failed since an instant and what was missed while disabled. */
function RecoverDialog({ endpoint, opened, onClose }: { endpoint: Endpoint; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [since, setSince] = useState(localNow(-24 * 3600_000));
  const [until, setUntil] = useState('');
  const mutation = useMutation({
    mutationFn: () => call(api.POST('/v1/webhook-endpoints/{id}/recover', { params: { path: { id: endpoint.id } }, body: { since: instant(since) ?? '', ...(until ? { until: instant(until) } : {}) } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhook-deliveries'] }),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Recover missed deliveries" data-testid="recover-dialog">
      <Stack gap="sm">
        <Text size="sm">Failed deliveries of events in the range are queued once more; events the endpoint missed while disabled get a delivery. In order, per order.</Text>
        <ProblemAlert error={mutation.error} testId="recover-problem" />
        <TextInput type="datetime-local" label="Since" required value={since} onChange={(e) => setSince(e.currentTarget.value)} data-testid="recover-since" />
        <TextInput type="datetime-local" label="Until (optional, default now)" value={until} onChange={(e) => setUntil(e.currentTarget.value)} data-testid="recover-until" />
        {mutation.data && (
          <Alert color="green" variant="light" data-testid="recover-result">
            {mutation.data.requeued} failed deliveries queued again, {mutation.data.created} missed events queued.
            {mutation.data.more && ' More remain: recover again from a later instant.'}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={() => mutation.mutate()} loading={mutation.isPending} disabled={!since} data-testid="recover-submit">
            Recover
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The actions on one endpoint (webhooks:write): edit, enable/disable, rotate the secret, recover, delete. */
export function EndpointActions({ endpoint }: { endpoint: Endpoint }) {
  const queryClient = useQueryClient();
  const [editing, edit] = useDisclosure(false);
  const [recovering, recover] = useDisclosure(false);
  const [rotating, rotate] = useDisclosure(false);
  const [deleting, remove] = useDisclosure(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['webhook-endpoints'] });
  const toggle = useMutation({
    mutationFn: () => call(api.PATCH('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } }, body: { enabled: !endpoint.enabled } })),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', title: saved.enabled ? 'Enabled' : 'Disabled', message: saved.enabled ? 'Its waiting deliveries are sent now, in order.' : 'Nothing is sent to it until it is enabled again.' });
      await refresh();
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Not changed', message: e instanceof Error ? e.message : String(e) }),
  });
  const rotation = useMutation({ mutationFn: () => call(api.POST('/v1/webhook-endpoints/{id}/rotate-secret', { params: { path: { id: endpoint.id } } })), onSuccess: refresh });
  const deletion = useMutation({
    mutationFn: () => call(api.DELETE('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } } })),
    onSuccess: async () => {
      remove.close();
      notifications.show({ color: 'green', title: 'Deleted', message: `${endpoint.url} and its delivery log are removed.` });
      await refresh();
    },
  });
  const closeRotate = () => {
    rotation.reset();
    rotate.close();
  };
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" aria-label={`Actions for ${endpoint.url}`} data-testid="endpoint-actions">
            <IconDots size={16} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={edit.open} data-testid="endpoint-edit">
            Edit
          </Menu.Item>
          <Menu.Item onClick={() => toggle.mutate()} data-testid="endpoint-toggle">
            {endpoint.enabled ? 'Disable' : 'Enable'}
          </Menu.Item>
          <Menu.Item onClick={rotate.open} data-testid="endpoint-rotate">
            Rotate the signing secret…
          </Menu.Item>
          <Menu.Item onClick={recover.open} data-testid="endpoint-recover">
            Recover missed deliveries…
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" onClick={remove.open} data-testid="endpoint-delete">
            Delete…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {editing && <EndpointDialog endpoint={endpoint} opened={editing} onClose={edit.close} />}
      {recovering && <RecoverDialog endpoint={endpoint} opened={recovering} onClose={recover.close} />}
      <Modal opened={rotating} onClose={closeRotate} title="Rotate the signing secret" data-testid="rotate-dialog">
        <Stack gap="sm">
          <ProblemAlert error={rotation.error} testId="rotate-problem" />
          {rotation.data ? (
            <SecretOnce label="New signing secret" value={rotation.data.secret} testId="rotate-secret">
              For 24 hours deliveries are signed with the new and the previous secret, so the receiver can switch over. Copy it now: it is not shown again.
            </SecretOnce>
          ) : (
            <Text size="sm">A new secret is made. For 24 hours deliveries carry signatures with both the new and the previous one.</Text>
          )}
          <Group justify="flex-end">
            {rotation.data ? (
              <Button onClick={closeRotate}>Done</Button>
            ) : (
              <>
                <Button variant="default" onClick={closeRotate}>
                  Cancel
                </Button>
                <Button onClick={() => rotation.mutate()} loading={rotation.isPending} data-testid="rotate-confirm">
                  Rotate
                </Button>
              </>
            )}
          </Group>
        </Stack>
      </Modal>
      <ConfirmDialog opened={deleting} onClose={remove.close} title="Delete this endpoint?" confirmLabel="Delete the endpoint" onConfirm={() => deletion.mutate()} pending={deletion.isPending} error={deletion.error} testId="endpoint-delete-dialog">
        Nothing more is sent to {endpoint.url}, and its delivery log is removed. To pause it instead, disable it.
      </ConfirmDialog>
    </>
  );
}
