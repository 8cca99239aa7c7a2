import { FileInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconFileTypeCsv } from '@tabler/icons-react';
import { useState } from 'react';
import type { CarrierValues } from './carrier-form';

/** A CSV file of the rate card, read in the browser into the form value `path` (sent as text). */
export function CsvFile({ form, path, label, description, testId }: { form: UseFormReturnType<CarrierValues>; path: string; label: string; description: string; testId: string }) {
  const [file, setFile] = useState<File | null>(null);
  return (
    <FileInput
      label={label}
      description={description}
      accept=".csv,text/csv"
      clearable
      value={file}
      leftSection={<IconFileTypeCsv size={16} aria-hidden />}
      error={form.errors[path]}
      onChange={(f) => {
        setFile(f);
        if (!f) form.setFieldValue(path, '');
        else void f.text().then((text) => form.setFieldValue(path, text));
      }}
      data-testid={testId}
    />
  );
}
