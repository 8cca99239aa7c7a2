import { createTheme, darken, Drawer, Modal, Notification, type CSSVariablesResolver } from '@mantine/core';

/**
 * System fonts only (nothing fetched at run time). Shades chosen for WCAG AA contrast (the browser
 * tests run axe-core): the primary colour at shade 8 keeps white button text above 4.5:1; "dimmed"
 * text is gray 7 instead of gray 6 (3.3:1 on white); filled buttons of light colours get dark text
 * (autoContrast); icon-only close buttons get a name.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 6 },
  autoContrast: true,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", Menlo, Consolas, monospace',
  components: {
    // A notification's close button is an icon only (it needs a name), and a description under a
    // title is gray 6 by default (below 4.5:1): gray 8.
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close the notification' } },
      styles: { description: { color: 'var(--mantine-color-gray-8)' } },
    }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close the dialog' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close the panel' } } }),
  },
});

/**
 * The "light" variant (alerts, badges) writes shade 9 on shade 1: 2.7:1 for yellow, 3.6:1 for
 * orange. Its text is that shade darkened by 30 %, above 5:1 for every colour. Field errors: red 9.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    // A field's error (its message and the text typed in it) is red 6 by default, 3.6:1 on white: red 9.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    ...Object.fromEntries(Object.entries(t.colors).map(([name, shades]) => [`--mantine-color-${name}-light-color`, darken(shades[9], 0.3)])),
  },
  dark: {},
});
