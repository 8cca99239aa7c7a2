import { Anchor, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';

type Format = 'csv' | 'quickbooks' | 'xero';
const formats: { value: Format; label: string; ext: string }[] = [
  { value: 'csv', label: 'CSV journal (double entry)', ext: 'csv' },
  { value: 'quickbooks', label: 'QuickBooks Online (Invoice / CreditMemo JSON)', ext: 'json' },
  { value: 'xero', label: 'Xero (Invoices / CreditNotes JSON)', ext: 'json' },
];

/** Yesterday in UTC: the last whole day, what a bookkeeper usually exports. */
const yesterday = (): string => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const isDay = (v: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * GET /v1/exports/accounting?date=&format=: a UTC day's invoices (one per shipment) and credit notes,
 * downloaded as a file. A plain link: the session cookie goes with it, and the browser saves the answer.
 */
export function AccountingExport() {
  const [date, setDate] = useState(yesterday());
  const [format, setFormat] = useState<Format>('csv');
  const chosen = formats.find((f) => f.value === format) ?? formats[0];
  const valid = isDay(date);
  const href = `/v1/exports/accounting?${new URLSearchParams({ date, format })}`;
  return (
    <Card withBorder padding="md" data-testid="accounting-export">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Accounting export
        </Title>
        <Text size="sm">One UTC day of invoices (one per shipment) and credit notes (refunds, voided labels), in your chart of accounts.</Text>
        <TextInput type="date" label="Day (UTC)" value={date} max={new Date().toISOString().slice(0, 10)} onChange={(e) => setDate(e.currentTarget.value)} error={valid ? null : 'Choose a day'} data-testid="export-date" />
        <Select label="Format" data={formats.map((f) => ({ value: f.value, label: f.label }))} value={format} onChange={(v) => v && setFormat(v as Format)} allowDeselect={false} data-testid="export-format" />
        {valid && (
          <Anchor href={href} download={`accounting-${date}-${format}.${chosen?.ext ?? 'csv'}`} data-testid="export-download">
            <Group gap={4} component="span">
              <IconDownload size={16} aria-hidden />
              Download {date}
            </Group>
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}
