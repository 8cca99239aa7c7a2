import { formatDate, formatDateTime } from './format';

/** An instant in the user's time zone; the exact UTC value is the element's title and datetime. */
export function DateTime({ value }: { value: string | null | undefined }) {
  if (!value) return <span aria-label="none">—</span>;
  return (
    <time dateTime={value} title={value}>
      {formatDateTime(value)}
    </time>
  );
}

/** A calendar day (ship-by, expected date): the same day in every time zone. */
export function DateOnly({ value }: { value: string | null | undefined }) {
  if (!value) return <span aria-label="none">—</span>;
  return <time dateTime={value.slice(0, 10)}>{formatDate(value)}</time>;
}
