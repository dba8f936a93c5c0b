"""Illustrations and app icon: every file parses, has the shared canvas, and every icon size exists."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "assets" / "images"
ICONS = ROOT / "assets" / "icons"
SVG_NS = "{http://www.w3.org/2000/svg}"

EXPECTED_IMAGES = """
region_calf region_foot region_hamstring region_quadriceps region_hand region_water calf_towel calf_stand
calf_massage calf_wall calf_seated_towel calf_raise foot_toes_pull foot_stand_toes foot_massage toe_curls
ankle_circles heel_toe_rock hamstring_lying_towel hamstring_seated hamstring_standing quad_standing
quad_side_lying quad_massage hand_fingers_back hand_open_close hand_massage water_float water_reach_toes
water_signal leg_swings march_in_place walk_gently rest
""".split()
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
SVGS = sorted(IMAGES.glob("*.svg"))


def test_every_named_image_exists():
    missing = [n for n in EXPECTED_IMAGES if not (IMAGES / f"{n}.svg").is_file()]
    assert missing == []


def test_no_unexpected_images():
    extra = [p.stem for p in SVGS if p.stem not in EXPECTED_IMAGES]
    assert extra == []


@pytest.mark.parametrize("path", SVGS, ids=[p.stem for p in SVGS])
def test_svg_is_well_formed_with_shared_canvas(path: Path):
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg", f"{path.name}: root is {root.tag}"
    assert root.get("viewBox") == "0 0 240 240", f"{path.name}: viewBox {root.get('viewBox')!r}"
    assert root.get("width") == "240" and root.get("height") == "240", path.name
    assert path.stat().st_size < 3072, f"{path.name}: {path.stat().st_size} bytes"
    # no text: pictures must work in any language
    assert not list(root.iter(f"{SVG_NS}text")), f"{path.name} contains <text>"


@pytest.mark.parametrize("path", SVGS, ids=[p.stem for p in SVGS])
def test_svg_renders_with_qt(path: Path):
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    assert renderer.isValid(), path.name
    assert renderer.viewBoxF().width() == 240


def test_icon_svg_is_valid():
    from PySide6.QtSvg import QSvgRenderer

    path = ICONS / "cramp-coach.svg"
    ET.parse(path)
    assert QSvgRenderer(str(path)).isValid()


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_exists_and_loads(size: int):
    from PySide6.QtGui import QImage

    path = ICONS / f"cramp-coach-{size}.png"
    assert path.is_file(), f"{path.name} missing (run assets/icons/render_pngs.py)"
    image = QImage(str(path))
    assert not image.isNull(), f"{path.name} does not load"
    assert (image.width(), image.height()) == (size, size)
    # not blank: the centre pixel is opaque
    assert image.pixelColor(size // 2, size // 2).alpha() == 255
