import { Button, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { DateTime } from '../../ui/DateTime';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { SecretOnce } from '../../ui/SecretOnce';

export type User = paths['/v1/users/{id}']['get']['responses'][200]['content']['application/json'];
export type Role = User['role'];

export const roleChoices: { value: Role; label: string; description: string }[] = [
  { value: 'admin', label: 'Admin', description: 'Everything, including users, API keys, channels, webhooks and settings.' },
  { value: 'operator', label: 'Operator', description: 'Runs the day: orders, stock, routing, fulfillment and shipping.' },
  { value: 'viewer', label: 'Viewer', description: 'Sees everything, changes nothing.' },
  { value: 'location', label: 'Location staff', description: 'A warehouse or store team: its location’s fulfillment queue, packing and shipping.' },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form with a `location` field
function LocationChoice({ form, enabled }: { form: UseFormReturnType<any>; enabled: boolean }) {
  const locations = useQuery({ queryKey: ['locations', 'choices'], queryFn: () => call(api.GET('/v1/locations', { params: { query: { limit: 500 } } })), enabled });
  return <Select label="Location" required searchable data={(locations.data?.data ?? []).map((l) => ({ value: l.code, label: `${l.code} · ${l.name}` }))} {...form.getInputProps('location')} data-testid="user-location" />;
}

/** A reset link issued for the user (POST /v1/users/{id}/reset-link), to hand over until the installation sends e-mail. */
export function ResetLink({ link }: { link: { url: string; expires_at: string } }) {
  return (
    <SecretOnce label="Password link" value={link.url} testId="user-reset-link">
      Give it to the user: it sets their password, once, until <DateTime value={link.expires_at} />. It is not shown again (a new one voids it). From a shell: oms users reset-link EMAIL.
    </SecretOnce>
  );
}

export const issueResetLink = (id: string) => call(api.POST('/v1/users/{id}/reset-link', { params: { path: { id } } }));

interface NewValues {
  email: string;
  name: string;
  role: Role;
  location: string | null;
  password: string;
}

/**
 * POST /v1/users: a staff account. Without a password the account gets a reset link at once,
 * shown here to hand over (the installation does not send e-mail yet).
 */
export function InviteUserDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [link, setLink] = useState<{ url: string; expires_at: string } | null>(null);
  const form = useForm<NewValues>({
    mode: 'controlled',
    initialValues: { email: '', name: '', role: 'operator', location: null, password: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'An e-mail address: it is how they sign in'),
      name: (v) => (v.trim() ? null : 'Their name, as the timeline shows it'),
      location: (v, values) => (values.role === 'location' && !v ? 'Location staff work at one location: choose it' : null),
    },
  });
  const role = form.getValues().role;
  const mutation = useMutation({
    mutationFn: async (v: NewValues) => {
      const user = await call(
        api.POST('/v1/users', { body: { email: v.email.trim(), name: v.name.trim(), role: v.role, ...(v.role === 'location' && v.location ? { location: v.location } : {}), ...(v.password ? { password: v.password } : {}) } }),
      );
      return { user, link: user.has_password ? null : await issueResetLink(user.id) };
    },
    onSuccess: async ({ user, link: issued }) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({ color: 'green', title: 'User created', message: `${user.email} can ${issued ? 'set a password with the link' : 'sign in'}.` });
      if (issued) setLink(issued);
      else close();
    },
    onError: (e) => showOnForm(form, e),
  });
  const close = () => {
    setLink(null);
    form.reset();
    mutation.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Add a user" size="lg" data-testid="user-dialog">
      {link ? (
        <Stack gap="sm">
          <ResetLink link={link} />
          <Group justify="flex-end">
            <Button onClick={close} data-testid="user-link-done">
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
          <Stack gap="sm">
            <ProblemAlert error={mutation.error} form={form} testId="user-problem" />
            <TextInput label="E-mail" required type="email" autoComplete="off" {...form.getInputProps('email')} data-testid="user-email" />
            <TextInput label="Name" required maxLength={200} {...form.getInputProps('name')} data-testid="user-name" />
            <Select label="Role" data={roleChoices.map((r) => ({ value: r.value, label: r.label }))} allowDeselect={false} {...form.getInputProps('role')} data-testid="user-role" />
            <Text size="sm" c="dark.3">
              {roleChoices.find((r) => r.value === role)?.description}
            </Text>
            {role === 'location' && <LocationChoice form={form} enabled={opened} />}
            <PasswordInput label="Password (optional)" description="Leave empty: you get a link with which they set their own (valid one hour)." autoComplete="new-password" {...form.getInputProps('password')} data-testid="user-password" />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending} data-testid="user-submit">
                Add user
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

interface ChangeValues {
  name: string;
  role: Role;
  location: string | null;
}

/** PATCH /v1/users/{id}: name, role and (for location staff) location. The last admin cannot be demoted (409). */
export function ChangeUserDialog({ user, opened, onClose, locationCode }: { user: User; opened: boolean; onClose: () => void; locationCode: string | null }) {
  const queryClient = useQueryClient();
  const form = useForm<ChangeValues>({
    mode: 'controlled',
    initialValues: { name: user.name, role: user.role, location: locationCode },
    validate: { location: (v, values) => (values.role === 'location' && !v ? 'Location staff work at one location: choose it' : null) },
  });
  const mutation = useMutation({
    mutationFn: (v: ChangeValues) =>
      call(
        api.PATCH('/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { ...(v.name.trim() !== user.name ? { name: v.name.trim() } : {}), role: v.role, ...(v.role === 'location' && v.location ? { location: v.location } : {}) },
        }),
      ),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', title: 'Saved', message: `${saved.email} is now ${saved.role}.` });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
    onError: (e) => showOnForm(form, e),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Change ${user.email}`} data-testid="user-change-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="user-change-problem" />
          <TextInput label="Name" required maxLength={200} {...form.getInputProps('name')} data-testid="user-change-name" />
          <Select label="Role" data={roleChoices.map((r) => ({ value: r.value, label: r.label }))} allowDeselect={false} {...form.getInputProps('role')} data-testid="user-change-role" />
          {form.getValues().role === 'location' && <LocationChoice form={form} enabled={opened} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="user-change-submit">
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
