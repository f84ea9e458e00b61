/**
 * Ladder versions: the list, the diff between two versions, and the legal
 * sign-off of a version.
 *
 * The diff places every live claim under each version by evaluating that
 * version's rules against the claims as they are now, from scratch: the first
 * matching rule gives the class; a claim no rule matches has the class the
 * import or a person last gave it (or none); a class decided by a reviewer
 * (overridden) or proposed by hand stays in both. This compares what the two
 * versions would do to the same claims, for any pair of versions, whether or
 * not their rules were ever applied.
 */
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type ReadDb, type WriteDb } from '../store/db.js';
import { currentVersion, ensureBaseline, getVersion, listVersions, parseSnapshot, type VersionRow } from '../store/ladder-versions.js';
import { formatDecimal } from '../money/index.js';
import { classChanges } from '../domain/ladder.js';
import { compile } from '../domain/class-rules.js';
import type { VersionDiff, VersionView } from '../api/contract/classes.js';
import { caseFacts, versionView } from './classes.js';
import { firstMatchSql, LIVE, PINNED_SQL } from './classify-sql.js';
import { count } from '../store/util.js';

export function versions(db: ReadDb | WriteDb): VersionView[] {
  const cur = currentVersion(db);
  return listVersions(db).map((v) => versionView(v, cur?.id ?? null));
}

function need(db: ReadDb | WriteDb, id: number): VersionRow {
  const v = getVersion(db, id);
  if (!v) throw new AppError('not_found', `There is no ladder version ${id}; \`recourse classes versions FILE\` lists them`);
  return v;
}

export function diffVersions(db: ReadDb | WriteDb, fromId: number, toId: number, limit = 100): VersionDiff {
  const f = caseFacts(db);
  const cur = currentVersion(db);
  const va = need(db, fromId);
  const vb = need(db, toId);
  const a = parseSnapshot(va.snapshot);
  const b = parseSnapshot(vb.snapshot);

  const ca = new Map(a.classes.map((c) => [c.code, c]));
  const cb = new Map(b.classes.map((c) => [c.code, c]));
  const changed: VersionDiff['classes']['changed'] = [];
  for (const [code, x] of cb) {
    const old = ca.get(code);
    if (!old) continue;
    const ch = classChanges(old, x, f.scale);
    if (ch.length) changed.push({ code, changes: ch });
  }
  const ra = new Map(a.rules.map((r) => [r.id, r]));
  const rb = new Map(b.rules.map((r) => [r.id, r]));
  const ruleChanged = b.rules
    .filter((r) => ra.has(r.id))
    .filter((r) => {
      const o = ra.get(r.id)!;
      return o.name !== r.name || o.classCode !== r.classCode || JSON.stringify(o.when) !== JSON.stringify(r.when);
    })
    .map((r) => r.name);
  const commonA = a.rules.filter((r) => rb.has(r.id)).map((r) => r.id);
  const commonB = b.rules.filter((r) => ra.has(r.id)).map((r) => r.id);

  const sa = firstMatchSql(db, compile(a.rules), 'a');
  const sb = firstMatchSql(db, compile(b.rules), 'b');
  const params: Record<string, unknown> = { ...sa.params, ...sb.params };
  const classOf = (rules: typeof a.rules, k: string, p: string) =>
    rules.length
      ? `coalesce(CASE ${k} ${rules.map((r, i) => ((params[`${p}${i}`] = r.classCode), `WHEN ${i} THEN @${p}${i}`)).join(' ')} END, base)`
      : 'base';
  const moved = `SELECT id, v, ${classOf(a.rules, 'ka', 'ca')} x, ${classOf(b.rules, 'kb', 'cb')} y FROM (
      SELECT c.id id, c.value_minor v, ${sa.expr} ka, ${sb.expr} kb, ${PINNED_SQL} pinned,
        (SELECT h.class_code FROM classifications h WHERE h.claim_id = c.id AND h.proposed_by NOT LIKE 'rule:%' ORDER BY h.id DESC LIMIT 1) base
      FROM claims c ${sa.creditor || sb.creditor ? 'JOIN creditors cr ON cr.id = c.creditor_id' : ''}
      WHERE c.${LIVE}) WHERE pinned = 0`;
  const pairs = db.prepare(`SELECT x, y, count(*) n, sum(v) v FROM (${moved}) WHERE x IS NOT y GROUP BY x, y ORDER BY sum(v) DESC`).all(params) as Array<{
    x: string | null;
    y: string | null;
    n: bigint;
    v: bigint;
  }>;
  const top = db
    .prepare(`SELECT c.ref, m.v, m.x, m.y FROM (${moved}) m JOIN claims c ON c.id = m.id WHERE m.x IS NOT m.y ORDER BY m.v DESC, m.id LIMIT @limit`)
    .all({ ...params, limit }) as Array<{ ref: string; v: bigint; x: string | null; y: string | null }>;
  const amt = (v: bigint) => formatDecimal(v, f.scale);
  return {
    currency: f.currency,
    from: versionView(va, cur?.id ?? null),
    to: versionView(vb, cur?.id ?? null),
    classes: { added: [...cb.keys()].filter((c) => !ca.has(c)), removed: [...ca.keys()].filter((c) => !cb.has(c)), changed },
    rules: {
      added: b.rules.filter((r) => !ra.has(r.id)).map((r) => r.name),
      removed: a.rules.filter((r) => !rb.has(r.id)).map((r) => r.name),
      changed: ruleChanged,
      reordered: commonA.join(',') !== commonB.join(','),
    },
    method:
      "Both versions' rules evaluated from scratch against the claims as they are now: the first matching rule gives the class; a claim no rule matches has the class the import or a person gave it; classes decided by a reviewer or proposed by hand stay.",
    moved: pairs.reduce((t, p) => t + count(p.n), 0),
    movedValue: amt(pairs.reduce((t, p) => t + p.v, 0n)),
    moves: pairs.map((p) => ({ from: p.x, to: p.y, count: count(p.n), value: amt(p.v) })),
    claims: top.map((c) => ({ ref: c.ref, value: amt(c.v), from: c.x, to: c.y })),
  };
}

/**
 * Sign off a ladder version (the current one unless named): a legal reviewer
 * confirms the ladder and rules. Not by the version's author, only once, and
 * only the current version.
 */
export function signOff(db: WriteDb, actor: string, versionId?: number): VersionView {
  return tx(db, () => {
    const cur = ensureBaseline(db);
    if (!cur) throw new AppError('invalid_state', 'There is no class ladder to sign off yet: load a template or set up the ladder first');
    const v = versionId === undefined ? cur : need(db, versionId);
    if (v.id !== cur.id) throw new AppError('invalid_state', `Version ${v.id} is no longer current (version ${cur.id} is); sign off the current version`);
    if (v.signedOffBy) throw new AppError('invalid_state', `Version ${v.id} was already signed off by ${v.signedOffBy} on ${v.signedOffAt?.slice(0, 10)}`);
    if (v.author === actor) throw new AppError('forbidden', `You made version ${v.id}; another person must sign it off`);
    const at = new Date().toISOString();
    db.prepare('UPDATE class_versions SET signed_off_by = ?, signed_off_at = ? WHERE id = ?').run(actor, at, v.id);
    const pending = count(db.prepare("SELECT count(*) FROM claims WHERE class_status = 'proposed'").pluck().get());
    appendAudit(db, { actor, action: 'classes.signoff', entity: 'class_version', entityRef: String(v.id), after: { version: v.id, hash: v.hash, pendingClassifications: pending } });
    return versionView({ ...v, signedOffBy: actor, signedOffAt: at }, cur.id);
  });
}
