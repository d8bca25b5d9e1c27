import { span, type HolidayYear } from './holiday-year.js';

export const holidays2009: HolidayYear = {
  year: 2009,
  sources: [
    {
      title: '国务院办公厅关于2009年部分节假日安排的通知',
      documentNumber: '国办发明电〔2008〕42号',
      issuedOn: '2008-12-10',
      url: 'http://www.xixik.com/content/3cb2fcd5e2d67458/1/ (text as reprinted from 中国政府网)',
    },
  ],
  holidays: [
    ...span('2009-01-01', '2009-01-03'), // 元旦
    ...span('2009-01-25', '2009-01-31'), // 春节
    ...span('2009-04-04', '2009-04-06'), // 清明节
    ...span('2009-05-01', '2009-05-03'), // 劳动节
    ...span('2009-05-28', '2009-05-30'), // 端午节
    ...span('2009-10-01', '2009-10-08'), // 国庆节、中秋节
  ],
  makeUpWorkdays: ['2009-01-04', '2009-01-24', '2009-02-01', '2009-05-31', '2009-09-27', '2009-10-10'],
  notes: 'Checked against two reprints of the notice (dates and 上班 days agree).',
};
