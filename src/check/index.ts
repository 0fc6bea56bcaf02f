// The checker's public surface: the per-file entry point, the results each
// declaration kind produces (read by the summary and the IR lowering), and the
// position queries the language server uses.

export { checkFile } from './check.js';
export { checkState, type CheckState } from './context.js';
export { checkModel, type ModelResult } from './models.js';
export { checkData, type DataResult, type FeatureResult } from './data.js';
export { checkSchedule, type ScheduleResult } from './schedules.js';
export { checkDistill, type DistillResult } from './distill.js';
export { checkExperiment, type ExperimentResult, type StepResult } from './experiments.js';
export { typeAt, entryAt, modelAt, type CheckInfo, type StageInfo, type CallInfo } from './info.js';
export { totalParams, totalFlops, type ModelGraph, type GraphNode } from './graph.js';
