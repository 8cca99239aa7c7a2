import { Card, Center, Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorView } from '../../ui/ErrorView';
import { PageHeader } from '../../ui/PageHeader';
import { Stat } from '../../ui/Stat';
import { TableScroll } from '../../ui/TableScroll';
import { useChannelNames } from '../channels/channel-names';
import { duration, lastDays, percent, periods } from './analytics-period';
import { reasonLabel, returnQueries, type AnalyticsGroup } from './return-api';
import { ReturnsTabs } from './ReturnsTabs';

const groups: { value: AnalyticsGroup; label: string; heading: string }[] = [
  { value: 'sku', label: 'SKU', heading: 'Return rate by SKU' },
  { value: 'reason', label: 'Reason', heading: 'Return rate by reason' },
  { value: 'channel', label: 'Channel', heading: 'Return rate by channel' },
];

/**
 * GET /v1/analytics/returns: the return rate (units returned ÷ units shipped of orders placed in the
 * period) by SKU, reason or channel, and how long returned units wait between the dock and their
 * disposition (p50, p90).
 */
export function ReturnAnalyticsPage() {
  const [period, setPeriod] = useState<string>('30');
  const [group, setGroup] = useState<AnalyticsGroup>('sku');
  const range = lastDays(Number(period), new Date());
  const query = useQuery(returnQueries.analytics({ ...range, group_by: group }));
  const reasons = useQuery({ ...returnQueries.reasons(), enabled: group === 'reason' });
  const channelName = useChannelNames(group === 'channel');
  const data = query.data;
  const label = (key: string) => (group === 'reason' ? reasonLabel(reasons.data?.reasons, key) : group === 'channel' ? channelName(key) : key);
  const returned = data?.rates.reduce((n, r) => n + r.units_returned, 0) ?? 0;
  // By reason every row has the period's shipped units as its denominator: the total is that once.
  const shipped = data ? (group === 'reason' ? (data.rates[0]?.units_shipped ?? 0) : data.rates.reduce((n, r) => n + r.units_shipped, 0)) : 0;
  const rows = [...(data?.rates ?? [])].sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.units_returned - a.units_returned || a.key.localeCompare(b.key));
  return (
    <>
      <PageHeader title="Return analytics" subtitle="Of the orders placed in the period: how many shipped units came back, and how fast returned units were put away." />
      <ReturnsTabs />
      <Group align="flex-end" gap="md" mb="md" wrap="wrap">
        <Select label="Period (orders placed)" data={[...periods]} value={period} onChange={(v) => setPeriod(v ?? '30')} allowDeselect={false} w={200} data-testid="analytics-period" />
        <Stack gap={4}>
          <Text size="sm" fw={600} id="analytics-group-label">
            Return rate by
          </Text>
          <SegmentedControl aria-labelledby="analytics-group-label" data={groups.map(({ value, label }) => ({ value, label }))} value={group} onChange={(v) => setGroup(v as AnalyticsGroup)} data-testid="analytics-group" />
        </Stack>
        <Text size="xs" c="dark.3" mb={8} data-testid="analytics-range">
          {range.from} to {range.to} (UTC, end excluded)
        </Text>
      </Group>
      {query.error ? (
        <ErrorView error={query.error} reset={() => void query.refetch()} />
      ) : !data ? (
        <Center py="xl">
          <Loader aria-label="Loading the return analytics" />
        </Center>
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            <Stat label="Return rate" value={percent(shipped > 0 ? returned / shipped : null)} testId="analytics-rate" />
            <Stat label="Units returned / shipped" value={`${returned} / ${shipped}`} testId="analytics-units" />
            <Stat label="Dock to stock, median (p50)" value={duration(data.dock_to_stock.p50_seconds)} testId="analytics-p50" />
            <Stat label="Dock to stock, p90" value={duration(data.dock_to_stock.p90_seconds)} testId="analytics-p90" />
          </SimpleGrid>
          <Card withBorder padding="md">
            <Title order={2} size="h4" mb="sm">
              {groups.find((g) => g.value === group)?.heading}
            </Title>
            {rows.length === 0 ? (
              <EmptyState title="Nothing shipped in this period">Choose a longer period.</EmptyState>
            ) : (
              <TableScroll label="Return rate">
                <Table verticalSpacing="xs" striped data-testid="analytics-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{groups.find((g) => g.value === group)?.label}</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Units returned
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Units shipped
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Return rate
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
                      <Table.Tr key={r.key} data-testid="analytics-row" data-key={r.key}>
                        <Table.Td ff={group === 'sku' ? 'monospace' : undefined}>{label(r.key)}</Table.Td>
                        <Table.Td ta="right" data-testid="analytics-returned">
                          {r.units_returned}
                        </Table.Td>
                        <Table.Td ta="right" data-testid="analytics-shipped">
                          {r.units_shipped}
                        </Table.Td>
                        <Table.Td ta="right" fw={600} data-testid="analytics-row-rate">
                          {percent(r.rate)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            )}
            {group === 'reason' && rows.length > 0 && (
              <Text size="xs" c="dark.3" mt="xs">
                By reason, each rate is over every unit shipped in the period.
              </Text>
            )}
          </Card>
          <Text size="xs" c="dark.3" data-testid="analytics-dock-units">
            Dock to stock: {data.dock_to_stock.units} unit(s) disposed in the period, from arrival at the dock to restocked, quarantined or written off.
          </Text>
        </Stack>
      )}
    </>
  );
}
