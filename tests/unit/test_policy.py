"""The sharing policy, by its properties (hypothesis): what must never be allowed, whatever else."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from hypothesis import given
from hypothesis import strategies as st

from consent.consents import ConsentRecord
from consent.policy import ShareRequest, decide
from consent.vocabulary import Basis, Category, Purpose, Status

CHILD, SCHOOL, OTHER_SCHOOL = uuid4(), uuid4(), uuid4()
TODAY = date(2026, 6, 1)

categories = st.sampled_from(list(Category))
category_sets = st.sets(categories, min_size=1).map(lambda s: sorted(c.value for c in s))
offsets = st.integers(min_value=-400, max_value=400)


def consent(
    *,
    cats: list[str],
    recipient: UUID = SCHOOL,
    status: Status = Status.ACTIVE,
    starts: int = -30,
    ends: int | None = None,
    purpose: Purpose = Purpose.TRANSITION,
) -> ConsentRecord:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return ConsentRecord(
        id=str(uuid4()),
        child_id=str(CHILD),
        given_by="Grace Okafor",
        relationship="mother",
        parental_responsibility=True,
        recipient_id=str(recipient),
        purpose=purpose.value,
        categories=cats,
        valid_from=TODAY + timedelta(days=starts),
        valid_until=None if ends is None else TODAY + timedelta(days=ends),
        evidence=None,
        setting_id=str(uuid4()),
        recorded_by=str(uuid4()),
        recorded_at=at,
        status=status.value,
        withdrawn_by=None,
        withdrawal_reason=None,
        history=[],
    )


def ask(
    category: Category, *, recipient: UUID = SCHOOL, day: int = 0, **kw: object
) -> ShareRequest:
    at = datetime.combine(TODAY + timedelta(days=day), datetime.min.time(), UTC)
    return ShareRequest(
        child_id=CHILD,
        category=category,
        recipient_id=recipient,
        purpose=kw.pop("purpose", Purpose.TRANSITION),
        at=at,
        **kw,
    )  # type: ignore[arg-type]


@given(cats=category_sets, category=categories)
def test_active_consent_allows_exactly_the_categories_given(
    cats: list[str], category: Category
) -> None:
    decision = decide(ask(category), [consent(cats=cats)])
    assert decision.allowed == (category.value in cats)
    if decision.allowed:
        assert decision.basis is Basis.PARENTAL_CONSENT
        assert decision.consent_id is not None
    else:
        assert category.value in decision.reason


@given(
    cats=category_sets,
    category=categories,
    status=st.sampled_from([Status.WITHDRAWN, Status.EXPIRED, Status.SUPERSEDED]),
)
def test_never_allowed_on_a_consent_that_is_no_longer_active(
    cats: list[str], category: Category, status: Status
) -> None:
    assert not decide(ask(category), [consent(cats=cats, status=status)])


@given(cats=category_sets, category=categories, starts=offsets, ends=offsets, day=offsets)
def test_never_allowed_outside_the_period(
    cats: list[str], category: Category, starts: int, ends: int, day: int
) -> None:
    decision = decide(ask(category, day=day), [consent(cats=cats, starts=starts, ends=ends)])
    if day < starts or day > ends:
        assert not decision.allowed


@given(cats=category_sets, category=categories)
def test_consent_for_one_school_is_not_consent_for_another(
    cats: list[str], category: Category
) -> None:
    assert not decide(ask(category, recipient=OTHER_SCHOOL), [consent(cats=cats)])


@given(cats=category_sets, category=categories)
def test_a_withdrawal_wins_over_an_older_consent_only_through_status(
    cats: list[str], category: Category
) -> None:
    # A withdrawn consent and a newer active one: the active one decides.
    records = [consent(cats=cats, status=Status.WITHDRAWN), consent(cats=cats)]
    assert decide(ask(category), records).allowed == (category.value in cats)


@given(
    category=categories,
    is_dsl=st.booleans(),
    justification=st.one_of(st.none(), st.text(max_size=40)),
)
def test_safeguarding_allowed_only_to_a_dsl_with_a_justification(
    category: Category, is_dsl: bool, justification: str | None
) -> None:
    decision = decide(
        ask(
            category, purpose=Purpose.SAFEGUARDING, actor_is_dsl=is_dsl, justification=justification
        ),
        [],
    )
    justified = justification is not None and len(justification.strip()) >= 10
    assert decision.allowed == (is_dsl and justified)
    if decision.allowed:
        assert decision.basis is Basis.SAFEGUARDING


@given(category=categories, progress_check=st.booleans())
def test_providers_of_the_childs_day_share_by_legal_obligation_but_not_the_progress_check(
    category: Category, progress_check: bool
) -> None:
    decision = decide(
        ask(
            category,
            purpose=Purpose.CARE,
            recipient_attends_with_child=True,
            progress_check=progress_check,
        ),
        [],
    )
    assert decision.allowed == (not progress_check)
    if decision.allowed:
        assert decision.basis is Basis.LEGAL_OBLIGATION
    else:
        assert "progress check" in decision.reason


@given(category=categories)
def test_everything_else_is_refused_with_a_reason(category: Category) -> None:
    for request in (ask(category), ask(category, purpose=Purpose.CARE)):
        decision = decide(request, [])
        assert not decision.allowed and decision.basis is None and decision.reason
