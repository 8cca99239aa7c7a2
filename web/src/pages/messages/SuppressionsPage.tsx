import { Button, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { Suppression } from '../../api/types';
import { useAllowed } from '../../auth/use-can';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CursorTable, useCursorList } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';
import { AnchorLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge } from '../../ui/StatusBadge';
import { MessagesTabs } from './MessagesTabs';

/**
 * The suppression list (GET /v1/suppressions, ADR 0035): addresses no message is sent to after a
 * hard bounce or a complaint, with the message that put each there; removing one (after the
 * customer fixed their mailbox) asks first.
 */
export function SuppressionsPage() {
  const canRemove = useAllowed('notifications:suppressions');
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<Suppression | undefined>();
  const list = useCursorList(['suppressions'], (cursor) => call(api.GET('/v1/suppressions', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })));
  const remove = useMutation({
    mutationFn: (address: string) => call(api.DELETE('/v1/suppressions/{address}', { params: { path: { address } } })),
    onSuccess: async (removed) => {
      setRemoving(undefined);
      notifications.show({ color: 'green', title: 'Address removed', message: `Messages to ${removed.address} are sent again from now on.` });
      await queryClient.invalidateQueries({ queryKey: ['suppressions'] });
    },
  });
  return (
    <>
      <PageHeader title="Suppressions" subtitle="Addresses no message is sent to: the mailbox does not exist (hard bounce) or the customer reported a message as spam." />
      <MessagesTabs />
      <CursorTable
        list={list}
        rowKey={(s) => s.address}
        caption="Suppressed addresses"
        testId="suppressions-table"
        empty={
          <EmptyState title="No suppressed addresses" testId="suppressions-empty">
            An address lands here when a message to it bounces for good or is reported as spam.
          </EmptyState>
        }
        columns={[
          { header: 'Address', render: (s) => <Text size="sm" style={{ wordBreak: 'break-all' }}>{s.address}</Text> },
          { header: 'Reason', render: (s) => <StatusBadge status={s.reason} />, nowrap: true },
          { header: 'Detail', render: (s) => (s.detail ? <Text size="xs" lineClamp={2} title={s.detail}>{s.detail}</Text> : '—'), hiddenBelow: 'lg' },
          { header: 'Since', render: (s) => <DateTime value={s.created_at} />, nowrap: true },
          {
            header: 'Message',
            render: (s) =>
              s.notification_id ? (
                <AnchorLink to="/messages" search={{ message: s.notification_id }} size="sm" data-testid="suppression-message">
                  the message
                </AnchorLink>
              ) : (
                '—'
              ),
            hiddenBelow: 'md',
          },
          ...(canRemove
            ? [
                {
                  header: 'Actions',
                  align: 'right' as const,
                  render: (s: Suppression) => (
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => (remove.reset(), setRemoving(s))} aria-label={`Remove ${s.address} from the list`} data-testid="suppression-remove">
                      Remove
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {removing && (
        <ConfirmDialog opened onClose={() => setRemoving(undefined)} title="Send to this address again?" confirmLabel="Remove from the list" onConfirm={() => remove.mutate(removing.address)} pending={remove.isPending} error={remove.error} testId="suppression-remove-dialog">
          {removing.address} was suppressed after a {removing.reason.replaceAll('_', ' ')}. Messages queued from now on are sent to it again; those already suppressed stay as they were.
        </ConfirmDialog>
      )}
    </>
  );
}
