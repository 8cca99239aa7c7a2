import { Anchor, Card, Group, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { AnchorLink } from '../../ui/links';
import { Money } from '../../ui/Money';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableScroll } from '../../ui/TableScroll';
import { fulfillmentQueries, type FulfillmentOrder, type Packages } from './fulfillment-queries';

/** The lines of a fulfillment order. */
export function FoLines({ fo }: { fo: FulfillmentOrder }) {
  return (
    <Table verticalSpacing="xs" data-testid="fo-lines">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">SKU</Table.Th>
          <Table.Th scope="col" ta="right">
            Units
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fo.lines.map((l) => (
          <Table.Tr key={l.order_line_id} data-testid="fo-line" data-sku={l.sku}>
            <Table.Td ff="monospace">{l.sku}</Table.Td>
            <Table.Td ta="right">{l.quantity}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const kg = (grams: number): string => `${(grams / 1000).toFixed(2)} kg`;

/** The packages packed (box, weight, contents). */
export function PackagesTable({ packages }: { packages: Packages }) {
  return (
    <TableScroll label="Packages" minWidth={480}>
      <Table verticalSpacing="xs" data-testid="fo-packages">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Box</Table.Th>
            <Table.Th scope="col">Size (mm)</Table.Th>
            <Table.Th scope="col" ta="right">
              Weight
            </Table.Th>
            <Table.Th scope="col">Contents</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {packages.map((p) => (
            <Table.Tr key={p.id} data-testid="fo-package" data-box={p.box}>
              <Table.Td ff="monospace">{p.box}</Table.Td>
              <Table.Td>{`${p.dimensions_mm.length} × ${p.dimensions_mm.width} × ${p.dimensions_mm.height}`}</Table.Td>
              <Table.Td ta="right">{kg(p.weight_grams)}</Table.Td>
              <Table.Td>{p.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/** Label downloads of a shipment: PDF (4×6 in, opens to print) and ZPL for a thermal printer. */
export function LabelLinks({ shipmentId }: { shipmentId: string }) {
  const base = `/v1/shipments/${encodeURIComponent(shipmentId)}`;
  return (
    <Group gap="sm" wrap="nowrap">
      <Anchor href={`${base}/label.pdf`} target="_blank" rel="noopener" size="sm" data-testid="label-pdf">
        <IconPrinter size={14} aria-hidden /> Label PDF
      </Anchor>
      <Anchor href={`${base}/label.zpl`} download={`${shipmentId}.zpl`} size="sm" data-testid="label-zpl">
        <IconDownload size={14} aria-hidden /> ZPL
      </Anchor>
    </Group>
  );
}

/** The shipments of a fulfillment order, each linking to its page. */
export function FoShipments({ foId }: { foId: string }) {
  const query = useQuery(fulfillmentQueries.shipments(foId));
  const shipments = query.data?.data ?? [];
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Shipments
      </Title>
      <ProblemAlert error={query.error} />
      {query.data && shipments.length === 0 && <Text size="sm">No label bought yet.</Text>}
      {shipments.length > 0 && (
        <TableScroll label="Shipments of this fulfillment order" minWidth={520}>
          <Table verticalSpacing="xs" data-testid="fo-shipments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Tracking</Table.Th>
                <Table.Th scope="col">Service</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col" ta="right">
                  Cost
                </Table.Th>
                <Table.Th scope="col">Label</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shipments.map((s) => (
                <Table.Tr key={s.id} data-testid="fo-shipment" data-id={s.id}>
                  <Table.Td ff="monospace">
                    <AnchorLink to="/shipments/$shipmentId" params={{ shipmentId: s.id }} data-testid="shipment-link">
                      {s.tracking_number}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{s.service_name || `${s.carrier} ${s.service}`}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={s.status} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Money amount={s.amount} currency={s.currency} />
                  </Table.Td>
                  <Table.Td>{s.labels ? <LabelLinks shipmentId={s.id} /> : 'bought elsewhere'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Card>
  );
}
