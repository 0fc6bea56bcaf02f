// The backends a user can ask for. Kept apart from select.ts so that the
// command line can list them without loading tf.js.

export type BackendRequest = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
