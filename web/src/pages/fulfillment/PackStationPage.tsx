import { Button, Card, Center, Grid, Group, Loader, Progress, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBarcode } from '@tabler/icons-react';
import { useMutation, useQueries, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { can } from '../../auth/permissions';
import { sessionQuery } from '../../auth/session';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { addressLine, foReference } from './fo-labels';
import { FoShipments, PackagesTable } from './FoParts';
import { fulfillmentQueries, type FulfillmentOrder } from './fulfillment-queries';
import { allScanned, type PackLine } from './scan-match';
import { ShipPanel } from './ShipPanel';
import { ScanFeedback, useScanner } from './use-scanner';

const route = getRouteApi('/app/pack/$foId');
const AUTO = 'auto';

/** Scanning the items of a fulfillment order into its box: every unit checked, a wrong or surplus one refused. */
function ScanAndPack({ fo }: { fo: FulfillmentOrder }) {
  const queryClient = useQueryClient();
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [box, setBox] = useState<string>(AUTO);
  const skus = [...new Set(fo.lines.map((l) => l.sku))];
  const products = useQueries({ queries: skus.map((sku) => ({ ...fulfillmentQueries.product(sku), retry: false })) });
  const boxes = useQuery(fulfillmentQueries.boxes());
  const gtinOf = new Map(products.flatMap((p) => (p.data ? [[p.data.sku, p.data.gtin] as const] : [])));
  const nameOf = new Map(products.flatMap((p) => (p.data ? [[p.data.sku, p.data.name] as const] : [])));
  // One line per SKU: a fulfillment order may hold a SKU on two order lines.
  const lines: PackLine[] = skus.map((sku) => ({ sku, quantity: fo.lines.filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0), gtin: gtinOf.get(sku) }));
  const total = lines.reduce((n, l) => n + l.quantity, 0);
  const scanned = Object.values(counts).reduce((n, c) => n + c, 0);
  const done = allScanned(lines, counts);
  const pack = useMutation({
    mutationFn: () =>
      call(
        api.POST('/v1/fulfillment-orders/{id}/pack', {
          params: { path: { id: fo.id } },
          body: {
            scanned: lines.map((l) => ({ sku: l.sku, quantity: counts[l.sku] ?? 0 })),
            ...(box === AUTO ? {} : { packages: [{ box, lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) }] }),
          },
        }),
      ),
    onSuccess: async (result) => {
      notifications.show({ color: 'green', title: 'Packed', message: `${result.packages.length} package(s). Buy the label next.` });
      queryClient.setQueryData(fulfillmentQueries.packages(fo.id).queryKey, result);
      await queryClient.invalidateQueries({ queryKey: ['fulfillment', 'fo', fo.id], exact: true });
    },
  });

  const scanner = useScanner({
    lines,
    counts,
    keepFocus: true,
    onMatch: (sku) => setCounts((c) => ({ ...c, [sku]: (c[sku] ?? 0) + 1 })),
    refusalOf: (r, code) => (r.reason === 'surplus' ? `One too many: every unit of ${r.sku ?? code} is already scanned. Put it back.` : `${code} is not in this fulfillment order. Put it back.`),
  });

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="sm">
            Scan items
          </Title>
          <TextInput
            {...scanner.inputProps}
            label="Scan a SKU or barcode"
            description="A scanner types the code and Enter; typing works too."
            leftSection={<IconBarcode size={18} aria-hidden />}
            size="lg"
            disabled={done || pack.isPending}
            data-testid="scan-input"
          />
          <Progress value={total ? (scanned / total) * 100 : 0} mt="sm" aria-label={`${scanned} of ${total} units scanned`} />
          <Text size="sm" mt={4} data-testid="scan-progress">
            {scanned} of {total} units scanned
          </Text>
          <ScanFeedback refusal={scanner.refusal} lastOk={scanner.lastOk} testId="scan" />
          <Table verticalSpacing="xs" mt="sm" data-testid="pack-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">SKU</Table.Th>
                <Table.Th scope="col">Product</Table.Th>
                <Table.Th scope="col" ta="right">
                  Scanned
                </Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Undo</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((l) => {
                const n = counts[l.sku] ?? 0;
                return (
                  <Table.Tr key={l.sku} data-testid="pack-line" data-sku={l.sku} data-complete={n === l.quantity}>
                    <Table.Td ff="monospace">{l.sku}</Table.Td>
                    <Table.Td>
                      {nameOf.get(l.sku) ?? ''}
                      {l.gtin && (
                        <Text size="xs" ff="monospace">
                          {l.gtin}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" fw={600} data-testid="pack-count">
                      {n === l.quantity ? '✓ ' : ''}
                      {n} / {l.quantity}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        disabled={n === 0}
                        onClick={() => {
                          setCounts((c) => ({ ...c, [l.sku]: Math.max(0, (c[l.sku] ?? 0) - 1) }));
                          scanner.focus();
                        }}
                        aria-label={`Undo one ${l.sku}`}
                        data-testid={`pack-undo-${l.sku}`}
                      >
                        Undo
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="sm">
            Box
          </Title>
          <Stack gap="sm">
            <Select
              label="Box"
              data={[{ value: AUTO, label: 'Suggested: the smallest boxes that fit (automatic)' }, ...(boxes.data?.data ?? []).map((b) => ({ value: b.code, label: `${b.code} · ${b.inner_mm.length}×${b.inner_mm.width}×${b.inner_mm.height} mm` }))]}
              value={box}
              onChange={(v) => setBox(v ?? AUTO)}
              allowDeselect={false}
              data-testid="pack-box"
            />
            {!done && <Text size="sm">Scan every unit to pack.</Text>}
            <ProblemAlert error={pack.error} testId="pack-problem" />
            <Button size="md" disabled={!done} loading={pack.isPending} onClick={() => pack.mutate()} data-testid="pack-submit">
              Pack
            </Button>
          </Stack>
        </Card>
      </Grid.Col>
    </Grid>
  );
}

/** The pack station for one fulfillment order: scan, box, pack, then buy and print the label. */
export function PackStationPage() {
  const { foId } = route.useParams();
  const { data: session } = useSuspenseQuery(sessionQuery);
  const role = session?.user.role ?? 'viewer';
  const query = useQuery(fulfillmentQueries.one(foId));
  const fo = query.data;
  const packed = fo?.status === 'packed';
  const packages = useQuery({ ...fulfillmentQueries.packages(foId), enabled: packed || fo?.status === 'shipped' });
  if (query.error) return <ErrorView error={query.error} reset={() => void query.refetch()} />;
  if (!fo) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the fulfillment order" />
      </Center>
    );
  }
  const scanning = ['released', 'accepted', 'picking'].includes(fo.status);
  return (
    <>
      <PageHeader
        title={`Pack ${foReference(fo)}`}
        subtitle={
          <Group gap="xs" component="span">
            <StatusBadge status={fo.status} />
            <Text span size="sm">
              {fo.location} → {addressLine(fo.ship_to)}
            </Text>
          </Group>
        }
        actions={
          <AnchorLink to="/fulfillment/$foId" params={{ foId }} data-testid="pack-fo-link">
            Fulfillment order
          </AnchorLink>
        }
      />
      {scanning && can(role, 'fulfillment:pack') && <ScanAndPack key={fo.updated_at} fo={fo} />}
      {scanning && !can(role, 'fulfillment:pack') && <Text>Your role cannot pack.</Text>}
      {!scanning && !packed && fo.status !== 'shipped' && <Text data-testid="pack-not-packable">This fulfillment order is {fo.status.replaceAll('_', ' ')}: nothing to pack.</Text>}
      {(packed || fo.status === 'shipped') && (
        <Stack gap="md">
          <Card withBorder padding="md">
            <Title order={2} size="h4" mb="sm">
              Packages
            </Title>
            <ProblemAlert error={packages.error} />
            {packages.data && <PackagesTable packages={packages.data.packages} />}
          </Card>
          {packed && packages.data && can(role, 'shipping:ship') && <ShipPanel fo={fo} packages={packages.data.packages} canQuote={can(role, 'read')} />}
          {fo.status === 'shipped' && <FoShipments foId={foId} />}
        </Stack>
      )}
    </>
  );
}
