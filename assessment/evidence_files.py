"""Evidence files on their own: the limits, what a file is (decided from its bytes, never from
its name), the display name and description, the optional virus scan, and the content-addressed
folder beside the database. No SQL here; ``assessment.evidence`` keeps the rows and the rules.

The folder is ``<db dir>/<db stem>.evidence/ab/cdef…`` (the sha256 split after two characters),
one per database so that two databases in one folder never collect each other's files. Folders
are 0700 and files 0600 whatever the umask; nothing under it is served by the app: a file
leaves only through ``assessment.evidence.read``, which checks who asks and audits it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import puremagic

from assessment.errors import AssessmentError

# ----------------------------------------------------------------------------------- limits
# Every limit of evidence files, in one place (the README's "Evidence files" states them).
MAX_FILE_BYTES = 10 * 1024 * 1024  # one file
MAX_ASSESSMENT_BYTES = 100 * 1024 * 1024  # all files of one assessment
MAX_ASSESSMENT_FILES = 50  # attachments of one assessment
MAX_DESCRIPTION_CHARS = 200
MAX_NAME_CHARS = 120
# Office documents are zip packages: what unpacking one may cost, whatever its size on disk
MAX_OOXML_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_OOXML_RATIO = 100  # uncompressed / compressed, per member and in total
MAX_OOXML_MEMBERS = 10_000
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
CLAMAV_SETTING = "ASSESSMENT_CLAMAV"  # "1": scan every file with clamdscan before keeping it
CLAMAV_TIMEOUT_S = 120
STALE_UPLOAD_S = 3600  # an unfinished upload's temporary file older than this is swept by gc


class EvidenceError(AssessmentError):
    """A file that cannot be kept as evidence (type, size, name, description, scan)."""


@dataclass(frozen=True)
class Kind:
    name: str
    mime: str
    label: str  # what the pages and messages call it


KINDS = {
    "pdf": Kind("pdf", "application/pdf", "PDF"),
    "png": Kind("png", "image/png", "PNG"),
    "jpeg": Kind("jpeg", "image/jpeg", "JPEG"),
    "docx": Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (docx)"),
    "xlsx": Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (xlsx)"),
    "pptx": Kind(
        "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint (pptx)"
    ),
    "text": Kind("text", "text/plain; charset=utf-8", "text"),
}
ACCEPTED = "PDF, PNG, JPEG, docx, xlsx, pptx, UTF-8/GB18030 text"

# the main part an Office package declares in [Content_Types].xml says which kind it is; the
# macro-enabled variants (docm, xlsm, pptm) declare other types and are refused
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
MAGIC_KINDS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpeg"}
# C0/C1 controls other than tab, newline, carriage return and form feed: a text file holding
# them is not text (an executable decodes as GB18030 more often than one would think)
NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def refused(name: str, zh: str, en: str) -> EvidenceError:
    return EvidenceError(f"文件“{name}”未保存：{zh}", f"file '{name}' was not kept: {en}")


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")


# -------------------------------------------------------------------------- names and text


def display_name(raw: str) -> str:
    """The name to show: the last path part only (old browsers send ``C:\\…\\x.pdf``), spaces and
    leading dots trimmed, at most ``MAX_NAME_CHARS``. Refused if it holds control or format
    characters (escape sequences, right-to-left overrides that disguise ``exe.pdf``)."""
    raw = str(raw or "")
    shown = raw.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".").strip()
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in shown):
        visible = "".join(ch if unicodedata.category(ch) not in ("Cc", "Cf") else "?" for ch in shown)
        raise refused(visible[:MAX_NAME_CHARS], "文件名含控制字符", "its name holds control characters")
    if not shown:
        raise EvidenceError("文件没有名称，未保存", "the file has no name and was not kept")
    if len(shown) > MAX_NAME_CHARS:
        stem, dot, ext = shown.rpartition(".")
        keep = ext if dot and len(ext) <= 10 else ""
        shown = shown[: MAX_NAME_CHARS - len(keep) - 2] + "…" + ("." + keep if keep else "")
    return shown


def check_description(name: str, text: str) -> str:
    """The description, one line, required, at most ``MAX_DESCRIPTION_CHARS`` characters."""
    text = " ".join("".join(" " if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in str(text or "")).split())
    if not text:
        raise refused(name, "请填写简短说明（这份材料证明什么）", "give a short description (what it shows)")
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise refused(
            name,
            f"说明超过 {MAX_DESCRIPTION_CHARS} 字（{len(text)} 字）",
            f"the description is longer than {MAX_DESCRIPTION_CHARS} characters ({len(text)})",
        )
    return text


# ---------------------------------------------------------------------------------- kinds


# what reading a damaged or hostile zip may raise (encrypted members: RuntimeError; unknown
# compression: NotImplementedError)
UNREADABLE_ZIP = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    RuntimeError,
    NotImplementedError,
)


def _ooxml_kind(name: str, data: bytes) -> str:
    """docx / xlsx / pptx, after checking the zip is a real Office package that unpacks to a
    bounded size (a zip bomb is refused from its directory, before anything is unpacked; Python's
    zipfile never unpacks a member beyond the size its directory declares)."""
    bad = refused(name, "不是有效的 Office 文档（docx/xlsx/pptx）", "not a valid Office document (docx/xlsx/pptx)")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except UNREADABLE_ZIP:
        raise bad from None
    if len(members) > MAX_OOXML_MEMBERS:
        raise bad
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    too_dense = any(m.file_size > MAX_OOXML_RATIO * max(m.compress_size, 1) for m in members)
    if unpacked > MAX_OOXML_UNPACKED_BYTES or too_dense or unpacked > MAX_OOXML_RATIO * max(packed, 1):
        raise refused(
            name,
            f"压缩包解压后过大（{megabytes(unpacked)}，压缩比超过 {MAX_OOXML_RATIO}:1 或超过 "
            f"{megabytes(MAX_OOXML_UNPACKED_BYTES)}），疑似“压缩炸弹”",
            f"it unpacks to too much ({megabytes(unpacked)}; over {MAX_OOXML_RATIO}:1 or "
            f"{megabytes(MAX_OOXML_UNPACKED_BYTES)}): a likely zip bomb",
        )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names:
        raise bad
    info = package.getinfo("[Content_Types].xml")
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        raise bad
    try:
        # the standard library's expat refuses entity expansion bombs; no external entities
        root = ElementTree.fromstring(package.read(info))
    except (ElementTree.ParseError, *UNREADABLE_ZIP):
        raise bad from None
    declared = {el.get("ContentType") for el in root if el.tag.endswith("Override")}
    kinds = {OOXML_MAIN_PARTS[t] for t in declared if t in OOXML_MAIN_PARTS}
    if len(kinds) != 1 or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise bad
    return kinds.pop()


def _is_text(data: bytes) -> bool:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not NOT_TEXT.search(text)
    return False


def file_kind(name: str, data: bytes) -> str:
    """The kind of ``data`` (a key of ``KINDS``), from its bytes (magic numbers, via puremagic;
    Office packages and text checked further); refused otherwise, whatever its name says."""
    try:
        matches = puremagic.magic_string(data[:8192])
    except (puremagic.PureError, ValueError):
        matches = []
    mimes = [m.mime_type for m in matches]
    for mime in mimes:
        if mime in MAGIC_KINDS:
            return MAGIC_KINDS[mime]
    if data[:4] == b"PK\x03\x04":
        return _ooxml_kind(name, data)
    if _is_text(data):
        return "text"
    found = next((m.mime_type or m.name for m in matches if m.mime_type or m.name), "unknown binary")
    raise refused(
        name,
        f"不支持的文件类型（按内容识别为 {found}）；可上传：{ACCEPTED}",
        f"unsupported type (its content is {found}); accepted: {ACCEPTED}",
    )


def check_size(name: str, size: int) -> None:
    if size == 0:
        raise refused(name, "文件为空（0 字节）", "the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise refused(
            name,
            f"文件 {megabytes(size)} 超过单个文件上限 {megabytes(MAX_FILE_BYTES)}",
            f"{megabytes(size)} is over the limit of {megabytes(MAX_FILE_BYTES)} per file",
        )


# ---------------------------------------------------------------------------------- scanning


def clamav_enabled() -> bool:
    return os.environ.get(CLAMAV_SETTING, "0").strip() == "1"


def scan(name: str, path: Path) -> None:
    """With ``ASSESSMENT_CLAMAV=1``: ``clamdscan`` must call the file clean, else it is refused
    (also when the scanner is missing or fails: the setting promises a scan)."""
    if not clamav_enabled():
        return
    scanner = shutil.which("clamdscan")
    if scanner is None:
        raise refused(
            name, "已要求病毒扫描，但未安装 clamdscan", "a virus scan is required but clamdscan is not installed"
        )
    try:
        # --fdpass: clamd runs as its own user and cannot open our 0600 file; we hand it the descriptor
        done = subprocess.run(
            [scanner, "--no-summary", "--fdpass", str(path)],
            capture_output=True,
            text=True,
            timeout=CLAMAV_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise refused(name, f"病毒扫描失败（{exc}）", f"the virus scan failed ({exc})") from None
    if done.returncode == 1:
        found = done.stdout.strip().rsplit(":", 1)[-1].strip() or "FOUND"
        raise refused(name, f"病毒扫描发现威胁：{found}", f"the virus scan found a threat: {found}")
    if done.returncode != 0:
        problem = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise refused(name, f"病毒扫描失败（{problem[0]}）", f"the virus scan failed ({problem[0]})")


# ---------------------------------------------------------------------------------- storage

SHA256 = re.compile(r"[0-9a-f]{64}")


def folder(db_path: Path) -> Path:
    """The evidence folder of the database at ``db_path``."""
    return Path(db_path).parent / f"{Path(db_path).stem}.evidence"


def blob_path(root: Path, sha256: str) -> Path:
    if not SHA256.fullmatch(sha256):
        raise ValueError(f"not a sha256: {sha256!r}")
    return root / sha256[:2] / sha256[2:]


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def write_temporary(root: Path, data: bytes) -> Path:
    """``data`` in a new 0600 file under ``root/tmp`` (fsynced), to scan and then keep."""
    fd, name = tempfile.mkstemp(dir=_private_dir(_private_dir(root) / "tmp"), prefix="upload-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def keep(root: Path, sha256: str, temporary: Path) -> bool:
    """Move ``temporary`` to its content address; False (and ``temporary`` removed) when the
    same content is already kept. Call it under the database's write lock."""
    target = blob_path(root, sha256)
    if target.is_file():
        temporary.unlink(missing_ok=True)
        return False
    _private_dir(target.parent)
    os.replace(temporary, target)
    return True


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kept(root: Path) -> dict[str, Path]:
    """Every kept file under ``root``, by sha256 (temporary uploads are not listed)."""
    out: dict[str, Path] = {}
    if not root.is_dir():
        return out
    for shard in root.iterdir():
        if len(shard.name) != 2 or not shard.is_dir():
            continue
        for path in shard.iterdir():
            sha = shard.name + path.name
            if SHA256.fullmatch(sha) and path.is_file():
                out[sha] = path
    return out


def stale_uploads(root: Path, now: float | None = None) -> list[Path]:
    """Temporary files of uploads that never finished (a crash between writing and keeping)."""
    tmp = root / "tmp"
    if not tmp.is_dir():
        return []
    limit = (time.time() if now is None else now) - STALE_UPLOAD_S
    return [p for p in tmp.iterdir() if p.is_file() and p.stat().st_mtime < limit]
