/**
 * The text of an SMS: the templates have no SMS part yet, so it is the shop's name, the e-mail's
 * subject and the one link the message is about (the tracking page, the verification link), if any.
 */
export function smsBody(subject: string, data: Record<string, unknown>): string {
  const shop = (data['shop'] as { name?: unknown } | undefined)?.name;
  const link = [(data['shipment'] as { tracking_url?: unknown } | undefined)?.tracking_url, (data['verification'] as { url?: unknown } | undefined)?.url].find((v): v is string => typeof v === 'string' && v !== '');
  return [typeof shop === 'string' && shop ? `${shop}: ${subject.slice(0, 140)}` : subject.slice(0, 160), link].filter(Boolean).join(' ');
}
