import { Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { matchScan, type PackLine, type ScanResult } from './scan-match';

export interface ScanRefusal {
  code: string;
  message: string;
}

interface ScannerOptions {
  /** What is expected, one entry per SKU, and how many of each are counted so far. */
  lines: readonly PackLine[];
  counts: Readonly<Record<string, number>>;
  /** A unit the lines still expect was scanned. */
  onMatch: (sku: string) => void;
  /** The sentence for a refused scan (a code not expected, or one unit too many). */
  refusalOf: (result: Extract<ScanResult, { ok: false }>, code: string) => string;
  /** The pack station keeps the focus in the input; a panel among other controls does not. */
  keepFocus?: boolean;
}

/**
 * A barcode scanner is a keyboard that types a code and Enter. This hook is the scan input of the
 * pack station and of receiving a return: the focus on the input when the screen opens (the page's
 * heading takes it first), Enter matches the code against the expected lines (`matchScan`), and it
 * remembers the last refusal or the last good scan for `ScanFeedback`.
 */
export function useScanner({ lines, counts, onMatch, refusalOf, keepFocus = false }: ScannerOptions) {
  const ref = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [refusal, setRefusal] = useState<ScanRefusal | null>(null);
  const [lastOk, setLastOk] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => ref.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, []);

  const scan = (raw: string) => {
    const value = raw.trim();
    setCode('');
    if (!value) return;
    const result = matchScan(lines, counts, value);
    if (result.ok) {
      setRefusal(null);
      setLastOk(result.sku);
      onMatch(result.sku);
    } else {
      setLastOk(null);
      setRefusal({ code: value, message: refusalOf(result, value) });
    }
  };

  const inputProps = {
    ref,
    value: code,
    onChange: (e: { currentTarget: HTMLInputElement }) => setCode(e.currentTarget.value),
    onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        scan(e.currentTarget.value);
      }
    },
    // The scanner types wherever the focus is: it comes back here unless a control took it.
    onBlur: (e: { relatedTarget: unknown }) => {
      if (keepFocus && !e.relatedTarget) setTimeout(() => ref.current?.focus(), 0);
    },
    autoFocus: true,
    autoComplete: 'off' as const,
  };
  return { inputProps, refusal, lastOk, focus: () => ref.current?.focus() };
}

/**
 * What the last scan did, in one line under the input: a refusal in red with its reason (announced
 * at once to a screen reader), or the SKU just counted. Compact, so the lines below do not jump.
 */
export function ScanFeedback({ refusal, lastOk, testId }: { refusal: ScanRefusal | null; lastOk: string | null; testId: string }) {
  return (
    <>
      <div aria-live="assertive">
        {refusal && (
          <Group gap={6} mt={6} wrap="nowrap" align="flex-start" data-testid={`${testId}-refused`} data-code={refusal.code}>
            <IconAlertTriangle size={18} aria-hidden color="var(--mantine-color-red-9)" style={{ flexShrink: 0, marginTop: 1 }} />
            <Text size="sm" c="red.9">
              <Text span fw={700} inherit>
                Refused:{' '}
              </Text>
              {refusal.message}
            </Text>
          </Group>
        )}
      </div>
      <div aria-live="polite">
        {lastOk && (
          <Text size="sm" mt={6} fw={600} data-testid={`${testId}-ok`}>
            {`✓ ${lastOk}`}
          </Text>
        )}
      </div>
    </>
  );
}
