// One file per year, each with the notice it transcribes. To add a year: transcribe its notice into
// YYYY.ts, list it here; the holiday-data spec checks every file for consistency.
import { type HolidayYear } from './holiday-year.js';
import { holidays2009 } from './2009.js';
import { holidays2010 } from './2010.js';
import { holidays2018 } from './2018.js';
import { holidays2019 } from './2019.js';
import { holidays2020 } from './2020.js';
import { holidays2021 } from './2021.js';
import { holidays2022 } from './2022.js';
import { holidays2023 } from './2023.js';
import { holidays2024 } from './2024.js';
import { holidays2025 } from './2025.js';
import { holidays2026 } from './2026.js';

export type { HolidayYear } from './holiday-year.js';

export const OFFICIAL_HOLIDAY_YEARS: readonly HolidayYear[] = [
  holidays2009,
  holidays2010,
  holidays2018,
  holidays2019,
  holidays2020,
  holidays2021,
  holidays2022,
  holidays2023,
  holidays2024,
  holidays2025,
  holidays2026,
];
