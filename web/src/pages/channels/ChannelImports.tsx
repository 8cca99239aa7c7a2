import { Button, Card, FileInput, Group, Progress, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { uploadFile } from '../../api/upload';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableScroll } from '../../ui/TableScroll';
import { channelKind } from './channel-kinds';
import type { Channel, ImportJob } from './channel-queries';
import { ImportJobCard } from './ImportJobCard';

type Format = ReturnType<typeof channelKind>['importFormats'][number];
const mediaType = (format: Format, file: File): string =>
  format === 'csv' ? 'text/csv' : format === 'x12' ? 'application/edi-x12' : /\.(nd)?jsonl?$/i.test(file.name) && !/\.json$/i.test(file.name) ? 'application/x-ndjson' : 'application/json';

interface Values {
  format: Format;
  file: File | null;
  mapping: string;
}

/**
 * POST /v1/channels/{id}/imports: the file is streamed to the server, which captures its orders as
 * it reads (so the upload's progress is the import's); the job's counts are polled meanwhile
 * (GET /v1/channels/{id}/imports, then GET /v1/imports/{id}). Then its result and rejected rows.
 */
function ImportUpload({ channel, onStarted }: { channel: Channel; onStarted: (id: string | undefined) => void }) {
  const queryClient = useQueryClient();
  const kind = channelKind(channel.type);
  const [sent, setSent] = useState<number | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { format: kind.importFormats[0] ?? 'csv', file: null, mapping: '' },
    validate: {
      file: (f) => (f ? null : 'Choose the file to import'),
      mapping: (m, v) => {
        if (v.format !== 'csv' || !m.trim()) return null;
        try {
          JSON.parse(m);
          return null;
        } catch {
          return 'is not valid JSON';
        }
      },
    },
  });
  const mutation = useMutation({
    mutationFn: async (v: Values) => {
      const file = v.file as File;
      const query = new URLSearchParams({ format: v.format, ...(v.format === 'csv' && v.mapping.trim() ? { mapping: v.mapping.trim() } : {}) });
      setSent(0);
      // The job appears in the channel's list as soon as the server starts reading: follow it there.
      const follow = window.setInterval(() => void queryClient.invalidateQueries({ queryKey: ['channel', channel.id, 'imports'] }), 1000);
      try {
        return await uploadFile<ImportJob>(`/v1/channels/${channel.id}/imports?${query}`, file, mediaType(v.format, file), (loaded, total) => setSent(total > 0 ? Math.round((loaded / total) * 100) : 0)).done;
      } finally {
        window.clearInterval(follow);
        setSent(null);
      }
    },
    onSuccess: async (job) => {
      notifications.show({ color: job.counts.rejected > 0 ? 'orange' : 'green', title: 'Import finished', message: `${job.counts.imported} imported, ${job.counts.duplicates} duplicates, ${job.counts.rejected} rejected.` });
      onStarted(job.id);
      queryClient.setQueryData(['import', job.id], job);
      form.setFieldValue('file', null);
      await queryClient.invalidateQueries({ queryKey: ['channel', channel.id, 'imports'] });
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
    onError: (e) => showOnForm(form, e, (field) => (field === 'query.mapping' ? 'mapping' : field === 'body' ? 'file' : field)),
  });
  return (
    <Card withBorder padding="md">
      <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5">
            Import a file of orders
          </Title>
          <ProblemAlert error={mutation.error} form={form} testId="import-upload-problem" />
          <Group align="flex-start" gap="sm" wrap="wrap">
            <Select label="Format" data={kind.importFormats.map((f) => ({ value: f, label: f === 'csv' ? 'CSV' : f === 'x12' ? 'X12 interchanges' : `${channelKind(f).label} JSON / NDJSON` }))} allowDeselect={false} w={240} {...form.getInputProps('format')} data-testid="import-format" />
            <FileInput label="File" accept=".csv,.txt,.json,.ndjson,.jsonl,.x12,.edi" clearable w={{ base: '100%', sm: 320 }} leftSection={<IconUpload size={16} aria-hidden />} {...form.getInputProps('file')} data-testid="import-file" />
          </Group>
          {form.getValues().format === 'csv' && (
            <Textarea label="Column mapping (optional)" description="JSON {field: header}; empty: the channel’s mapping, else Shopify’s orders export headers" autosize minRows={1} ff="monospace" {...form.getInputProps('mapping')} data-testid="import-mapping" />
          )}
          {sent !== null && <Progress value={sent} animated striped aria-label={`Uploading and importing: ${sent}% of the file sent`} data-testid="import-upload-progress" />}
          <Group>
            <Button type="submit" loading={mutation.isPending} data-testid="import-submit">
              Import
            </Button>
            <Text size="xs" c="dark.3">
              Orders already captured from this channel count as duplicates: a file can be imported again safely.
            </Text>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** A channel's imports: upload one, the newest 20 with their counts, and one of them in full. */
export function ChannelImports({ channel, canImport }: { channel: Channel; canImport: boolean }) {
  const [selected, setSelected] = useState<string | undefined>();
  const imports = useQuery({
    queryKey: ['channel', channel.id, 'imports'],
    queryFn: () => call(api.GET('/v1/channels/{id}/imports', { params: { path: { id: channel.id }, query: { limit: 20 } } })),
    refetchInterval: (q) => (q.state.data?.data.some((j) => j.status === 'running') ? 2000 : false),
  });
  const rows = imports.data?.data ?? [];
  const shown = selected ?? rows.find((j) => j.status === 'running')?.id;
  return (
    <Stack gap="md">
      {canImport && <ImportUpload channel={channel} onStarted={setSelected} />}
      {shown && <ImportJobCard key={shown} id={shown} />}
      <ProblemAlert error={imports.error} testId="imports-problem" />
      {imports.data && rows.length === 0 && <EmptyState title="No imports yet">Files of orders imported into this channel are listed here with what was rejected.</EmptyState>}
      {rows.length > 0 && (
        <TableScroll label="Imports">
          <Table striped highlightOnHover verticalSpacing="xs" data-testid="imports-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Started</Table.Th>
                <Table.Th scope="col">Format</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col" ta="right">
                  Imported
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Duplicates
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Rejected
                </Table.Th>
                <Table.Th scope="col">Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((j) => (
                <Table.Tr key={j.id} data-testid="imports-table-row" data-id={j.id}>
                  <Table.Td>
                    <DateTime value={j.created_at} />
                  </Table.Td>
                  <Table.Td>{j.format}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={j.status} />
                  </Table.Td>
                  <Table.Td ta="right">{j.counts.imported}</Table.Td>
                  <Table.Td ta="right">{j.counts.duplicates}</Table.Td>
                  <Table.Td ta="right">{j.counts.rejected}</Table.Td>
                  <Table.Td>
                    <Button size="compact-xs" variant="subtle" onClick={() => setSelected(j.id)} aria-label={`Show import ${j.id}`} data-testid="import-show">
                      Show
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
}
