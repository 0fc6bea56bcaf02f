import type { CodeEntry } from '../catalog.js';

export const trainingCodes: CodeEntry[] = [];
