import { ActionIcon, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash, IconWand } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { DataTable } from '../../ui/DataTable';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import type { Carrier } from '../setup/types';
import { useAllowed } from '../../auth/use-can';

const kindLabel = (k: string) => (k === 'rate_card' ? 'Rate card' : k === 'easypost' ? 'EasyPost aggregator' : k);

/** GET /v1/carriers: the carrier connections rate shopping chooses among. */
export function CarriersPage() {
  const canWrite = useAllowed('carriers:write');
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState<Carrier | null>(null);
  const carriers = useQuery({ queryKey: ['carriers'], queryFn: () => call(api.GET('/v1/carriers')) });
  const samples = useMutation({
    mutationFn: () => call(api.POST('/v1/carriers/samples')),
    onSuccess: async (answer) => {
      notifications.show({ color: 'green', title: 'Sample carriers added', message: `${answer.data.map((c) => c.name).join(', ')}: illustrative prices, for trying the OMS.` });
      await queryClient.invalidateQueries({ queryKey: ['carriers'] });
    },
  });
  if (carriers.error) return <ErrorView error={carriers.error} />;
  const rows = carriers.data?.data ?? [];
  const actions = canWrite ? (
    <>
      <Button variant="default" leftSection={<IconWand size={16} aria-hidden />} loading={samples.isPending} onClick={() => samples.mutate()} data-testid="carriers-samples">
        Add sample carriers
      </Button>
      <ButtonLink to="/carriers/new" leftSection={<IconPlus size={16} aria-hidden />} data-testid="carrier-new">
        New carrier
      </ButtonLink>
    </>
  ) : undefined;
  return (
    <>
      <PageHeader title="Carriers" subtitle="Rate cards and aggregator connections that quote, buy labels and track" actions={actions} />
      <Stack gap="sm">
        <ProblemAlert error={samples.error} testId="carriers-samples-problem" />
        {carriers.data && rows.length === 0 && (
          <EmptyState title="No carriers yet">
            Without a carrier no label can be bought. Add the sample UPS, FedEx and USPS cards to try the OMS, or upload your own rate card.
          </EmptyState>
        )}
        {rows.length > 0 && (
          <DataTable
            caption="Carriers"
            testId="carriers-table"
            rows={rows}
            rowKey={(c) => c.code}
            columns={[
              {
                header: 'Carrier',
                render: (c) => (
                  <Stack gap={0}>
                    <AnchorLink to="/carriers/$code" params={{ code: c.code }} fw={600} data-testid="carrier-link">
                      {c.name}
                    </AnchorLink>
                    <Text size="xs" ff="monospace">
                      {c.code}
                    </Text>
                  </Stack>
                ),
              },
              { header: 'Kind', render: (c) => kindLabel(c.kind), nowrap: true },
              { header: 'Services', render: (c) => (c.services.length ? c.services.map((s) => s.name).join(', ') : '—') },
              { header: 'Tracking numbers left', render: (c) => (c.tracking?.remaining ?? null) === null ? '—' : c.tracking?.remaining?.toLocaleString(), align: 'right', hiddenBelow: 'lg' },
              {
                header: 'Status',
                nowrap: true,
                render: (c) => (
                  <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }} miw="max-content">
                    <Badge color={c.active ? 'green' : 'gray'} variant="light">
                      {c.active ? 'Active' : 'Inactive'}
                    </Badge>
                    {c.sample && (
                      <Badge color="orange" variant="light" title="Illustrative prices, not a carrier tariff">
                        Sample
                      </Badge>
                    )}
                  </Group>
                ),
              },
              ...(canWrite
                ? [
                    {
                      header: 'Actions',
                      align: 'right' as const,
                      render: (c: Carrier) => (
                        <ActionIcon variant="subtle" color="red" aria-label={`Delete carrier ${c.name}`} onClick={() => setDeleting(c)} data-testid="carrier-delete">
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Stack>
      {deleting && (
        <ConfirmDelete
          opened
          onClose={() => setDeleting(null)}
          title={`Delete carrier ${deleting.name}?`}
          testId="carrier-delete-dialog"
          onConfirm={() => call(api.DELETE('/v1/carriers/{code}', { params: { path: { code: deleting.code } } }))}
          onDone={() => queryClient.invalidateQueries({ queryKey: ['carriers'] })}
        >
          Its services are no longer quoted and no label can be bought from it. Shipments already made keep their records and tracking.
        </ConfirmDelete>
      )}
    </>
  );
}
