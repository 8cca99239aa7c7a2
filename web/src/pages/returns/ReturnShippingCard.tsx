import { Anchor, Button, Card, Group, Radio, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, call } from '../../api/client';
import { newKey } from '../../api/idempotency';
import { Money } from '../../ui/Money';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { statusLabel } from '../../ui/StatusBadge';
import { returnShippingQuery, type Return, type ReturnShipping } from './return-api';

type Method = 'label' | 'drop_off' | 'no_label';
const methods: { value: Method; label: string; explain: string }[] = [
  { value: 'label', label: 'Buy a return label', explain: 'The cheapest carrier the rules allow, from the customer to the receiving location; its cost is recorded on the return.' },
  { value: 'drop_off', label: 'Drop-off QR code', explain: 'A label bought the same way, with a QR code the customer shows at a drop-off point.' },
  { value: 'no_label', label: 'No label', explain: 'The customer ships it and gives the tracking number later.' },
];
const formatLabels: Record<string, string> = { pdf: 'Label (PDF)', zpl: 'Label (ZPL)', png: 'QR code (PNG)', svg: 'QR code (SVG)' };

/** What is arranged: method, carrier, tracking number, cost, and a link per format the API can send. */
function Arranged({ ret, shipping }: { ret: Return; shipping: ReturnShipping }) {
  return (
    <Stack gap={4} data-testid="return-shipping-view" data-method={shipping.method}>
      <Text size="sm">Method: {methods.find((m) => m.value === shipping.method)?.label ?? statusLabel(shipping.method)}</Text>
      {shipping.carrier && (
        <Text size="sm" data-testid="return-shipping-carrier">
          Carrier: {shipping.carrier}
          {shipping.service_name ? ` — ${shipping.service_name}` : shipping.service ? ` — ${shipping.service}` : ''}
        </Text>
      )}
      {shipping.tracking_number && (
        <Text size="sm">
          Tracking number: <span data-testid="return-shipping-tracking">{shipping.tracking_number}</span>
        </Text>
      )}
      <Text size="sm" data-testid="return-shipping-cost">
        Label cost: <Money amount={shipping.cost} currency={shipping.currency} />
      </Text>
      {shipping.parcel_status && <Text size="sm">Parcel: {statusLabel(shipping.parcel_status)}</Text>}
      {shipping.formats.length > 0 && (
        <Group gap="md">
          {shipping.formats.map((f) => (
            // A plain link: the session cookie goes with it and the browser opens or saves the file.
            <Anchor key={f} href={`/v1/returns/${encodeURIComponent(ret.id)}/label?format=${f}`} download={`${ret.id}.${f}`} size="sm" data-testid={`return-label-${f}`}>
              {formatLabels[f] ?? f.toUpperCase()}
            </Anchor>
          ))}
        </Group>
      )}
    </Stack>
  );
}

/**
 * Return shipping (ADR 0023): an approved return with nothing arranged offers a label, a drop-off
 * QR code or no label (POST …/label, one arrangement per return); afterwards what was arranged.
 */
export function ReturnShippingCard({ ret, canWrite }: { ret: Return; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const shipping = useQuery(returnShippingQuery(ret.id));
  const [method, setMethod] = useState<Method>('label');
  const idempotencyKey = useRef(newKey());
  const arrange = useMutation({
    mutationFn: (m: Method) => call(api.POST('/v1/returns/{id}/label', { params: { path: { id: ret.id }, header: { 'idempotency-key': idempotencyKey.current } }, body: { method: m } })),
    onSuccess: async (answer) => {
      idempotencyKey.current = newKey();
      notifications.show({ color: 'green', title: 'Return shipping arranged', message: answer.tracking_number ? `Tracking ${answer.tracking_number}` : statusLabel(answer.method) });
      queryClient.setQueryData(returnShippingQuery(ret.id).queryKey, answer);
      await queryClient.invalidateQueries({ queryKey: ['returns', 'one', ret.id] });
    },
  });
  // Nothing arranged and nothing can be any more: no card.
  if ((shipping.data === null || shipping.isPending) && ret.status !== 'approved') return null;
  return (
    <Card withBorder padding="md" data-testid="return-shipping">
      <Title order={2} size="h4" mb="sm">
        Return shipping
      </Title>
      <ProblemAlert error={shipping.error} testId="return-shipping-load-problem" />
      {shipping.data ? (
        <Arranged ret={ret} shipping={shipping.data} />
      ) : shipping.data === null && canWrite ? (
        <Stack gap="sm">
          <Radio.Group value={method} onChange={(v) => setMethod(v as Method)} label="How the parcel comes back" data-testid="return-shipping-method">
            <Stack gap={6} mt={4}>
              {methods.map((m) => (
                <Radio key={m.value} value={m.value} label={m.label} description={m.explain} data-testid={`return-shipping-method-${m.value}`} />
              ))}
            </Stack>
          </Radio.Group>
          <ProblemAlert error={arrange.error} testId="return-shipping-problem" />
          <Button w="fit-content" loading={arrange.isPending} onClick={() => arrange.mutate(method)} data-testid="return-shipping-submit">
            {method === 'no_label' ? 'Record: no label' : 'Buy label'}
          </Button>
        </Stack>
      ) : (
        shipping.data === null && <Text size="sm">Nothing arranged yet.</Text>
      )}
    </Card>
  );
}
