from backend.domain.distribution import buckets


def test_every_value_lands_in_one_bucket_and_an_edge_starts_the_next():
    counted = buckets([0, 59.9, 60, 61, 5000], (60, 120))
    assert counted == [{"from": 0, "to": 60, "count": 2}, {"from": 60, "to": 120, "count": 2},
                       {"from": 120, "to": None, "count": 1}]


def test_no_values_give_empty_buckets():
    assert [b["count"] for b in buckets([], (60, 120))] == [0, 0, 0]
