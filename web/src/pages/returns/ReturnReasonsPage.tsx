import { Button, Card, Center, Checkbox, Group, Loader, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, call } from '../../api/client';
import { useAllowed } from '../../auth/use-can';
import { ErrorView } from '../../ui/ErrorView';
import { PageHeader } from '../../ui/PageHeader';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { TableScroll } from '../../ui/TableScroll';
import { returnQueries, type ReturnReason } from './return-api';
import { ReturnsTabs } from './ReturnsTabs';

/** A row of the form: `saved` reasons keep their code (returns already name it); a new one is given one. */
interface Row extends ReturnReason {
  key: number;
  saved: boolean;
}

/** "Too big for me" → too_big_for_me: the code the API accepts (lower case, digits, _). */
export const codeOf = (label: string): string =>
  label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);

function ReasonsForm({ reasons, canWrite }: { reasons: ReturnReason[]; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const seq = useRef(0);
  const toRows = (list: ReturnReason[]): Row[] => list.map((r) => ({ ...r, key: ++seq.current, saved: true }));
  const form = useForm<{ reasons: Row[] }>({ mode: 'controlled', initialValues: { reasons: toRows(reasons) } });
  const save = useMutation({
    mutationFn: (rows: Row[]) => call(api.PUT('/v1/return-reasons', { body: { reasons: rows.map((r) => ({ code: r.code.trim(), label: r.label.trim(), requires_note: r.requires_note, merchant_fault: r.merchant_fault })) } })),
    onSuccess: async (saved) => {
      form.setInitialValues({ reasons: toRows(saved.reasons) });
      form.reset();
      notifications.show({ color: 'green', title: 'Saved', message: 'The return reasons are saved.' });
      await queryClient.invalidateQueries({ queryKey: ['returns', 'reasons'] });
    },
    onError: (e) => showOnForm(form, e),
  });
  const rows = form.getValues().reasons;
  return (
    <Card withBorder padding="md" data-testid="reasons-form">
      <form onSubmit={form.onSubmit((v) => save.mutate(v.reasons))} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={save.error} form={form} testId="reasons-problem" />
          <TableScroll label="Return reasons">
            <Table verticalSpacing="xs" data-testid="reasons-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Label (what the customer reads)</Table.Th>
                  <Table.Th scope="col">Code</Table.Th>
                  <Table.Th scope="col">Requires a note</Table.Th>
                  <Table.Th scope="col">Merchant’s fault</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>Deactivate</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r, i) => (
                  <Table.Tr key={r.key} data-testid="reason-row" data-code={r.code}>
                    <Table.Td>
                      <TextInput
                        aria-label={`Label of reason ${i + 1}`}
                        maxLength={200}
                        disabled={!canWrite}
                        {...form.getInputProps(`reasons.${i}.label`)}
                        onChange={(e) => {
                          const label = e.currentTarget.value;
                          form.setFieldValue(`reasons.${i}.label`, label);
                          // A new reason's code follows its label until saved; a saved code never changes.
                          if (!r.saved) form.setFieldValue(`reasons.${i}.code`, codeOf(label));
                        }}
                        miw={200}
                        data-testid={`reason-label-${i}`}
                      />
                    </Table.Td>
                    <Table.Td>
                      {r.saved ? (
                        <Text size="sm" ff="monospace" data-testid={`reason-code-${i}`}>
                          {r.code}
                        </Text>
                      ) : (
                        <TextInput aria-label={`Code of reason ${i + 1}`} maxLength={64} ff="monospace" {...form.getInputProps(`reasons.${i}.code`)} miw={160} data-testid={`reason-code-${i}`} />
                      )}
                      {r.saved && form.errors[`reasons.${i}.code`] && (
                        <Text size="xs" c="red.9" role="alert">
                          {form.errors[`reasons.${i}.code`]}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Checkbox
                        aria-label={`${r.label || 'Reason'} requires a note`}
                        // "other" always asks for a note (the server refuses it otherwise).
                        disabled={!canWrite || r.code === 'other'}
                        {...form.getInputProps(`reasons.${i}.requires_note`, { type: 'checkbox' })}
                        data-testid={`reason-requires-note-${i}`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Checkbox
                        aria-label={`${r.label || 'Reason'} is the merchant’s fault (free return shipping, no restocking fee)`}
                        disabled={!canWrite}
                        {...form.getInputProps(`reasons.${i}.merchant_fault`, { type: 'checkbox' })}
                        data-testid={`reason-merchant-fault-${i}`}
                      />
                    </Table.Td>
                    <Table.Td>
                      {r.code === 'other' && (
                        <Text size="xs" c="dark.3">
                          Always offered
                        </Text>
                      )}
                      {canWrite && r.code !== 'other' && (
                        <Button size="compact-xs" variant="subtle" color="red" onClick={() => form.removeListItem('reasons', i)} aria-label={`Deactivate ${r.label || 'reason'}`} data-testid={`reason-remove-${i}`}>
                          Deactivate
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
          {form.errors.reasons && (
            <Text size="sm" c="red.9" role="alert">
              {form.errors.reasons}
            </Text>
          )}
          <Text size="xs" c="dark.3">
            A deactivated reason is no longer offered; returns that already name it keep it. “Other” always stays and always asks for a note. The merchant’s fault means free return shipping, the original shipping refunded and no restocking fee.
          </Text>
          {canWrite && (
            <Group gap="sm">
              <Button
                variant="light"
                onClick={() => form.insertListItem('reasons', { key: ++seq.current, saved: false, code: '', label: '', requires_note: false, merchant_fault: false })}
                data-testid="reason-add"
              >
                Add reason
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()} data-testid="reasons-save">
                Save reasons
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}

/** GET/PUT /v1/return-reasons: the reasons a customer or operator picks from (changing them: settings:write). */
export function ReturnReasonsPage() {
  const canWrite = useAllowed('settings:write');
  const query = useQuery(returnQueries.reasons());
  return (
    <>
      <PageHeader title="Return reasons" subtitle={canWrite ? 'What a return may give as its reason: add, rename, deactivate, and whether it needs a note.' : 'Only an administrator may change the return reasons.'} />
      <ReturnsTabs />
      {query.error ? (
        <ErrorView error={query.error} reset={() => void query.refetch()} />
      ) : !query.data ? (
        <Center py="xl">
          <Loader aria-label="Loading the return reasons" />
        </Center>
      ) : (
        <ReasonsForm reasons={query.data.reasons} canWrite={canWrite} />
      )}
    </>
  );
}
