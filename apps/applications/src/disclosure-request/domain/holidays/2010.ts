import { span, type HolidayYear } from './holiday-year.js';

// Not required by the brief (2009 and 2019–2026), kept so that a request received in December 2009
// gets a due date: its time limit runs into January 2010.
export const holidays2010: HolidayYear = {
  year: 2010,
  sources: [
    {
      title: '国务院办公厅关于2010年部分节假日安排的通知',
      documentNumber: '国办发明电〔2009〕27号',
      issuedOn: '2009-12-07',
      url: 'reprint of the 中国政府网 text of 2009-12-08',
    },
  ],
  holidays: [
    ...span('2010-01-01', '2010-01-03'), // 元旦
    ...span('2010-02-13', '2010-02-19'), // 春节
    ...span('2010-04-03', '2010-04-05'), // 清明节
    ...span('2010-05-01', '2010-05-03'), // 劳动节
    ...span('2010-06-14', '2010-06-16'), // 端午节
    ...span('2010-09-22', '2010-09-24'), // 中秋节
    ...span('2010-10-01', '2010-10-07'), // 国庆节
  ],
  makeUpWorkdays: [
    '2010-02-20',
    '2010-02-21',
    '2010-06-12',
    '2010-06-13',
    '2010-09-19',
    '2010-09-25',
    '2010-09-26',
    '2010-10-09',
  ],
};
