import { Button, Center, Grid, Group, Loader, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { Order } from '../../api/types';
import { can } from '../../auth/permissions';
import { sessionQuery } from '../../auth/session';
import { DateTime } from '../../ui/DateTime';
import { ErrorView } from '../../ui/ErrorView';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge } from '../../ui/StatusBadge';
import { returnQueries } from '../returns/return-api';
import { CancelDialog } from './CancelDialog';
import { CreateReturnDialog, returnableUnits } from './CreateReturnDialog';
import { EditOrderDialog } from './EditOrderDialog';
import { OrderAutomations } from './OrderAutomations';
import { OrderChecks } from './OrderChecks';
import { orderTitle } from './order-labels';
import { orderQueries } from './order-queries';
import { OrderHeldNotice, OrderHolds } from './OrderHolds';
import { OrderAllocations, OrderLines } from './OrderLines';
import { OrderNotesTags } from './OrderNotesTags';
import { OrderPayments } from './OrderPayments';
import { OrderReturns } from './OrderReturns';
import { OrderMessages } from './OrderMessages';
import { OrderRisk } from './OrderRisk';
import { OrderReplacesReturn } from './OrderReplacesReturn';
import { OrderFulfillmentOrders, OrderShipments } from './OrderShipping';
import { OrderSummary } from './OrderSummary';
import { OrderSurvey } from './OrderSurvey';
import { OrderTimeline } from './OrderTimeline';

const route = getRouteApi('/app/orders/$orderId');
const finished = new Set(['cancelled', 'closed', 'delivered', 'returned', 'shipped']);

/** One order whole: lines, where units come from, fulfillment, shipments, money and its timeline. */
export function OrderPage() {
  const { orderId } = route.useParams();
  const { data: session } = useSuspenseQuery(sessionQuery);
  const query = useQuery(orderQueries.order(orderId));
  const [cancelling, cancel] = useDisclosure(false);
  const [returning, createReturn] = useDisclosure(false);
  const [editing, editOrder] = useDisclosure(false);
  const returns = useQuery(returnQueries.ofOrder(orderId));
  if (query.error) return <ErrorView error={query.error} reset={() => void query.refetch()} />;
  if (!query.data) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the order" />
      </Center>
    );
  }
  const order: Order = query.data;
  const role = session?.user.role ?? 'viewer';
  const canCancel = can(role, 'orders:cancel') && !finished.has(order.status);
  const canEdit = can(role, 'orders:edit') && order.status !== 'cancelled' && order.status !== 'closed';
  // Shipped units not already under a return: a return may be requested for them.
  const canReturn = can(role, 'returns:write') && returns.data !== undefined && [...returnableUnits(order, returns.data.data).values()].some((n) => n > 0);
  return (
    <>
      <PageHeader
        title={orderTitle(order)}
        subtitle={
          <Group gap="xs" component="span">
            <StatusBadge status={order.status} />
            {order.late && <StatusBadge status="late" />}
            {order.held && <StatusBadge status="held" />}
            <Text span size="sm">
              {[order.channel_order_name, order.channel_name ?? order.channel, order.external_id].filter(Boolean).join(' · ')} · placed <DateTime value={order.placed_at ?? order.created_at} />
            </Text>
          </Group>
        }
        actions={
          <>
            {canReturn && (
              <Button variant="light" onClick={createReturn.open} data-testid="order-create-return">
                Create return…
              </Button>
            )}
            {canEdit && (
              <Button variant="light" onClick={editOrder.open} data-testid="order-edit">
                Edit order…
              </Button>
            )}
            {canCancel && (
              <Button color="red" variant="outline" onClick={cancel.open} data-testid="order-cancel">
                Cancel units…
              </Button>
            )}
          </>
        }
      />
      <OrderHeldNotice order={order} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <OrderLines order={order} />
            <OrderAllocations order={order} />
            <OrderReturns query={returns} />
            <OrderReplacesReturn orderId={order.id} />
            {can(role, 'fulfillment:read') && <OrderFulfillmentOrders orderId={order.id} />}
            {can(role, 'shipments:read') && <OrderShipments orderId={order.id} />}
            {can(role, 'automations:read') && <OrderAutomations orderId={order.id} />}
            <OrderTimeline orderId={order.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <OrderHolds order={order} canManage={can(role, 'orders:hold')} canReview={can(role, 'reviews:read')} />
            {can(role, 'risk:read') && <OrderRisk order={order} canReview={can(role, 'reviews:read')} />}
            <OrderChecks order={order} />
            {can(role, 'surveys:read') && <OrderSurvey orderId={order.id} />}
            <OrderSummary order={order} />
            <OrderPayments order={order} canRecord={can(role, 'orders:write')} />
            <OrderNotesTags order={order} canEdit={can(role, 'orders:write')} />
            {can(role, 'notifications:read') && <OrderMessages orderId={order.id} />}
          </Stack>
        </Grid.Col>
      </Grid>
      {canReturn && returns.data && <CreateReturnDialog key={`${order.version}:${returns.data.data.length}`} order={order} returns={returns.data.data} opened={returning} onClose={createReturn.close} />}
      {canEdit && editing && <EditOrderDialog order={order} opened={editing} onClose={editOrder.close} />}
      {canCancel && <CancelDialog key={order.version} order={order} opened={cancelling} onClose={cancel.close} />}
    </>
  );
}
