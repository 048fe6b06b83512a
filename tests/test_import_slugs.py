"""Slugs from any script, never a placeholder, never taken twice; originals in their own language folder."""
from __future__ import annotations

import pytest

from conftest import copy_project, run, write

from statements_archive.importing.slugs import slugify


@pytest.mark.parametrize("title, slug", [
    ("الإعلان العالمي لحقوق الإنسان", "lln-llmy-lhqwq-lnsn"),
    ("ההכרזה לכל באי עולם בדבר זכויות האדם", "hhkhrzh-lkhl-vy-vlm-vdvr-zkhvyvt-hdm"),
    ("Всеобщая декларация прав человека", "vseobshchaya-deklaratsiya-prav-cheloveka"),
    ("世界人权宣言", "shi-jie-ren-quan-xuan-yan"),
    ("Οικουμενική Διακήρυξη των Δικαιωμάτων του Ανθρώπου", "oikoymeniki-diakiryxi-ton-dikaiomaton-toy-anthropoy"),
    ("Déclaration universelle des droits de l’homme", "declaration-universelle-des-droits-de-lhomme"),
])
def test_readable_ascii_from_any_script(title, slug):
    assert slugify(title) == slug


def test_long_titles_stop_at_a_word_and_nothing_is_a_placeholder():
    slug = slugify("Stop the Genocide in Gaza and the spiraling bloodshed in the Middle East now and forever")
    assert len(slug) <= 60 and not slug.endswith("-") and slug.startswith("stop-the-genocide")
    assert slugify("!!! … ???") == ""


def test_arabic_original_goes_to_its_folder_and_a_taken_slug_is_refused(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    ar = write(tmp_path / "ar.txt", "الإعلان العالمي لحقوق الإنسان\n\nيولد جميع الناس أحرارًا متساوين في الكرامة والحقوق.\n")
    he = write(tmp_path / "he.txt", "ההכרזה לכל באי עולם בדבר זכויות האדם\n\nכל בני אדם נולדו בני חורין ושווים.\n")
    args = ["--date", "1948-12-10", "--topics", "solidarity"]
    first = run(["archive", "import", str(ar), "--lang", "ar", *args], project)
    assert "wrote docs/ar/statements/lln-llmy-lhqwq-lnsn.md" in first.stdout
    assert run(["archive", "import", str(he), "--lang", "he", *args], project).returncode == 0
    assert (project / "docs/he/statements/hhkhrzh-lkhl-vy-vlm-vdvr-zkhvyvt-hdm.md").is_file()
    # The same slug from another language is refused with the file that holds it and the option to pass.
    again = run(["archive", "import", str(ar), "--lang", "fr", *args], project, check=False)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert ("docs/ar/statements/lln-llmy-lhqwq-lnsn.md already exists: the slug 'lln-llmy-lhqwq-lnsn' is taken"
            in again.stderr) and "pass --slug lln-llmy-lhqwq-lnsn-2" in again.stderr
    assert not (project / "docs/fr/statements").exists()
    chosen = run(["archive", "import", str(ar), "--lang", "fr", "--slug", "udhr-copy", *args], project)
    assert "wrote docs/fr/statements/udhr-copy.md" in chosen.stdout


def test_a_title_without_letters_needs_a_slug(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    src = write(tmp_path / "x.txt", "!!!\n\nText of the statement.\n")
    result = run(["archive", "import", str(src), "--date", "2024-01-01", "--topics", "gaza"], project, check=False)
    assert result.returncode == 1 and "has no letters to make a file name from; pass --slug NAME" in result.stderr
    assert run(["archive", "import", str(src), "--date", "2024-01-01", "--topics", "gaza", "--slug", "Bad Slug"],
               project, check=False).returncode == 2
