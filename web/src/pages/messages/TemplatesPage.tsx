import { Badge, Button, Center, Group, Loader, Select, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { LOCALE_PATTERN } from '../../../../src/modules/notifications/domain/catalog';
import { useAllowed } from '../../auth/use-can';
import { DateTime } from '../../ui/DateTime';
import { ErrorView } from '../../ui/ErrorView';
import { ButtonLink } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { TableScroll } from '../../ui/TableScroll';
import { templateLabel, templateNames } from './messages-search';
import { MessagesTabs } from './MessagesTabs';

const localeRe = new RegExp(LOCALE_PATTERN);

/** Write a template in a locale the OMS does not ship (fr, es-MX): the editor opens on the English default. */
function AnotherLocale() {
  const navigate = useNavigate();
  const [key, setKey] = useState<string | null>(templateNames[0] ?? null);
  const [locale, setLocale] = useState('');
  const [error, setError] = useState<string | undefined>();
  const open = () => {
    if (!key) return;
    if (!localeRe.test(locale.trim())) return setError('A locale tag like fr, es or fr-CA');
    void navigate({ to: '/messages/templates/$key/$locale', params: { key, locale: locale.trim() } });
  };
  return (
    <Group gap="sm" align="flex-start" wrap="wrap" data-testid="template-another-locale">
      <Select label="Template" data={templateNames.map((t) => ({ value: t, label: templateLabel(t) }))} value={key} onChange={setKey} w={240} allowDeselect={false} data-testid="another-locale-template" />
      <TextInput label="Locale" placeholder="fr" value={locale} onChange={(e) => (setLocale(e.currentTarget.value), setError(undefined))} error={error} w={120} data-testid="another-locale-locale" />
      <Button mt={25} variant="default" onClick={open} data-testid="another-locale-open">
        Write it
      </Button>
    </Group>
  );
}

/**
 * Every message template in every locale (GET /v1/notification-templates, ADR 0034): the shipped
 * default or your own version, turned on or off, its version; each opens in the editor.
 */
export function TemplatesPage() {
  const canWrite = useAllowed('notification_templates:write');
  const query = useQuery({ queryKey: ['notification-templates'], queryFn: () => call(api.GET('/v1/notification-templates')) });
  return (
    <>
      <PageHeader title="Message templates" subtitle="The words of each message, per language: the shipped default or your own version." />
      <MessagesTabs />
      {query.isPending && (
        <Center py="xl" data-testid="templates-loading">
          <Loader aria-label="Loading the templates" />
        </Center>
      )}
      {query.error && <ErrorView error={query.error} />}
      {query.data && (
        <Stack gap="lg">
          <TableScroll label="Message templates">
            <Table verticalSpacing="xs" data-testid="templates-table">
              <Table.Caption>
                <VisuallyHidden>Message templates by locale</VisuallyHidden>
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Template</Table.Th>
                  <Table.Th scope="col">Locale</Table.Th>
                  <Table.Th scope="col">Source</Table.Th>
                  <Table.Th scope="col">Sent</Table.Th>
                  <Table.Th scope="col" visibleFrom="md">
                    Version
                  </Table.Th>
                  <Table.Th scope="col" visibleFrom="lg">
                    Changed
                  </Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.data.flatMap((t) =>
                  t.locales.map((l, i) => (
                    <Table.Tr key={`${t.key}/${l.locale}`} data-testid="templates-table-row" data-id={`${t.key}/${l.locale}`}>
                      {i === 0 && (
                        <Table.Td rowSpan={t.locales.length} style={{ verticalAlign: 'top', maxWidth: 360 }}>
                          <Text size="sm" fw={600}>
                            {templateLabel(t.key)}
                          </Text>
                          <Text size="xs" c="dark.3">
                            {t.description}
                          </Text>
                          <Text size="xs" c="dark.3" visibleFrom="md">
                            {t.events.join(', ')}
                          </Text>
                        </Table.Td>
                      )}
                      <Table.Td>{l.locale}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" radius="sm" color={l.source === 'tenant' ? 'blue' : 'gray'} data-testid="template-source">
                          {l.source === 'tenant' ? 'your version' : 'shipped'}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" radius="sm" color={l.enabled ? 'green' : 'red'} data-testid="template-enabled">
                          {l.enabled ? 'on' : 'off'}
                        </Badge>
                      </Table.Td>
                      <Table.Td visibleFrom="md">{l.version ?? '—'}</Table.Td>
                      <Table.Td visibleFrom="lg">
                        {l.updated_at ? (
                          <>
                            <DateTime value={l.updated_at} /> · {l.updated_by}
                          </>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td ta="right">
                        <ButtonLink to="/messages/templates/$key/$locale" params={{ key: t.key, locale: l.locale }} size="compact-sm" variant="subtle" aria-label={`${canWrite ? 'Edit' : 'View'} ${templateLabel(t.key)} (${l.locale})`} data-testid="template-edit">
                          {canWrite ? 'Edit' : 'View'}
                        </ButtonLink>
                      </Table.Td>
                    </Table.Tr>
                  )),
                )}
              </Table.Tbody>
            </Table>
          </TableScroll>
          {canWrite && <AnotherLocale />}
        </Stack>
      )}
    </>
  );
}
