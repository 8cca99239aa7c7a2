import { Alert, Anchor, Button, Code, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { AuthCard } from './AuthCard';

/** POST /v1/password-resets: always 202, so the page never tells whether an account exists. */
export function ForgotPasswordPage() {
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'Enter the e-mail address of your account') },
  });
  const mutation = useMutation({
    mutationFn: (v: { email: string }) => call(api.POST('/v1/password-resets', { body: { email: v.email.trim() } })),
    onError: (error) => showOnForm(form, error),
  });
  return (
    <AuthCard title="Reset your password" intro="We send a link to set a new password to the e-mail address of your account.">
      {mutation.isSuccess ? (
        <Alert color="green" variant="light" title="Check your e-mail" data-testid="forgot-sent">
          <Text size="sm">If an account uses that address, a link to set a new password is on its way. It works once and expires soon.</Text>
          <Text size="sm" mt="xs">
            No mail set up yet? An administrator prints the link with <Code>oms users reset-link EMAIL</Code>.
          </Text>
        </Alert>
      ) : (
        <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate data-testid="forgot-form">
          <Stack gap="sm">
            <ProblemAlert error={mutation.error} form={form} />
            <TextInput label="E-mail" type="email" autoComplete="username" required autoFocus key={form.key('email')} {...form.getInputProps('email')} data-testid="forgot-email" />
            <Button type="submit" loading={mutation.isPending} data-testid="forgot-submit">
              Send the link
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" data-testid="back-to-login">
        Back to sign in
      </Anchor>
    </AuthCard>
  );
}
