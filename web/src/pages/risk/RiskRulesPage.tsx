import { Badge, Box, Button, Card, Center, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { RiskRuleSet } from '../../api/types';
import { useAllowed } from '../../auth/use-can';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DateTime } from '../../ui/DateTime';
import { ErrorView } from '../../ui/ErrorView';
import { ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { riskKey, riskQueries } from './risk-queries';
import { RuleSetView } from './RuleSetView';

/** "Activate version 2?": capture screens with it from the next order; the one before stays stored. */
function ActivateDialog({ set, onClose }: { set: RiskRuleSet; onClose: () => void }) {
  const queryClient = useQueryClient();
  const activate = useMutation({
    mutationFn: () => call(api.POST('/v1/risk/rule-sets/{version}/activate', { params: { path: { version: set.version ?? 0 } }, body: { reason: 'activated in the console' } })),
    onSuccess: async (active) => {
      await queryClient.invalidateQueries({ queryKey: riskKey });
      notifications.show({ color: 'green', title: `Version ${active.version} is active`, message: 'Capture screens new orders with it from now on.' });
      onClose();
    },
  });
  return (
    <ConfirmDialog opened onClose={onClose} title={`Activate version ${set.version}?`} confirmLabel="Activate" onConfirm={() => activate.mutate()} pending={activate.isPending} error={activate.error} testId="risk-activate-dialog">
      Capture screens every new order with version {set.version} from now on ({set.rules.length} rules, review at {set.settings.thresholds.review}, reject at {set.settings.thresholds.reject}). Orders already screened keep their decisions.
    </ConfirmDialog>
  );
}

function Versions({ versions, shown, onShow, canWrite }: { versions: RiskRuleSet[]; shown: number | null; onShow: (v: number) => void; canWrite: boolean }) {
  const [activating, setActivating] = useState<RiskRuleSet | null>(null);
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="xs">
        Versions
      </Title>
      {versions.length === 0 ? (
        <Text size="sm" data-testid="risk-versions-none">
          None written yet: capture uses the built-in default set.
        </Text>
      ) : (
        <Stack gap={0} data-testid="risk-versions">
          {versions.map((v) => (
            <Box key={v.version} py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} data-testid="risk-versions-row" data-id={v.version}>
              <Group justify="space-between" wrap="nowrap">
                <Button variant={shown === v.version ? 'light' : 'subtle'} size="compact-sm" onClick={() => onShow(v.version ?? 0)} aria-pressed={shown === v.version} data-testid="risk-version-show">
                  Version {v.version}
                </Button>
                {v.active ? (
                  <Badge color="blue" variant="light" data-testid="risk-version-active">
                    Active
                  </Badge>
                ) : (
                  canWrite && (
                    <Button size="compact-sm" variant="light" onClick={() => setActivating(v)} data-testid="risk-version-activate">
                      Activate…
                    </Button>
                  )
                )}
              </Group>
              <Text size="xs" mt={2}>
                {v.created_by_label ?? v.created_by} · <DateTime value={v.created_at} />
              </Text>
              {v.note && (
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {v.note}
                </Text>
              )}
            </Box>
          ))}
        </Stack>
      )}
      {activating && <ActivateDialog set={activating} onClose={() => setActivating(null)} />}
    </Card>
  );
}

/** /risk: the rule set capture screens with, its rules, lists and thresholds, and every version (ADR 0030). */
export function RiskRulesPage() {
  const canWrite = useAllowed('risk:write');
  const active = useQuery(riskQueries.active());
  const versions = useQuery(riskQueries.versions());
  const [shown, setShown] = useState<number | null>(null);
  const error = active.error ?? versions.error;
  if (error) return <ErrorView error={error} reset={() => void Promise.all([active.refetch(), versions.refetch()])} />;
  const list = versions.data?.data ?? [];
  const set = (shown !== null && list.find((v) => v.version === shown)) || active.data;
  return (
    <>
      <PageHeader
        title="Fraud rules"
        subtitle="What capture screens every order with: rules, allow and block lists, score thresholds."
        actions={
          canWrite && (
            <ButtonLink to="/risk/new" data-testid="risk-new-version">
              New version…
            </ButtonLink>
          )
        }
      />
      {!set ? (
        <Center py="xl">
          <Loader aria-label="Loading the rule set" />
        </Center>
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="xs">
              {!set.active && (
                <Text size="sm" data-testid="risk-showing-inactive">
                  Showing version {set.version}, not the active one.{' '}
                  <Button variant="subtle" size="compact-sm" onClick={() => setShown(null)} data-testid="risk-show-active">
                    Show the active set
                  </Button>
                </Text>
              )}
              <RuleSetView set={set} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Versions versions={list} shown={set.version} onShow={setShown} canWrite={canWrite} />
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
