import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';

export type Channel = paths['/v1/channels/{id}']['get']['responses'][200]['content']['application/json'];
export type ImportJob = paths['/v1/imports/{id}']['get']['responses'][200]['content']['application/json'];

/** The reads of a channel's page, invalidated together (['channel', id]) after a change. */
export const channelQueries = {
  channel: (id: string) => queryOptions({ queryKey: ['channel', id], queryFn: () => call(api.GET('/v1/channels/{id}', { params: { path: { id } } })) }),
  poll: (id: string) => queryOptions({ queryKey: ['channel', id, 'poll'], queryFn: () => call(api.GET('/v1/channels/{id}/poll', { params: { path: { id } } })) }),
};
