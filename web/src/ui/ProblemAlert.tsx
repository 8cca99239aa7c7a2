import { Alert, List } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { isProblem, type ProblemError } from '../api/client';
import { unplacedErrors } from './problem-form';

/**
 * A failed request as the operator should read it: the problem's title and detail, and the field
 * errors that are not already shown next to a field of `form`. Nothing when there is no error.
 * The API ends each detail with what a developer should change ("Correct the fields listed in
 * `errors`…"); an operator reads the detail without it, and when the form already marks every
 * wrong field, a sentence that points there. `rename`: as showOnForm's, where the form's paths differ.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form: only its field paths are read
export function ProblemAlert({ error, form, rename, testId = 'problem' }: { error: unknown; form?: UseFormReturnType<any>; rename?: (field: string) => string; testId?: string }) {
  if (!error) return null;
  const problem = isProblem(error) ? error : null;
  const title = problem?.title ?? 'Something went wrong';
  const rest = problem ? unplacedErrors(form, problem.errors, rename) : [];
  const detail = problem ? operatorDetail(problem, rest.length) : error instanceof Error ? error.message : String(error);
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

function operatorDetail(problem: ProblemError, unplaced: number): string {
  if (problem.reading) return problem.reading;
  if (problem.errors.length > 0 && unplaced === 0) return 'Correct the marked fields.';
  // Nothing but the fix: it is the only guidance there is.
  return problem.detail;
}
