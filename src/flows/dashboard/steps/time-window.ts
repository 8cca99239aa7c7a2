import { DateTime, IANAZone } from 'luxon';
import { DomainError } from '../../../platform/errors.js';

/** The hours the orders-per-hour chart shows: the current one and the 167 before it (7 days). */
export const CHART_HOURS = 168;

export interface DashboardWindow {
  /** Today in the zone: [dayStart, dayEnd), and its date (YYYY-MM-DD) for dates such as ship-by. */
  dayStart: Date;
  dayEnd: Date;
  today: string;
  /** The start of the chart's first hour; hour i starts i hours later. */
  chartStart: Date;
}

/**
 * Today and the chart's hours as instants, in the viewer's time zone. Hours are whole hours of the
 * zone's clock (a zone 30 minutes off UTC starts them at :30), counted as 3,600 s steps back from
 * the current one, so a day with a clock change still has 168 buckets. An unknown zone is refused.
 */
export function dashboardWindow(now: Date, zone: string): DashboardWindow {
  if (!IANAZone.isValidZone(zone)) throw new DomainError('REQUEST_INVALID', `Unknown time zone ${JSON.stringify(zone)}.`, [{ field: 'tz', message: 'must be an IANA time zone such as Europe/Paris' }]);
  const local = DateTime.fromJSDate(now, { zone });
  const day = local.startOf('day');
  const hour = local.startOf('hour');
  return {
    dayStart: day.toJSDate(),
    dayEnd: day.plus({ days: 1 }).toJSDate(),
    today: day.toISODate() as string,
    chartStart: new Date(hour.toMillis() - (CHART_HOURS - 1) * 3_600_000),
  };
}
