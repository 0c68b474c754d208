"""Flip symmetrisation of the pose layer, with a deliberately biased fake model (no MediaPipe)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workers import engine
from workers.pose import (
    L_KNEE,
    MIRROR_INDEX,
    R_KNEE,
    PoseFrame,
    SymmetrisedEstimator,
    combine,
    unmirror,
)

W, H = 64, 48


class BiasedFake:
    """A stateful, handedness-biased 'model': it finds the centroid of the bright pixels, smooths it
    with its previous answer (temporal tracking state), puts the subject's left landmarks to the
    image right of it and the right ones to the left, every landmark 2 px too far to the image
    right, the left knee a further 5 px out, and sees left landmarks better than right ones.
    It finds nobody when the blob lies in the image's left quarter."""

    def __init__(self, log: list[str]) -> None:
        self._prev: float | None = None
        self._log = log

    def estimate(self, rgb: np.ndarray) -> PoseFrame | None:
        ys, xs = np.nonzero(rgb[..., 0] > 127)
        c = (xs.mean() + 0.5) / rgb.shape[1]
        if c < 0.25:
            self._prev = None
            return None
        c = c if self._prev is None else 0.5 * (c + self._prev)
        self._prev = c
        j = np.arange(33)
        side = np.where(j % 2 == 1, 1.0, -1.0)
        side[:11] = np.where(MIRROR_INDEX[:11] > j[:11], 1.0, np.where(MIRROR_INDEX[:11] < j[:11], -1.0, 0.0))
        x = c + 0.1 * side * (1 + j / 33) + 2.0 / rgb.shape[1]
        x[L_KNEE] += 5.0 / rgb.shape[1]
        y = (ys.mean() + 0.5) / rgb.shape[0] + j / 25  # torso (shoulders 11/12 -> hips 23/24) ~23 px
        vis = np.where(side > 0, 0.95, 0.7)
        world = np.stack([x - c, y, 0.01 * j], axis=1)
        return PoseFrame(image=np.stack([x, y, vis], axis=1), world=world)

    def close(self) -> None:
        self._log.append("closed")


def _frames(xs: list[int]) -> list[np.ndarray]:
    out = []
    for x0 in xs:
        img = np.zeros((H, W, 3), np.uint8)
        img[10:40, x0 : x0 + 7] = 255
        img[12:20, x0 + 7 : x0 + 10] = 255  # asymmetric blob
        out.append(img)
    return out


def _run(frames: list[np.ndarray]) -> tuple[list[PoseFrame | None], SymmetrisedEstimator]:
    est = SymmetrisedEstimator(lambda: BiasedFake([]))
    res = [est.estimate(f) for f in frames]
    est.close()
    return res, est


def _mirror_frames(frames: list[np.ndarray]) -> list[np.ndarray]:
    return [np.ascontiguousarray(f[:, ::-1]) for f in frames]


def test_unmirror_is_an_involution_that_swaps_sides() -> None:
    rng = np.random.default_rng(0)
    pf = PoseFrame(image=rng.random((33, 3)), world=rng.normal(size=(33, 3)))
    back = unmirror(unmirror(pf))
    assert np.allclose(back.image, pf.image) and np.allclose(back.world, pf.world)
    m = unmirror(pf)
    assert m.image[L_KNEE, 0] == pytest.approx(1 - pf.image[R_KNEE, 0])
    assert m.world[L_KNEE, 0] == pytest.approx(-pf.world[R_KNEE, 0])
    assert m.image[L_KNEE, 2] == pf.image[R_KNEE, 2]
    assert sorted(MIRROR_INDEX.tolist()) == list(range(33))


def test_fake_model_is_biased_but_symmetrised_estimate_is_flip_equivariant() -> None:
    frames = _frames([20, 22, 25, 27, 30, 28, 24])
    mirrored = _mirror_frames(frames)
    raw, raw_m = BiasedFake([]), BiasedFake([])
    bias = [
        unmirror(raw_m.estimate(m)).image[:, 0] - raw.estimate(f).image[:, 0]
        for f, m in zip(frames, mirrored, strict=True)
    ]
    assert np.abs(np.array(bias)).max() > 5.0 / W  # the fake really is not mirror-equivariant

    sym, est = _run(frames)
    sym_m, est_m = _run(mirrored)
    assert (est.both_frames, est.single_frames) == (len(frames), 0)
    for a, b in zip(sym, sym_m, strict=True):
        assert a is not None and b is not None
        ub = unmirror(b)
        assert np.allclose(a.image, ub.image, atol=1e-12)
        assert np.allclose(a.world, ub.world, atol=1e-12)
    # the left knee's extra 5 px cancels against the mirror pass's right-knee answer
    a = sym[0]
    assert a is not None
    assert a.image[L_KNEE, 2] == pytest.approx(a.image[R_KNEE, 2])


def test_combine_is_order_free_and_averages_visibility() -> None:
    rng = np.random.default_rng(1)
    a = PoseFrame(image=rng.random((33, 3)), world=rng.normal(size=(33, 3)))
    b = PoseFrame(image=rng.random((33, 3)), world=rng.normal(size=(33, 3)))
    ab, ba = combine(a, b), combine(b, a)
    assert ab is not None and ba is not None
    assert np.allclose(ab.image, ba.image) and np.allclose(ab.world, ba.world)
    assert np.allclose(ab.image[:, 2], (a.image[:, 2] + b.image[:, 2]) / 2)
    same_vis = PoseFrame(image=np.column_stack([b.image[:, :2], a.image[:, 2]]), world=b.world)
    plain = combine(a, same_vis)
    assert plain is not None
    assert np.allclose(plain.image[:, :2], (a.image[:, :2] + b.image[:, :2]) / 2)  # equal visibility: mean
    assert combine(None, None) is None


def test_one_pass_only_keeps_the_person_but_gates_its_landmarks() -> None:
    # blob in the left quarter: the direct pass finds nobody, the mirrored pass does
    frames = _frames([3])
    (pf,), est = _run(frames)
    assert (est.both_frames, est.single_frames) == (0, 1)
    assert pf is not None and (pf.image[:, 2] < 0.5).all()
    (pf_m,), _ = _run(_mirror_frames(frames))
    assert pf_m is not None
    assert np.allclose(unmirror(pf_m).image, pf.image)  # still equivariant


def test_both_instances_are_closed_even_if_the_second_cannot_start() -> None:
    log: list[str] = []
    SymmetrisedEstimator(lambda: BiasedFake(log)).close()
    assert log == ["closed", "closed"]

    made: list[str] = []

    def flaky() -> BiasedFake:
        if made:
            raise RuntimeError("no second model")
        made.append("x")
        return BiasedFake(log)

    with pytest.raises(RuntimeError):
        SymmetrisedEstimator(flaky)
    assert log == ["closed", "closed", "closed"]


class _Nobody:
    def estimate(self, rgb: np.ndarray) -> None:
        return None

    def person_mask(self, rgb: np.ndarray) -> np.ndarray:
        return np.zeros(rgb.shape[:2], bool)

    def close(self) -> None:
        pass


@pytest.mark.parametrize("symmetrise", [True, False])
def test_engine_symmetrises_by_default_and_can_be_switched_off(tmp_path: Path, symmetrise: bool) -> None:
    clip = tmp_path / "grey.avi"
    wr = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"MJPG"), 30, (320, 240))
    for _ in range(60):
        wr.write(np.full((240, 320, 3), 128, np.uint8))
    wr.release()
    made: list[int] = []

    def factory() -> _Nobody:
        made.append(1)
        return _Nobody()

    kw = {} if symmetrise else {"symmetrise": False}
    out = engine.run(
        clip,
        test="plie",
        mirrored=False,
        progress=None,
        estimator_factory=factory,
        segmenter_factory=_Nobody,
        **kw,
    )
    assert out.result["reason"] == "no_person"
    # + 2 single-pass instances: with nobody found, the engine looks for two people side by side
    assert len(made) == (2 if symmetrise else 1) + 2
    single_note = any("flip symmetrisation off" in n for n in out.result["quality"]["notes"])
    assert single_note is not symmetrise


class _TwoPeople:
    """Always reports the person in the image's left half: on the mirrored stream that is the
    other person of a clip that shows the dancer beside her mirror image."""

    def estimate(self, rgb: np.ndarray) -> PoseFrame:
        j = np.arange(33)
        x = 0.2 + 0.05 * np.where(j % 2 == 1, 1.0, -1.0)
        y = 0.2 + j / 50
        return PoseFrame(image=np.stack([x, y, np.full(33, 0.9)], axis=1), world=np.zeros((33, 3)))

    def close(self) -> None:
        pass


def test_passes_on_two_different_people_are_never_averaged_into_a_ghost() -> None:
    est = SymmetrisedEstimator(_TwoPeople)
    out = [est.estimate(f) for f in _frames([20, 24, 28])]
    assert est.mismatch_frames == 3 and est.both_frames == 0
    for pf in out:
        assert pf is not None and (pf.image[:, 2] == 0).all()  # a person here, nothing measurable


def test_people_outside_an_empty_skeleton_box_count_as_someone_else() -> None:
    """1.1 read "no person pixels where the skeleton is" as "nobody else in the picture"."""
    from workers.pose import outside_blob_ratio

    mask = np.zeros((100, 200), bool)
    mask[20:80, 150:180] = True  # a person, but not where the (ghost) skeleton is
    assert outside_blob_ratio(mask, (40.0, 20.0, 60.0, 80.0)) == float("inf")
    assert outside_blob_ratio(np.zeros((100, 200), bool), (40.0, 20.0, 60.0, 80.0)) == 0.0
