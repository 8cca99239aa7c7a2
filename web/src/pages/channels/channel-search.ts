/** The channel page's tab, kept in the URL (?tab=imports) so a tab is a link to share. */
export const channelTabs = ['settings', 'imports', 'pushes', 'polling', 'x12'] as const;
export type ChannelTab = (typeof channelTabs)[number];

export function parseChannelSearch(raw: Record<string, unknown>): { tab?: ChannelTab | undefined } {
  return { tab: (channelTabs as readonly unknown[]).includes(raw.tab) ? (raw.tab as ChannelTab) : undefined };
}
