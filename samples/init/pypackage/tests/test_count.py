from wordcount import count


def test_count() -> None:
    assert count("two words") == 2
