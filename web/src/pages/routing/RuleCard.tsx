import { ActionIcon, Badge, Button, Card, Checkbox, Group, Menu, MultiSelect, NumberInput, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { locationTypeLabels, sortCriteria, sortLabels, splitLabels, switchFilters, unfillableLabels, type PolicyValues, type SortCriterion } from './policy-form';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** Move up / down / remove buttons of one row of an ordered list. */
export function RowControls({ label, index, count, onMove, onRemove, testId }: { label: string; index: number; count: number; onMove: (to: number) => void; onRemove?: () => void; testId: string }) {
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon variant="subtle" aria-label={`Move ${label} up`} disabled={index === 0} onClick={() => onMove(index - 1)} data-testid={`${testId}-up`}>
        <IconArrowUp size={16} aria-hidden />
      </ActionIcon>
      <ActionIcon variant="subtle" aria-label={`Move ${label} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)} data-testid={`${testId}-down`}>
        <IconArrowDown size={16} aria-hidden />
      </ActionIcon>
      {onRemove && (
        <ActionIcon variant="subtle" color="red" aria-label={`Remove ${label}`} onClick={onRemove} data-testid={`${testId}-remove`}>
          <IconTrash size={16} aria-hidden />
        </ActionIcon>
      )}
    </Group>
  );
}

/** The ranking of one rule: rows, most important first, each movable and removable. */
function Sorts({ form, rule }: { form: UseFormReturnType<PolicyValues>; rule: number }) {
  const sorts = form.getValues().rules[rule]?.sorts ?? [];
  const unused = sortCriteria.filter((c) => !sorts.includes(c));
  const error = form.errors[`rules.${rule}.sorts`];
  return (
    <Stack gap={4} data-testid={`rule-${rule}-sorts`}>
      <Text size="sm" fw={500}>
        Rank locations by (most important first)
      </Text>
      {sorts.length === 0 && (
        <Text size="sm" c="dark.3">
          No ranking: the default order applies (fewest shipments, priority, most available).
        </Text>
      )}
      {sorts.map((s, i) => (
        <Group key={s} gap="xs" wrap="nowrap" data-testid={`rule-${rule}-sort`} data-sort={s}>
          <Badge variant="light" w={28} p={0}>
            {i + 1}
          </Badge>
          <Text size="sm" style={{ flex: 1 }}>
            {sortLabels[s]}
          </Text>
          <RowControls
            label={sortLabels[s]}
            index={i}
            count={sorts.length}
            onMove={(to) => form.reorderListItem(`rules.${rule}.sorts`, { from: i, to })}
            onRemove={() => form.removeListItem(`rules.${rule}.sorts`, i)}
            testId={`rule-${rule}-sort-${s}`}
          />
        </Group>
      ))}
      {unused.length > 0 && (
        <Menu position="bottom-start">
          <Menu.Target>
            <Button variant="subtle" size="xs" w="fit-content" leftSection={<IconPlus size={14} aria-hidden />} data-testid={`rule-${rule}-add-sort`}>
              Add a ranking
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {unused.map((c: SortCriterion) => (
              <Menu.Item key={c} onClick={() => form.insertListItem(`rules.${rule}.sorts`, c)} data-testid={`rule-${rule}-add-sort-${c}`}>
                {sortLabels[c]}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
      {error && (
        <Text c="red.8" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/** One rule of a policy: which locations (filters), in which order (ranking), how far to split, and what if it cannot fill. */
export function RuleCard({ form, index, count, readOnly }: { form: UseFormReturnType<PolicyValues>; index: number; count: number; readOnly: boolean }) {
  const rule = form.getValues().rules[index];
  if (!rule) return null;
  const path = (p: string) => `rules.${index}.${p}`;
  const input = (p: string) => form.getInputProps(path(p));
  const title = rule.name.trim() || `Rule ${index + 1}`;
  return (
    <Card withBorder data-testid="rule" data-index={index}>
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Group justify="space-between" mb="xs" wrap="nowrap">
          <Title order={3} size="h5">
            {index + 1}. {title}
          </Title>
          <RowControls
            label={`rule ${title}`}
            index={index}
            count={count}
            onMove={(to) => form.reorderListItem('rules', { from: index, to })}
            onRemove={count > 1 ? () => form.removeListItem('rules', index) : undefined}
            testId={`rule-${index}`}
          />
        </Group>
        <Stack gap="sm">
          <TextInput label="Rule name" required {...input('name')} data-testid={`rule-${index}-name`} />
          <Text size="sm" fw={500}>
            Only these locations
          </Text>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <MultiSelect label="Location types" placeholder="Any type" data={options(locationTypeLabels)} {...input('filters.location_types')} data-testid={`rule-${index}-types`} />
            <TagsInput label="Location groups" placeholder="Any group" {...input('filters.location_groups')} data-testid={`rule-${index}-groups`} />
            <NumberInput label="Within (km of the customer)" placeholder="Any distance" clampBehavior="none" {...input('filters.max_distance_km')} data-testid={`rule-${index}-max-distance`} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing={6}>
            {switchFilters.map((f) => (
              <Checkbox key={f.key} label={f.label} {...form.getInputProps(path(`filters.${f.key}`), { type: 'checkbox' })} data-testid={`rule-${index}-${f.key}`} />
            ))}
          </SimpleGrid>
          <Sorts form={form} rule={index} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Select label="Split" data={options(splitLabels)} allowDeselect={false} {...input('split')} data-testid={`rule-${index}-split`} />
            <TextInput label="Minimum value of a shipment" description="In the order’s currency; blank: none" placeholder="25.00" {...input('min_shipment_value')} data-testid={`rule-${index}-min-value`} />
            <Select label="When this rule cannot fill the order" data={options(unfillableLabels)} allowDeselect={false} {...input('when_unfillable')} data-testid={`rule-${index}-unfillable`} />
            {rule.when_unfillable === 'hold' && <TextInput label="Hold queue" placeholder="review" {...input('hold_queue')} data-testid={`rule-${index}-hold-queue`} />}
          </SimpleGrid>
        </Stack>
      </fieldset>
    </Card>
  );
}
