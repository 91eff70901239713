import { setting } from '../settings.js';
import { backendRequestFrom, selectBackend, type BackendInfo } from './select.js';

/**
 * The backend the claim properties run on: wasm, the suite's default (its time limits are set for it),
 * unless NORMPROP_BACKEND names another, to check the claims there; every ledger row records the
 * backend that ran. Kernel properties and the wasm known bug are about wasm itself and ignore it.
 */
export async function selectClaimBackend(): Promise<BackendInfo> {
  return selectBackend(setting('NORMPROP_BACKEND') === undefined ? 'wasm' : backendRequestFrom(undefined));
}
