import { Button, Card, Grid, Group, NumberInput, SimpleGrid, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { showOnForm } from '../../ui/problem-form';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import type { Policy } from '../setup/types';
import { useAllowed } from '../../auth/use-can';
import { policyBody, policyValues, ruleValues, type PolicyValues } from './policy-form';
import { RuleCard } from './RuleCard';
import { Simulator } from './Simulator';

const route = getRouteApi('/app/routing/$name');

function PolicyEditor({ policy }: { policy?: Policy }) {
  const canWrite = useAllowed('routing:write');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const form = useForm<PolicyValues>({
    mode: 'controlled',
    initialValues: policyValues(policy),
    validate: { name: (v) => (v.trim() ? null : 'Name the policy, e.g. us-web') },
  });
  const values = form.getValues();
  const save = useMutation({
    mutationFn: (v: PolicyValues) => call(api.PUT('/v1/routing/policies/{name}', { params: { path: { name: v.name.trim() } }, body: policyBody(v) })),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['routing-policy', saved.name], saved);
      await queryClient.invalidateQueries({ queryKey: ['routing-policies'] });
      notifications.show({ color: 'green', title: 'Policy saved', message: `${saved.name}: new orders are routed by it from now on.` });
      form.resetDirty();
      if (!policy) await navigate({ to: '/routing/$name', params: { name: saved.name } });
    },
    onError: (e) => showOnForm(form, e, (f) => (f === 'name' || f === 'params.name' ? 'name' : f)),
  });
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate data-testid="policy-form">
          <Stack gap="md">
            <ProblemAlert error={save.error} form={form} testId="policy-problem" />
            <Card withBorder>
              <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
                <SimpleGrid cols={{ base: 1, md: 2 }}>
                  <TextInput label="Name" required disabled={Boolean(policy)} {...form.getInputProps('name')} data-testid="policy-name" />
                  <NumberInput label="Position" description="Policies are tried lowest first" allowDecimal={false} {...form.getInputProps('position')} data-testid="policy-position" />
                </SimpleGrid>
                <Text size="sm" fw={500} mt="sm">
                  Routes the orders that match (empty: any)
                </Text>
                <SimpleGrid cols={{ base: 1, md: 2 }}>
                  <TagsInput label="Channels" placeholder="Any channel" {...form.getInputProps('scope.channels')} data-testid="policy-channels" />
                  <TagsInput label="Countries" placeholder="Any country, e.g. US" {...form.getInputProps('scope.countries')} data-testid="policy-countries" />
                  <TagsInput label="Regions" placeholder="Any region, e.g. NY" {...form.getInputProps('scope.regions')} data-testid="policy-regions" />
                  <TagsInput label="Order tags" placeholder="Any tag" {...form.getInputProps('scope.tags')} data-testid="policy-tags" />
                </SimpleGrid>
              </fieldset>
            </Card>
            <Title order={2} size="h4">
              Rules, tried in order
            </Title>
            {values.rules.map((r, i) => (
              <RuleCard key={r.key} form={form} index={i} count={values.rules.length} readOnly={!canWrite} />
            ))}
            {canWrite && (
              <Group justify="space-between">
                <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} disabled={values.rules.length >= 20} onClick={() => form.insertListItem('rules', ruleValues({ name: `rule ${values.rules.length + 1}` }))} data-testid="policy-add-rule">
                  Add a rule
                </Button>
                <Group gap="xs">
                  {policy && (
                    <Button variant="subtle" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDeleting(true)} data-testid="policy-delete">
                      Delete policy
                    </Button>
                  )}
                  <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()} data-testid="policy-reset">
                    Discard changes
                  </Button>
                  <Button type="submit" loading={save.isPending} data-testid="policy-save">
                    Save policy
                  </Button>
                </Group>
              </Group>
            )}
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <div style={{ position: 'sticky', top: 72 }}>
          <Simulator policy={() => policyBody(form.getValues())} policyName={values.name} onPolicyProblem={(e) => showOnForm(form, e, (f) => f.replace(/^policy\./, ''))} />
        </div>
      </Grid.Col>
      {policy && (
        <ConfirmDelete
          opened={deleting}
          onClose={() => setDeleting(false)}
          title={`Delete policy ${policy.name}?`}
          testId="policy-delete-dialog"
          onConfirm={() => call(api.DELETE('/v1/routing/policies/{name}', { params: { path: { name: policy.name } } }))}
          onDone={async () => {
            queryClient.removeQueries({ queryKey: ['routing-policy', policy.name] });
            await queryClient.invalidateQueries({ queryKey: ['routing-policies'] });
            notifications.show({ color: 'green', title: 'Policy deleted', message: policy.name });
            await navigate({ to: '/routing' });
          }}
        >
          Orders it routes today will be routed by the next matching policy, or the default rule. Orders already captured keep their allocations.
        </ConfirmDelete>
      )}
    </Grid>
  );
}

const back = (
  <AnchorLink to="/routing" data-testid="routing-back">
    All policies
  </AnchorLink>
);

/** /routing/new: a new policy, tried with the simulator before it is saved. */
export function NewPolicyPage() {
  return (
    <>
      <PageHeader title="New routing policy" actions={back} />
      <PolicyEditor />
    </>
  );
}

/** /routing/{name}: a policy's scope and rules, edited as rows, simulated, then saved (PUT /v1/routing/policies/{name}). */
export function PolicyEditorPage() {
  const { name } = route.useParams();
  const query = useQuery({ queryKey: ['routing-policy', name], queryFn: () => call(api.GET('/v1/routing/policies/{name}', { params: { path: { name } } })) });
  if (query.error) return <ErrorView error={query.error} />;
  return (
    <>
      <PageHeader title={`Routing policy ${name}`} actions={back} />
      {query.data && <PolicyEditor key={query.data.updated_at} policy={query.data} />}
    </>
  );
}
