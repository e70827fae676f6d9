"""Arrow schemas of every output table: the one place column names and types are defined.

Each column carries its meaning (and an example) as field metadata, from which
`docs/schema.md` is generated. Dates are date32, timestamps UTC, lists list<string>.
"""

from __future__ import annotations

import pyarrow as pa


def col(name: str, type_: pa.DataType, doc: str, example: str = "") -> pa.Field:
    return pa.field(name, type_, metadata={"doc": doc, "example": example})


TS = pa.timestamp("us", tz="UTC")

FIELD_SPAN = pa.struct(
    [("field", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("page", pa.int32())]
)

DOCUMENTS = pa.schema(
    [
        col("doc_id", pa.string(), "sha256 of the file's bytes (hex); the document key"),
        col("source_path", pa.string(), "path of the input as found", "data/raw/000.txt"),
        col(
            "source_format",
            pa.string(),
            "txt | docx | pdf | pdf-ocr | image-ocr | doc | rtf | odt",
            "txt",
        ),
        col("encoding", pa.string(), "detected text encoding (TXT only)", "cp1251"),
        col("pages", pa.int32(), "number of pages (TXT: found from page breaks)", "3"),
        col("ocr_pages", pa.int32(), "pages read by OCR (scans, text layers replaced)", "2"),
        col("doc_type", pa.string(), "type of the act, lower case", "распоряжение"),
        col("number", pa.string(), "number of the act without №/N", "388-р"),
        col("date", pa.date32(), "date of the act", "2020-10-28"),
        col("issuer", pa.string(), "issuing body, nominative", "Администрация Умётского района"),
        col("issuer_short", pa.string(), "short name of the issuer", "Минюст России"),
        col("issuer_level", pa.string(), "federal | regional | municipal | organization"),
        col("region", pa.string(), "federal subject, nominative", "Тамбовская область"),
        col("region_code", pa.string(), "ISO 3166-2:RU code", "RU-TAM"),
        col("municipality", pa.string(), "municipality, nominative", "Умётский район"),
        col("place", pa.string(), "place of signing as written", "р.п. Умёт"),
        col("title", pa.string(), "heading of the act", "Об утверждении дорожной карты …"),
        col("signatory", pa.string(), "who signed, «И.О. Фамилия»", "Ю.В. Ефремов"),
        col("signatory_position", pa.string(), "signatory's position", "Глава района"),
        col("approved_by", pa.string(), "for an attachment: the act that approved it"),
        col("period_start", pa.int32(), "first year of the programme period", "2021"),
        col("period_end", pa.int32(), "last year of the programme period", "2024"),
        col("n_roadmap_rows", pa.int32(), "rows in roadmap_items for this document", "13"),
        col("warnings", pa.list_(pa.string()), "what the extractors were unsure of"),
        col("spans", pa.list_(FIELD_SPAN), "where each header value came from"),
        col("extractor_version", pa.string(), "prikaz version that extracted it", "0.1.0"),
        col("run_id", pa.string(), "run that wrote the row"),
        col(
            "is_current",
            pa.bool_(),
            "false once a newer version of the same source_path is committed or the input is "
            "gone from the input folder (its bytes nowhere in it)",
            "true",
        ),
        col("superseded_by", pa.string(), "doc_id (sha256) of the newer version of the file"),
        col("removed_in_run", pa.string(), "run that found the input gone"),
        col(
            "same_act_as",
            pa.string(),
            "doc_id of the first document of the same act (type + number + date + issuer), "
            "e.g. the DOCX of a PDF; null for that first one: count acts by "
            "coalesce(same_act_as, doc_id)",
        ),
    ]
)

ROADMAP_ITEMS = pa.schema(
    [
        col("doc_id", pa.string(), "document key"),
        col("table_index", pa.int32(), "roadmap table within the document, from 0", "0"),
        col("row_index", pa.int32(), "item within the document, from 0, reading order", "4"),
        col("section", pa.string(), "innermost stage/section heading in force", "ОСНОВНОЙ ЭТАП"),
        col("section_path", pa.list_(pa.string()), "all headings in force, outermost first"),
        col("item_number", pa.string(), "number as printed", "2.7"),
        col(
            "item_key",
            pa.string(),
            "item number made unique within the table: «stage/number» when numbering "
            "restarts per stage, else the number",
            "2/4",
        ),
        col("activity", pa.string(), "мероприятие"),
        col(
            "activity_category",
            pa.string(),
            "category of the activity (taxonomy: normalizers/activities_taxonomy.json): "
            "curators | working_groups | local_acts | databases | mentor_training | pairs | "
            "implementation | methodical_support | monitoring | contests | events | "
            "information | partnerships | incentives | targets | other",
            "mentor_training",
        ),
        col(
            "activity_lemmas",
            pa.list_(pa.string()),
            "lemmas of the activity's content words, in order, without repeats",
            "[обучение, наставник]",
        ),
        col("deadline_raw", pa.string(), "deadline cell as written", "Май 2021 г."),
        col("responsible_raw", pa.string(), "responsible cell as written", "МОУО"),
        col("result_raw", pa.string(), "result cell as written", "Дорожные карты"),
        col("page_start", pa.int32(), "page of the item's first row", "1"),
        col("page_end", pa.int32(), "page of the item's last row", "2"),
        col("span_start", pa.int64(), "start offset of the item in the document text"),
        col("span_end", pa.int64(), "end offset of the item in the document text"),
        col(
            "merged_fields",
            pa.list_(pa.string()),
            "fields whose value stands in a cell merged over several rows: written once in "
            "the source, repeated on every row it covers",
            "[responsible_raw]",
        ),
    ]
)

DEADLINES = pa.schema(
    [
        col("doc_id", pa.string(), "document key"),
        col("row_index", pa.int32(), "roadmap item"),
        col("component_index", pa.int32(), "component within the deadline cell, from 0"),
        col(
            "kind",
            pa.string(),
            "date | window | deadline | recurring | continuous | on_demand | by_plan | unparsed",
            "recurring",
        ),
        col("start", pa.date32(), "first day of the window (null: open)"),
        col("end", pa.date32(), "last day of the window (null: open)"),
        col(
            "dtstart",
            pa.date32(),
            "first occurrence of a recurrence; on a date of a yearly series, the series' "
            "first date",
        ),
        col(
            "rrule",
            pa.string(),
            "RFC 5545 recurrence rule of a recurring component; also on each date of a yearly "
            "series of dates (same day and month, 3+ consecutive years): expand it once",
            "FREQ=YEARLY;UNTIL=20241231",
        ),
        col("period", pa.string(), "ISO 8601 duration of the recurrence", "P1Y"),
        col("times", pa.int32(), "occurrences per period", "2"),
        col("at_least", pa.bool_(), "«не реже»: times is a minimum"),
        col("text", pa.string(), "the part of the cell this component came from"),
        col("text_start", pa.int32(), "offset of text in deadline_raw"),
        col("text_end", pa.int32(), "end offset of text in deadline_raw"),
        col(
            "partial",
            pa.bool_(),
            "the cell holds words no component read (not filler): read only in part",
        ),
        col(
            "unparsed_text",
            pa.string(),
            "those words, as written (regions joined with « … »)",
            "отдел образования",
        ),
        col("relative", pa.bool_(), "counted from the document's date (its signing/approval)"),
        col("reason", pa.string(), "why a component is unparsed, when known"),
    ]
)

RESPONSIBLES = pa.schema(
    [
        col("doc_id", pa.string(), "document key"),
        col("row_index", pa.int32(), "roadmap item"),
        col("responsible_index", pa.int32(), "party within the cell, from 0"),
        col("raw", pa.string(), "party as written", "ДОО ТО"),
        col("name", pa.string(), "name with the document's abbreviations expanded"),
        col("entity_type", pa.string(), "ORG | PER | POSITION | GROUP", "ORG"),
        col("person", pa.string(), "normalized person name", "Л.Г. Евстропова"),
        col("position", pa.string(), "position of the person", "заведующий РДМЦ"),
        col("raw_start", pa.int32(), "offset of raw in the row's responsible_raw"),
        col("raw_end", pa.int32(), "end offset of raw in the row's responsible_raw"),
    ]
)

ASSIGNMENTS = pa.schema(
    [
        col("doc_id", pa.string(), "document key"),
        col("row_index", pa.int32(), "roadmap item"),
        col(
            "k",
            pa.int32(),
            "number of deadline groups aligned with as many lines of the responsible cell "
            "(a line may name several parties: «ОО, ДО»)",
            "3",
        ),
        col("deadline_component_index", pa.int32(), "deadlines.component_index"),
        col("responsible_index", pa.int32(), "responsibles.responsible_index"),
    ]
)

INDICATORS = pa.schema(
    [
        col("doc_id", pa.string(), "document key"),
        col(
            "indicator",
            pa.string(),
            "indicator name; for a yearly count in a roadmap row, the counted thing in "
            "nominative plural («5 школ» → «школы»)",
        ),
        col(
            "unit",
            pa.string(),
            "unit as written (%, чел.); «единиц» for a count of the indicator's thing",
            "%",
        ),
        col("year", pa.int32(), "target year", "2023"),
        col("value", pa.float64(), "target value", "60"),
        col("raw", pa.string(), "cell, or target within a roadmap row, as written", "5 школ"),
        col("row_index", pa.int32(), "roadmap item, when the target stands in a roadmap row"),
        col("span_start", pa.int64(), "start offset of the value in the document text"),
        col("span_end", pa.int64(), "end offset of the value in the document text"),
        col(
            "value_kind",
            pa.string(),
            "what the year column holds, from its header: факт | план | оценка | прогноз; "
            "null when the header says neither («2023 г.»)",
            "факт",
        ),
    ]
)

REFERENCES = pa.schema(
    [
        col("doc_id", pa.string(), "document key"),
        col("ref_type", pa.string(), "type of the cited act", "приказ"),
        col("issuer", pa.string(), "issuer of the cited act"),
        col("date", pa.date32(), "date of the cited act", "2020-07-17"),
        col("number", pa.string(), "number of the cited act", "1509"),
        col("title", pa.string(), "title of the cited act"),
        col("raw", pa.string(), "citation as written"),
        col("span_start", pa.int64(), "start offset in the document text"),
        col("span_end", pa.int64(), "end offset in the document text"),
    ]
)

ABBREVIATIONS = pa.schema(
    [
        col("doc_id", pa.string(), "document key"),
        col("short", pa.string(), "abbreviation", "ЦМН"),
        col("full", pa.string(), "what it stands for", "Целевая модель наставничества"),
        col("span_start", pa.int64(), "start offset of the definition"),
        col("span_end", pa.int64(), "end offset of the definition"),
    ]
)

ERRORS = pa.schema(
    [
        col("source_path", pa.string(), "path of the input"),
        col("sha256", pa.string(), "sha256 of its bytes (null when unreadable)"),
        col("stage", pa.string(), "discover | read | extract | write | worker", "read"),
        col("error_type", pa.string(), "stable machine-readable type", "encrypted_pdf"),
        col("message", pa.string(), "what a person needs to know"),
        col("run_id", pa.string(), "run that met the error"),
        col("at", TS, "when (UTC)"),
    ]
)

RUNS = pa.schema(
    [
        col("run_id", pa.string(), "run key"),
        col("started_at", TS, "start (UTC)"),
        col("finished_at", TS, "end (UTC)"),
        col("seen", pa.int32(), "inputs found"),
        col("new", pa.int32(), "inputs not yet in the output"),
        col("ok", pa.int32(), "inputs extracted"),
        col("failed", pa.int32(), "inputs recorded in errors"),
        col("skipped", pa.int32(), "inputs already in the output"),
        col(
            "unparsed_deadlines",
            pa.int32(),
            "deadline components of kind unparsed or marked partial",
        ),
        col("version", pa.string(), "prikaz version"),
        col("status", pa.string(), "ok | failed | interrupted", "ok"),
        col("message", pa.string(), "why the run failed or stopped (one line)"),
        col("stage_errors", pa.int32(), "extraction stages that raised (warnings `stage …`)"),
        col("quarantined", pa.int32(), "damaged store items moved to _quarantine/ by the run"),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "roadmap_items": ROADMAP_ITEMS,
    "deadlines": DEADLINES,
    "responsibles": RESPONSIBLES,
    "assignments": ASSIGNMENTS,
    "indicators": INDICATORS,
    "references": REFERENCES,
    "abbreviations": ABBREVIATIONS,
    "errors": ERRORS,
    "runs": RUNS,
}
