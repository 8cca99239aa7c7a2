/**
 * Business-day arithmetic on calendar dates (`YYYY-MM-DD`), with public holidays from the
 * maintained `date-holidays` data. Dates here are wall-calendar days with no time zone: turning an
 * instant into a local date is the caller's job (see promise.ts), so nothing here can drift by a
 * DST hour.
 */
import Holidays from 'date-holidays';

export interface HolidayCalendar {
  readonly country: string;
  readonly region: string | undefined;
  /** The holiday's name when `date` is a public holiday (or its observed substitute), else undefined. */
  isHoliday(date: string): string | undefined;
}

export interface BusinessDayOptions {
  /** Saturday counts as a working day (carriers' Saturday-delivery services). Sunday never does. */
  saturdayDelivery?: boolean | undefined;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

/** Days since 1970-01-01 for a valid `YYYY-MM-DD`; throws on anything else (a programming error). */
function toDayNumber(date: string): number {
  const m = datePattern.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  // A rolled-over date (2026-02-30 → March 2) is a typo, not a date.
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month - 1) throw new RangeError(`no such date: ${date}`);
  return d.getTime() / dayMs;
}

function fromDayNumber(n: number): string {
  return new Date(n * dayMs).toISOString().slice(0, 10);
}

export function isIsoDate(date: string): boolean {
  try {
    toDayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** `date` plus `n` calendar days (n may be negative). */
export function addCalendarDays(date: string, n: number): string {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return weekdayOf(toDayNumber(date));
}

function weekdayOf(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber + 4) % 7) + 7) % 7;
}

type YearIndex = Map<string, string>;

function buildYear(hd: Holidays, year: number): YearIndex {
  const index: YearIndex = new Map();
  for (const h of hd.getHolidays(year)) {
    // Only days the law closes: `public` includes the observed substitute (US: Sat → Fri, Sun → Mon;
    // GB: Boxing Day → Mon). `bank`, `optional` and `observance` (Christmas Eve, Day after
    // Thanksgiving) are working days for warehouses and carriers alike.
    if (h.type !== 'public') continue;
    const first = h.date.slice(0, 10);
    // A few countries have multi-day holidays; the library gives start/end instants in the country's
    // zone, so the rounded length in days is exact whatever the DST offset between them.
    const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / dayMs));
    for (let i = 0; i < days; i += 1) {
      const d = addCalendarDays(first, i);
      if (!index.has(d)) index.set(d, h.name);
    }
  }
  return index;
}

// A pure memo: holiday rules for a (country, region) never change while the process runs, and
// building them costs far more than a lookup. Keys are only codes the library knows (anything else
// collapses to its country, or to "no holidays"), so addresses full of free text cannot grow it.
const calendars = new Map<string, HolidayCalendar>();
let registry: Holidays | undefined;
let supportedCountries: Set<string> | undefined;
const supportedRegions = new Map<string, Set<string>>();

function knownCountry(country: string): boolean {
  registry ??= new Holidays();
  supportedCountries ??= new Set(Object.keys(registry.getCountries()));
  return supportedCountries.has(country);
}

/** Only called for a known country, so the map holds at most one entry per supported country. */
function knownRegion(country: string, region: string): boolean {
  let regions = supportedRegions.get(country);
  if (!regions) {
    registry ??= new Holidays();
    regions = new Set(Object.keys(registry.getStates(country) ?? {}));
    supportedRegions.set(country, regions);
  }
  return regions.has(region);
}

/**
 * The public holidays of a country (ISO 3166-1 alpha-2) and optionally one of its subdivisions
 * (date-holidays' "state" code, e.g. `NY`, `QC`, `SCT`). An unknown country has no holidays — only
 * weekends are closed — so a promise to an unsupported country is optimistic rather than refused;
 * an unknown region falls back to the country's holidays.
 */
export function holidayCalendar(country: string, region?: string): HolidayCalendar {
  const c = country.trim().toUpperCase();
  const known = knownCountry(c);
  const given = region?.trim().toUpperCase();
  const r = known && given && knownRegion(c, given) ? given : undefined;
  const key = known ? `${c}/${r ?? ''}` : '';
  const cached = calendars.get(key);
  if (cached) return cached;

  const hd = known ? (r ? new Holidays(c, r) : new Holidays(c)) : undefined;
  const years = new Map<number, YearIndex>();
  const calendar: HolidayCalendar = {
    country: known ? c : '',
    region: r,
    isHoliday(date: string): string | undefined {
      toDayNumber(date);
      if (!hd) return undefined;
      const year = Number(date.slice(0, 4));
      let index = years.get(year);
      if (!index) {
        index = buildYear(hd, year);
        years.set(year, index);
      }
      return index.get(date);
    },
  };
  calendars.set(key, calendar);
  return calendar;
}

/** A calendar with no holidays at all, for tests and for "weekends only" carriers. */
export const weekendsOnly: HolidayCalendar = {
  country: '',
  region: undefined,
  isHoliday(date: string): undefined {
    toDayNumber(date);
    return undefined;
  },
};

function openOn(dayNumber: number, calendar: HolidayCalendar, options: BusinessDayOptions): boolean {
  const dow = weekdayOf(dayNumber);
  if (dow === 0) return false;
  if (dow === 6 && !options.saturdayDelivery) return false;
  return calendar.isHoliday(fromDayNumber(dayNumber)) === undefined;
}

function nextOpen(dayNumber: number, calendar: HolidayCalendar, options: BusinessDayOptions): number {
  // Bounded: no real calendar closes for a month; a loop past that is a data bug worth hearing about.
  for (let d = dayNumber + 1; d <= dayNumber + 31; d += 1) if (openOn(d, calendar, options)) return d;
  throw new RangeError(`no business day within 31 days after ${fromDayNumber(dayNumber)} (${calendar.country || 'no holidays'})`);
}

export function isBusinessDay(date: string, calendar: HolidayCalendar, options: BusinessDayOptions = {}): boolean {
  return openOn(toDayNumber(date), calendar, options);
}

/** The first business day strictly after `date`. */
export function nextBusinessDay(date: string, calendar: HolidayCalendar, options: BusinessDayOptions = {}): string {
  return fromDayNumber(nextOpen(toDayNumber(date), calendar, options));
}

/** `date` itself when it is a business day, else the next one. */
export function businessDayOnOrAfter(date: string, calendar: HolidayCalendar, options: BusinessDayOptions = {}): string {
  return isBusinessDay(date, calendar, options) ? date : nextBusinessDay(date, calendar, options);
}

/**
 * The `n`-th business day after `date` (`date` itself does not count, and need not be a business
 * day). `n = 0` returns `date` unchanged.
 */
export function addBusinessDays(date: string, n: number, calendar: HolidayCalendar, options: BusinessDayOptions = {}): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a whole number ≥ 0, got ${n}`);
  let d = toDayNumber(date);
  for (let i = 0; i < n; i += 1) d = nextOpen(d, calendar, options);
  return fromDayNumber(d);
}
