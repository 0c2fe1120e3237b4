"""Inputs for the 录入节假日安排 tests.

``ILLUSTRATIVE_2027`` is NOT a real notice: the 2027 notice is not published as of this code.
It is written in the form of the real ones (tests/fixtures/holiday_notices/) around the days
the 放假办法 fixes for 2027 (除夕 2月5日, 清明 4月5日, 端午 6月9日, 中秋 9月15日), so that it raises no
warning. Tests that need a real text use the fixtures.
"""

from datetime import date, timedelta

ILLUSTRATIVE_2027 = """示意文本（不是真实通知）
国务院办公厅关于2027年部分节假日安排的通知
国办发明电〔2026〕99号
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）上班。
五、端午节：6月9日（周三）放假1天。
六、中秋节：9月15日（周三）放假1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
国务院办公厅
2026年11月20日
"""


def days(start: date, n: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]


HOLIDAYS_2027 = (
    days(date(2027, 1, 1), 3)
    + days(date(2027, 2, 5), 8)
    + days(date(2027, 4, 3), 3)
    + days(date(2027, 5, 1), 5)
    + [date(2027, 6, 9), date(2027, 9, 15)]
    + days(date(2027, 10, 1), 7)
)
MAKEUP_2027 = [date(2027, 2, 20), date(2027, 4, 25), date(2027, 9, 26), date(2027, 10, 9)]
