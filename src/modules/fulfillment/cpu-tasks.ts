/**
 * The module's CPU-heavy pure work, run on the process's worker pool (platform/cpu) so the event
 * loop keeps answering while a large cart is cartonized or a long pick list is rendered.
 */
import { cpuTask } from '../../platform/cpu/pool.js';
import type * as pickListPdf from './http/pick-list-pdf.js';
import type * as plan from './use-cases/plan-packages.js';

/** `planPackages` on a pool thread (same arguments, same result, same refusals). */
export const planPackagesOffLoop = cpuTask<typeof plan, 'planPackages'>(new URL('./use-cases/plan-packages.ts', import.meta.url), 'planPackages');

/** `renderPickListPdf` on a pool thread. */
export const renderPickListPdfOffLoop = cpuTask<typeof pickListPdf, 'renderPickListPdf'>(new URL('./http/pick-list-pdf.ts', import.meta.url), 'renderPickListPdf');
