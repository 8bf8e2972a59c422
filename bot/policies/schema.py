"""The shape of every file in `policies/`: strict pydantic models (unknown fields are errors)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MIN_EXAMPLES = 6
# Policy ids, category keys and fact ids travel in callback data (64 bytes, the fixed patterns of
# handlers/callbacks.py): what does not fit there would pass the check and then break every button.
MAX_ID_LENGTH = 40
FACT_ID_PATTERN = r"^[a-z0-9_]+$"
MAX_OPTIONS = 20  # a choice question's buttons; the callback carries the option's index (2 digits)
MAX_CAP_VND = 10**12  # one thousand billion đồng: anything larger is a typing mistake
CategoryKey = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH)]
FactKey = Annotated[str, StringConstraints(pattern=FACT_ID_PATTERN, max_length=MAX_ID_LENGTH)]

# The answer markup: paragraphs separated by blank lines, "- " bullets, **bold**. Nothing else,
# so rendering to Telegram HTML or plain text is simple and cannot be abused.
_FORBIDDEN_MARKUP = re.compile(r"<[a-zA-Z/!]|\[[^\]]*\]\(|^#", re.MULTILINE)


class Strict(BaseModel):
    """Base for every YAML-backed model: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _check_markup(text: str) -> str:
    if _FORBIDDEN_MARKUP.search(text):
        raise ValueError("chỉ dùng đoạn văn, gạch đầu dòng '- ' và **chữ đậm**; không dùng HTML, liên kết hay tiêu đề")
    if text.count("**") % 2:
        raise ValueError("dấu ** (chữ đậm) không đóng đủ cặp")
    return text


class SupportValue(Strict):
    """One dated figure: in force from `effective_from` until the next value starts."""

    effective_from: date
    rate_percent: float | None = Field(None, gt=0, le=100)
    cap_vnd: int | None = Field(None, gt=0, le=MAX_CAP_VND)
    source: str
    needs_confirmation: str | None = None

    @field_validator("rate_percent", "cap_vnd", mode="before")
    @classmethod
    def _not_yes_or_no(cls, value: object) -> object:
        # `rate_percent: yes` is YAML's true, which pydantic would take for 1.
        if isinstance(value, bool):
            raise ValueError("phải là một số")
        return value

    @model_validator(mode="after")
    def _has_a_figure_or_a_note(self) -> SupportValue:
        if self.rate_percent is None and self.cap_vnd is None and not self.needs_confirmation:
            raise ValueError("cần có rate_percent, cap_vnd hoặc needs_confirmation")
        return self


class SupportItem(Strict):
    """A support line of a policy (rate and cap per unit, by date)."""

    id: str = Field(pattern=ID_PATTERN)
    item: str = Field(min_length=3)
    unit: str = Field(min_length=1)
    values: list[SupportValue] = Field(min_length=1)
    note: str | None = None
    # Who receives the money: the establishment, or the organiser of an event (a contest's budget is
    # never support an owner receives, so answer cards do not list it as such).
    recipient: Literal["establishment", "organiser"] = "establishment"

    @field_validator("values")
    @classmethod
    def _ascending_dates(cls, values: list[SupportValue]) -> list[SupportValue]:
        dates = [value.effective_from for value in values]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("các mức phải xếp theo effective_from tăng dần, không trùng ngày")
        return values

    def value_on(self, day: date) -> SupportValue | None:
        """The value in force on `day`, or None before the first one."""
        current = None
        for value in self.values:
            if value.effective_from <= day:
                current = value
        return current


class LegalRef(Strict):
    """A citation: a document id from `_legal.yaml` and optionally the article."""

    doc: str
    article: str | None = None


FactType = Literal["choice", "yes_no", "number", "money"]
Scalar = bool | int | float | str
OPERATORS = ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte")
_FORMS = ("all", "any", "not", "ref", "fact")


class Condition(Strict):
    """A rule condition: all / any / not over others, a named shared condition, or a comparison."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)

    all_: list[Condition] | None = Field(None, alias="all")
    any_: list[Condition] | None = Field(None, alias="any")
    not_: Condition | None = Field(None, alias="not")
    ref: str | None = None
    fact: str | None = None
    eq: Scalar | None = None
    ne: Scalar | None = None
    in_: list[Scalar] | None = Field(None, alias="in")
    not_in: list[Scalar] | None = None
    lt: float | None = None
    lte: float | None = None
    gt: float | None = None
    gte: float | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        fields = {type(self).model_fields[name].alias or name for name in self.model_fields_set}
        forms = [f for f in _FORMS if f in fields]
        operators = [op for op in OPERATORS if op in fields]
        if len(forms) != 1:
            raise ValueError("mỗi điều kiện dùng đúng một dạng: all, any, not, ref hoặc fact")
        if forms == ["fact"] and len(operators) != 1:
            raise ValueError(f"so sánh cần đúng một phép: {', '.join(OPERATORS)}")
        if forms != ["fact"] and operators:
            raise ValueError("phép so sánh chỉ dùng cùng với 'fact'")
        return self

    @property
    def operator(self) -> tuple[str, object]:
        """(op, value) of a comparison."""
        for op in OPERATORS:
            name = {"in": "in_"}.get(op, op)
            if name in self.model_fields_set:
                return op, getattr(self, name)
        raise ValueError("not a comparison")


class Dated(Strict):
    """Something in force from `effective_from` through `effective_until` (both optional)."""

    effective_from: date | None = None
    effective_until: date | None = None

    @model_validator(mode="after")
    def _until_after_from(self) -> Dated:
        if self.effective_from and self.effective_until and self.effective_until < self.effective_from:
            raise ValueError("effective_until phải sau effective_from")
        return self

    def active_on(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_until is None or day <= self.effective_until
        )


class Rule(Dated):
    """One eligibility condition with the reasons shown to the user and its legal reference.

    `confirm_when` marks the cases the sources cannot settle (the verdict is then "cần xác nhận"
    with `needs_confirmation` as the note, never a plain yes or no); `next_step` tells the owner
    what to do when the rule fails; a policy rule `replaces` the common rules it names.
    """

    id: str = Field(pattern=ID_PATTERN)
    when: Condition
    passed: str = Field(min_length=5)
    failed: str = Field(min_length=5)
    legal: str = Field(min_length=5)
    confirm_when: Condition | None = None
    needs_confirmation: str | None = None
    next_step: str | None = None
    replaces: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _confirmation_has_a_note(self) -> Rule:
        if (self.confirm_when is None) != (self.needs_confirmation is None):
            raise ValueError("confirm_when và needs_confirmation phải đi cùng nhau")
        return self


class AmountChoice(Strict):
    """Another support item of the policy that applies when a condition holds (e.g. a whole line)."""

    when: Condition
    support: str


class Amount(Strict):
    """Support amount = rate × planned cost, capped; figures come from the policy's dated support item.

    `choices` pick another support item when their condition holds (first match wins); the fact that
    decides it is asked only when the items' figures differ."""

    support: str
    cost_fact: str = "chi_phi_du_kien"
    choices: list[AmountChoice] = Field(default_factory=list)


class PolicyEligibility(Strict):
    """The `eligibility:` section of a policy."""

    common: bool = True
    rules: list[Rule] = Field(default_factory=list)
    amount: Amount | None = None


class Fact(Strict):
    """Something the checker may ask a business owner."""

    question: str = Field(min_length=5)
    type: FactType
    options: dict[str, str] = Field(default_factory=dict)
    help: str | None = None
    label: str | None = None  # short name in the recap of answers ("Loại hình")

    @model_validator(mode="after")
    def _options_match_type(self) -> Fact:
        if self.type == "choice" and len(self.options) < 2:
            raise ValueError("câu hỏi dạng choice cần ít nhất 2 lựa chọn (options)")
        if len(self.options) > MAX_OPTIONS:
            raise ValueError(f"câu hỏi dạng choice có tối đa {MAX_OPTIONS} lựa chọn (đang có {len(self.options)})")
        if self.type != "choice" and self.options:
            raise ValueError("chỉ câu hỏi dạng choice mới có options")
        return self


class Priority(Dated):
    """A priority group (not a condition): shown as an extra reason when it applies."""

    when: Condition
    reason: str
    legal: str


class Location(Strict):
    """How a typed commune sets the location facts: which facts, and which provinces are
    centrally-run cities (kept here so an admin can update the list when the law changes)."""

    unit_fact: str = "dia_ban"  # options xa / phuong / dac_khu
    province_fact: str = "thuoc"  # options tinh / thanh_pho_truc_thuoc_trung_uong
    central_cities: list[str] = Field(min_length=1)
    # Provinces merged in 2025 whose names people still type, and the province they belong to now.
    former_provinces: dict[str, str] = Field(default_factory=dict)
    source: str


class FactsFile(Strict):
    facts: dict[FactKey, Fact]
    conditions: dict[str, Condition] = Field(default_factory=dict)
    common_rules: list[Rule] = Field(default_factory=list)
    priorities: list[Priority] = Field(default_factory=list)
    location: Location | None = None


class Policy(Strict):
    """One policy file."""

    id: str = Field(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH)
    title: str = Field(min_length=5)
    category: str
    summary: str = Field(min_length=20)
    answer: str = Field(min_length=40)
    conditions: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(min_length=3)
    examples: list[str] = Field(min_length=MIN_EXAMPLES)
    support: list[SupportItem] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    legal_basis: list[LegalRef] = Field(min_length=1)
    valid_from: date | None = None
    valid_until: date | None = None
    replaced_by: str | None = None
    related: list[str] = Field(default_factory=list)
    needs_confirmation: str | None = None
    last_reviewed: date
    eligibility: PolicyEligibility | None = None
    next_step: str | None = None  # the answer card's "what to do next" line
    show_contact: bool = False  # the answer card carries the office's contact details

    @field_validator("answer")
    @classmethod
    def _answer_markup(cls, text: str) -> str:
        return _check_markup(text)


class LegalDocument(Strict):
    """A law, decree, circular or decision that policies cite."""

    number: str
    title: str
    issued: date | None = None
    effective: date | None = None
    url: str = Field(pattern=r"^https?://")
    needs_confirmation: str | None = None

    @model_validator(mode="after")
    def _effective_after_issue(self) -> LegalDocument:
        if self.issued and self.effective and self.effective < self.issued:
            raise ValueError("ngày hiệu lực (effective) không thể trước ngày ban hành (issued)")
        return self


class LegalFile(Strict):
    documents: dict[str, LegalDocument]


class Category(Strict):
    label: str


class CategoriesFile(Strict):
    categories: dict[CategoryKey, Category]


class Office(Strict):
    """The deploying office; null fields are placeholders the bot shows as not yet set."""

    name: str
    parent: str | None = None
    province: str
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    hours: str | None = None
    needs_confirmation: str | None = None  # for admins (validation warnings), never shown to owners
    notice: str | None = None  # shown under the contact details (e.g. a merger of provinces)


class OfficeFile(Strict):
    office: Office


class CannedReply(Strict):
    """A ready answer staff can start from on the web desk (plain text, sent escaped)."""

    title: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1, max_length=2000)


class CannedRepliesFile(Strict):
    replies: list[CannedReply] = Field(max_length=50)


class OutOfScopeTopic(Strict):
    """A subject outside khuyến công that users often ask about (a negative class)."""
    title: str
    keywords: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)
    # Where to ask instead: generic office names only ("Trung tâm Khuyến nông", "cơ quan thuế").
    where_to_ask: str | None = None


class OutOfScopeFile(Strict):
    topics: dict[str, OutOfScopeTopic]
