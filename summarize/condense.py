"""The local model as the abstractive stage uses it: a :class:`Condenser`
wraps a loaded model and tokenizer (see :mod:`summarize.loading`), knows its
window, generates in batches, and writes *whole-story* summaries: the model
reads the extractive selection plus as much source context as fits and writes
the story anew.  Whole-story output is attributed and flagged, never replaced
(strong summarisers such as bart-large-cnn or pegasus-multi_news).  The
default method, grounded fusion, lives in :mod:`summarize.fuse`.

torch and transformers are imported inside functions only: importing this
module costs nothing, so ``summarize --help`` and the extractive path stay fast.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .attribute import attribute, split_sentences
from .errors import Cancelled
from .lexicon import first_words, word_count
from .records import Article, Progress, Story, Summary, SummarySentence

ShouldStop = Callable[[], bool]

__all__ = ["Condenser", "clean_output", "near_duplicate"]


# -- progress wording ---------------------------------------------------
# The model's progress reports are lines a CLI bar shows as they are; the
# terminal UI reads them back into one bar over the whole job.  Each report is
# worded by a function here (and in fuse for its rewrites) and read back by its
# partner beside it, so the wording lives in one place.

_TOKENS = re.compile(r":?\s*(\d+)/(\d+) tokens$")
_STORY = re.compile(r"^stor(?:y|ies) [\d/-]+: (.*)$")
_CONDENSING = "condensing with "
_GENERATING = "generating"
_DONE = "done"


def with_tokens(label: str, done: int, n: int) -> str:
    """A step's report with its token count: "<label>: 12/40 tokens"."""
    return f"{label}: {done}/{n} tokens"


def read_tokens(message: str) -> tuple[str, float | None]:
    """``message`` less its token count, and the share of the step's tokens
    made (None: no count)."""
    m = _TOKENS.search(message)
    if not m:
        return message, None
    return message[: m.start()], min(int(m.group(1)) / max(int(m.group(2)), 1), 1.0)


def _stories_label(start: int, size: int, total: int) -> str:
    return f"story {start + 1}/{total}" if size == 1 else f"stories {start + 1}-{start + size}/{total}"


@dataclass(frozen=True)
class StoryStep:
    """A whole-story report read back: ``stage`` is "start" (``model`` names
    the model), "generating" (``tokens``: the share made) or "done"."""

    stage: str
    model: str = ""
    tokens: float = 0.0


def story_step(message: str) -> StoryStep | None:
    """The whole-story step ``message`` reports (None: not one of them)."""
    text, tokens = read_tokens(message)
    m = _STORY.match(text)
    if not m:
        return None
    rest = m.group(1)
    if rest.startswith(_CONDENSING):
        return StoryStep("start", model=rest[len(_CONDENSING) :])
    if rest == _DONE:
        return StoryStep("done", tokens=1.0)
    return StoryStep("generating", tokens=tokens or 0.0)


# ---------------------------------------------------------------------------
# the condenser

_INSTRUCT_CAP = 512  # source tokens fed to an instruct model by default (CPU speed; small models stay closer to short inputs)
_SYSTEM = (
    "You are a careful news editor. You summarise news articles using only facts "
    "stated in them. Never add names, numbers or claims that are not in the articles."
)


@dataclass
class Condenser:
    name: str
    kind: str  # "seq2seq" | "instruct"
    model: object
    tokenizer: object
    device: str = "cpu"
    max_input_tokens: int | None = None  # None: as the model's window allows
    load_seconds: float = 0.0
    first_load: bool = False
    mode: str = "fuse"  # the abstractive method this model is used with by default (models.MODES)
    stats: dict = field(default_factory=lambda: {"generated_tokens": 0, "generate_seconds": 0.0, "stories": 0})

    # -- sizes -------------------------------------------------------------

    @property
    def window(self) -> int:
        """Positions the model can attend to (input + output for decoder-only)."""
        cfg = self.model.config
        candidates = []
        for attr in ("max_position_embeddings", "n_positions", "max_sequence_length"):
            v = getattr(cfg, attr, None)
            if isinstance(v, int) and v > 0:
                candidates.append(v)
        tml = getattr(self.tokenizer, "model_max_length", None)
        if isinstance(tml, int) and 0 < tml < 1_000_000:
            candidates.append(tml)
        if not candidates:
            return 512  # T5-style relative positions: the length it was trained on
        return min(candidates)

    def _output_budget(self, max_words: int) -> int:
        tokens = int(max_words * 1.6) + 24
        if self.kind == "seq2seq":  # decoder positions are bounded too
            tokens = min(tokens, self.window - 2)
        return max(tokens, 8)

    def input_budget(self, max_words: int = 100) -> int:
        """Tokens of source text that fit beside the prompt and the output."""
        if self.kind == "seq2seq":
            budget = self.window - len(self._encode(self._prefix())) - 4
        else:
            overhead = len(self._encode(self._prompt("", "", max_words)))
            budget = self.window - overhead - self._output_budget(max_words) - 8
            budget = min(budget, _INSTRUCT_CAP)
        if self.max_input_tokens:
            budget = min(budget, self.max_input_tokens)
        return max(budget, 16)

    # -- text helpers ------------------------------------------------------

    def _encode(self, text: str) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _count(self, texts: list[str]) -> list[int]:
        if not texts:
            return []
        enc = self.tokenizer(texts, add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in enc]

    def _prefix(self) -> str:
        cfg = self.model.config
        params = getattr(cfg, "task_specific_params", None) or {}
        prefix = (params.get("summarization") or {}).get("prefix")
        if prefix:
            return prefix
        if getattr(cfg, "model_type", "") in {"t5", "mt5", "umt5", "longt5"}:
            return "summarize: "
        return ""

    def _prompt(self, headline: str, text: str, max_words: int) -> str:
        n = max(1, round(max_words / 25))
        # Small models echo labelled fields ("Headline: ...") back: the facts
        # go in as a plain bulleted list, the instruction after them.
        facts = "\n".join(f"- {line}" for line in text.splitlines() if line.strip())
        user = (
            f"News facts about one story:\n{facts}\n\n"
            f"Write a news summary of this story in {n} to {n + 1} sentences and at most {max_words} words. "
            "Use only the facts above; do not add names, numbers or places."
        )
        tok = self.tokenizer
        if getattr(tok, "chat_template", None):
            messages = [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": user}]
            try:
                return tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
            except Exception:  # templates that reject a system turn
                messages = [{"role": "user", "content": _SYSTEM + "\n\n" + user}]
                return tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return f"{_SYSTEM}\n\n{user}\n\nSummary:"

    # -- input selection ---------------------------------------------------

    def select_input(self, story: Story, budget: int) -> list[str]:
        """Source sentences for the model: the extractive selection first, then
        more sentences (leads first, round-robin over articles, skipping
        near-duplicates) while the token budget lasts.  Whole sentences only; a
        single sentence longer than the budget is cut at a word boundary."""
        chosen: list[str] = []
        seen: list[set[str]] = []
        used = 0

        candidates: list[str] = [s.text for s in story.summary.sentences]
        per_article = [_article_sentences(a) for a in story.articles]
        longest = max((len(s) for s in per_article), default=0)
        extra = [per_article[a][i] for i in range(longest) for a in range(len(per_article)) if i < len(per_article[a])]
        candidates += [t for t in extra if word_count(t) >= 4]
        # count tokens in chunks so a huge corpus does not tokenise everything
        pos = 0
        while pos < len(candidates) and used < budget:
            chunk = candidates[pos : pos + 64]
            counts = self._count(chunk)
            pos += len(chunk)
            for text, n in zip(chunk, counts):
                words = set(_norm_words(text))
                if not words or near_duplicate(words, seen):
                    continue
                sep = 1 if chosen else 0
                if used + n + sep <= budget:
                    chosen.append(text)
                    seen.append(words)
                    used += n + sep
                elif not chosen:
                    cut = self._cut_to_tokens(text, budget)
                    if cut:
                        chosen.append(cut)
                        used = budget
                    break
                if budget - used < 8:
                    break
        return chosen

    def _cut_to_tokens(self, text: str, budget: int) -> str:
        """The longest prefix of whole words that fits in ``budget`` tokens."""
        words = text.split()
        lo, hi = 0, len(words)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if len(self._encode(" ".join(words[:mid]))) <= budget:
                lo = mid
            else:
                hi = mid - 1
        return " ".join(words[:lo])

    def _model_input(self, story: Story, max_words: int) -> str:
        budget = self.input_budget(max_words)
        sentences = self.select_input(story, budget)
        if self.kind == "seq2seq":
            text = self._prefix() + " ".join(sentences)
            # joining can merge tokens differently: re-check, trim whole sentences
            while len(sentences) > 1 and len(self._encode(text)) > budget + len(self._encode(self._prefix())):
                sentences.pop()
                text = self._prefix() + " ".join(sentences)
            return text
        text = "\n".join(sentences)
        while len(sentences) > 1 and len(self._encode(text)) > budget:
            sentences.pop()
            text = "\n".join(sentences)
        return self._prompt(story.headline, text, max_words)

    # -- generation --------------------------------------------------------

    def generate(
        self,
        prompts: list[str],
        max_new_tokens: int,
        progress: Progress | None = None,
        should_stop: ShouldStop | None = None,
        label: str = "",
        *,
        copy_friendly: bool = False,
        one_sentence: bool = False,
        row_limits: list[int] | None = None,
    ) -> list[str]:
        """Greedy continuations of ``prompts``, batched (left-padded for a
        decoder).  ``copy_friendly`` drops the repetition penalty that keeps
        whole-story output from looping, since a faithful rewrite reuses the
        source's words; ``one_sentence`` stops each row as soon as a second
        sentence (or a new line) starts.  Raises :class:`Cancelled` when
        ``should_stop()`` turns True (checked at every token).  ``row_limits``
        stops each row at its own token budget (the batch runs to the largest)."""
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList

        tok = self.tokenizer
        if tok.pad_token_id is None:
            tok.pad_token = tok.eos_token if tok.eos_token is not None else tok.unk_token
        seq2seq = self.kind == "seq2seq"
        tok.padding_side = "right" if seq2seq else "left"
        enc = tok(prompts, return_tensors="pt", padding=True, add_special_tokens=seq2seq)
        enc = {k: v.to(self.device) for k, v in enc.items() if k in ("input_ids", "attention_mask")}
        prompt_len = 0 if seq2seq else enc["input_ids"].shape[1]
        max_new = max_new_tokens

        class _Watch(StoppingCriteria):
            def __init__(self):
                self.steps = 0
                self.stopped = False
                self.finished: list[bool] = [False] * len(prompts)

            def __call__(self, input_ids, scores, **kwargs):
                self.steps += 1
                if progress and (self.steps % 8 == 0 or self.steps == 1):
                    progress(min(self.steps, max_new), max_new, f"{label}: {_GENERATING}")
                rows = input_ids.shape[0]
                if should_stop and should_stop():
                    self.stopped = True
                    return torch.ones(rows, dtype=torch.bool, device=input_ids.device)
                if one_sentence or row_limits:
                    made = input_ids.shape[1] - prompt_len
                    for r in range(rows):
                        if self.finished[r]:
                            continue
                        if row_limits and made >= row_limits[r]:
                            self.finished[r] = True
                        elif one_sentence:
                            self.finished[r] = _second_sentence_started(tok.decode(input_ids[r, prompt_len:], skip_special_tokens=True))
                    return torch.tensor(self.finished, dtype=torch.bool, device=input_ids.device)
                return torch.zeros(rows, dtype=torch.bool, device=input_ids.device)

        watch = _Watch()
        gen = dict(max_new_tokens=max_new, stopping_criteria=StoppingCriteriaList([watch]), pad_token_id=tok.pad_token_id)
        gc = getattr(self.model, "generation_config", None)
        if seq2seq:
            if gc is not None and (getattr(gc, "min_length", 0) or 0) > max_new // 2:
                gen["min_length"] = max_new // 2
            if gc is not None and getattr(gc, "max_length", None):
                gen["max_length"] = None
        else:
            gen.update(do_sample=False)
            if not copy_friendly:
                gen.update(repetition_penalty=1.15, no_repeat_ngram_size=4)
            if gc is not None:
                gen.update(temperature=None, top_p=None, top_k=None)
        t0 = time.perf_counter()
        with torch.inference_mode():
            out = self.model.generate(**enc, **gen)
        self.stats["generate_seconds"] += time.perf_counter() - t0
        if watch.stopped:
            raise Cancelled("stopped")
        new = out if seq2seq else out[:, prompt_len:]
        texts = []
        for row in new:
            ids = [int(i) for i in row if int(i) != tok.pad_token_id or tok.pad_token_id is None]
            self.stats["generated_tokens"] += len(ids)
            texts.append(tok.decode(ids, skip_special_tokens=True))
        return texts

    def condense(self, story: Story, max_words: int = 100, progress: Progress | None = None, should_stop: ShouldStop | None = None) -> Summary:
        """An abstractive summary of ``story``, attributed to its sources.

        Raises :class:`Cancelled` if ``should_stop()`` turns True (checked
        before starting and at every generated token)."""
        return next(self.condense_many([story], max_words, progress=progress, should_stop=should_stop, batch_size=1))[1]

    def condense_many(
        self,
        stories: Iterable[Story],
        max_words: int = 100,
        progress: Progress | None = None,
        should_stop: ShouldStop | None = None,
        batch_size: int = 1,
    ) -> Iterator[tuple[Story, Summary]]:
        """Condense stories in batches, yielding ``(story, summary)`` as each
        batch finishes, so a caller that stops early (Ctrl-C, ``should_stop``)
        keeps every story already done.  Does not modify the stories.
        ``progress(done, total, message)`` counts stories."""
        stories = list(stories)
        total = len(stories)
        for start in range(0, total, max(1, batch_size)):
            if should_stop and should_stop():
                raise Cancelled("stopped")
            batch = stories[start : start + max(1, batch_size)]
            label = _stories_label(start, len(batch), total)
            if progress:
                progress(start, total, f"{label}: {_CONDENSING}{self.name}")
            prompts = [self._model_input(s, max_words) for s in batch]
            if all(not self.select_input(s, 64) for s in batch):
                # nothing to condense: empty summaries, no model call
                for s in batch:
                    self.stats["stories"] += 1
                    yield s, Summary(method="abstractive", model=self.name, sentences=[])
                continue

            def token_progress(done, n, message, _start=start):
                if progress:
                    progress(_start, total, with_tokens(message, done, n))

            texts = self.generate(prompts, self._output_budget(max_words), token_progress if progress else None, should_stop, label)
            done = []
            for story, text in zip(batch, texts):
                summary = Summary(
                    method="abstractive",
                    model=self.name,
                    sentences=[SummarySentence(text=t) for t in clean_output(text, max_words)],
                )
                attribute(summary, story.articles, story.families or None)
                self.stats["stories"] += 1
                done.append((story, summary))
            if progress:
                progress(min(start + len(batch), total), total, f"{label}: {_DONE}")
            yield from done

    @property
    def tokens_per_second(self) -> float:
        s = self.stats
        return s["generated_tokens"] / s["generate_seconds"] if s["generate_seconds"] else 0.0


# ---------------------------------------------------------------------------
# helpers


def _second_sentence_started(text: str) -> bool:
    """One-sentence generation is over: a new line, or the engine's segmenter
    sees a second sentence begin (so "U.S." or "Mr." does not end it)."""
    body = text.lstrip()
    if "\n" in body:
        return True
    if not re.search(r"[.!?][\"'”’)\]]*\s+\S", body):
        return False
    return len(split_sentences(body)) > 1


def _article_sentences(article: Article) -> list[str]:
    if article.sentences:
        return [s.text for s in article.sentences]
    return split_sentences(article.text)


def _norm_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


NEAR_DUPLICATE = 0.8  # share of the shorter sentence's words: a restatement, not news


def near_duplicate(words: set[str], seen: Iterable[set[str]]) -> bool:
    """Does a sentence with these words restate one already taken?"""
    for other in seen:
        inter = len(words & other)
        if inter and inter / max(1, min(len(words), len(other))) >= NEAR_DUPLICATE:
            return True
    return False


_PREAMBLE = re.compile(
    r"^\s*(?:(?:here(?:'s| is)|below is)\b[^:\n]{0,80}:|(?:the )?(?:news )?summary\s*:|headline\s*:|text\s*:|"
    r"in summary,|to summari[sz]e,)\s*",
    re.IGNORECASE,
)
_LABEL_RUN = re.compile(r"^(?:[A-Z][\w.]*(?: [A-Z][\w.]*)?: ){2,}")  # "Britain: UK: Britain: ..."
_BULLET = re.compile(r"^\s*(?:[-*•]+|\d+[.)])\s+", re.MULTILINE)


def clean_output(text: str, max_words: int) -> list[str]:
    """Model output -> whole sentences within ``max_words``.

    Strips chat preambles ("Here is a summary:"), bullets and markup, drops a
    trailing fragment cut off by the token limit and repeated sentences, and
    keeps whole sentences up to ``max_words`` (a lone first sentence longer
    than that is cut at a word boundary, marked with an ellipsis)."""
    text = text.replace("\r", "")
    text = re.sub(r"<\|[^|>]*\|>|</?s>|<pad>", " ", text)
    text = _PREAMBLE.sub("", text.strip())
    text = _BULLET.sub("", text)
    text = _LABEL_RUN.sub("", text.strip())
    text = re.sub(r"[#*_`]{1,3}", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    sentences = split_sentences(text)
    if len(sentences) > 1 and not re.search(r"[.!?][\"'”’)\]]*$", sentences[-1]):
        sentences = sentences[:-1]  # cut off mid-sentence by the token limit
    kept: list[str] = []
    seen: list[set[str]] = []
    for s in sentences:
        s = _PREAMBLE.sub("", s).strip()
        words = set(_norm_words(s))
        if not words:
            continue
        if near_duplicate(words, seen):
            continue
        seen.append(words)
        kept.append(s)
    out: list[str] = []
    used = 0
    for s in kept:
        n = word_count(s)
        if used + n > max_words:
            if not out:
                out.append(first_words(s, max_words) + "…")
            break
        out.append(s)
        used += n
    return out

