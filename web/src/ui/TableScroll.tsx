import { Box, ScrollArea } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A wide table scrolls sideways on a narrow screen (a 1024 px tablet) rather than squeezing its
 * columns. The scrolling region is focusable and named, so it can be scrolled from the keyboard.
 */
export function TableScroll({ label, minWidth, children }: { label: string; minWidth?: number; children: ReactNode }) {
  return (
    <ScrollArea type="auto" offsetScrollbars="x" viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': label }}>
      <Box miw={minWidth}>{children}</Box>
    </ScrollArea>
  );
}
