/**
 * Delivery promises: when a location can hand a parcel to the carrier (ship-by) and when the
 * carrier will bring it (deliver-by), and afterwards whether it did. The instant of the order is
 * turned into the LOCATION's wall-clock date once, here; everything after that is calendar-day
 * arithmetic (business-days.ts), so DST changes and the customer's own zone cannot shift a date.
 */
import { DateTime, IANAZone } from 'luxon';
import { addBusinessDays, businessDayOnOrAfter, calendarDaysBetween, holidayCalendar, isIsoDate, nextBusinessDay, type BusinessDayOptions } from './business-days.js';

/** How one fulfillment location works the clock. */
export interface FulfillmentClock {
  /** IANA zone, e.g. `America/New_York`. */
  timeZone: string;
  /** `HH:MM` local wall-clock time; an order at or after it ships the next business day. */
  cutoffTime: string;
  /** Business days of handling before the ship day (0 = same day when before the cut-off). */
  processingDays: number;
  /** The location's holidays close the warehouse (ISO 3166-1 alpha-2, optional subdivision). */
  country: string;
  region?: string | undefined;
}

export interface PromiseDestination {
  country: string;
  region?: string | undefined;
  /** The service delivers on Saturdays (some overnight services); Sundays and holidays still not. */
  saturdayDelivery?: boolean | undefined;
}

export interface DeliveryPromise {
  /** Location-local calendar date the parcel must leave, `YYYY-MM-DD`. */
  shipBy: string;
  /** Destination calendar date the carrier should deliver by, `YYYY-MM-DD`. */
  deliverBy: string;
  transitDays: number;
}

export interface ClockProblem {
  field: 'timeZone' | 'cutoffTime' | 'processingDays' | 'country' | 'region';
  message: string;
}

const cutoffPattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

// Checking a zone builds an Intl formatter (slow); the set of real zones is small and fixed, so
// remembering the good ones keeps a rate quote from paying for it on every call.
const knownZones = new Set<string>();
function isValidZone(zone: unknown): zone is string {
  if (typeof zone !== 'string') return false;
  if (knownZones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  knownZones.add(zone);
  return true;
}
export const maxProcessingDays = 30;

/** Everything wrong with a location's clock, empty when it can be used. */
export function validateClock(clock: FulfillmentClock): ClockProblem[] {
  const problems: ClockProblem[] = [];
  if (!isValidZone(clock.timeZone)) {
    problems.push({ field: 'timeZone', message: `not an IANA time zone: ${String(clock.timeZone)}` });
  }
  if (typeof clock.cutoffTime !== 'string' || !cutoffPattern.test(clock.cutoffTime)) {
    problems.push({ field: 'cutoffTime', message: 'must be HH:MM between 00:00 and 23:59' });
  }
  if (!Number.isInteger(clock.processingDays) || clock.processingDays < 0 || clock.processingDays > maxProcessingDays) {
    problems.push({ field: 'processingDays', message: `must be a whole number from 0 to ${maxProcessingDays}` });
  }
  if (typeof clock.country !== 'string' || !/^[A-Za-z]{2}$/.test(clock.country)) {
    problems.push({ field: 'country', message: 'must be an ISO 3166-1 alpha-2 code' });
  }
  if (clock.region !== undefined && (typeof clock.region !== 'string' || !/^[A-Za-z0-9]{1,3}$/.test(clock.region))) {
    problems.push({ field: 'region', message: 'must be a subdivision code such as NY or SCT' });
  }
  return problems;
}

function assertClock(clock: FulfillmentClock): void {
  const problems = validateClock(clock);
  // Clocks are validated when a location is configured; reaching here with a bad one is a bug.
  if (problems.length > 0) throw new RangeError(`invalid fulfillment clock: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
}

function assertInstant(at: Date, name: string): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError(`${name} is not a valid instant`);
}

/** The local calendar date of `at` in `timeZone` (UTC when the zone is unknown). */
export function localDate(at: Date, timeZone: string): string {
  assertInstant(at, 'instant');
  const zone = isValidZone(timeZone) ? timeZone : 'UTC';
  return DateTime.fromJSDate(at, { zone }).toISODate() as string;
}

/**
 * The location-local date the parcel ships. Cut-off is compared on the location's wall clock, so
 * an order at 23:30 in Los Angeles is still "today" for an LA warehouse although it is tomorrow in
 * New York and UTC. At exactly the cut-off minute the order is late: a cut-off of 15:00 means
 * "orders placed before 15:00".
 */
export function shipByDate(now: Date, clock: FulfillmentClock): string {
  assertClock(clock);
  assertInstant(now, 'now');
  const local = DateTime.fromJSDate(now, { zone: clock.timeZone });
  const today = local.toISODate() as string;
  const calendar = holidayCalendar(clock.country, clock.region);
  const [hh, mm] = clock.cutoffTime.split(':').map(Number) as [number, number];
  const beforeCutoff = local.hour * 60 + local.minute < hh * 60 + mm;
  // Not a working day at all: the next working day's cut-off has not passed yet, whatever the hour.
  const firstDay = beforeCutoff ? businessDayOnOrAfter(today, calendar) : nextBusinessDay(today, calendar);
  return addBusinessDays(firstDay, clock.processingDays, calendar);
}

/**
 * The day the carrier delivers: `transitDays` business days after the ship day on the
 * DESTINATION's calendar — carriers do not deliver on the destination's weekends or public
 * holidays, whereas the origin's holidays matter only for the ship day.
 */
export function deliverByDate(shipBy: string, transitDays: number, destination: PromiseDestination): string {
  if (!isIsoDate(shipBy)) throw new RangeError(`shipBy is not a YYYY-MM-DD date: ${shipBy}`);
  const options: BusinessDayOptions = { saturdayDelivery: destination.saturdayDelivery };
  return addBusinessDays(shipBy, transitDays, holidayCalendar(destination.country, destination.region), options);
}

export function promiseFor(now: Date, clock: FulfillmentClock, transitDays: number, destination: PromiseDestination): DeliveryPromise {
  const shipBy = shipByDate(now, clock);
  return { shipBy, deliverBy: deliverByDate(shipBy, transitDays, destination), transitDays };
}

export interface OnTimeVerdict {
  onTime: boolean;
  /** Calendar days after the promised date (0 when on time): what a customer counts. */
  daysLate: number;
  /** The delivery's date in the destination zone, kept with the verdict for the metric. */
  deliveredOn: string;
}

/**
 * On time when the parcel arrived on or before the promised date as the customer's calendar shows
 * it: a delivery at 23:59 local on the deadline counts, even though it is the next day in UTC.
 * An unknown destination zone falls back to UTC.
 */
export function judgeOnTime(deliveredAt: Date, deliverBy: string, destinationTimeZone: string): OnTimeVerdict {
  if (!isIsoDate(deliverBy)) throw new RangeError(`deliverBy is not a YYYY-MM-DD date: ${deliverBy}`);
  const deliveredOn = localDate(deliveredAt, destinationTimeZone);
  const late = calendarDaysBetween(deliverBy, deliveredOn);
  return { onTime: late <= 0, daysLate: Math.max(0, late), deliveredOn };
}

/**
 * Days a parcel not yet delivered is past its promise at `now` in the destination's time zone:
 * 0 until the promised day has ended there (a parcel due on the 3rd is late from the customer's
 * 4th), then 1, 2, …
 */
export function daysPastPromise(now: Date, deliverBy: string, destinationTimeZone: string): number {
  if (!isIsoDate(deliverBy)) throw new RangeError(`deliverBy is not a YYYY-MM-DD date: ${deliverBy}`);
  return Math.max(0, calendarDaysBetween(deliverBy, localDate(now, destinationTimeZone)));
}
