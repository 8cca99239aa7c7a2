import { Button, Center, Loader, Stack } from '@mantine/core';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { DataTable, type Column } from './DataTable';
import { ErrorView } from './ErrorView';
import { ProblemAlert } from './ProblemAlert';

export type { Column } from './DataTable';

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
      <DataTable rows={list.rows} columns={columns} rowKey={rowKey} caption={caption} testId={testId} />
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
