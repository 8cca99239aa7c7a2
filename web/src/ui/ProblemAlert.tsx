import { Alert, List } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { isProblem } from '../api/client';
import { unplacedErrors } from './problem-form';

/**
 * A failed request as the operator should read it: the problem's title and detail, and the field
 * errors that are not already shown next to a field of `form`. Nothing when there is no error.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form: only its field paths are read
export function ProblemAlert({ error, form, testId = 'problem' }: { error: unknown; form?: UseFormReturnType<any>; testId?: string }) {
  if (!error) return null;
  const problem = isProblem(error) ? error : null;
  const title = problem?.title ?? 'Something went wrong';
  const detail = problem?.detail ?? (error instanceof Error ? error.message : String(error));
  const rest = problem ? unplacedErrors(form, problem.errors) : [];
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert" data-testid={testId} data-code={problem?.code}>
      {detail}
      {rest.length > 0 && (
        <List size="sm" mt="xs">
          {rest.map((e) => (
            <List.Item key={`${e.field}:${e.message}`}>
              <strong>{e.field}</strong> {e.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
