from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's state and data directories
    (the TUI remembers its state there; the desk keeps its store there)."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))


@pytest.fixture(autouse=True)
def terminal_width(monkeypatch):
    """The width a run on no terminal gets (``shutil.get_terminal_size``'s
    fallback in compare, 120; render keeps 100 of it), whatever runs the
    tests: a developer's narrow terminal, or pytest-xdist's workers, which
    set COLUMNS=80.  A test that wants another width sets its own."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("LINES", "24")


@pytest.fixture
def seeds_dir():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return SEEDS


PAGE_A = """Daily Planet

World news you can trust
Storm hits coastal town, thousands evacuated

Storm hits coastal town, thousands evacuated

  • Home
  • World
  • Sports

A powerful storm struck the coastal town of Port Ellis on Monday, forcing thousands of residents to evacuate their homes.

Register now to get free unlimited access to dailyplanet.com

"We have never seen water rise this fast," said Mayor Ann Lee, who ordered the evacuation before dawn.

Officials said about 4,000 people were moved to shelters in the U.S. state's interior. Read more

ALSO READ | Ten things to know about hurricane season

The weather service said winds reached 150 km per hour near the harbour.

Related Articles

Celebrity chef opens new restaurant downtown
Local team wins championship in overtime
"""

PAGE_B = """Storm forces mass evacuation in Port Ellis

PORT ELLIS (Reuters) - A powerful storm hit the coastal town of Port Ellis on Monday, forcing thousands of residents to flee their homes.

Mayor Ann Lee said: "We have never seen water rise this fast." She ordered the evacuation before dawn.

About 4,000 people were taken to shelters inland, officials said.

Power was cut to most of the town and schools will stay closed until Friday.

Reporting by Jane Doe; Editing by John Roe

Leave a Comment
"""

PAGE_C = """Central bank raises interest rates again

The central bank raised its benchmark interest rate by half a point on Tuesday, its fourth increase this year.

Governor Mark Stone said inflation remained far too high and further increases were likely.

Markets fell after the announcement, with bank shares leading the decline.

Economists had expected a smaller rise of a quarter point.
"""


@pytest.fixture
def pile(tmp_path):
    """Two outlets on one storm story, one unrelated economy story."""
    (tmp_path / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PAGE_B, encoding="utf-8")
    (tmp_path / "c.txt").write_text(PAGE_C, encoding="utf-8")
    return tmp_path
