import { Button, Card, Group, NumberInput, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { AnchorLink } from '../../ui/links';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { TableScroll } from '../../ui/TableScroll';
import type { Inbound } from '../inventory/inventory-api';
import { Units } from '../inventory/Units';

interface Values {
  lines: { sku: string; outstanding: number; quantity: number | string }[];
}

const outstandingOf = (l: Inbound['lines'][number]) => Math.max(0, l.quantity - l.received);

/**
 * The shipment's lines and, while it is open, POST /v1/inbound/{id}/receive with the units counted
 * per line (partial receiving: what is not counted stays expected). Stock rises at its location.
 */
export function ReceiveForm({ shipment, canReceive }: { shipment: Inbound; canReceive: boolean }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({ mode: 'controlled', initialValues: { lines: shipment.lines.map((l) => ({ sku: l.sku, outstanding: outstandingOf(l), quantity: outstandingOf(l) })) } });
  const chosen = form
    .getValues()
    .lines.map((l, index) => ({ ...l, index }))
    .filter((l) => typeof l.quantity === 'number' && l.quantity > 0);
  const mutation = useMutation({
    mutationFn: () => call(api.POST('/v1/inbound/{id}/receive', { params: { path: { id: shipment.id } }, body: { lines: chosen.map((l) => ({ sku: l.sku, quantity: Number(l.quantity) })) } })),
    onSuccess: async (received) => {
      const units = chosen.reduce((sum, l) => sum + Number(l.quantity), 0);
      notifications.show({
        color: 'green',
        title: 'Received',
        message: `${units} units added to ${received.location}${received.backorders_allocated > 0 ? `; ${received.backorders_allocated} went to waiting backorders` : ''}.`,
      });
      await queryClient.invalidateQueries({ queryKey: ['inbound'] });
      await queryClient.invalidateQueries({ queryKey: ['inventory'] });
    },
    // The body lists only the lines with units: lines[0] is the first of those, not the form's first row.
    onError: (error) => showOnForm(form, error, (field) => field.replace(/^lines\[(\d+)\]/, (_, i: string) => `lines[${chosen[Number(i)]?.index ?? i}]`)),
  });
  return (
    <Card withBorder padding="md" data-testid="inbound-lines">
      <Title order={2} size="h4" mb="sm">
        Lines
      </Title>
      <form
        onSubmit={form.onSubmit(() => {
          if (chosen.length === 0) form.setFieldError('lines', 'Enter the units that arrived on at least one line');
          else mutation.mutate();
        })}
        noValidate
      >
        <ProblemAlert error={mutation.error} form={form} testId="receive-problem" />
        <TableScroll label="Lines of the inbound shipment">
          <Table verticalSpacing={4} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">SKU</Table.Th>
                <Table.Th scope="col" ta="right">
                  Expected
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Received
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Outstanding
                </Table.Th>
                {canReceive && <Table.Th scope="col">Receive now</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shipment.lines.map((l, i) => (
                <Table.Tr key={l.sku} data-testid="inbound-line-row" data-sku={l.sku}>
                  <Table.Td>
                    <AnchorLink to="/inventory/$sku" params={{ sku: l.sku }} ff="monospace">
                      {l.sku}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Units value={l.quantity} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Units value={l.received} testId="inbound-line-received" />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Units value={outstandingOf(l)} testId="inbound-line-outstanding" />
                  </Table.Td>
                  {canReceive && (
                    <Table.Td>
                      <NumberInput aria-label={`Units of ${l.sku} received now`} min={0} allowDecimal={false} w={120} disabled={outstandingOf(l) === 0} {...form.getInputProps(`lines.${i}.quantity`)} data-testid={`receive-qty-${l.sku}`} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        {form.errors.lines && (
          <Text c="red.8" size="sm" role="alert" mt="xs">
            {form.errors.lines}
          </Text>
        )}
        {canReceive && (
          <Group justify="flex-end" mt="sm">
            <Button type="submit" loading={mutation.isPending} data-testid="receive-submit">
              Receive units
            </Button>
          </Group>
        )}
      </form>
    </Card>
  );
}
