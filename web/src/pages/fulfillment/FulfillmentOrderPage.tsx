import { Button, Card, Center, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { can } from '../../auth/permissions';
import { sessionQuery } from '../../auth/session';
import { DateOnly, DateTime } from '../../ui/DateTime';
import { ErrorView } from '../../ui/ErrorView';
import { AnchorLink, ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { addressLine, foReference } from './fo-labels';
import { FoLines, FoShipments, PackagesTable } from './FoParts';
import { fulfillmentQueries, unitsOfFo } from './fulfillment-queries';
import { ReasonDialog } from './ReasonDialog';
import { RejectDialog } from './RejectDialog';

const route = getRouteApi('/app/fulfillment/$foId');
const rejectable = new Set(['released', 'accepted', 'picking']);
const cancellable = new Set(['pending', 'released', 'accepted', 'picking', 'packed']);
const packable = new Set(['released', 'accepted', 'picking', 'packed']);

/** One fulfillment order: its lines and ship-to, and every move the caller's role allows. */
export function FulfillmentOrderPage() {
  const { foId } = route.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: session } = useSuspenseQuery(sessionQuery);
  const role = session?.user.role ?? 'viewer';
  const query = useQuery(fulfillmentQueries.one(foId));
  const fo = query.data;
  const hasPackages = fo !== undefined && ['packed', 'shipped', 'cancel_requested'].includes(fo.status);
  const packages = useQuery({ ...fulfillmentQueries.packages(foId), enabled: hasPackages });
  const [rejecting, reject] = useDisclosure(false);
  const [cancelling, cancel] = useDisclosure(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['fulfillment'] });
  const accept = useMutation({
    mutationFn: () => call(api.POST('/v1/fulfillment-orders/{id}/accept', { params: { path: { id: foId } }, body: {} })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Accepted', message: 'The location will ship it.' });
      await refresh();
    },
  });
  const release = useMutation({
    mutationFn: () => call(api.POST('/v1/fulfillment-orders/{id}/release', { params: { path: { id: foId } }, body: {} })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Released', message: 'The location can pick it now.' });
      await refresh();
    },
  });
  const cancelMutation = useMutation<unknown, Error, string>({
    mutationFn: (reason) => call(api.POST('/v1/fulfillment-orders/{id}/cancel', { params: { path: { id: foId } }, body: { reason } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Cancel sent', message: 'Not started: cancelled and re-routed. Started: the location is asked to stop.' });
      await refresh();
    },
  });
  const pickList = useMutation({
    mutationFn: (location: string) => call(api.POST('/v1/pick-lists', { body: { location } })),
    onSuccess: (list) => {
      notifications.show({ color: 'green', title: 'Pick list created', message: `${list.fulfillment_order_ids.length} fulfillment orders, ${list.stops.length} stops.` });
      void navigate({ to: '/pick-lists/$pickListId', params: { pickListId: list.id } });
    },
  });

  if (query.error) return <ErrorView error={query.error} reset={() => void query.refetch()} />;
  if (!fo) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the fulfillment order" />
      </Center>
    );
  }
  const status = fo.status;
  return (
    <>
      <PageHeader
        title={`${foReference(fo)} at ${fo.location}`}
        subtitle={
          <Group gap="xs" component="span">
            <StatusBadge status={status} />
            <Text span size="sm">
              {fo.channel_order_name ? `${fo.channel_order_name} · ` : ''}
              {unitsOfFo(fo)} units · released <DateTime value={fo.released_at} />
              {fo.promise && (
                <>
                  {' '}
                  · ship by <DateOnly value={fo.promise.ship_by} />
                </>
              )}
            </Text>
          </Group>
        }
        actions={
          <>
            {status === 'released' && can(role, 'fulfillment:respond') && (
              <Button onClick={() => accept.mutate()} loading={accept.isPending} data-testid="fo-accept">
                Accept
              </Button>
            )}
            {status === 'pending' && can(role, 'fulfillment:write') && (
              <Button onClick={() => release.mutate()} loading={release.isPending} data-testid="fo-release">
                Release to location
              </Button>
            )}
            {(status === 'released' || status === 'accepted') && can(role, 'fulfillment:write') && (
              <Button variant="light" onClick={() => pickList.mutate(fo.location)} loading={pickList.isPending} data-testid="fo-create-pick-list">
                Create pick list
              </Button>
            )}
            {packable.has(status) && can(role, 'fulfillment:pack') && (
              <ButtonLink to="/pack/$foId" params={{ foId }} variant="light" data-testid="fo-pack">
                {status === 'packed' ? 'Ship' : 'Pack'}
              </ButtonLink>
            )}
            {rejectable.has(status) && can(role, 'fulfillment:respond') && (
              <Button color="red" variant="outline" onClick={reject.open} data-testid="fo-reject">
                Reject…
              </Button>
            )}
            {cancellable.has(status) && can(role, 'fulfillment:write') && (
              <Button color="red" variant="subtle" onClick={cancel.open} data-testid="fo-cancel">
                Cancel…
              </Button>
            )}
          </>
        }
      />
      <Stack gap="sm" mb="sm">
        <ProblemAlert error={accept.error ?? release.error ?? pickList.error} testId="fo-problem" />
        {fo.pick_list_id && (
          <Text size="sm">
            On{' '}
            <AnchorLink to="/pick-lists/$pickListId" params={{ pickListId: fo.pick_list_id }} data-testid="fo-pick-list-link">
              pick list {fo.pick_list_id.slice(-8)}
            </AnchorLink>
            {status === 'picking' ? ': confirm its stops, then pack.' : '.'}
          </Text>
        )}
      </Stack>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Card withBorder padding="md">
              <Title order={2} size="h4" mb="sm">
                Lines
              </Title>
              <FoLines fo={fo} />
            </Card>
            {hasPackages && (
              <Card withBorder padding="md">
                <Title order={2} size="h4" mb="sm">
                  Packages
                </Title>
                <ProblemAlert error={packages.error} />
                {packages.data && <PackagesTable packages={packages.data.packages} />}
              </Card>
            )}
            {can(role, 'shipments:read') && <FoShipments foId={foId} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card withBorder padding="md">
            <Title order={2} size="h4" mb="sm">
              Ship to
            </Title>
            <Text size="sm" data-testid="fo-ship-to">
              {addressLine(fo.ship_to)}
            </Text>
            {fo.ship_to?.phone && <Text size="sm">{fo.ship_to.phone}</Text>}
            <Text size="sm" mt="xs">
              Service level: {fo.service_level ?? 'standard'}
            </Text>
            {fo.promise && (
              <Text size="sm">
                Promised: {fo.promise.carrier} {fo.promise.service}, deliver by <DateOnly value={fo.promise.deliver_by} />
              </Text>
            )}
            {fo.reject_reason && (
              <Text size="sm" mt="xs" data-testid="fo-reject-reason">
                Rejected: {fo.reject_reason}
              </Text>
            )}
            {can(role, 'orders:read') && (
              <AnchorLink to="/orders/$orderId" params={{ orderId: fo.order_id }} size="sm" mt="sm" display="block" data-testid="fo-order-link">
                Open the order
              </AnchorLink>
            )}
          </Card>
        </Grid.Col>
      </Grid>
      {rejectable.has(status) && <RejectDialog key={fo.updated_at} fo={fo} opened={rejecting} onClose={reject.close} />}
      <ReasonDialog
        title="Cancel this fulfillment order"
        explain="Not started yet: it is cancelled and its units are routed to another location. Being picked or packed: the location is asked to stop."
        confirm="Cancel fulfillment order"
        opened={cancelling}
        onClose={cancel.close}
        mutation={cancelMutation}
        testId="fo-cancel"
      />
    </>
  );
}
