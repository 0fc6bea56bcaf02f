// K2500–K2999: type and shape checks made by the checker (src/check/) rather
// than by a catalog entry's own rules (those are K2000–K2499, in types.ts).

import type { CodeEntry } from '../catalog.js';

export const checkCodes: CodeEntry[] = [];
