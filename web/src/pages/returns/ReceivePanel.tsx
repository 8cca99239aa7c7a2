import { Button, Card, Group, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBarcode } from '@tabler/icons-react';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, call } from '../../api/client';
import { newKey } from '../../api/idempotency';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { TableScroll } from '../../ui/TableScroll';
import { type PackLine } from '../fulfillment/scan-match';
import { ScanFeedback, useScanner } from '../fulfillment/use-scanner';
import { inventoryQueries } from '../inventory/inventory-api';
import { dispositions, type Disposition, type Return } from './return-api';

/** One unit taken out of the parcel: which return line it belongs to and what becomes of it. */
interface Unit {
  key: number;
  lineId: string;
  sku: string;
  disposition: Disposition;
  /** What the inspector saw ("cracked lid"); recorded with the disposition. */
  note: string;
}

/**
 * Receiving and inspecting a return at the dock: every unit scanned (or added by hand) against the
 * lines still expected, each with its disposition, then one receipt (POST /v1/returns/{id}/receipts).
 * A scan of a SKU the return does not hold, or one unit too many, is refused like at the pack station.
 */
export function ReceivePanel({ ret }: { ret: Return }) {
  const queryClient = useQueryClient();
  const seq = useRef(0);
  // One key per receipt being entered: a double click or a retry books it once.
  const idempotencyKey = useRef(newKey());
  const [units, setUnits] = useState<Unit[]>([]);
  const open = ret.lines.filter((l) => l.settled < l.quantity);
  const skus = [...new Set(open.map((l) => l.sku))];
  const products = useQueries({ queries: skus.map((sku) => ({ ...inventoryQueries.product(sku), retry: false })) });
  const gtinOf = new Map(products.flatMap((p) => (p.data ? [[p.data.sku, p.data.gtin] as const] : [])));
  const countOf = (lineId: string) => units.filter((u) => u.lineId === lineId).length;
  // The scanner counts by SKU; a unit goes to the first line of its SKU with room left.
  const scanLines: PackLine[] = skus.map((sku) => ({ sku, quantity: open.filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity - l.settled, 0), gtin: gtinOf.get(sku) }));
  const scanCounts = Object.fromEntries(skus.map((sku) => [sku, units.filter((u) => u.sku === sku).length]));

  const add = (lineId: string, sku: string) => {
    seq.current += 1;
    const key = seq.current;
    setUnits((us) => [...us, { key, lineId, sku, disposition: 'restock', note: '' }]);
  };
  const scanner = useScanner({
    lines: scanLines,
    counts: scanCounts,
    onMatch: (sku) => {
      const line = open.find((l) => l.sku === sku && countOf(l.id) < l.quantity - l.settled);
      if (line) add(line.id, line.sku);
    },
    refusalOf: (r, code) => (r.reason === 'surplus' ? `One too many: every expected unit of ${r.sku ?? code} is already counted.` : `${code} is not on this return. Set it aside.`),
  });

  const receive = useMutation({
    mutationFn: () => {
      // Units of one line with the same disposition and note are one receipt line.
      const grouped = new Map<string, { return_line_id: string; disposition: Disposition; quantity: number; condition_note?: string }>();
      for (const u of units) {
        const note = u.note.trim();
        const k = JSON.stringify([u.lineId, u.disposition, note]);
        const g = grouped.get(k) ?? { return_line_id: u.lineId, disposition: u.disposition, quantity: 0, ...(note ? { condition_note: note } : {}) };
        g.quantity += 1;
        grouped.set(k, g);
      }
      return call(api.POST('/v1/returns/{id}/receipts', { params: { path: { id: ret.id }, header: { 'idempotency-key': idempotencyKey.current } }, body: { lines: [...grouped.values()] } }));
    },
    onSuccess: async (answer) => {
      idempotencyKey.current = newKey();
      setUnits([]);
      notifications.show({ color: 'green', title: 'Received', message: `${units.length} unit(s) booked; the return is ${answer.status.replaceAll('_', ' ')}.` });
      await queryClient.invalidateQueries({ queryKey: ['returns'] });
      await queryClient.invalidateQueries({ queryKey: ['order', ret.order_id] });
    },
  });

  return (
    <Card withBorder padding="md" data-testid="return-receive">
      <Title order={2} size="h4" mb="sm">
        Receive and inspect
      </Title>
      <Stack gap="sm">
        <div>
          <TextInput
            {...scanner.inputProps}
            label="Scan a SKU or barcode"
            description="Each scan counts one unit against the expected lines; choose what becomes of it below."
            leftSection={<IconBarcode size={18} aria-hidden />}
            size="md"
            disabled={receive.isPending}
            data-testid="receive-scan"
          />
          <ScanFeedback refusal={scanner.refusal} lastOk={scanner.lastOk} testId="receive" />
        </div>
        <TableScroll label="Expected lines">
          <Table verticalSpacing="xs" data-testid="receive-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">SKU</Table.Th>
                <Table.Th scope="col" ta="right">
                  Counted
                </Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Add by hand</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {open.map((l) => {
                const left = l.quantity - l.settled;
                const n = countOf(l.id);
                return (
                  <Table.Tr key={l.id} data-testid="receive-line" data-sku={l.sku} data-complete={n === left}>
                    <Table.Td ff="monospace">{l.sku}</Table.Td>
                    <Table.Td ta="right" fw={600} data-testid="receive-count">
                      {n} / {left}
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" disabled={n >= left} onClick={() => add(l.id, l.sku)} aria-label={`Add unit of ${l.sku} by hand`} data-testid={`receive-add-${l.sku}`}>
                        Add unit
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </TableScroll>
        {units.length > 0 && (
          <Stack gap={6} data-testid="receive-units">
            <Text size="sm" fw={600}>
              Units and what becomes of them
            </Text>
            {units.map((u, i) => (
              <Group key={u.key} gap="xs" wrap="nowrap" data-testid="receive-unit" data-sku={u.sku}>
                <Text size="sm" ff="monospace" w={120} style={{ flexShrink: 0 }} truncate>
                  {i + 1}. {u.sku}
                </Text>
                <Select
                  aria-label={`Disposition of unit ${i + 1} (${u.sku})`}
                  data={dispositions.map((d) => ({ value: d.value, label: d.label }))}
                  value={u.disposition}
                  onChange={(v) => setUnits((us) => us.map((x) => (x.key === u.key ? { ...x, disposition: (v as Disposition | null) ?? 'restock' } : x)))}
                  allowDeselect={false}
                  w={210}
                  size="xs"
                  data-testid={`receive-disposition-${i}`}
                />
                <TextInput
                  aria-label={`Condition of unit ${i + 1} (${u.sku})`}
                  placeholder="Condition (optional)"
                  maxLength={1000}
                  value={u.note}
                  onChange={(e) => {
                    const note = e.currentTarget.value;
                    setUnits((us) => us.map((x) => (x.key === u.key ? { ...x, note } : x)));
                  }}
                  size="xs"
                  // Takes the room left, so Remove stays inside the card on a tablet.
                  style={{ flex: 1, minWidth: 0 }}
                  data-testid={`receive-note-${i}`}
                />
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => setUnits((us) => us.filter((x) => x.key !== u.key))} aria-label={`Remove unit ${i + 1}`} data-testid={`receive-remove-${i}`}>
                  Remove
                </Button>
              </Group>
            ))}
          </Stack>
        )}
        <ProblemAlert error={receive.error} testId="receive-problem" />
        <Button w="fit-content" disabled={units.length === 0} loading={receive.isPending} onClick={() => receive.mutate()} data-testid="receive-submit">
          {units.length === 1 ? 'Receive 1 unit' : `Receive ${units.length} units`}
        </Button>
      </Stack>
    </Card>
  );
}
