import type { estateContract } from '../contract/estate.js';
import type { HandlersFor } from './types.js';
import type { Session } from '../session.js';
import { AppError } from '../../errors.js';
import { taskModule } from '../../jobs/runner.js';
import { addAsset, estateLedger, setStatus, updateAsset, writeOff } from '../../services/estate.js';
import { realize, voidRealization } from '../../services/estate-realize.js';
import { addValuation, removeValuation } from '../../services/estate-valuation.js';
import { removeSecured, returnSegregated, segregate, setSecured } from '../../services/estate-encumbrance.js';
import { addExpense, addHoldback, releaseHoldback, voidExpense } from '../../services/estate-cash.js';
import { addDocument, getDocument } from '../../services/estate-docs.js';
import { assetDetail, estateSummary, expensesView, holdbacksView, ledgerRow, listAssetsView } from '../../services/estate-view.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The open case, for a change: refused when it is open read-only. */
function writable(s: Session) {
  const c = s.requireCase();
  if (c.readOnly) throw new AppError('forbidden', 'The case is open read-only; open it for writing to change the estate');
  return c;
}

export const estateHandlers: HandlersFor<typeof estateContract> = {
  'estate.summary': (s) => estateSummary(s.requireCase().read),
  'estate.ledger': (s) => estateLedger(s.requireCase().read).map(ledgerRow),
  'estate.assets': (s, f) => listAssetsView(s.requireCase().read, f),
  'estate.asset': (s, { ref }) => assetDetail(s.requireCase().read, ref),
  'estate.asset.add': (s, a) => {
    const c = writable(s);
    return assetDetail(c.read, addAsset(c.db, s.user, a).ref);
  },
  'estate.asset.update': (s, a) => {
    const c = writable(s);
    return assetDetail(c.read, updateAsset(c.db, s.user, a).ref);
  },
  'estate.asset.status': (s, { ref, status, reason }) => {
    const c = writable(s);
    setStatus(c.db, s.user, ref, status, reason);
    return assetDetail(c.read, ref);
  },
  'estate.asset.writeOff': (s, { ref, quantity, reason }) => {
    const c = writable(s);
    writeOff(c.db, s.user, ref, quantity, reason);
    return assetDetail(c.read, ref);
  },
  'estate.asset.realize': (s, a) => {
    const c = writable(s);
    realize(c.db, s.user, a);
    return assetDetail(c.read, a.ref);
  },
  'estate.realization.void': (s, { id, reason }) => {
    const c = writable(s);
    voidRealization(c.db, s.user, id, reason);
    const ref = c.read.prepare('SELECT e.ref FROM estate_realizations r JOIN estate_assets e ON e.id = r.asset_id WHERE r.id = ?').pluck().get(id) as string;
    return assetDetail(c.read, ref);
  },
  'estate.valuation.add': (s, a) => {
    const c = writable(s);
    addValuation(c.db, s.user, a);
    return assetDetail(c.read, a.ref);
  },
  'estate.valuation.remove': (s, { id, reason }) => {
    removeValuation(writable(s).db, s.user, id, reason);
    return null;
  },
  'estate.secured.set': (s, { ref, claimRef, lien, reason }) => {
    const c = writable(s);
    setSecured(c.db, s.user, ref, claimRef, lien, reason);
    return assetDetail(c.read, ref);
  },
  'estate.secured.remove': (s, { claimRef, reason }) => {
    removeSecured(writable(s).db, s.user, claimRef, reason);
    return null;
  },
  'estate.segregated.add': (s, { ref, creditorRef, quantity, notes, reason }) => {
    const c = writable(s);
    segregate(c.db, s.user, ref, creditorRef, quantity, notes, reason);
    return assetDetail(c.read, ref);
  },
  'estate.segregated.return': (s, { id, date, reference, reason }) => {
    returnSegregated(writable(s).db, s.user, id, date, reference, reason);
    return null;
  },
  'estate.document.add': (s, { ref, name, contentBase64 }) => {
    const c = writable(s);
    if (!BASE64.test(contentBase64)) throw new AppError('invalid_args', 'The document content is not base64');
    addDocument(c.db, s.user, ref, name, Buffer.from(contentBase64, 'base64'));
    return assetDetail(c.read, ref);
  },
  'estate.document.get': (s, { id }) => {
    const d = getDocument(s.requireCase().read, id);
    return { id: d.id, name: d.name, size: d.size, sha256: d.sha256, contentBase64: d.content.toString('base64') };
  },
  'estate.expenses': (s) => expensesView(s.requireCase().read),
  'estate.expense.add': (s, e) => ({ id: addExpense(writable(s).db, s.user, e) }),
  'estate.expense.void': (s, { id, reason }) => {
    voidExpense(writable(s).db, s.user, id, reason);
    return null;
  },
  'estate.holdbacks': (s) => holdbacksView(s.requireCase().read),
  'estate.holdback.add': (s, { currency, amount, reason }) => ({ id: addHoldback(writable(s).db, s.user, currency, amount, reason) }),
  'estate.holdback.release': (s, { id, reason }) => {
    releaseHoldback(writable(s).db, s.user, id, reason);
    return null;
  },
  'estate.import': (s, { path }) => {
    const c = writable(s);
    return s.jobs.start('estate.import', taskModule('services/estate-import'), 'importAssetsTask', { casePath: c.path, path, actor: s.user });
  },
};
