/**
 * A message's HTML as the customer's mail client would show it, in an iframe that can run nothing:
 * `srcdoc` (never a URL of ours) and an empty `sandbox` (no scripts, no forms, no same origin, no
 * navigation of the console). The console's CSP still applies inside it, so nothing is fetched from
 * another origin either (a remote image in a tenant's template shows as missing here).
 */
export function SandboxedHtml({ html, title, testId, height = 520 }: { html: string; title: string; testId: string; height?: number }) {
  return <iframe title={title} srcDoc={html} sandbox="" referrerPolicy="no-referrer" data-testid={testId} style={{ width: '100%', height, border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, background: '#fff' }} />;
}
