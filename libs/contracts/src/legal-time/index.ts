// Legal time, one value module for every service: the legal date (a day of the Asia/Shanghai calendar,
// +08:00, part of the event contract: `occurredAt` is the start of that day), "today" from an injected
// clock, reporting periods, date ranges, and the working-day calendar of the State Council's holiday
// notices with the warning a command gets when its legal date falls on a day off. Pure: no clock, no
// framework.
export * from './legal-date.js';
export * from './period.js';
export * from './date-range.js';
export * from './working-calendar.js';
export * from './non-working-day.js';
export { OFFICIAL_HOLIDAY_YEARS, type HolidayYear } from './holidays/index.js';
