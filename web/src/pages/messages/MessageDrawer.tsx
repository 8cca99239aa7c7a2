import { Anchor, Center, Code, Drawer, Loader, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { MessageDetail } from '../../api/types';
import { DateTime } from '../../ui/DateTime';
import { Fact } from '../../ui/Fact';
import { AnchorLink } from '../../ui/links';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { StatusBadge } from '../../ui/StatusBadge';
import { templateLabel } from './messages-search';
import { SandboxedHtml } from './SandboxedHtml';

/** An e-mail kept as an .eml file (no SMTP configured) can be downloaded and opened in a mail client. */
export const hasKeptEml = (m: Pick<MessageDetail, 'channel' | 'transport'>): boolean => m.channel === 'email' && m.transport === 'file';

/**
 * One message (GET /v1/notifications/{id}): how it went (status, attempts, the last error, a bounce),
 * its subject, the HTML rendered in a sandboxed iframe, the text part, and the kept .eml to download.
 */
export function MessageDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const query = useQuery({
    queryKey: ['notifications', 'one', id],
    queryFn: () => call(api.GET('/v1/notifications/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'queued' ? 3000 : false),
  });
  const m = query.data;
  return (
    <Drawer opened={!!id} onClose={onClose} position="right" size="xl" title="Message" data-testid="message-drawer">
      {query.error && <ProblemAlert error={query.error} testId="message-problem" />}
      {id && !m && !query.error && (
        <Center py="xl">
          <Loader role="status" aria-label="Loading the message" />
        </Center>
      )}
      {m && (
        <Stack gap="md" data-testid="message-detail" data-id={m.id}>
          <Stack gap={4}>
            <Title order={2} size="h4" data-testid="message-subject" style={{ wordBreak: 'break-word' }}>
              {m.subject}
            </Title>
            <Text size="sm" c="dark.3">
              {templateLabel(m.template)} · {m.channel === 'sms' ? 'text message' : 'e-mail'} to {m.recipient}
            </Text>
          </Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Fact label="Status" testId="message-status">
              <StatusBadge status={m.status} />
            </Fact>
            <Fact label="Order">
              {m.order_id ? (
                <AnchorLink to="/orders/$orderId" params={{ orderId: m.order_id }} size="sm" data-testid="message-order">
                  {m.order_id}
                </AnchorLink>
              ) : (
                '—'
              )}
            </Fact>
            <Fact label="Created">
              <DateTime value={m.created_at} />
            </Fact>
            <Fact label="Sent">
              <DateTime value={m.sent_at} />
            </Fact>
            <Fact label="Attempts" testId="message-attempts">
              {m.attempts}
              {m.next_attempt_at && (
                <>
                  {' '}
                  · next <DateTime value={m.next_attempt_at} />
                </>
              )}
            </Fact>
            <Fact label="Sent by">{m.transport === 'file' ? 'kept as a file (no SMTP server configured)' : (m.transport ?? '—')}</Fact>
            <Fact label="Locale">{m.locale ?? '—'}</Fact>
            <Fact label="Message-ID">{m.message_id ?? '—'}</Fact>
          </SimpleGrid>
          {m.last_error && (
            <Fact label={m.status === 'skipped' ? 'Why it was not sent' : 'Last error'} testId="message-error">
              {m.last_error}
            </Fact>
          )}
          {m.bounce && (
            <Fact label="Came back" testId="message-bounce">
              {m.bounce.replaceAll('_', ' ')} · <DateTime value={m.bounced_at} /> {m.bounce_detail && `· ${m.bounce_detail}`}
            </Fact>
          )}
          {hasKeptEml(m) && (
            <Anchor href={`/v1/notifications/${encodeURIComponent(m.id)}/message.eml`} download={`${m.id}.eml`} size="sm" data-testid="message-eml">
              <IconDownload size={14} aria-hidden /> Download the .eml
            </Anchor>
          )}
          <Tabs defaultValue={m.channel === 'email' && m.html ? 'html' : 'text'} keepMounted={false}>
            <Tabs.List>
              {m.channel === 'email' && (
                <Tabs.Tab value="html" data-testid="message-tab-html">
                  HTML
                </Tabs.Tab>
              )}
              <Tabs.Tab value="text" data-testid="message-tab-text">
                Text
              </Tabs.Tab>
            </Tabs.List>
            {m.channel === 'email' && (
              <Tabs.Panel value="html" pt="sm">
                {m.html ? <SandboxedHtml html={m.html} title={`The HTML of ${m.subject}`} testId="message-html" /> : <Text size="sm">No HTML part (erased).</Text>}
              </Tabs.Panel>
            )}
            <Tabs.Panel value="text" pt="sm">
              <Code block data-testid="message-text" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: 520, overflow: 'auto' }}>
                {m.text || '—'}
              </Code>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Drawer>
  );
}
