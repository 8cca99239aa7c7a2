import { Badge, Button, Card, Text, Title } from '@mantine/core';
import { api, call } from '../../api/client';
import type { TemplateName } from './messages-search';
import type { TemplateVersion } from '../../api/types';
import { CursorTable, useCursorList } from '../../ui/CursorTable';
import { DateTime } from '../../ui/DateTime';
import { EmptyState } from '../../ui/EmptyState';

type Saved = TemplateVersion & { subject: string; html: string; text: string };
const isSaved = (v: TemplateVersion): v is Saved => v.change === 'saved' && v.subject !== null && v.html !== null && v.text !== null;

/** The template's history in this locale (GET …/versions): every save and revert; a saved one loads into the editor, to be saved again. */
export function TemplateVersions({ path, canWrite, onLoad }: { path: { key: TemplateName; locale: string }; canWrite: boolean; onLoad: (v: Saved) => void }) {
  const list = useCursorList(['notification-templates', path.key, path.locale, 'versions'], (cursor) =>
    call(api.GET('/v1/notification-templates/{key}/{locale}/versions', { params: { path, query: { limit: 20, ...(cursor ? { cursor } : {}) } } })),
  );
  return (
    <Card withBorder padding="md" data-testid="template-versions">
      <Title order={2} size="h4" mb="xs">
        History
      </Title>
      <CursorTable
        list={list}
        rowKey={(v) => String(v.version)}
        caption="Versions of this template"
        testId="template-versions-table"
        empty={<EmptyState title="No versions yet" testId="template-versions-empty">The shipped default is in use; each save here becomes a version.</EmptyState>}
        columns={[
          { header: '#', render: (v) => v.version },
          { header: 'Change', render: (v) => <Badge variant="light" radius="sm" color={v.change === 'reset' ? 'gray' : 'blue'}>{v.change === 'reset' ? 'reverted' : 'saved'}</Badge> },
          { header: 'When', render: (v) => <DateTime value={v.updated_at} />, nowrap: true },
          { header: 'By', render: (v) => <Text size="xs" style={{ wordBreak: 'break-all' }}>{v.updated_by}</Text>, hiddenBelow: 'md' },
          { header: 'Subject', render: (v) => (v.subject === null ? '—' : <Text size="xs" lineClamp={1}>{v.subject}</Text>), hiddenBelow: 'lg' },
          ...(canWrite
            ? [
                {
                  header: 'Load',
                  render: (v: TemplateVersion) =>
                    isSaved(v) ? (
                      <Button size="compact-xs" variant="subtle" onClick={() => onLoad(v)} aria-label={`Load version ${v.version} into the editor`} data-testid="template-version-load">
                        Load
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
