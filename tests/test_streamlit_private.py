"""The private parts of Streamlit the app relies on are still there (bounded in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pages_manager_still_has_the_multipage_switch():
    """ui.state._hand_over_to_router flips PagesManager.uses_pages_directory: it must still exist."""
    from streamlit.runtime.pages_manager import PagesManager

    assert hasattr(PagesManager, "uses_pages_directory"), (
        "Streamlit removed PagesManager.uses_pages_directory: deep links (/commune?...) would run a page "
        "without the router. Rework ui/state.py _hand_over_to_router before raising the streamlit bound.")
    assert isinstance(PagesManager.uses_pages_directory, bool | None)


def test_private_streamlit_attribute_is_used_in_two_places_only():
    """Only ui/state.py (a deep link on a plain `streamlit run`) and ui/serve.py (`make run`: off before
    any session, without importing the app's modules before the server listens) name the private
    attribute: the places to fix on an upgrade."""
    users = [p.relative_to(ROOT).as_posix() for p in (ROOT / "src").rglob("*.py")
             if "uses_pages_directory" in p.read_text("utf-8")]
    users += [p.name for p in (ROOT / "pages").glob("*.py") if "uses_pages_directory" in p.read_text("utf-8")]
    assert sorted(users) == ["src/pma_map/ui/serve.py", "src/pma_map/ui/state.py"]
    assert "uses_pages_directory" not in (ROOT / "app.py").read_text("utf-8")


def test_dependencies_whose_private_parts_we_touch_are_bounded_from_above():
    """streamlit, folium and streamlit-folium carry an upper bound, and the installed versions are within it."""
    import tomllib
    from importlib.metadata import version

    from packaging.requirements import Requirement

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    reqs = {r.name: r for r in map(Requirement, deps)}
    for name in ("streamlit", "folium", "streamlit-folium"):
        assert any(s.operator in ("<", "<=", "~=", "==") for s in reqs[name].specifier), name
        assert reqs[name].specifier.contains(version(name)), (name, version(name))
