import { span, type HolidayYear } from './holiday-year.js';

export const holidays2020: HolidayYear = {
  year: 2020,
  sources: [
    {
      title: '国务院办公厅关于2020年部分节假日安排的通知',
      documentNumber: '国办发明电〔2019〕16号',
      issuedOn: '2019-11-21',
      url: 'http://news.chengdu.cn/2019/1121/2083946.shtml (新华社 text)',
    },
    {
      title: '国务院办公厅关于延长2020年春节假期的通知 (春节 extended to 2月2日, work resumes 2月3日)',
      documentNumber: '国办发明电〔2020〕1号',
      issuedOn: '2020-01-26',
      url: 'https://www.farmer.com.cn/2020/01/27/99847578.html (新华社 text)',
    },
  ],
  holidays: [
    '2020-01-01', // 元旦
    ...span('2020-01-24', '2020-02-02'), // 春节, as extended (first announced 1月24日至30日)
    ...span('2020-04-04', '2020-04-06'), // 清明节
    ...span('2020-05-01', '2020-05-05'), // 劳动节
    ...span('2020-06-25', '2020-06-27'), // 端午节
    ...span('2020-10-01', '2020-10-08'), // 国庆节、中秋节
  ],
  // 2020-02-01 (Saturday) was announced as a working day; the extension made it a day off.
  makeUpWorkdays: ['2020-01-19', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10'],
  notes:
    'National arrangement only. Some provinces (e.g. Hubei, to 2020-02-13) extended the 2020 Spring Festival ' +
    'further by local notice; those local extensions are not in this file.',
};
