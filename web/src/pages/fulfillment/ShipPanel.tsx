import { Alert, Button, Card, Group, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { DateOnly } from '../../ui/DateTime';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { TableScroll } from '../../ui/TableScroll';
import { LabelLinks } from './FoParts';
import type { FulfillmentOrder, Packages } from './fulfillment-queries';

const rateKey = (r: { carrier: string; service: string }) => `${r.carrier}:${r.service}`;

/**
 * Rates for the packed parcels (POST /v1/rates), then the label (POST /v1/fulfillment-orders/{id}/ship)
 * with the service chosen, and its PDF / ZPL. Without permission to quote, the API chooses by the
 * tenant's rule (cheapest that keeps the promise).
 */
export function ShipPanel({ fo, packages, canQuote }: { fo: FulfillmentOrder; packages: Packages; canQuote: boolean }) {
  const queryClient = useQueryClient();
  // One key per visit: a double click or a retry after a timeout buys the label once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [choice, setChoice] = useState<string | null>(null);
  const shipTo = fo.ship_to;
  const rates = useQuery({
    queryKey: ['fulfillment', 'fo', fo.id, 'rates'],
    enabled: canQuote && shipTo !== null,
    staleTime: 5 * 60_000,
    queryFn: () =>
      call(
        api.POST('/v1/rates', {
          body: {
            from: fo.location,
            to: shipTo!,
            packages: packages.map((p) => ({ weight_grams: p.weight_grams, dimensions_mm: p.dimensions_mm })),
            ...(fo.promise ? { deliver_by: fo.promise.deliver_by } : {}),
          },
        }),
      ),
  });
  const chosenKey = choice ?? (rates.data?.chosen ? rateKey(rates.data.chosen) : null);
  const chosen = rates.data?.rates.find((r) => rateKey(r) === chosenKey);
  const ship = useMutation({
    mutationFn: () =>
      call(
        api.POST('/v1/fulfillment-orders/{id}/ship', {
          params: { path: { id: fo.id }, header: { 'idempotency-key': idempotencyKey } },
          body: chosen ? { carrier: chosen.carrier, service: chosen.service } : {},
        }),
      ),
    onSuccess: async (shipment) => {
      notifications.show({ color: 'green', title: 'Label bought', message: `${shipment.service_name} · ${shipment.tracking_number}` });
      await queryClient.invalidateQueries({ queryKey: ['fulfillment', 'fo', fo.id] });
    },
  });
  const bought = ship.data;
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Label
      </Title>
      <Stack gap="sm">
        <ProblemAlert error={rates.error} testId="rates-problem" />
        {rates.data && (
          <TableScroll label="Rates" minWidth={640}>
            <Radio.Group value={chosenKey} onChange={setChoice} name="rate" aria-label="Service">
              <Table verticalSpacing="xs" data-testid="rates">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Service</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Price
                    </Table.Th>
                    <Table.Th scope="col">Delivers</Table.Th>
                    <Table.Th scope="col">Promise</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rates.data.rates.map((r) => (
                    <Table.Tr key={rateKey(r)} data-testid="rate" data-key={rateKey(r)}>
                      <Table.Td>
                        <Radio value={rateKey(r)} label={`${r.carrier} · ${r.service_name}`} data-testid={`rate-${rateKey(r)}`} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Money amount={r.amount} currency={r.currency} />
                      </Table.Td>
                      <Table.Td>
                        <DateOnly value={r.estimated_delivery_date} /> ({r.transit_days} d)
                      </Table.Td>
                      <Table.Td>{r.meets_promise ? 'kept' : <Text span c="red.8">missed</Text>}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Radio.Group>
          </TableScroll>
        )}
        {rates.data?.chosen && (
          <Text size="sm" data-testid="rates-suggested">
            Suggested: {rates.data.chosen.carrier} {rates.data.chosen.service} ({rates.data.chosen.reason})
          </Text>
        )}
        {rates.data && rates.data.unavailable.length > 0 && <Text size="sm">Not quoted: {rates.data.unavailable.map((u) => `${u.carrier} (${u.reason})`).join('; ')}</Text>}
        <ProblemAlert error={ship.error} testId="ship-problem" />
        {bought ? (
          <Alert color="green" variant="light" title="Label bought" data-testid="label-bought">
            <Group gap="md">
              <AnchorLink to="/shipments/$shipmentId" params={{ shipmentId: bought.id }} ff="monospace" data-testid="bought-shipment-link">
                {bought.tracking_number}
              </AnchorLink>
              <Text size="sm">
                {bought.service_name} · <Money amount={bought.amount} currency={bought.currency} />
              </Text>
              {bought.labels && <LabelLinks shipmentId={bought.id} />}
            </Group>
          </Alert>
        ) : (
          <Group justify="flex-end">
            <Button size="md" onClick={() => ship.mutate()} loading={ship.isPending} disabled={canQuote && rates.isPending && shipTo !== null} data-testid="ship-buy">
              {chosen ? `Buy label: ${chosen.carrier} ${chosen.service_name}` : 'Buy label (best service by the shipping rules)'}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
