import { Button, Card, Center, Loader, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SHIPPED_LOCALES } from '../../../../src/modules/notifications/domain/catalog';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { useCan } from '../../auth/use-can';
import { DateTime } from '../../ui/DateTime';
import { LabelledRow as Row } from '../../ui/LabelledRow';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';

type Preferences = paths['/v1/customers/{id}/notification-preferences']['get']['responses'][200]['content']['application/json'];

/** The select's value for "no locale of their own": the tenant's default (settings.notification_locale). */
const DEFAULT = 'default';
const localeNames: Record<string, string> = { en: 'English (en)', de: 'German (de)' };
const localeLabel = (l: string) => localeNames[l] ?? l;

const preferencesKey = (customerId: string) => ['customers', customerId, 'notification-preferences'] as const;

interface Values {
  locale: string;
  email_opt_out: boolean;
  sms_opt_out: boolean;
}
const toValues = (p: Preferences): Values => ({ locale: p.locale ?? DEFAULT, email_opt_out: p.email_opt_out, sms_opt_out: p.sms_opt_out });

/** The locales offered: the shipped ones, those the tenant wrote templates in (if this role may read templates), and the customer's own. */
function useLocales(current: string | null): string[] {
  const allowed = useCan();
  const templates = useQuery({ queryKey: ['notification-templates'], queryFn: () => call(api.GET('/v1/notification-templates')), enabled: allowed('notification_templates:read'), staleTime: 60_000 });
  const own = templates.data?.data.flatMap((t) => t.locales.map((l) => l.locale)) ?? [];
  return [...new Set<string>([...SHIPPED_LOCALES, ...own, ...(current ? [current] : [])])].sort();
}

function PreferencesForm({ customerId, preferences, defaultLocale }: { customerId: string; preferences: Preferences; defaultLocale: string | undefined }) {
  const queryClient = useQueryClient();
  const locales = useLocales(preferences.locale);
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(preferences) });
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      call(api.PATCH('/v1/customers/{id}/notification-preferences', { params: { path: { id: customerId } }, body: { locale: v.locale === DEFAULT ? null : v.locale, email_opt_out: v.email_opt_out, sms_opt_out: v.sms_opt_out } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(preferencesKey(customerId), saved);
      form.setInitialValues(toValues(saved));
      form.setValues(toValues(saved));
      notifications.show({ color: 'green', message: 'Message preferences saved.' });
    },
    onError: (e) => showOnForm(form, e),
  });
  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
      <Stack gap="xs">
        <ProblemAlert error={mutation.error} form={form} testId="preferences-problem" />
        <Select
          label="Language of messages"
          data={[{ value: DEFAULT, label: `Shop default${defaultLocale ? ` (${localeLabel(defaultLocale)})` : ''}` }, ...locales.map((l) => ({ value: l, label: localeLabel(l) }))]}
          allowDeselect={false}
          {...form.getInputProps('locale')}
          data-testid="preferences-locale"
        />
        <Switch label="No e-mails" description="Each e-mail is kept as skipped, never sent" {...form.getInputProps('email_opt_out', { type: 'checkbox' })} data-testid="preferences-email-opt-out" />
        <Switch label="No text messages" description="Each text message is kept as skipped, never sent" {...form.getInputProps('sms_opt_out', { type: 'checkbox' })} data-testid="preferences-sms-opt-out" />
        <Button type="submit" size="xs" w="fit-content" disabled={!form.isDirty()} loading={mutation.isPending} data-testid="preferences-save">
          Save preferences
        </Button>
      </Stack>
    </form>
  );
}

function ReadOnlyPreferences({ preferences, defaultLocale }: { preferences: Preferences; defaultLocale: string | undefined }) {
  const yesNo = (optedOut: boolean) => (optedOut ? 'Opted out' : 'Sent');
  return (
    <>
      <Row label="Language">
        <span data-testid="preferences-locale-value">{preferences.locale ? localeLabel(preferences.locale) : `Shop default${defaultLocale ? ` (${localeLabel(defaultLocale)})` : ''}`}</span>
      </Row>
      <Row label="E-mails">
        <span data-testid="preferences-email-value">{yesNo(preferences.email_opt_out)}</span>
      </Row>
      <Row label="Text messages">
        <span data-testid="preferences-sms-value">{yesNo(preferences.sms_opt_out)}</span>
      </Row>
    </>
  );
}

/**
 * GET / PATCH /v1/customers/{id}/notification-preferences (ADR 0034): the language of the
 * customer's messages and their opt-outs; read-only for roles without customers:write and for a
 * merged or erased customer.
 */
export function MessagePreferences({ customerId, editable }: { customerId: string; editable: boolean }) {
  const allowed = useCan();
  const canWrite = editable && allowed('customers:write');
  const query = useQuery({ queryKey: preferencesKey(customerId), queryFn: () => call(api.GET('/v1/customers/{id}/notification-preferences', { params: { path: { id: customerId } } })) });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call(api.GET('/v1/settings')), staleTime: 60_000 });
  const defaultLocale = settings.data?.notification_locale;
  return (
    <Card withBorder padding="md" data-testid="customer-preferences">
      <Title order={2} size="h4" mb="sm">
        Message preferences
      </Title>
      {query.error ? (
        <ProblemAlert error={query.error} testId="preferences-error" />
      ) : !query.data ? (
        <Center py="sm">
          <Loader size="sm" aria-label="Loading the message preferences" />
        </Center>
      ) : canWrite ? (
        <PreferencesForm key={query.data.updated_at ?? 'none'} customerId={customerId} preferences={query.data} defaultLocale={defaultLocale} />
      ) : (
        <ReadOnlyPreferences preferences={query.data} defaultLocale={defaultLocale} />
      )}
      {query.data?.updated_at && (
        <Text size="xs" c="dark.3" mt="xs" data-testid="preferences-updated">
          Changed <DateTime value={query.data.updated_at} />
        </Text>
      )}
    </Card>
  );
}
