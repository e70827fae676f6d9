"""Header extraction: rule tables, one short invented act per header pattern class."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prikaz.extractors import actparts, header
from prikaz.extractors.header import extract_header
from prikaz.extractors.header.extract import _extract
from prikaz.morphology import restore_case
from prikaz.normalizers.issuers import issuer_key, normalize_issuer
from prikaz.pipeline.readers.txt import document_from_text
from prikaz.records import Header
from prikaz.rules import examples_of


def _h(text: str):
    doc = document_from_text(text, source_path="t.txt", doc_id="t")
    return doc, extract_header(doc)


# --- rule tables ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), actparts.DATE_EXAMPLES.items())
def test_date_examples(text, expected):
    assert actparts.find_date(text)[0] == expected


@pytest.mark.parametrize(("text", "expected"), actparts.NUMBER_EXAMPLES.items())
def test_number_examples(text, expected):
    assert actparts.find_number(text)[0] == expected


@pytest.mark.parametrize(("text", "expected"), actparts.ACT_TYPE_EXAMPLES.items())
def test_act_type_examples(text, expected):
    assert actparts.act_type_of(actparts.ACT_TYPE_RE.search(text)) == expected


# Each header rule's examples, run through the function that applies that rule set.
_APPLY = {
    "type_line": header.match_type_line,
    "trailing_type": header.typeline.split_trailing_type,
    "unread_date_line": lambda t: header.typeline.is_unread_date_line(t),
    "form_label": lambda t: header.dateline.form_label(t),
    "awaits_name": lambda t: header.issuer.AWAITS_NAME.search(t) is not None,
    "note": lambda t: header.typeline.is_note(t),
    "body_start": lambda t: header.typeline.is_body_start(t),
    "strong_body": lambda t: header.typeline.STRONG_BODY.match(t) is not None,
    "title_start": lambda t: header.typeline.TITLE_START.match(t) is not None,
    "place": header.match_place,
    "approval": lambda t: header.approval.is_approval(t),
    "period": lambda t: found[:2] if (found := header.find_period(t)) else None,
    "position": lambda t: header.signature.POSITION.match(t) is not None,
    "rank": lambda t: header.signature.RANK.match(t) is not None,
    "name_initials_first": lambda t: m[0] if (m := header.match_name(t)) else None,
    "name_surname_first": lambda t: m[0] if (m := header.match_name(t)) else None,
    "attachment_mark": lambda t: header.approval.is_attachment_mark(t),
    "attachment_start": lambda t: header.signature.ATTACHMENT_START.match(t) is not None,
    "esign": lambda t: header.signature.is_esign(t),
    "approver": lambda t: header.plan.is_approver_stamp(t),
    "heading": lambda t: header.plan.heading_kind(t),
    "ocr_number": lambda t: header.check.doubtful_number(t),
    "place_after_settlement_word": lambda t: header.names.places_of(t),
}


def test_every_header_rule_has_examples_and_an_apply_function():
    assert {r.name for r in header.ALL_RULES} == set(_APPLY)
    assert all(r.examples for r in header.ALL_RULES)


@pytest.mark.parametrize(("rule", "text", "expected"), examples_of(header.ALL_RULES))
def test_header_rule_examples(rule, text, expected):
    assert _APPLY[rule](text) == expected


# --- pattern classes --------------------------------------------------------------------------


def test_municipal_order_caps_issuer_separate_lines():
    doc, h = _h(
        "АДМИНИСТРАЦИЯ ПЕТРОВСКОГО РАЙОНА\nСАРАТОВСКОЙ ОБЛАСТИ\n\nПОСТАНОВЛЕНИЕ\n\n"
        "05.03.2022\n\nс. Петровка\n\n№ 12-п\n\n"
        "Об утверждении плана мероприятий по развитию школьного спорта\n\n"
        "В целях развития спорта ПОСТАНОВЛЯЮ:\n1. Утвердить план.\n\n"
        "Глава района\n\nА.А.Смирнов\n"
    )
    assert h.doc_type == "постановление"
    assert h.number == "12-п"
    assert h.date == dt.date(2022, 3, 5)
    assert h.place == "с. Петровка"
    assert h.issuer == "Администрация Петровского района Саратовской области"
    assert h.title == "Об утверждении плана мероприятий по развитию школьного спорта"
    assert h.signatory == "А.А. Смирнов"
    assert h.signatory_position == "Глава района"
    spans = {s.field: doc.text[s.start : s.end] for s in h.spans}
    assert spans["number"] == "12-п"
    assert spans["date"] == "05.03.2022"
    assert spans["signatory"] == "А.А.Смирнов"


def test_subdivision_takes_parent_in_genitive():
    _, h = _h(
        "РОССИЙСКАЯ ФЕДЕРАЦИЯ\nОРЛОВСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ\nОТДЕЛ КУЛЬТУРЫ\nПРИКАЗ\n\n"
        "от 14.02.2020 № 7\n\nО проведении конкурса\n\nПРИКАЗЫВАЮ:\n1. Провести конкурс.\n\n"
        "Начальник отдела культуры\n\nКозлова А. Б.\n"
    )
    assert h.issuer == "Отдел культуры Орловской городской администрации"
    assert (h.number, h.date) == ("7", dt.date(2020, 2, 14))
    assert h.signatory == "А.Б. Козлова"
    assert h.signatory_position == "Начальник отдела культуры"


def test_quoted_day_and_month_number_date():
    _, h = _h("ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ\nПРИКАЗ\n\n«07» 09 2021 г.\n\n№ 15/2\n\nКазань\n\nО плане\n")
    assert h.date == dt.date(2021, 9, 7)
    assert h.number == "15/2"
    assert h.place == "Казань"
    assert h.title == "О плане"


def test_spaced_type_word_and_sign_off_after_signature():
    _, h = _h(
        "                 У К А З\n\n       ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ\n\n"
        "        О мерах по поддержке\n     отдельных категорий граждан\n\n"
        "     1. Установить меры поддержки.\n     2. Указ вступает в силу со дня подписания.\n\n"
        "     Президент Российской Федерации                  И.Иванов\n\n"
        "     Москва, Кремль\n     3 марта 2005 года\n     N 250\n"
    )
    assert h.doc_type == "указ"
    assert h.issuer == "Президент Российской Федерации"
    assert h.issuer_short == "Президент РФ"
    assert h.title == "О мерах по поддержке отдельных категорий граждан"
    assert (h.number, h.date, h.place) == ("250", dt.date(2005, 3, 3), "Москва")
    assert h.signatory == "И. Иванов"
    assert h.signatory_position == "Президент Российской Федерации"


def test_repealed_note_does_not_give_number_or_title():
    _, h = _h(
        "Р А С П О Р Я Ж Е Н И Е\n\nПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ\n\n"
        "      Утратило силу - Распоряжение\n    Президента Российской Федерации\n"
        "      от 01.02.2006 г. N 40-рп\n\n"
        "   О составе рабочей группы\n\n   1. Утвердить состав.\n\n"
        "   Президент Российской Федерации      И.Иванов\n\n   10 мая 2004 года\n   N 200-рп\n"
    )
    assert h.title == "О составе рабочей группы"
    assert (h.number, h.date) == ("200-рп", dt.date(2004, 5, 10))


def test_registration_note_and_caps_title():
    _, h = _h(
        "Зарегистрировано в Минюсте России 2 апреля 2019 г. N 54321\n"
        "МИНИСТЕРСТВО ФИНАНСОВ РОССИЙСКОЙ ФЕДЕРАЦИИ\nПРИКАЗ\nот 11 марта 2019 г. N 38н\n"
        "ОБ УТВЕРЖДЕНИИ ПОРЯДКА\nВЕДЕНИЯ РЕЕСТРА\n"
        "(в ред. Приказа Минфина России от 01.06.2020 N 99н)\n"
        "В соответствии с законом приказываю:\n1. Утвердить порядок.\nМинистр\nП. П. ПЕТРОВ\n"
    )
    assert (h.number, h.date) == ("38н", dt.date(2019, 3, 11))
    assert h.issuer == "Министерство финансов Российской Федерации"
    assert h.issuer_short == "Минфин России"
    assert h.title.casefold() == "об утверждении порядка ведения реестра"
    assert h.signatory == "П.П. Петров"
    assert h.signatory_position == "Министр"


def test_federal_law_dated_by_signing_not_by_duma():
    _, h = _h(
        "РОССИЙСКАЯ ФЕДЕРАЦИЯ\nФЕДЕРАЛЬНЫЙ ЗАКОН\nО ВНЕСЕНИИ ИЗМЕНЕНИЯ В СТАТЬЮ 5\n"
        'ФЕДЕРАЛЬНОГО ЗАКОНА "О ПРИМЕРЕ"\nПринят\nГосударственной Думой\n12 мая 2010 года\n'
        "Одобрен\nСоветом Федерации\n19 мая 2010 года\nСтатья 1. Внести изменение.\n"
        "Президент\nРоссийской Федерации\nИ. ИВАНОВ\nМосква, Кремль\n25 мая 2010 года\nN 101-ФЗ\n"
    )
    assert h.doc_type == "федеральный закон"
    assert (h.number, h.date) == ("101-ФЗ", dt.date(2010, 5, 25))
    assert h.issuer is None
    assert h.title.casefold() == 'о внесении изменения в статью 5 федерального закона "о примере"'
    assert h.signatory == "И. Иванов"


def test_number_with_suffix_and_genitive_issuer_after_type():
    _, h = _h(
        "ПОСТАНОВЛЕНИЕ\nЗАКОНОДАТЕЛЬНОГО СОБРАНИЯ ОМСКОЙ ОБЛАСТИ\nот 2 июня 2011 г. N 77-5 СФ\n"
        "О ДОКЛАДЕ\nЗаконодательное Собрание постановляет:\n"
    )
    assert h.number == "77-5 СФ"
    assert h.issuer == "Законодательное Собрание Омской области"
    assert h.title.casefold() == "о докладе"


def test_attachment_takes_number_and_date_of_approving_order():
    doc, h = _h(
        "УТВЕРЖДЕНО\n\nприказом комитета по образованию\nадминистрации города Вологды\n"
        "от 12.01.2022 № 3-од\n\n**План работы на 2022 - 2023 гг.**\n\n"
        "№\tМероприятие\tСрок\n1\tСовещание\tЯнварь 2022\n"
    )
    assert h.doc_type == "приказ"
    assert (h.number, h.date) == ("3-од", dt.date(2022, 1, 12))
    assert h.issuer == "Комитет по образованию администрации города Вологды"
    assert h.approved_by.startswith("УТВЕРЖДЕНО приказом комитета")
    assert h.title == "План работы на 2022 - 2023 гг."
    assert (h.period_start, h.period_end) == (2022, 2023)
    spans = {s.field: doc.text[s.start : s.end] for s in h.spans}
    assert (spans["period_start"], spans["period_end"], spans["number"]) == ("2022", "2023", "3-од")


def test_presidential_order_without_heading_has_no_title():
    _, h = _h(
        "          Р А С П О Р Я Ж Е Н И Е\n\n       ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ\n\n"
        "     Включить Иванова И.И. в состав рабочей группы.\n\n"
        "     Президент Российской Федерации        И.Иванов\n\n     1 июня 2003 года\n"
        "     N 250-рп\n"
    )
    assert h.title is None
    assert (h.number, h.date) == ("250-рп", dt.date(2003, 6, 1))


def test_bilingual_header_skips_foreign_lines():
    _, h = _h(
        "Республика Тыва\nМуниципальное бюджетное учреждение «Центр образования»\n\n"
        "Тыва Республиканын\nнийтилелге школазынын башкарылгазы\n\n"
        "ПРИКАЗ\n\n01.09.2021\n\n№ 44\n\nО начале учебного года\n"
    )
    assert h.issuer == "Муниципальное бюджетное учреждение «Центр образования»"
    assert (h.number, h.date) == ("44", dt.date(2021, 9, 1))


def test_no_title_when_body_follows_number_line():
    _, h = _h(
        "ПРАВИТЕЛЬСТВО РОССИЙСКОЙ ФЕДЕРАЦИИ\nРАСПОРЯЖЕНИЕ\nот 1 марта 2016 г. N 3-р\n"
        "1. Утвердить прилагаемый перечень.\n"
    )
    assert h.title is None
    assert h.number == "3-р"
    assert h.issuer_short == "Правительство РФ"


def test_every_span_points_at_its_value():
    doc, h = _h(
        "АДМИНИСТРАЦИЯ ГОРОДА\nПРИКАЗ\n\nот 01.02.2023 № 5\n\nО работе\n\nДиректор\n\nИ.И. Иванов\n"
    )
    for span in h.spans:
        assert 0 <= span.start < span.end <= len(doc.text)
        assert span.page == 1


# --- issuer normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Минюста России", "МИНИСТЕРСТВО ЮСТИЦИИ РОССИЙСКОЙ ФЕДЕРАЦИИ"),
        ("Правительства РФ", "Правительство Российской Федерации"),
        ("Президента РФ", "Президент Российской Федерации"),
        (
            "Госдумы",
            "Государственная Дума Федерального Собрания Российской Федерации шестого созыва",
        ),
        ("Банка России", "Центральный банк Российской Федерации"),
        ("Департамента культуры г. Москвы", "ДЕПАРТАМЕНТ КУЛЬТУРЫ ГОРОДА МОСКВЫ"),
    ],
)
def test_normalize_issuer_equates_forms(a, b):
    assert issuer_key(normalize_issuer(a)[0]) == issuer_key(normalize_issuer(b)[0])


def test_restore_case_keeps_abbreviations_and_places():
    assert restore_case("МКУ «УПРАВЛЕНИЕ ОБРАЗОВАНИЯ» АДМИНИСТРАЦИИ ТАЙШЕТСКОГО РАЙОНА") == (
        "МКУ «Управление образования» администрации Тайшетского района"
    )


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet='ПРИКАЗот№N 0123456789.\n\t«»"АБВабв-', max_size=200))
def test_header_walk_never_raises(text):
    """The walk itself (not its safety net) copes with any text: a raise fails this test."""
    doc = document_from_text(text, source_path="x", doc_id="x")
    _extract(doc, Header())
    raised = re.compile(r"header: [A-Z]\w*: ")  # the safety net's «header: ValueError: …»
    assert not [w for w in extract_header(doc).warnings if raised.match(w)]


def test_a_failing_walk_raises_for_the_stage_runner(monkeypatch):
    # No safety net inside the header: the pipeline's stage runner turns the exception into a
    # `stage header: …` warning (tests/test_stages.py).
    def boom(*args):
        raise ValueError("broken")

    monkeypatch.setattr(header.extract, "_extract", boom)
    doc = document_from_text("ПРИКАЗ\n№ 5\n", source_path="x", doc_id="x")
    with pytest.raises(ValueError, match="broken"):
        extract_header(doc)


@pytest.mark.parametrize(
    ("caps", "normal"),
    [
        (
            "МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ ТАТАРСТАН",
            "Министерство образования и науки Республики Татарстан",
        ),
        (
            "МИНИСТЕРСТВО ОБРАЗОВАНИЯ РЕСПУБЛИКИ САХА (ЯКУТИЯ)",
            "Министерство образования Республики Саха (Якутия)",
        ),
        (
            "МИНИСТЕРСТВО ОБРАЗОВАНИЯ УДМУРТСКОЙ РЕСПУБЛИКИ",
            "Министерство образования Удмуртской Республики",
        ),
    ],
)
def test_restore_case_capitalises_republic_names(caps: str, normal: str) -> None:
    assert restore_case(caps) == normal


# --- signature by structure, plans (issue 15, item 7 of issue 14) -------------------------------


@pytest.mark.parametrize(
    "control",
    [
        "2. Контроль за исполнением приказа возложить на заместителя начальника управления\n"
        "Смирнову Е.А.\n",
        "2. Контроль за исполнением приказа возложить на\nзаместителя начальника Смирнову Е.А.\n",
        "2. Контроль за исполнением приказа возложить на\nЗаместителя начальника Смирнову Е.А.\n",
    ],
)
def test_name_in_the_body_is_never_the_signatory(control):
    _, h = _h(
        "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ\nПРИКАЗ\n\nот 01.02.2023 № 5\n\nО работе\n\nПРИКАЗЫВАЮ:\n"
        "1. Провести совещание.\n" + control
    )
    assert (h.signatory, h.signatory_position) == (None, None)


def test_signature_after_a_body_name_is_found():
    _, h = _h(
        "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ\nПРИКАЗ\n\nот 01.02.2023 № 5\n\nО работе\n\nПРИКАЗЫВАЮ:\n"
        "1. Контроль возложить на заместителя начальника\nСмирнову Е.А.\n\n"
        "Врио начальника управления\t\t\tП.С. Орлов\n"
    )
    assert (h.signatory, h.signatory_position) == ("П.С. Орлов", "Врио начальника управления")


def test_position_over_two_lines_and_esignature_stamp():
    _, h = _h(
        "ОТДЕЛ КУЛЬТУРЫ\nПРИКАЗ\n\nот 01.02.2023 № 5\n\nО работе\n\nПРИКАЗЫВАЮ:\n"
        "1. Провести совещание.\n\nНачальник отдела\nкультуры\n"
        "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ\nСертификат: 0A1B2C\n"
        "Владелец: Козлова Анна Борисовна\nДействителен: с 01.01.2023 по 01.01.2024\n"
        "А.Б. Козлова\n"
    )
    assert (h.signatory, h.signatory_position) == ("А.Б. Козлова", "Начальник отдела культуры")
    assert any("Сертификат: 0A1B2C" in w for w in h.warnings)


def test_no_signatory_taken_from_the_attachments():
    _, h = _h(
        "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ\nПРИКАЗ\n\nот 01.02.2023 № 5\n\nО работе\n\nПРИКАЗЫВАЮ:\n"
        "1. Утвердить план.\n\nПриложение № 1\nк приказу от 01.02.2023 № 5\n\n"
        "Директор школы\tИ.И. Иванов\n"
    )
    assert h.signatory is None


def test_plan_approved_by_director():
    doc, h = _h(
        "УТВЕРЖДАЮ\nДиректор МБОУ «СОШ № 2»\n__________ Бугаков А.В.\n«15» января 2016 г.\n\n"
        "Перспективный план мероприятий\nна 2016 год\n\n№\tМероприятие\tСрок\n1\tКонкурс\tмарт\n"
    )
    assert (h.doc_type, h.number, h.date) == ("план", None, dt.date(2016, 1, 15))
    assert (h.issuer, h.signatory) == ("МБОУ «СОШ № 2»", "А.В. Бугаков")
    assert h.signatory_position == "Директор МБОУ «СОШ № 2»"
    assert h.title == "Перспективный план мероприятий на 2016 год"
    assert (h.period_start, h.period_end) == (2016, 2016)
    spans = {s.field: doc.text[s.start : s.end] for s in h.spans}
    assert (spans["date"], spans["signatory"]) == ("«15» января 2016 г.", "Бугаков А.В.")


@pytest.mark.parametrize(
    ("line", "number", "warned"),
    [("№ 112-0", None, True), ("№ 112-о", "112-о", False), ("№ 57-oд", None, True)],
)
def test_ocr_confused_number_is_dropped_with_a_warning(line, number, warned):
    _, h = _h(f"ОТДЕЛ КУЛЬТУРЫ\nПРИКАЗ\n\nот 01.02.2023 {line}\n\nО работе\n")
    assert h.number == number
    assert any("OCR" in w for w in h.warnings) == warned


def test_future_date_is_dropped_with_a_warning():
    _, h = _h("ОТДЕЛ КУЛЬТУРЫ\nПРИКАЗ\n\nот 01.02.2093 № 5\n\nО работе\n")
    assert h.date is None
    assert any("after the day" in w for w in h.warnings)


def test_esignature_owner_stands_in_for_a_missing_name():
    doc, h = _h(
        "ОТДЕЛ КУЛЬТУРЫ\nПРИКАЗ\n\nот 01.02.2023 № 5\n\nО работе\n\nПРИКАЗЫВАЮ:\n"
        "1. Провести совещание.\n\nНачальник отдела культуры\n"
        "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ\nСертификат: 0A1B2C\n"
        "Владелец: Козлова Анна Борисовна\nДействителен: с 01.01.2023 по 01.01.2024\n"
    )
    assert (h.signatory, h.signatory_position) == ("А.Б. Козлова", "Начальник отдела культуры")
    spans = {s.field: doc.text[s.start : s.end] for s in h.spans}
    assert spans["signatory"] == "Козлова Анна Борисовна"
    assert any("Сертификат: 0A1B2C" in w for w in h.warnings)


def test_values_from_block_text_spans_into_marked_up_source():
    """The reader strips markup from block texts; the header's spans still point at the
    values in the source («**», «<b>», entities around and inside them)."""
    doc, h = _h(
        "**АДМИНИСТРАЦИЯ ГОРОДА**\n<b>ПРИКАЗ</b>\n\n<b>от 01.02.2023</b> № <b>5-од</b>\n\n"
        "**О работе &quot;Центра&quot;**\n"
    )
    assert (h.doc_type, h.number, h.date) == ("приказ", "5-од", dt.date(2023, 2, 1))
    assert h.title == 'О работе "Центра"'
    spans = {s.field: doc.text[s.start : s.end] for s in h.spans}
    assert (spans["number"], spans["date"], spans["doc_type"]) == ("5-од", "01.02.2023", "ПРИКАЗ")
    assert spans["title"].startswith("О работе")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("по МБОУ «Гимназия № 2»", "МБОУ «Гимназия № 2»"),
        (
            "по управлению образования администрации района",
            "Управление образования администрации района",
        ),
        ("по итогам олимпиады", None),
        ("О проведении конкурса", None),
    ],
)
def test_issuer_after_prikaz_po(text, expected):
    assert header.issuer.dative_issuer(text) == expected


def test_abbreviations_restored_from_the_documents_own_spelling():
    restore = header.names.restore_abbreviations
    assert (
        restore("План подготовки к Гиа в 2024 году", {"ГИА"}) == "План подготовки к ГИА в 2024 году"
    )
    assert restore("Медаль в честь Победы", {"ПОБЕДЫ"}) == "Медаль в честь Победы"


# --- scanned municipal headers (the layout OCR gives) -------------------------------------------


@pytest.mark.parametrize(
    ("text", "issuer", "title", "place"),
    [
        (  # the type word joined to the centred name line above it; handwritten date and number
            "АДМИНИСТРАЦИЯ ГОРОДСКОГО ОКРУГА\nВерхняя Пышма ПОСТАНОВЛЕНИЕ\nот 18, Od LAL № YS\n"
            "г. Верхняя Пышма\nОб утверждении перечня мероприятий по улучшению качества работы\n"
            "С целью достижения целевых показателей администрация ПОСТАНОВЛЯЕТ:\n"
            "1. Утвердить перечень.\n",
            "Администрация городского округа Верхняя Пышма",
            "Об утверждении перечня мероприятий по улучшению качества работы",
            "г. Верхняя Пышма",
        ),
        (  # letters spaced out, the name line in normal case under capitals
            "АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО РАЙОНА\nБелебеевский район П О С Т А Н О В Л Е Н И Е\n"
            "от ACCP ДИО\nОб утверждении плана мероприятий\nВ рамках реализации проекта\n",
            "Администрация муниципального района Белебеевский район",
            "Об утверждении плана мероприятий",
            None,
        ),
        (  # OCR specks from the rulings, «от» read as scribble too
            "МИНИСТЕРСТВО КУЛЬТУРЫ СВЕРДЛОВСКОЙ ОБЛАСТИ\nП О С Т А Н О В Л Е Н И Е\n|\n"
            "Ab OF ALE № 726°\n|\nг. Екатеринбург\nОб утверждении Плана мероприятий\n"
            "на территории Свердловской области\nВ соответствии с Законом ПОСТАНОВЛЯЮ:\n",
            "Министерство культуры Свердловской области",
            "Об утверждении Плана мероприятий на территории Свердловской области",
            "г. Екатеринбург",
        ),
        (  # the issuer after the type word: its line in capitals, then its name in normal case
            "ПОСТАНОВЛЕНИЕ\nАДМИНИСТРАЦИИ\nРыбинского муниципального района\n"
            "От 74. 07,2020 № 00\nО внесении изменений в\nпостановление администрации Рыбинского\n"
            "муниципального района от 15.03.2017 № 477\nВ соответствии с решением ПОСТАНОВЛЯЕТ:\n",
            "Администрация Рыбинского муниципального района",
            "О внесении изменений в постановление администрации Рыбинского муниципального района "
            "от 15.03.2017 № 477",
            None,
        ),
    ],
)
def test_scanned_header_with_glued_type_word_and_unread_date(text, issuer, title, place):
    doc, h = _h(text)
    assert h.doc_type == "постановление"
    assert (h.issuer, h.title, h.place) == (issuer, title, place)
    assert h.date is None and h.number is None  # scribble is not read as a date or number
    assert any(w.startswith("header note: date and number not read: «") for w in h.warnings)
    for span in h.spans:
        assert doc.text[span.start : span.end].strip(), span


def test_type_word_inside_a_title_in_capitals_is_not_split() -> None:
    _, h = _h(
        "МИНИСТЕРСТВО ОБРАЗОВАНИЯ\nПРИКАЗ\nот 01.02.2021 № 5\n"
        "О ВНЕСЕНИИ ИЗМЕНЕНИЙ В ПОСТАНОВЛЕНИЕ\nВ соответствии с законом ПРИКАЗЫВАЮ:\n"
    )
    assert h.doc_type == "приказ" and h.title == "О внесении изменений в постановление"


def test_unified_form_boxes_give_number_and_date() -> None:
    """Orders on the unified forms (Т-5 …): «Номер документа | Дата составления» over the values."""
    doc, h = _h(
        "Унифицированная форма № Т-5\nУтверждена постановлением Госкомстата России\n"
        "Муниципальное казённое учреждение «Центр социальной помощи»\n\n"
        "Номер документа\tДата составления\n_ 57-од._\t08.06.2020\n\n"
        "ПРИКАЗ\n(распоряжение)\nо переводе работника на другую работу\n"
    )
    assert (h.number, str(h.date)) == ("57-од", "2020-06-08")
    spans = {s.field: doc.text[s.start : s.end] for s in h.spans}
    assert (spans["number"], spans["date"]) == ("57-од", "08.06.2020")
