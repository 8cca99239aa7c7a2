import { Group, Select, Text } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import type { ReviewCase } from '../../api/types';
import { sessionQuery } from '../../auth/session';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { EmptyState } from '../../ui/EmptyState';
import { FilterInput } from '../../ui/FilterInput';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { PageHeader } from '../../ui/PageHeader';
import { activeReviewsSearch, ageLabel, caseKindLabel, type ReviewsSearch } from './reviews-search';

const route = getRouteApi('/app/reviews');

const columns: Column<ReviewCase>[] = [
  { header: 'Age', render: (c) => <span data-testid="review-age">{ageLabel(c.age_seconds)}</span>, nowrap: true },
  {
    header: 'Case',
    render: (c) => (
      <AnchorLink to="/reviews/$caseId" params={{ caseId: c.id }} fw={600} data-testid="review-link">
        {caseKindLabel(c.kind)}
      </AnchorLink>
    ),
  },
  {
    header: 'Order',
    render: (c) => (
      <AnchorLink to="/orders/$orderId" params={{ orderId: c.order_id }} data-testid="review-order">
        {c.order_name}
      </AnchorLink>
    ),
    hiddenBelow: 'md',
  },
  { header: 'Value', render: (c) => <Money amount={c.order_total} currency={c.currency} />, align: 'right', nowrap: true },
  { header: 'Score', render: (c) => <span data-testid="review-score">{c.score ?? '—'}</span>, align: 'right' },
  { header: 'Country', render: (c) => c.shipping_country ?? '—' },
  { header: 'Assignee', render: (c) => <span data-testid="review-assignee">{c.assignee_label ?? 'Unassigned'}</span>, hiddenBelow: 'md' },
];

/** GET /v1/reviews: the cases waiting for someone, oldest first (the SLA order). */
export function ReviewsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: session } = useSuspenseQuery(sessionQuery);
  const filters = activeReviewsSearch(search);
  const set = (change: Partial<ReviewsSearch>) => void navigate({ search: activeReviewsSearch({ ...filters, ...change }), replace: true });
  const { assignee, ...rest } = filters;
  const query = { ...rest, ...(assignee === 'me' ? { assignee: session?.user.id } : assignee === 'none' ? { assignee: 'none' } : {}) };
  const list = useCursorList(['reviews', 'list', query], (cursor) => call(api.GET('/v1/reviews', { params: { query: { ...query, limit: 50, ...(cursor ? { cursor } : {}) } } })));
  return (
    <>
      <PageHeader title="Review queue" subtitle={<Text span size="sm">Orders held for fraud review, address review or customer verification, oldest first.</Text>} />
      <Group mb="md" align="flex-end" gap="sm">
        <Select label="Status" data={[{ value: 'open', label: 'Open' }, { value: 'closed', label: 'Closed' }]} value={filters.status ?? 'open'} onChange={(v) => set({ status: v === 'closed' ? 'closed' : undefined })} allowDeselect={false} w={120} data-testid="reviews-status" />
        <Select label="Kind" placeholder="Any" clearable data={['fraud_review', 'address_review', 'verification'].map((k) => ({ value: k, label: caseKindLabel(k) }))} value={filters.kind ?? null} onChange={(v) => set({ kind: (v ?? undefined) as ReviewsSearch['kind'] })} w={200} data-testid="reviews-kind" />
        <Select label="Assignee" placeholder="Anyone" clearable data={[{ value: 'me', label: 'Me' }, { value: 'none', label: 'Unassigned' }]} value={filters.assignee ?? null} onChange={(v) => set({ assignee: (v ?? undefined) as ReviewsSearch['assignee'] })} w={150} data-testid="reviews-assignee" />
        <FilterInput key={`s${filters.score_min ?? ''}`} label="Min score" value={filters.score_min?.toString()} onCommit={(v) => set({ score_min: v === undefined ? undefined : Number(v) })} w={100} data-testid="reviews-score-min" />
        <FilterInput key={`c${filters.country ?? ''}`} label="Country" placeholder="US" value={filters.country} onCommit={(v) => set({ country: v })} w={90} data-testid="reviews-country" />
        <FilterInput key={`r${filters.rule ?? ''}`} label="Rule" value={filters.rule} onCommit={(v) => set({ rule: v })} w={200} data-testid="reviews-rule" />
      </Group>
      <CursorTable list={list} columns={columns} rowKey={(c) => c.id} caption="Review cases" testId="reviews-table" empty={<EmptyState title="Nothing to review">No case matches: every held order has been decided.</EmptyState>} />
    </>
  );
}
