import { Button, Group, Modal, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { SecretOnce } from '../../ui/SecretOnce';
import type { Endpoint } from './webhook-queries';

/** Event families a merchant usually wants; any type, family (`order.*`) or `*` may be typed. */
const suggestions = ['*', 'order.*', 'order.created', 'order.cancelled', 'order.shipped', 'fulfillment_order.*', 'shipment.*', 'shipment.created', 'shipment.delivered', 'inventory.*', 'return.*', 'channel.*'];

interface Values {
  url: string;
  events: string[];
  description: string;
}

/**
 * POST /v1/webhook-endpoints (then its signing secret, shown once) or PATCH an endpoint's URL,
 * events and description. The server refuses URLs it may not call and names the field.
 */
export function EndpointDialog({ endpoint, opened, onClose }: { endpoint?: Endpoint | undefined; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { url: endpoint?.url ?? '', events: endpoint?.events ?? ['order.*'], description: endpoint?.description ?? '' },
    validate: {
      url: (v) => (v.trim() ? null : 'Where should the events go? An https URL'),
      events: (v) => (v.length > 0 ? null : 'Choose at least one event type, a family such as order.*, or *'),
    },
  });
  const mutation = useMutation({
    mutationFn: (v: Values) => {
      const description = v.description.trim();
      if (endpoint) {
        return call(api.PATCH('/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.id } }, body: { url: v.url.trim(), events: v.events, description: description || null } }));
      }
      return call(api.POST('/v1/webhook-endpoints', { body: { url: v.url.trim(), events: v.events, ...(description ? { description } : {}) } }));
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['webhook-endpoints'] });
      if ('secret' in saved && typeof saved.secret === 'string') {
        setSecret(saved.secret);
        return;
      }
      notifications.show({ color: 'green', title: 'Saved', message: `${saved.url} is saved.` });
      onClose();
    },
    onError: (e) => showOnForm(form, e, (field) => field.replace(/^events\[\d+\]$/, 'events')),
  });
  const close = () => {
    setSecret(null);
    form.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={endpoint ? 'Edit the webhook endpoint' : 'Add a webhook endpoint'} size="lg" data-testid="endpoint-dialog">
      {secret ? (
        <Stack gap="sm">
          <SecretOnce label="Signing secret" value={secret} testId="endpoint-secret">
            Verify each delivery’s webhook-signature header with it (any Standard Webhooks library). Copy it now: it is not shown again; rotate it to get a new one.
          </SecretOnce>
          <Group justify="flex-end">
            <Button onClick={close} data-testid="endpoint-secret-done">
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
          <Stack gap="sm">
            <ProblemAlert error={mutation.error} form={form} testId="endpoint-problem" />
            <TextInput label="URL" required placeholder="https://example.com/hooks/oms" maxLength={2000} {...form.getInputProps('url')} data-testid="endpoint-url" />
            <TagsInput label="Events" description="An event type, a family such as order.*, or * for all; Enter after each" data={suggestions} required {...form.getInputProps('events')} data-testid="endpoint-events" />
            <Textarea label="Description" autosize minRows={1} maxLength={500} {...form.getInputProps('description')} data-testid="endpoint-description" />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending} data-testid="endpoint-submit">
                {endpoint ? 'Save' : 'Add endpoint'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
