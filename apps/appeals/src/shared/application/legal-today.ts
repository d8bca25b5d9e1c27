// The legal date "today" in the agencies' calendar (Asia/Shanghai, UTC+8 all year, no daylight
// saving): commands carry it so the domain can refuse dates in the future without a clock.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export const legalToday = (now: Date): string =>
  new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
