import { Button, Center, Code, Drawer, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { DateTime } from '../../ui/DateTime';
import { Fact } from '../../ui/Fact';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableScroll } from '../../ui/TableScroll';

/**
 * One delivery (GET /v1/webhook-deliveries/{id}) with every attempt and the receiver's answers, and
 * **Retry now** (POST …/retry, webhooks:write): sent again at once, whatever its status.
 */
export function DeliveryDrawer({ id, canRetry, onClose }: { id: string | undefined; canRetry: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['webhook-deliveries', 'one', id],
    queryFn: () => call(api.GET('/v1/webhook-deliveries/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? 2000 : false),
  });
  const retry = useMutation({
    mutationFn: () => call(api.POST('/v1/webhook-deliveries/{id}/retry', { params: { path: { id: id ?? '' } } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Retry queued', message: 'The delivery is sent again now.' });
      await queryClient.invalidateQueries({ queryKey: ['webhook-deliveries'] });
    },
  });
  const d = query.data;
  return (
    <Drawer opened={!!id} onClose={onClose} position="right" size="lg" title="Delivery" data-testid="delivery-drawer">
      {query.error && <ProblemAlert error={query.error} testId="delivery-problem" />}
      {id && !d && !query.error && (
        <Center py="xl">
          <Loader role="status" aria-label="Loading the delivery" />
        </Center>
      )}
      {d && (
        <Stack gap="md" data-testid="delivery-detail" data-id={d.id}>
          <Group justify="space-between">
            <Group gap="xs">
              <Title order={2} size="h4">
                {d.event_type}
              </Title>
              <StatusBadge status={d.status} />
            </Group>
            {canRetry && (
              <Button leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => retry.mutate()} loading={retry.isPending} data-testid="delivery-retry">
                Retry now
              </Button>
            )}
          </Group>
          <ProblemAlert error={retry.error} testId="delivery-retry-problem" />
          <SimpleGrid cols={2}>
            <Fact label="Delivery">{d.id}</Fact>
            <Fact label="Event (webhook-id)">{d.event_id}</Fact>
            <Fact label="Created">
              <DateTime value={d.created_at} />
            </Fact>
            <Fact label="Delivered">
              <DateTime value={d.delivered_at} />
            </Fact>
            <Fact label="Attempts" testId="delivery-attempts">
              {d.attempts}
            </Fact>
            <Fact label="Next attempt">
              <DateTime value={d.next_attempt_at} />
            </Fact>
            <Fact label="Ordered with">{d.ordering_key}</Fact>
            <Fact label="Last answer" testId="delivery-last">
              {[d.last_status_code, d.last_error].filter((v) => v !== null).join(' · ') || '—'}
            </Fact>
          </SimpleGrid>
          <Title order={3} size="h5">
            Attempts
          </Title>
          {d.attempt_log.length === 0 ? (
            <Text size="sm">Not tried yet.</Text>
          ) : (
            <TableScroll label="Attempts">
              <Table verticalSpacing={4} data-testid="delivery-attempt-log">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">#</Table.Th>
                    <Table.Th scope="col">At</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col" ta="right">
                      ms
                    </Table.Th>
                    <Table.Th scope="col">Answer or error</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.attempt_log.map((a) => (
                    <Table.Tr key={a.n} data-testid="delivery-attempt">
                      <Table.Td>{a.n}</Table.Td>
                      <Table.Td>
                        <DateTime value={a.at} />
                      </Table.Td>
                      <Table.Td>{a.status_code ?? '—'}</Table.Td>
                      <Table.Td ta="right">{a.duration_ms}</Table.Td>
                      <Table.Td>
                        {a.error && <Text size="sm">{a.error}</Text>}
                        {a.response_body && (
                          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 160, overflow: 'auto' }}>
                            {a.response_body}
                          </Code>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
