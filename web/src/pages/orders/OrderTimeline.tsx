import { Card, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { OrderEvent } from '../../api/types';
import { DateTime } from '../../ui/DateTime';
import { AnchorLink } from '../../ui/links';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { statusLabel } from '../../ui/StatusBadge';
import { orderQueries } from './order-queries';

/** "fulfillment_order.accepted" → "Fulfillment order accepted". */
export function eventTitle(type: string): string {
  const words = statusLabel(type.replace('.', ' '));
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

const AUTOMATION = 'automation:';

/** Who did it: a person, a key, the system; an automation by its rule's name, linked to the rule (its id). */
function Actor({ event }: { event: OrderEvent }) {
  const label = event.actor_label ?? event.actor;
  if (!event.actor.startsWith(AUTOMATION)) return <>{label}</>;
  const ruleId = event.actor.slice(AUTOMATION.length);
  return (
    <AnchorLink to="/automations/$ruleId" params={{ ruleId }} size="xs" title={event.actor} data-testid="timeline-event-automation" data-rule={ruleId}>
      {label}
    </AnchorLink>
  );
}

/** What an event says beyond its type: the move, the reason, a note's text. All shown as text. */
function EventBody({ event }: { event: OrderEvent }) {
  const { from, to, reason, text, note, before, after } = event.data;
  const move = str(from) && str(to) ? `${statusLabel(String(from))} → ${statusLabel(String(to))}` : null;
  const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.map(String).join(', ') : 'none');
  const retagged = Array.isArray(before) && Array.isArray(after) ? `Tags: ${list(before)} → ${list(after)}` : null;
  const said = str(text) ?? str(note);
  return (
    <>
      {move && <Text size="sm">{move}</Text>}
      {retagged && <Text size="sm">{retagged}</Text>}
      {str(reason) && <Text size="sm">Reason: {String(reason)}</Text>}
      {said && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="event-text">
          {said}
        </Text>
      )}
      <Text size="xs" mt={2}>
        <DateTime value={event.at} /> · <Actor event={event} />
      </Text>
    </>
  );
}

/** GET /v1/orders/{id}/events: every change with who, when and why, newest first. */
export function OrderTimeline({ orderId }: { orderId: string }) {
  const query = useQuery(orderQueries.events(orderId));
  const events = [...(query.data?.data ?? [])].reverse();
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        Timeline
      </Title>
      <ProblemAlert error={query.error} />
      <Timeline bulletSize={12} lineWidth={2} active={events.length} data-testid="order-timeline">
        {events.map((e) => (
          <Timeline.Item key={e.id} title={eventTitle(e.type)} data-testid="timeline-event" data-type={e.type}>
            <EventBody event={e} />
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}
