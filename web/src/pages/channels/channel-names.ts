import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';

/** A channel's name: connected channels by their name, others (web, pos) by their code. */
export function useChannelNames(enabled = true): (key: string) => string {
  const channels = useQuery({ queryKey: ['channels', 'names'], queryFn: () => call(api.GET('/v1/channels', { params: { query: { limit: 200 } } })), enabled, staleTime: 60_000 });
  return (key) => channels.data?.data.find((c) => c.id === key)?.name ?? key;
}
