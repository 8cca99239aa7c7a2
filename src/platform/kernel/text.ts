export interface UnstorableString {
  field: string;
  problem: string;
}

/** Why a string cannot be stored in PostgreSQL text, or undefined when it can. */
export function unstorableProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (!text.isWellFormed()) return 'must not contain unpaired UTF-16 surrogates';
  return undefined;
}

/**
 * PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate cannot be encoded as UTF-8:
 * both would fail deep in the driver. We find them at the edge and name the field instead.
 * The first one in document order is answered. Iterative (an explicit stack), so a value nested
 * 100,000 levels deep is walked without exhausting the call stack.
 */
export function findUnstorableString(value: unknown, path = ''): UnstorableString | undefined {
  const stack: { value: unknown; path: string; key?: true }[] = [{ value, path }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const current = top.value;
    if (typeof current === 'string') {
      const problem = unstorableProblem(current);
      if (problem) return { field: top.path || '(body)', problem: top.key ? `property names ${problem}` : problem };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: `${top.path}[${i}]` });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        const childPath = top.path ? `${top.path}.${key}` : key;
        stack.push({ value: child, path: childPath }, { value: key, path: childPath, key: true });
      }
    }
  }
  return undefined;
}

/**
 * A message we store (an import's failure, a rejection reason, an X12 document) that may quote
 * what a file or a partner sent: NUL becomes the visible `\u0000` and a lone surrogate U+FFFD, so
 * the write that records the failure cannot itself fail.
 */
export function storableText(text: string): string {
  const withoutNul = text.includes('\u0000') ? text.replaceAll('\u0000', '\\u0000') : text;
  return withoutNul.isWellFormed() ? withoutNul : withoutNul.toWellFormed();
}

/** storableText over every string (and property name) of a JSON value we built ourselves. */
export function storableJson<T>(value: T): T {
  if (findUnstorableString(value) === undefined) return value;
  const copy = (v: unknown): unknown => {
    if (typeof v === 'string') return storableText(v);
    if (Array.isArray(v)) return v.map(copy);
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, c]) => [storableText(k), copy(c)]));
    return v;
  };
  return copy(value) as T;
}
