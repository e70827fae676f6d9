"""The rule table: each rule a pattern, the token it makes and the phrases it must handle.

Order matters: the scanner joins all patterns into one alternation, so the first rule that
matches at a position wins. Examples are written in the `describe` notation, with no context
(no document date, no programme period); `tests/test_deadlines.py` runs every one of them.
"""

from __future__ import annotations

from prikaz.rules import Rule

from . import converters as cv
from .lexicon import CW, MON, QNUM, TAIL, UNIT, YSUF, Y

CONVERT: dict[str, cv.Convert] = {}  # rule name → what it makes of its match


def _rule(
    name: str, pattern: str, convert: cv.Convert, examples: dict[str, list[str]] | None = None
) -> Rule:
    # flags=0: the scanner reads lower-cased text; IGNORECASE would only add Unicode
    # case-folding surprises (dotless i …) and cost time
    CONVERT[name] = convert
    return Rule.of(name, pattern, examples, flags=0)


RULES: tuple[Rule, ...] = (
    _rule(
        "academic_year",
        r"(?P<y1>(?:19|20)\d\d)\s*[/-]\s*(?P<y2>(?:19|20)?\d\d)\s*(?:уч(?:ебн[а-я]*)?\.?\s*(?:г(?:од[а-я]*)?\.?|гг\.?))"
        r"|(?P<ya>(?:19|20)\d\d)\s*/\s*(?P<yb>(?:19|20)?\d\d)(?!\d)(?:\s*(?:уч(?:ебн[а-я]*)?\.?\s*(?:г(?:од[а-я]*)?\.?|гг\.?)))?",
        cv.academic_any,
        {
            "2022/2023 учебный год": ["window 2022-09-01..2023-08-31"],
            "2022-2023 уч. год": ["window 2022-09-01..2023-08-31"],
            "2021/22 уч.г.": ["window 2021-09-01..2022-08-31"],
            "в течение 2022-2023 учебного года": ["continuous 2022-09-01..2023-08-31"],
            "2023/2024": ["window 2023-09-01..2024-08-31"],
        },
    ),
    _rule(
        "day_range",
        rf"(?:с\s+)?(?P<d1>\d{{1,2}})\s*(?:-|по|до)\s*(?P<d2>\d{{1,2}})\s*(?P<m>{MON})"
        rf"(?:\s*{Y})?",
        cv.day_range,
        {
            "10-12 марта 2022 г.": ["window 2022-03-10..2022-03-12"],
            "с 1 по 15 сентября 2022 года": ["window 2022-09-01..2022-09-15"],
            "1 - 5 июня 2023": ["window 2023-06-01..2023-06-05"],
        },
    ),
    _rule(
        "iso_date",
        r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)",
        cv.iso_date,
        {"2022-09-01": ["date 2022-09-01"]},
    ),
    _rule(
        "numeric_date",
        r"(?:[\"«]\s?(?P<qd>\d{1,2})\s?[\"»]\s*(?P<qm>\d{1,2})\s+"
        r"|(?P<d>\d{1,2})\s?[./-]\s?(?P<m>\d{1,2})\s?[./-]\s?"
        r"|(?P<pd>\d{1,2})\.(?P<pm>\d{1,2})\s+(?=\d{4}))"
        r"(?P<y>(?:19|20)\d\d|\d\d)(?!\d)" + YSUF,
        cv.numeric_date,
        {
            "01.10.2020": ["date 2020-10-01"],
            "1.9.22": ["date 2022-09-01"],
            "16.04 2021г.": ["date 2021-04-16"],
            "«23» 11 2020 г.": ["date 2020-11-23"],
            "31/12/2021": ["date 2021-12-31"],
            "01.09.2021 г.": ["date 2021-09-01"],
            "15-03-2022": ["date 2022-03-15"],
            "31.02.2022": ["unparsed"],
        },
    ),
    _rule(
        "day_month",
        rf"[\"«]?(?P<d>\d{{1,2}})[\"»]?(?:-?(?:го|е|ое))?(?:\s*|-)(?P<m>{MON})"
        rf"(?:(?:\s*,?\s*|-){Y})?",
        cv.day_month,
        {
            "10 января 2022 г.": ["date 2022-01-10"],
            "1 сент. 2022": ["date 2022-09-01"],
            "«15» мая 2023 года": ["date 2023-05-15"],
            "20 ДЕКАБРЯ 2023": ["date 2023-12-20"],
            "30 февраля 2022": ["unparsed"],
            "10-января-2022": ["date 2022-01-10"],
        },
    ),
    _rule(
        "numeric_date_yearless",
        r"(?P<d>\d{1,2})\.(?P<m>\d\d)(?!\.?\d)",
        cv.numeric_date_yearless,
        {"30.01": ["unparsed"]},  # no context: the year cannot be known
    ),
    _rule(
        "quarter",
        rf"(?P<q1>{QNUM})(?:\s*-\s*(?P<q2>{QNUM}))?\s*(?:-?[а-я]{{1,3}}\s*)?"
        rf"(?:кв\.?|квартал[а-я]*)(?:\s*{Y})?",
        cv.quarters,
        {
            "IV квартал 2021": ["window 2021-10-01..2021-12-31"],
            "2 кв. 2023 г.": ["window 2023-04-01..2023-06-30"],
            "в III квартале 2022 года": ["window 2022-07-01..2022-09-30"],
            "первый квартал 2024": ["window 2024-01-01..2024-03-31"],
            "1-й квартал 2022 г.": ["window 2022-01-01..2022-03-31"],
            "I-II квартал 2023": ["window 2023-01-01..2023-06-30"],
        },
    ),
    _rule(
        "half_year",
        rf"(?P<h>ii|i|[12]|перв[а-я]*|втор[а-я]*)\s*(?:-?[а-я]{{1,3}}\s*)?(?:полугоди[а-я]*)"
        rf"(?:\s*{Y})?",
        cv.half,
        {
            "II полугодие 2021 г.": ["window 2021-07-01..2021-12-31"],
            "Второе полугодие 2021 г.": ["window 2021-07-01..2021-12-31"],
            "1 полугодие 2022": ["window 2022-01-01..2022-06-30"],
            "в первом полугодии 2023 года": ["window 2023-01-01..2023-06-30"],
            "2-е полугодие 2022": ["window 2022-07-01..2022-12-31"],
        },
    ),
    _rule(
        "month",
        rf"(?P<m>{MON})(?:\s*,?\s*{Y})?",
        cv.month_,
        {
            "март 2023": ["window 2023-03-01..2023-03-31"],
            "Январь 2022 года": ["window 2022-01-01..2022-01-31"],
            "в феврале 2024 г.": ["window 2024-02-01..2024-02-29"],
            "сент. 2022": ["window 2022-09-01..2022-09-30"],
            "апрель-май 2022 года": ["window 2022-04-01..2022-05-31"],
            "сентябрь-декабрь 2023": ["window 2023-09-01..2023-12-31"],
        },
    ),
    _rule(
        "year",
        Y,
        cv.year_,
        {
            "2022 год": ["window 2022-01-01..2022-12-31"],
            "2021-2024": ["window 2021-01-01..2024-12-31"],
            "2021–2024 гг.": ["window 2021-01-01..2024-12-31"],
            "в 2023 году": ["window 2023-01-01..2023-12-31"],
        },
    ),
    _rule(
        "count_frequency",
        rf"(?:(?P<al>не\s+реже|не\s+менее|не\s+чаще|не\s+более|минимум|как\s+минимум)\s+)?"
        rf"(?:(?P<mult>дважды|трижды)|(?:(?P<cw>{CW})\s*)?(?:(?P<cd>\d{{1,2}})(?:-?х)?\s*)?"
        rf"раза?)\s+в\s+(?:(?P<nw>{CW})\s+|(?P<nd>\d{{1,2}})(?:-?х)?\s+)?(?P<u>{UNIT})",
        cv.count_frequency,
        {
            "не реже двух раз в год": ["recurring P1Y x2+ FREQ=MONTHLY;INTERVAL=6"],
            "1 раз в два года": ["recurring P2Y x1 FREQ=YEARLY;INTERVAL=2"],
            "2 раза в год": ["recurring P1Y x2 FREQ=MONTHLY;INTERVAL=6"],
            "раз в квартал": ["recurring P3M x1 FREQ=MONTHLY;INTERVAL=3"],
            "не менее 1 раза в месяц": ["recurring P1M x1+ FREQ=MONTHLY"],
            "дважды в год": ["recurring P1Y x2 FREQ=MONTHLY;INTERVAL=6"],
            "3 раза в год": ["recurring P1Y x3 FREQ=MONTHLY;INTERVAL=4"],
            "1 раз в полугодие": ["recurring P6M x1 FREQ=MONTHLY;INTERVAL=6"],
            "2 раза в месяц": ["recurring P1M x2 FREQ=WEEKLY;INTERVAL=2"],
            "не реже 1 раза в неделю": ["recurring P1W x1+ FREQ=WEEKLY"],
        },
    ),
    _rule(
        "every",
        r"(?P<w>ежегодн[а-я]*|ежеквартальн[а-я]*|поквартальн[а-я]*|ежемесячн[а-я]*"
        r"|помесячн[а-я]*|еженедельн[а-я]*|ежедневн[а-я]*|ежеполугодн[а-я]*)",
        cv.every,
        {
            "ежегодно": ["recurring P1Y x1 FREQ=YEARLY"],
            "Ежеквартально": ["recurring P3M x1 FREQ=MONTHLY;INTERVAL=3"],
            "ежемесячно": ["recurring P1M x1 FREQ=MONTHLY"],
            "еженедельно": ["recurring P1W x1 FREQ=WEEKLY"],
            "ежедневно": ["recurring P1D x1 FREQ=DAILY"],
            "ежеполугодно": ["recurring P6M x1 FREQ=MONTHLY;INTERVAL=6"],
        },
    ),
    _rule(
        "every_unit",
        rf"кажд(?:ый|ого|ое|ую|ые|ых|ом)\s+(?:(?P<nw>{CW})\s+|(?P<nd>\d{{1,2}})\s+)?"
        rf"(?P<u>{UNIT})|по\s+(?P<u2>полугодиям|кварталам|месяцам|годам)",
        cv.every_unit,
        {
            "каждый месяц": ["recurring P1M x1 FREQ=MONTHLY"],
            "каждые два года": ["recurring P2Y x1 FREQ=YEARLY;INTERVAL=2"],
            "по кварталам": ["recurring P3M x1 FREQ=MONTHLY;INTERVAL=3"],
            "каждое полугодие": ["recurring P6M x1 FREQ=MONTHLY;INTERVAL=6"],
        },
    ),
    _rule(
        "day_of_month",
        r"(?:до\s+|не\s+позднее\s+)?(?P<d>\d{1,2})(?:-?го)?\s+числа",
        cv.day_of_month,
        {"ежемесячно до 5 числа": ["recurring P1M x1 FREQ=MONTHLY;BYMONTHDAY=5"]},
    ),
    _rule(
        "weekday",
        r"(?:по\s+|кажд(?:ый|ую|ое)\s+)(?P<wd>понедельник[а-я]*|вторник[а-я]*|сред[а-я]*"
        r"|четверг[а-я]*|пятниц[а-я]*|суббот[а-я]*)",
        cv.weekday,
        {"еженедельно по пятницам": ["recurring P1W x1 FREQ=WEEKLY;BYDAY=FR"]},
    ),
    _rule(
        "whole_period",
        r"(?:в\s+течени[еи]|на\s+протяжении|в)?\s*(?:всего|весь)\s+(?:период[а-я]*|срок[а-я]*)"
        r"(?:\s+(?:реализации|действия|внедрения)" + TAIL + ")?"
        r"|в\s+течени[еи]\s+(?:период[а-я]*|срок[а-я]*)\s+(?:реализации|действия|внедрения)"
        + TAIL
        + r"|в\s+период\s+(?:реализации|действия|внедрения)"
        + TAIL,
        cv.const("P", "period"),
        {
            "В течение всего периода реализации ЦМН": ["continuous"],
            "в течение всего периода": ["continuous"],
            "весь период": ["continuous"],
            "в период реализации программы": ["continuous"],
        },
    ),
    _rule(
        "always",
        r"постоянно|систематически|регулярн[а-я]*(?:\s+обновлени[а-я]*)?|круглогодично"
        r"|на\s+постоянной\s+основе",
        cv.const("P", "period"),
        {"постоянно": ["continuous"], "на постоянной основе": ["continuous"]},
    ),
    _rule(
        "during_year",
        r"(?:в\s+течени[еи]|на\s+протяжении)\s+(?:всего\s+)?(?:текущего\s+|календарного\s+)?"
        r"года",
        cv.const("P", "year"),
        {"в течение года": ["continuous"]},
    ),
    _rule(
        "during_academic_year",
        r"(?:в\s+течени[еи]|на\s+протяжении)\s+(?:всего\s+)?(?:текущего\s+)?учебного\s+года",
        cv.const("P", "academic"),
        {"в течение учебного года": ["continuous"]},
    ),
    _rule(
        "end_of_year",
        r"(?:до|к|не\s+позднее)\s+(?:конца|концу|окончания)\s+(?:текущего\s+|календарного\s+)?"
        r"(?P<ac>учебного\s+)?года",
        cv.end_of_year,
        {"до конца года": ["unparsed"]},  # no context: which year is unknown
    ),
    _rule(
        "on_demand",
        r"по\s+мере\s+[а-я]+|по\s+(?:необходимости|запрос[а-я]*|требовани[а-я]*|факту)"
        r"|при\s+(?:необходимости|потребности)|в\s+случае\s+необходимости"
        r"|по\s+(?:поступлени[а-я]*|обращени[а-я]*|заявк[а-я]*)",
        cv.const("P", "on_demand"),
        {
            "по мере необходимости": ["on_demand"],
            "По запросу": ["on_demand"],
            "при необходимости": ["on_demand"],
        },
    ),
    _rule(
        "by_plan",
        r"(?:по|согласно)\s+(?:отдельному\s+|утвержденному\s+|утверждённому\s+|календарному\s+)?"
        r"(?:план[а-я]*|график[а-я]*|расписани[а-я]*|срок[а-я]*)"
        + TAIL
        + r"|в\s+соответствии\s+(?:со?\s+)?[а-я]+"
        + TAIL
        + r"|в\s+(?:установленные|утвержденные|утверждённые|определенные)\s+сроки"
        + TAIL
        + r"|в\s+сроки,?\s+(?:установленные|утвержденные|определенные|предусмотренные)"
        + TAIL
        + r"|по\s+согласованию"
        + TAIL
        + r"|по\s+отдельному\s+[а-я]+",
        cv.const("P", "by_plan"),
        {
            "По отдельному плану": ["by_plan"],
            "В соответствии со сроками реализации программ наставничества": ["by_plan"],
            "по графику": ["by_plan"],
            "согласно плану работы": ["by_plan"],
        },
    ),
    _rule(
        "marker_by_end",
        r"в\s+срок\s+не\s+позд(?:нее|же)|не\s+позд(?:нее|же)|до\s+конца|к\s+концу"
        r"|до\s+окончания|не\s+позд(?:нее|же)\s+конца|по",
        cv.const("M", "by_end"),
        {
            "не позднее 1 сентября 2022 г.": ["deadline ..2022-09-01"],
            "до конца 2021 года": ["deadline ..2021-12-31"],
            "по 31.12.2022": ["deadline ..2022-12-31"],
            "не позднее марта 2023": ["deadline ..2023-03-31"],
        },
    ),
    _rule(
        "marker_by_start",
        r"в\s+срок\s+до|в\s+срок|до\s+начала|к\s+началу|до|к",
        cv.const("M", "by_start"),
        {
            "До 20.02.2023": ["deadline ..2023-02-20"],
            "к 01.09.2022": ["deadline ..2022-09-01"],
            "в срок до 01.03.2022": ["deadline ..2022-03-01"],
            "до мая 2022": ["deadline ..2022-05-01"],
        },
    ),
    _rule(
        "marker_from",
        r"начиная\s+со?|со?",
        cv.const("M", "from"),
        {
            "с 01.09.2021 по 31.05.2022": ["window 2021-09-01..2022-05-31"],
            "с сентября по декабрь 2022 г.": ["window 2022-09-01..2022-12-31"],
            "с 2021 года": ["continuous 2021-01-01.."],
        },
    ),
    _rule(
        "marker_during",
        r"в\s+течени[еия]|на\s+протяжении|в\s+период|весь|всего",
        cv.const("M", "during"),
        {"в течение 2022 года": ["continuous 2022-01-01..2022-12-31"]},
    ),
    _rule(
        "marker_then",
        r"далее|в\s+дальнейшем|затем|впоследствии|после\s+чего|и\s+далее",
        cv.const("M", "then"),
        {
            "Май 2021 г., далее – ежегодно": [
                "window 2021-05-01..2021-05-31 «Май 2021 г.»",
                "recurring P1Y x1 2021-05-01.. FREQ=YEARLY «далее – ежегодно»",
            ]
        },
    ),
    _rule(
        "marker_in",
        r"во?|на",
        cv.const("M", "in"),
        {
            "на 2022 год": ["window 2022-01-01..2022-12-31"],
            "во II квартале 2023 г.": ["window 2023-04-01..2023-06-30"],
        },
    ),
    _rule("marker_or", r"или|либо|и|а\s+также", cv.const("M", "or")),
)
