import type { CodeEntry } from '../catalog.js';

export const dataCodes: CodeEntry[] = [];
