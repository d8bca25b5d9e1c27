import { span, type HolidayYear } from './holiday-year.js';

// Not required by the brief (2009 and 2019–2026), kept so that a request received late in 2018
// gets a due date, and so that 2018-12-29..31 (fixed by the 2019 notice) sit in a covered year.
export const holidays2018: HolidayYear = {
  year: 2018,
  sources: [
    {
      title: '国务院办公厅关于2018年部分节假日安排的通知',
      documentNumber: '国办发明电〔2017〕12号',
      issuedOn: '2017-11-30',
      url: 'https://zh.wikisource.org/zh-hans/国务院办公厅关于2018年部分节假日安排的通知',
    },
  ],
  holidays: [
    ...span('2017-12-30', '2018-01-01'), // 元旦（与周末连休）
    ...span('2018-02-15', '2018-02-21'), // 春节
    ...span('2018-04-05', '2018-04-07'), // 清明节
    ...span('2018-04-29', '2018-05-01'), // 劳动节
    ...span('2018-06-16', '2018-06-18'), // 端午节（与周末连休）
    ...span('2018-09-22', '2018-09-24'), // 中秋节（与周末连休）
    ...span('2018-10-01', '2018-10-07'), // 国庆节
  ],
  makeUpWorkdays: ['2018-02-11', '2018-02-24', '2018-04-08', '2018-04-28', '2018-09-29', '2018-09-30'],
  notes: '2018-12-29 (上班) and 2018-12-30/31 (元旦 2019) come from the 2019 notice and are listed in 2019.ts.',
};
