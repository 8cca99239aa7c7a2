import { Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { DataTable } from '../../ui/DataTable';
import type { Policy } from '../setup/types';
import { useAllowed } from '../../auth/use-can';

/** "channels web · countries US, CA": what orders a policy routes. */
function scopeText(scope: Policy['scope']): string {
  const parts = (['channels', 'countries', 'regions', 'tags'] as const).filter((k) => scope[k]?.length).map((k) => `${k} ${scope[k]?.join(', ')}`);
  return parts.length ? parts.join(' · ') : 'Every order';
}

/** GET /v1/routing/policies: the policies in the order they are tried; the default rule after them. */
export function RoutingPage() {
  const canWrite = useAllowed('routing:write');
  const policies = useQuery({ queryKey: ['routing-policies'], queryFn: () => call(api.GET('/v1/routing/policies')) });
  const add = canWrite ? (
    <ButtonLink to="/routing/new" leftSection={<IconPlus size={16} aria-hidden />} data-testid="policy-new">
      New policy
    </ButtonLink>
  ) : undefined;
  if (policies.error) return <ErrorView error={policies.error} />;
  const rows = policies.data?.data ?? [];
  return (
    <>
      <PageHeader title="Routing" subtitle="Which location ships each order: the first policy whose scope matches routes it" actions={add} />
      {policies.data && rows.length === 0 && (
        <EmptyState title="No routing policies" action={add}>
          Every order is routed by the default rule: one location that holds every line, else the fewest locations (then priority, then most stock).
        </EmptyState>
      )}
      {rows.length > 0 && (
        <Stack gap="xs">
          <DataTable
            caption="Routing policies"
            testId="policies-table"
            rows={rows}
            rowKey={(p) => p.name}
            columns={[
              { header: 'Position', render: (p) => p.position, align: 'right' },
              {
                header: 'Policy',
                render: (p) => (
                  <AnchorLink to="/routing/$name" params={{ name: p.name }} fw={600} data-testid="policy-link">
                    {p.name}
                  </AnchorLink>
                ),
              },
              { header: 'Routes', render: (p) => scopeText(p.scope) },
              { header: 'Rules', render: (p) => p.rules.map((r, i) => `${i + 1}. ${r.name}`).join(' → ') },
              { header: 'Changed', render: (p) => <DateTime value={p.updated_at} />, hiddenBelow: 'lg' },
            ]}
          />
          <Text size="sm" c="dark.3">
            An order no policy matches is routed by the default rule.
          </Text>
        </Stack>
      )}
    </>
  );
}
