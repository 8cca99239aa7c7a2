import { Badge, Card, Center, Group, Loader, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useAllowed } from '../../auth/use-can';
import { DateTime } from '../../ui/DateTime';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { automationQueries } from './automation-api';
import { RuleEditor } from './RuleEditor';
import { RunList } from './RunList';

const route = getRouteApi('/app/automations/$ruleId');

const back = (
  <AnchorLink to="/automations" data-testid="automation-back">
    Automations
  </AnchorLink>
);

function Loading({ label }: { label: string }) {
  return (
    <Center py="xl">
      <Loader aria-label={label} />
    </Center>
  );
}

/** /automations/new: a rule of the tenant's own, tried with a dry run before it is created. */
export function NewRulePage() {
  const canWrite = useAllowed('automations:write');
  const catalog = useQuery(automationQueries.catalog());
  if (catalog.error) return <ErrorView error={catalog.error} reset={() => void catalog.refetch()} />;
  return (
    <>
      <PageHeader title="New automation" subtitle="When an event happens to an order and the condition holds, the actions run in order." actions={back} />
      {catalog.data ? <RuleEditor rule={null} catalog={catalog.data} canWrite={canWrite} /> : <Loading label="Loading the catalog" />}
    </>
  );
}

/** /automations/$ruleId: one rule (a default or the tenant's), its editor, dry run and runs. */
export function RulePage() {
  const { ruleId } = route.useParams();
  const canWrite = useAllowed('automations:write');
  const rule = useQuery(automationQueries.rule(ruleId));
  const catalog = useQuery(automationQueries.catalog());
  const error = rule.error ?? catalog.error;
  if (error) return <ErrorView error={error} reset={() => void Promise.all([rule.refetch(), catalog.refetch()])} />;
  const r = rule.data;
  return (
    <>
      <PageHeader
        title={r?.name ?? 'Automation'}
        subtitle={
          r && (
            <Group gap="xs" component="span">
              {r.default && (
                <Badge variant="light" color="gray" radius="sm" data-testid="automation-default">
                  Default
                </Badge>
              )}
              <Text span size="sm">
                {r.default ? (r.version === 0 ? 'Shipped with the OMS, unchanged' : 'Shipped with the OMS, changed by you') : 'Your rule'}
                {r.updated_at && (
                  <>
                    {' '}
                    · changed <DateTime value={r.updated_at} /> by {r.updated_by ?? 'someone'}
                  </>
                )}
              </Text>
            </Group>
          )
        }
        actions={back}
      />
      {r && catalog.data ? <RuleEditor key={r.id} rule={r} catalog={catalog.data} canWrite={canWrite} /> : <Loading label="Loading the rule" />}
      {r && (
        <Card withBorder padding="md" mt="md" data-testid="automation-rule-runs">
          <Title order={2} size="h4" mb="xs">
            Runs
          </Title>
          <RunList ruleId={r.id} empty="No runs yet: the rule runs on its next trigger event." />
        </Card>
      )}
    </>
  );
}
