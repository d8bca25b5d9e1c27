import { span, type HolidayYear } from './holiday-year.js';

export const holidays2024: HolidayYear = {
  year: 2024,
  sources: [
    {
      title: '国务院办公厅关于2024年部分节假日安排的通知',
      documentNumber: '国办发明电〔2023〕7号',
      issuedOn: '2023-10-25',
      url: 'http://paper.people.com.cn/rmrb/html/2023-10/26/nw.D110000renmrb_20231026_3-06.htm',
    },
  ],
  holidays: [
    ...span('2023-12-30', '2024-01-01'), // 元旦（与周末连休）
    ...span('2024-02-10', '2024-02-17'), // 春节
    ...span('2024-04-04', '2024-04-06'), // 清明节
    ...span('2024-05-01', '2024-05-05'), // 劳动节
    ...span('2024-06-08', '2024-06-10'), // 端午节（与周末连休）
    ...span('2024-09-15', '2024-09-17'), // 中秋节
    ...span('2024-10-01', '2024-10-07'), // 国庆节
  ],
  makeUpWorkdays: [
    '2024-02-04',
    '2024-02-18',
    '2024-04-07',
    '2024-04-28',
    '2024-05-11',
    '2024-09-14',
    '2024-09-29',
    '2024-10-12',
  ],
  notes: '除夕 2024-02-09 is a working day: the notice only encourages employers to give it off.',
};
