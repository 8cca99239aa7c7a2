/**
 * The module's CPU-heavy pure work — label, manifest and customs PDFs — run on the process's worker pool
 * (platform/cpu), so rendering a 300-row manifest does not hold up other requests.
 */
import { cpuTask } from '../../platform/cpu/pool.js';
import type * as labelPdf from './http/label-pdf.js';
import type * as manifestPdf from './http/manifest-pdf.js';
import type * as customsPdf from './http/customs-pdf.js';

/** `renderLabelsPdf` on a pool thread. */
export const renderLabelsPdfOffLoop = cpuTask<typeof labelPdf, 'renderLabelsPdf'>(new URL('./http/label-pdf.ts', import.meta.url), 'renderLabelsPdf');

/** `renderManifestPdf` on a pool thread. */
export const renderManifestPdfOffLoop = cpuTask<typeof manifestPdf, 'renderManifestPdf'>(new URL('./http/manifest-pdf.ts', import.meta.url), 'renderManifestPdf');

/** `renderCustomsPdf` (CN 22 / CN 23 / commercial invoice) on a pool thread. */
export const renderCustomsPdfOffLoop = cpuTask<typeof customsPdf, 'renderCustomsPdf'>(new URL('./http/customs-pdf.ts', import.meta.url), 'renderCustomsPdf');
