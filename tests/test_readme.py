"""The README's feature table is generated from the registry; its commands stay true."""

from pathlib import Path

from framing.features import feature_table_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_feature_table_matches_the_registry():
    assert feature_table_markdown() in README.read_text(encoding="utf-8"), (
        "README feature table is stale: paste framing.features.feature_table_markdown() into it"
    )


def test_readme_holds_the_setup_and_test_commands():
    text = README.read_text(encoding="utf-8")
    assert "framing score examples/articles.jsonl" in text
    assert 'pip install -e ".[test]" && python -m pytest -q' in text
    assert (README.parent / "examples" / "articles.jsonl").is_file()
    assert (README.parent / "reports" / "example.html").is_file()
