import { resolve, sep } from 'node:path';
import { rmSync } from 'node:fs';
import type { claimsContract } from '../contract/claims.js';
import type { HandlersFor } from './types.js';
import type { Session } from '../session.js';
import { AppError } from '../../errors.js';
import { assetScales } from '../../store/util.js';
import { countClaims, listClaims } from '../../services/claims-query.js';
import { claimOptions, getClaim } from '../../services/claims-detail.js';
import { bulkStatus, updateClaim } from '../../services/claims-lifecycle.js';
import { reviewDuplicate } from '../../services/claims-duplicates.js';
import { attachDocument, saveDocument } from '../../services/claims-documents.js';

function writable(s: Session) {
  const c = s.requireCase();
  if (c.readOnly) throw new AppError('forbidden', 'The case is open read-only; open it for writing to change claims');
  return c;
}

export const claimsHandlers: HandlersFor<typeof claimsContract> = {
  'claims.options': (s) => claimOptions(s.requireCase().read),
  'claims.list': (s, a) => listClaims(s.requireCase().read, a),
  'claims.count': (s, { filter }) => countClaims(s.requireCase().read, filter),
  'claims.get': (s, { ref }) => getClaim(s.requireCase().read, ref),
  'claims.update': (s, a) => {
    const c = writable(s);
    updateClaim(c.db, s.user, a);
    return getClaim(c.read, a.ref);
  },
  'claims.bulkStatus': (s, a) => bulkStatus(writable(s).db, s.user, a),
  'claims.reviewDuplicate': (s, a) => {
    const c = writable(s);
    reviewDuplicate(c.db, s.user, a, assetScales(c.read));
    return getClaim(c.read, a.ref);
  },
  'claims.attach': (s, a) => {
    const c = writable(s);
    const doc = attachDocument(c.db, s.user, a);
    // a browser upload has served its purpose once stored in the case
    const uploads = resolve(s.dataDir, 'uploads') + sep;
    if (resolve(a.path).startsWith(uploads)) rmSync(resolve(a.path), { force: true });
    return doc;
  },
  'claims.saveDocument': (s, a) => saveDocument(s.requireCase().read, s.dataDir, a),
};
