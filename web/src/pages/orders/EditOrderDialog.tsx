import { Alert, Badge, Button, Card, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, call, isProblem } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Order } from '../../api/types';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { orderKey } from './order-queries';

type EditView = paths['/v1/orders/{id}/edits/{edit_id}']['get']['responses'][200]['content']['application/json'];
type Change = NonNullable<paths['/v1/orders/{id}/edits']['post']['requestBody']>['content']['application/json']['changes'] extends (infer C)[] | undefined ? C : never;

const liveUnits = (l: Order['lines'][number]) => l.quantity - l.cancelled;
/** What one kit of a kit line holds, from its component lines as captured ("2 × PEN + 1 × BOOK"). */
const kitContents = (order: Order, kit: Order['lines'][number]) =>
  order.lines
    .filter((c) => c.parent_line_id === kit.id)
    .map((c) => `${kit.quantity > 0 ? c.quantity / kit.quantity : c.quantity} × ${c.sku}`)
    .join(' + ');
/** The service levels shipping rules and carriers know (the API takes any name of up to 32 characters). */
const SERVICE_LEVELS = ['standard', 'expedited', 'overnight'];

/** A staged change in a line a person reads. */
function describe(c: Record<string, unknown>, skuOf: (id: unknown) => string): string {
  switch (c.type) {
    case 'change_quantity':
      return `${skuOf(c.line_id)}: quantity → ${String(c.quantity)}`;
    case 'remove_line':
      return `Remove ${skuOf(c.line_id)}`;
    case 'add_line':
      return `Add ${String(c.quantity)} × ${String(c.sku)}${c.unit_price ? ` at ${String(c.unit_price)}` : ''}`;
    case 'change_variant':
      return `${skuOf(c.line_id)} → ${String(c.sku)}`;
    case 'add_discount':
      return `Discount ${c.percent ? `${String(c.percent)} %` : String(c.amount)}${c.line_id ? ` on ${skuOf(c.line_id)}` : ' on the order'}`;
    case 'change_shipping_method':
      return `Shipping: ${String(c.service_level)}${c.price ? ` at ${String(c.price)}` : ''}`;
    case 'change_shipping_address':
      return `Ship to ${String((c.address as { line1?: string }).line1)}, ${String((c.address as { city?: string }).city)}`;
    case 'change_notes':
      return 'Notes changed';
    case 'change_tags':
      return `Tags: ${(c.tags as string[]).join(', ') || 'none'}`;
    default:
      return String(c.type);
  }
}

/**
 * The order edit flow (ADR 0032): begin an edit, stage changes (quantities, remove, add by SKU,
 * swap a line's variant, a discount on the order or one line, shipping method and address, notes
 * and tags), read the preview with the money delta, commit with a reason. A kit line is edited as a
 * whole (its quantity, removing it, a discount): its components follow and are not listed apart.
 * A commit refused because the order changed meanwhile (409 ORDER_EDIT_CONFLICT) says so and offers
 * to start again from the order as it is now.
 */
export function EditOrderDialog({ order, opened, onClose }: { order: Order; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [editId, setEditId] = useState<string | null>(null);
  const lines = order.lines.filter((l) => !l.parent_line_id && liveUnits(l) > 0);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [add, setAdd] = useState({ sku: '', quantity: 1 });
  const [discount, setDiscount] = useState({ amount: '', percent: '', lineId: '' });
  const [swap, setSwap] = useState({ lineId: '', sku: '' });
  const [shipping, setShipping] = useState({ serviceLevel: '', price: '' });
  const [address, setAddress] = useState({ line1: '', city: '', region: '', postal_code: '', country: '' });
  const [notes, setNotes] = useState(order.notes ?? '');
  const [tags, setTags] = useState(order.tags.join(', '));
  const [reason, setReason] = useState('');

  const begin = useMutation({
    mutationFn: () => call(api.POST('/v1/orders/{id}/edits', { params: { path: { id: order.id } }, body: {} })),
    onSuccess: (edit) => setEditId(edit.id),
  });
  // Opening the dialog begins an edit: the order's version is recorded from here.
  useEffect(() => {
    if (opened && editId === null && begin.isIdle) begin.mutate();
  }, [opened, editId, begin]);
  const editQuery = useQuery({
    queryKey: ['order', order.id, 'edit', editId],
    enabled: editId !== null,
    queryFn: () => call(api.GET('/v1/orders/{id}/edits/{edit_id}', { params: { path: { id: order.id, edit_id: editId as string } } })),
  });
  const edit: EditView | undefined = editQuery.data;
  const setEdit = (view: EditView) => queryClient.setQueryData(['order', order.id, 'edit', view.id], view);

  const stage = useMutation({
    mutationFn: (changes: Change[]) => call(api.POST('/v1/orders/{id}/edits/{edit_id}/changes', { params: { path: { id: order.id, edit_id: editId as string } }, body: { changes } })),
    onSuccess: setEdit,
  });
  const unstage = useMutation({
    mutationFn: (n: number) => call(api.DELETE('/v1/orders/{id}/edits/{edit_id}/changes/{n}', { params: { path: { id: order.id, edit_id: editId as string, n } } })),
    onSuccess: setEdit,
  });
  const close = () => {
    setEditId(null);
    begin.reset();
    commit.reset();
    onClose();
  };
  const commit = useMutation({
    mutationFn: () => call(api.POST('/v1/orders/{id}/edits/{edit_id}/commit', { params: { path: { id: order.id, edit_id: editId as string } }, body: { reason: reason.trim() } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Order edited', message: 'The changes are on the order and its timeline.' });
      close();
      await queryClient.invalidateQueries({ queryKey: orderKey(order.id) });
    },
  });
  const discard = useMutation({
    mutationFn: () => call(api.POST('/v1/orders/{id}/edits/{edit_id}/discard', { params: { path: { id: order.id, edit_id: editId as string } } })),
    onSettled: close,
  });
  /** After a conflict: the order as it is now, and a new edit begun from it. */
  const restart = async () => {
    await queryClient.invalidateQueries({ queryKey: orderKey(order.id) });
    setQuantities({});
    setEditId(null);
    stage.reset();
    commit.reset();
    begin.reset();
  };

  const lineChoices = lines.filter((l) => l.shipped < liveUnits(l)).map((l) => ({ value: l.id, label: l.sku }));
  // A kit's variant is not swapped: remove the kit line and add the other SKU.
  const swapChoices = lineChoices.filter((c) => !lines.find((l) => l.id === c.value)?.kit);
  const conflict = isProblem(commit.error) && commit.error.code === 'ORDER_EDIT_CONFLICT';
  const skuOf = (id: unknown) => order.lines.find((l) => l.id === id)?.sku ?? String(id);
  const preview = edit?.preview ?? null;
  const stageQuantities = () => {
    const changes: Change[] = lines.flatMap((l) => {
      const q = quantities[l.id];
      return q === undefined || q === liveUnits(l) ? [] : [{ type: 'change_quantity' as const, line_id: l.id, quantity: q }];
    });
    if (changes.length > 0) stage.mutate(changes);
  };

  return (
    <Modal opened={opened} onClose={close} title="Edit order" size="xl" data-testid="edit-dialog">
      {!edit ? (
        <Stack>
          <ProblemAlert error={begin.error ?? editQuery.error} testId="edit-problem" />
          {!begin.error && <Text size="sm">Starting the edit…</Text>}
        </Stack>
      ) : (
        <Stack gap="md">
          {conflict ? (
            <Alert color="red" title="Someone else changed this order" role="alert" data-testid="edit-conflict">
              <Stack gap="xs">
                <Text size="sm">The order changed after you began this edit (another edit, a cancellation or a shipment). Nothing of your edit was saved. Start again from the order as it is now.</Text>
                <Button size="xs" w="fit-content" onClick={() => void restart()} data-testid="edit-restart">
                  Start again
                </Button>
              </Stack>
            </Alert>
          ) : (
            <ProblemAlert error={stage.error ?? unstage.error ?? commit.error ?? discard.error} testId="edit-problem" />
          )}
          {edit.stale && !conflict && (
            <Alert color="yellow" data-testid="edit-stale">
              The order changed since this edit began: committing it will be refused.
            </Alert>
          )}
          <Card withBorder>
            <Title order={4}>Lines</Title>
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">SKU</Table.Th>
                  <Table.Th scope="col">Units</Table.Th>
                  <Table.Th scope="col">Shipped</Table.Th>
                  <Table.Th scope="col">New quantity</Table.Th>
                  <Table.Th scope="col" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {l.sku}
                      </Text>
                      {l.kit && (
                        <Text size="xs" c="dimmed" data-testid={`edit-kit-${l.sku}`}>
                          Kit: {kitContents(order, l)} each; its parts follow its quantity
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{liveUnits(l)}</Table.Td>
                    <Table.Td>{l.shipped}</Table.Td>
                    <Table.Td>
                      <NumberInput aria-label={`New quantity of ${l.sku}`} min={l.shipped} allowDecimal={false} w={110} value={quantities[l.id] ?? liveUnits(l)} onChange={(v) => setQuantities({ ...quantities, [l.id]: Number(v) })} data-testid={`edit-qty-${l.sku}`} />
                    </Table.Td>
                    <Table.Td>
                      {l.shipped === 0 && (
                        <Button size="xs" variant="subtle" color="red" onClick={() => stage.mutate([{ type: 'remove_line', line_id: l.id }])} data-testid={`edit-remove-${l.sku}`}>
                          Remove
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Button size="xs" variant="default" mt="xs" w="fit-content" onClick={stageQuantities} data-testid="edit-stage-quantities">
              Stage quantities
            </Button>
            <Group align="end" mt="sm">
              <TextInput label="Add SKU" value={add.sku} onChange={(e) => setAdd({ ...add, sku: e.currentTarget.value })} data-testid="edit-add-sku" />
              <NumberInput label="Quantity" min={1} allowDecimal={false} w={110} value={add.quantity} onChange={(v) => setAdd({ ...add, quantity: Number(v) })} data-testid="edit-add-qty" />
              <Button variant="default" disabled={!add.sku.trim()} onClick={() => stage.mutate([{ type: 'add_line', sku: add.sku.trim(), quantity: add.quantity }])} data-testid="edit-add-submit">
                Add line
              </Button>
            </Group>
            <Group align="end" mt="sm">
              <Select label="Swap the variant of" placeholder="Line" w={170} data={swapChoices} value={swap.lineId || null} onChange={(v) => setSwap({ ...swap, lineId: v ?? '' })} data-testid="edit-swap-line" />
              <TextInput label="to SKU" w={160} value={swap.sku} onChange={(e) => setSwap({ ...swap, sku: e.currentTarget.value })} data-testid="edit-swap-sku" />
              <Button variant="default" disabled={!swap.lineId || !swap.sku.trim()} onClick={() => stage.mutate([{ type: 'change_variant', line_id: swap.lineId, sku: swap.sku.trim() }])} data-testid="edit-swap-submit">
                Swap variant
              </Button>
            </Group>
            <Group align="end" mt="sm">
              <TextInput label="Discount amount" placeholder="5.00" w={140} value={discount.amount} onChange={(e) => setDiscount({ ...discount, amount: e.currentTarget.value, percent: '' })} data-testid="edit-discount-amount" />
              <TextInput label="or percent" placeholder="10" w={110} value={discount.percent} onChange={(e) => setDiscount({ ...discount, amount: '', percent: e.currentTarget.value })} data-testid="edit-discount-percent" />
              <Select label="On" w={170} data={[{ value: '', label: 'the whole order' }, ...lineChoices]} value={discount.lineId} onChange={(v) => setDiscount({ ...discount, lineId: v ?? '' })} allowDeselect={false} data-testid="edit-discount-line" />
              <Button variant="default" disabled={!discount.amount && !discount.percent} onClick={() => stage.mutate([{ type: 'add_discount', ...(discount.amount ? { amount: discount.amount } : { percent: discount.percent }), ...(discount.lineId ? { line_id: discount.lineId } : {}) }])} data-testid="edit-discount-add">
                Add discount
              </Button>
            </Group>
          </Card>
          <Card withBorder>
            <Title order={4}>Shipping method</Title>
            <Group align="end">
              <Select label="Service level" placeholder={order.shipping.service_level ?? 'standard'} w={170} data={SERVICE_LEVELS} value={shipping.serviceLevel || null} onChange={(v) => setShipping({ ...shipping, serviceLevel: v ?? '' })} data-testid="edit-shipping-level" />
              <TextInput label="Shipping price (optional)" placeholder="unchanged" w={170} value={shipping.price} onChange={(e) => setShipping({ ...shipping, price: e.currentTarget.value })} data-testid="edit-shipping-price" />
              <Button variant="default" disabled={!shipping.serviceLevel} onClick={() => stage.mutate([{ type: 'change_shipping_method', service_level: shipping.serviceLevel, ...(shipping.price.trim() ? { price: shipping.price.trim() } : {}) }])} data-testid="edit-shipping-stage">
                Stage shipping method
              </Button>
            </Group>
          </Card>
          <Card withBorder>
            <Title order={4}>Shipping address</Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {(['line1', 'city', 'region', 'postal_code', 'country'] as const).map((k) => (
                <TextInput key={k} label={k.replace('_', ' ')} value={address[k]} onChange={(e) => setAddress({ ...address, [k]: e.currentTarget.value })} data-testid={`edit-address-${k}`} />
              ))}
            </SimpleGrid>
            <Button size="xs" variant="default" mt="xs" w="fit-content" disabled={!address.line1 || !address.city || !address.country} onClick={() => stage.mutate([{ type: 'change_shipping_address', address: { line1: address.line1, city: address.city, region: address.region || null, postal_code: address.postal_code || null, country: address.country.toUpperCase() } }])} data-testid="edit-address-stage">
              Stage new address
            </Button>
          </Card>
          <Card withBorder>
            <Title order={4}>Notes and tags</Title>
            <Textarea label="Notes" autosize minRows={2} maxLength={5000} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} data-testid="edit-notes" />
            <TextInput label="Tags (comma separated)" value={tags} onChange={(e) => setTags(e.currentTarget.value)} data-testid="edit-tags" />
            <Button
              size="xs"
              variant="default"
              mt="xs"
              w="fit-content"
              onClick={() => stage.mutate([{ type: 'change_notes', notes: notes.trim() || null }, { type: 'change_tags', tags: tags.split(',').map((t) => t.trim()).filter(Boolean) }])}
              data-testid="edit-notes-stage"
            >
              Stage notes and tags
            </Button>
          </Card>
          <Card withBorder data-testid="edit-preview">
            <Title order={4}>Staged changes</Title>
            {edit.changes.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing staged yet.
              </Text>
            ) : (
              <Stack gap={4}>
                {edit.changes.map((c, n) => (
                  <Group key={`${n}:${JSON.stringify(c)}`} justify="space-between" data-testid="edit-change">
                    <Text size="sm">{describe(c, skuOf)}</Text>
                    <Button size="compact-xs" variant="subtle" onClick={() => unstage.mutate(n)} aria-label={`Unstage change ${n + 1}`} data-testid={`edit-unstage-${n}`}>
                      Unstage
                    </Button>
                  </Group>
                ))}
              </Stack>
            )}
            {preview?.valid && preview.before && preview.after && (
              <Group mt="sm" gap="lg">
                <Text size="sm">
                  Total <span data-testid="edit-total-before">{preview.before.total}</span> → <strong data-testid="edit-total-after">{preview.after.total}</strong> {preview.currency}
                </Text>
                <Badge color={preview.delta?.startsWith('-') ? 'green' : 'blue'} data-testid="edit-delta">
                  {preview.delta?.startsWith('-') ? preview.delta : `+${preview.delta ?? ''}`}
                </Badge>
                <Text size="sm">
                  Amount due <span data-testid="edit-amount-due">{preview.amount_due}</span> · refund owed <span data-testid="edit-refund-owed">{preview.refund_owed}</span>
                </Text>
              </Group>
            )}
            {preview && preview.stock.shortages.length > 0 && (
              <Alert color="yellow" mt="xs" data-testid="edit-shortages">
                Not enough stock now for {preview.stock.shortages.map((s) => `${s.sku} (${s.available} of ${s.requested})`).join(', ')}.
              </Alert>
            )}
          </Card>
          <Textarea label="Reason" required autosize minRows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="edit-reason" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => discard.mutate()} loading={discard.isPending} data-testid="edit-discard">
              Discard edit
            </Button>
            <Button onClick={() => commit.mutate()} disabled={edit.changes.length === 0 || !reason.trim() || conflict} loading={commit.isPending} data-testid="edit-commit">
              Commit edit
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
