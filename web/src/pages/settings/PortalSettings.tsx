import { Anchor, Button, Card, ColorInput, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconExternalLink } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { showOnForm } from '../../ui/problem-form';
import { ProblemAlert } from '../../ui/ProblemAlert';

type Settings = paths['/v1/settings']['get']['responses'][200]['content']['application/json'];

interface Values {
  enabled: boolean;
  portal_slug: string;
  portal_logo_url: string;
  portal_brand_colour: string;
}

const toValues = (s: Settings): Values => ({ enabled: s.portal_slug !== null, portal_slug: s.portal_slug ?? '', portal_logo_url: s.portal_logo_url ?? '', portal_brand_colour: s.portal_brand_colour });

/** The portal's address: the console is served at OMS_PUBLIC_URL, and so is the portal. */
export const portalUrl = (slug: string): string => `${window.location.origin}/portal/${slug}`;

/**
 * Settings → Customer portal (ADR 0036): on or off (a slug or none), the address customers open, the
 * logo and brand colour its pages carry. PATCH /v1/settings with these fields only; the server checks
 * each (slug format and uniqueness, https logo, #rrggbb) and its problems show beside the field.
 */
export function PortalSettings({ settings, canWrite }: { settings: Settings; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: toValues(settings),
    validate: {
      portal_slug: (v, all) => (all.enabled && v.trim() === '' ? 'Choose the address of your portal' : null),
      portal_brand_colour: (v) => (/^#[0-9a-fA-F]{6}$/.test(v) ? null : 'A colour as #rrggbb, e.g. #1f6feb'),
    },
  });
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      call(
        api.PATCH('/v1/settings', {
          body: { portal_slug: v.enabled ? v.portal_slug.trim() : null, portal_logo_url: v.portal_logo_url.trim() || null, portal_brand_colour: v.portal_brand_colour },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(['settings'], saved);
      // Off keeps the slug typed in the form, so turning the portal on again offers it.
      const next = { ...toValues(saved), portal_slug: saved.portal_slug ?? form.getValues().portal_slug };
      form.setInitialValues(next);
      form.setValues(next);
      notifications.show({ color: 'green', title: 'Saved', message: saved.portal_slug ? `The customer portal is at ${portalUrl(saved.portal_slug)}.` : 'The customer portal is off.' });
    },
    onError: (e) => showOnForm(form, e),
  });
  const v = form.getValues();
  return (
    <Card withBorder padding="md" data-testid="settings-portal">
      <form onSubmit={form.onSubmit((values) => mutation.mutate(values))} noValidate>
        <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="md">
            <Title order={2} size="h4">
              Customer portal
            </Title>
            <Text size="sm">Customers look up their orders, cancel before release, change the address and start a return — in English or German, as their browser asks (or the switch on each page).</Text>
            {!canWrite && (
              <Text size="sm" c="dimmed" data-testid="portal-read-only">
                Read only: an admin changes the portal.
              </Text>
            )}
            <ProblemAlert error={mutation.error} form={form} testId="portal-problem" />
            <Switch label="Portal on" description="Off: the portal’s address answers “page not found” and e-mails carry no portal link" {...form.getInputProps('enabled', { type: 'checkbox' })} data-testid="portal-enabled" />
            {v.enabled && (
              <TextInput
                label="Address"
                description="Lower-case letters, digits and hyphens; unique among the shops on this server"
                leftSection={<Text size="sm" c="dimmed" pl={4}>/portal/</Text>}
                leftSectionWidth={64}
                maxLength={60}
                {...form.getInputProps('portal_slug')}
                data-testid="portal-slug"
              />
            )}
            {settings.portal_slug && (
              <Group gap="xs" data-testid="portal-url">
                <Text size="sm">Live at</Text>
                <Anchor href={portalUrl(settings.portal_slug)} target="_blank" rel="noopener noreferrer" size="sm" data-testid="portal-open">
                  {portalUrl(settings.portal_slug)} <IconExternalLink size={14} aria-label="opens in a new tab" />
                </Anchor>
              </Group>
            )}
            <TextInput label="Logo URL" description="An https address of an image shown in the portal’s header; empty: your shop’s name alone" placeholder="https://…" maxLength={2000} {...form.getInputProps('portal_logo_url')} data-testid="portal-logo" />
            <ColorInput label="Brand colour" description="The header’s colour; its text is black or white, whichever reads better" format="hex" withPicker={false} withEyeDropper={false} fixOnBlur={false} maxLength={7} w={320} {...form.getInputProps('portal_brand_colour')} data-testid="portal-colour" />
            {canWrite && (
              <Group>
                <Button type="submit" loading={mutation.isPending} disabled={!form.isDirty()} data-testid="portal-save">
                  Save portal settings
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
    </Card>
  );
}
