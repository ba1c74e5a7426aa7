"""The list of stories: biggest and best-covered first; type to filter."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from summarize.pipeline import focus_order, story_order
from summarize.records import Story
from summarize.render import plural

from ..actions import bindings
from ..data import first_fitting, story_prompt


# App keys that on the story list type into the filter instead ("f" starts "france").
LIST_LETTERS = {"find_letter", "copy_quote", "copy_url", "open_link"}

# A letter or digit that is a key of its own (q, m, e, w, d, N, F, 1, 2, 3)
# pressed on the story list waits this long for another before it acts: a
# word typed there ("moscow", "Flores", "2000") goes to the filter whole, as
# vim settles a key that may begin a longer one by a timeout.  Two trials
# typed a word starting with m and switched the summary's mode (and started
# the model); a third typed "Flores" and got the focus box, empty, over the
# filter "lores".  Typists send the next letter of a word within about 0.2
# s; a key pressed alone acts this much later.  A letter pressed twice ("m"
# "m") acts twice: hardly a word opens on a doubled letter.
KEY_OR_WORD_WAIT_S = 0.3


class StoryOptions(OptionList):
    """The options themselves; printable keys go to the filter."""

    BINDINGS = bindings("stories")

    class Opened(Message):
        """Enter (or →) on a story: the reader moves to its summary."""

    def _active_binding(self, event: events.Key):
        """The app's binding of a key (q, ?, 1/2/3, m, e, d…) that does its job
        here too; None for every other key: a printable one starts the filter."""
        try:
            active = self.screen.active_bindings.get(event.key)
        except Exception:  # noqa: BLE001 - not mounted
            return None
        if active is None or not active.enabled or active.node is self:
            return None
        return None if active.binding.action in LIST_LETTERS else active

    def _filter_box(self) -> Input | None:
        return self.parent.query_one("#filter", Input) if self.parent else None

    _waiting = None  # (letter, binding, timer): a key of its own that may begin a word

    async def on_key(self, event: events.Key) -> None:
        box = self._filter_box()
        if box is None:
            return
        # Keys typed fast (or pasted) are all sent here before the first of them
        # moves the focus to the filter: one that arrives once the box has the
        # focus was typed into it, whatever key it is ("pinochet" lost its e).
        typing = self.screen.focused is box
        if not (event.character and event.is_printable) or event.key == "backspace":
            await self._act_waiting()  # the letter before was a key of its own, pressed alone
            if event.key == "backspace":
                event.stop()
                if box.value:
                    box.value = box.value[:-1]
            return
        event.stop()
        event.prevent_default()
        if self._waiting is not None and self._waiting[0] == event.character and event.character.isalpha():
            # the same letter again ("m" "m"): the key pressed twice, not a word (hardly
            # one opens on a doubled letter); the second waits in its turn
            screen = self.screen
            await self._act_waiting()
            if self.app.screen is not screen:
                return  # the first press opened a dialog (F, e): the second is not for this list
        if self._waiting is not None:
            # a letter right behind the waiting one: the two begin a word
            letter, _, timer = self._waiting
            self._waiting = None
            timer.stop()
            self.screen.set_focus(box)
            box.insert_text_at_cursor(letter + event.character)
            return
        active = None if typing else self._active_binding(event)
        if active is not None and event.character.isalnum():
            self._waiting = (event.character, active, self.set_timer(KEY_OR_WORD_WAIT_S, self._act_waiting))
            return
        if active is not None:
            # the key's own job, now: bubbled up to the app it would run only after
            # the letters behind it, by then typed into the filter with the focus
            await self.app.run_action(active.binding.action, active.node)
            return
        if not typing:
            self.screen.set_focus(box)  # at once (focus() waits a turn): the keys behind this one go to the box
        box.insert_text_at_cursor(event.character)

    async def _act_waiting(self) -> None:
        """The waiting key's own job: no letter followed it."""
        if self._waiting is None:
            return
        _, active, timer = self._waiting
        self._waiting = None
        timer.stop()
        await self.app.run_action(active.binding.action, active.node)

    def action_clear_filter(self) -> None:
        box = self._filter_box()
        if box is not None:
            box.value = ""

    def action_open(self) -> None:
        self.post_message(self.Opened())


class FilterInput(Input):
    BINDINGS = bindings("filter")

    def action_to_list(self) -> None:
        self.parent.query_one(StoryOptions).focus()

    def action_clear(self) -> None:
        self.value = ""
        self.parent.query_one(StoryOptions).focus()


class StoryList(Vertical):
    """Filter box, story options, and a count line."""

    class Highlighted(Message):
        """The story under the cursor; None when the filter hides every story."""

        def __init__(self, story: Story | None) -> None:
            super().__init__()
            self.story = story

    class Opened(Message):
        def __init__(self, story: Story) -> None:
            super().__init__()
            self.story = story

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.stories: dict[str, Story] = {}
        self.status: dict[str, str] = {}  # the desk's new / updated / read, by story id
        self.arrival_order = False  # the desk lists newest update first, as the store gives them
        self.by_focus = False  # with a focus, the stories that answer it first
        self.shown: list[str] = []
        self.filter_text = ""
        self._before_filter: str | None = None  # the story highlighted when the filter began
        # until the reader touches anything, the top story stays highlighted as stories arrive
        self.touched = False
        self._headline_width = 0  # the cells a headline has in the list; 0 before the first layout

    def compose(self) -> ComposeResult:
        # select_on_focus off: the key that moved focus here is already in the box,
        # and selecting it would let the next key replace it ("putin" -> "utin")
        yield FilterInput(placeholder="type or / to filter stories", id="filter", select_on_focus=False)
        yield StoryOptions(id="stories")
        yield Label("", id="story-count")

    @property
    def options(self) -> StoryOptions:
        return self.query_one(StoryOptions)

    @property
    def highlighted(self) -> Story | None:
        opts = self.options
        if opts.highlighted is None or opts.highlighted >= len(self.shown):
            return None
        return self.stories.get(self.shown[opts.highlighted])

    def add_story(self, story: Story, status: str | None = None) -> None:
        self.stories[story.id] = story
        if status is not None:
            self.status[story.id] = status
        self.refresh_list()

    def set_status(self, story_id: str, status: str) -> None:
        if self.status.get(story_id) != status and story_id in self.stories:
            self.status[story_id] = status
            if story_id in self.shown:
                self.options.replace_option_prompt_at_index(
                    self.shown.index(story_id), self._prompt(story_id)
                )
            self._count()

    def ordered(self) -> list[Story]:
        stories = list(self.stories.values()) if self.arrival_order else sorted(self.stories.values(), key=story_order)
        if self.by_focus:
            stories.sort(key=focus_order)  # stable: equally relevant stories keep the order above
        return stories

    def matches(self, story: Story) -> bool:
        if not self.filter_text:
            return True
        needle = self.filter_text.lower()
        # what the list and the reader show: headline, titles, outlets and the summaries' sentences
        hay = [story.headline] + [a.title or "" for a in story.articles] + [a.source or "" for a in story.articles]
        for summary in (story.summary, story.abstractive):
            if summary is not None:
                hay.extend(s.text for s in summary.sentences)
        hay_text = "\n".join(hay).lower()
        return all(word in hay_text for word in needle.split())

    def refresh_list(self) -> None:
        opts = self.options
        current = self.highlighted
        # a filter that hid every story leaves no highlight: clearing it comes back
        # to the story the reader was on before filtering, not to the top one
        keep = current.id if current else (self._before_filter if not self.filter_text else None)
        self.shown = [s.id for s in self.ordered() if self.matches(s)]
        opts.set_options(Option(self._prompt(i), id=i) for i in self.shown)
        if self.shown:
            index = self.shown.index(keep) if keep in self.shown and self.touched else 0
            if not self.touched and keep != self.shown[0]:
                keep = None
            opts.highlighted = index
            if keep not in self.shown:
                # the highlight moved to another story: say so even if the index did not change
                self.post_message(self.Highlighted(self.stories[self.shown[index]]))
        elif self.filter_text:
            # the filter hides every story: the reader must not go on showing the last one as if it matched
            self.post_message(self.Highlighted(None))
        self._count()

    def _prompt(self, story_id: str):
        return story_prompt(self.stories[story_id], self.status.get(story_id), self._headline_width or None)

    def on_resize(self, event: events.Resize) -> None:
        # the headline's cut follows the list's width: less the option's padding (1 cell a
        # side) and the scroll bar's 2 cells, shown or not, so that the cut stays put as it comes
        width = max(self.content_region.width - 4, 0)
        if width != self._headline_width:
            self._headline_width = width
            for index, story_id in enumerate(self.shown):
                self.options.replace_option_prompt_at_index(index, self._prompt(story_id))
            self._count()

    def _count(self) -> None:
        total = len(self.stories)
        label = self.query_one("#story-count", Label)
        if self.filter_text:
            # the longest wording that fits the list: at 80 columns the line ended "1 of 12 stories
            # matches “" (a trial); the filter box above shows what was typed
            verb = "matches" if len(self.shown) == 1 else "match"
            width = self.content_region.width
            room = width - 2 if width else 10**6  # less the label's padding; not laid out yet: whole
            wordings = [f"{len(self.shown)} of {plural(total, 'story')} {verb} “{self.filter_text}”",
                        f"{len(self.shown)} of {plural(total, 'story')} {verb}", f"{len(self.shown)} of {total} {verb}"]
            text = Text(first_fitting(wordings, room))
        else:
            text = Text(plural(total, "story"))
        fresh = sum(v in ("new", "updated") for v in self.status.values())
        if self.status:
            text.append(f" · {fresh} unread", style="dim")
        label.update(text)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if text and not self.filter_text:
            story = self.highlighted
            self._before_filter = story.id if story is not None else None
        self.filter_text = text
        self.refresh_list()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        story = self.highlighted
        if story is not None:
            self.post_message(self.Opened(story))

    @on(OptionList.OptionHighlighted, "#stories")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id not in self.shown:
            return  # posted before the filter changed the list (keys typed fast): stale
        story = self.stories.get(event.option.id or "")
        if story is not None:
            self.post_message(self.Highlighted(story))

    @on(OptionList.OptionSelected, "#stories")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        story = self.stories.get(event.option.id or "")
        if story is not None:
            self.post_message(self.Opened(story))

    @on(StoryOptions.Opened)
    def _opened(self, event: StoryOptions.Opened) -> None:
        event.stop()
        story = self.highlighted
        if story is not None:
            self.post_message(self.Opened(story))

    def select(self, story_id: str) -> None:
        if story_id not in self.shown:
            self.query_one("#filter", Input).value = ""
            self.filter_text = ""
            self.refresh_list()
        if story_id in self.shown:
            self.options.highlighted = self.shown.index(story_id)
