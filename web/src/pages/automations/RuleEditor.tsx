import { ActionIcon, Alert, Box, Button, Card, Code, Grid, Group, NumberInput, Paper, ScrollArea, Select, Stack, Switch, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { api, call, isProblem } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { AnchorLink } from '../../ui/links';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { showOnForm } from '../../ui/problem-form';
import { actionTypeLabel, automationQueries, automationsKey, errorColumn, type ActionType, type AutomationCatalog, type AutomationRule } from './automation-api';
import { DryRun } from './DryRun';
import { actionValues, ruleBody, ruleValues, type RuleValues } from './rule-form';

type Form = UseFormReturnType<RuleValues>;

/** The API names a rule's fields `body.condition`, `body.actions[2].hours` (`body.rule.…` in a dry run). */
const fromBody = (field: string): string => field.replace(/^body\.(rule\.)?/, '');

/** The condition's error with a caret under the column it names. */
function ConditionError({ message, condition }: { message: string; condition: string }) {
  const column = errorColumn(message);
  return (
    <>
      {message}
      {column !== null && condition.length > 0 && (
        <Box component="pre" m={0} mt={4} fz="xs" ff="monospace" style={{ whiteSpace: 'pre', overflowX: 'auto' }} data-testid="automation-condition-caret" data-column={column}>
          {condition.split('\n')[0]}
          {'\n'}
          {`${' '.repeat(Math.max(0, column - 1))}^`}
        </Box>
      )}
    </>
  );
}

function FactsHelp({ catalog }: { catalog: AutomationCatalog }) {
  return (
    <div>
      <Text size="sm" fw={600} id="automation-facts-title">
        Facts a condition may read
      </Text>
      <Text size="xs" mb={4}>
        Written like <Code>order.total &gt; 100 and shipping.country = &quot;DE&quot;</Code> or <Code>&quot;vip&quot; in order.tags</Code>; money in the order currency’s major units. Empty: always.
      </Text>
      <ScrollArea.Autosize mah={220} type="auto" offsetScrollbars="y" viewportProps={{ tabIndex: 0, role: 'region', 'aria-labelledby': 'automation-facts-title' }}>
        <Table verticalSpacing={2} fz="xs" data-testid="automation-facts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Fact</Table.Th>
              <Table.Th scope="col">Type</Table.Th>
              <Table.Th scope="col">Meaning</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {catalog.facts.map((f) => (
              <Table.Tr key={f.name} data-testid="automation-fact" data-id={f.name}>
                <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {f.name}
                </Table.Td>
                <Table.Td>{f.type}</Table.Td>
                <Table.Td>{f.label}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </div>
  );
}

/** One action row: its type, its type's fields, moved up or down, removed. */
function ActionRow({ form, index, count, catalog, endpoints, readOnly }: { form: Form; index: number; count: number; catalog: AutomationCatalog; endpoints: { value: string; label: string }[]; readOnly: boolean }) {
  const values = form.getValues();
  const action = values.actions[index];
  if (!action) return null;
  const path = `actions.${index}`;
  const rowError = form.errors[path];
  const templates = catalog.templates.map((t) => {
    const fits = t.any_trigger || t.events.includes(values.trigger);
    return { value: t.key, label: fits ? t.key.replaceAll('_', ' ') : `${t.key.replaceAll('_', ' ')} (needs ${t.events.join(' or ')})`, disabled: !fits };
  });
  const types = catalog.actions.map((t) => ({ value: t, label: actionTypeLabel[t as ActionType] ?? t }));
  return (
    <Paper withBorder p="sm" data-testid="automation-action" data-index={index} data-type={action.type}>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <Text fw={600} mt={30} w={20} style={{ flexShrink: 0 }} aria-hidden>
          {index + 1}.
        </Text>
        <Select label={`Action ${index + 1}`} w={170} style={{ flexShrink: 0 }} data={types} allowDeselect={false} {...form.getInputProps(`${path}.type`)} data-testid={`automation-action-${index}-type`} />
        <Box style={{ flex: 1, minWidth: 0 }}>
          {action.type === 'send_template' && <Select label="Template" data={templates} searchable {...form.getInputProps(`${path}.template`)} data-testid={`automation-action-${index}-template`} />}
          {(action.type === 'add_tag' || action.type === 'remove_tag') && <TextInput label="Tag" maxLength={100} {...form.getInputProps(`${path}.tag`)} data-testid={`automation-action-${index}-tag`} />}
          {action.type === 'place_hold' && <TextInput label="Reason (manual hold)" description="Shown on the order; an operator releases it" maxLength={500} {...form.getInputProps(`${path}.reason`)} data-testid={`automation-action-${index}-reason`} />}
          {action.type === 'release_hold' && (
            <Text size="sm" mt={30}>
              Releases the order’s manual hold (holds of the checks are theirs to release).
            </Text>
          )}
          {action.type === 'call_webhook' && (
            <Select label="Webhook endpoint" description="Sent an automation.webhook event, signed and retried" data={endpoints} nothingFoundMessage="No webhook endpoints: add one under Webhooks" searchable {...form.getInputProps(`${path}.endpoint_id`)} data-testid={`automation-action-${index}-endpoint`} />
          )}
          {action.type === 'wait' && (
            <NumberInput label="Hours" description={`${catalog.limits.min_wait_hours}–${catalog.limits.max_wait_hours}; then the condition is checked again`} min={catalog.limits.min_wait_hours} max={catalog.limits.max_wait_hours} allowDecimal={false} {...form.getInputProps(`${path}.hours`)} data-testid={`automation-action-${index}-hours`} />
          )}
        </Box>
        {!readOnly && (
          <Group gap={2} mt={28} wrap="nowrap" style={{ flexShrink: 0 }}>
            <ActionIcon variant="subtle" aria-label={`Move action ${index + 1} up`} disabled={index === 0} onClick={() => form.reorderListItem('actions', { from: index, to: index - 1 })} data-testid={`automation-action-${index}-up`}>
              <IconArrowUp size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon variant="subtle" aria-label={`Move action ${index + 1} down`} disabled={index === count - 1} onClick={() => form.reorderListItem('actions', { from: index, to: index + 1 })} data-testid={`automation-action-${index}-down`}>
              <IconArrowDown size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon variant="subtle" color="red" aria-label={`Remove action ${index + 1}`} disabled={count === 1} onClick={() => form.removeListItem('actions', index)} data-testid={`automation-action-${index}-remove`}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        )}
      </Group>
      {typeof rowError === 'string' || (rowError && typeof rowError === 'object') ? (
        <Text size="sm" c="red.8" mt={4} role="alert" data-testid={`automation-action-${index}-error`}>
          {rowError}
        </Text>
      ) : null}
    </Paper>
  );
}

/** Delete a rule of yours, or undo your change to a default rule (it is back as shipped). */
function DeleteRule({ rule, onClose, onUndone }: { rule: AutomationRule; onClose: () => void; onUndone: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/v1/automations/{id}', { params: { path: { id: rule.id }, header: { 'if-match': String(rule.version) } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: automationsKey });
      notifications.show({ color: 'green', title: rule.default ? 'Back as shipped' : 'Rule deleted', message: rule.default ? `${rule.name} runs as the OMS ships it.` : `${rule.name} no longer runs; its runs stay listed.` });
      onClose();
      if (rule.default) onUndone();
      else await navigate({ to: '/automations' });
    },
  });
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={rule.default ? 'Undo your changes to this default rule?' : `Delete ${rule.name}?`}
      confirmLabel={rule.default ? 'Undo my changes' : 'Delete'}
      onConfirm={() => remove.mutate()}
      pending={remove.isPending}
      error={remove.error}
      testId="automation-delete-dialog"
    >
      {rule.default ? 'The rule goes back to how the OMS ships it (on, sending its message); your change is gone.' : 'It stops running at once. Its past runs stay listed on the orders they touched.'}
    </ConfirmDialog>
  );
}

/**
 * The rule editor (new or saved): name, trigger, condition, actions in order, on/off; saved with the
 * version read, so a change someone else made in between is never overwritten (409 → reload). The
 * dry run beside it tries the rule as it is in the form. Without automations:write it is read-only.
 */
export function RuleEditor({ rule, catalog, canWrite }: { rule: AutomationRule | null; catalog: AutomationCatalog; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [base, setBase] = useState(rule);
  const [deleting, setDeleting] = useState(false);
  // A refusal of the last save is cleared by the next edit: it described the form as it was.
  const clearRefusal = useRef<() => void>(() => undefined);
  const form = useForm<RuleValues>({ mode: 'controlled', onValuesChange: () => clearRefusal.current(), initialValues: ruleValues(rule, catalog.triggers.includes('order.created') ? 'order.created' : (catalog.triggers[0] ?? '')) });
  const endpoints = useQuery({ queryKey: ['webhook-endpoints', 'all'], queryFn: () => call(api.GET('/v1/webhook-endpoints', { params: { query: { limit: 200 } } })) });
  const endpointOptions = (endpoints.data?.data ?? []).map((e) => ({ value: e.id, label: e.description ? `${e.description} (${e.url})` : e.url }));
  const values = form.getValues();
  const readOnly = !canWrite;
  const save = useMutation({
    mutationFn: (v: RuleValues) => {
      const body = ruleBody(v);
      if (!base) return call(api.POST('/v1/automations', { body }));
      // A default rule keeps its trigger: it is not sent.
      const { trigger, ...rest } = body;
      return call(api.PATCH('/v1/automations/{id}', { params: { path: { id: base.id } }, body: { ...rest, ...(base.default ? {} : { trigger }), version: base.version } }));
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: automationsKey });
      notifications.show({ color: 'green', title: `${saved.name} saved`, message: saved.enabled ? 'It runs on the next matching event.' : 'It is off: it runs once you turn it on.' });
      if (!base) {
        await navigate({ to: '/automations/$ruleId', params: { ruleId: saved.id } });
        return;
      }
      setBase(saved);
      form.setValues(ruleValues(saved));
      form.resetDirty(ruleValues(saved));
    },
    onError: (e) => showOnForm(form, e, fromBody),
  });
  clearRefusal.current = () => {
    if (save.error) save.reset();
  };
  const conflict = isProblem(save.error) && save.error.code === 'AUTOMATION_RULE_CONFLICT';
  const reload = async () => {
    if (!base) return;
    const fresh = await queryClient.fetchQuery({ ...automationQueries.rule(base.id), staleTime: 0 });
    setBase(fresh);
    form.setValues(ruleValues(fresh));
    form.resetDirty(ruleValues(fresh));
    form.clearErrors();
    save.reset();
  };
  const conditionError = form.errors.condition;
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate data-testid="automation-form">
          <Stack gap="md">
            {conflict ? (
              <Alert color="orange" variant="light" title="Someone else changed this rule" role="alert" data-testid="automation-conflict">
                <Text size="sm" mb="xs">
                  It was saved by someone else after you opened it, so your change was not saved. Reload to see theirs (your edits here are discarded), then make yours again.
                </Text>
                <Button size="xs" variant="light" color="orange" onClick={() => void reload()} data-testid="automation-reload">
                  Reload the rule
                </Button>
              </Alert>
            ) : (
              <ProblemAlert error={save.error} form={form} rename={fromBody} testId="automation-problem" />
            )}
            <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Stack gap="md">
                <Card withBorder padding="md">
                  <Stack gap="sm">
                    <TextInput label="Name" required maxLength={200} {...form.getInputProps('name')} data-testid="automation-name" />
                    <Select
                      label="When (trigger)"
                      description={base?.default ? 'A default rule keeps its trigger' : 'The event that runs the rule'}
                      required
                      data={catalog.triggers}
                      searchable
                      allowDeselect={false}
                      disabled={base?.default}
                      {...form.getInputProps('trigger')}
                      data-testid="automation-trigger"
                    />
                    <Textarea
                      label="If (condition)"
                      description="Empty: every time the event happens"
                      autosize
                      minRows={2}
                      maxRows={8}
                      maxLength={2000}
                      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                      {...form.getInputProps('condition')}
                      error={typeof conditionError === 'string' ? <ConditionError message={conditionError} condition={values.condition} /> : conditionError}
                      data-testid="automation-condition"
                    />
                    {/* For writing a condition (a scrolling region inside a disabled fieldset cannot take focus). */}
                    {!readOnly && <FactsHelp catalog={catalog} />}
                  </Stack>
                </Card>
                <Card withBorder padding="md">
                  <Group justify="space-between" mb="sm">
                    <Title order={2} size="h4">
                      Then (actions, in order)
                    </Title>
                    {!readOnly && (
                      <Button variant="default" size="xs" leftSection={<IconPlus size={16} aria-hidden />} disabled={values.actions.length >= catalog.limits.max_actions} onClick={() => form.insertListItem('actions', actionValues({ type: 'add_tag' }))} data-testid="automation-add-action">
                        Add an action
                      </Button>
                    )}
                  </Group>
                  <Stack gap="xs" data-testid="automation-actions">
                    {values.actions.map((a, i) => (
                      <ActionRow key={a.key} form={form} index={i} count={values.actions.length} catalog={catalog} endpoints={endpointOptions} readOnly={readOnly} />
                    ))}
                  </Stack>
                  {typeof form.errors.actions === 'string' && (
                    <Text size="sm" c="red.8" mt="xs" role="alert" data-testid="automation-actions-error">
                      {form.errors.actions}
                    </Text>
                  )}
                  <Text size="xs" mt="xs" data-testid="automation-limits">
                    At most {catalog.limits.max_actions} actions. A rule fires at most {catalog.limits.max_fires_per_order_per_hour} times an hour per order ({catalog.limits.max_default_fires_per_order_per_hour} for a default rule that only sends its message), and not from an event {catalog.limits.max_depth} automations deep (the loop guard). One trigger fires at most {catalog.limits.max_enabled_per_trigger} enabled rules, and you may keep {catalog.limits.max_rules} rules of your own.
                  </Text>
                </Card>
              </Stack>
            </fieldset>
            {readOnly ? (
              <Text size="sm" data-testid="automation-read-only">
                {values.enabled ? 'On' : 'Off'}. Changing rules needs the admin role.
              </Text>
            ) : (
              <Card withBorder padding="md">
                <Group justify="space-between" wrap="wrap" gap="sm">
                  <Switch label="On: runs on its trigger" {...form.getInputProps('enabled', { type: 'checkbox' })} data-testid="automation-enabled" />
                  <Group gap="sm">
                    {base && (!base.default || base.version > 0) && (
                      <Button variant="subtle" color="red" onClick={() => setDeleting(true)} data-testid="automation-delete">
                        {base.default ? 'Undo my changes…' : 'Delete…'}
                      </Button>
                    )}
                    <AnchorLink to="/automations" size="sm" data-testid="automation-cancel">
                      Discard
                    </AnchorLink>
                    <Button type="submit" loading={save.isPending} data-testid="automation-save">
                      {base ? 'Save' : 'Create rule'}
                    </Button>
                  </Group>
                </Group>
              </Card>
            )}
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <DryRun ruleId={base?.id ?? null} changed={!base || form.isDirty()} draft={() => ruleBody(form.getValues())} defaultEvent={values.trigger} catalog={catalog} onRuleProblem={(e) => showOnForm(form, e, fromBody)} />
      </Grid.Col>
      {deleting && base && <DeleteRule rule={base} onClose={() => setDeleting(false)} onUndone={() => void reload()} />}
    </Grid>
  );
}
