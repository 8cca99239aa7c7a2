/**
 * PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate cannot be encoded as UTF-8:
 * both would fail deep in the driver. We find them at the edge and name the field instead.
 */
export function findUnstorableString(value: unknown, path = ''): { field: string; problem: string } | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { field: path || '(body)', problem: 'must not contain NUL characters' };
    if (!value.isWellFormed()) return { field: path || '(body)', problem: 'must not contain unpaired UTF-16 surrogates' };
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableString(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const keyProblem = findUnstorableString(key, path);
      if (keyProblem) return { field: path ? `${path}.${key}` : key, problem: 'property names ' + keyProblem.problem };
      const found = findUnstorableString(child, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}
