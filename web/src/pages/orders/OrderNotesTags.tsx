import { Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { Order } from '../../api/types';
import { DateTime } from '../../ui/DateTime';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { TagsField } from '../../ui/TagsField';
import { orderKey } from './order-queries';

/** POST /v1/orders/{id}/notes: a note joins the timeline under the user's name. */
function AddNote({ orderId }: { orderId: string }) {
  const queryClient = useQueryClient();
  const form = useForm({ mode: 'uncontrolled', initialValues: { text: '' }, validate: { text: (v) => (v.trim() ? null : 'Write the note first') } });
  const mutation = useMutation({
    mutationFn: (v: { text: string }) => call(api.POST('/v1/orders/{id}/notes', { params: { path: { id: orderId } }, body: { text: v.text.trim() } })),
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: orderKey(orderId) });
    },
    onError: (error) => showOnForm(form, error),
  });
  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
      <Stack gap="xs">
        <ProblemAlert error={mutation.error} form={form} testId="note-problem" />
        <Textarea label="Add a note" autosize minRows={2} maxLength={5000} key={form.key('text')} {...form.getInputProps('text')} data-testid="note-text" />
        <Button type="submit" variant="default" size="xs" w="fit-content" loading={mutation.isPending} data-testid="note-submit">
          Add note
        </Button>
      </Stack>
    </form>
  );
}

/** PUT /v1/orders/{id}/tags: the whole list replaced at once. */
function EditTags({ order }: { order: Order }) {
  const queryClient = useQueryClient();
  const form = useForm({ mode: 'controlled', initialValues: { tags: order.tags } });
  const mutation = useMutation({
    mutationFn: (v: { tags: string[] }) => call(api.PUT('/v1/orders/{id}/tags', { params: { path: { id: order.id } }, body: { tags: v.tags } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: 'Tags saved.' });
      await queryClient.invalidateQueries({ queryKey: orderKey(order.id) });
    },
    onError: (error) => showOnForm(form, error),
  });
  const changed = form.getValues().tags.join('\n') !== order.tags.join('\n');
  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
      <Stack gap="xs">
        <ProblemAlert error={mutation.error} form={form} testId="tags-problem" />
        <TagsField label="Tags" {...form.getInputProps('tags')} data-testid="tags-input" />
        {changed && (
          <Button type="submit" size="xs" w="fit-content" loading={mutation.isPending} data-testid="tags-save">
            Save tags
          </Button>
        )}
      </Stack>
    </form>
  );
}

/** The channel's own note (read-only text), the team's notes (oldest first) and the tags. */
export function OrderNotesTags({ order, canEdit }: { order: Order; canEdit: boolean }) {
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Notes and tags
      </Title>
      <Stack gap="sm">
        {order.notes && (
          <div>
            <Text size="sm" fw={600}>
              Note from the channel
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="order-notes">
              {order.notes}
            </Text>
          </div>
        )}
        {order.notes_log.map((note) => (
          <div key={note.id} data-testid="order-note">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {note.text}
            </Text>
            <Text size="xs">
              <DateTime value={note.at} />
            </Text>
          </div>
        ))}
        {canEdit ? (
          <>
            <EditTags key={order.tags.join('\n')} order={order} />
            <AddNote orderId={order.id} />
          </>
        ) : (
          <Group gap={4} data-testid="order-tags">
            {order.tags.length === 0 ? <Text size="sm">No tags.</Text> : order.tags.map((t) => <Text key={t} size="sm" span>{`#${t}`}</Text>)}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
