import { Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { TableScroll } from './TableScroll';

export interface Column<T> {
  /** Column header, also the accessible name of its cells' column. */
  header: string;
  render: (row: T) => ReactNode;
  align?: 'left' | 'right' | 'center';
  /** Hidden below this viewport width to keep the table readable on a tablet. */
  hiddenBelow?: 'md' | 'lg';
  /** Never wrapped (badges, codes). */
  nowrap?: boolean;
}

/**
 * The console's table: a caption for screen readers, a horizontal scroll on narrow screens, and rows
 * with `data-testid="<testId>-row"` and `data-id`, so a browser test finds a row by the record's id.
 * Used whole for lists the API answers in one piece, and by CursorTable for paged ones.
 */
export function DataTable<T>({ rows, columns, rowKey, caption, testId }: { rows: T[]; columns: Column<T>[]; rowKey: (row: T) => string; caption: string; testId: string }) {
  return (
    <TableScroll label={caption}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid={testId}>
        <Table.Caption>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.header} scope="col" style={{ textAlign: c.align ?? 'left' }} visibleFrom={c.hiddenBelow}>
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)} data-testid={`${testId}-row`} data-id={rowKey(row)}>
              {columns.map((c) => (
                <Table.Td key={c.header} style={{ textAlign: c.align ?? 'left', whiteSpace: c.nowrap ? 'nowrap' : undefined }} visibleFrom={c.hiddenBelow}>
                  {c.render(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
