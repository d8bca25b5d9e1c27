import { span, type HolidayYear } from './holiday-year.js';

export const holidays2025: HolidayYear = {
  year: 2025,
  sources: [
    {
      title:
        '国务院办公厅关于2025年部分节假日安排的通知 (first year under the 2024 revision of 全国年节及纪念日放假办法)',
      documentNumber: '国办发明电〔2024〕12号',
      issuedOn: '2024-11-12',
      url: 'https://m.gmw.cn/2024-11/12/content_1303894933.htm (新华网 text)',
    },
  ],
  holidays: [
    '2025-01-01', // 元旦（不调休）
    ...span('2025-01-28', '2025-02-04'), // 春节
    ...span('2025-04-04', '2025-04-06'), // 清明节
    ...span('2025-05-01', '2025-05-05'), // 劳动节
    ...span('2025-05-31', '2025-06-02'), // 端午节
    ...span('2025-10-01', '2025-10-08'), // 国庆节、中秋节
  ],
  makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};
