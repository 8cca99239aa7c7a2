import type { UseFormReturnType } from '@mantine/form';
import { isProblem, type FieldError } from '../api/client';

/** The API names fields `lines[0].quantity`; Mantine form paths are `lines.0.quantity`. */
export const formPath = (field: string): string => field.replace(/\[(\d+)\]/g, '.$1');

function hasPath(values: unknown, path: string): boolean {
  let at: unknown = values;
  for (const part of path.split('.')) {
    if (typeof at !== 'object' || at === null || !(part in at)) return false;
    at = (at as Record<string, unknown>)[part];
  }
  return true;
}

/**
 * Puts each field error of a problem next to the form field it names (setFieldError) and returns
 * those the form has no field for, which the ProblemAlert above the form lists instead.
 * Use it as a mutation's onError: `onError: (e) => showOnForm(form, e)`. `rename` maps a field of the
 * request body to the form's path when they differ (the body sent only some of the form's rows).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form: only its field paths are read
export function showOnForm(form: UseFormReturnType<any>, error: unknown, rename: (field: string) => string = (f) => f): FieldError[] {
  if (!isProblem(error)) return [];
  const values: unknown = form.getValues();
  const elsewhere: FieldError[] = [];
  for (const e of error.errors) {
    const path = formPath(rename(e.field));
    if (hasPath(values, path)) form.setFieldError(path, e.message);
    else elsewhere.push(e);
  }
  return elsewhere;
}

/** The field errors that `showOnForm` could not place (for ProblemAlert's list). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form: only its field paths are read
export function unplacedErrors(form: UseFormReturnType<any> | undefined, errors: FieldError[], rename: (field: string) => string = (f) => f): FieldError[] {
  if (!form) return errors;
  const values: unknown = form.getValues();
  return errors.filter((e) => !hasPath(values, formPath(rename(e.field))));
}
