import { Button, Card, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { channelKind, settingsFrom, settingValues, type SettingValues } from './channel-kinds';
import type { Channel } from './channel-queries';
import { ChannelSettingsFields, LocationsSelect } from './ChannelSettingsFields';

interface Values {
  name: string;
  settings: SettingValues;
  locations: string[];
}

/**
 * PATCH /v1/channels/{id}: name, settings of its kind (keys the form does not show are kept) and
 * locations. Only what changed is sent; the server checks the settings as on creation.
 */
export function ChannelSettingsForm({ channel, canWrite }: { channel: Channel; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const kind = channelKind(channel.type);
  const initial: Values = { name: channel.name, settings: settingValues(kind, channel.settings), locations: channel.location_ids };
  const form = useForm<Values>({ mode: 'controlled', initialValues: initial, validate: { name: (v) => (v.trim() ? null : 'A channel needs a name') } });
  const mutation = useMutation({
    mutationFn: (v: Values) => {
      const { settings, errors } = settingsFrom(kind, v.settings, channel.settings);
      if (Object.keys(errors).length > 0) {
        form.setErrors(errors);
        return Promise.reject(new Error('Some settings are not valid.'));
      }
      const body = {
        ...(v.name.trim() !== channel.name ? { name: v.name.trim() } : {}),
        ...(JSON.stringify(settings) !== JSON.stringify(channel.settings) ? { settings } : {}),
        ...(JSON.stringify(v.locations) !== JSON.stringify(channel.location_ids) ? { locations: v.locations } : {}),
      };
      if (Object.keys(body).length === 0) return Promise.resolve(channel);
      return call(api.PATCH('/v1/channels/{id}', { params: { path: { id: channel.id } }, body }));
    },
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', title: 'Saved', message: `${saved.name}’s settings are saved.` });
      form.resetDirty();
      await queryClient.invalidateQueries({ queryKey: ['channel', channel.id] });
      await queryClient.invalidateQueries({ queryKey: ['channels'] });
    },
    onError: (e) => showOnForm(form, e, (field) => field.replace(/^locations\[\d+\]$/, 'locations')),
  });
  return (
    <Card withBorder padding="md" data-testid="channel-settings">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="sm" maw={640}>
            <ProblemAlert error={mutation.error} form={form} testId="channel-settings-problem" />
            <TextInput label="Name" required maxLength={100} {...form.getInputProps('name')} data-testid="channel-name" />
            <ChannelSettingsFields kind={kind} form={form} />
            <LocationsSelect label="Locations" description="The locations that feed this channel" value={form.getValues().locations} onChange={(ids) => form.setFieldValue('locations', ids)} error={form.errors.locations} testId="channel-locations" />
            {canWrite && (
              <Group>
                <Button type="submit" loading={mutation.isPending} data-testid="channel-settings-save">
                  Save settings
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
    </Card>
  );
}
