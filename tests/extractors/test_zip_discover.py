"""discover_documents: archives in an evidence folder become one document per member, with provenance."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from office_samples import make_xlsx, make_zip

from core.errors import MissingFileError
from core.models import DocumentStatus, ExtractedDocument
from extractors.api import extract_document
from extractors.discovery import archive_folder as archive_discover
from extractors.discovery.archive import ArchiveLimits
from extractors.discovery.archive_folder import DiscoveredDocument, discover_documents, resolve_source_path


def _zip_bytes(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    """An evidence folder: a loose file, a good archive with a nested one, a malicious archive."""
    root = tmp_path / "Kota Contoh" / "2024"
    root.mkdir(parents=True)
    (root / "a-notulen.txt").write_text("Notulen rapat Tim Koordinasi SPBE\n")
    deeper = _zip_bytes({"terlalu-dalam.txt": "tidak dibuka"})
    inner = _zip_bytes({"sop.txt": "Standar Operasional Prosedur Layanan", "lagi.zip": deeper})
    rows = [["Kode", "Uraian"], ["5.1", "Aplikasi SPBE"]]
    book = make_xlsx(tmp_path / "rka.xlsx", {"RKA": rows}).read_bytes()
    make_zip(root / "bukti.zip", {"Indikator 1/sk tim.txt": "Keputusan Wali Kota tentang Tim Koordinasi SPBE",
                                  "Indikator 1/rka.xlsx": book, "Indikator 2/dalam.zip": inner,
                                  "__MACOSX/Indikator 1/._sk tim.txt": "x"})
    make_zip(root / "c-jahat.zip", {"../../keluar.txt": "x"})
    return root


def _relative(doc: DiscoveredDocument, root: Path) -> tuple[str, str]:
    return doc.name, doc.source_path.replace(str(root) + "/", "")


def test_discover_documents_replaces_archives_by_members(evidence: Path, tmp_path: Path) -> None:
    found = list(discover_documents(evidence, tmp_path / "work"))
    assert [_relative(d, evidence) for d in found] == [
        ("a-notulen.txt", "a-notulen.txt"),
        ("rka.xlsx", "bukti.zip!/Indikator 1/rka.xlsx"),
        ("sk tim.txt", "bukti.zip!/Indikator 1/sk tim.txt"),
        ("lagi.zip", "bukti.zip!/Indikator 2/dalam.zip!/lagi.zip"),  # nested one level deep only
        ("sop.txt", "bukti.zip!/Indikator 2/dalam.zip!/sop.txt"),
        ("c-jahat.zip", "c-jahat.zip"),  # not unpacked: yielded as itself
    ]
    assert [d.in_archive for d in found] == [False, True, True, True, True, False]
    assert all(d.path.is_file() for d in found)
    assert found[2].path.read_text() == "Keputusan Wali Kota tentang Tim Koordinasi SPBE"
    assert not (tmp_path / "keluar.txt").exists() and not (evidence.parent / "keluar.txt").exists()


def test_members_extract_with_their_provenance(evidence: Path, tmp_path: Path) -> None:
    docs = {d.name: extract_document(d.path, source_path=d.source_path)
            for d in discover_documents(evidence, tmp_path / "work")}
    sk = docs["sk tim.txt"]
    assert sk.status is not DocumentStatus.failure
    assert sk.source.path == f"{evidence}/bukti.zip!/Indikator 1/sk tim.txt"
    assert sk.source.name == "sk tim.txt"
    assert docs["rka.xlsx"].pages[0].text == "RKA\nKode | Uraian\n5.1 | Aplikasi SPBE"
    assert ExtractedDocument.model_validate_json(sk.model_dump_json()) == sk
    deep, bad = docs["lagi.zip"], docs["c-jahat.zip"]
    assert deep.status is DocumentStatus.failure and deep.source.path.endswith("dalam.zip!/lagi.zip")
    assert [i.code for i in deep.issues] == ["unsupported"]
    assert "hanya sampai satu tingkat" in deep.issues[0].message
    assert bad.status is DocumentStatus.failure and "path traversal" in bad.issues[0].message


def test_unpacked_archives_are_cached_by_content(evidence: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = list(discover_documents(evidence, tmp_path / "work"))
    unpacked: list[str] = []
    real = archive_discover._unpack_tree

    def recording(path: Path, *args: object, **kwargs: object) -> list[str]:
        unpacked.append(path.name)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(archive_discover, "_unpack_tree", recording)
    assert list(discover_documents(evidence, tmp_path / "work")) == first
    assert unpacked == ["c-jahat.zip"]  # only the refused archive is looked at again (it fails fast)
    leftovers = [p.name for p in (tmp_path / "work").iterdir() if p.name.startswith(".unpacking-")]
    assert leftovers == []


def test_damaged_cache_is_rebuilt(evidence: Path, tmp_path: Path) -> None:
    first = list(discover_documents(evidence, tmp_path / "work"))
    first[1].path.unlink()  # a member deleted from the cache: the manifest no longer holds
    again = list(discover_documents(evidence, tmp_path / "work"))
    assert again == first and again[1].path.is_file()


def test_resolve_source_path_unpacks_again_when_needed(evidence: Path, tmp_path: Path) -> None:
    member = next(d for d in discover_documents(evidence, tmp_path / "work") if d.name == "sop.txt")
    fresh = tmp_path / "other-work"  # e.g. the review app on another day, cache cleared
    resolved = resolve_source_path(member.source_path, fresh)
    assert resolved.read_text() == "Standar Operasional Prosedur Layanan"
    assert resolve_source_path(str(evidence / "a-notulen.txt"), fresh) == evidence / "a-notulen.txt"
    with pytest.raises(MissingFileError, match="tidak ada di arsip"):
        resolve_source_path(f"{evidence}/bukti.zip!/tidak-ada.pdf", fresh)
    (evidence / "bukti.zip").unlink()
    with pytest.raises(MissingFileError, match="sudah tidak ada"):
        resolve_source_path(member.source_path, tmp_path / "third")


def test_office_files_and_broken_zips_are_not_archives(tmp_path: Path) -> None:
    book = make_xlsx(tmp_path / "rka.xlsx", {"RKA": [["x"]]})
    broken = tmp_path / "rusak.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    found = list(discover_documents(tmp_path, tmp_path / "work"))
    assert [(d.path, d.in_archive) for d in found] == [(book, False), (broken, False)]
    assert extract_document(broken).issues[0].code == "corrupt"


def test_empty_archive_is_yielded_itself(tmp_path: Path) -> None:
    root = tmp_path / "bukti"
    root.mkdir()
    make_zip(root / "kosong.zip", {"folder/": ""})
    found = list(discover_documents(root, tmp_path / "work"))
    assert [d.name for d in found] == ["kosong.zip"]
    assert extract_document(found[0].path).issues[0].code == "empty"


def test_nested_archives_share_the_size_budget(tmp_path: Path) -> None:
    root = tmp_path / "bukti"
    root.mkdir()
    inner = _zip_bytes({"besar.txt": "x" * 5000})
    make_zip(root / "luar.zip", {"kecil.txt": "y" * 100, "dalam.zip": inner})
    limits = ArchiveLimits(max_total_bytes=len(inner) + 100 + 4000)  # outer fits, outer + inner does not
    found = list(discover_documents(root, tmp_path / "work", limits))
    assert [d.source_path.split("!/", 1)[1] for d in found] == ["dalam.zip", "kecil.txt"]


def test_a_zip_passed_as_the_root_is_unpacked(evidence: Path, tmp_path: Path) -> None:
    found = list(discover_documents(evidence / "bukti.zip", tmp_path / "work"))
    assert [d.name for d in found] == ["rka.xlsx", "sk tim.txt", "lagi.zip", "sop.txt"]
