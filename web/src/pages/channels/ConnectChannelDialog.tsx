import { Button, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { channelKind, channelKinds, settingsFrom, settingValues, type ChannelType, type SettingValues } from './channel-kinds';
import { ChannelSettingsFields, LocationsSelect } from './ChannelSettingsFields';

interface Values {
  type: ChannelType;
  name: string;
  secret: string;
  access_token: string;
  settings: SettingValues;
  locations: string[];
}

/**
 * POST /v1/channels: the kind, a name, its credentials (write-only: sealed by the server and never
 * shown again) and the settings of that kind. Afterwards the channel's page says where the platform
 * sends its webhooks.
 */
export function ConnectChannelDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { type: 'shopify', name: '', secret: '', access_token: '', settings: settingValues(channelKind('shopify')), locations: [] },
    validate: { name: (v) => (v.trim() ? null : 'Name the channel: it is how orders show where they came from') },
  });
  const kind = channelKind(form.getValues().type);
  const mutation = useMutation({
    mutationFn: (v: Values) => {
      const { settings, errors } = settingsFrom(kind, v.settings);
      if (Object.keys(errors).length > 0) {
        form.setErrors(errors);
        return Promise.reject(new Error('Some settings are not valid.'));
      }
      return call(
        api.POST('/v1/channels', {
          body: {
            type: v.type,
            name: v.name.trim(),
            ...(v.secret ? { secret: v.secret } : {}),
            ...(v.access_token ? { access_token: v.access_token } : {}),
            ...(Object.keys(settings).length > 0 ? { settings } : {}),
            ...(v.locations.length > 0 ? { locations: v.locations } : {}),
          },
        }),
      );
    },
    onSuccess: async (channel) => {
      notifications.show({ color: 'green', title: 'Channel connected', message: `${channel.name} is connected.` });
      await queryClient.invalidateQueries({ queryKey: ['channels'] });
      form.reset();
      onClose();
      await navigate({ to: '/channels/$channelId', params: { channelId: channel.id } });
    },
    onError: (e) => showOnForm(form, e, (field) => field.replace(/^locations\[\d+\]$/, 'locations')),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Connect a channel" size="lg" data-testid="connect-dialog">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} form={form} testId="connect-problem" />
          <Select
            label="Kind"
            data={channelKinds.map((k) => ({ value: k.type, label: k.label }))}
            allowDeselect={false}
            {...form.getInputProps('type')}
            onChange={(type) => {
              if (!type) return;
              form.setFieldValue('type', type as ChannelType);
              form.setFieldValue('settings', settingValues(channelKind(type)));
            }}
            data-testid="connect-type"
          />
          <Text size="sm" c="dark.3">
            {kind.summary}
          </Text>
          <TextInput label="Name" required maxLength={100} {...form.getInputProps('name')} data-testid="connect-name" />
          {kind.secret && <PasswordInput label={kind.secret.label} description={kind.secret.description} autoComplete="off" {...form.getInputProps('secret')} data-testid="connect-secret" />}
          {kind.accessToken && <PasswordInput label={kind.accessToken.label} description={kind.accessToken.description} autoComplete="off" {...form.getInputProps('access_token')} data-testid="connect-access-token" />}
          <ChannelSettingsFields kind={kind} form={form} />
          <LocationsSelect
            label="Locations"
            description={kind.type === 'pos' ? 'The stores whose tills record sales here' : 'Optional: the locations that feed this channel'}
            value={form.getValues().locations}
            onChange={(ids) => form.setFieldValue('locations', ids)}
            error={form.errors.locations}
            testId="connect-locations"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="connect-close">
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="connect-submit">
              Connect
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
