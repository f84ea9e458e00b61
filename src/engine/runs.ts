/**
 * A distribution run (spec §4): entitlements at the new D, what each portion
 * is paid, reserved or withheld, the overpaid and de minimis exclusions, and
 * the exactness identity.
 *
 * Exclusions. A portion that leaves the computation keeps what it was paid
 * (P) and the pool the others share shrinks by that P: off D for an
 * unsecured portion, off the collateral's proceeds for a secured one.
 *  - Overpaid (P > E): the excess P − E is a receivable of the estate. The
 *    portion's E and the excess were both paid out of the pool already, so the
 *    others' entitlements are computed on the pool less P (= less E and less
 *    the receivable). Repeated until no portion is newly overpaid; secured
 *    portions are judged before unsecured ones (see settle). A portion
 *    of a claim that is now disallowed, withdrawn, superseded or duplicate, or
 *    of a class the claim no longer has, has E = 0: all it was paid is a
 *    receivable.
 *  - Final run, de minimis: an allowed claim whose due (Σ over its portions
 *    of E − P) is above 0 but below M is forfeited: it keeps P, the due is
 *    reported as forfeited, and the run is recomputed without it on the pool
 *    less P, until no further claim falls below M.
 *
 * Identity. Let X be the excluded portions and A the others. The computation
 * shares pool − Σ_X P among A: Σ_A E + residue + undistributed. For every
 * portion of A, E = P + paid + reserved + withheld (E ≥ P, overpaid ones being
 * in X). Hence, exactly:
 *   D + Σ proceeds = Σ_all P + paid this run + reserved + withheld + residue + undistributed
 *                  = paidCumulative + reserved + withheld + residue + undistributed.
 * Every term is ≥ 0: a run whose general pool would be negative (earlier runs
 * paid out more than the pool holds for the claims left in it) is refused.
 * Receivables and forfeited dues are informational: a receivable is part of
 * paidCumulative (money already out), a forfeited due was never paid and has
 * gone back to the others through the recomputation.
 */
import { EngineError, type RunInput, type RunResult } from './types.js';
import { prepare, ALLOWED, NIL, ORPHAN, PENDING, SECURED, type Prepared } from './prepare.js';
import {
  computeEntitlements,
  newState,
  FORFEITED,
  OVERPAID,
  TO_PAID,
  TO_RESERVED,
  TO_WITHHELD,
  type Outcome,
  type State,
} from './waterfall.js';
import { RunReport } from './report.js';

function take(prep: Prepared, st: State, s: number): void {
  const p = prep.slotP[s]!;
  if (prep.slotKind[s] === SECURED) {
    const c = prep.claimCollateral[prep.slotClaim[s]!]!;
    st.takenFromCollateral[c] = st.takenFromCollateral[c]! + p;
  } else {
    st.takenFromD += p;
  }
}

/** Compute until no portion is newly overpaid and (final run) no claim newly falls below M. */
export function settle(prep: Prepared): Outcome {
  const st = newState(prep);
  const slots = prep.slotClaim.length;
  const excluded = new Uint8Array(slots);
  const { slotP, claimKind, slotClaim, slotKind, claimStart } = prep;
  const exclude = (s: number, why: number): void => {
    st.active[s] = 0;
    excluded[s] = why;
    st.frozenE.set(s, st.E[s]!);
    if (st.interestE) st.frozenInterest.set(s, st.interestE[s]!);
    take(prep, st, s);
  };
  // Portions that cannot be entitled to anything leave at once; what they were paid is a receivable.
  for (let s = 0; s < slots; s++) if (claimKind[slotClaim[s]!] === NIL || slotKind[s] === ORPHAN) st.active[s] = 0;
  const { paidSlots } = prep;
  for (let j = 0; j < paidSlots.length; j++) {
    const s = paidSlots[j]!;
    if (!st.active[s] && !excluded[s]) exclude(s, OVERPAID);
  }
  const M = prep.input.deMinimis ?? 0n;
  let iterations = 0;
  for (;;) {
    computeEntitlements(prep, st);
    iterations++;
    let changed = false;
    // Secured portions first: taking an overpaid secured portion's P off its collateral lowers the
    // secured entitlements of the other liens on it, which raises their deficiency portions. A
    // deficiency portion that looks overpaid in the same pass may not be once that is done, so
    // unsecured portions are judged only in a pass where no secured portion newly left.
    for (let j = 0; j < paidSlots.length; j++) {
      const s = paidSlots[j]!;
      if (st.active[s] && slotKind[s] === SECURED && slotP[s]! > st.E[s]!) {
        exclude(s, OVERPAID);
        changed = true;
      }
    }
    if (!changed) {
      for (let j = 0; j < paidSlots.length; j++) {
        const s = paidSlots[j]!;
        if (st.active[s] && slotP[s]! > st.E[s]!) {
          exclude(s, OVERPAID);
          changed = true;
        }
      }
    }
    if (!changed && prep.input.final && M > 0n) {
      for (let i = 0; i < prep.claims.length; i++) {
        if (claimKind[i] !== ALLOWED) continue;
        const due = claimDue(prep, st, i);
        if (due > 0n && due < M) {
          for (let s = claimStart[i]!; s < claimStart[i + 1]!; s++) if (st.active[s]) exclude(s, FORFEITED);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  if (st.undistributed < 0n) {
    // Only reachable when earlier runs paid out more than the pool now holds for the claims left in it
    // (Σ P beyond D plus proceeds, or collateral surplus paid to claims that are now overpaid after an
    // upward amendment elsewhere). Paying on would hand out cash that is not there.
    throw new EngineError(
      `The pool is overdrawn by ${-st.undistributed} minor units: earlier runs paid out more than it holds. ` +
        'Recover the receivables (releasing them adds to D) or correct the claims before running.',
    );
  }
  return { prep, st, excluded, iterations, dest: assign(prep, st, M) };
}

function claimDue(prep: Prepared, st: State, i: number): bigint {
  let due = 0n;
  for (let s = prep.claimStart[i]!; s < prep.claimStart[i + 1]!; s++) {
    if (st.active[s]) due += st.E[s]! - prep.slotP[s]!;
  }
  return due;
}

/** Where each active portion's E − P goes (spec §4): paid, reserved (pending) or withheld (interim de minimis, KYC). */
function assign(prep: Prepared, st: State, M: bigint): Uint8Array {
  const dest = new Uint8Array(prep.slotClaim.length);
  const kyc = prep.input.withholdUnverifiedKyc === true;
  for (let i = 0; i < prep.claims.length; i++) {
    const kind = prep.claimKind[i];
    if (kind === NIL) continue;
    let to = TO_PAID;
    if (kind === PENDING) to = TO_RESERVED;
    else if (!prep.input.final && M > 0n) {
      const due = claimDue(prep, st, i);
      if (due > 0n && due < M) to = TO_WITHHELD;
    }
    if (to === TO_PAID && kyc && prep.claims[i]!.kycVerified === false) to = TO_WITHHELD;
    for (let s = prep.claimStart[i]!; s < prep.claimStart[i + 1]!; s++) if (st.active[s]) dest[s] = to;
  }
  return dest;
}
/** Run a distribution (spec §3–§6): pure, deterministic, exact. */
export function computeRun(input: RunInput): RunResult {
  const outcome = settle(prepare(input));
  const result = new RunReport(outcome);
  const gap = identityGap(result);
  if (gap !== 0n) throw new EngineError(`Internal error: the identity is off by ${gap} minor units`);
  return result;
}

/** The exactness identity of a run's totals: pool − (paid in all runs + reserved + withheld + residue + undistributed); 0 when it holds. */
export function identityGap(result: RunResult): bigint {
  const t = result.totals;
  return t.cumulative - (t.paidCumulative + t.reserved + t.withheld + t.residue + t.undistributed);
}

/** What each portion was paid in this run, as paid-before records for the next run (once this run is finalized). */
export function paidAfter(result: RunResult): { claimRef: string; classCode: string; amount: bigint }[] {
  const out: { claimRef: string; classCode: string; amount: bigint }[] = [];
  for (let i = 0; i < result.claimCount; i++) {
    const c = result.claimAt(i);
    for (const p of c.portions) {
      const amount = p.paidBefore + p.paid;
      if (amount > 0n) out.push({ claimRef: c.ref, classCode: p.classCode, amount });
    }
  }
  return out;
}
