"""Build the corpus of real-world files (``tests/corpus/files/``): one recipe per file.

Usage, from the repository root: ``python tests/corpus/make_corpus.py [FOLDER]`` (default: the
committed folder). Every file of the corpus comes from a recipe here, built from the shipped
example (``examples/domande-esempio.xlsx``) or written from scratch:

- ``.xls``: the example converted by LibreOffice (``soffice --convert-to xls``, "Excel 97"), as
  an office saves it; the committed copy serves machines without LibreOffice.
- ``.xlsb``: LibreOffice reads but cannot write Excel binary workbooks and no Python library
  writes them, so :mod:`tests.corpus.binary_workbooks` writes their records itself.
- the others (OpenDocument with macros or a password, zips named with backslashes, Excel 4.0
  macro sheets, English amounts, a platform's headers) are zips and texts written here.

:data:`CASES` says, for each file, what ``wecare check`` must answer: its exit code and the
error or finding code that matters.
"""

from __future__ import annotations

import base64
import hashlib
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.corpus.binary_workbooks import convert, xlsb_from_xlsx  # noqa: E402

FILES = Path(__file__).resolve().parent / "files"
EXAMPLE = ROOT / "examples" / "domande-esempio.xlsx"

Recipe = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    recipe: Recipe
    exit_code: int
    code: str
    """The error code (exit 2) or a finding code the check reports."""
    options: tuple[str, ...] = ()
    needs_soffice: bool = False
    """Only LibreOffice builds it (the committed copy is used elsewhere)."""


def example_xls(target: Path) -> None:
    convert(EXAMPLE, target, "xls")


def example_xlsb(target: Path) -> None:
    xlsb_from_xlsx(EXAMPLE, target)


def example_ods(target: Path) -> None:
    convert(EXAMPLE, target, "ods")


def _base(target: Path, name: str) -> Path:
    """A file of the corpus another is made from: the one just built beside ``target``, else the
    committed one."""
    beside = target.parent / name
    return beside if beside.exists() else FILES / name


def _rezip(source: Path, target: Path, changes: dict[str, bytes | None]) -> None:
    """``source`` rewritten into ``target`` part by part, in order: ``changes`` replaces a part
    (None drops it) or adds it at the end; ``mimetype`` stays first and stored."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as rebuilt:
        for info in original.infolist():
            if info.filename in changes and changes[info.filename] is None:
                continue
            data = changes.get(info.filename) or original.read(info.filename)
            _write(rebuilt, info.filename, data, stored=info.compress_type == zipfile.ZIP_STORED)
        for name, added in changes.items():
            if added is not None and name not in original.namelist():
                _write(rebuilt, name, added)


def _write(archive: zipfile.ZipFile, name: str, data: bytes, *, stored: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


_BASIC_LIBRARIES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" \
xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" xlink:href="Basic/Standard/script.xlb/" \
xlink:type="simple" library:link="false"/>
</library:libraries>
"""
_BASIC_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" \
library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Module1"/>
</library:library>
"""
_BASIC_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic" script:moduleType="normal">REM  *****  BASIC  *****

Sub Main
    MsgBox &quot;Graduatoria aggiornata&quot;
End Sub
</script:module>
"""


def ods_with_basic_macros(target: Path) -> None:
    """The example .ods with a LibreOffice Basic module, its parts as LibreOffice writes them
    (each with a DOCTYPE) and listed in the manifest."""
    source = _base(target, "domande-esempio.ods")
    with zipfile.ZipFile(source) as original:
        manifest = original.read("META-INF/manifest.xml").decode()
    entries = "".join(
        f' <manifest:file-entry manifest:full-path="{path}" manifest:media-type="{kind}"/>\n'
        for path, kind in (
            ("Basic/Standard/Module1.xml", "text/xml"),
            ("Basic/Standard/script-lb.xml", "text/xml"),
            ("Basic/script-lc.xml", "text/xml"),
        )
    )
    manifest = manifest.replace("</manifest:manifest>", entries + "</manifest:manifest>")
    _rezip(
        source,
        target,
        {
            "Thumbnails/thumbnail.png": None,
            "META-INF/manifest.xml": manifest.encode(),
            "Basic/Standard/Module1.xml": _BASIC_MODULE.encode(),
            "Basic/Standard/script-lb.xml": _BASIC_LIBRARY.encode(),
            "Basic/script-lc.xml": _BASIC_LIBRARIES.encode(),
        },
    )


_ENCRYPTED_ENTRY = """ <manifest:file-entry manifest:full-path="{path}" manifest:media-type="text/xml" \
manifest:size="{size}">
  <manifest:encryption-data \
manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" \
manifest:checksum="{checksum}">
   <manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" \
manifest:initialisation-vector="{iv}"/>
   <manifest:start-key-generation \
manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>
   <manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" \
manifest:iteration-count="100000" manifest:salt="{salt}"/>
  </manifest:encryption-data>
 </manifest:file-entry>
"""


def _noise(seed: str, size: int) -> bytes:
    """Bytes that look like cipher text (the same every time)."""
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}{counter}".encode()).digest()
        counter += 1
    return out[:size]


def ods_with_password(target: Path) -> None:
    """The example .ods as LibreOffice saves it with a password: the XML parts replaced by
    cipher text, and the manifest saying how each was encrypted (``manifest:encryption-data``).
    The bytes are not a real AES cipher text (no reader should get as far as decrypting them)."""
    source = _base(target, "domande-esempio.ods")
    changes: dict[str, bytes | None] = {"Thumbnails/thumbnail.png": None}
    entries = ""
    with zipfile.ZipFile(source) as original:
        for part in ("content.xml", "styles.xml", "meta.xml", "settings.xml"):
            size = original.getinfo(part).file_size
            changes[part] = _noise(part, original.getinfo(part).compress_size)
            entries += _ENCRYPTED_ENTRY.format(
                path=part,
                size=size,
                checksum=base64.b64encode(_noise(part + "sum", 32)).decode(),
                iv=base64.b64encode(_noise(part + "iv", 16)).decode(),
                salt=base64.b64encode(_noise(part + "salt", 16)).decode(),
            )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">\n'
        ' <manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\n'
        f"{entries}</manifest:manifest>\n"
    )
    changes["META-INF/manifest.xml"] = manifest.encode()
    _rezip(source, target, changes)


CASES: dict[str, Case] = {
    "domande-esempio.xls": Case(example_xls, 1, "xls-unchecked", needs_soffice=True),
    "domande-esempio.xlsb": Case(example_xlsb, 1, "hidden-row"),
    "domande-esempio.ods": Case(example_ods, 1, "hidden-row", needs_soffice=True),
    "macro-basic.ods": Case(ods_with_basic_macros, 1, "macros-ignored"),
    "protetto.ods": Case(ods_with_password, 2, "file-encrypted"),
}


def build(folder: Path, names: list[str] | None = None, *, with_soffice: bool = True) -> None:
    """Write the files of :data:`CASES` (or only ``names``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, case in CASES.items():
        if names is not None and name not in names:
            continue
        if case.needs_soffice and not with_soffice:
            continue
        case.recipe(folder / name)


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else FILES
    build(folder)
    for name in CASES:
        print(folder / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
