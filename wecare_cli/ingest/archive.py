"""The zip container of a workbook, opened defensively.

Before anything is parsed, the sizes the archive *declares* are checked against
:class:`~wecare_cli.ingest.files.ReadLimits` (zip bombs). Then every XML part is decompressed
here, chunk by chunk, counting the *real* size (a declared size can lie), checking the CRC
and refusing any DTD (billion laughs, external entities), before the spreadsheet reader
(python-calamine) sees the file. Worksheet parts are handed to a scanner on the way, so the
data is decompressed by this module once.
"""

from __future__ import annotations

import io
import queue
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from wecare_cli.findings import Phrase
from wecare_cli.ingest.files import (
    PART_VARIABLE,
    PARTS_VARIABLE,
    RATIO_VARIABLE,
    UNCOMPRESSED_VARIABLE,
    MiB,
    ReadLimits,
    UnreadableFileError,
    grouped,
    mebibytes,
)

_IN_CHUNK = 1 * MiB
_OUT_CHUNK = 4 * MiB
_PROLOG_BYTES = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_FORBIDDEN_MARKUP = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ELEMENT_START = re.compile(rb"<[A-Za-z_:]")

ChunkConsumer = Callable[[bytes], None]

_DONE = object()


def read_ahead(chunks: Iterable[bytes], depth: int = 2) -> Iterator[bytes]:
    """``chunks``, produced in a thread up to ``depth`` ahead of the consumer.

    zlib releases the GIL while it inflates, so decompressing the next chunks overlaps the
    scanning of this one. An error of the producer is raised to the consumer; a consumer that
    stops early stops the producer.
    """
    ready: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for chunk in chunks:
                while not stop.is_set():
                    try:
                        ready.put(chunk, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            ready.put(_DONE)
        except BaseException as error:  # handed over to the consumer
            ready.put(error)

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    try:
        while True:
            item = ready.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, bytes)
            yield item
    finally:
        stop.set()
        thread.join()


def _is_xml_part(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def check_prolog(head: bytes, *, complete: bool) -> Phrase | None:
    """Why the start of an XML part is unsafe (a DTD), or None if it is fine.

    ``head`` is the first bytes of the part (at least 64 KiB unless ``complete``). NUL bytes
    are dropped first so that UTF-16 and UTF-32 text is checked too.
    """
    text = head.replace(b"\x00", b"")
    found = _FORBIDDEN_MARKUP.search(text)
    if found is not None:
        return Phrase("problem-xml-declaration", {"declaration": found.group(1).decode().upper()})
    if not complete and _ELEMENT_START.search(text) is None:
        return Phrase("problem-xml-prolog-too-long")
    return None


class Package:
    """A zip archive whose declared sizes passed the limits; parts are read through :meth:`chunks`."""

    def __init__(self, data: bytes, path: Path, limits: ReadLimits) -> None:
        self._data = data
        self._view = memoryview(data)
        self.path = path
        self._limits = limits
        self._inflated = 0
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except Exception as exc:  # BadZipFile, NotImplementedError, UnicodeDecodeError, struct.error...
            raise UnreadableFileError(
                "file-corrupt", path, reason=Phrase("reason-zip-invalid", {"detail": str(exc)})
            ) from None
        self.entries: dict[str, zipfile.ZipInfo] = {
            info.filename: info for info in infos if info.filename and not info.filename.endswith("/")
        }
        self._check_declared(infos)

    def _too_large(self, reason: Phrase) -> UnreadableFileError:
        return UnreadableFileError("file-too-large", self.path, reason=reason)

    def _ratio_exceeded(self, part: str) -> UnreadableFileError:
        return self._too_large(
            Phrase(
                "limit-ratio",
                {"part": part, "limit": f"{self._limits.max_ratio:g}", "variable": RATIO_VARIABLE},
            )
        )

    def _check_declared(self, infos: list[zipfile.ZipInfo]) -> None:
        limits = self._limits
        if len(infos) > limits.max_entries:
            raise self._too_large(
                Phrase(
                    "limit-parts",
                    {
                        "count": grouped(len(infos)),
                        "limit": grouped(limits.max_entries),
                        "variable": PARTS_VARIABLE,
                    },
                )
            )
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > limits.max_entry_bytes:
                raise self._too_large(
                    Phrase(
                        "limit-part-declared",
                        {
                            "part": info.filename,
                            "size": mebibytes(info.file_size),
                            "limit": mebibytes(limits.max_entry_bytes),
                            "variable": PART_VARIABLE,
                        },
                    )
                )
            if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise self._ratio_exceeded(info.filename)
            if info.flag_bits & 0x1:
                raise UnreadableFileError("file-encrypted", self.path)
        if total > limits.max_uncompressed_bytes:
            raise self._too_large(
                Phrase(
                    "limit-uncompressed",
                    {
                        "size": mebibytes(total),
                        "limit": mebibytes(limits.max_uncompressed_bytes),
                        "variable": UNCOMPRESSED_VARIABLE,
                    },
                )
            )

    def has(self, name: str) -> bool:
        return name in self.entries

    def _corrupt(self, reason: Phrase) -> UnreadableFileError:
        return UnreadableFileError("file-corrupt", self.path, reason=reason)

    def _raw(self, info: zipfile.ZipInfo) -> memoryview:
        start = info.header_offset
        header = self._data[start : start + _LOCAL_HEADER.size]
        if len(header) < _LOCAL_HEADER.size:
            raise self._corrupt(Phrase("reason-part-cut-off", {"part": info.filename}))
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        if signature != b"PK\x03\x04":
            raise self._corrupt(Phrase("reason-part-no-local-header", {"part": info.filename}))
        begin = start + _LOCAL_HEADER.size + name_length + extra_length
        end = begin + info.compress_size
        if end > len(self._data):
            raise self._corrupt(Phrase("reason-part-truncated", {"part": info.filename}))
        return self._view[begin:end]

    def _count(self, info: zipfile.ZipInfo, produced: int) -> None:
        limits = self._limits
        if produced > info.file_size:
            raise self._too_large(Phrase("limit-part-lies", {"part": info.filename}))
        if produced > limits.max_entry_bytes:
            raise self._too_large(
                Phrase(
                    "limit-part-inflates",
                    {
                        "part": info.filename,
                        "limit": mebibytes(limits.max_entry_bytes),
                        "variable": PART_VARIABLE,
                    },
                )
            )
        if self._inflated > limits.max_uncompressed_bytes:
            raise self._too_large(
                Phrase(
                    "limit-uncompressed-inflates",
                    {
                        "part": info.filename,
                        "limit": mebibytes(limits.max_uncompressed_bytes),
                        "variable": UNCOMPRESSED_VARIABLE,
                    },
                )
            )
        if produced > limits.ratio_floor_bytes and produced > limits.max_ratio * max(info.compress_size, 1):
            raise self._ratio_exceeded(info.filename)

    def _inflate(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        raw = self._raw(info)
        if info.compress_type == zipfile.ZIP_STORED:
            for offset in range(0, len(raw), _OUT_CHUNK):
                piece = bytes(raw[offset : offset + _OUT_CHUNK])
                self._inflated += len(piece)
                self._count(info, offset + len(piece))
                yield piece
            return
        if info.compress_type != zipfile.ZIP_DEFLATED:
            raise self._corrupt(
                Phrase("reason-part-compression", {"part": info.filename, "method": info.compress_type})
            )
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        produced = 0
        try:
            for offset in range(0, len(raw), _IN_CHUNK):
                pending: bytes | memoryview = raw[offset : offset + _IN_CHUNK]
                while pending and not inflater.eof:
                    piece = inflater.decompress(pending, _OUT_CHUNK)
                    pending = inflater.unconsumed_tail
                    produced += len(piece)
                    self._inflated += len(piece)
                    self._count(info, produced)
                    if piece:
                        yield piece
                if inflater.eof:
                    break
        except zlib.error as exc:
            raise self._corrupt(
                Phrase("reason-part-inflate", {"part": info.filename, "detail": str(exc)})
            ) from None
        if not inflater.eof:
            raise self._corrupt(Phrase("reason-part-truncated", {"part": info.filename}))

    def chunks(self, name: str) -> Iterator[bytes]:
        """The decompressed bytes of a part, verified: real size, CRC and (for XML) no DTD."""
        info = self.entries[name]
        xml = _is_xml_part(name)
        head = b""
        checked = not xml
        crc = 0
        size = 0
        for piece in self._inflate(info):
            crc = zlib.crc32(piece, crc)
            size += len(piece)
            if not checked:
                head += piece[: _PROLOG_BYTES - len(head)]
                if len(head) >= _PROLOG_BYTES:
                    self._check_head(name, head, complete=False)
                    checked = True
            yield piece
        if not checked:
            self._check_head(name, head, complete=True)
        if size != info.file_size or crc != info.CRC:
            raise self._corrupt(Phrase("reason-part-checksum", {"part": info.filename}))

    def _check_head(self, name: str, head: bytes, *, complete: bool) -> None:
        reason = check_prolog(head, complete=complete)
        if reason is not None:
            raise UnreadableFileError(
                "file-unsafe", self.path, reason=Phrase("reason-in-part", {"problem": reason, "part": name})
            )

    def read(self, name: str) -> bytes:
        """A whole verified part (for the small structural parts)."""
        return b"".join(self.chunks(name))

    def verify_xml_parts(
        self, consumers: dict[str, ChunkConsumer], skip: frozenset[str] = frozenset()
    ) -> None:
        """Decompress and verify every XML part not in ``skip``, feeding ``consumers[name]`` on the way."""
        for name in self.entries:
            if name in skip or not _is_xml_part(name):
                continue
            consumer = consumers.get(name)
            for piece in self.chunks(name):
                if consumer is not None:
                    consumer(piece)
