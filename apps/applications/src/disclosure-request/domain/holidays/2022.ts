import { span, type HolidayYear } from './holiday-year.js';

export const holidays2022: HolidayYear = {
  year: 2022,
  sources: [
    {
      title: '国务院办公厅关于2022年部分节假日安排的通知',
      documentNumber: '国办发明电〔2021〕11号',
      issuedOn: '2021-10-25',
      url: 'http://www.beijing.gov.cn/zhengce/zhengcefagui/202110/t20211026_2520500.html',
    },
  ],
  holidays: [
    ...span('2022-01-01', '2022-01-03'), // 元旦
    ...span('2022-01-31', '2022-02-06'), // 春节
    ...span('2022-04-03', '2022-04-05'), // 清明节
    ...span('2022-04-30', '2022-05-04'), // 劳动节
    ...span('2022-06-03', '2022-06-05'), // 端午节
    ...span('2022-09-10', '2022-09-12'), // 中秋节
    ...span('2022-10-01', '2022-10-07'), // 国庆节
  ],
  makeUpWorkdays: ['2022-01-29', '2022-01-30', '2022-04-02', '2022-04-24', '2022-05-07', '2022-10-08', '2022-10-09'],
  notes: '2022-12-31 (Saturday) is a day off of 元旦 2023, listed in 2023.ts.',
};
