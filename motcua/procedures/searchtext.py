"""The accent-folded words a procedure is found by. Pure: the services and the importer store
its result in `Procedure.search_text`; the selectors match folded query words against it."""

from collections.abc import Iterable

from motcua.core.text import fold_words


def search_text_build(
    *,
    code: str,
    name: str,
    field_name: str,
    keywords: Iterable[str],
    requirement_names: Iterable[str],
) -> str:
    parts = [code, name, field_name, *keywords, *requirement_names]
    return " ".join(fold_words(" ".join(parts)))
