import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addBusinessDays,
  addCalendarDays,
  businessDayOnOrAfter,
  calendarDaysBetween,
  dayOfWeek,
  holidayCalendar,
  isBusinessDay,
  isIsoDate,
  nextBusinessDay,
  weekendsOnly,
} from './business-days.js';

const us = holidayCalendar('US');

describe('holidayCalendar', () => {
  const cases: { country: string; region?: string; date: string; holiday: boolean; why: string }[] = [
    { country: 'US', date: '2026-11-26', holiday: true, why: 'Thanksgiving 2026' },
    { country: 'US', date: '2026-11-27', holiday: false, why: 'day after Thanksgiving is only an observance' },
    { country: 'US', date: '2026-12-25', holiday: true, why: 'Christmas 2026 (Friday)' },
    { country: 'US', date: '2026-12-24', holiday: false, why: 'Christmas Eve is optional, not public' },
    { country: 'US', date: '2026-07-03', holiday: true, why: 'July 4 2026 is a Saturday → observed Friday' },
    { country: 'US', date: '2027-12-24', holiday: true, why: 'Christmas 2027 is a Saturday → observed Friday' },
    { country: 'US', date: '2027-12-31', holiday: true, why: 'New Year 2028 is a Saturday → observed Fri Dec 31 2027' },
    { country: 'US', date: '2027-07-05', holiday: true, why: 'July 4 2027 is a Sunday → observed Monday' },
    { country: 'US', date: '2026-11-03', holiday: false, why: 'Election Day is a New York holiday, not federal' },
    { country: 'US', region: 'NY', date: '2026-11-03', holiday: true, why: 'New York observes Election Day' },
    { country: 'US', region: 'ZZ', date: '2026-11-26', holiday: true, why: 'unknown region falls back to the country' },
    { country: 'CA', date: '2026-07-01', holiday: true, why: 'Canada Day' },
    { country: 'CA', date: '2026-07-03', holiday: false, why: 'US observed day is not Canadian' },
    { country: 'GB', date: '2026-12-28', holiday: true, why: 'Boxing Day 2026 is Saturday → substitute Monday' },
    { country: 'GB', region: 'SCT', date: '2026-11-30', holiday: true, why: "St Andrew's Day in Scotland" },
    { country: 'GB', date: '2026-11-30', holiday: false, why: "St Andrew's Day is not a UK-wide holiday" },
    { country: 'gb', date: '2026-12-25', holiday: true, why: 'country code is case-insensitive' },
    { country: 'XX', date: '2026-12-25', holiday: false, why: 'unknown country has no holidays' },
    { country: 'not-a-code', date: '2026-12-25', holiday: false, why: 'malformed country has no holidays' },
  ];
  for (const c of cases) {
    test(`${c.country}${c.region ? `-${c.region}` : ''} ${c.date}: ${c.why}`, () => {
      assert.equal(holidayCalendar(c.country, c.region).isHoliday(c.date) !== undefined, c.holiday);
    });
  }

  test('names the holiday', () => {
    assert.equal(us.isHoliday('2026-11-26'), 'Thanksgiving Day');
    assert.match(us.isHoliday('2026-07-03') ?? '', /Independence Day/);
  });

  test('is memoised per (country, region)', () => {
    assert.equal(holidayCalendar('US'), holidayCalendar('us'));
    assert.notEqual(holidayCalendar('US'), holidayCalendar('US', 'NY'));
    // Free-text regions and countries must not grow the memo: they collapse to known keys.
    assert.equal(holidayCalendar('US', 'Not A State'), holidayCalendar('US'));
    assert.equal(holidayCalendar('XX'), holidayCalendar('Narnia', 'North'));
    assert.equal(holidayCalendar('XX').country, '');
  });

  test('rejects a malformed date rather than answering "no holiday"', () => {
    assert.throws(() => us.isHoliday('2026-13-01'), RangeError);
    assert.throws(() => us.isHoliday('2026-02-30'), RangeError);
    assert.throws(() => us.isHoliday('26-11-26'), RangeError);
  });
});

describe('calendar arithmetic', () => {
  test('day of week, adding days across month, year and leap day', () => {
    assert.equal(dayOfWeek('2026-11-27'), 5);
    assert.equal(dayOfWeek('1969-12-31'), 3);
    assert.equal(addCalendarDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addCalendarDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addCalendarDays('2026-03-01', -1), '2026-02-28');
    assert.equal(calendarDaysBetween('2026-12-30', '2027-01-02'), 3);
    assert.equal(isIsoDate('2026-02-29'), false);
    assert.equal(isIsoDate('2028-02-29'), true);
    assert.equal(addCalendarDays('0099-12-31', 1), '0100-01-01', 'two-digit years are not read as 19xx');
  });
});

describe('business days', () => {
  test('weekends and public holidays are closed; Saturday opens only with saturdayDelivery', () => {
    assert.equal(isBusinessDay('2026-11-25', us), true);
    assert.equal(isBusinessDay('2026-11-26', us), false);
    assert.equal(isBusinessDay('2026-11-28', us), false);
    assert.equal(isBusinessDay('2026-11-28', us, { saturdayDelivery: true }), true);
    assert.equal(isBusinessDay('2026-11-29', us, { saturdayDelivery: true }), false);
    assert.equal(isBusinessDay('2026-07-04', us, { saturdayDelivery: true }), false, 'a Saturday holiday stays closed');
  });

  const table: { from: string; n: number; expected: string; why: string }[] = [
    { from: '2026-11-23', n: 0, expected: '2026-11-23', why: 'zero days is the same day' },
    { from: '2026-11-28', n: 0, expected: '2026-11-28', why: 'zero days does not move even off a weekend' },
    { from: '2026-11-23', n: 2, expected: '2026-11-25', why: 'plain weekdays' },
    { from: '2026-11-25', n: 1, expected: '2026-11-27', why: 'skips Thanksgiving' },
    { from: '2026-11-25', n: 3, expected: '2026-12-01', why: 'skips Thanksgiving and a weekend' },
    { from: '2026-07-02', n: 1, expected: '2026-07-06', why: 'observed July 3 plus weekend' },
    { from: '2027-12-23', n: 1, expected: '2027-12-27', why: 'observed Christmas Eve 2027 plus weekend' },
    { from: '2027-12-30', n: 1, expected: '2028-01-03', why: 'observed New Year across the year boundary' },
    { from: '2026-12-24', n: 1, expected: '2026-12-28', why: 'Christmas Friday, then weekend' },
  ];
  for (const c of table) {
    test(`addBusinessDays(${c.from}, ${c.n}) = ${c.expected}: ${c.why}`, () => {
      assert.equal(addBusinessDays(c.from, c.n, us), c.expected);
    });
  }

  test('nextBusinessDay is strictly after; businessDayOnOrAfter may be the same day', () => {
    assert.equal(nextBusinessDay('2026-11-27', us), '2026-11-30');
    assert.equal(nextBusinessDay('2026-11-25', us), '2026-11-27');
    assert.equal(businessDayOnOrAfter('2026-11-25', us), '2026-11-25');
    assert.equal(businessDayOnOrAfter('2026-11-26', us), '2026-11-27');
    assert.equal(nextBusinessDay('2026-12-25', weekendsOnly), '2026-12-28');
    assert.equal(nextBusinessDay('2026-11-25', weekendsOnly), '2026-11-26', 'no holidays without a calendar');
  });

  test('refuses negative or fractional counts', () => {
    assert.throws(() => addBusinessDays('2026-11-23', -1, us), RangeError);
    assert.throws(() => addBusinessDays('2026-11-23', 1.5, us), RangeError);
  });
});
