"""Transition table of the dossier workflow (NĐ 118/2025/NĐ-CP, TT 03/2025/TT-VPCP; DOMAIN.md §3.3)."""

import pytest

from motcua.dossiers.constants import Action
from motcua.dossiers.constants import DossierStatus as S
from motcua.dossiers.constants import ProcessingStep as Step
from motcua.dossiers.workflow import (
    RULES,
    State,
    TransitionNotAllowed,
    allowed_actions,
    apply,
    may_act,
)

ALLOWED = [
    # (id, state, action, expected)
    ("online dossier received at the desk", State(S.SUBMITTED), Action.RECEIVE, State(S.RECEIVED)),
    ("online dossier refused, Mẫu 03", State(S.SUBMITTED), Action.REFUSE, State(S.REFUSED)),
    (
        "online dossier sent back for completion, Mẫu 02",
        State(S.SUBMITTED),
        Action.REQUEST_SUPPLEMENT,
        State(S.SUPPLEMENT_REQUESTED, resume_status=S.SUBMITTED),
    ),
    (
        "completed online dossier returns to the desk",
        State(S.SUPPLEMENT_REQUESTED, resume_status=S.SUBMITTED),
        Action.SUPPLEMENT,
        State(S.SUBMITTED),
    ),
    (
        "received dossier assigned to a specialist",
        State(S.RECEIVED),
        Action.ASSIGN,
        State(S.PROCESSING, Step.ASSIGNED),
    ),
    (
        "re-assignment keeps processing",
        State(S.PROCESSING, Step.ASSIGNED),
        Action.ASSIGN,
        State(S.PROCESSING, Step.ASSIGNED),
    ),
    (
        "appraisal after assignment",
        State(S.PROCESSING, Step.ASSIGNED),
        Action.APPRAISE,
        State(S.PROCESSING, Step.APPRAISED),
    ),
    (
        "approval after appraisal",
        State(S.PROCESSING, Step.APPRAISED),
        Action.APPROVE,
        State(S.PROCESSING, Step.APPROVED),
    ),
    (
        "signing ends processing: status 9",
        State(S.PROCESSING, Step.APPROVED),
        Action.SIGN,
        State(S.RESULT_READY),
    ),
    ("result returned: status 10", State(S.RESULT_READY), Action.RETURN_RESULT, State(S.RETURNED)),
    (
        "supplement during appraisal pauses, remembers where",
        State(S.PROCESSING, Step.ASSIGNED),
        Action.REQUEST_SUPPLEMENT,
        State(S.SUPPLEMENT_REQUESTED, Step.ASSIGNED, resume_status=S.PROCESSING),
    ),
    (
        "supplement returned resumes processing at the same step",
        State(S.SUPPLEMENT_REQUESTED, Step.ASSIGNED, resume_status=S.PROCESSING),
        Action.SUPPLEMENT,
        State(S.PROCESSING, Step.ASSIGNED),
    ),
    (
        "financial obligation: status 6",
        State(S.PROCESSING, Step.APPRAISED),
        Action.REQUEST_PAYMENT,
        State(S.FINANCIAL_OBLIGATION, Step.APPRAISED),
    ),
    (
        "payment confirmed returns to processing",
        State(S.FINANCIAL_OBLIGATION, Step.APPRAISED),
        Action.CONFIRM_PAYMENT,
        State(S.PROCESSING, Step.APPRAISED),
    ),
    (
        "extension keeps the status",
        State(S.PROCESSING, Step.ASSIGNED),
        Action.EXTEND,
        State(S.PROCESSING, Step.ASSIGNED),
    ),
    ("transfer keeps the status", State(S.RECEIVED), Action.TRANSFER, State(S.RECEIVED)),
    (
        "citizen asks to withdraw: status 7",
        State(S.PROCESSING, Step.ASSIGNED),
        Action.REQUEST_WITHDRAWAL,
        State(S.WITHDRAWAL_REQUESTED, Step.ASSIGNED),
    ),
    (
        "desk stops a withdrawn dossier, Mẫu 05: status 8",
        State(S.WITHDRAWAL_REQUESTED),
        Action.STOP,
        State(S.STOPPED),
    ),
]


@pytest.mark.parametrize(
    ("state", "action", "expected"), [c[1:] for c in ALLOWED], ids=[c[0] for c in ALLOWED]
)
def test_allowed_transition(state, action, expected):
    assert apply(state, action) == expected


FORBIDDEN = [
    ("cannot sign before approval", State(S.PROCESSING, Step.APPRAISED), Action.SIGN),
    ("cannot approve before appraisal", State(S.PROCESSING, Step.ASSIGNED), Action.APPROVE),
    ("cannot appraise unassigned", State(S.RECEIVED), Action.APPRAISE),
    ("received dossier is not refused (refusal is at reception)", State(S.RECEIVED), Action.REFUSE),
    ("refused dossier is final", State(S.REFUSED), Action.RECEIVE),
    ("stopped dossier is final", State(S.STOPPED), Action.ASSIGN),
    ("returned dossier is final", State(S.RETURNED), Action.RETURN_RESULT),
    (
        "result not returned before it is ready",
        State(S.PROCESSING, Step.APPROVED),
        Action.RETURN_RESULT,
    ),
    ("no extension once the result is ready", State(S.RESULT_READY), Action.EXTEND),
    (
        "stop needs the citizen's withdrawal request first",
        State(S.PROCESSING, Step.ASSIGNED),
        Action.STOP,
    ),
    ("no withdrawal after the result is ready", State(S.RESULT_READY), Action.REQUEST_WITHDRAWAL),
    (
        "no supplement request while one is pending",
        State(S.SUPPLEMENT_REQUESTED, resume_status=S.RECEIVED),
        Action.REQUEST_SUPPLEMENT,
    ),
    (
        "no transfer while waiting for the citizen",
        State(S.SUPPLEMENT_REQUESTED, resume_status=S.RECEIVED),
        Action.TRANSFER,
    ),
    ("submission is creation, not a transition", State(S.SUBMITTED), Action.SUBMIT),
]


@pytest.mark.parametrize(
    ("state", "action"), [c[1:] for c in FORBIDDEN], ids=[c[0] for c in FORBIDDEN]
)
def test_forbidden_transition(state, action):
    with pytest.raises(TransitionNotAllowed):
        apply(state, action)


def test_allowed_actions_of_a_fresh_online_dossier():
    assert allowed_actions(State(S.SUBMITTED)) == [
        Action.RECEIVE,
        Action.REFUSE,
        Action.REQUEST_SUPPLEMENT,
        Action.REQUEST_WITHDRAWAL,
    ]


def test_terminal_statuses_allow_nothing():
    for status in (S.REFUSED, S.STOPPED, S.RETURNED):
        assert allowed_actions(State(status)) == []


def test_every_rule_has_actors():
    for action in RULES:
        assert may_act(action, {"receiver", "specialist", "leader", "signer", "citizen"})


@pytest.mark.parametrize(
    ("action", "roles", "expected"),
    [
        (Action.SIGN, {"signer"}, True),
        (Action.SIGN, {"specialist"}, False),
        (Action.APPROVE, {"leader"}, True),
        (Action.APPROVE, {"receiver"}, False),
        (Action.RECEIVE, {"receiver"}, True),
        (Action.RECEIVE, {"monitor"}, False),
        (Action.EXTEND, {"specialist"}, False),
    ],
)
def test_role_guard(action, roles, expected):
    assert may_act(action, roles) is expected
