import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { bodyField, type TemplateName } from './messages-search';
import { sessionQuery } from '../../auth/session';
import { AnchorLink } from '../../ui/links';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { showOnForm } from '../../ui/problem-form';

/**
 * Test send (POST …/test-send): the stored template (not the draft) queued as a "[Test]" message to
 * one of the tenant's users or an address in settings.notification_test_recipients; the server
 * refuses any other address, and the refusal shows under the field.
 */
export function TestSend({ path, orderId }: { path: { key: TemplateName; locale: string }; orderId: string | undefined }) {
  const { data: session } = useSuspenseQuery(sessionQuery);
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { to: session?.user.email ?? '' } });
  const send = useMutation({
    mutationFn: (to: string) => call(api.POST('/v1/notification-templates/{key}/{locale}/test-send', { params: { path }, body: { to, ...(orderId ? { order_id: orderId } : {}) } })),
    onError: (e) => showOnForm(form, e, bodyField),
    onSuccess: async (sent) => {
      notifications.show({ color: 'green', title: 'Test message queued', message: `“${sent.subject}” to ${sent.to}.` });
      await queryClient.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
  return (
    <Card withBorder padding="md" data-testid="template-test-send">
      <Title order={2} size="h4" mb="xs">
        Test send
      </Title>
      <form onSubmit={form.onSubmit((v) => (form.clearErrors(), send.mutate(v.to.trim())))} noValidate>
        <Stack gap="xs">
          <Text size="xs" c="dark.3">
            Sends the saved version (save your draft first) to one of your users or an allowed test address, with the preview’s order when one is given.
          </Text>
          <ProblemAlert error={send.error} form={form} rename={bodyField} testId="test-send-problem" />
          <Group gap="sm" align="flex-start" wrap="wrap">
            <TextInput label="To" type="email" w={280} {...form.getInputProps('to')} data-testid="test-send-to" />
            <Button type="submit" mt={25} variant="default" loading={send.isPending} data-testid="test-send-submit">
              Send test
            </Button>
          </Group>
          {send.data && (
            <Text size="sm" data-testid="test-send-done">
              Queued:{' '}
              <AnchorLink to="/messages" search={{ message: send.data.notification_id }} size="sm" data-testid="test-send-message">
                see the message
              </AnchorLink>
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
