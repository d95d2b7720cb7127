"""Third-party files the site ships (docs/javascripts/vendor/) are the releases package-lock.json pins."""

from __future__ import annotations

import json

from tests.factories import ROOT
from tests.required import require

VENDOR = ROOT / "docs" / "javascripts" / "vendor"


def pinned(package: str) -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    version: str = lock["packages"][f"node_modules/{package}"]["version"]
    return version


def test_vendored_panzoom_is_the_pinned_release() -> None:
    version = pinned("@panzoom/panzoom")
    shipped = (VENDOR / "panzoom.min.js").read_bytes()
    assert f"Panzoom {version} ".encode() in shipped[:200]
    installed = ROOT / "node_modules" / "@panzoom" / "panzoom"
    require(installed.is_dir(), f"{installed.relative_to(ROOT)} mangler: kør 'npm ci' i repositoriets rod")
    assert json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"] == version
    assert shipped == (installed / "dist" / "panzoom.min.js").read_bytes(), "copy it again after an update"
    assert (VENDOR / "panzoom-LICENSE.txt").read_bytes() == (installed / "MIT-License.txt").read_bytes()
