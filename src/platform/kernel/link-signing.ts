import { createHmac } from 'node:crypto';

/**
 * The key that signs links sent to customers (verification links, ADR 0031) and the base URL they
 * point at. Like the CPU pool, configured once per process by what loaded the config (buildApp,
 * the worker): links are made deep inside flows (a hold placed at capture) that are not handed the
 * config. The key is derived from the installation's sealing key (OMS_SECRET_KEY), one per purpose,
 * so a link's signature can never stand in for anything else signed with that key.
 */
let installed: { key: Buffer; publicUrl: string } | undefined;

export function configureLinkSigning(secretKey: Buffer | undefined, publicUrl: string): void {
  if (secretKey) installed = { key: secretKey, publicUrl: publicUrl.replace(/\/$/, '') };
}

/** The key for one purpose, and the public base URL; throws when the process has none (a bug in its start-up). */
export function linkSigning(purpose: string): { key: Buffer; publicUrl: string } {
  if (!installed) throw new Error('no link-signing key: configureLinkSigning was not called with OMS_SECRET_KEY');
  return { key: createHmac('sha256', installed.key).update(`oms:link:${purpose}:v1`).digest(), publicUrl: installed.publicUrl };
}
