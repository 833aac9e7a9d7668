"""Which action may happen to a dossier in which state, and by whom. Pure: no ORM.

The national statuses 1–10 are the DVCQG `TrangThaiHoSo` codes (DOMAIN.md §5.1); the steps of
NĐ 118/2025/NĐ-CP Art. 17–22 and TT 03/2025/TT-VPCP map onto them (DOMAIN.md §3.3):

- reception (Art. 17): an online dossier (1) is received (2), refused (3, Mẫu 03) or sent back
  for completion (5, Mẫu 02 — "guide once, listing everything"); a counter dossier is born
  received;
- processing (Art. 18–20): assign → appraise → approve inside status 4; supplements during
  appraisal pause the clock (5 → back where it was); a financial obligation is status 6;
- extension (NĐ 61/2018 Art. 21 as amended by NĐ 107/2021): apology slip Mẫu 04, once, before
  the deadline — `extend` keeps the status and is checked by `deadlines`;
- withdrawal (TT 03/2025 Art. 7): the citizen asks (7), the desk stops it (8, Mẫu 05);
- result (Art. 22): signing ends processing (9), returning delivers it (10).
"""

from dataclasses import dataclass

from motcua.dossiers.constants import Action, DossierStatus, ProcessingStep

S = DossierStatus
Step = ProcessingStep

# Statuses in which the dossier is still open (the clock runs or is paused).
OPEN_STATUSES = frozenset(
    {
        S.SUBMITTED,
        S.RECEIVED,
        S.PROCESSING,
        S.SUPPLEMENT_REQUESTED,
        S.FINANCIAL_OBLIGATION,
        S.WITHDRAWAL_REQUESTED,
    }
)
# Terminal statuses for processing time (766 spec: end of processing).
FINISHED_STATUSES = frozenset({S.REFUSED, S.STOPPED, S.RESULT_READY, S.RETURNED})
# Where work on the content happens (the handling agency holds the dossier).
WORKING_STATUSES = frozenset({S.RECEIVED, S.PROCESSING, S.FINANCIAL_OBLIGATION})


@dataclass(frozen=True)
class State:
    status: DossierStatus
    step: ProcessingStep = Step.NONE
    # Status to go back to when the citizen returns the supplement (2 or 4), else None.
    resume_status: DossierStatus | None = None


class TransitionNotAllowed(Exception):
    def __init__(self, action: Action, state: State) -> None:
        self.action = action
        self.state = state
        super().__init__(
            f"{action} is not allowed in status {int(state.status)} step {state.step!r}"
        )


@dataclass(frozen=True)
class Rule:
    sources: frozenset[DossierStatus]
    target: DossierStatus | None  # None: the status does not change
    steps: frozenset[ProcessingStep] | None = None  # required current step, None: any
    next_step: ProcessingStep | None = None  # None: keep the step


RULES: dict[Action, Rule] = {
    Action.RECEIVE: Rule(frozenset({S.SUBMITTED}), S.RECEIVED),
    Action.REFUSE: Rule(frozenset({S.SUBMITTED}), S.REFUSED),
    Action.REQUEST_SUPPLEMENT: Rule(
        frozenset({S.SUBMITTED, S.RECEIVED, S.PROCESSING}), S.SUPPLEMENT_REQUESTED
    ),
    # Target is the saved resume status; see `apply`.
    Action.SUPPLEMENT: Rule(frozenset({S.SUPPLEMENT_REQUESTED}), None),
    Action.ASSIGN: Rule(
        frozenset({S.RECEIVED, S.PROCESSING}),
        S.PROCESSING,
        frozenset({Step.NONE, Step.ASSIGNED}),
        Step.ASSIGNED,
    ),
    Action.APPRAISE: Rule(
        frozenset({S.PROCESSING}), S.PROCESSING, frozenset({Step.ASSIGNED}), Step.APPRAISED
    ),
    Action.APPROVE: Rule(
        frozenset({S.PROCESSING}), S.PROCESSING, frozenset({Step.APPRAISED}), Step.APPROVED
    ),
    Action.SIGN: Rule(
        frozenset({S.PROCESSING}), S.RESULT_READY, frozenset({Step.APPROVED}), Step.NONE
    ),
    Action.REQUEST_PAYMENT: Rule(frozenset({S.RECEIVED, S.PROCESSING}), S.FINANCIAL_OBLIGATION),
    Action.CONFIRM_PAYMENT: Rule(frozenset({S.FINANCIAL_OBLIGATION}), S.PROCESSING),
    Action.EXTEND: Rule(
        frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION}), None
    ),
    Action.TRANSFER: Rule(frozenset({S.RECEIVED, S.PROCESSING}), None),
    Action.REQUEST_WITHDRAWAL: Rule(
        frozenset(
            {S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION}
        ),
        S.WITHDRAWAL_REQUESTED,
    ),
    Action.STOP: Rule(frozenset({S.WITHDRAWAL_REQUESTED}), S.STOPPED),
    Action.RETURN_RESULT: Rule(frozenset({S.RESULT_READY}), S.RETURNED),
}

# Who may act. Roles are StaffRole values; "citizen" is the applicant themself.
ACTORS: dict[Action, frozenset[str]] = {
    Action.SUBMIT: frozenset({"citizen"}),
    Action.RECEIVE: frozenset({"receiver"}),
    Action.REFUSE: frozenset({"receiver"}),
    Action.REQUEST_SUPPLEMENT: frozenset({"receiver", "specialist"}),
    Action.SUPPLEMENT: frozenset({"receiver", "citizen"}),
    Action.ASSIGN: frozenset({"leader", "receiver"}),
    Action.APPRAISE: frozenset({"specialist"}),
    Action.APPROVE: frozenset({"leader"}),
    Action.SIGN: frozenset({"signer", "leader"}),
    Action.REQUEST_PAYMENT: frozenset({"specialist", "receiver"}),
    Action.CONFIRM_PAYMENT: frozenset({"receiver", "citizen"}),
    Action.EXTEND: frozenset({"leader"}),
    Action.TRANSFER: frozenset({"receiver", "specialist", "leader"}),
    Action.REQUEST_WITHDRAWAL: frozenset({"citizen", "receiver"}),
    Action.STOP: frozenset({"receiver"}),
    Action.RETURN_RESULT: frozenset({"receiver"}),
}


def apply(state: State, action: Action) -> State:
    """The state after `action`, or TransitionNotAllowed. Submission creates, so it has no rule."""
    rule = RULES.get(action)
    if rule is None or state.status not in rule.sources:
        raise TransitionNotAllowed(action, state)
    if rule.steps is not None and state.step not in rule.steps:
        raise TransitionNotAllowed(action, state)

    if action == Action.REQUEST_SUPPLEMENT:
        return State(S.SUPPLEMENT_REQUESTED, state.step, resume_status=state.status)
    if action == Action.SUPPLEMENT:
        resume = state.resume_status or S.RECEIVED
        # An online dossier sent back at reception comes back to the desk as submitted.
        return State(resume, state.step, resume_status=None)

    status = rule.target if rule.target is not None else state.status
    step = rule.next_step if rule.next_step is not None else state.step
    return State(status, step, state.resume_status)


def allowed_actions(state: State) -> list[Action]:
    """Actions that `apply` accepts in `state`, in the order of `RULES` (for pages and API)."""
    result = []
    for action in RULES:
        try:
            apply(state, action)
        except TransitionNotAllowed:
            continue
        result.append(action)
    return result


def may_act(action: Action, roles: set[str]) -> bool:
    return bool(ACTORS.get(action, frozenset()) & roles)
