import { Alert, Anchor, Button, Code, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useRouter } from '@tanstack/react-router';
import { setupStateQuery, signIn } from '../../auth/session';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { AuthCard } from './AuthCard';

const route = getRouteApi('/login');

/** POST /v1/session; a wrong password shows the problem's own detail, success goes back where the user was. */
export function LoginPage() {
  const { next } = route.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const setupState = useQuery(setupStateQuery);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'Enter the e-mail address of your account'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });
  const mutation = useMutation({
    mutationFn: (v: { email: string; password: string }) => signIn(queryClient, v.email.trim(), v.password),
    onSuccess: () => router.history.push(next ?? '/'),
    onError: (error) => {
      form.setFieldValue('password', '');
      showOnForm(form, error);
    },
  });
  return (
    <AuthCard title="Sign in" intro="Sign in with the e-mail address and password of your OMS account.">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate data-testid="login-form">
        <Stack gap="sm">
          {setupState.data?.needs_first_admin && (
            <Alert color="blue" variant="light" title="No one can sign in yet" data-testid="login-needs-setup">
              This installation has no accounts. Open the setup link that <Code>npm start</Code> printed in its terminal (it ends in
              <Code>/setup?token=…</Code>), or print it again with <Code>npx oms setup-link</Code>, and create the first admin there.
            </Alert>
          )}
          <ProblemAlert error={mutation.error} form={form} testId="login-problem" />
          <TextInput label="E-mail" type="email" autoComplete="username" required autoFocus key={form.key('email')} {...form.getInputProps('email')} data-testid="login-email" />
          <PasswordInput label="Password" autoComplete="current-password" required key={form.key('password')} {...form.getInputProps('password')} data-testid="login-password" />
          <Button type="submit" loading={mutation.isPending} data-testid="login-submit">
            Sign in
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm" data-testid="login-forgot">
            Forgot your password?
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}
