import { ActionIcon, Button, Group } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { CursorTable, useCursorList, type Column } from '../../ui/CursorTable';
import { EmptyState } from '../../ui/EmptyState';
import { Money } from '../../ui/Money';
import { PageHeader } from '../../ui/PageHeader';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import type { Box } from '../setup/types';
import { useAllowed } from '../../auth/use-can';
import { BoxDialog } from './BoxDialog';

const grams = (g: number) => (g >= 1000 ? `${(g / 1000).toLocaleString()} kg` : `${g} g`);

/** GET /v1/boxes: the boxes packing may choose from (cartonization), by code. */
export function BoxesPage() {
  const canWrite = useAllowed('fulfillment:write');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Box | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Box | null>(null);
  const list = useCursorList(['boxes'], (cursor) => call(api.GET('/v1/boxes', { params: { query: { cursor, limit: 100 } } })));
  const columns: Column<Box>[] = [
    { header: 'Code', render: (b) => <span style={{ fontFamily: 'monospace', fontWeight: 600 }}>{b.code}</span> },
    { header: 'Inner L × W × H (mm)', render: (b) => `${b.inner_mm.length} × ${b.inner_mm.width} × ${b.inner_mm.height}`, nowrap: true },
    { header: 'Max weight', render: (b) => grams(b.max_weight_grams), align: 'right' },
    { header: 'Empty weight', render: (b) => grams(b.tare_grams), align: 'right' },
    { header: 'Cost', render: (b) => (b.cost === null ? '—' : <Money amount={b.cost} currency={b.currency} />), align: 'right' },
  ];
  if (canWrite) {
    columns.push({
      header: 'Actions',
      render: (b) => (
        <Group gap={4} wrap="nowrap">
          <ActionIcon variant="subtle" aria-label={`Edit box ${b.code}`} onClick={() => setEditing(b)} data-testid="box-edit">
            <IconPencil size={16} aria-hidden />
          </ActionIcon>
          <ActionIcon variant="subtle" color="red" aria-label={`Delete box ${b.code}`} onClick={() => setDeleting(b)} data-testid="box-delete">
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ),
      align: 'right',
    });
  }
  const add = canWrite ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')} data-testid="box-new">
      New box
    </Button>
  ) : undefined;
  return (
    <>
      <PageHeader title="Boxes" subtitle="What packing may put an order's units in: inner size, weight limit and empty weight" actions={add} />
      <CursorTable
        list={list}
        columns={columns}
        rowKey={(b) => b.code}
        caption="Boxes"
        testId="boxes-table"
        empty={
          <EmptyState title="No boxes yet" action={add}>
            Without boxes nothing can be packed: add the cartons and mailers your stations use.
          </EmptyState>
        }
      />
      {editing && <BoxDialog key={editing === 'new' ? 'new' : editing.code} box={editing === 'new' ? undefined : editing} opened onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDelete
          opened
          onClose={() => setDeleting(null)}
          title={`Delete box ${deleting.code}?`}
          testId="box-delete-dialog"
          onConfirm={() => call(api.DELETE('/v1/boxes/{code}', { params: { path: { code: deleting.code } } }))}
          onDone={() => queryClient.invalidateQueries({ queryKey: ['boxes'] })}
        >
          Packing will no longer choose it. Packages already packed in it keep their size.
        </ConfirmDelete>
      )}
    </>
  );
}
