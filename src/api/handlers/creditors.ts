import type { creditorsContract } from '../contract/creditors.js';
import type { HandlersFor } from './types.js';
import { countCreditors, getCreditor, listCreditors } from '../../services/creditors.js';

export const creditorsHandlers: HandlersFor<typeof creditorsContract> = {
  'creditors.list': (s, a) => listCreditors(s.requireCase().read, a),
  'creditors.count': (s, { filter }) => countCreditors(s.requireCase().read, filter),
  'creditors.get': (s, { ref }) => getCreditor(s.requireCase().read, ref),
};
