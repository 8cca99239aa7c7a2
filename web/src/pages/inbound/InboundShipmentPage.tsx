import type { ReactNode } from 'react';
import { Button, Card, Center, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { DateOnly, DateTime } from '../../ui/DateTime';
import { ErrorView } from '../../ui/ErrorView';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge } from '../../ui/StatusBadge';
import { inventoryQueries } from '../inventory/inventory-api';
import { useAllowed } from '../../auth/use-can';
import { InventoryTabs } from '../inventory/InventoryTabs';
import { CancelInboundDialog } from './CancelInboundDialog';
import { unitsOf } from './InboundPage';
import { ReceiveForm } from './ReceiveForm';

const route = getRouteApi('/app/inbound/$id');

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dark.3">
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Stack>
  );
}

/** /inbound/{id}: one inbound shipment, receiving (partial or whole) and cancelling. */
export function InboundShipmentPage() {
  const { id } = route.useParams();
  const query = useQuery(inventoryQueries.inbound(id));
  const canWrite = useAllowed('inventory:write');
  const [cancelling, cancel] = useDisclosure(false);
  if (query.error) return <ErrorView error={query.error} reset={() => void query.refetch()} />;
  if (!query.data) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the inbound shipment" />
      </Center>
    );
  }
  const shipment = query.data;
  const open = shipment.status === 'open' || shipment.status === 'partially_received';
  const units = unitsOf(shipment);
  return (
    <>
      <PageHeader
        title={shipment.reference ?? shipment.id}
        subtitle={
          <Group gap="xs" component="span">
            <StatusBadge status={shipment.status} />
            <Text span size="sm" data-testid="inbound-summary">
              {units.received} of {units.expected} units received
            </Text>
          </Group>
        }
        actions={
          canWrite &&
          open && (
            <Button color="red" variant="outline" onClick={cancel.open} data-testid="inbound-cancel">
              Cancel shipment…
            </Button>
          )
        }
      />
      <InventoryTabs />
      <Stack gap="md">
        <Card withBorder padding="md">
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
            <Fact label="Arrives at">{shipment.location}</Fact>
            <Fact label="Expected on">
              <DateOnly value={shipment.expected_date} />
            </Fact>
            <Fact label="Reference">{shipment.reference ?? '—'}</Fact>
            <Fact label="Created">
              <DateTime value={shipment.created_at} />
            </Fact>
            <Fact label="Id">{shipment.id}</Fact>
          </SimpleGrid>
        </Card>
        <ReceiveForm key={shipment.updated_at} shipment={shipment} canReceive={canWrite && open} />
      </Stack>
      {canWrite && open && <CancelInboundDialog shipment={shipment} opened={cancelling} onClose={cancel.close} />}
    </>
  );
}
