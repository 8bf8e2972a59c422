"""The shape of `policies/_lexicon.yaml`: shorthand, synonyms and the word lists that read small talk,
complaints and feelings (bot/language/)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.policies.schema import Strict

LetdownPart = Literal["promises", "awaited", "elapsed", "outcomes", "setbacks"]


class Lexicon(Strict):
    """Vietnamese chat shorthand, synonyms and filler words used to normalise questions."""

    abbreviations: dict[str, str] = Field(default_factory=dict)
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    fillers: list[str] = Field(default_factory=list)
    stopwords: list[str] = Field(default_factory=list)
    greetings: list[str] = Field(default_factory=list)
    thanks: list[str] = Field(default_factory=list)
    praise: list[str] = Field(default_factory=list)  # of the bot or its answers: thanks in other words
    # Short acknowledgements ("ok", "dạ", "👍") and "anyone there?" messages: a friendly short reply.
    acknowledgements: list[str] = Field(default_factory=list)
    # Asking who answers ("bạn là ai", "bot là người hay máy"): what the bot is, and the way to a human.
    about_bot: list[str] = Field(default_factory=list)
    # Saying an answer was not understood ("chưa hiểu lắm", "nói dễ hiểu hơn"): how to ask again, or a human.
    unclear: list[str] = Field(default_factory=list)
    # Words that may come with small talk without making it a question ("bot", "hihi", "nghen").
    courtesy: list[str] = Field(default_factory=list)
    # Phrases that mark a complaint about the service ("chưa ai trả lời"): apology and the way to a human.
    complaints: list[str] = Field(default_factory=list)
    # "Nobody answers": one of these ("chưa", "không thấy") a few words before an action ("trả lời", "bắt máy").
    complaint_negations: list[str] = Field(default_factory=list)
    complaint_actions: list[str] = Field(default_factory=list)
    # Words that voice a grievance ("bất công", "lỗ nặng"): a complaint when the message asks nothing.
    grievances: list[str] = Field(default_factory=list)
    # Words of feeling: a clause of one with intensifiers only ("Buồn thiệt.") at either end is venting.
    feelings: list[str] = Field(default_factory=list)
    # The words of a let-down told ("hứa đầu năm có đề án, giờ cuối năm rồi chẳng thấy gì"), by part.
    letdowns: dict[LetdownPart, list[str]] = Field(default_factory=dict)
    # Words whose rules apply only typed with their diacritics ("vay" is a loan, not "vậy"; "hoi" "hội").
    accented_only: list[str] = Field(default_factory=list)
    # What a workshop makes ("nước mắm", "lục bình"): who asks, not what is asked; a share of its weight.
    products: list[str] = Field(default_factory=list)


class LexiconFile(Strict):
    lexicon: Lexicon
