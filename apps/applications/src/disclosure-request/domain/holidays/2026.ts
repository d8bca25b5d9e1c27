import { span, type HolidayYear } from './holiday-year.js';

export const holidays2026: HolidayYear = {
  year: 2026,
  sources: [
    {
      title: '国务院办公厅关于2026年部分节假日安排的通知',
      issuedOn: '2025-11-04',
      url: 'https://politics.gmw.cn/2025-11/04/content_38391083.htm (新华社 text)',
    },
  ],
  holidays: [
    ...span('2026-01-01', '2026-01-03'), // 元旦
    ...span('2026-02-15', '2026-02-23'), // 春节
    ...span('2026-04-04', '2026-04-06'), // 清明节
    ...span('2026-05-01', '2026-05-05'), // 劳动节
    ...span('2026-06-19', '2026-06-21'), // 端午节
    ...span('2026-09-25', '2026-09-27'), // 中秋节
    ...span('2026-10-01', '2026-10-07'), // 国庆节
  ],
  makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  notes:
    'The document number (国办发明电〔2025〕…) was not confirmed; the dates were checked against three reprints ' +
    'of the 新华社 text. December 2026 dates stay unknown until the 2027 notice is added (it may move 元旦 days).',
};
