import { Button, Center, Loader, Stack, Table, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorView } from './ErrorView';
import { ProblemAlert } from './ProblemAlert';
import { TableScroll } from './TableScroll';

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/**
 * A list the API pages by cursor (`?cursor=<next_cursor>`): the pages loaded so far, and the next on
 * request. The query key must hold every filter, so a new filter starts again from the first page.
 */
export function useCursorList<T>(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  return {
    rows: query.data?.pages.flatMap((p) => p.data) ?? [],
    isPending: query.isPending,
    error: query.error,
    hasMore: query.hasNextPage,
    isLoadingMore: query.isFetchingNextPage,
    loadMore: () => void query.fetchNextPage(),
  };
}

export type CursorList<T> = ReturnType<typeof useCursorList<T>>;

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
 * A table of a cursor-paged list with a "Load more" button. Rows carry `data-testid="<testId>-row"`
 * and `data-id`, so a browser test finds a row by the record's id.
 */
export function CursorTable<T>({ list, columns, rowKey, caption, empty, testId }: { list: CursorList<T>; columns: Column<T>[]; rowKey: (row: T) => string; caption: string; empty: ReactNode; testId: string }) {
  if (list.isPending) {
    return (
      <Center py="xl" data-testid={`${testId}-loading`}>
        <Loader aria-label={`Loading ${caption}`} />
      </Center>
    );
  }
  // A refusal (403) reads as one: "You don't have permission: …".
  if (list.error && list.rows.length === 0) return <ErrorView error={list.error} />;
  if (list.rows.length === 0) return <>{empty}</>;
  return (
    <Stack gap="sm">
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
            {list.rows.map((row) => (
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
      {list.error && <ProblemAlert error={list.error} />}
      {list.hasMore && (
        <Center>
          <Button variant="default" onClick={list.loadMore} loading={list.isLoadingMore} data-testid={`${testId}-load-more`}>
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}
