import { Table, VisuallyHidden } from '@mantine/core';
import type { Column } from '../../ui/CursorTable';
import { TableScroll } from '../../ui/TableScroll';

/** A table of a list the API answers whole (not paged): the same look and test ids as CursorTable. */
export function SimpleTable<T>({ rows, columns, rowKey, caption, testId }: { rows: T[]; columns: Column<T>[]; rowKey: (row: T) => string; caption: string; testId: string }) {
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
