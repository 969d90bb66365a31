"""The right of reply: a reply marked ``corrected`` must be backed by an overrides.csv row
(the correction that changed the vote), and a reply must name something scored."""

from __future__ import annotations

from collections.abc import Iterator

from .findings import Finding, row_refs
from .scope import Scope


def replies_backed(scope: Scope) -> Iterator[Finding]:
    ds = scope.dataset
    replies = ds.replies
    if replies.empty:
        return
    overridden = set(zip(ds.overrides["rollcall_id"], ds.overrides["legislator_id"],
                         strict=True))
    rc = ds.rollcalls.merge(ds.bills[["bill_id", "number"]], on="bill_id", how="left")
    number_of = dict(zip(rc["rollcall_id"], rc["number"].fillna(""), strict=True))
    overridden_bills = {(number_of.get(r, ""), lid) for r, lid in overridden}
    numbers = {n for pe in scope.platform.bill_entries() for n in pe.entry.numbers}
    for i, r in enumerate(replies.itertuples(index=False), start=2):
        lid, rid, bill = str(r.legislator_id), str(r.rollcall_id), str(r.bill)
        refs = row_refs("replies.csv", [i])
        what = f"roll call {rid}" if rid else f"bill {bill}"
        if not rid and not bill:
            yield Finding("error", "reply-names-nothing",
                          f"replies.csv: the reply of {lid} names neither a roll call nor a "
                          "bill; fill in rollcall_id or bill.", refs, legislator_id=lid)
            continue
        if r.decision == "corrected":
            backed = (rid, lid) in overridden if rid else (bill, lid) in overridden_bills
            if not backed:
                yield Finding(
                    "error", "correction-without-override",
                    f"replies.csv marks the reply of {scope.name(lid)} ({lid}) on {what} "
                    "'corrected', but overrides.csv has no row for them on "
                    + ("it" if rid else "a roll call of that bill")
                    + ": record the correction there (with a note), or mark the reply "
                    "'noted'.", refs, rid, lid)
        if rid and rid not in scope.scored:
            yield Finding("warning", "reply-not-scored",
                          f"replies.csv: the reply of {lid} concerns {rid}, which the "
                          "platform does not score, so no page shows it.", refs, rid, lid)
        if not rid and bill not in numbers:
            yield Finding("warning", "reply-not-scored",
                          f"replies.csv: the reply of {lid} concerns bill {bill}, which is "
                          "not a platform bill, so no page shows it.", refs, legislator_id=lid)
