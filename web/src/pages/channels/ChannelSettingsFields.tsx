import type { ReactNode } from 'react';
import { MultiSelect, Select, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { ChannelKind } from './channel-kinds';

/** The settings fields of a kind of channel, bound to `settings.<key>` of the form (where the API's field errors land). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form holding `settings`
export function ChannelSettingsFields({ kind, form }: { kind: ChannelKind; form: UseFormReturnType<any> }) {
  if (kind.fields.length === 0) return null;
  return (
    <Stack gap="xs">
      {kind.fields.map((f) => {
        const path = `settings.${f.key}`;
        const common = { label: f.label, description: f.description, placeholder: f.placeholder, withAsterisk: f.required, 'data-testid': `channel-setting-${f.key}` };
        if (f.input === 'switch') return <Switch key={f.key} label={f.label} description={f.description} {...form.getInputProps(path, { type: 'checkbox' })} data-testid={common['data-testid']} />;
        if (f.input === 'select') return <Select key={f.key} {...common} data={f.options ?? []} clearable {...form.getInputProps(path)} />;
        if (f.input === 'json') return <Textarea key={f.key} {...common} autosize minRows={2} ff="monospace" {...form.getInputProps(path)} />;
        return <TextInput key={f.key} {...common} {...form.getInputProps(path)} />;
      })}
    </Stack>
  );
}

/** The tenant's locations (GET /v1/locations) as choices; a channel stores their ids. */
export function LocationsSelect({ label, description, value, onChange, error, testId }: { label: string; description?: string; value: string[]; onChange: (ids: string[]) => void; error?: ReactNode; testId: string }) {
  const locations = useQuery({ queryKey: ['locations', 'choices'], queryFn: () => call(api.GET('/v1/locations', { params: { query: { limit: 500 } } })) });
  const data = (locations.data?.data ?? []).map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }));
  return <MultiSelect label={label} description={description} data={data} value={value} onChange={onChange} error={error} searchable clearable nothingFoundMessage="No such location" data-testid={testId} />;
}
