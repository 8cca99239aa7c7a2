import { Card, Center, Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { Stat } from '../../ui/Stat';
import { TableScroll } from '../../ui/TableScroll';
import { useChannelNames } from '../channels/channel-names';
import { bands, formatNps, groupings, periodOf, periods, share, type Band, type Grouping, type SatisfactionSearch } from './satisfaction-period';
import { activeSatisfactionSearch } from './satisfaction-search';
import { SurveyComment, SurveyScore, type SurveyResponse } from './survey-ui';

const route = getRouteApi('/app/satisfaction');
type Nps = paths['/v1/nps']['get']['responses'][200]['content']['application/json'];
type Figures = Nps['total'];

const groupLabels: Record<Grouping, { label: string; heading: string; column: string }> = {
  channel: { label: 'Channel', heading: 'NPS by channel', column: 'Channel' },
  week: { label: 'Week', heading: 'NPS by week (ISO weeks)', column: 'Week' },
  month: { label: 'Month', heading: 'NPS by month (UTC)', column: 'Month' },
};

function Totals({ total }: { total: Figures }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 5 }} spacing="md" data-testid="nps-total">
      <Stat label="Net Promoter Score" value={formatNps(total.nps)} detail="−100 to +100" testId="nps-score" />
      <Stat label="Responses" value={String(total.responses)} testId="nps-responses" />
      <Stat label="Promoters (9–10)" value={String(total.promoters)} detail={share(total.promoters, total.responses)} testId="nps-promoters" />
      <Stat label="Passives (7–8)" value={String(total.passives)} detail={share(total.passives, total.responses)} testId="nps-passives" />
      <Stat label="Detractors (0–6)" value={String(total.detractors)} detail={share(total.detractors, total.responses)} testId="nps-detractors" />
    </SimpleGrid>
  );
}

function Groups({ nps, label }: { nps: Nps; label: (key: string) => string }) {
  const g = groupLabels[nps.group_by];
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        {g.heading}
      </Title>
      <TableScroll label={g.heading}>
        <Table verticalSpacing="xs" striped data-testid="nps-groups">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{g.column}</Table.Th>
              {['Responses', 'Promoters', 'Passives', 'Detractors', 'NPS'].map((h) => (
                <Table.Th key={h} scope="col" ta="right">
                  {h}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {nps.groups.map((r) => (
              <Table.Tr key={r.key} data-testid="nps-group" data-key={r.key}>
                <Table.Td>{label(r.key)}</Table.Td>
                <Table.Td ta="right" data-testid="nps-group-responses">
                  {r.responses}
                </Table.Td>
                <Table.Td ta="right">{r.promoters}</Table.Td>
                <Table.Td ta="right">{r.passives}</Table.Td>
                <Table.Td ta="right">{r.detractors}</Table.Td>
                <Table.Td ta="right" fw={600} data-testid="nps-group-score">
                  {formatNps(r.nps)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Card>
  );
}

function Responses({ period, channel, band, channelName }: { period: { from?: string; to?: string }; channel: string | undefined; band: Band | undefined; channelName: (key: string) => string }) {
  const navigate = route.useNavigate();
  const query = { ...period, ...(channel ? { channel } : {}), ...(band ? { score_min: bands[band].score_min, score_max: bands[band].score_max } : {}) };
  const list = useCursorList(['survey-responses', query], (cursor) => call(api.GET('/v1/survey-responses', { params: { query: { ...query, limit: 25, ...(cursor ? { cursor } : {}) } } })));
  const columns: Column<SurveyResponse>[] = [
    { header: 'Answered', render: (r) => <DateTime value={r.answered_at} />, nowrap: true },
    {
      header: 'Order',
      render: (r) => (
        <AnchorLink to="/orders/$orderId" params={{ orderId: r.order_id }} fw={600} data-testid="response-order-link">
          {r.order_name}
        </AnchorLink>
      ),
      nowrap: true,
    },
    { header: 'Channel', render: (r) => channelName(r.channel), hiddenBelow: 'md' },
    { header: 'Score', render: (r) => <SurveyScore score={r.score} category={r.category} testId="response-score" />, nowrap: true },
    { header: 'Comment', render: (r) => <SurveyComment response={r} testId="response-comment" /> },
  ];
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" align="flex-end" mb="sm" gap="sm">
        <Title order={2} size="h4">
          Answers
        </Title>
        <Stack gap={4}>
          <Text size="sm" fw={600} id="responses-band-label">
            Score
          </Text>
          <SegmentedControl
            aria-labelledby="responses-band-label"
            size="xs"
            data={[{ value: 'all', label: 'All' }, ...Object.entries(bands).map(([value, b]) => ({ value, label: b.label }))]}
            value={band ?? 'all'}
            onChange={(v) => void navigate({ search: (s: SatisfactionSearch) => activeSatisfactionSearch({ ...s, band: v === 'all' ? undefined : (v as Band) }), replace: true })}
            data-testid="responses-band"
          />
        </Stack>
      </Group>
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(r) => r.id}
        caption="Survey answers, newest first"
        testId="responses-table"
        empty={
          <EmptyState title={band || channel ? 'No answer matches' : 'No answers in this period'} testId="responses-empty">
            {band || channel ? 'Choose another score band, channel or a longer period.' : 'Answers arrive from customers: when a shipment is delivered, the delivered e-mail carries a link to a one-question survey; each answer shows here and on its order.'}
          </EmptyState>
        }
      />
    </Card>
  );
}

/**
 * The satisfaction survey after delivery (ADR 0037): the Net Promoter Score of the period per
 * channel, week or month (GET /v1/nps), and the answers with their comments (GET
 * /v1/survey-responses) by score band and channel. Filters live in the URL.
 */
export function SatisfactionPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const set = (change: Partial<SatisfactionSearch>) => void navigate({ search: (s: SatisfactionSearch) => activeSatisfactionSearch({ ...s, ...change }), replace: true });
  const group = search.group ?? 'channel';
  const period = periodOf(search, new Date());
  const range = { ...(period.from ? { from: period.from } : {}), ...(period.to ? { to: period.to } : {}) };
  const nps = useQuery({ queryKey: ['nps', range, search.channel ?? null, group], queryFn: () => call(api.GET('/v1/nps', { params: { query: { ...range, group_by: group, ...(search.channel ? { channel: search.channel } : {}) } } })) });
  // The channel choices: every channel with answers in the period.
  const byChannel = useQuery({ queryKey: ['nps', range, null, 'channel'], queryFn: () => call(api.GET('/v1/nps', { params: { query: { ...range, group_by: 'channel' } } })) });
  const channelName = useChannelNames();
  const channels = [...new Set([...(byChannel.data?.groups.map((g) => g.key) ?? []), ...(search.channel ? [search.channel] : [])])];
  return (
    <>
      <PageHeader title="Satisfaction" subtitle="How likely customers are to recommend you, asked once a shipment is delivered: the Net Promoter Score and every answer." />
      <Group align="flex-end" gap="md" mb="md" wrap="wrap">
        <Select label="Period (answered)" data={[...periods]} value={search.period ?? '90'} onChange={(v) => set({ period: (v ?? '90') as SatisfactionSearch['period'] })} allowDeselect={false} w={170} data-testid="satisfaction-period" />
        {search.period === 'range' && (
          <>
            <TextInput type="date" label="From" value={search.from ?? ''} onChange={(e) => set({ from: e.currentTarget.value || undefined })} w={170} data-testid="satisfaction-from" />
            <TextInput type="date" label="To (inclusive)" value={search.to ?? ''} onChange={(e) => set({ to: e.currentTarget.value || undefined })} w={170} data-testid="satisfaction-to" />
          </>
        )}
        <Select
          label="Channel"
          data={[{ value: 'all', label: 'All channels' }, ...channels.map((c) => ({ value: c, label: channelName(c) }))]}
          value={search.channel ?? 'all'}
          onChange={(v) => set({ channel: v && v !== 'all' ? v : undefined })}
          allowDeselect={false}
          w={200}
          data-testid="satisfaction-channel"
        />
        <Stack gap={4}>
          <Text size="sm" fw={600} id="satisfaction-group-label">
            NPS by
          </Text>
          <SegmentedControl aria-labelledby="satisfaction-group-label" data={groupings.map((g) => ({ value: g, label: groupLabels[g].label }))} value={group} onChange={(v) => set({ group: v as Grouping })} data-testid="satisfaction-group" />
        </Stack>
        <Text size="xs" c="dimmed" mb={8} data-testid="satisfaction-range">
          {period.firstDay ?? 'the first answer'} to {period.lastDay ?? 'today'} (UTC days)
        </Text>
      </Group>
      {nps.error ? (
        <ErrorView error={nps.error} reset={() => void nps.refetch()} />
      ) : !nps.data ? (
        <Center py="xl">
          <Loader aria-label="Loading the Net Promoter Score" />
        </Center>
      ) : (
        <Stack gap="md">
          <Totals total={nps.data.total} />
          {nps.data.groups.length > 0 && <Groups nps={nps.data} label={group === 'channel' ? channelName : (k) => k} />}
          <Responses period={range} channel={search.channel} band={search.band} channelName={channelName} />
        </Stack>
      )}
    </>
  );
}
