import { span, type HolidayYear } from './holiday-year.js';

export const holidays2019: HolidayYear = {
  year: 2019,
  sources: [
    {
      title: '国务院办公厅关于2019年部分节假日安排的通知',
      documentNumber: '国办发明电〔2018〕15号',
      issuedOn: '2018-12-04',
      url: 'http://czj.gnzrmzf.gov.cn/info/1282/12573.htm',
    },
    {
      title: '国务院办公厅关于调整2019年劳动节假期安排的通知 (劳动节 becomes 5月1日至4日)',
      documentNumber: '国办发明电〔2019〕3号',
      issuedOn: '2019-03-22',
      url: 'http://m.cd.bendibao.com/news/102369.shtm',
    },
  ],
  holidays: [
    ...span('2018-12-30', '2019-01-01'), // 元旦
    ...span('2019-02-04', '2019-02-10'), // 春节
    ...span('2019-04-05', '2019-04-07'), // 清明节（与周末连休）
    ...span('2019-05-01', '2019-05-04'), // 劳动节 (as adjusted on 2019-03-22; first announced as 5月1日 only)
    ...span('2019-06-07', '2019-06-09'), // 端午节（与周末连休）
    ...span('2019-09-13', '2019-09-15'), // 中秋节（与周末连休）
    ...span('2019-10-01', '2019-10-07'), // 国庆节
  ],
  makeUpWorkdays: ['2018-12-29', '2019-02-02', '2019-02-03', '2019-04-28', '2019-05-05', '2019-09-29', '2019-10-12'],
};
