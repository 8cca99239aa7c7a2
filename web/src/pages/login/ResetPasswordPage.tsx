import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { AuthCard } from './AuthCard';

const route = getRouteApi('/reset-password');

/** The page of a reset link (/reset-password?token=…): POST /v1/password-resets/confirm, then sign in. */
export function ResetPasswordPage() {
  const { token } = route.useSearch();
  const navigate = useNavigate();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length > 0 ? null : 'Choose a new password'),
      confirm: (v, values) => (v === values.password ? null : 'The two passwords differ'),
    },
  });
  const mutation = useMutation({
    mutationFn: (v: { password: string }) => call(api.POST('/v1/password-resets/confirm', { body: { token: token ?? '', password: v.password } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Password changed', message: 'Sign in with your new password.' });
      await navigate({ to: '/login' });
    },
    onError: (error) => showOnForm(form, error),
  });
  if (!token) {
    return (
      <AuthCard title="Set a new password">
        <Alert color="orange" variant="light" title="This link is incomplete" data-testid="reset-no-token">
          Open the whole link from the e-mail, or ask for a new one.
        </Alert>
        <Anchor component={Link} to="/forgot-password" size="sm" data-testid="reset-ask-again">
          Ask for a new link
        </Anchor>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Set a new password">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate data-testid="reset-form">
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="reset-problem" />
          <PasswordInput label="New password" autoComplete="new-password" required autoFocus key={form.key('password')} {...form.getInputProps('password')} data-testid="reset-password" />
          <PasswordInput label="Repeat the new password" autoComplete="new-password" required key={form.key('confirm')} {...form.getInputProps('confirm')} data-testid="reset-confirm" />
          <Button type="submit" loading={mutation.isPending} data-testid="reset-submit">
            Set the password
          </Button>
        </Stack>
      </form>
      <Anchor component={Link} to="/login" size="sm" data-testid="back-to-login">
        Back to sign in
      </Anchor>
    </AuthCard>
  );
}
