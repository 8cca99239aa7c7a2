import { Alert, Anchor, Button, Code, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useRouter } from '@tanstack/react-router';
import { setUpFirstAdmin } from '../../auth/session';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { AuthCard } from './AuthCard';

const route = getRouteApi('/setup');

/** /setup?token=…: the link `oms serve` prints on a new installation makes the first admin here. */
export function SetupPage() {
  const { token } = route.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: '', email: '', password: '', confirm: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter your name'),
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'Enter your e-mail address'),
      password: (v) => (v.length > 0 ? null : 'Choose a password'),
      confirm: (v, values) => (v === values.password ? null : 'The two passwords differ'),
    },
  });
  const mutation = useMutation({
    mutationFn: (v: { name: string; email: string; password: string }) => setUpFirstAdmin(queryClient, { token: token ?? '', name: v.name.trim(), email: v.email.trim(), password: v.password }),
    onSuccess: () => router.history.push('/'),
    onError: (error) => showOnForm(form, error),
  });
  if (!token) {
    return (
      <AuthCard title="Set up the console">
        <Alert color="orange" variant="light" title="This link is incomplete" data-testid="setup-no-token">
          Open the whole link that the server printed when it started, or print it again with <Code>npx oms setup-link</Code>.
        </Alert>
        <Anchor component={Link} to="/login" size="sm" data-testid="back-to-login">
          Back to sign in
        </Anchor>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Set up the console" intro="Create the first admin account. You can invite your team afterwards.">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate data-testid="setup-form">
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="setup-problem" />
          <TextInput label="Your name" autoComplete="name" required autoFocus key={form.key('name')} {...form.getInputProps('name')} data-testid="setup-name" />
          <TextInput label="E-mail" type="email" autoComplete="username" required key={form.key('email')} {...form.getInputProps('email')} data-testid="setup-email" />
          <PasswordInput label="Password" description="At least 12 characters; a passphrase of several words is good." autoComplete="new-password" required key={form.key('password')} {...form.getInputProps('password')} data-testid="setup-password" />
          <PasswordInput label="Repeat the password" autoComplete="new-password" required key={form.key('confirm')} {...form.getInputProps('confirm')} data-testid="setup-confirm" />
          <Button type="submit" loading={mutation.isPending} data-testid="setup-submit">
            Create the admin account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
