import { Anchor, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { api, call } from '../../api/client';
import { DateTime } from '../../ui/DateTime';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableScroll } from '../../ui/TableScroll';
import type { ImportJob } from './channel-queries';

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The rejected rows as a CSV file (row, column, external id, reason), as `oms import` writes FILE.rejected.csv. */
export function rejectedCsv(job: ImportJob): string {
  const lines = [['row', 'column', 'external_id', 'reason'].join(',')];
  for (const r of job.rejected) lines.push([r.row, r.column, r.external_id, r.reason].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function RejectedDownload({ job }: { job: ImportJob }) {
  const href = useMemo(() => URL.createObjectURL(new Blob([rejectedCsv(job)], { type: 'text/csv' })), [job]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  return (
    <Anchor href={href} download={`${job.id}-rejected.csv`} size="sm" data-testid="import-rejected-download">
      <Group gap={4} component="span">
        <IconDownload size={16} aria-hidden />
        Download the rejected rows (CSV)
      </Group>
    </Anchor>
  );
}

const Count = ({ label, value, testId }: { label: string; value: number; testId: string }) => (
  <Stack gap={0}>
    <Text size="xs" c="dark.3">
      {label}
    </Text>
    <Text fw={700} size="lg" data-testid={testId}>
      {value.toLocaleString()}
    </Text>
  </Stack>
);

/**
 * One import (GET /v1/imports/{id}), polled every second while it runs: its counts, a progress bar
 * (the upload's share of the file while this tab sends it; moving while the server works), the
 * rejections with row and reason, and the rejected rows as a file.
 */
export function ImportJobCard({ id, uploaded }: { id: string; uploaded?: number | undefined }) {
  const query = useQuery({
    queryKey: ['import', id],
    queryFn: () => call(api.GET('/v1/imports/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
  const job = query.data;
  if (query.error) return <ProblemAlert error={query.error} testId="import-problem" />;
  if (!job) return null;
  const running = job.status === 'running';
  const processed = job.counts.imported + job.counts.duplicates + job.counts.rejected;
  return (
    <Card withBorder padding="md" data-testid="import-job" data-status={job.status} data-id={job.id}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            Import {job.id} · {job.format}
          </Title>
          <StatusBadge status={job.status} />
        </Group>
        <Progress
          value={running ? (uploaded ?? 100) : 100}
          animated={running}
          striped={running}
          color={job.status === 'failed' || job.status === 'interrupted' ? 'red' : job.counts.rejected > 0 ? 'orange' : 'teal'}
          aria-label={running ? `Importing: ${processed} orders processed` : `Import ${job.status}`}
          data-testid="import-progress"
        />
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Count label="Orders read" value={job.counts.total} testId="import-total" />
          <Count label="Imported" value={job.counts.imported} testId="import-imported" />
          <Count label="Duplicates (left alone)" value={job.counts.duplicates} testId="import-duplicates" />
          <Count label="Rejected" value={job.counts.rejected} testId="import-rejected" />
        </SimpleGrid>
        <Text size="sm" c="dark.3">
          Started <DateTime value={job.created_at} />
          {job.finished_at && (
            <>
              {' '}
              · finished <DateTime value={job.finished_at} />
            </>
          )}
        </Text>
        {job.error && (
          <Text c="red.8" size="sm" role="alert" data-testid="import-error">
            {job.error}
          </Text>
        )}
        {job.rejected.length > 0 && (
          <>
            <Group justify="space-between">
              <Text size="sm" fw={500}>
                {job.counts.rejected > job.rejected.length ? `The first ${job.rejected.length} of ${job.counts.rejected} rejections` : 'Rejections'}
              </Text>
              <RejectedDownload job={job} />
            </Group>
            <TableScroll label="Rejected rows">
              <Table verticalSpacing={4} data-testid="import-rejections">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Row</Table.Th>
                    <Table.Th scope="col">Column</Table.Th>
                    <Table.Th scope="col">External id</Table.Th>
                    <Table.Th scope="col">Reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {job.rejected.slice(0, 20).map((r, i) => (
                    <Table.Tr key={`${r.row ?? 'x'}-${i}`} data-testid="import-rejection">
                      <Table.Td>{r.row ?? '—'}</Table.Td>
                      <Table.Td>{r.column ?? '—'}</Table.Td>
                      <Table.Td>{r.external_id ?? '—'}</Table.Td>
                      <Table.Td>{r.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          </>
        )}
      </Stack>
    </Card>
  );
}
