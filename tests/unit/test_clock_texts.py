"""Times in texts: the network's zone, the date, its name, and today/tomorrow for the reader."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from babel import Locale

from backend.i18n import babel_name
from backend.i18n.clock import day_text, moment_text
from backend.i18n.render import translations

SHANGHAI = ZoneInfo("Asia/Shanghai")
MOMENT = datetime(2026, 11, 30, 20, 6, tzinfo=timezone.utc)  # 1 Dec 04:06 in Shanghai


def said(locale, now, moment=MOMENT, zone=SHANGHAI):
    return moment_text(moment, zone, now, translations(locale), Locale.parse(babel_name(locale)))


def test_a_time_read_the_evening_before_says_tomorrow_and_its_date():
    # 23:50 in Shanghai on 30 November: "04:06" alone would read as this morning.
    evening = datetime(2026, 11, 30, 15, 50, tzinfo=timezone.utc)
    assert said("zh-CN", evening) == "明天（12月1日）04:06（北京时间）"
    assert said("en", evening) == "04:06 tomorrow, 1 Dec (China Standard Time)"


def test_a_time_read_the_same_day_says_today():
    morning = datetime(2026, 11, 30, 22, 0, tzinfo=timezone.utc)  # 06:00 on 1 December
    assert said("zh-CN", morning) == "今天（12月1日）04:06（北京时间）"
    assert said("en", morning) == "04:06 today, 1 Dec (China Standard Time)"


def test_a_time_further_off_gives_its_date_and_another_year_its_year():
    assert said("zh-CN", datetime(2026, 11, 20, tzinfo=timezone.utc)) == "12月1日 04:06（北京时间）"
    assert said("en", datetime(2025, 11, 30, tzinfo=timezone.utc)) == (
        "1 Dec 2026 04:06 (China Standard Time)")


def test_another_network_zone_is_named_in_the_reader_s_language():
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 11, 20, tzinfo=timezone.utc)
    assert said("en", now, zone=berlin) == "30 Nov 21:06 (Central European Time)"
    assert said("zh-CN", now, zone=berlin) == "11月30日 21:06（中欧时间）"


def test_a_day_says_its_year_only_when_it_is_not_this_one():
    today = date(2026, 11, 30)
    en, zh = translations("en"), translations("zh-CN")
    assert day_text(date(2026, 12, 31), today, zh, Locale.parse("zh_CN")) == "12月31日"
    assert day_text(date(2027, 1, 31), today, zh, Locale.parse("zh_CN")) == "2027年1月31日"
    assert day_text(date(2027, 1, 31), today, en, Locale.parse("en")) == "31 Jan 2027"
