import { ActionIcon, Alert, Badge, Button, Code, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconInfoCircle, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { useCan } from '../../auth/use-can';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { ChangeUserDialog, InviteUserDialog, issueResetLink, ResetLink, roleChoices, type User } from './UserDialogs';

/** The actions on one account: change role, a password link, disable (confirmed) or enable. */
function UserActions({ user, locationCode }: { user: User; locationCode: string | null }) {
  const queryClient = useQueryClient();
  const [changing, change] = useDisclosure(false);
  const [disabling, disable] = useDisclosure(false);
  const [linking, showLink] = useDisclosure(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  const disableMutation = useMutation({
    mutationFn: () => call(api.DELETE('/v1/users/{id}', { params: { path: { id: user.id } } })),
    onSuccess: async () => {
      disable.close();
      notifications.show({ color: 'green', title: 'Disabled', message: `${user.email} can no longer sign in; their sessions have ended.` });
      await refresh();
    },
  });
  const enable = useMutation({
    mutationFn: () => call(api.PATCH('/v1/users/{id}', { params: { path: { id: user.id } }, body: { disabled: false } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Enabled', message: `${user.email} can sign in again.` });
      await refresh();
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Not enabled', message: e instanceof Error ? e.message : String(e) }),
  });
  const link = useMutation({ mutationFn: () => issueResetLink(user.id) });
  const closeLink = () => {
    link.reset();
    showLink.close();
  };
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" aria-label={`Actions for ${user.email}`} data-testid="user-actions">
            <IconDots size={16} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={change.open} data-testid="user-change">
            Change role…
          </Menu.Item>
          {!user.disabled_at && (
            <Menu.Item
              onClick={() => {
                showLink.open();
                link.mutate();
              }}
              data-testid="user-link"
            >
              Password link…
            </Menu.Item>
          )}
          <Menu.Divider />
          {user.disabled_at ? (
            <Menu.Item onClick={() => enable.mutate()} data-testid="user-enable">
              Enable
            </Menu.Item>
          ) : (
            <Menu.Item color="red" onClick={disable.open} data-testid="user-disable">
              Disable…
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {changing && <ChangeUserDialog user={user} locationCode={locationCode} opened={changing} onClose={change.close} />}
      <Modal opened={linking} onClose={closeLink} title={`Password link for ${user.email}`} data-testid="user-link-dialog">
        <Stack gap="sm">
          <ProblemAlert error={link.error} testId="user-link-problem" />
          {link.data && <ResetLink link={link.data} />}
          <Group justify="flex-end">
            <Button onClick={closeLink}>Done</Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmDialog opened={disabling} onClose={disable.close} title={`Disable ${user.email}?`} confirmLabel="Disable the account" onConfirm={() => disableMutation.mutate()} pending={disableMutation.isPending} error={disableMutation.error} testId="user-disable-dialog">
        They can no longer sign in and their open sessions end at once. The account stays (the timeline names it); you can enable it again.
      </ConfirmDialog>
    </>
  );
}

function status(u: User) {
  if (u.disabled_at) return <Badge color="gray" variant="light" radius="sm">disabled</Badge>;
  if (!u.has_password) return <Badge color="orange" variant="light" radius="sm">no password yet</Badge>;
  return <Badge color="green" variant="light" radius="sm">active</Badge>;
}

/** GET /v1/users (users:manage): the staff accounts of the tenant. */
export function UsersPage() {
  const allowed = useCan();
  const [inviting, invite] = useDisclosure(false);
  const list = useCursorList(['users'], (cursor) => call(api.GET('/v1/users', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })));
  const locations = useQuery({ queryKey: ['locations', 'choices'], queryFn: () => call(api.GET('/v1/locations', { params: { query: { limit: 500 } } })), enabled: allowed('users:manage') });
  const codes = new Map((locations.data?.data ?? []).map((l) => [l.id, l.code]));
  const columns: Column<User>[] = [
    {
      header: 'Name',
      render: (u) => (
        <Stack gap={0}>
          <Text fw={600} size="sm">
            {u.name}
          </Text>
          <Text size="xs">{u.email}</Text>
        </Stack>
      ),
    },
    { header: 'Role', render: (u) => roleChoices.find((r) => r.value === u.role)?.label ?? u.role, nowrap: true },
    { header: 'Location', render: (u) => (u.location_id ? (codes.get(u.location_id) ?? u.location_id) : '—') },
    { header: 'Status', render: status, nowrap: true },
    { header: 'Created', render: (u) => <DateTime value={u.created_at} />, hiddenBelow: 'lg' },
    { header: 'Actions', render: (u) => <UserActions user={u} locationCode={u.location_id ? (codes.get(u.location_id) ?? null) : null} />, align: 'right' },
  ];
  const inviteButton = (testId: string) =>
    allowed('users:manage') && (
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={invite.open} data-testid={testId}>
        Add user
      </Button>
    );
  return (
    <>
      <PageHeader title="Users" subtitle="People who sign in to the console. Machines use API keys." actions={inviteButton('user-add')} />
      {allowed('users:manage') && (
        <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden />} mb="md" data-testid="users-reset-hint">
          This installation does not send e-mail yet: a new user without a password, or one who forgot it, gets a link from you (Actions → Password link) or from a shell with <Code>oms users reset-link EMAIL</Code>.
        </Alert>
      )}
      <CursorTable list={list} columns={columns} rowKey={(u) => u.id} caption="Users" testId="users-table" empty={<EmptyState title="No users" action={inviteButton('user-add-empty')} />} />
      {allowed('users:manage') && <InviteUserDialog opened={inviting} onClose={invite.close} />}
    </>
  );
}
