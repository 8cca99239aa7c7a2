import { ActionIcon, Button, Card, Checkbox, Grid, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api, call, isProblem } from '../../api/client';
import type { RiskRuleSet } from '../../api/types';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Backtest } from './Backtest';
import { listKindLabel, listKinds, placeRuleSetError, ruleSetDraft, ruleSetValues, ruleValues, type RuleSetValues } from './risk-form';
import { riskActionLabel, riskActions } from './risk-labels';
import { riskKey, riskQueries } from './risk-queries';

type Form = UseFormReturnType<RuleSetValues>;

/** Puts each field error of a 422 next to its rule row, list or setting; the alert lists the rest. */
function showRuleSetErrors(form: Form, error: unknown): void {
  if (!isProblem(error)) return;
  const values = form.getValues();
  const byPath = new Map<string, string[]>();
  for (const e of error.errors) {
    const placed = placeRuleSetError(values, e);
    if (placed) byPath.set(placed.path, [...(byPath.get(placed.path) ?? []), placed.message]);
  }
  form.setErrors(Object.fromEntries([...byPath].map(([path, messages]) => [path, messages.join('; ')])));
}

const renameFor = (form: Form) => (field: string) => placeRuleSetError(form.getValues(), { field, message: '' })?.path ?? field;
const actionOptions = riskActions.map((a) => ({ value: a, label: riskActionLabel[a] }));

function RuleRow({ form, index }: { form: Form; index: number }) {
  const rule = form.getValues().rules[index];
  if (!rule) return null;
  const label = rule.id || `rule ${index + 1}`;
  return (
    <Paper withBorder p="sm" data-testid="risk-edit-rule" data-index={index} data-id={rule.id}>
      <Stack gap="xs">
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput label="Id" required w={220} style={{ flexShrink: 0 }} {...form.getInputProps(`rules.${index}.id`)} data-testid={`risk-rule-${index}-id`} />
          <Select label="Action" required w={110} style={{ flexShrink: 0 }} data={actionOptions} allowDeselect={false} {...form.getInputProps(`rules.${index}.action`)} data-testid={`risk-rule-${index}-action`} />
          <TextInput label="Description" style={{ flex: 1, minWidth: 0 }} placeholder="Words for the decision’s explanation" {...form.getInputProps(`rules.${index}.description`)} data-testid={`risk-rule-${index}-description`} />
          <ActionIcon variant="subtle" color="red" mt={30} aria-label={`Remove ${label}`} onClick={() => form.removeListItem('rules', index)} data-testid={`risk-rule-${index}-remove`}>
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
        <Textarea label="If" required autosize minRows={1} maxRows={6} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} {...form.getInputProps(`rules.${index}.condition`)} data-testid={`risk-rule-${index}-condition`} />
      </Stack>
    </Paper>
  );
}

function ListFields({ form, side }: { form: Form; side: 'allow' | 'block' }) {
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {side === 'allow' ? 'Allow list (sets lists.allowed)' : 'Block list (sets lists.blocked)'}
      </Title>
      {listKinds.map((k) => (
        <Textarea key={k} label={listKindLabel[k]} autosize minRows={1} maxRows={8} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} {...form.getInputProps(`lists.${side}.${k}`)} data-testid={`risk-list-${side}-${k}-input`} />
      ))}
    </Stack>
  );
}

function Editor({ from }: { from: RiskRuleSet }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<RuleSetValues>({ mode: 'controlled', initialValues: ruleSetValues(from) });
  const values = form.getValues();
  const save = useMutation({
    mutationFn: (v: RuleSetValues) => call(api.POST('/v1/risk/rule-sets', { body: { ...ruleSetDraft(v), activate: v.activate } })),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: riskKey });
      notifications.show({ color: 'green', title: `Version ${saved.version} saved`, message: saved.active ? 'It is active: capture screens new orders with it from now on.' : 'Not active yet: activate it from the list of versions.' });
      await navigate({ to: '/risk' });
    },
    onError: (e) => showRuleSetErrors(form, e),
  });
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate data-testid="risk-edit-form">
          <Stack gap="md">
            <ProblemAlert error={save.error} form={form} rename={renameFor(form)} testId="risk-edit-problem" />
            <Group justify="space-between">
              <Title order={2} size="h4">
                Rules ({values.rules.length})
              </Title>
              <Button variant="default" size="xs" leftSection={<IconPlus size={16} aria-hidden />} disabled={values.rules.length >= 200} onClick={() => form.insertListItem('rules', ruleValues({ id: `rule-${values.rules.length + 1}` }))} data-testid="risk-add-rule">
                Add a rule
              </Button>
            </Group>
            <Text size="sm">
              A condition names signals (<Text span ff="monospace" size="sm">email.disposable and order.total &gt; 200</Text>); amounts in major units, with a currency code to name one (<Text span ff="monospace" size="sm">order.total &gt; 200 USD or order.total &gt; 30000 JPY</Text>), else in the currency of amounts below. See the risk module’s README for every field.
            </Text>
            {values.rules.map((r, i) => (
              <RuleRow key={r.key} form={form} index={i} />
            ))}
            <Card withBorder padding="md">
              <Title order={2} size="h4" mb="sm">
                Score and settings
              </Title>
              <SimpleGrid cols={{ base: 1, md: 4 }}>
                <NumberInput label="Review at score" min={0} max={100} allowDecimal={false} {...form.getInputProps('settings.thresholds.review')} data-testid="risk-threshold-review-input" />
                <NumberInput label="Reject at score" min={0} max={100} allowDecimal={false} {...form.getInputProps('settings.thresholds.reject')} data-testid="risk-threshold-reject-input" />
                <TextInput label="High value from" description="Major units, in the currency of amounts" {...form.getInputProps('settings.high_value')} data-testid="risk-high-value-input" />
                <TextInput label="Currency of amounts" description="ISO code of amounts written without one (USD); blank: each order’s own" maxLength={3} {...form.getInputProps('settings.currency')} data-testid="risk-currency-input" />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, md: 2 }} mt="sm">
                <Textarea label="Domains never disposable or free" description="One a line" autosize minRows={1} maxRows={6} {...form.getInputProps('settings.email_domain_allow')} data-testid="risk-domain-allow-input" />
                <Textarea label="More package forwarders" description="Names or address fragments, one a line" autosize minRows={1} maxRows={6} {...form.getInputProps('settings.forwarder_fragments')} data-testid="risk-forwarders-input" />
              </SimpleGrid>
            </Card>
            <Card withBorder padding="md">
              <Title order={2} size="h4">
                Lists
              </Title>
              <Text size="sm" mb="sm">
                One entry a line. Domains match their subdomains; IPs may be CIDR ranges; address fragments match whole words.
              </Text>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <ListFields form={form} side="allow" />
                <ListFields form={form} side="block" />
              </SimpleGrid>
            </Card>
            <Card withBorder padding="md">
              <Stack gap="sm">
                <Textarea label="Note" description="Why this version: shown in the list of versions" autosize minRows={2} maxLength={1000} {...form.getInputProps('note')} data-testid="risk-note" />
                <Checkbox label="Activate it: capture screens new orders with this version at once" {...form.getInputProps('activate', { type: 'checkbox' })} data-testid="risk-activate" />
                <Group justify="flex-end">
                  <AnchorLink to="/risk" size="sm" data-testid="risk-edit-cancel">
                    Discard
                  </AnchorLink>
                  <Button type="submit" loading={save.isPending} data-testid="risk-save">
                    Save version
                  </Button>
                </Group>
              </Stack>
            </Card>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <div style={{ position: 'sticky', top: 72 }}>
          <Backtest draft={() => ruleSetDraft(form.getValues())} onDraftProblem={(e) => showRuleSetErrors(form, e)} />
        </div>
      </Grid.Col>
    </Grid>
  );
}

/** /risk/new: a new rule set version, started from the active one, backtested, then saved (and activated). */
export function NewRuleSetPage() {
  const active = useQuery(riskQueries.active());
  if (active.error) return <ErrorView error={active.error} reset={() => void active.refetch()} />;
  return (
    <>
      <PageHeader
        title="New fraud rule set version"
        subtitle={active.data ? `Started from ${active.data.version === null ? 'the built-in default set' : `version ${active.data.version}`}; the stored versions never change.` : undefined}
        actions={
          <AnchorLink to="/risk" data-testid="risk-back">
            Fraud rules
          </AnchorLink>
        }
      />
      {active.data && <Editor from={active.data} />}
    </>
  );
}
