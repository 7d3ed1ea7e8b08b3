"""Score geoparse over the dev set annotations; the floors below were measured when written
(first: found 0.89, right governorate 0.86, right id 0.95, 10 wrong ids; after the district aliases,
military sites, camp cue and English frames: found 0.963, right governorate 0.952, right id 0.979, 3 wrong ids,
14 extra mentions, no outside place put in Syria). The run is deterministic; a drop below a floor is a regression to look at."""
from __future__ import annotations

from gazetteer.scoring import score_dev


def test_dev_set_floors(gaz, shared):
    sc = score_dev(gaz, shared)
    f = sc.figures()
    print("dev set:", f)
    assert f["places"] >= 180
    assert f["share_found"] >= 0.95
    assert f["share_right_governorate"] >= 0.94
    assert f["share_right_id"] >= 0.96
    assert f["wrong_ids"] <= 4
    assert f["outside_placed_in_syria"] == 0
    assert f["extra_mentions"] <= 18
