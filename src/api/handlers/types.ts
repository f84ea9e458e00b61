import type { Session } from '../session.js';
import type { Contract, ArgsOf, ResultOf, ApiName } from '../contract/index.js';

export type Handler<K extends ApiName> = (session: Session, args: ArgsOf<K>) => ResultOf<K> | Promise<ResultOf<K>>;

/** Handlers for a subset of the contract (one area). */
export type HandlersFor<C extends Partial<Contract>> = { [K in keyof C & ApiName]: Handler<K> };

/** The complete handler map: one handler per contract name, no more, no less. */
export type Handlers = { [K in ApiName]: Handler<K> };
