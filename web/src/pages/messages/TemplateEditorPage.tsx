import { Alert, Badge, Button, Card, Center, Grid, Group, List, Loader, Spoiler, Stack, Switch, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import type { TemplateDetail, TemplatePreview } from '../../api/types';
import { useAllowed } from '../../auth/use-can';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorView } from '../../ui/ErrorView';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { showOnForm } from '../../ui/problem-form';
import { bodyField, templateLabel, type TemplateName } from './messages-search';
import { MessagesTabs } from './MessagesTabs';
import { SandboxedHtml } from './SandboxedHtml';
import { TemplateVersions } from './TemplateVersions';
import { TestSend } from './TestSend';

const route = getRouteApi('/app/messages/templates/$key/$locale');

interface Draft {
  subject: string;
  html: string;
  text: string;
  order_id: string;
}

/**
 * One template in one locale (ADR 0034): its Liquid parts, previewed with sample data or an order's
 * (the HTML in a sandboxed iframe), saved as a new version (refused with the part named when it
 * cannot render), turned on or off, reverted to the shipped default, sent as a test; and its history.
 */
export function TemplateEditorPage() {
  const { key, locale } = route.useParams();
  const query = useQuery({
    queryKey: ['notification-templates', key, locale],
    queryFn: () => call(api.GET('/v1/notification-templates/{key}/{locale}', { params: { path: { key: key as TemplateName, locale } } })),
  });
  return (
    <>
      <PageHeader title={`${templateLabel(key)} · ${locale}`} subtitle={query.data ? <SourceLine t={query.data} /> : undefined} />
      <MessagesTabs />
      {query.isPending && (
        <Center py="xl">
          <Loader aria-label="Loading the template" />
        </Center>
      )}
      {query.error && <ErrorView error={query.error} />}
      {/* A new version from the server (saved, reverted) starts the form again from it. */}
      {query.data && <Editor key={`${query.data.source}:${query.data.version ?? 0}`} t={query.data} />}
    </>
  );
}

function SourceLine({ t }: { t: TemplateDetail }) {
  return (
    <Group gap="xs" component="span">
      <Badge variant="light" radius="sm" color={t.source === 'tenant' ? 'blue' : 'gray'} data-testid="template-source">
        {t.source === 'tenant' ? `your version ${t.version ?? ''}` : 'shipped default'}
      </Badge>
      <Badge variant="light" radius="sm" color={t.enabled ? 'green' : 'red'} data-testid="template-enabled">
        {t.enabled ? 'sent' : 'turned off'}
      </Badge>
    </Group>
  );
}

function Editor({ t }: { t: TemplateDetail }) {
  const canWrite = useAllowed('notification_templates:write');
  const queryClient = useQueryClient();
  const path = { key: t.key as TemplateName, locale: t.locale };
  const form = useForm<Draft>({ initialValues: { subject: t.subject, html: t.html, text: t.text, order_id: '' } });
  const [reverting, revert] = useDisclosure(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notification-templates'] });

  const preview = useMutation({
    mutationFn: (v: Draft) => call(api.POST('/v1/notification-templates/{key}/{locale}/preview', { params: { path }, body: { subject: v.subject, html: v.html, text: v.text, ...(v.order_id.trim() ? { order_id: v.order_id.trim() } : {}) } })),
    onError: (e) => showOnForm(form, e, bodyField),
  });
  const save = useMutation({
    mutationFn: (v: Draft) => call(api.PUT('/v1/notification-templates/{key}/{locale}', { params: { path }, body: { subject: v.subject, html: v.html, text: v.text } })),
    onError: (e) => showOnForm(form, e, bodyField),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', title: 'Template saved', message: `Version ${saved.version ?? ''} is used for new messages in ${saved.locale}.` });
      await refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => call(api.PUT('/v1/notification-templates/{key}/{locale}', { params: { path }, body: { enabled } })),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', title: saved.enabled ? 'Template turned on' : 'Template turned off', message: saved.enabled ? 'New messages are sent again.' : 'New messages are kept as skipped, not sent.' });
      await refresh();
    },
  });
  const reset = useMutation({
    mutationFn: () => call(api.DELETE('/v1/notification-templates/{key}/{locale}', { params: { path } })),
    onSuccess: async () => {
      revert.close();
      notifications.show({ color: 'green', title: 'Back to the shipped default', message: 'Your version is kept in the history.' });
      await refresh();
    },
  });
  const shown: TemplatePreview | undefined = preview.data;
  const runPreview = () => {
    form.clearErrors();
    preview.mutate(form.getValues());
  };
  // The alert is about the last thing tried: a preview that worked hides a failed save's problem, and the other way round.
  const problem = save.submittedAt >= preview.submittedAt ? save.error : preview.error;

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Card withBorder padding="md">
          <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={2} size="h4">
                  Liquid
                </Title>
                {canWrite && (
                  <Switch
                    label="Send this message"
                    checked={t.enabled}
                    disabled={toggle.isPending}
                    onChange={(e) => toggle.mutate(e.currentTarget.checked)}
                    data-testid="template-toggle"
                  />
                )}
              </Group>
              <ProblemAlert error={toggle.error} testId="template-toggle-problem" />
              <ProblemAlert error={problem} form={form} rename={bodyField} testId="template-problem" />
              <Group gap="sm" align="flex-end" wrap="wrap">
                <TextInput
                  label="Preview with order"
                  placeholder="ord_… (empty: sample data)"
                  w={280}
                  {...form.getInputProps('order_id')}
                  // Enter here previews; it must not submit (save) the form.
                  onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), runPreview())}
                  data-testid="template-preview-order"
                />
                <Button variant="default" onClick={runPreview} loading={preview.isPending} data-testid="template-preview">
                  Preview
                </Button>
                {canWrite && (
                  <Button type="submit" loading={save.isPending} onClick={() => form.clearErrors()} data-testid="template-save">
                    Save
                  </Button>
                )}
                {canWrite && t.source === 'tenant' && (
                  <Button variant="subtle" color="red" onClick={revert.open} data-testid="template-revert">
                    Revert to shipped
                  </Button>
                )}
              </Group>
              <TextInput label="Subject" readOnly={!canWrite} {...form.getInputProps('subject')} data-testid="template-subject" />
              <Textarea label="HTML" readOnly={!canWrite} autosize minRows={10} maxRows={16} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }} {...form.getInputProps('html')} data-testid="template-html" />
              <Textarea label="Text" readOnly={!canWrite} autosize minRows={6} maxRows={10} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }} {...form.getInputProps('text')} data-testid="template-text" />
              <Spoiler maxHeight={36} showLabel="All variables" hideLabel="Fewer" data-testid="template-variables">
                <Text size="xs" c="dark.3">
                  Variables: {t.variables.join(', ')}
                </Text>
              </Spoiler>
            </Stack>
          </form>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Stack gap="md">
          <Card withBorder padding="md" data-testid="template-preview-card">
            <Title order={2} size="h4" mb="sm">
              Preview
            </Title>
            {!shown ? (
              <Text size="sm" c="dark.3">
                Preview renders the draft with sample data, or with an order’s shop, customer and lines. Nothing is saved or sent.
              </Text>
            ) : (
              <Stack gap="sm">
                <Text size="sm" fw={600} data-testid="template-preview-subject">
                  {shown.subject}
                </Text>
                {shown.warnings.length > 0 && (
                  <Alert color="orange" variant="light" title="Worth a look" data-testid="template-preview-warnings">
                    <List size="sm">
                      {shown.warnings.map((w) => (
                        <List.Item key={w}>{w}</List.Item>
                      ))}
                    </List>
                  </Alert>
                )}
                <SandboxedHtml html={shown.html} title="The previewed HTML" testId="template-preview-html" height={480} />
                <Textarea label="Text part" value={shown.text} readOnly autosize minRows={3} maxRows={12} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }} data-testid="template-preview-text" />
              </Stack>
            )}
          </Card>
          {canWrite && <TestSend path={path} orderId={form.getValues().order_id.trim() || undefined} />}
          <TemplateVersions path={path} canWrite={canWrite} onLoad={(v) => (form.setValues({ subject: v.subject, html: v.html, text: v.text }), window.scrollTo({ top: 0 }))} />
        </Stack>
      </Grid.Col>
      {reverting && (
        <ConfirmDialog opened={reverting} onClose={revert.close} title="Revert to the shipped default?" confirmLabel="Revert" onConfirm={() => reset.mutate()} pending={reset.isPending} error={reset.error} testId="template-revert-dialog">
          New {templateLabel(t.key)} messages in {t.locale} use the OMS’s default words again. Your version stays in the history and can be loaded and saved again.
        </ConfirmDialog>
      )}
    </Grid>
  );
}
